"""Language detection on a bounded sample: agreement with the whole text, and cost, per sample size.

    .venv/bin/python bench/language.py [--eval-dir ../shared/eval/aeb-dev] [--sizes 2000,1000,500,300]

Texts: the real article bodies of the extraction benchmark (mostly English, some Portuguese, Korean, Russian,
Japanese, Italian, German), the seed captures, and the Vietnamese and English article texts of the bundled sample
sites. For each ``LANGDETECT_SAMPLE_CHARS`` candidate it prints how many texts get another language than the
whole text gets, and the mean time per text. The setting's value is chosen from these figures.
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
from pipelines.extraction.language import detect_language  # noqa: E402


def load_texts(eval_dir: Path) -> list[str]:
    truth = json.loads((eval_dir / "ground-truth.json").read_text(encoding="utf-8"))
    texts = [entry["articleBody"] for entry in truth.values() if entry.get("articleBody")]
    texts += [path.read_text(encoding="utf-8") for path in sorted((eval_dir.parent.parent / "seeds").glob("*.txt"))]
    # the sample sites' texts, one article's worth (title, lead, paragraphs) at a time
    for sentences in corpus.sample_texts().values():
        for start in range(0, len(sentences), 12):
            texts.append("\n".join(sentences[start:start + 12]))
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval" / "aeb-dev")
    parser.add_argument("--sizes", default="2000,1000,500,300")
    args = parser.parse_args()
    texts = load_texts(args.eval_dir)
    whole = [detect_language(text, sample_chars=10**9)[0] for text in texts]
    print(f"{len(texts)} texts, languages of the whole texts: {dict(Counter(whole).most_common())}")
    print("sample chars   disagree   ms/text")
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        sampled = [detect_language(text, sample_chars=size)[0] for text in texts]
        elapsed = (time.perf_counter() - started) / len(texts) * 1000
        wrong = [(w, s) for w, s in zip(whole, sampled) if w != s]
        print(f"{size:>12} {len(wrong):>10} {elapsed:>9.2f}  {wrong[:3] if wrong else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
