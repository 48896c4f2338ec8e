"""Unit tests for the article extraction rules (pipelines.extraction), one small page per rule."""

from __future__ import annotations

import pickle

import pytest
from cssselect import SelectorError
from lxml.cssselect import CSSSelector

from pipelines.extraction import NotAnArticle, extract_article
from pipelines.extraction.clean import split_credit
from pipelines.extraction.dates import decode_dnum, parse_date
from pipelines.extraction.meta import clean_author, strip_site_suffix
from pipelines.extraction.core import TREE_RULES
from pipelines.extraction.options import DEFAULT_MIN_WORDS, RULES, ExtractionOptions
from pipelines.extraction.platforms import PLATFORMS, merge_hints
from pipelines.extraction.text import clean_lines

PARAS = [
    "Chiều 19/7, Đảng ủy Khối các cơ quan tỉnh tổ chức hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm và "
    "triển khai nhiệm vụ 6 tháng cuối năm 2024 với sự tham dự của đại diện các sở, ban, ngành cấp tỉnh.",
    "Trong 6 tháng đầu năm, Đảng bộ Khối đã tập trung lãnh đạo, chỉ đạo thực hiện tốt các nhiệm vụ đề ra theo kế "
    "hoạch, chủ động, sáng tạo, linh hoạt trong thực hiện các nhiệm vụ chính trị trọng tâm của tỉnh.",
    "Công tác cải cách hành chính và chuyển đổi số tiếp tục được quan tâm chỉ đạo; 100% hồ sơ được xử lý trên "
    "môi trường điện tử và công khai trên hệ thống thông tin giải quyết thủ tục hành chính của tỉnh Nghệ An.",
    "Chất lượng công tác kiểm tra, giám sát ngày càng được nâng lên; hoạt động của các đoàn thể tiếp tục đổi mới, "
    "hiệu quả; phong trào xây dựng cơ quan, đơn vị văn hóa được đẩy mạnh trong toàn Đảng bộ Khối.",
]
LEAD = ("Đồng chí Phạm Tuấn Vinh yêu cầu cấp ủy các cấp trong Đảng bộ lãnh đạo thực hiện Nghị quyết 39 của Bộ Chính "
        "trị và Nghị quyết 137 của Quốc hội quyết liệt, kịp thời, hiệu quả.")
TITLE = "Quyết liệt thực hiện Nghị quyết 39 của Bộ Chính trị và Nghị quyết 137 của Quốc hội"


def page(body: str, head: str = "", title: str = TITLE + " - Báo Nghệ An") -> str:
    return (f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:site_name' content='Báo Nghệ An'>{head}</head>"
            f"<body><header><nav><a href='/'>Trang chủ</a> <a href='/thoi-su'>Thời sự</a></nav></header>"
            f"{body}<footer><p>© Báo Nghệ An. POWERED BY ONECMS - A PRODUCT OF NEKO</p></footer></body></html>")


def paras(items=PARAS) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


ARTICLE_HEAD = ("<meta property='og:type' content='article'>"
                f"<meta property='og:description' content='{LEAD}'>")


# ---------------------------------------------------------------- captions

def test_split_credit_variants():
    assert split_credit("Delegates attending the conference. Photo: Thanh Le") == (
        "Delegates attending the conference.", "Thanh Le")
    assert split_credit("Quang cảnh hội nghị. Ảnh: Thanh Lê") == ("Quang cảnh hội nghị.", "Thanh Lê")
    assert split_credit("Police at the scene (Photo: Reuters)") == ("Police at the scene", "Reuters")
    assert split_credit("Working scene.") == ("Working scene.", None)


def test_captions_removed_from_text_kept_as_data():
    body = (f"<article><h1>{TITLE}</h1>{paras(PARAS[:2])}"
            "<figure><img src='https://img.1cdn.vn/2024/07/19/a.jpg'>"
            "<figcaption>Các đại biểu tham dự hội nghị. Ảnh: Thanh Lê</figcaption></figure>"
            f"{paras(PARAS[2:])}</article>")
    art = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a-10279845.html")
    assert "đại biểu tham dự hội nghị" not in art["text"]
    assert "Ảnh" not in art["text"]
    assert art["captions"] == [{"image": "https://img.1cdn.vn/2024/07/19/a.jpg",
                                "caption": "Các đại biểu tham dự hội nghị.", "credit": "Thanh Lê"}]
    assert art["page_type"] == "article"
    for p in PARAS:
        assert p in art["text"]


def test_caption_div_outside_figure_removed():
    body = (f"<article>{paras(PARAS[:2])}<div class='image'><img src='/b.jpg'>"
            "<div class='PhotoCMS_Caption'>Quang cảnh buổi làm việc. Photo: Thanh Le</div></div>"
            f"{paras(PARAS[2:])}</article>")
    art = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/b.html")
    assert "Quang cảnh buổi làm việc" not in art["text"]
    assert art["captions"][0]["caption"] == "Quang cảnh buổi làm việc."
    assert art["captions"][0]["credit"] == "Thanh Le"
    assert art["captions"][0]["image"] == "https://baonghean.vn/b.jpg"


@pytest.mark.parametrize("marker", [" data-component-page-type='photo'", ""])
def test_photo_story_keeps_captions_as_text_without_credits(marker):
    captions = [
        "Từ sáng sớm, hàng nghìn người dân đã đổ về quảng trường để chờ xem lễ diễu binh mừng ngày hội lớn của tỉnh nhà.",
        "Các khối diễu hành đi qua lễ đài trong tiếng nhạc hào hùng và những tràng pháo tay không ngớt của khán giả.",
        "Nhiều em nhỏ được bố mẹ đưa đi xem, trên tay cầm lá cờ đỏ sao vàng vẫy chào đoàn diễu hành đi qua đường phố.",
        "Buổi tối, chương trình nghệ thuật đặc sắc cùng màn bắn pháo hoa rực rỡ khép lại ngày hội trong niềm vui chung.",
    ]
    figs = "".join(f"<figure><img src='/p{i}.jpg'><figcaption>{c} Ảnh: Thành Cường</figcaption></figure>"
                   for i, c in enumerate(captions))
    body = f"<article{marker}><h1>{TITLE}</h1><p>Ảnh: Thành Cường</p>{figs}</article>"
    art = extract_article(page(body, "<meta property='og:type' content='article'>"), "https://baonghean.vn/p.html")
    assert art["page_type"] == "photo_story"
    for c in captions:
        assert c in art["text"]
    assert "Thành Cường" not in art["text"]
    assert [c["credit"] for c in art["captions"]] == ["Thành Cường"] * 4


# ---------------------------------------------------------------- dates and the DNUM token

def test_dnum_decoding():
    assert decode_dnum("Thanh Le DNUM_BJZAHZCACE 18:02") == "2024-07-19T18:02:00+07:00"
    assert decode_dnum("no token") is None


def test_dnum_never_in_author_and_published_from_jsonld():
    jsonld = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
              f'"headline":"{TITLE}","datePublished":"2024-07-19T18:02:00+07:00",'
              '"author":{"@type":"Person","name":"Thanh Le"}}</script>')
    body = (f"<article><h1>{TITLE}</h1><div class='c-detail-head'>"
            "<span class='c-detail-head__author'>Thanh Le</span> <span>DNUM_BJZAHZCACE 18:02</span></div>"
            f"{paras()}</article>")
    art = extract_article(page(body, jsonld), "https://baonghean.vn/en/x-10279845.html", hints=PLATFORMS["onecms"])
    assert art["author"] == "Thanh Le"
    assert art["published"] == "2024-07-19T18:02:00+07:00"
    assert "DNUM" not in art["text"] and "BJZAHZCACE" not in art["text"]


def test_dnum_is_last_resort_date_and_author_cleaned():
    body = (f"<article><h1>{TITLE}</h1><div class='byline'>Thanh Le DNUM_BJZAHZCACE 18:02</div>{paras()}</article>")
    art = extract_article(page(body), "https://baonghean.vn/en/x.html")
    assert art["author"] == "Thanh Le"
    assert art["published"] == "2024-07-19T18:02:00+07:00"
    assert "DNUM" not in art["text"]


def test_clean_author():
    assert clean_author("Thanh Le DNUM_BJZAHZCACE 18:02") == "Thanh Le"
    assert clean_author("By John Smith and Jane Doe | 19/07/2024 10:30") == "John Smith; Jane Doe"
    assert clean_author("Photo: Reuters") is None
    assert clean_author(["Thanh Le", "thanh le"]) == "Thanh Le"


def test_naive_date_gets_vietnam_offset():
    assert parse_date("2024-07-19 18:02:00") == "2024-07-19T18:02:00+07:00"
    assert parse_date("19/07/2024 18:02") == "2024-07-19T18:02:00+07:00"
    assert parse_date("Thứ sáu, 19/07/2024 - 18:02") == "2024-07-19T18:02:00+07:00"
    assert parse_date("2024-07-19T11:02:00Z") == "2024-07-19T11:02:00+00:00"
    head = "<meta property='article:published_time' content='2024-07-19T18:02:00'>"
    art = extract_article(page(f"<article><h1>{TITLE}</h1>{paras()}</article>", head), "https://x.vn/a.html")
    assert art["published"] == "2024-07-19T18:02:00+07:00"


# ---------------------------------------------------------------- boilerplate

def test_related_lists_and_widgets_dropped():
    related = "".join(f"<li><a href='/r{i}.html'>Tin liên quan số {i} về hoạt động của tỉnh trong tuần qua</a></li>"
                      for i in range(6))
    body = (f"<article><h1>{TITLE}</h1>{paras()}"
            "<div class='share-tools'><a>Facebook</a> <a>Zalo</a> <a>In bài</a></div>"
            f"<div class='related-news'><h3>Bài liên quan</h3><ul>{related}</ul></div>"
            "<div class='comment-box'><p>Comment (0)</p><form><textarea></textarea></form></div>"
            "<p>Source</p></article>"
            f"<aside><h3>Same tag</h3><ul>{related}</ul></aside>")
    art = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a.html")
    for junk in ("Tin liên quan số", "Bài liên quan", "Facebook", "Comment", "Same tag", "POWERED BY", "Source"):
        assert junk not in art["text"], junk
    assert art["text"].split("\n") == PARAS


def test_remove_boilerplate_by_class_words_and_hidden():
    from lxml import html as lxml_html

    from pipelines.extraction.clean import boilerplate_named, remove_boilerplate

    tree = lxml_html.fromstring(
        f"<html><body><div class='entry-content'>{paras()}</div>"
        "<div class='box-related-news'><p>Bài liên quan: một tin khác</p></div>"
        "<div id='social_share'><a>Facebook</a></div><div style='display: none'><p>Ẩn đi</p></div>"
        "<div aria-hidden='true'>icon</div><div class='readMore-box'>Đọc thêm</div></body></html>")
    remove_boilerplate(tree, [])
    text = tree.text_content()
    assert all(p in text for p in PARAS)
    for junk in ("Bài liên quan", "Facebook", "Ẩn đi", "icon", "Đọc thêm"):
        assert junk not in text
    assert boilerplate_named("read-more") and boilerplate_named("c-box-related") and not boilerplate_named("thread")


@pytest.mark.parametrize("name, boilerplate", [
    ("pAuthor", True),  # camelCase (Zing 2012's byline paragraph, vn-real half A)
    ("RelatedNews", True),
    ("commentBox", True),
    ("box-tin-lien-quan", True),  # Vietnamese: related news
    ("binh-luan", True),  # comments
    ("quangcao", True),  # advertising
    ("tu-khoa", True),  # keywords
    ("xem-them", True),  # read more
    ("tin-khac", True),  # other news
    ("noi-dung-chi-tiet", False),  # the article's content
    ("mainContent", False),
    ("thread", False),
])
def test_boilerplate_names_in_camel_case_and_vietnamese(name, boilerplate):
    from pipelines.extraction.clean import boilerplate_named

    assert boilerplate_named(name) is boilerplate


@pytest.mark.parametrize("line", [
    "Ảnh minh họa", "(Ảnh minh hoạ)",  # a picture's "illustrative photo" label, both spellings
    "In bài viết", "Gửi bài viết cho bạn bè", "Trở về đầu trang", "Đăng nhập để bình luận", "Lượt xem: 1.234",
    "Từ khóa: hội nghị, tỉnh ủy", "Tags: kinh tế",  # the tags box printed as a line
    "PV", "Nhóm PV", "BTV",  # reporter / editor initials standing alone
])
def test_vietnamese_cms_lines_are_no_text(line):
    body = "Đoạn văn bình thường của bài báo với đủ nhiều chữ để là văn bản."
    assert clean_lines([body, line, body + " Tiếp."], set(), keep_captions=False) == [body, body + " Tiếp."]


def test_vietnamese_cms_footers_after_the_text():
    body = ["Đoạn văn bình thường của bài báo với đủ nhiều chữ để là văn bản.",
            "Tags are small labels that help readers find articles, the museum's curator said."]
    footers = ["Mời quý độc giả xem thêm video:",
               'Bạn đang đọc bài viết "Hội nghị sơ kết" tại chuyên mục Thời sự. Mọi thông tin góp ý và chia sẻ, '
               "xin vui lòng liên hệ email: toasoan@bao.vn"]
    assert clean_lines(body + footers, set(), keep_captions=False) == body


@pytest.mark.parametrize("line, caption", [
    ("Đại biểu tham dự hội nghị. Ảnh: Thanh Hà", "Đại biểu tham dự hội nghị."),
    ("Toàn cảnh hội nghị (Ảnh: TTXVN)", "Toàn cảnh hội nghị"),
    ("Delegates at the conference. Photo: Thanh Le", "Delegates at the conference."),  # the vietnam.vn seed page
    ("Dự án đã được thông qua tại kỳ họp. Nguồn: Chinhphu.vn", None),  # a source may close a paragraph
    ("(Graphic: Global currencies vs. dollar - here)", None),  # all credit: not a caption
    ("Đại biểu " + "tham dự hội nghị " * 14 + "đã thảo luận. Ảnh: Thanh Hà", None),  # 45 words: prose
])
def test_a_line_closed_by_its_pictures_credit_is_a_caption(line, caption):
    body = "Đoạn văn bình thường của bài báo với đủ nhiều chữ để là văn bản."
    kept = clean_lines([body, line, body + " Tiếp."], set(), keep_captions=False)
    assert kept == ([body, body + " Tiếp."] if caption else [body, line, body + " Tiếp."])
    if caption:  # on a photo story the caption is the narrative, without its credit
        assert clean_lines([body, line], set(), keep_captions=True) == [body, caption]


def test_clean_lines_rules():
    lines = ["Body paragraph one with enough words in it.", "Read more: Another story headline here",
             "Advertisement", "Comment (0)", "Photo: Thanh Le", "Body paragraph two, also long enough.",
             "Nguồn: TTXVN"]
    assert clean_lines(lines, set(), keep_captions=False) == [lines[0], lines[5]]


def test_a_related_link_line_goes_whatever_it_calls_the_link():
    """A recipe blog of aeb-dev (half A) ends a paragraph run with "Related post: Pickled Brussels Sprouts Recipe"."""
    lines = [PARAS[0], "Related post: Pickled Brussels Sprouts Recipe", "Related stories: Ha Long Bay in summer",
             PARAS[1], "Related to this, the province will report again in December."]
    assert clean_lines(lines, set(), keep_captions=False) == [PARAS[0], PARAS[1], lines[4]]


def test_section_breaks_between_paragraphs_stay():
    """A wire story's parts are separated by "___" lines (a real AP story on SFGate, aeb-dev half A, has seven);
    one before the first line, a repeat, or one after the last line separates nothing."""
    lines = ["___", "Lãnh đạo tỉnh Nghệ An đã kiểm tra công tác chuẩn bị cho vụ Đông Xuân.", "___", "* * *",
             "Các địa phương được yêu cầu hoàn thành kế hoạch trước ngày 30/11.", "___"]
    assert clean_lines(lines, set(), keep_captions=False) == lines[1:3] + lines[4:5]


def test_every_tree_rule_can_be_switched_off():
    """A tree rule under a name that options.RULES does not know would run whatever rules_off says."""
    names = [name for name, _ in TREE_RULES]
    assert len(set(names)) == len(names) and set(names) <= set(RULES)


def test_merge_hints_keeps_the_sources_order_once_each_and_looks_up_no_platform():
    merged = merge_hints({"drop": [".site-only", "div.c-box"]}, PLATFORMS["onecms"])
    assert merged["drop"][:2] == [".site-only", "div.c-box"] and merged["drop"].count("div.c-box") == 1
    assert merged["prefer"] == PLATFORMS["onecms"]["prefer"]
    assert merge_hints({"platform": "onecms"}) == merge_hints(None) == {key: [] for key in merged}


def test_hints_are_used_as_given_and_a_platform_key_is_ignored():
    body = (f"<div class='b-maincontent'><article class='entry'><h1 class='sc-longform-header-title'>{TITLE}</h1>"
            f"<p class='sc-longform-header-sapo'>{LEAD}</p>{paras()}</article></div>")
    assert extract_article(page(body), "https://baonghean.vn/a.html", hints={"platform": "onecms"}) == \
        extract_article(page(body), "https://baonghean.vn/a.html")


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_builtin_platform_selectors_compile(platform):
    # the registry compiles the selectors it loads; extraction no longer skips a broken one on every page
    for key, selectors in PLATFORMS[platform].items():
        assert key in merge_hints(None), key
        for selector in selectors:
            CSSSelector(selector, translator="html")


def test_an_invalid_selector_is_an_error_not_skipped():
    with pytest.raises(SelectorError):
        extract_article(page(f"<article><h1>{TITLE}</h1>{paras()}</article>", ARTICLE_HEAD), "https://x.vn/a.html",
                        hints={"drop": ["div..broken"]})


def test_options_default_to_the_crawl_and_keyword_overrides_apply():
    assert ExtractionOptions().min_words == DEFAULT_MIN_WORDS == 60
    with pytest.raises(ValueError, match="unknown rules"):
        ExtractionOptions(rules_off=("link_block",))
    short = page(f"<article><h1>{TITLE}</h1>{paras(PARAS[:1])}</article>",  # 48 words
                 "<meta property='og:type' content='article'>")
    with pytest.raises(NotAnArticle, match="too_short"):
        extract_article(short, "https://x.vn/a.html")
    lenient = ExtractionOptions(min_words=30)
    assert extract_article(short, "https://x.vn/a.html", options=lenient) == \
        extract_article(short, "https://x.vn/a.html", min_words=30)


def test_link_only_blocks_dropped_inline_links_kept():
    teasers = "".join(f"<p><a href='/t{i}.html'>Bài viết khác số {i} về du lịch Nghệ An mùa hè</a> [VIDEO]</p>"
                      for i in range(3))
    linked = PARAS[1].replace("Đảng bộ Khối", "<a href='/dang-bo'>Đảng bộ Khối</a>")
    body = f"<article><h1>{TITLE}</h1><p>{PARAS[0]}</p><p>{linked}</p>{teasers}{paras(PARAS[2:])}</article>"
    assert "Bài viết khác" in extract_article(page(body, ARTICLE_HEAD), "https://x.vn/a", rules_off=("link_blocks",))["text"]
    art = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a.html")
    assert "Bài viết khác" not in art["text"]
    assert art["text"].split("\n") == PARAS


def test_headed_link_list_dropped():
    items = "".join(f"<li>Story number {i} is here, <a href='/s{i}'>with a linked half of its title</a></li>"
                    for i in range(4))
    body = (f"<article><h1>{TITLE}</h1>{paras()}<div class='heading-h3'>More Great Stories</div><ul>{items}</ul>"
            "</article>")
    art = extract_article(page(body, ARTICLE_HEAD), "https://x.vn/a.html")
    assert "Story number" not in art["text"] and "More Great" not in art["text"]
    assert art["text"].split("\n") == PARAS


@pytest.mark.parametrize("heading", ["Đọc nhiều", "Tin xem nhiều nhất", "Cùng chuyên mục", "Most read", "Featured"])
def test_popular_and_same_section_boxes_dropped_even_around_a_short_notice(heading):
    """A short notice leaves trafilatura's rescue hungry: box summaries must be gone before it runs."""
    summaries = [f"{a.split(',')[0]}, {b.split(',')[-1]}" for a in PARAS for b in PARAS]
    items = "".join(f"<li><a href='/s{i}.html'><img src='/t{i}.jpg' alt=''></a><h4><a href='/s{i}.html'>Tiêu đề "
                    f"bài số {i} về hoạt động của tỉnh</a></h4><p>{summary}</p></li>"
                    for i, summary in enumerate(summaries))
    body = (f"<div class='detail'><h1>{TITLE}</h1><div class='detail-sapo'>{LEAD}</div>"
            f"<div class='detail-content'><p>{PARAS[0]}</p></div></div>"
            f"<div class='c-box'><h3>{heading}</h3><ul>{items}</ul></div>")
    # fewer words in the text than min_words (the rescue runs), enough with the lead (the notice is archived)
    art = extract_article(page(body, ARTICLE_HEAD), "https://x.vn/a.html", min_words=60)
    assert art["text"].split("\n") == PARAS[:1]


def test_split_body_containers_merged():
    body = (f"<article><h1>{TITLE}</h1><div class='grid'><div class='article-body'>{paras(PARAS[:2])}</div></div>"
            "<div class='ad-slot'><span>Quảng cáo</span></div>"
            f"<div class='grid'><div class='article-body'>{paras(PARAS[2:])}</div></div></article>")
    art = extract_article(page(body, ARTICLE_HEAD), "https://x.vn/a.html")
    assert art["text"].split("\n") == PARAS


def test_boilerplate_named_container_holding_the_article_is_kept():
    body = f"<div class='post-content share-enabled'><h1>{TITLE}</h1>{paras()}</div>"
    art = extract_article(page(body, ARTICLE_HEAD), "https://x.vn/a.html")
    assert art["text"].split("\n") == PARAS


def test_boilerplate_named_wrapper_holding_the_headline_is_kept():
    comments = "".join(f"<p>Ý kiến số {i} của bạn đọc gửi về tòa soạn, đề nghị các cơ quan chức năng sớm xem xét, "
                       f"giải quyết dứt điểm những vướng mắc trong thủ tục hành chính tại địa phương mình.</p>"
                       for i in range(12))
    body = (f"<div class='print-area'><h1>{TITLE}</h1>{paras()}</div>"
            f"<section class='reader-forum'>{comments}</section>")
    art = extract_article(page(body, ARTICLE_HEAD), "https://x.vn/a.html")
    assert all(p in art["text"] for p in PARAS)


def test_alt_text_caption_line_dropped():
    alt = "Quang cảnh hội nghị sơ kết công tác xây dựng Đảng"
    body = (f"<article><h1>{TITLE}</h1>{paras(PARAS[:2])}<div><img src='/x.jpg' alt='{alt}'><br>"
            f"<span class='small gray'>{alt}</span></div>{paras(PARAS[2:])}</article>")
    art = extract_article(page(body, ARTICLE_HEAD), "https://x.vn/a.html")
    assert alt not in art["text"]


def test_trailing_footers_and_date_strip_dropped():
    lines = ["Thứ sáu, 19/07/2024 - 18:02", "A body paragraph that says something of substance here.",
             "Another body paragraph that is long enough to count as text.",
             "(Reporting by Thanh Le; Editing by Hoai Thu)",
             "Fox News’ Jessica Napoli contributed to this report.",  # a real Fox News page of aeb-dev, half A
             "Sign up for our newsletter to get the news in your inbox."]
    assert clean_lines(lines, set(), keep_captions=False) == lines[1:3]


def test_jsonld_article_body_rescues_script_rendered_pages():
    body_text = " ".join(PARAS)
    jsonld = ('<script type="application/ld+json">{"@type":"NewsArticle","headline":"%s",'
              '"datePublished":"2024-07-19T08:00:00","articleBody":"<p>%s</p><p>%s</p>"}</script>'
              % (TITLE, PARAS[0], " ".join(PARAS[1:])))
    art = extract_article(page(f"<h1>{TITLE}</h1><div id='dcontent'></div>", jsonld), "https://baothanhhoa.vn/a-1.htm")
    assert art["text"].split("\n") == [PARAS[0], " ".join(PARAS[1:])]
    assert art["published"] == "2024-07-19T08:00:00+07:00"
    assert body_text.split()[0] in art["text"]


# ---------------------------------------------------------------- title and lead

def test_title_suffix_stripped():
    assert strip_site_suffix("Quyết liệt thực hiện Nghị quyết 39 - Báo Nghệ An", ["Báo Nghệ An"]) == (
        "Quyết liệt thực hiện Nghị quyết 39")
    assert strip_site_suffix("Some headline here | VnExpress", [], "vnexpress.net") == "Some headline here"
    assert strip_site_suffix("A - B split headline that stays", ["Báo Nghệ An"]) == "A - B split headline that stays"
    art = extract_article(page(f"<article>{paras()}</article>"), "https://baonghean.vn/a.html")
    assert art["title"] == TITLE


def test_lead_separate_and_not_repeated_in_text():
    body = f"<article><h1>{TITLE}</h1><div class='sapo'>{LEAD}</div>{paras()}</article>"
    for precision in (True, False):
        art = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a.html", favor_precision=precision)
        assert art["lead"] == LEAD
        assert LEAD not in art["text"]
        assert art["text"].split("\n")[0] == PARAS[0]


def test_a_marked_first_paragraph_of_the_body_stays_in_the_text():
    """The Sun (aeb-dev half A) marks its first body paragraph ``p.article__content--intro`` and copies it into the
    description; it is followed by the body's paragraphs in the same container, so it opens the body: splitting it
    off as a standfirst took the article's first sentence out of the text."""
    body = (f"<article><h1>{TITLE}</h1><div class='article__content'><p class='article__content--intro'>{LEAD}</p>"
            f"{paras()}</div></article>")
    art = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a.html")
    assert art["lead"] is None
    assert art["text"].split("\n") == [LEAD] + PARAS


def test_a_sapo_before_the_body_container_is_the_lead():
    body = f"<article><h1>{TITLE}</h1><p class='sapo'>{LEAD}</p><div class='content'>{paras()}</div></article>"
    art = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a.html")
    assert art["lead"] == LEAD and art["text"].split("\n") == PARAS


def test_lead_from_hint_without_description():
    body = (f"<div class='b-maincontent'><article class='entry'><h1 class='sc-longform-header-title'>{TITLE}</h1>"
            f"<p class='sc-longform-header-sapo'>{LEAD}</p>{paras()}</article></div>")
    art = extract_article(page(body), "https://baonghean.vn/a.html", hints=PLATFORMS["onecms"])
    assert art["lead"] == LEAD and LEAD not in art["text"]
    assert art["title"] == TITLE


def test_subheadings_kept_in_order():
    body = f"<article><h1>{TITLE}</h1>{paras(PARAS[:2])}<h2>Chủ động, sáng tạo trong thực hiện nhiệm vụ</h2>{paras(PARAS[2:])}</article>"
    art = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a.html")
    lines = art["text"].split("\n")
    assert lines.index("Chủ động, sáng tạo trong thực hiện nhiệm vụ") == 2



DCONTENT_SUBHEADING = "Văn minh du lịch được nâng lên"


def dcontent_page(subheading: str) -> str:
    """A page of the "#dcontent" CMS family (baothanhhoa.vn, baophutho.vn): no container trafilatura knows."""
    return (
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>" + TITLE + " - Báo Thanh Hóa</title>"
        "<meta property='og:type' content='article'>"
        f"<meta property='og:description' content='{LEAD}'>"
        "<meta property='article:published_time' content='2024-07-19T14:20:00+07:00'></head><body>"
        "<div id='top'><a href='https://baothanhhoa.vn/'>Báo Thanh Hóa</a> | "
        "<a href='https://baothanhhoa.vn/thoi-su/'>Thời sự</a></div><div id='wrapper'><div class='detail-news'>"
        f"<h1 class='title-detail'>{TITLE}</h1>"
        "<div class='info-detail'><span class='author'>Minh Hiếu</span> - <span class='date'>14:20 19/07/2024</span>"
        f"</div><div class='sapo-detail'><strong>{LEAD}</strong></div>"
        f"<div id='dcontent'><p>{PARAS[0]}</p>"
        "<figure class='picture'><img data-src='https://img.baothanhhoa.vn/2024/07/19/a.jpg' alt='Quang cảnh hội nghị.'>"
        "<figcaption class='caption'>Quang cảnh hội nghị. Ảnh: Minh Hiếu</figcaption></figure>"
        f"<p>{PARAS[1]}</p>{subheading}<p>{PARAS[2]}</p><p>{PARAS[3]}</p></div>"
        "<div class='tags-detail'>Từ khóa: <a href='https://baothanhhoa.vn/tag/nghi-quyet.htm'>Nghị quyết</a>, "
        "<a href='https://baothanhhoa.vn/tag/dang-uy.htm'>Đảng ủy</a></div></div>"
        "<div class='other-news'><h3>Tin khác</h3><ul><li><a href='https://baothanhhoa.vn/thanh-hoa-khoi-cong-"
        "duong-ven-bien-214321.htm'>Thanh Hóa khởi công đường ven biển đoạn qua huyện Quảng Xương</a></li>"
        "<li><a href='https://baothanhhoa.vn/sam-son-don-3-trieu-luot-khach-218765.htm'>Sầm Sơn đón hơn 3 triệu "
        "lượt khách trong 6 tháng đầu năm</a></li></ul></div></div>"
        "<div id='bottom'><p>Báo Thanh Hóa - Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Thanh Hóa. Giấy phép "
        "số 456/GP-BTTTT. Địa chỉ: 193 Lê Hoàn, TP Thanh Hóa.</p></div></body></html>")


@pytest.mark.parametrize("hints", [None, PLATFORMS["dcontent"]])
@pytest.mark.parametrize("subheading", [f"<h2>{DCONTENT_SUBHEADING}</h2>",
                                        f"<p><strong>{DCONTENT_SUBHEADING}</strong></p>"])
def test_dcontent_subheading_kept_in_order_without_boilerplate(subheading, hints):
    # no known body container: trafilatura falls back to loose paragraphs, which never include headings
    art = extract_article(dcontent_page(subheading), "https://baothanhhoa.vn/quyet-liet-218766.htm", hints=hints)
    assert art["text"].split("\n") == [PARAS[0], PARAS[1], DCONTENT_SUBHEADING, PARAS[2], PARAS[3]]
    assert art["lead"] == LEAD
    for boilerplate in ("Tin khác", "Từ khóa", "Nghị quyết,", "Quảng Xương", "Giấy phép", "Quang cảnh hội nghị",
                        "Minh Hiếu", "Thời sự", "19/07/2024"):
        assert boilerplate not in art["text"]
    assert art["captions"][0]["caption"] == "Quang cảnh hội nghị."


def test_heading_outside_the_body_not_restored():
    # a widget heading between the body and the next block is not a subheading: it has no kept paragraph after it
    html = dcontent_page(f"<h2>{DCONTENT_SUBHEADING}</h2>").replace(
        "<div class='tags-detail'>", "<h2>Ý kiến của bạn</h2><div class='tags-detail'>")
    art = extract_article(html, "https://baothanhhoa.vn/quyet-liet-218766.htm", hints=PLATFORMS["dcontent"])
    assert "Ý kiến của bạn" not in art["text"]
    assert art["text"].split("\n")[2] == DCONTENT_SUBHEADING


# ---------------------------------------------------------------- refusals

def test_listing_page_raises():
    items = "".join(
        f"<article class='story'><h3><a href='/tin-{i}-1234567{i}.html'>Tiêu đề bài viết số {i} về tình hình kinh tế "
        f"xã hội của tỉnh trong tháng</a></h3><p><a href='/tin-{i}-1234567{i}.html'>Tóm tắt ngắn của bài viết số {i} "
        f"nói về hoạt động của các sở ngành địa phương</a></p></article>" for i in range(10))
    with pytest.raises(NotAnArticle) as err:
        extract_article(page(f"<main>{items}</main>", "<meta property='og:type' content='website'>",
                             title="Thời sự - Báo Nghệ An"), "https://baonghean.vn/thoi-su")
    assert err.value.reason == "listing_page"


def test_too_short_and_not_html():
    with pytest.raises(NotAnArticle) as err:
        extract_article(page(f"<article><h1>{TITLE}</h1><p>Chỉ một câu ngắn.</p></article>"), "https://x.vn/a")
    assert err.value.reason in ("too_short", "no_body")
    with pytest.raises(NotAnArticle) as err:
        extract_article("just some plain text, no markup", None)
    assert err.value.reason == "not_html"


def test_result_and_error_are_picklable():
    art = extract_article(page(f"<article><h1>{TITLE}</h1>{paras()}</article>", ARTICLE_HEAD), "https://x.vn/a")
    assert pickle.loads(pickle.dumps(art)) == art
    assert set(art) >= {"url", "canonical_url", "title", "lead", "text", "author", "published", "modified", "tags",
                        "categories", "description", "image", "captions", "page_type", "site_name", "word_count"}
    err = pickle.loads(pickle.dumps(NotAnArticle("too_short", "3 words")))
    assert err.reason == "too_short"


def test_menu_link_table_dropped():
    """A layout table of menu links ('| Trang chủ | Thời sự | ...') is navigation, not a table of the article."""
    menu = "<table><tr>" + "".join(f"<td><a href='/{i}'>{name}</a></td>" for i, name in enumerate(
        ["Trang chủ", "Thời sự", "Kinh tế", "Văn hóa", "Thể thao"])) + "</tr></table>"
    body = f"<article><h1>{TITLE}</h1>{menu}{paras(PARAS)}</article>"
    art = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a.html")
    assert "Thời sự" not in art["text"]
    assert art["text"].split("\n") == PARAS


@pytest.mark.parametrize("signature, author", [
    ("<p><b>Quang Phong - Tùng Nguyên</b></p>", "Quang Phong - Tùng Nguyên"),  # as printed
    ("<p><strong>Hà Thu</strong></p><p> </p>", "Hà Thu"),
])
def test_bold_last_paragraph_of_names_is_the_signature(signature, author):
    """The writer signs in bold at the end; a meta author the page never prints (the CMS's name) loses to it."""
    head = ARTICLE_HEAD + "<meta name='author' content='Công nghệ ChannelVN'>"
    body = f"<article><h1>{TITLE}</h1>{paras(PARAS)}{signature}</article>"
    art = extract_article(page(body, head), "https://baonghean.vn/a.html")
    assert art["author"] == author
    assert art["text"].split("\n") == PARAS


def test_bold_names_above_the_body_are_the_byline():
    """'Tên tác giả - Tên' at the top (the issue's description of real Vietnamese pages): a bold block of names that
    opens the body's container names the writers and is no body text."""
    body = (f"<article><h1>{TITLE}</h1><div class='content'><p><strong>Minh Hà - Thu Trang</strong></p>"
            f"{paras(PARAS)}</div></article>")
    art = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a.html")
    assert art["author"] == "Minh Hà - Thu Trang"
    assert art["text"].split("\n") == PARAS


def test_a_bold_opening_sentence_is_text():
    first = "<p><strong>Sáng 19/7, tỉnh Nghệ An tổ chức hội nghị sơ kết công tác 6 tháng đầu năm.</strong></p>"
    body = f"<article><h1>{TITLE}</h1><div class='content'>{first}{paras(PARAS)}</div></article>"
    art = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a.html")
    assert art["text"].split("\n")[0] == "Sáng 19/7, tỉnh Nghệ An tổ chức hội nghị sơ kết công tác 6 tháng đầu năm."


def test_bold_sentence_case_subheading_is_not_a_signature():
    body = f"<article><h1>{TITLE}</h1>{paras(PARAS[:3])}<p><b>Nhiệm vụ thời gian tới</b></p></article>"
    art = extract_article(page(body, ARTICLE_HEAD + "<meta name='author' content='Hồng Nhung'>"),
                          "https://baonghean.vn/a.html")
    assert art["author"] == "Hồng Nhung"


def _retagged(body: str) -> list[str]:
    from lxml.html import fromstring

    from pipelines.extraction.clean import retag_div_paragraphs

    tree = fromstring(f"<html><body>{body}</body></html>")
    retag_div_paragraphs(tree)
    return [elem.tag for elem in tree.find("body").iter() if elem.get("id")]


def test_div_paragraphs_of_a_mixed_body_become_paragraphs():
    """A body mixing <p> and text <div>s: the divs are paragraphs (trafilatura would drop them)."""
    assert _retagged(f"<div><div id='a' align='left'>{PARAS[0]}<br></div><p>{PARAS[1]}</p>"
                     f"<div id='b'><b>Ngày 19/7,</b> {PARAS[2]}</div></div>") == ["p", "p"]


@pytest.mark.parametrize("body", [
    f"<div><div id='a'>{PARAS[0]}</div><div>{PARAS[1]}</div></div>",  # no <p> beside it: trafilatura reads the divs
    f"<div><div id='a'>Thứ Hai, 06/01/2025 10:15</div><p>{PARAS[1]}</p></div>",  # a label, not a paragraph
    f"<div><div id='a'>{PARAS[0]}<ul><li>{PARAS[2]}</li></ul></div><p>{PARAS[1]}</p></div>",  # a layout block
])
def test_other_divs_stay_divs(body):
    assert _retagged(body) == ["div"]


def test_mixed_body_keeps_its_div_paragraphs_in_the_text():
    html = page(f"<article><h1>{TITLE}</h1><div class='content'><p>{PARAS[0]}</p><div>{PARAS[1]}</div>"
                f"<p>{PARAS[2]}</p><div>{PARAS[3]}</div></div></article>")
    assert extract_article(html, "https://baonghean.vn/a-12345678.html")["text"].split("\n") == PARAS


def test_span_inside_a_sentence_keeps_its_words():
    """trafilatura's precision mode deletes span.link; in the middle of a sentence that cut words out of it
    (a real CBS Sports page: "as the NFL decided <span class="link"><a>to move the teams' Week 13 rematch</a>
    </span> in Pittsburgh")."""
    sentence = ("Trong 6 tháng đầu năm, <span class='link'><a href='/b-1.html'>Đảng bộ Khối đã tập trung lãnh "
                "đạo</a></span>, chỉ đạo thực hiện tốt các nhiệm vụ đề ra theo kế hoạch, chủ động, sáng tạo, linh "
                "hoạt trong thực hiện các nhiệm vụ chính trị trọng tâm của tỉnh.")
    body = f"<article><h1>{TITLE}</h1><p>{PARAS[0]}</p><p>{sentence}</p>{paras(PARAS[2:])}</article>"
    text = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a-12345678.html")["text"]
    assert text.split("\n") == PARAS
    without = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a-12345678.html",
                              rules_off=("sentence_spans",))["text"]
    assert "Đảng bộ Khối đã tập trung lãnh đạo" not in without


# the closing line of a real Al Bawaba page of aeb-dev, as pasted from Word (trafilatura's precision mode deleted it
# for the "border" in its span's style)
WORD_PASTED_LINE = ('<p style="text-align:left; margin:0in 0in 10pt"><span style="font-size:11pt"><em><span '
                    'style="border:none windowtext 1.0pt; font-size:10.5pt; padding:0in"><span style="color:#111111">'
                    'Bài viết được biên soạn lại từ nguồn gốc ban đầu của nó.</span></span></em></span></p>')


def test_a_paragraph_styled_with_a_border_that_draws_nothing_stays():
    body = f"<article><h1>{TITLE}</h1>{paras(PARAS)}{WORD_PASTED_LINE}</article>"
    url = "https://baonghean.vn/a-12345678.html"
    assert extract_article(page(body, ARTICLE_HEAD), url)["text"].split("\n")[-1] == \
        "Bài viết được biên soạn lại từ nguồn gốc ban đầu của nó."
    without = extract_article(page(body, ARTICLE_HEAD), url, rules_off=("borderless_styles",))["text"]
    assert "biên soạn lại" not in without


def test_a_paragraph_set_off_by_a_drawn_border_is_still_a_box():
    """A notice under a rule (``border-top:1px #999 solid``) keeps the style that lets trafilatura drop it."""
    notice = ('<p style="font-size:10px; border-top:1px #999 solid; padding-top:10px;">Bình luận có nội dung không '
              'phù hợp sẽ không được duyệt.</p>')
    body = f"<article><h1>{TITLE}</h1>{paras(PARAS)}{notice}</article>"
    assert extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a-12345678.html")["text"].split("\n") \
        == PARAS


def test_a_tag_link_inside_a_sentence_keeps_its_words():
    """Sites link the names in their sentences to tag pages; a real IndieWire page of aeb-dev (half A) names them
    ``<a id="auto-tag_mary-steenburgen">``, and the boilerplate rule (a "tag" id) cut the names out of the sentence."""
    sentence = ("Chiều 19/7, đồng chí <a href='/t/nguyen-duc-trung/' id='auto-tag_nguyen-duc-trung'>Nguyễn Đức "
                "Trung</a> đã kiểm tra tiến độ xây dựng các công trình trọng điểm của tỉnh Nghệ An.")
    body = f"<article><h1>{TITLE}</h1><p>{sentence}</p>{paras(PARAS[1:])}</article>"
    text = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a-12345678.html")["text"]
    assert text.split("\n")[0] == ("Chiều 19/7, đồng chí Nguyễn Đức Trung đã kiểm tra tiến độ xây dựng các công trình "
                                   "trọng điểm của tỉnh Nghệ An.")


def test_a_named_span_in_a_teaser_line_is_still_boilerplate():
    """A related-article teaser is a headline link and a date span (Zing 2012: ``<span class="source grey">``): no
    prose around the span, so its name still condemns it and the link-only line goes."""
    teasers = "".join(f"<li><p><strong><a href='/b-{i}.html'>Tin khác về giáo dục số {i} của tỉnh</a></strong>"
                      f"<span class='source grey'>Ngày 26/11/2012</span></p></li>" for i in range(3))
    body = f"<article><h1>{TITLE}</h1>{paras(PARAS)}<ul>{teasers}</ul></article>"
    text = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a-12345678.html")["text"]
    assert text.split("\n") == PARAS


def test_a_layout_table_keeps_the_paragraphs_of_its_cells():
    """An article laid out in a table cell (a real Space Review page of aeb-dev: the whole article in one cell,
    which came out as one '| | ... |' line): the paragraphs stay paragraphs; a table inside the cell stays a table."""
    nested = "<table><tr><td>Tỉnh</td><td>Vốn FDI</td></tr><tr><td>Nghệ An</td><td>1,6 tỷ USD</td></tr></table>"
    body = (f"<article><h1>{TITLE}</h1><table><tr><td>{paras(PARAS[:2])}{nested}{paras(PARAS[2:])}</td>"
            f"<td><a href='/a-1.html'>Tin khác</a></td></tr></table></article>")
    lines = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a-12345678.html")["text"].split("\n")
    assert [line for line in lines if not line.startswith("|")] == PARAS
    assert "| Nghệ An | 1,6 tỷ USD |" in lines


def test_a_data_table_stays_a_table():
    table = ("<table><tr><th>Huyện</th><th>Số hộ</th></tr><tr><td>Quỳnh Lưu</td><td><p>1.250</p></td></tr>"
             "<tr><td>Diễn Châu</td><td><p>980</p></td></tr></table>")
    body = f"<article><h1>{TITLE}</h1>{paras(PARAS[:2])}{table}{paras(PARAS[2:])}</article>"
    lines = extract_article(page(body, ARTICLE_HEAD), "https://baonghean.vn/a-12345678.html")["text"].split("\n")
    assert "| Quỳnh Lưu | 1.250 |" in lines
