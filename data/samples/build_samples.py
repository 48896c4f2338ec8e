"""Builds the offline sample-site mirrors, sites.toml and expected.json from the hand-written content.py.

    python -B data/samples/build_samples.py          # (re)writes data/samples/<host>/..., expected.json
    python -B data/samples/build_samples.py --check  # also verifies the result

Everything a page shows is written here as a template around the article text; expected.json lists that same
text (paragraphs, captions, boilerplate lines) as the truth an extractor must reproduce.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import sys
import unicodedata
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import content as C  # noqa: E402

ROOT = Path(__file__).resolve().parent
E = html.escape
WS = re.compile(r"\s+")

BNA, VNVN, BQN = "https://baonghean.vn", "https://www.vietnam.vn", "https://baoquangninh.vn"
BNA_ARTICLES = [C.BNA_EN_RESOLUTION, C.BNA_EN_EXPORT, C.BNA_VI_FDI, C.BNA_VI_KIMLIEN]
VN_ARTICLES = [C.VN_RESOLUTION, C.VN_QUANGNINH_HOME, C.VN_DANANG_TOURISM]
BQN_ARTICLES = [C.BQN_HALONG, C.BQN_CHUYENDOISO, C.BQN_VANDON]

# Bad responses (article-looking URLs)
BNA_404 = "/en/nghe-an-opens-first-semiconductor-training-centre-10279999.html"
VN_404 = "/en/hai-phong-khoi-cong-cau-vuot-nut-giao-nam-cau-bin"
BQN_500 = "/khai-mac-hoi-cho-ocop-quang-ninh-he-2024-3301500.html"
BQN_404 = "/quang-ninh-ra-quan-don-ve-sinh-bai-bien-3300404.html"
BQN_GALLERY = "/anh-ve-dep-vinh-ha-long-mua-he-3301777.html"
BQN_PDF = "/bao-cao-thuong-nien-2024-1112223.html"

BHT, BTH = "https://baohatinh.vn", "https://baothanhhoa.vn"
BHT_ARTICLES = [C.HT_LUAXUAN, C.HT_VUNGANG, C.HT_THIENCAM]
BTH_ARTICLES = [C.TH_SAMSON, C.TH_VENBIEN]
# listed in the July news sitemap (published in June, modified in July), taken down since: 404
BHT_REMOVED = ("/thong-bao-tam-dung-cap-nuoc-khu-vuc-thanh-pho-ha-tinh-post270999.html",
               "2024-06-29T08:00:00+07:00", "2024-07-01T09:00:00+07:00")


def squash(text: str) -> str:
    return WS.sub(" ", text).strip()


def plain(fragment: str) -> str:
    """Visible text of an inline HTML fragment."""
    return squash(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def dt(value: str) -> datetime:
    return datetime.fromisoformat(value)


def dnum(value: str) -> str:
    """OneCMS English date token: digits as letters A-J, Z as separator (DNUM_BJZAHZCACE 18:02)."""
    d = dt(value)
    letters = "Z".join(f"{d.day:02d} {d.month:02d} {d.year}".split())
    return "DNUM_" + letters.translate(str.maketrans("0123456789", "ABCDEFGHIJ")) + d.strftime(" %H:%M")


def vi_weekday(value: str) -> str:
    return ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"][dt(value).weekday()]


def rfc822(value: str) -> str:
    return format_datetime(dt(value))


def caption_line(article: dict, caption: str, credit: str | None) -> str:
    if not credit:
        return caption
    return f"{caption} {'Photo' if article['lang'] == 'en' else 'Ảnh'}: {credit}"


def image_url(article: dict, name: str) -> str:
    if article["site"] == "baonghean":
        return f"https://baonghean.1cdn.vn/{article['image_date']}/{name}"
    if article["site"] == "vietnamvn":
        return f"https://vstatic.vietnam.vn/vietnam/resource/IMAGE/{article['image_date']}/{name}"
    if article["site"] in ("baohatinh", "baothanhhoa"):
        return f"https://img.{article['host']}/{article['image_date']}/{name}"
    return f"https://media.baoquangninh.vn/upload/image/202407/medium/{name}"


def figures(article: dict) -> list[tuple[str, str, str | None]]:
    return [(item[1], item[2], item[3]) for item in article["body"] if item[0] == "fig"]


def jsonld(article: dict, origin: str, publisher: str, logo: str) -> str:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": origin + article["path"]},
        "headline": article["title"], "description": article["lead"],
        "image": [image_url(article, f[0]) for f in figures(article)],
        "datePublished": article["published"], "dateModified": article["modified"],
        "author": {"@type": "Person", "name": article["author"]},
        "publisher": {"@type": "Organization", "name": publisher,
                      "logo": {"@type": "ImageObject", "url": logo}},
        "inLanguage": article["lang"], "keywords": ", ".join(article["tags"]),
    }
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def write(path: str, text: str | bytes, encoding: str = "utf-8") -> None:
    target = ROOT / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        assert encoding != "utf-8" or unicodedata.is_normalized("NFC", text), path
        text = text.encode(encoding)
    target.write_bytes(text)


def page_file(host: str, url_path: str) -> str:
    """Where the file for a URL path lives (directory index for extensionless/trailing-slash URLs)."""
    if url_path.endswith("/"):
        return f"{host}{url_path}index.html"
    if "." not in url_path.rsplit("/", 1)[-1]:
        return f"{host}{url_path}/index.html"
    return f"{host}{url_path}"


# ==================================================================================================
# baonghean.vn — OneCMS
# ==================================================================================================
BNA_MENU_VI = [("Trang chủ", "/"), ("Thời sự", "/thoi-su/"), ("Kinh tế", "/kinh-te/"), ("Văn hóa", "/van-hoa/"),
               ("English", "/en/politics/")]
BNA_MENU_EN = [("Home", "/en/politics/"), ("Party Building", "/en/politics/"), ("Economy", "/en/economy/"),
               ("Nghe An Land and People", "/en/economy/"), ("Tiếng Việt", "/thoi-su/")]
BNA_FOOTER_EN = ("Nghe An Newspaper - Organ of the Nghe An Provincial Party Committee. Editor-in-chief: Pham Tuan Vinh. "
                 "Address: 5 Nguyen Thi Minh Khai, Vinh City, Nghe An.")
BNA_FOOTER_VI = ("Báo Nghệ An - Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Nghệ An. "
                 "Địa chỉ: Số 5 Nguyễn Thị Minh Khai, thành phố Vinh, Nghệ An.")
POWERED = "POWERED BY ONECMS - A PRODUCT OF NEKO"


def bna_header(lang: str) -> str:
    menu = BNA_MENU_EN if lang == "en" else BNA_MENU_VI
    items = "\n".join(f'      <li class="c-menu__item"><a href="{BNA}{href}">{E(label)}</a></li>' for label, href in menu)
    hotline = "Hotline: 0238 3844 226" if lang == "vi" else "Contact the newsroom"
    return f"""<header class="c-header">
  <div class="c-header__top"><a class="c-logo" href="{BNA}/"><img src="https://baonghean.1cdn.vn/logo.png" alt="Báo Nghệ An"></a>
    <span class="c-header__hotline">{hotline}</span></div>
  <nav class="c-menu">
    <ul class="c-menu__list">
{items}
    </ul>
  </nav>
</header>"""


def bna_footer(lang: str) -> str:
    text = BNA_FOOTER_EN if lang == "en" else BNA_FOOTER_VI
    return f"""<footer class="c-footer">
  <div class="c-footer__info"><p>{E(text)}</p></div>
  <div class="c-footer__powered"><a href="https://onecms.vn" rel="nofollow">{POWERED}</a></div>
</footer>"""


def bna_body_html(article: dict) -> str:
    out, n_fig = [], 0
    for item in article["body"]:
        kind = item[0]
        if kind == "p":
            out.append(f'<p class="align-justify">{item[1]}</p>')
        elif kind == "h2":
            out.append(f"<h2>{E(item[1])}</h2>")
        elif kind == "strong":
            out.append(f'<p class="align-justify"><strong>{E(item[1])}</strong></p>')
        elif kind == "fig":
            _, name, caption, credit = item
            src, line = image_url(article, name), E(caption_line(article, caption, credit))
            alt = E(caption.rstrip("."))
            if n_fig % 2 == 0:
                out.append(f"""<table class="picture" align="center">
  <tbody>
    <tr><td class="pic"><img data-src="{src}" src="{src}" alt="{alt}" width="800" height="533" class="lazyload"></td></tr>
    <tr><td class="caption"><p>{line}</p></td></tr>
  </tbody>
</table>""")
            else:
                out.append(f"""<figure class="image"><img src="{src}" alt="{alt}" width="800" height="533">
  <figcaption>{line}</figcaption>
</figure>""")
            n_fig += 1
    return "\n".join(out)


def bna_related(article: dict) -> dict[str, list[dict]]:
    same_lang = [a for a in BNA_ARTICLES if a["lang"] == article["lang"] and a is not article]
    other = [a for a in BNA_ARTICLES if a["lang"] == article["lang"]]
    if article["lang"] == "en":
        return {"Same tag": same_lang, "Latest": other}
    return {"Bài liên quan": same_lang, "Bài đọc tiếp": same_lang}


def bna_article(article: dict) -> str:
    en = article["lang"] == "en"
    url = BNA + article["path"]
    suffix = " | Nghe An Newspaper" if en else " - Báo Nghệ An"
    first_img = image_url(article, figures(article)[0][0]) if figures(article) else ""
    tags = "\n".join(f'    <a href="{BNA}/{"en/" if en else ""}tags/{re.sub("[^a-z0-9]+", "-", t.lower()).strip("-")}.html">{E(t)}</a>'
                     for t in article["tags"])
    boxes = []
    for title, items in bna_related(article).items():
        links = "\n".join(f'      <li><a href="{BNA}{a["path"]}">{E(a["title"])}</a></li>' for a in items)
        boxes.append(f"""  <div class="c-box">
    <h3 class="c-box__title">{E(title)}</h3>
    <ul class="c-box__list">
{links}
    </ul>
  </div>""")
    if en:
        boxes.append(f"""  <div class="c-box c-box--featured">
    <h3 class="c-box__title">Featured Nghe An Newspaper</h3>
    <ul class="c-box__list"><li><a href="{BNA}{C.BNA_EN_EXPORT['path']}">{E(C.BNA_EN_EXPORT['title'])}</a></li></ul>
  </div>""")
    if en:
        head = f"""    <div class="sc-longform-header">
      <div class="sc-longform-header-cate"><a href="{BNA}{article['section'][1]}">{E(article['section'][0])}</a></div>
      <h1 class="sc-longform-header-title">{E(article['title'])}</h1>
      <div class="sc-longform-header-meta"><span class="sc-longform-header-author">{E(article['author'])}</span> <span class="sc-longform-header-date">{dnum(article['published'])}</span></div>
      <p class="sc-longform-header-sapo">{E(article['lead'])}</p>
    </div>"""
        share = "Share on Facebook", "Share on Zalo", "Print", "Copy link", "Tags:", "Comment", \
            "Your comment will be moderated before it is published.", "Send comment", "Source link:"
    else:
        d = dt(article["published"])
        head = f"""    <div class="c-detail-head">
      <div class="c-detail-head__cate"><a href="{BNA}{article['section'][1]}">{E(article['section'][0])}</a></div>
      <h1 class="c-detail-head__title sc-longform-header-title">{E(article['title'])}</h1>
      <div class="c-detail-head__row"><span class="c-detail-head__author sc-longform-header-author">{E(article['author'])}</span> <span class="c-detail-head__time sc-longform-header-date">{vi_weekday(article['published'])}, {d:%d/%m/%Y %H:%M}</span></div>
      <p class="sc-longform-header-sapo">{E(article['lead'])}</p>
    </div>"""
        share = "Chia sẻ Facebook", "Chia sẻ Zalo", "In bài viết", "Sao chép liên kết", "Từ khóa:", "Bình luận", \
            "Bình luận của bạn sẽ được biên tập trước khi đăng.", "Gửi bình luận", "Nguồn bài viết:"
    return f"""<!DOCTYPE html>
<html lang="{article['lang']}">
<head>
<meta charset="utf-8">
<title>{E(article['title'])}{suffix}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{E(article['lead'])}">
<meta name="keywords" content="{E(', '.join(article['tags']))}">
<link rel="canonical" href="{url}">
<link rel="alternate" type="application/rss+xml" title="Báo Nghệ An" href="{BNA}/rss/home.rss">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{'Nghe An Newspaper' if en else 'Báo Nghệ An'}">
<meta property="og:title" content="{E(article['title'])}">
<meta property="og:description" content="{E(article['lead'])}">
<meta property="og:image" content="{first_img}">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{article['published']}">
<meta property="article:modified_time" content="{article['modified']}">
<meta property="article:section" content="{E(article['section'][0])}">
<script type="application/ld+json">
{jsonld(article, BNA, 'Báo Nghệ An', 'https://baonghean.1cdn.vn/logo.png')}
</script>
<script>window.ONECMS = {{"pageType": "article", "articleId": {article['path'][-13:-5]}}};</script>
</head>
<body class="onecms onecms--detail">
{bna_header(article['lang'])}
<div class="b-maincontent">
  <article class="entry" data-id="{article['path'][-13:-5]}">
{head}
    <div class="c-share"><a class="c-share__fb" href="#">{share[0]}</a> <a class="c-share__zalo" href="#">{share[1]}</a> <a class="c-share__print" href="javascript:window.print()">{share[2]}</a></div>
    <div class="entry-body cms-body">
{bna_body_html(article)}
    </div>
    <div class="c-widget-tags onecms__tags"><span class="c-widget-tags__label">{share[4]}</span>
{tags}
    </div>
    <div class="js-source-copy c-source-copy"><span>{share[8]}</span> <span class="c-source-copy__url">{url}</span> <button type="button">{share[3]}</button></div>
    <div class="c-comment-box" id="comments">
      <h3 class="c-comment-box__title">{share[5]}</h3>
      <form class="c-comment-box__form"><textarea name="content"></textarea><button type="submit">{share[7]}</button></form>
      <p class="c-comment-box__note">{share[6]}</p>
    </div>
  </article>
{chr(10).join(boxes)}
</div>
{bna_footer(article['lang'])}
</body>
</html>
"""


def bna_section(lang: str, title: str, path: str, links: list[tuple[str, str, str]]) -> str:
    """links: (href, text, blurb)"""
    items = "\n".join(f"""    <div class="c-news-item">
      <h3 class="c-news-item__title"><a href="{href}">{E(text)}</a></h3>
      <p class="c-news-item__sapo">{E(blurb)}</p>
    </div>""" for href, text, blurb in links)
    suffix = " | Nghe An Newspaper" if lang == "en" else " - Báo Nghệ An"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{E(title)}{suffix}</title>
<link rel="canonical" href="{BNA}{path}">
<meta property="og:type" content="website">
</head>
<body class="onecms onecms--category">
{bna_header(lang)}
<div class="b-maincontent">
  <h1 class="c-cate-title">{E(title)}</h1>
  <div class="c-news-list">
{items}
  </div>
</div>
{bna_footer(lang)}
</body>
</html>
"""


def build_bna() -> None:
    for a in BNA_ARTICLES + [C.BNA_PRIVATE]:
        write(page_file("baonghean.vn", a["path"]), bna_article(a))
    vi1, vi2 = C.BNA_VI_FDI, C.BNA_VI_KIMLIEN
    en1, en2 = C.BNA_EN_RESOLUTION, C.BNA_EN_EXPORT
    write("baonghean.vn/thoi-su/index.html", bna_section("vi", "Thời sự", "/thoi-su/", [
        (BNA + vi1["path"], vi1["title"], vi1["lead"]),
        (BNA + vi1["path"] + "#comments", "Bình luận (3)", "Ý kiến bạn đọc về bài viết."),
        (BNA + vi2["path"] + "?utm_source=facebook&amp;utm_medium=social", vi2["title"], vi2["lead"]),
        (BNA + C.BNA_PRIVATE["path"], C.BNA_PRIVATE["title"], "Tài liệu nội bộ."),
    ]))
    write("baonghean.vn/kinh-te/index.html", bna_section("vi", "Kinh tế", "/kinh-te/", [
        (BNA + vi1["path"], vi1["title"], vi1["lead"])]))
    write("baonghean.vn/van-hoa/index.html", bna_section("vi", "Văn hóa", "/van-hoa/", [
        (BNA + vi2["path"], vi2["title"], vi2["lead"])]))
    write("baonghean.vn/en/politics/index.html", bna_section("en", "Party Building", "/en/politics/", [
        (BNA + en1["path"], en1["title"], en1["lead"]),
        (BNA + en1["path"] + "#comments", "Comments", "Readers' opinions."),
        (BNA + en2["path"] + "?utm_source=facebook&amp;utm_medium=social", en2["title"], en2["lead"]),
        (BNA + BNA_404, "Nghe An opens first semiconductor training centre", "The centre will train 500 engineers a year."),
    ]))
    write("baonghean.vn/en/economy/index.html", bna_section("en", "Economy", "/en/economy/", [
        (BNA + en2["path"], en2["title"], en2["lead"])]))
    write("baonghean.vn/index.html", bna_section("vi", "Báo Nghệ An điện tử", "/", [
        (BNA + vi1["path"], vi1["title"], vi1["lead"]), (BNA + vi2["path"], vi2["title"], vi2["lead"])]))
    write("baonghean.vn/robots.txt", f"User-agent: *\nDisallow: /private/\n\nSitemap: {BNA}/sitemap.xml\n")
    # RSS
    items = "\n".join(f"""    <item>
      <title>{E(a['title'])}</title>
      <link>{BNA}{a['path']}</link>
      <guid isPermaLink="true">{BNA}{a['path']}</guid>
      <description><![CDATA[<img src="{image_url(a, figures(a)[0][0])}"> {a['lead']}]]></description>
      <pubDate>{rfc822(a['published'])}</pubDate>
    </item>""" for a in sorted(BNA_ARTICLES, key=lambda a: a["published"], reverse=True))
    write("baonghean.vn/rss/home.rss", f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Báo Nghệ An - Trang chủ</title>
    <link>{BNA}/</link>
    <description>Tin tức mới nhất của Báo Nghệ An</description>
    <language>vi</language>
    <atom:link href="{BNA}/rss/home.rss" rel="self" type="application/rss+xml"/>
    <lastBuildDate>{rfc822('2024-07-20T16:30:00+07:00')}</lastBuildDate>
{items}
  </channel>
</rss>
""")
    # Sitemaps
    days: dict[str, list[dict]] = {}
    for a in BNA_ARTICLES:
        days.setdefault(a["published"][:10], []).append(a)
    index = "\n".join(f"""  <sitemap>
    <loc>{BNA}/sitemap-article-{day}.xml</loc>
    <lastmod>{max(a['modified'] for a in arts)}</lastmod>
  </sitemap>""" for day, arts in sorted(days.items()))
    write("baonghean.vn/sitemap.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{index}
</sitemapindex>
""")
    for day, arts in days.items():
        urls = "\n".join(f"""  <url>
    <loc>{BNA}{a['path']}</loc>
    <lastmod>{a['modified']}</lastmod>
    <changefreq>hourly</changefreq>
    <priority>0.8</priority>
{chr(10).join(f'    <image:image><image:loc>{image_url(a, f[0])}</image:loc><image:caption>{E(f[1])}</image:caption></image:image>' for f in figures(a))}
  </url>""" for a in arts)
        write(f"baonghean.vn/sitemap-article-{day}.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
{urls}
</urlset>
""")


# ==================================================================================================
# www.vietnam.vn
# ==================================================================================================
VN_MENU = ["News", "Ministry - Branch", "Local", "Product", "Heritage", "Figure", "Business", "Image", "Video"]


def vn_shell(title: str, head_extra: str, main: str, canonical: str) -> str:
    menu = "\n".join(f'      <li><a href="{VNVN}/en/politics">{m}</a></li>' if m == "News" else f"      <li><span>{m}</span></li>"
                     for m in VN_MENU)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{E(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="canonical" href="{canonical}">
{head_extra}
</head>
<body>
<header class="site-header">
  <a class="logo" href="{VNVN}/en"><img src="https://vstatic.vietnam.vn/logo.svg" alt="Vietnam.vn"></a>
  <nav class="main-menu">
    <ul>
{menu}
    </ul>
  </nav>
  <form class="search" action="{VNVN}/en/search"><input name="q" placeholder="Search"></form>
</header>
{main}
<footer class="site-footer">
  <p>Vietnam.vn - National information portal. Licence No. 68/GP-TTĐT.</p>
  <p>Copyright Vietnam.vn. All rights reserved.</p>
</footer>
</body>
</html>
"""


def vn_body_html(article: dict) -> str:
    out = []
    for item in article["body"]:
        if item[0] == "p":
            out.append(f'<p style="text-align: justify;">{item[1]}</p>')
        elif item[0] == "h2":
            out.append(f"<h2>{E(item[1])}</h2>")
        elif item[0] == "strong":
            out.append(f"<p><strong>{E(item[1])}</strong></p>")
        elif item[0] == "fig":
            _, name, caption, credit = item
            line = E(caption_line(article, caption, credit))
            out.append(f"""<figure class="image"><img src="{image_url(article, name)}" alt="{E(caption)}" loading="lazy">
  <figcaption>{line}</figcaption>
</figure>""")
    return "\n".join(out)


def vn_article(article: dict) -> str:
    url = VNVN + article["path"]
    others = [a for a in VN_ARTICLES if a is not article]
    lis = lambda arts: "\n".join(f'        <li><a href="{VNVN}{a["path"]}">{E(a["title"])}</a></li>' for a in arts)  # noqa: E731
    d = dt(article["published"])
    src_name, src_url = article["source"]
    head = f"""<meta name="description" content="{E(article['lead'])}">
<meta name="author" content="{E(article['author'])}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Vietnam.vn">
<meta property="og:title" content="{E(article['title'])}">
<meta property="og:description" content="{E(article['lead'])}">
<meta property="og:image" content="{image_url(article, figures(article)[0][0])}">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{article['published']}">
<meta property="article:modified_time" content="{article['modified']}">
<script type="application/ld+json">
{jsonld(article, VNVN, 'Vietnam.vn', 'https://vstatic.vietnam.vn/logo.svg')}
</script>"""
    tags = " ".join(f'<a href="{VNVN}/en/tag/{re.sub("[^a-z0-9]+", "", t.lower())}">{E(t)}</a>' for t in article["tags"])
    main = f"""<main class="container">
  <div class="row">
    <div class="col-main">
      <article class="post-detail">
        <div class="post-category"><a href="{VNVN}{article['section'][1]}">{E(article['section'][0])}</a></div>
        <h1 class="post-title">{E(article['title'])}</h1>
        <div class="post-meta"><img class="avatar" src="https://vstatic.vietnam.vn/flag.svg" alt="Việt Nam"><span class="post-publisher">Việt Nam</span><time datetime="{article['published']}">{d:%d/%m/%Y}</time></div>
        <div class="post-sapo"><strong>{E(article['lead'])}</strong></div>
        <div class="post-content">
{vn_body_html(article)}
        </div>
        <div class="post-byline">{E(article['author'])}</div>
        <div class="post-source"><span class="label">Source</span> <a href="{src_url}" rel="nofollow" target="_blank">{E(src_name)}</a></div>
        <div class="post-tags">{tags}</div>
      </article>
      <section class="comments">
        <h3>Comment (0)</h3>
        <form><textarea placeholder="Please leave a comment to share your feelings!"></textarea><button>Send</button></form>
        <div class="empty">No data</div>
        <div class="empty">No data</div>
      </section>
      <section class="related"><h3>Same tag</h3>
      <ul>
{lis(others[:1])}
      </ul></section>
      <section class="related"><h3>Same category</h3>
      <ul>
{lis(others)}
      </ul></section>
      <section class="related"><h3>Same author</h3>
      <div class="empty">No videos available</div></section>
    </div>
    <aside class="col-side">
      <section class="featured"><h3>Featured</h3>
      <ul>
{lis(others[1:])}
      </ul></section>
      <section class="latest"><h3>Latest</h3>
      <ul>
{lis(VN_ARTICLES)}
      </ul></section>
    </aside>
  </div>
</main>"""
    return vn_shell(f"{article['title']} - Vietnam.vn", head, main, url)


def vn_section(title: str, path: str, arts: list[dict]) -> str:
    items = "\n".join(f"""      <div class="post-item"><h3><a href="{VNVN}{a['path']}">{E(a['title'])}</a></h3><p>{E(a['lead'])}</p></div>"""
                      for a in arts)
    main = f"""<main class="container">
  <h1 class="category-title">{E(title)}</h1>
  <div class="post-list">
{items}
  </div>
</main>"""
    return vn_shell(f"{title} - Vietnam.vn", '<meta property="og:type" content="website">', main, VNVN + path)


def build_vn() -> None:
    for a in VN_ARTICLES:
        write(page_file("www.vietnam.vn", a["path"]), vn_article(a))
    write("www.vietnam.vn/en/politics/index.html", vn_section("Politics", "/en/politics", [C.VN_RESOLUTION, C.VN_QUANGNINH_HOME]))
    write("www.vietnam.vn/en/economy/index.html", vn_section("Economy", "/en/economy", [C.VN_DANANG_TOURISM]))
    write("www.vietnam.vn/en/index.html", vn_section("Vietnam.vn", "/en", VN_ARTICLES))
    write("www.vietnam.vn/robots.txt", f"User-agent: *\nDisallow: /admin/\nDisallow: /en/search\n\n"
                                      f"Sitemap: {VNVN}/sitemap.xml\nSitemap: {VNVN}/news-sitemap.xml\n")

    def urlset(entries: list[tuple[str, str]]) -> str:
        body = "\n".join(f"  <url>\n    <loc>{VNVN}{p}</loc>\n    <lastmod>{m}</lastmod>\n  </url>" for p, m in entries)
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{body}
</urlset>
"""
    v1, v2, v3 = VN_ARTICLES
    write("www.vietnam.vn/sitemap/sitemap-post/2024-07-19.xml", urlset([(v1["path"], v1["modified"]), (v2["path"], v2["modified"])]))
    gz = urlset([(v3["path"], v3["modified"]), (VN_404, "2024-07-20T17:40:00+07:00")]).encode("utf-8")
    write("www.vietnam.vn/sitemap/sitemap-post/2024-07-20.xml.gz", gzip.compress(gz, mtime=0))
    write("www.vietnam.vn/sitemap/sitemap-category.xml", urlset([("/en/politics", "2024-07-20T17:40:00+07:00"),
                                                               ("/en/economy", "2024-07-20T17:40:00+07:00")]))
    write("www.vietnam.vn/sitemap.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{VNVN}/sitemap/sitemap-post/2024-07-19.xml</loc><lastmod>2024-07-19T19:30:00+07:00</lastmod></sitemap>
  <sitemap><loc>{VNVN}/sitemap/sitemap-post/2024-07-20.xml.gz</loc><lastmod>2024-07-20T17:40:00+07:00</lastmod></sitemap>
  <sitemap><loc>{VNVN}/sitemap/sitemap-category.xml</loc><lastmod>2024-07-20T17:40:00+07:00</lastmod></sitemap>
</sitemapindex>
""")
    news = "\n".join(f"""  <url>
    <loc>{VNVN}{a['path']}</loc>
    <news:news>
      <news:publication><news:name>Vietnam.vn</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>{a['published']}</news:publication_date>
      <news:title>{E(a['title'])}</news:title>
    </news:news>
  </url>""" for a in VN_ARTICLES)
    write("www.vietnam.vn/news-sitemap.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{news}
</urlset>
""")


# ==================================================================================================
# baoquangninh.vn
# ==================================================================================================
BQN_MENU = [("Trang chủ", "/"), ("Thời sự", "/thoi-su/"), ("Kinh tế", "/kinh-te/"), ("RSS", "/rss/")]
BQN_FOOTER = ("Báo Quảng Ninh điện tử - Cơ quan của Đảng bộ tỉnh Quảng Ninh. Giấy phép số 112/GP-BTTTT. "
              "Địa chỉ: Phường Hồng Hà, thành phố Hạ Long, tỉnh Quảng Ninh.")
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_text(text: str) -> str:
    """Windows-1258 style: precomposed base vowels (â ê ô ă ơ ư đ) kept, every tone mark a combining character."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        out.append(base + tones if tones else ch)
    return "".join(out)


def bqn_shell(title: str, head_extra: str, main: str, charset: str = "utf-8") -> str:
    menu = "\n".join(f'    <li><a href="{BQN}{h}">{E(t)}</a></li>' for t, h in BQN_MENU)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="{charset}">
<title>{E(title)}</title>
{head_extra}
</head>
<body>
<div id="header">
  <div class="logo"><a href="{BQN}/"><img src="https://media.baoquangninh.vn/logo.png" alt="Báo Quảng Ninh"></a></div>
  <ul class="menu-top">
{menu}
  </ul>
</div>
<div class="main-wrap">
{main}
</div>
<div id="footer"><p>{E(BQN_FOOTER)}</p><p>Ghi rõ nguồn &quot;Báo Quảng Ninh&quot; khi phát hành lại thông tin từ website này.</p></div>
</body>
</html>
"""


def bqn_body_html(article: dict) -> str:
    out = []
    for item in article["body"]:
        if item[0] == "p":
            out.append(f"<p>{item[1]}</p>")
        elif item[0] == "h2":
            out.append(f"<h2>{E(item[1])}</h2>")
        elif item[0] == "strong":
            out.append(f"<p><strong>{E(item[1])}</strong></p>")
        elif item[0] == "fig":
            _, name, caption, credit = item
            out.append(f"""<div class="image-center"><img src="{image_url(article, name)}" alt="{E(caption)}">
  <div class="image-caption"><em>{E(caption_line(article, caption, credit))}</em></div>
</div>""")
    return "\n".join(out)


def bqn_article(article: dict, path: str | None = None) -> str:
    canonical = BQN + article["path"]
    d = dt(article["published"])
    others = [a for a in BQN_ARTICLES if a is not article]
    related = "\n".join(f'      <li><a href="{BQN}{a["path"]}">{E(a["title"])}</a></li>' for a in others)
    tags = " ".join(f'<a href="{BQN}/tag/{re.sub("[^a-z0-9]+", "-", t.lower())}/">{E(t)}</a>' for t in article["tags"])
    head = f"""<meta name="description" content="{E(article['lead'])}">
<meta name="author" content="{E(article['author'])}">
<link rel="canonical" href="{canonical}">
<meta property="og:type" content="article">
<meta property="og:title" content="{E(article['title'])}">
<meta property="og:description" content="{E(article['lead'])}">
<meta property="og:image" content="{image_url(article, figures(article)[0][0])}">
<meta property="og:url" content="{canonical}">
<meta property="article:published_time" content="{article['published']}">
<meta property="article:modified_time" content="{article['modified']}">"""
    main = f"""<div class="breadcrumb"><a href="{BQN}/">Trang chủ</a> / <a href="{BQN}{article['section'][1]}">{E(article['section'][0])}</a></div>
<div class="detail">
  <h1 class="detail-title">{E(article['title'])}</h1>
  <div class="detail-info"><span class="author">{E(article['author'])}</span> <span class="date">{vi_weekday(article['published'])}, {d:%d/%m/%Y} | {d:%H:%M}</span> <span class="share">Chia sẻ</span></div>
  <div class="detail-sapo">{E(article['lead'])}</div>
  <div class="detail-content">
{bqn_body_html(article)}
    <h3 class="box-heading">Từ khóa:</h3>
    <div class="detail-tags">{tags}</div>
    <h3 class="box-heading">Tin liên quan</h3>
    <ul class="related-news">
{related}
    </ul>
    <h3 class="box-heading">Ý kiến bạn đọc</h3>
    <form class="comment-form"><input name="name" placeholder="Họ và tên"><textarea name="comment" placeholder="Nội dung ý kiến"></textarea><button type="submit">Gửi ý kiến</button></form>
  </div>
</div>
<div class="box-most-read"><h3>Tin đọc nhiều</h3><ul>
{related}
</ul></div>"""
    charset = article.get("encoding", "utf-8")
    return bqn_shell(f"{article['title']} - Báo Quảng Ninh điện tử", head, main, charset)


def bqn_section(title: str, path: str, links: list[tuple[str, str]], next_page: str | None = None) -> str:
    items = "\n".join(f'    <li class="story"><a class="story-title" href="{BQN}{href}">{E(text)}</a></li>' for href, text in links)
    pager = f'\n  <div class="pagination"><a class="next" rel="next" href="{BQN}{next_page}">Trang sau »</a></div>' if next_page else ""
    main = f"""<h1 class="cat-title">{E(title)}</h1>
<div class="list-news">
  <ul>
{items}
  </ul>{pager}
</div>"""
    return bqn_shell(f"{title} - Báo Quảng Ninh điện tử", f'<link rel="canonical" href="{BQN}{path}">', main)


def minimal_pdf() -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"]
    stream = b"BT /F1 18 Tf 72 770 Td (Bao cao thuong nien 2024 - Bao Quang Ninh) Tj ET"
    objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def build_bqn() -> None:
    q1, q2, q3 = BQN_ARTICLES
    for a in BQN_ARTICLES:
        text = bqn_article(a)
        if a.get("encoding") == "windows-1258":
            write(page_file("baoquangninh.vn", a["path"]), cp1258_text(text).encode("cp1258"))
        else:
            write(page_file("baoquangninh.vn", a["path"]), text)
    write(page_file("baoquangninh.vn", q1["alias"]), bqn_article(q1))  # old URL, canonical → main URL
    write("baoquangninh.vn/thoi-su/index.html", bqn_section("Thời sự", "/thoi-su/", [
        (q2["path"], q2["title"]), (q1["path"], q1["title"]),
        (BQN_500, "Khai mạc Hội chợ OCOP Quảng Ninh hè 2024"),
        (BQN_404, "Quảng Ninh ra quân dọn vệ sinh bãi biển"),
    ], next_page="/thoi-su/trang-2/"))
    write("baoquangninh.vn/thoi-su/trang-2/index.html", bqn_section("Thời sự - Trang 2", "/thoi-su/trang-2/", [
        (q3["path"], q3["title"]), (q1["alias"], q1["title"]),
        (BQN_GALLERY, "Ảnh: Vẻ đẹp vịnh Hạ Long mùa hè"),
        (BQN_PDF, "Báo cáo thường niên 2024"),
    ]))
    write("baoquangninh.vn/kinh-te/index.html", bqn_section("Kinh tế", "/kinh-te/", [
        (q1["path"], q1["title"]), (q3["path"], q3["title"])]))
    write("baoquangninh.vn/index.html", bqn_section("Báo Quảng Ninh điện tử", "/", [
        (a["path"], a["title"]) for a in BQN_ARTICLES]))
    # gallery: an article-looking URL that is a listing page
    gallery_main = f"""<h1 class="cat-title">Thư viện ảnh</h1>
<p class="gallery-intro">Những khoảnh khắc đẹp của vịnh Hạ Long mùa hè qua ống kính phóng viên Báo Quảng Ninh.</p>
<ul class="gallery-grid">
{chr(10).join(f'  <li><a href="{BQN}{a["path"]}"><img src="{image_url(a, figures(a)[0][0])}" alt=""></a></li>' for a in BQN_ARTICLES)}
</ul>
<ul class="gallery-more">
  <li><a href="{BQN}/thoi-su/">Thời sự</a></li>
  <li><a href="{BQN}/kinh-te/">Kinh tế</a></li>
</ul>
<div class="pagination"><a href="{BQN}/thoi-su/">Xem thêm</a></div>"""
    write(page_file("baoquangninh.vn", BQN_GALLERY), bqn_shell(
        "Thư viện ảnh - Báo Quảng Ninh điện tử",
        f'<link rel="canonical" href="{BQN}{BQN_GALLERY}">\n<meta property="og:type" content="website">', gallery_main))
    write(page_file("baoquangninh.vn", BQN_PDF), minimal_pdf())
    write("baoquangninh.vn/_headers.toml", f"""# Per-path response overrides for the loopback mirror.
["{BQN_500}"]
status = 500
body = "<html><body><h1>500 Internal Server Error</h1></body></html>"

["{q3['path']}"]
content_type = "{q3['mislabelled']}"   # UTF-8 bytes, mislabelled charset

["{BQN_PDF}"]
content_type = "application/pdf"
""")
    write("baoquangninh.vn/robots.txt", "User-agent: *\nDisallow: /tim-kiem/\nDisallow: /admin/\n")

    def rss(name: str, title: str, entries: list[tuple[str, str, str, str]]) -> None:
        items = "\n".join(f"""    <item>
      <title>{E(t)}</title>
      <description>{E(desc)}</description>
      <link>{BQN}{p}</link>
      <guid>{BQN}{p}</guid>
      <pubDate>{rfc822(pub)}</pubDate>
    </item>""" for p, t, desc, pub in entries)
        write(f"baoquangninh.vn/rss/news/{name}.rss", f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Báo Quảng Ninh - {E(title)}</title>
    <link>{BQN}/{name}/</link>
    <description>Tin {E(title.lower())} mới nhất</description>
    <language>vi-VN</language>
{items}
  </channel>
</rss>
""")
    rss("thoi-su", "Thời sự", [(q2["path"], q2["title"], q2["lead"], q2["published"]),
                               (BQN_500, "Khai mạc Hội chợ OCOP Quảng Ninh hè 2024", "Hội chợ diễn ra đến hết ngày 25/7.",
                                "2024-07-19T10:00:00+07:00")])
    rss("kinh-te", "Kinh tế", [(q3["path"], q3["title"], q3["lead"], q3["published"]),
                               (q1["path"], q1["title"], q1["lead"], q1["published"]),
                               (BQN_PDF, "Báo cáo thường niên 2024", "Toàn văn báo cáo thường niên.",
                                "2024-07-18T16:00:00+07:00")])
    write("baoquangninh.vn/rss/index.html", bqn_section("RSS - Báo Quảng Ninh", "/rss/", [
        ("/rss/news/thoi-su.rss", "Thời sự"), ("/rss/news/kinh-te.rss", "Kinh tế")]))


# ==================================================================================================
# baohatinh.vn: "article__" (zce) markup; robots.txt -> sitemap index -> monthly gzipped news sitemaps
# ==================================================================================================
BHT_FOOTER = ("Báo Hà Tĩnh - Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Hà Tĩnh. "
              "Giấy phép số 43/GP-BTTTT. Địa chỉ: 100 Hà Huy Tập, TP Hà Tĩnh.")
BHT_MENU = [("Trang chủ", "/"), ("Kinh tế", "/kinh-te/"), ("Nông nghiệp", "/nong-nghiep/"), ("Du lịch", "/du-lich/")]


def bht_shell(title: str, head_extra: str, main: str) -> str:
    menu = "\n".join(f'    <li class="menu__item"><a href="{BHT}{h}">{E(t)}</a></li>' for t, h in BHT_MENU)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{E(title)}</title>
{head_extra}
</head>
<body>
<header class="header"><a class="header__logo" href="{BHT}/">Báo Hà Tĩnh</a>
  <ul class="menu">
{menu}
  </ul>
</header>
<main class="main">
{main}
</main>
<footer class="footer"><p>{E(BHT_FOOTER)}</p></footer>
</body>
</html>
"""


def figure_html(article: dict, name: str, caption: str, credit: str | None) -> str:
    return f"""<figure class="picture"><img data-src="{image_url(article, name)}" alt="{E(caption)}">
  <figcaption class="caption">{E(caption_line(article, caption, credit))}</figcaption>
</figure>"""


def simple_body_html(article: dict) -> str:
    out = []
    for item in article["body"]:
        if item[0] == "p":
            out.append(f"<p>{item[1]}</p>")
        elif item[0] == "h2":
            out.append(f"<h2>{E(item[1])}</h2>")
        elif item[0] == "strong":
            out.append(f"<p><strong>{E(item[1])}</strong></p>")
        elif item[0] == "fig":
            out.append(figure_html(article, *item[1:]))
    return "\n".join(out)


def article_head(article: dict, origin: str, publisher: str) -> str:
    canonical = origin + article["path"]
    return f"""<meta name="description" content="{E(article['lead'])}">
<link rel="canonical" href="{canonical}">
<meta property="og:type" content="article">
<meta property="og:title" content="{E(article['title'])}">
<meta property="og:description" content="{E(article['lead'])}">
<meta property="og:url" content="{canonical}">
<meta property="article:published_time" content="{article['published']}">
<meta property="article:modified_time" content="{article['modified']}">
<script type="application/ld+json">{jsonld(article, origin, publisher, origin + '/logo.png')}</script>"""


def bht_article(article: dict) -> str:
    d = dt(article["published"])
    others = [a for a in BHT_ARTICLES if a is not article]
    related = "\n".join(f'    <li><a href="{BHT}{a["path"]}">{E(a["title"])}</a></li>' for a in others)
    tags = " ".join(f'<a href="{BHT}/tag/{re.sub("[^a-z0-9]+", "-", t.lower())}/">{E(t)}</a>' for t in article["tags"])
    main = f"""<article class="article">
  <div class="article__breadcrumb"><a href="{BHT}{article['section'][1]}">{E(article['section'][0])}</a></div>
  <h1 class="article__title cms-title">{E(article['title'])}</h1>
  <div class="article__meta"><time datetime="{article['published']}">{d:%d/%m/%Y %H:%M}</time></div>
  <div class="article__sapo cms-desc">{E(article['lead'])}</div>
  <div class="article__body cms-body">
{simple_body_html(article)}
  </div>
  <div class="article__author">{E(article['author'])}</div>
  <div class="article__tag">{tags}</div>
</article>
<section class="related"><h3 class="related__title">Tin cùng chuyên mục</h3><ul>
{related}
</ul></section>"""
    return bht_shell(f"{article['title']} | Báo Hà Tĩnh", article_head(article, BHT, "Báo Hà Tĩnh"), main)


def news_sitemap(entries: list[tuple[str, str, str, str]]) -> bytes:
    """A gzipped Google News sitemap: (path, title, publication date, lastmod) per article."""
    urls = "\n".join(f"""  <url>
    <loc>{BHT}{path}</loc>
    <lastmod>{lastmod}</lastmod>
    <news:news>
      <news:publication><news:name>Báo Hà Tĩnh</news:name><news:language>vi</news:language></news:publication>
      <news:publication_date>{published}</news:publication_date>
      <news:title>{E(title)}</news:title>
    </news:news>
  </url>""" for path, title, published, lastmod in entries)
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}
</urlset>
"""
    return gzip.compress(xml.encode("utf-8"), mtime=0)


def build_bht() -> None:
    june, vungang, thiencam = BHT_ARTICLES
    for a in BHT_ARTICLES:
        write(page_file("baohatinh.vn", a["path"]), bht_article(a))
    home = "\n".join(f'  <li class="story"><a class="story__title" href="{BHT}{a["path"]}">{E(a["title"])}</a></li>'
                     for a in (thiencam, vungang))
    write("baohatinh.vn/index.html", bht_shell("Báo Hà Tĩnh điện tử", f'<link rel="canonical" href="{BHT}/">',
                                              f'<h2 class="box__title">Tin mới</h2>\n<ul class="stories">\n{home}\n</ul>'))
    for title, href in BHT_MENU[1:]:
        links = "\n".join(f'  <li class="story"><a class="story__title" href="{BHT}{a["path"]}">{E(a["title"])}</a></li>'
                          for a in BHT_ARTICLES if a["section"][1] == href)
        write(f"baohatinh.vn{href}index.html", bht_shell(f"{title} | Báo Hà Tĩnh", f'<link rel="canonical" href="{BHT}{href}">',
                                                        f'<h1 class="box__title">{E(title)}</h1>\n<ul class="stories">\n{links}\n</ul>'))
    write("baohatinh.vn/robots.txt", f"User-agent: *\nDisallow: /tim-kiem/\n\nSitemap: {BHT}/sitemap.xml\n")
    write("baohatinh.vn/sitemap.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{BHT}/sitemaps/news-2024-06.xml.gz</loc><lastmod>2024-06-30T22:00:00+07:00</lastmod></sitemap>
  <sitemap><loc>{BHT}/sitemaps/news-2024-07.xml.gz</loc><lastmod>2024-07-20T17:10:00+07:00</lastmod></sitemap>
  <sitemap><loc>{BHT}/sitemaps/categories.xml</loc><lastmod>2024-01-15T08:00:00+07:00</lastmod></sitemap>
</sitemapindex>
""")
    write("baohatinh.vn/sitemaps/news-2024-06.xml.gz",
          news_sitemap([(june["path"], june["title"], june["published"], june["modified"])]))
    write("baohatinh.vn/sitemaps/news-2024-07.xml.gz", news_sitemap(
        [(a["path"], a["title"], a["published"], a["modified"]) for a in (thiencam, vungang)]
        + [(BHT_REMOVED[0], "Thông báo tạm dừng cấp nước khu vực thành phố Hà Tĩnh", *BHT_REMOVED[1:])]))
    sections = "\n".join(f"  <url><loc>{BHT}{h}</loc></url>" for _, h in BHT_MENU)
    write("baohatinh.vn/sitemaps/categories.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{sections}
</urlset>
""")


# ==================================================================================================
# baothanhhoa.vn: "#dcontent" markup; an Atom feed and a section with a "Trang sau" link (no rel="next")
# ==================================================================================================
BTH_FOOTER = ("Báo Thanh Hóa - Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Thanh Hóa. "
              "Giấy phép số 456/GP-BTTTT. Địa chỉ: 193 Lê Hoàn, TP Thanh Hóa.")


def bth_shell(title: str, head_extra: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{E(title)}</title>
{head_extra}
</head>
<body>
<div id="top"><a href="{BTH}/">Báo Thanh Hóa</a> | <a href="{BTH}/thoi-su/">Thời sự</a></div>
<div id="wrapper">
{main}
</div>
<div id="bottom"><p>{E(BTH_FOOTER)}</p></div>
</body>
</html>
"""


def bth_article(article: dict) -> str:
    d = dt(article["published"])
    others = [a for a in BTH_ARTICLES if a is not article]
    related = "\n".join(f'    <li><a href="{BTH}{a["path"]}">{E(a["title"])}</a></li>' for a in others)
    tags = ", ".join(f'<a href="{BTH}/tag/{re.sub("[^a-z0-9]+", "-", t.lower())}.htm">{E(t)}</a>' for t in article["tags"])
    main = f"""<div class="detail-news">
  <h1 class="title-detail">{E(article['title'])}</h1>
  <div class="info-detail"><span class="author">{E(article['author'])}</span> - <span class="date">{d:%H:%M %d/%m/%Y}</span></div>
  <div class="sapo-detail"><strong>{E(article['lead'])}</strong></div>
  <div id="dcontent">
{simple_body_html(article)}
  </div>
  <div class="tags-detail">Từ khóa: {tags}</div>
</div>
<div class="other-news"><h3>Tin khác</h3><ul>
{related}
</ul></div>"""
    head = article_head(article, BTH, "Báo Thanh Hóa") + f'\n<meta name="author" content="{E(article["author"])}">'
    return bth_shell(f"{article['title']} - Báo Thanh Hóa", head, main)


def bth_section(title: str, path: str, articles: list[dict], next_page: str | None) -> str:
    items = "\n".join(f'  <li><a href="{BTH}{a["path"]}">{E(a["title"])}</a></li>' for a in articles)
    pager = f'\n<div class="paging"><a href="{BTH}{next_page}">Trang sau</a></div>' if next_page else ""
    return bth_shell(f"{title} - Báo Thanh Hóa", f'<link rel="canonical" href="{BTH}{path}">',
                     f'<h1 class="cate-title">{E(title)}</h1>\n<ul class="list-news">\n{items}\n</ul>{pager}')


def build_bth() -> None:
    samson, venbien = BTH_ARTICLES
    for a in BTH_ARTICLES:
        write(page_file("baothanhhoa.vn", a["path"]), bth_article(a))
    write("baothanhhoa.vn/thoi-su/index.html", bth_section("Thời sự", "/thoi-su/", [samson], "/thoi-su/trang-2.htm"))
    write("baothanhhoa.vn/thoi-su/trang-2.htm", bth_section("Thời sự - Trang 2", "/thoi-su/trang-2.htm", [venbien], None))
    write("baothanhhoa.vn/index.html", bth_section("Báo Thanh Hóa điện tử", "/", [samson], None))
    write("baothanhhoa.vn/robots.txt", "User-agent: *\nDisallow: /tim-kiem/\n")
    entries = "\n".join(f"""  <entry>
    <title>{E(a['title'])}</title>
    <link rel="alternate" href="{BTH}{a['path']}"/>
    <id>{BTH}{a['path']}</id>
    <published>{a['published']}</published>
    <updated>{a['modified']}</updated>
    <summary>{E(a['lead'])}</summary>
  </entry>""" for a in BTH_ARTICLES)
    write("baothanhhoa.vn/rss/thoi-su.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Báo Thanh Hóa - Thời sự</title>
  <link rel="self" href="{BTH}/rss/thoi-su.xml"/>
  <id>{BTH}/rss/thoi-su.xml</id>
  <updated>{samson['modified']}</updated>
{entries}
</feed>
""")


# ==================================================================================================
# Registry and expectations
# ==================================================================================================
SITES_TOML = """# Sample-site registry for the loopback mirror (data/samples/<host>/). Origins are the real ones; the
# mirror server rewrites them to its loopback addresses.

[sites.baonghean]
name = "Báo Nghệ An"
province = "Nghệ An"
languages = ["vi", "en"]
platform = "onecms"
domains = ["baonghean.vn"]
start_urls = ["https://baonghean.vn/thoi-su/", "https://baonghean.vn/en/politics/"]
sitemaps = ["https://baonghean.vn/sitemap.xml"]
feeds = ["https://baonghean.vn/rss/home.rss"]
article_pattern = '-\\d{8}\\.html$'

[sites.vietnamvn]
name = "Vietnam.vn"
languages = ["en"]
platform = "vietnamvn"
domains = ["www.vietnam.vn"]
start_urls = ["https://www.vietnam.vn/en/politics/"]
sitemaps = ["https://www.vietnam.vn/sitemap.xml"]
feeds = []
# extensionless slug of at least four hyphenated words: /en/politics, /en/economy do not match
article_pattern = '^/en/[a-z0-9]+(-[a-z0-9]+){3,}$'

[sites.baoquangninh]
name = "Báo Quảng Ninh"
province = "Quảng Ninh"
languages = ["vi"]
platform = "baoquangninh"
domains = ["baoquangninh.vn"]
start_urls = ["https://baoquangninh.vn/thoi-su/"]
sitemaps = []
feeds = ["https://baoquangninh.vn/rss/news/thoi-su.rss", "https://baoquangninh.vn/rss/news/kinh-te.rss"]
article_pattern = '-\\d{7}\\.html$'

[sites.baohatinh]
name = "Báo Hà Tĩnh"
province = "Hà Tĩnh"
languages = ["vi"]
platform = "article"
domains = ["baohatinh.vn"]
start_urls = ["https://baohatinh.vn/"]
sitemaps = ["https://baohatinh.vn/robots.txt"]
feeds = []
article_pattern = '-post\\d+\\.html$'

[sites.baothanhhoa]
name = "Báo Thanh Hóa"
province = "Thanh Hóa"
languages = ["vi"]
platform = "dcontent"
domains = ["baothanhhoa.vn"]
start_urls = ["https://baothanhhoa.vn/thoi-su/"]
sitemaps = []
feeds = ["https://baothanhhoa.vn/rss/thoi-su.xml"]
article_pattern = '-\\d{5,}\\.htm$'
"""

COMMON_BOILERPLATE = {
    "baonghean": {"en": [POWERED, "Same tag", "Latest", "Featured Nghe An Newspaper", "Nghe An Land and People",
                         "Party Building", "Share on Facebook", "Copy link", "Source link:",
                         "Your comment will be moderated before it is published.", BNA_FOOTER_EN],
                  "vi": [POWERED, "Bài liên quan", "Bài đọc tiếp", "Trang chủ", "Văn hóa", "Chia sẻ Facebook",
                         "Sao chép liên kết", "Nguồn bài viết:", "Bình luận của bạn sẽ được biên tập trước khi đăng.",
                         BNA_FOOTER_VI]},
    "vietnamvn": {"en": ["Comment (0)", "No data", "Same tag", "Same category", "Same author", "Featured", "Latest",
                         "Ministry - Branch", "Heritage", "No videos available",
                         "Copyright Vietnam.vn. All rights reserved."]},
    "baoquangninh": {"vi": ["Từ khóa:", "Tin liên quan", "Ý kiến bạn đọc", "Tin đọc nhiều", "Gửi ý kiến", "Trang chủ",
                            BQN_FOOTER]},
    "baohatinh": {"vi": ["Tin cùng chuyên mục", "Trang chủ", "Nông nghiệp Du lịch", BHT_FOOTER]},
    "baothanhhoa": {"vi": ["Tin khác", "Từ khóa:", BTH_FOOTER]},
}
NEW_SITE_ARTICLES = {"baohatinh": BHT_ARTICLES, "baothanhhoa": BTH_ARTICLES}


def expectation(article: dict, origin: str) -> dict:
    paragraphs = [plain(item[1]) for item in article["body"] if item[0] != "fig"]
    caps = [{"caption": c, "credit": cr} for _, c, cr in figures(article)]
    boiler = list(COMMON_BOILERPLATE[article["site"]][article["lang"]])
    for _, c, cr in figures(article):
        boiler += [caption_line(article, c, cr)] + ([c] if cr else [])
    if article["site"] == "baonghean":
        boiler += [a["title"] for group in bna_related(article).values() for a in group if a is not article]
        boiler += [t for t in article["tags"]]
        if article["lang"] == "en":
            boiler.append(dnum(article["published"]))
    elif article["site"] == "vietnamvn":
        boiler += [a["title"] for a in VN_ARTICLES if a is not article] + ["Source"]
    elif article["site"] in NEW_SITE_ARTICLES:
        boiler += [a["title"] for a in NEW_SITE_ARTICLES[article["site"]] if a is not article]
        boiler += list(article["tags"])
    else:
        boiler += [a["title"] for a in BQN_ARTICLES if a is not article]
        boiler += list(article["tags"])
    body_text = " ".join(paragraphs + [article["lead"], article["title"]])
    dropped = [b for b in boiler if squash(b) in body_text]
    if dropped:
        print(f"note: {article['path']}: boilerplate lines also in body, left out: {dropped}")
    boiler = [b for b in boiler if squash(b) not in body_text]
    entry = {"site": article["site"], "path": article["path"], "title": article["title"],
             "author": article["author"], "published": article["published"], "language": article["lang"],
             "lead": article["lead"], "paragraphs": paragraphs, "captions": caps,
             "boilerplate": list(dict.fromkeys(boiler)), "tags": article["tags"]}
    if article.get("encoding"):
        entry["encoding_note"] = ("windows-1258 bytes with decomposed tone marks (base letter incl. â/ê/ô/ă/ơ/ư "
                                  "precomposed + combining tone mark), declared only by <meta charset=\"windows-1258\">; "
                                  "text must be stored NFC")
    if article.get("mislabelled"):
        entry["encoding_note"] = ("UTF-8 bytes (and <meta charset=\"utf-8\">) served with Content-Type "
                                  f"'{article['mislabelled']}' (mislabelled charset)")
    return entry


def build_expected() -> dict:
    articles = [expectation(a, BNA) for a in BNA_ARTICLES]
    articles += [expectation(a, VNVN) for a in VN_ARTICLES[1:]]
    articles += [expectation(a, BQN) for a in BQN_ARTICLES]
    articles += [expectation(a, BHT) for a in BHT_ARTICLES]
    articles += [expectation(a, BTH) for a in BTH_ARTICLES]
    return {
        "articles": articles,
        "duplicates": [
            {"site": "vietnamvn", "path": C.VN_RESOLUTION["path"],
             "duplicate_of": {"site": "baonghean", "path": C.BNA_EN_RESOLUTION["path"]}, "kind": "near"},
            {"site": "baoquangninh", "path": C.BQN_HALONG["alias"],
             "duplicate_of": {"site": "baoquangninh", "path": C.BQN_HALONG["path"]}, "kind": "canonical"},
        ],
        "not_archived": [
            {"site": "baonghean", "path": BNA_404, "reason": "http_404"},
            {"site": "baonghean", "path": C.BNA_PRIVATE["path"], "reason": "robots"},
            {"site": "vietnamvn", "path": VN_404, "reason": "http_404"},
            {"site": "baoquangninh", "path": BQN_404, "reason": "http_404"},
            {"site": "baoquangninh", "path": BQN_500, "reason": "http_500"},
            {"site": "baoquangninh", "path": BQN_GALLERY, "reason": "not_article"},
            {"site": "baoquangninh", "path": BQN_PDF, "reason": "not_html"},
            {"site": "baohatinh", "path": BHT_REMOVED[0], "reason": "http_404"},
        ],
    }


def main() -> None:
    for host in ("baonghean.vn", "www.vietnam.vn", "baoquangninh.vn", "baohatinh.vn", "baothanhhoa.vn"):
        shutil.rmtree(ROOT / host, ignore_errors=True)
    build_bna()
    build_vn()
    build_bqn()
    build_bht()
    build_bth()
    write("sites.toml", SITES_TOML)
    write("expected.json", json.dumps(build_expected(), ensure_ascii=False, indent=1) + "\n")


def check() -> None:
    """Verifies the written mirrors: links, XML, gzip, encodings, expected.json against the visible text."""
    import tomllib
    from lxml import etree
    from lxml import html as lhtml
    from urllib.parse import urlsplit

    problems: list[str] = []
    expected = json.loads((ROOT / "expected.json").read_text(encoding="utf-8"))
    registry = tomllib.loads((ROOT / "sites.toml").read_text(encoding="utf-8"))
    hosts = {key: site["domains"][0] for key, site in registry["sites"].items()}
    bad = {(hosts[p["site"]], p["path"]) for p in expected["not_archived"]}
    headers = {h: tomllib.loads((ROOT / h / "_headers.toml").read_text()) if (ROOT / h / "_headers.toml").exists() else {}
               for h in hosts.values()}

    def exists(host: str, path: str) -> bool:
        target = ROOT / host / path.lstrip("/")
        return (target / "index.html").is_file() if target.is_dir() else target.is_file()

    def read_html(file: Path) -> str:
        data = file.read_bytes()
        return data.decode("cp1258" if b'charset="windows-1258"' in data else "utf-8")

    def visible(file: Path) -> str:
        tree = lhtml.fromstring(read_html(file))
        for bad_el in tree.xpath("//script|//style|//head"):
            bad_el.drop_tree()
        return squash(unicodedata.normalize("NFC", tree.text_content()))

    referenced: set[tuple[str, str]] = set()
    for host in hosts.values():
        for file in sorted((ROOT / host).rglob("*")):
            if file.suffix in (".xml", ".rss", ".gz"):
                data = gzip.decompress(file.read_bytes()) if file.suffix == ".gz" else file.read_bytes()
                root = etree.fromstring(data)
                urls = [el.text for el in root.iter("{*}loc", "link", "guid")]
            elif file.suffix == ".html" and not file.read_bytes().startswith(b"%PDF"):
                tree = lhtml.fromstring(read_html(file))
                urls = tree.xpath("//a/@href|//link[@rel='canonical']/@href")
            else:
                continue
            for url in urls:
                parts = urlsplit(url.strip())
                if parts.hostname in hosts.values():
                    referenced.add((parts.hostname, parts.path))
    missing = sorted(r for r in referenced if not exists(*r) and r not in bad and "/tag" not in r[1])
    if missing:
        problems.append(f"referenced but missing: {missing}")
    tag_links = sorted(r for r in referenced if "/tag" in r[1] and not exists(*r))
    print(f"{len(referenced)} referenced paths; {len(tag_links)} tag-page links left unserved (404, not article URLs)")
    for key, site in registry["sites"].items():
        pattern = re.compile(site["article_pattern"])
        for url in site["start_urls"] + site["sitemaps"] + site["feeds"]:
            parts = urlsplit(url)
            if not exists(parts.hostname, parts.path):
                problems.append(f"{key}: registry URL missing {url}")
            if pattern.search(parts.path):
                problems.append(f"{key}: registry URL looks like an article {url}")
        for host, path in referenced:
            if host == site["domains"][0] and pattern.search(path):
                is_article = any(a["path"] == path for a in expected["articles"]) or \
                    any(d["path"] == path for d in expected["duplicates"]) or (host, path) in bad
                if not is_article:
                    problems.append(f"{key}: article-looking URL with no expectation: {path}")
    for article in expected["articles"] + [
            {**d, "paragraphs": [], "boilerplate": [], "captions": []} for d in expected["duplicates"]]:
        host = hosts[article["site"]]
        file = ROOT / page_file(host, article["path"])
        text = visible(file)
        raw = read_html(file)
        if file.read_bytes().decode("utf-8", "replace") != raw and "windows-1258" not in raw:
            problems.append(f"{file}: not utf-8")
        for para in article.get("paragraphs", []):
            if squash(para) not in text:
                problems.append(f"{article['path']}: paragraph not in visible text: {para[:50]}")
        for key in ("lead", "title", "author"):
            if key in article and squash(article[key]) not in text:
                problems.append(f"{article['path']}: {key} not visible")
        for cap in article.get("captions", []):
            if cap["caption"] not in text:
                problems.append(f"{article['path']}: caption not visible {cap}")
        for line in article.get("boilerplate", []):
            if squash(line) not in text:
                problems.append(f"{article['path']}: boilerplate not in visible text: {line}")
        if "published" in article:
            meta = re.search(r'article:published_time" content="([^"]+)"', raw).group(1)
            ld = re.search(r'"datePublished": "([^"]+)"', raw)
            if meta != article["published"] or (ld and ld.group(1) != article["published"]):
                problems.append(f"{article['path']}: published mismatch {meta}")
            words = sum(len(p.split()) for p in article["paragraphs"])
            items = len(article["paragraphs"])
            if not (200 <= words <= 600 and 4 <= items <= 8 + 2) or len(article["captions"]) < 2:
                problems.append(f"{article['path']}: size {words} words / {items} items / {len(article['captions'])} captions")
            print(f"  {article['site']:13} {words:4d} words {items} items {article['path'][:70]}")
    # encodings
    for a in BQN_ARTICLES:
        data = (ROOT / page_file("baoquangninh.vn", a["path"])).read_bytes()
        if a.get("encoding") == "windows-1258":
            decoded = data.decode("cp1258")
            if unicodedata.is_normalized("NFC", decoded) or "\u0301" not in decoded:
                problems.append("cp1258 page has no decomposed tone marks")
            if unicodedata.normalize("NFC", decoded) != bqn_article(a):
                problems.append("cp1258 page does not round-trip to the intended text")
            try:
                data.decode("utf-8")
                problems.append("cp1258 page also decodes as utf-8")
            except UnicodeDecodeError:
                pass
    for file in ROOT.rglob("*"):
        if file.suffix in (".html", ".xml", ".rss", ".txt", ".toml", ".json") and file.is_file():
            data = file.read_bytes()
            if data.startswith(b"%PDF") or b'charset="windows-1258"' in data:
                continue
            if not unicodedata.is_normalized("NFC", data.decode("utf-8")):
                problems.append(f"{file}: not NFC")
    print("\n".join(problems) if problems else "check: OK")
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
    if "--check" in sys.argv:
        check()
