"""The crawl's own downloader middlewares, unit by unit (the crawls of tests/faults exercise them end to end)."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares import META_REFRESH_HEAD_BYTES, MetaRefreshMiddleware

FILLER = "<p>Ha Long Bay welcomed nearly six million visitors in the first six months.</p>\n" * 400
PAGES = {
    "redirect": f'<html><head><meta http-equiv="refresh" content="0; url=/moved.html"></head><body>{FILLER}</body>',
    "slow refresh": f'<html><head><meta http-equiv="refresh" content="1800"></head><body>{FILLER}</body>',
    "no refresh": f"<html><head><title>Tin</title></head><body>{FILLER}</body>",
    "small page": '<html><head><meta http-equiv="refresh" content="0; url=/moved.html"></head></html>',
    "refresh past the head": f'<html><body>{FILLER}<meta http-equiv="refresh" content="0; url=/late.html"></body>',
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_meta_refresh_on_the_head_answers_as_scrapy_on_the_whole_page(name):
    crawler = get_crawler(settings_dict={})
    ours, stock = (cls.from_crawler(crawler) for cls in (MetaRefreshMiddleware, ScrapyMetaRefreshMiddleware))
    request = Request("https://baoquangninh.vn/tin-3301245.html")
    body = PAGES[name].encode("utf-8")
    response = HtmlResponse(request.url, body=body, headers={"Content-Type": "text/html; charset=utf-8"},
                            request=request)
    expected = stock.process_response(request, response.replace())
    got = ours.process_response(request, response)
    if isinstance(expected, Request):
        assert isinstance(got, Request) and got.url == expected.url and got.meta == expected.meta
    else:
        assert got is response
    assert isinstance(expected, Request) == (name in ("redirect", "small page"))
    assert name == "small page" or len(body) > META_REFRESH_HEAD_BYTES
