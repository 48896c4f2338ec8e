"""Language detection on a bounded sample: agreement with the whole text, and cost, per sample size.

    .venv/bin/python bench/language.py [--eval-dir ../shared/eval] [--sizes 2000,1000,700,500,300]

Texts, in groups: the real article bodies of the extraction benchmark (aeb-dev: mostly English, some
Portuguese, Korean, Russian, Japanese, Italian, German) and of the Vietnamese pages (vn-real, whose language is
known: Vietnamese), the texts the crawl actually judges (the project's extraction of every real page of both
sets), the seed captures, and the Vietnamese and English article texts of the bundled sample sites. For each
``LANGDETECT_SAMPLE_CHARS`` candidate it prints, per group, how many texts get another language than the whole
text gets (and how many known-language texts get a wrong one), how many stored probabilities (4 decimals) differ
from those of the current setting, and the mean time per text. The setting's value is chosen from these figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402
from pipelines.extraction import NotAnArticle  # noqa: E402
from pipelines.extraction.analyse import extract_page  # noqa: E402
from pipelines.extraction.language import detect_language  # noqa: E402

CURRENT_SAMPLE_CHARS = 1000  # the reference of the probabilities: LANGDETECT_SAMPLE_CHARS before issue 18
WHOLE_TEXT = 10**9


def benchmark_bodies(eval_dir: Path) -> list[tuple[str, str | None]]:
    """(text, known language or None) of the ground truths of aeb-dev and vn-real."""
    aeb = json.loads((eval_dir / "aeb-dev" / "ground-truth.json").read_text(encoding="utf-8"))
    vn = json.loads((eval_dir / "vn-real" / "truth.json").read_text(encoding="utf-8"))
    return ([(entry["articleBody"], None) for entry in aeb.values() if entry.get("articleBody")]
            + [("\n".join(entry["body"]), entry["language"]) for entry in vn.values() if entry.get("body")])


def extracted_texts(html_dir: Path, language: str | None) -> list[tuple[str, str | None]]:
    """The project's extraction of every page of a directory: what the crawl gives langdetect."""
    texts = []
    for path in sorted(html_dir.glob("*.html")):
        try:
            texts.append((extract_page(path.read_bytes(), None, "text/html")["text"], language))
        except NotAnArticle:
            continue
    return texts


def sample_site_texts() -> list[tuple[str, str | None]]:
    """The sample sites' texts, one article's worth (title, lead, paragraphs) at a time."""
    texts = []
    for language, sentences in corpus.sample_texts().items():
        texts += [("\n".join(sentences[start:start + 12]), language) for start in range(0, len(sentences), 12)]
    return texts


def load_groups(eval_dir: Path) -> dict[str, list[tuple[str, str | None]]]:
    seeds = sorted((eval_dir.parent / "seeds").glob("*.txt"))
    return {
        "benchmark bodies (aeb-dev, vn-real)": benchmark_bodies(eval_dir),
        "crawl's texts, aeb-dev pages": extracted_texts(eval_dir / "aeb-dev" / "html", None),
        "crawl's texts, vn-real pages": extracted_texts(eval_dir / "vn-real" / "html", "vi"),
        "seed captures": [(path.read_text(encoding="utf-8"), None) for path in seeds],
        "sample sites": sample_site_texts(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--sizes", default="2000,1000,700,500,300")
    args = parser.parse_args()
    groups = load_groups(args.eval_dir)
    texts = [text for members in groups.values() for text, _ in members]
    known = [language for members in groups.values() for _, language in members]
    group_of = [name for name, members in groups.items() for _ in members]
    whole = [detect_language(text, sample_chars=WHOLE_TEXT)[0] for text in texts]
    current = [detect_language(text, sample_chars=CURRENT_SAMPLE_CHARS) for text in texts]
    print(f"{len(texts)} texts: " + ", ".join(f"{name} {len(members)}" for name, members in groups.items()))
    print(f"languages of the whole texts: {dict(Counter(whole).most_common())}")
    print("sample chars   disagree   wrong (known)   probability changed   ms/text   disagreeing (group: whole -> sample)")
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        sampled = [detect_language(text, sample_chars=size) for text in texts]
        elapsed = (time.perf_counter() - started) / len(texts) * 1000
        disagree = [f"{g}: {w} -> {s[0]}" for g, w, s in zip(group_of, whole, sampled) if w != s[0]]
        wrong = sum(1 for k, s in zip(known, sampled) if k and k != s[0])
        changed = sum(1 for c, s in zip(current, sampled) if c != s)
        print(f"{size:>12} {len(disagree):>10} {wrong:>15} {changed:>21} {elapsed:>9.2f}   {'; '.join(disagree)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
