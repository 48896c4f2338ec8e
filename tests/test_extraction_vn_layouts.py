"""Vietnamese layouts, on the real pages stored as golden cases (tests/golden/generic, from shared/eval/vn-real).

Each test names the layout rule it holds; the expected strings were read off the pages by hand (and agree with
shared/eval/vn-real/truth.json where it states them).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from pipelines.extraction import extract_article
from pipelines.extraction.clean import names_the_site, remove_thread_replies
from pipelines.extraction.dates import find_dateline, find_labelled_date, parse_date, read_printed_date
from pipelines.extraction.encoding import decode_html
from pipelines.extraction.meta import clean_author, without_publishers
from pipelines.extraction.options import DEFAULT_MIN_WORDS
from pipelines.extraction.parse import parse_html
from pipelines.extraction.text import clean_lines, credited_name

GOLDEN = Path(__file__).resolve().parent / "golden"


DANTRI_URL = "http://dantri.com.vn/su-kien/chot-lich-nghi-le-tet-2013-cua-cong-chuc-vien-chuc-677792.htm"


def dantri_html() -> str:
    case = json.loads((GOLDEN / "generic/dantri-2012_2012-12-25.json").read_text(encoding="utf-8"))
    assert case["url"] == DANTRI_URL
    raw = gzip.decompress((GOLDEN / "generic/dantri-2012_2012-12-25.html.gz").read_bytes())
    return decode_html(raw, case["content_type"])[0]


def extract(name: str) -> dict:
    stem = GOLDEN / name
    case = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    html = decode_html(gzip.decompress(stem.with_name(stem.name + ".html.gz").read_bytes()), case["content_type"])[0]
    return extract_article(html, case["url"], {}, min_words=DEFAULT_MIN_WORDS)


@pytest.fixture(scope="module")
def zing():
    return extract("generic/zing-report-2012_2012-12-24")


def test_standfirst_after_the_headline_whatever_its_class(zing):
    """Zing 2012: the sapo is h2.pHead right after h1.pTitle, and repeats the description."""
    assert zing["lead"] == ("Đêm Giáng sinh, 24/12, người dân khắp Việt Nam đã ùn ùn đổ về trung tâm các thành phố "
                            "lớn, các nhà thờ, nhà nguyện để cầu phúc hoặc đơn giản chỉ là vui chơi mừng ngày lễ đặc "
                            "biệt trong năm.")
    assert not zing["text"].startswith("Đêm Giáng sinh, 24/12")


def test_photo_table_cells_are_captions_with_their_credit(zing):
    """Zing 2012: <tr><td><img></td></tr><tr><td class="pCaption">caption. Ảnh: X</td></tr>."""
    captions = [(c["caption"], c["credit"]) for c in zing["captions"]]
    assert captions[:2] == [("Nhà thờ Hàm Long (Hà Nội) lung linh ánh sáng.", None),
                            ("Các tuyến đường quanh nhà thờ này luôn ùn tắc.", "Lê Hiếu")]
    assert len(captions) == 11
    for caption, _credit in captions:
        assert caption not in zing["text"]
    assert "Ảnh: Lê Hiếu" not in zing["text"]


def test_camel_case_author_class(zing):
    assert zing["author"] == "Nhóm PV"  # p.pAuthor


def test_photo_story_keeps_its_table_captions_as_text_and_drops_the_credit():
    """Ngôi Sao 2012: the story is told in td.Image captions under the photos; the byline says 'H.V. / Ảnh: Misso'."""
    article = extract("generic/ngoisao-photo-2012_2012-12-20")
    assert article["page_type"] == "photo_story"
    lines = article["text"].split("\n")
    assert lines[0].startswith("Nhiều người không thể nhận ra Leila Lopes, người đẹp Angola")
    assert lines[-1] == ("Có lẽ, Leila hợp hơn với mái tóc xoăn dài. Kiểu tóc này khiến cô trông rất sang trọng, "
                         "quyến rũ và nữ tính.")
    assert len(lines) == 9
    assert "Misso" not in article["text"] and "H.V." not in article["text"]
    assert article["author"] == "H.V."


def test_image_rows_with_text_beside_the_picture_stay_body_text():
    """Teen9x 2011: how-to steps sit in the picture's own table row; they are the article, not captions."""
    article = extract("generic/teen9x-2011_2011-03-08")
    lines = article["text"].split("\n")
    assert lines[lines.index("Bước 2:") + 1] == "Dùng khuôn dập tạo thành hình mong muốn."  # beside the picture
    assert article["captions"] == []


def test_a_boxed_table_of_the_article_keeps_its_paragraphs():
    """Zing 2012 (education): the opinion box at the end is a table whose cell holds headings and paragraphs; it
    is the article's, and its paragraphs stay lines of their own (not one '| ... |' row)."""
    lines = extract("generic/zing-education-2012_2012-11-30")["text"].split("\n")
    start = lines.index("Một số ý kiến khác về vấn đề dạy Văn theo khuôn mẫu")
    assert lines[start + 1] == "Phải để học sinh phá cách"
    assert lines[start + 3] == "Giáo sư Nguyễn Minh Thuyết - Tổng chủ biên sách giáo khoa Tiếng Việt tiểu học"
    assert not any(line.startswith("|") for line in lines)


def test_right_aligned_last_paragraph_is_the_byline_and_beats_a_publisher_meta_author():
    """VnExpress 2026: meta author 'VnExpress' (the publisher); the article ends <p style="text-align:right">
    <strong>Hà Thu</strong> <em>(tổng hợp)</em></p>."""
    article = extract("generic/vnexpress-2026_2026-03-07")
    assert article["author"] == "Hà Thu"
    assert "Hà Thu" not in article["text"]
    assert article["text"].split("\n")[-1].startswith("Trước mắt, cơ quan quản lý tăng kiểm tra tình hình nhập khẩu")


def test_signature_run_gives_the_person_not_the_source():
    """GenK 2012: two right-aligned divs, 'Theo Minh Nguyễn/Vcamp.vn' then 'Forbes'; meta author 'VCCorp.vn'."""
    article = extract("generic/genk-2012_2012-12-21")
    assert article["author"] == "Minh Nguyễn"
    assert "Forbes" not in article["text"].split("\n")
    assert "Theo Minh Nguyễn/Vcamp.vn" not in article["text"]
    assert "Bài viết khác" not in article["text"].split("\n")


def test_one_word_theo_credit_is_an_outlet_not_an_author():
    """Soha 2012: span[itemprop=author] says 'Theo Ngoisao' (copied from Ngôi Sao); meta author 'VCCorp.vn'."""
    assert extract("generic/soha-gallery-2012_2012-12-25")["author"] is None


def test_tin_anh_credit_line_is_the_author_and_no_text():
    """The #newscontents reconstruction ends with a right-aligned 'Bài, ảnh: MỸ THANH'."""
    article = extract("newscontents/baocantho_2024-07-20")
    assert article["author"] == "MỸ THANH"
    assert "MỸ THANH" not in article["text"]


@pytest.mark.parametrize("line, name", [
    ("Bài, ảnh: MỸ THANH", "MỸ THANH"),
    ("Tin, ảnh: Minh Hà", "Minh Hà"),
    ("Bài và ảnh: Quang Huy", "Quang Huy"),
    ("Tin: Ngọc Anh", "Ngọc Anh"),
    ("Tin tức: giá vàng hôm nay tăng mạnh", None),
    ("Bài học: 3 bước để tiết kiệm", None),
    ("Theo kế hoạch, công trình sẽ hoàn thành trong tháng 9.", None),
])
def test_credited_name(line, name):
    assert credited_name(line) == name


def test_credit_lines_leave_the_text():
    lines = ["Đoạn văn thứ nhất của bài báo, đủ dài để là một câu.", "Tin, ảnh: Minh Hà"]
    assert clean_lines(lines, set(), keep_captions=False) == lines[:1]


def test_author_cleaning_of_vietnamese_bylines():
    assert clean_author("Hà Thu (tổng hợp)") == "Hà Thu"
    assert clean_author("Theo Minh Nguyễn/Vcamp.vn") == "Minh Nguyễn"
    assert clean_author("H.V.") == "H.V."
    assert clean_author("Theo Hồ Hương") == "Hồ Hương"
    assert clean_author("Theo TTXVN") is None
    assert clean_author("T.Hà") == "T.Hà"


@pytest.mark.parametrize("byline, author", [
    ("Bài và ảnh: Nguyễn Văn An", "Nguyễn Văn An"),  # wrote and photographed: the name is the writer's
    ("Bài, ảnh: Nguyễn Văn An", "Nguyễn Văn An"),
    ("Tin, ảnh: Hồng Nhung", "Hồng Nhung"),
    ("Bài: Lê Lan - Ảnh: Minh Hoa", "Lê Lan"),  # the photographer is no author
    ("Nguyễn Văn An. Ảnh: Lê Hà", "Nguyễn Văn An"),
    ("Người viết: Nguyễn Văn An", "Nguyễn Văn An"),
    ("Thực hiện: Nguyễn Văn An", "Nguyễn Văn An"),
    ("Nhóm PV", "Nhóm PV"),  # a reporters' group, as vn-real's truth keeps it
])
def test_labelled_vietnamese_bylines(byline, author):
    assert clean_author(byline, printed=True) == author


def test_publishers_are_no_authors():
    assert without_publishers(["VnExpress"], "VnExpress", "vnexpress.net") == []
    assert without_publishers(["VCCorp.vn"], None, "genk.vn") == []
    assert without_publishers(["XinhXinh"], None, "xinhxinh.com.vn") == []
    assert without_publishers(["Theo Hồ Hương"], "cafef", "cafef.vn") == ["Theo Hồ Hương"]


def test_dateline_written_by_a_script_is_the_publication_date():
    """Ngôi Sao 2012: no meta date; a script writes 'Th&#7913; n&#259;m, 20/12/2012, 16:10 GMT+7' into #pDateTime."""
    assert extract("generic/ngoisao-photo-2012_2012-12-20")["published"] == "2012-12-20T16:10:00+07:00"


@pytest.mark.parametrize("text, published", [
    ("Thứ năm, 20/12/2012, 16:10 GMT+7", "2012-12-20T16:10:00+07:00"),
    ("Thứ Bảy, 20/07/2024, 08:15 (GMT+7)", "2024-07-20T08:15:00+07:00"),
    ("Chủ nhật, ngày 7/3/2026 - 00:05", "2026-03-07T00:05:00+07:00"),
    ("Thứ Tư, 02/12/2026", None),  # the header's "today": no time, no dateline
    ("Hội nghị ngày 20/12/2012 lúc 16:10", None),  # no weekday: a date in a sentence
])
def test_find_dateline(text, published):
    assert find_dateline(text) == published


def test_labelled_stamp_in_forum_software_order_and_zone():
    """Teen9x 2011 (vBulletin CMS, vn-real half A): 'Published on 03-08-2011 01:00 AM'; the page's other dates
    (12-24-2012) are month first, its footer says 'Múi giờ GMT +8': 8 March, 01:00 there is 00:00 in Vietnam."""
    assert extract("generic/teen9x-2011_2011-03-08")["published"] == "2011-03-08T00:00:00+07:00"


@pytest.mark.parametrize("text, published", [
    ("Published on 03-08-2011 01:00 AM", "2011-08-03T01:00:00+07:00"),  # nothing tells the order: day first
    ("Published on 03-08-2011 01:00 AM · 12-24-2012", "2011-03-08T01:00:00+07:00"),  # the page writes month first
    ("Posted on 12/24/2012 at 10:15 pm", "2012-12-24T22:15:00+07:00"),  # 24 cannot be a month
    ("Đăng lúc 08:30 19/07/2024", "2024-07-19T08:30:00+07:00"),  # the time first
    ("Đăng lúc 08h30 19/07/2024", "2024-07-19T08:30:00+07:00"),
    ("Ngày đăng: 19-07-2024", "2024-07-19T00:00:00+07:00"),
    ("Posted 24/12/2012 12:05 AM, tất cả thời gian theo GMT +8", "2012-12-23T23:05:00+07:00"),
    ("Hội nghị ngày 20/12/2012 lúc 16:10", None),  # no label: a date in a sentence
    ("Published on 24/12/2012 10:15, GMT+99 GMT +75", "2012-12-24T10:15:00+07:00"),  # no clock's offsets
    ("Published on 24/12/2012 10:15 · GMT +8 · GMT+9", "2012-12-24T10:15:00+07:00"),  # two offsets: neither
])
def test_find_labelled_date(text, published):
    assert find_labelled_date(text) == published


def test_a_forum_thread_is_its_first_post():
    """Tinhte 2012 (XenForo, vn-real half B): the posts are sibling ``li#post-N`` of ``ol#messageList``; the first is
    the article, the replies are comments."""
    text = extract("generic/tinhte-thread-2012_2012-12-14")["text"]
    assert text.startswith("Có rất nhiều điều thú vị với Facebook")
    for reply in ("Cơ quan chặn mọi thứ liên quan tới FB", "Sửa lần cuối bởi", "Thảo luận trong 'Dịch vụ trực tuyến'"):
        assert reply not in text


def test_sibling_posts_keep_only_the_first():
    posts = "".join(f"<li id='post-{100 + i}' class='message'><blockquote>{text}</blockquote></li>"
                    for i, text in enumerate(["Bài viết đầu tiên của chủ đề, nội dung chính.", "Trả lời thứ nhất.",
                                              "Trả lời thứ hai."]))
    tree = parse_html(f"<html><body><ol id='messageList'>{posts}</ol><div id='post-9'>Khác</div></body></html>")
    remove_thread_replies(tree)
    assert [li.get("id") for li in tree.iter("li")] == ["post-100"]
    assert tree.find(".//div[@id='post-9']") is not None  # a lone post id is no thread


def test_bold_signature_names_the_writers_over_the_cms_meta_author():
    """Dân Trí 2012: meta author 'Công nghệ ChannelVN' (the CMS, printed nowhere), the article signed in bold at
    its end: <P><B>Quang Phong - Tùng Nguyên</B></P>."""
    art = extract("generic/dantri-2012_2012-12-25")
    assert art["author"] == "Quang Phong - Tùng Nguyên"  # as printed
    assert "Quang Phong" not in art["text"]


@pytest.mark.parametrize("signature, author", [
    ("Văn Phúc (TTXVN)", "Văn Phúc"),  # the agency in brackets
    ("Hà Thu (tổng hợp)", "Hà Thu"),  # what the writer did
    ("Minh Châu (theo Reuters)", "Minh Châu"),
    ("Ảnh minh họa (nguồn Internet)", None),  # sentence case: a caption, not a name
])
def test_bold_signature_with_a_note_in_brackets(signature, author):
    body = "".join(f"<p>Đoạn văn thứ {i} của bài viết nói về tình hình kinh tế xã hội của tỉnh trong năm qua.</p>"
                   for i in range(8))
    html = (f"<html><body><h1>Tiêu đề bài viết thử nghiệm</h1><div class='noi-dung'>{body}"
            f"<p><strong>{signature}</strong></p></div></body></html>")
    article = extract_article(html, min_words=10)
    assert article["author"] == author
    assert (signature in article["text"]) is (author is None)


@pytest.mark.parametrize("class_name", ["tac-gia", "tacgia", "box-tacgia", "tacGia", "author", "Author"])
def test_a_byline_element_named_in_vietnamese_or_english(class_name):
    """"tác giả" is Vietnamese for author; older CMSes write their class names in camelCase."""
    body = "".join(f"<p>Đoạn văn thứ {i} của bài viết nói về tình hình kinh tế xã hội của tỉnh trong năm qua.</p>"
                   for i in range(8))
    html = (f"<html><body><h1>Tiêu đề bài viết thử nghiệm</h1><div class='{class_name}'>Nguyễn Văn An</div>"
            f"<div class='noi-dung'>{body}</div></body></html>")
    assert extract_article(html, min_words=10)["author"] == "Nguyễn Văn An"


@pytest.mark.parametrize("class_name", ["sapo", "detail-sapo", "article-deck", "c-deck__text"])
def test_a_standfirst_named_sapo_or_deck(class_name):
    lead = "Tỉnh đã hoàn thành kế hoạch phát triển kinh tế xã hội năm 2024 với nhiều chỉ tiêu vượt mức đề ra."
    body = "".join(f"<p>Đoạn văn thứ {i} của bài viết nói về tình hình kinh tế xã hội của tỉnh trong năm qua.</p>"
                   for i in range(8))
    html = (f"<html><head><meta name='description' content='{lead}'></head><body>"
            f"<h1>Tiêu đề bài viết thử nghiệm</h1><div class='tin-moi'>Tin mới</div>"
            f"<div class='{class_name}'>{lead}</div><div class='noi-dung'>{body}</div></body></html>")
    assert extract_article(html, min_words=10)["lead"] == lead


@pytest.fixture(scope="module")
def dantri():
    return extract("generic/dantri-2012_2012-12-25")


def test_div_paragraphs_beside_p_paragraphs_are_text(dantri):
    """Dân Trí 2012: div.fon34 mixes <P> paragraphs with paragraphs typed as <DIV align=left>text<BR></DIV>;
    trafilatura alone drops every <DIV> one (a third of the article)."""
    lines = dantri["text"].split("\n")
    assert lines[0].startswith("Cụ thể, trong dịp nghỉ Tết Dương lịch cán bộ, công chức, viên chức")
    assert lines[3] == ("Các cơ quan, tổ chức không thực hiện lịch nghỉ cố định 2 ngày thứ Bảy, Chủ nhật hàng tuần "
                        "thì căn cứ vào chương trình, kế hoạch cụ thể của đơn vị để bố trí lịch nghỉ cho phù hợp.")
    without = extract_article(dantri_html(), DANTRI_URL, {}, min_words=DEFAULT_MIN_WORDS, rules_off=("div_paragraphs",))
    assert "Cụ thể, trong dịp nghỉ Tết" not in without["text"]


def test_standfirst_past_a_textless_block_without_its_related_link(dantri):
    """Dân Trí 2012: h1, then a Facebook-like iframe, then h2.fon33 holding the sapo and, after a <br>, a related
    article's link ('>> Công chức, viên chức được nghỉ 9 ngày dịp Tết Âm lịch')."""
    assert dantri["lead"] == ("(Dân trí) - UBND Hà Nội vừa thông báo về việc hoán đổi ngày nghỉ hàng tuần vào các "
                              "dịp nghỉ lễ, Tết năm 2013. Tết Dương lịch được nghỉ 4 ngày liên tục từ 29/12/2012 đến "
                              "hết ngày 1/1/2013; Tết Âm lịch được nghỉ 9 ngày liên tục từ 9/2/2013 đến hết ngày "
                              "17/2/2013.")


def test_printed_dateline_gives_the_time_htmldate_did_not_find():
    """Xinhxinh 2012: htmldate finds only the day (midnight); the page prints 'Thứ Hai, 24/12/2012 15:02'."""
    assert extract("generic/xinhxinh-photo-2012_2012-12-24")["published"] == "2012-12-24T15:02:00+07:00"


def test_the_date_under_the_headline_is_the_first_posts_not_a_later_ones():
    """Tinhte 2012 (XenForo, vn-real half B): the line under the h1 says the thread was started on '14/12/12' (its
    title attribute: 'at 16:18'); htmldate took 21/12/12 from another thread's date in the sidebar."""
    assert extract("generic/tinhte-thread-2012_2012-12-14")["published"] == "2012-12-14T16:18:00+07:00"


def test_a_logo_h1_is_no_headline_and_the_date_follows_the_real_one():
    """iOne 2012 (vn-real half B): the only h1 is the logo (a link home); the headline is ``h3.Title``, followed by
    ``span.timePost`` '15:20 PM | 21/12/2012', which htmldate cannot read (the time comes first). The <title> is
    'Những người khổ hạnh vì bớt lạ - Ảnh | Trang thông tin dành cho giới trẻ - VnExpress iOne'."""
    article = extract("generic/ione-listicle-2012_2012-12-21")
    assert article["published"] == "2012-12-21T15:20:00+07:00"
    assert article["title"] == "Những người khổ hạnh vì bớt lạ - Ảnh"  # the logo's text was the site's name


@pytest.mark.parametrize("heading, logo", [
    ('<h1><a href="http://ione.vnexpress.net/" rel="home"><span>VnExpress iOne</span></a></h1>', True),
    ('<h1><a href="/">Báo Nghệ An</a></h1>', True),
    ('<h1 class="logo"><a href="https://baonghean.vn">Báo Nghệ An</a></h1>', True),
    ('<h1><a href="#">Khai mạc hội nghị xúc tiến đầu tư</a></h1>', False),  # stays on the page
    ('<h1><a href="">Khai mạc hội nghị xúc tiến đầu tư</a></h1>', False),
    ('<h1><a href="/kinh-te/khai-mac-hoi-nghi-123.html">Khai mạc hội nghị</a></h1>', False),
    ('<h1>Khai mạc hội nghị <a href="/">xúc tiến</a> đầu tư</h1>', False),  # text outside the link
])
def test_a_heading_that_links_home_is_the_sites_logo(heading, logo):
    tree = parse_html(f"<html><body>{heading}</body></html>")
    assert names_the_site(tree.find(".//h1")) is logo


def test_a_vietnamese_twelve_hour_clock_under_the_headline():
    """Zing 2012 (vn-real half B): 'Cập nhật thứ sáu, ngày 30/11/12 04:00 chiều' is 16:00 (chiều: afternoon)."""
    assert extract("generic/zing-education-2012_2012-11-30")["published"] == "2012-11-30T16:00:00+07:00"


def test_a_date_far_below_the_headline_is_not_the_headlines():
    filler = "Nội dung bài viết dài. " * 20
    html = (f"<html><body><h1>Tiêu đề của bài viết thử nghiệm</h1><p>{filler}</p><p>{filler}</p>"
            f"<div class='comment'><span class='date'>15:20 24/12/2012</span> Bình luận</div></body></html>")
    assert extract_article(html, min_words=1)["published"] is None


@pytest.mark.parametrize("printed, page, published", [
    ("15:20 PM | 21/12/2012", "", "2012-12-21T15:20:00+07:00"),  # an hour past 12 stays, whatever follows it
    ("14/12/12 at 16:18", "", "2012-12-14T16:18:00+07:00"),  # forum software's two-digit year
    ("03-08-2011 01:00 AM", "12-24-2012", "2011-03-08T01:00:00+07:00"),  # the page writes month first
    ("24-12-2012", "12-24-2012", "2012-12-24T00:00:00+07:00"),  # but 24 is the day whatever the page does
    ("03-08-2011 01:00 AM", "Múi giờ GMT +8 · 12-24-2012", "2011-03-08T00:00:00+07:00"),  # and its own zone
    ("ngày 24/12/12 11:05 tối", "", "2012-12-24T23:05:00+07:00"),  # tối: evening
    ("9:30 sáng 01/02/2013", "", "2013-02-01T09:30:00+07:00"),  # sáng: morning
    ("Cập nhật lúc 10h15 ngày 06/01/2025", "", "2025-01-06T10:15:00+07:00"),  # the Vietnamese clock
    ("12:10 trưa 01/02/2013", "", "2013-02-01T12:10:00+07:00"),  # trưa: noon
    ("1:10 trưa 01/02/2013", "", "2013-02-01T13:10:00+07:00"),
    ("12:30 đêm 01/02/2013", "", "2013-02-01T00:30:00+07:00"),  # đêm: night, past midnight
    ("10:30 đêm 01/02/2013", "", "2013-02-01T22:30:00+07:00"),
    ("2012-12-21T15:20:00+08:00", "", "2012-12-21T15:20:00+08:00"),  # machine-readable: as parse_date reads it
    ("Bình luận (12)", "", None),
    ("31/02/12", "", None),
])
def test_read_printed_date(printed, page, published):
    assert read_printed_date(printed, page) == published


def test_parse_date_reads_a_twelve_hour_clock():
    assert parse_date("21/12/2012 3:20 PM") == "2012-12-21T15:20:00+07:00"
    assert parse_date("21/12/2012 12:05 AM") == "2012-12-21T00:05:00+07:00"
    assert parse_date("21/12/2012 15:20 PM") == "2012-12-21T15:20:00+07:00"


@pytest.mark.parametrize("byline, printed", [
    ("Quang Phong - Tùng Nguyên", "Quang Phong - Tùng Nguyên"),
    ("Thu Hà, Minh Đức", "Thu Hà, Minh Đức"),
    ("Nhóm PV", "Nhóm PV"),
    ("Theo Minh Nguyễn/Vcamp.vn", "Minh Nguyễn"),
])
def test_printed_bylines_keep_their_separators(byline, printed):
    assert clean_author(byline, printed=True) == printed
    assert clean_author(byline) == printed.replace(" - ", "; ").replace(", ", "; ")
