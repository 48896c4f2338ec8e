"""Registry loading and validation: broken entries fail with the entry and field named."""

import pytest

from crawler.registry import DEFAULT_ARTICLE_PATTERN, RegistryError, adhoc_site, load_registry, parse_registry
from tests.conftest import ROOT, SAMPLES

GOOD = """
[platforms.onecms]
drop = [".c-box"]

[sites.baonghean]
name = "Báo Nghệ An"
province = "Nghệ An"
languages = ["vi", "en"]
platform = "onecms"
domains = ["baonghean.vn"]
start_urls = ["https://baonghean.vn/thoi-su/"]
sitemaps = ["https://baonghean.vn/sitemap.xml"]
feeds = ["https://baonghean.vn/rss/home.rss"]
article_pattern = '-\\d{8}\\.html$'
hints = {drop = [".js-source-copy"]}
"""


def test_valid_registry_is_loaded_with_platform_hints_merged():
    site = parse_registry(GOOD)["baonghean"]
    assert site.name == "Báo Nghệ An" and site.domains == ("baonghean.vn",)
    assert site.hints == {"drop": [".c-box", ".js-source-copy"]}
    assert site.is_article_url("https://baonghean.vn/en/some-story-12345678.html")
    assert not site.is_article_url("https://baonghean.vn/thoi-su/")
    assert not site.is_article_url("https://example.com/en/some-story-12345678.html")


@pytest.mark.parametrize("broken, field", [
    (GOOD.replace('name = "Báo Nghệ An"\n', ""), "name"),
    (GOOD.replace('domains = ["baonghean.vn"]', "domains = []"), "domains"),
    (GOOD.replace('domains = ["baonghean.vn"]', 'domains = "baonghean.vn"'), "domains"),
    (GOOD.replace("'-\\d{8}\\.html$'", "'-(\\d{8}\\.html$'"), "article_pattern"),
    (GOOD.replace('"https://baonghean.vn/rss/home.rss"', '"https://other.vn/rss"'), "feeds"),
    (GOOD.replace('"https://baonghean.vn/thoi-su/"', '"ftp://baonghean.vn/x"'), "start_urls"),
    (GOOD.replace('province = ', 'provnice = '), "provnice"),
    (GOOD.replace("hints = {drop", "hints = {remove"), "hints"),
])
def test_broken_entry_names_site_and_field(broken, field):
    with pytest.raises(RegistryError) as error:
        parse_registry(broken)
    assert "'baonghean'" in str(error.value) and f"'{field}'" in str(error.value)


def test_invalid_toml_and_empty_registry_are_clear_errors(tmp_path):
    with pytest.raises(RegistryError, match="not valid TOML"):
        parse_registry("[sites.x\nname=1")
    with pytest.raises(RegistryError, match="no \\[sites"):
        parse_registry("[platforms.onecms]\ndrop = []")
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry(tmp_path / "missing.toml")


def test_bundled_registries_are_valid():
    assert len(load_registry(ROOT / "crawler" / "sites.toml")) >= 3
    assert len(load_registry(SAMPLES / "sites.toml")) >= 3


def test_adhoc_site_uses_the_generic_article_pattern():
    site = adhoc_site("https://www.example.vn/sitemap.xml")
    assert site.key == "example.vn" and site.article_pattern == DEFAULT_ARTICLE_PATTERN
    assert site.is_article_url("https://www.example.vn/tin-tuc/nghe-an-don-bang-khen-123456.html")
    assert not site.is_article_url("https://www.example.vn/tin-tuc/")
    with pytest.raises(RegistryError):
        adhoc_site("not a url")
