"""A synthetic but realistic corpus of article pages for the throughput benchmark (bench/throughput.py).

Pages are rendered with the sample sites' own templates (``data/samples/build_samples.py``: baonghean.vn OneCMS in
Vietnamese and English, vietnam.vn, baoquangninh.vn) around generated articles: Vietnamese or English text drawn
from a word-bigram model of the hand-written sample articles (``data/samples/content.py``), 300 to 1,500 words in
4 to 18 paragraphs with captioned photos and subheadings, authors, tags, dates in 2024. Among them:

- ~8% exact duplicates: an earlier story republished later under another URL (sometimes in another template),
- ~5% near duplicates: an earlier story with one paragraph rewritten and a sentence added,
- ~1% short notices: one paragraph of about 25 to 60 words (those under EXTRACT_MIN_WORDS are not articles).

The sample templates have the live sites' markup patterns but not their bulk (12 KiB pages). Each page is
therefore given the weight real article pages carry around the article, inline styles and scripts and "Latest" /
"Most read" / "Same category" boxes of cards, up to a size drawn from the sizes of real news pages (the 95 pages of
../shared/eval/aeb-dev: quartiles 55, 104 and 174 KB). The result was checked against those real pages for
elements per page, visible text and script share (README, "The benchmark").

Page ``i`` depends only on ``i`` (and the seed), so the first N pages of a corpus are the same whatever its size.
Pages are written once under ``bench/out/corpus/`` (git-ignored) with a manifest; later runs reuse them. All
pages live on one host: the sample origins in them are written as ``ORIGIN`` and the server substitutes its own.

    .venv/bin/python bench/corpus.py --pages 20000     # generate (or top up) the cache and print its summary
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import unicodedata
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "data" / "samples"))

import build_samples as B  # noqa: E402
import content as C  # noqa: E402

VERSION = 3  # bump when the generator changes: a new cache directory is used
SEED = 20240719
CACHE = ROOT / "bench" / "out" / "corpus" / f"v{VERSION}-seed{SEED}"
ORIGIN = "http://bench.invalid"  # replaced by the server's origin when served
SAMPLE_ORIGINS = (B.BNA, B.VNVN, B.BQN)
TZ = timezone(timedelta(hours=7))

WORD_RE = re.compile(r"\S+")
TEMPLATES = [  # (template, language, weight)
    ("bna", "vi", 35), ("bna", "en", 15), ("vn", "en", 20), ("bqn", "vi", 30),
]
AUTHORS = {"vi": ["Minh Thái", "Thanh Lê", "Hoài Thu", "Quang An", "Phạm Bằng", "Thu Hằng", "Đức Anh", "Ngọc Lan"],
           "en": ["Thanh Le", "Hoai Thu", "Minh Thai", "Quang An", "Pham Bang", "Thu Hang", "Duc Anh", "Ngoc Lan"]}
SECTIONS = {("bna", "vi"): [("Thời sự", "/thoi-su/"), ("Kinh tế", "/kinh-te/"), ("Văn hóa", "/van-hoa/")],
            ("bna", "en"): [("Party Building", "/en/politics/"), ("Economy", "/en/economy/")],
            ("vn", "en"): [("Politics", "/en/politics/"), ("Economy", "/en/economy/")],
            ("bqn", "vi"): [("Thời sự", "/thoi-su/"), ("Kinh tế", "/kinh-te/")]}
SOURCES = [("Báo Nghệ An", "https://baonghean.vn/"), ("Báo Quảng Ninh", "https://baoquangninh.vn/"),
           ("Báo Đà Nẵng", "https://baodanang.vn/")]
# Page sizes: log-normal through the quartiles of real news pages (55, 104, 174 KB), within 30 KB..400 KB.
PAGE_KB_MEDIAN, PAGE_KB_SIGMA, PAGE_KB_RANGE = 104, 0.854, (30, 400)
BOX_TITLES = {"vi": ["Tin mới nhất", "Đọc nhiều", "Cùng chuyên mục", "Tin liên quan", "Tin nổi bật"],
              "en": ["Latest", "Most read", "Same category", "Same tag", "Featured"]}


# --- text model -----------------------------------------------------------------------------------------------
def sample_texts() -> dict[str, list[str]]:
    """The hand-written sample articles' titles, leads, paragraphs and captions, by language."""
    texts = defaultdict(list)
    for value in vars(C).values():
        if isinstance(value, dict) and "body" in value and "lang" in value:
            texts[value["lang"]] += [value["title"], value["lead"]]
            for item in value["body"]:
                texts[value["lang"]].append(B.plain(item[1]) if item[0] in ("p", "h2", "strong") else item[2])
    return texts


class TextModel:
    """A word-bigram model of one language's sample sentences: fluent-looking, varied, never copied whole."""

    def __init__(self, sentences: list[str]):
        self.next: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        for sentence in sentences:
            words = WORD_RE.findall(sentence)
            if len(words) < 3:
                continue
            self.starts.append(words[0])
            for a, b in zip(words, words[1:]):
                self.next[a].append(b)
        self.vocabulary = sorted({w for ws in self.next.values() for w in ws})

    def sentence(self, rng: random.Random, low: int = 8, high: int = 28) -> str:
        length = rng.randint(low, high)
        word = rng.choice(self.starts)
        words = [word]
        while len(words) < length:
            followers = self.next.get(word)
            # restart on a random word now and then: sentences mix sources instead of replaying one
            word = rng.choice(followers) if followers and rng.random() < 0.8 else rng.choice(self.vocabulary)
            words.append(word)
        text = " ".join(words).rstrip(",;:.")
        if rng.random() < 0.3:  # figures make texts distinct, as in real news
            text += f" {rng.randint(2, 980)}"
        return text[0].upper() + text[1:] + "."

    def paragraph(self, rng: random.Random, words: int) -> str:
        out: list[str] = []
        while sum(len(s.split()) for s in out) < words:
            out.append(self.sentence(rng))
        return " ".join(out)


def slug(text: str, words: int = 10) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return "-".join(re.findall(r"[a-z0-9]+", text)[:words]) or "bai-viet"


# --- articles -------------------------------------------------------------------------------------------------
class Generator:
    def __init__(self, seed: int = SEED):
        self.seed = seed
        self.models = {lang: TextModel(texts) for lang, texts in sample_texts().items()}

    def rng(self, index: int) -> random.Random:
        return random.Random(f"{self.seed}:{index}")

    def kind(self, index: int) -> tuple[str, int | None]:
        """original | exact | near | short, and the index of the copied original."""
        rng = self.rng(index)
        roll = rng.random()
        if index >= 20 and roll < 0.08:
            return "exact", rng.randrange(index)
        if index >= 20 and roll < 0.13:
            return "near", rng.randrange(index)
        if roll < 0.14:
            return "short", None
        return "original", None

    def story(self, index: int) -> dict:
        """The original story of page ``index`` (what a duplicate of it copies)."""
        rng = self.rng(index)
        rng.random()  # the kind() roll
        template, lang = rng.choices([(t, l) for t, l, _ in TEMPLATES], [w for *_, w in TEMPLATES])[0]
        model = self.models[lang]
        published = datetime(2024, 1, 1, 6, 0, tzinfo=TZ) + timedelta(minutes=rng.randrange(365 * 24 * 60 // 5) * 5)
        n_paragraphs = rng.randint(4, 18)
        body: list[tuple] = []
        for p in range(n_paragraphs):
            if p and rng.random() < 0.12:
                body.append(("strong" if template == "bna" else "h2", model.sentence(rng, 4, 9).rstrip(".")))
            body.append(("p", model.paragraph(rng, rng.randint(30, 85))))
            if p < n_paragraphs - 1 and rng.random() < 0.18:
                body.append(("fig", f"anh-{index}-{p}.jpg", model.sentence(rng, 6, 14), rng.choice(AUTHORS[lang])))
        if not any(item[0] == "fig" for item in body):
            body.insert(1, ("fig", f"anh-{index}-0.jpg", model.sentence(rng, 6, 14), rng.choice(AUTHORS[lang])))
        title = model.sentence(rng, 8, 16).rstrip(".")
        return {
            "template": template, "lang": lang, "title": title, "lead": model.paragraph(rng, rng.randint(25, 45)),
            "author": rng.choice(AUTHORS[lang]), "published": published,
            "tags": sorted({" ".join(model.sentence(rng, 2, 3).rstrip(".").split()[:3]) for _ in range(rng.randint(2, 4))}),
            "section": rng.choice(SECTIONS[(template, lang)]), "body": body,
            "source": rng.choice(SOURCES),
        }

    def page(self, index: int) -> tuple[str, str, dict]:
        """(URL path, HTML, manifest entry) of page ``index``."""
        kind, of = self.kind(index)
        rng = self.rng(index)
        rng.random()
        story = self.story(of if of is not None else index)
        if kind != "original":
            story = dict(story, published=story["published"] + timedelta(hours=rng.randint(1, 96)))
            own = self.story(index)  # a republication keeps the copied text, in its own site's template
            story.update(template=own["template"] if own["lang"] == story["lang"] else story["template"],
                         section=SECTIONS.get((own["template"], story["lang"]), [story["section"]])[0]
                         if own["lang"] == story["lang"] else story["section"])
        if kind == "near":
            body = list(story["body"])
            paragraphs = [i for i, item in enumerate(body) if item[0] == "p"]
            target = rng.choice(paragraphs)
            words = body[target][1].split()
            for _ in range(max(1, len(words) // 12)):
                words[rng.randrange(len(words))] = rng.choice(self.models[story["lang"]].vocabulary)
            body[target] = ("p", " ".join(words))
            body.append(("p", self.models[story["lang"]].sentence(rng)))
            story["body"] = body
        if kind == "short":
            story["body"] = [("p", self.models[story["lang"]].paragraph(rng, 25)),
                             ("fig", f"anh-{index}-0.jpg", "Ảnh minh họa." if story["lang"] == "vi" else "Illustration.",
                              story["author"])]
        path = self.path(index, story)
        article = self.render_input(index, story, path)
        render = {"bna": B.bna_article, "vn": B.vn_article, "bqn": B.bqn_article}[story["template"]]
        html = self.add_weight(render(article), rng, story["lang"])
        for origin in SAMPLE_ORIGINS:
            html = html.replace(origin, ORIGIN)
        entry = {"index": index, "path": path, "kind": kind, "copy_of": of, "template": story["template"],
                 "lang": story["lang"], "published": article["published"]}
        return path, html, entry

    def add_weight(self, html: str, rng: random.Random, lang: str) -> str:
        """The page with the bulk of a live page around the article, up to a size drawn from real pages' sizes.

        The bulk is mostly markup, as on real pages: inline styles and scripts (~40%), and link boxes of cards
        (picture with srcset, headline, time; a short summary on the first few cards of the first box only).
        """
        target = int(min(max(PAGE_KB_MEDIAN * math.exp(rng.gauss(0, PAGE_KB_SIGMA)), PAGE_KB_RANGE[0]),
                         PAGE_KB_RANGE[1]) * 1024)
        missing = target - len(html.encode("utf-8"))
        if missing <= 0:
            return html
        model = self.models[lang]
        css = "\n".join(f".c-{rng.choice(('box', 'menu', 'ads', 'card', 'grid'))}-{n}{{margin:{rng.randint(0, 24)}px;"
                        f"padding:{rng.randint(0, 16)}px {rng.randint(0, 16)}px;color:#{rng.randrange(16**6):06x};"
                        f"font:{rng.randint(12, 24)}px/1.{rng.randint(2, 6)} Roboto,Arial,sans-serif}}"
                        for n in range(missing // 5 // 110))
        config = json.dumps({"ads": [{"zone": f"z{n}", "sizes": [[300, 250], [728, 90]], "lazy": True,
                                      "targeting": {"section": rng.randrange(99), "kw": model.sentence(rng, 3, 6)}}
                                     for n in range(missing // 5 // 150)]}, ensure_ascii=False)
        head = f"<style>\n{css}\n</style>\n<script>window.__ADS__ = {config};</script>\n"
        boxes, size = [], len(head)
        while size < missing:
            cards = []
            for n in range(rng.randint(6, 12)):
                title = B.E(model.sentence(rng, 8, 16).rstrip("."))
                href = f"{ORIGIN}/{slug(title)}-{rng.randrange(10**7):07d}.html"
                image = f"{ORIGIN}/thumb/{rng.randrange(10**7)}"
                summary = (f'\n        <p class="c-card__sapo">{B.E(model.sentence(rng, 12, 20))}</p>'
                           if not boxes and n < 3 else "")
                cards.append(
                    f'      <div class="c-box__item c-card c-card--horizontal" data-id="{rng.randrange(10**7)}">\n'
                    f'        <div class="c-card__thumb"><a href="{href}" title="{title}"><picture>'
                    f'<source srcset="{image}-240.webp 1x, {image}-480.webp 2x" type="image/webp">'
                    f'<img class="lazyload" src="{ORIGIN}/blank.gif" data-src="{image}-240.jpg" '
                    f'srcset="{image}-240.jpg 1x, {image}-480.jpg 2x" width="240" height="160" alt="{title}" '
                    f'loading="lazy"></picture></a></div>\n'
                    f'        <div class="c-card__body"><h4 class="c-card__title"><a href="{href}" title="{title}">'
                    f'{title}</a></h4><span class="c-card__time" data-time="{rng.randrange(10**9)}"></span></div>'
                    f'{summary}\n      </div>')
            heading = rng.choice(BOX_TITLES[lang])
            box = (f'<div class="c-box c-box--more">\n    <h3 class="c-box__title">{heading}</h3>\n'
                   f'    <div class="c-box__list">\n' + "\n".join(cards) + "\n    </div>\n  </div>")
            boxes.append(box)
            size += len(box.encode("utf-8"))
        head_end = html.index("</head>")
        boxes_at = html.rfind("<footer") if "<footer" in html else html.rindex("</body>")
        return html[:head_end] + head + html[head_end:boxes_at] + "\n".join(boxes) + "\n" + html[boxes_at:]

    @staticmethod
    def path(index: int, story: dict) -> str:
        words = slug(story["title"])
        if story["template"] == "bna":
            return f"{'/en' if story['lang'] == 'en' else ''}/{words}-{10_300_000 + index:08d}.html"
        if story["template"] == "vn":
            return f"/en/{words}-{index}"
        return f"/{words}-{3_400_000 + index:07d}.html"

    @staticmethod
    def render_input(index: int, story: dict, path: str) -> dict:
        published = story["published"]
        return {
            "site": {"bna": "baonghean", "vn": "vietnamvn", "bqn": "baoquangninh"}[story["template"]],
            "host": "bench", "lang": story["lang"], "path": path, "section": story["section"],
            "title": story["title"], "lead": story["lead"], "author": story["author"],
            "published": published.isoformat(), "modified": (published + timedelta(minutes=40)).isoformat(),
            "tags": story["tags"], "image_date": published.strftime("%Y/%m/%d"), "body": story["body"],
            "source": story["source"],
        }


# --- cache ----------------------------------------------------------------------------------------------------
def page_file(index: int) -> Path:
    return CACHE / "pages" / f"{index // 1000:03d}" / f"{index:06d}.html"


def ensure_corpus(pages: int, log=print) -> list[dict]:
    """The manifest of the first ``pages`` pages, generating the ones not cached yet."""
    manifest_path = CACHE / "manifest.jsonl"
    entries: list[dict] = []
    if manifest_path.exists():
        entries = [json.loads(line) for line in manifest_path.read_text(encoding="utf-8").splitlines() if line]
        entries = [e for e in entries if page_file(e["index"]).exists()]
        entries = entries[:next((i for i, e in enumerate(entries) if e["index"] != i), len(entries))]
    if len(entries) < pages:
        log(f"generating corpus pages {len(entries)}..{pages - 1} into {CACHE}")
        generator = Generator()
        CACHE.mkdir(parents=True, exist_ok=True)
        # a consistent manifest first (the cached prefix), then one line per new page
        manifest_path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8")
        with manifest_path.open("a", encoding="utf-8") as out:
            for index in range(len(entries), pages):
                _path, html, entry = generator.page(index)
                target = page_file(index)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(html, encoding="utf-8")
                entry["bytes"] = target.stat().st_size
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")
                entries.append(entry)
    return entries[:pages]


def summary(entries: list[dict]) -> str:
    kinds = defaultdict(int)
    langs = defaultdict(int)
    for e in entries:
        kinds[e["kind"]] += 1
        langs[e["lang"]] += 1
    sizes = sorted(e["bytes"] for e in entries)
    return (f"{len(entries)} pages, {sum(sizes) / 1e6:.1f} MB (median {sizes[len(sizes) // 2] / 1024:.1f} KiB, "
            f"max {sizes[-1] / 1024:.1f} KiB); kinds {dict(kinds)}; languages {dict(langs)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    args = parser.parse_args()
    print(summary(ensure_corpus(args.pages)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
