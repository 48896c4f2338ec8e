"""Extraction benchmark: the project's extractor vs stock trafilatura, same pages, same run.

    .venv/bin/python bench/extraction.py [--eval-dir ../shared/eval/aeb-dev] [--samples data/samples]

Metric (Article Extraction Benchmark, as described in the eval README): tokens ``\\w+``; shingles of 4 tokens (a
shorter text is one shingle of all its tokens); per page multiset tp/fp/fn normalised to sum 1; precision =
tp/(tp+fp), recall = tp/(tp+fn), both 1.0 when fp = fn = 0; corpus precision = mean over pages with non-empty
output, corpus recall = mean over all pages, F1 = harmonic mean of the two means; accuracy = share of pages whose
token list equals the truth; ± = standard deviation over 1,000 bootstrap resamples of pages (fixed seed).

What is scored: the project's ``text`` (the article body; the standfirst is the separate ``lead`` field, as the
benchmark's articleBody and the sample truth's ``paragraphs`` leave it out); a second row scores ``lead`` + ``text``
for reference. A page refused with NotAnArticle scores as empty output. Speed: pages per second, both extractors
timed page by page in alternating order in the same process (``--repeat N`` keeps each page's fastest of N runs).

The project runs with ``ExtractionOptions()`` defaults (the crawl's: min_words 60), so the bench measures what the
crawl archives; ``--kwargs`` overrides single options for experiments.

Sample pages (``data/samples/expected.json``, optional) are decoded as the crawler does and extracted with their
site's hints as the registry resolves them (``data/samples/sites.toml``); the table adds boilerplate leaks (expected
``boilerplate`` strings found in the text), a metadata table (exact matches with the expected title, lead, author,
published, tags, captions) and checks that the pages listed as not_article / not_html are refused.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import replace
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from pipelines.extraction.encoding import decode_html  # noqa: E402
from crawler.registry import load_registry  # noqa: E402
from pipelines.extraction import NotAnArticle, extract_article  # noqa: E402
from pipelines.extraction.options import ExtractionOptions  # noqa: E402

TOKEN_RE = re.compile(r"\w+")
N = 4
SEED = 20240719
RESAMPLES = 1000


# ---------------------------------------------------------------- metric

def tokens(text: str | None) -> list[str]:
    return TOKEN_RE.findall(text or "")


def shingles(toks: list[str]) -> Counter:
    if not toks:
        return Counter()
    if len(toks) < N:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + N]) for i in range(len(toks) - N + 1))


def page_scores(truth: str, pred: str) -> dict:
    """Per-page precision (None for empty output), recall, exact-token match."""
    t_toks, p_toks = tokens(truth), tokens(pred)
    t_sh, p_sh = shingles(t_toks), shingles(p_toks)
    tp = sum((t_sh & p_sh).values())
    fp = sum((p_sh - t_sh).values())
    fn = sum((t_sh - p_sh).values())
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    if fp == 0 and fn == 0:
        precision = recall = 1.0
    else:
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": precision if p_toks else None,
        "recall": recall,
        "exact": t_toks == p_toks,
    }


def corpus(scores: list[dict]) -> tuple[float, float, float, float]:
    precs = [s["precision"] for s in scores if s["precision"] is not None]
    p = sum(precs) / len(precs) if precs else 0.0
    r = sum(s["recall"] for s in scores) / len(scores) if scores else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = sum(s["exact"] for s in scores) / len(scores) if scores else 0.0
    return f1, p, r, acc


def bootstrap(scores: list[dict], resamples: int = RESAMPLES, seed: int = SEED) -> tuple[float, float, float]:
    """Standard deviation of F1, precision, recall over page resamples."""
    rng = random.Random(seed)
    values = []
    for _ in range(resamples):
        sample = [scores[rng.randrange(len(scores))] for _ in scores]
        values.append(corpus(sample)[:3])

    def std(xs):
        mean = sum(xs) / len(xs)
        return (sum((x - mean) ** 2 for x in xs) / (len(xs) - 1)) ** 0.5

    return tuple(std([v[i] for v in values]) for i in range(3))


# ---------------------------------------------------------------- extractors

def project(html: str, url: str | None, hints: dict | None, options: ExtractionOptions = ExtractionOptions()) -> dict:
    try:
        return extract_article(html, url=url, hints=hints, options=options)
    except NotAnArticle as err:
        return {"text": "", "lead": None, "refused": err.reason}


def stock(html: str, url: str | None, hints: dict | None) -> dict:
    return {"text": trafilatura.extract(html, include_comments=False) or "", "lead": None}


EXTRACTORS = {"project": project, "trafilatura": stock}
# what is scored against the truth: the body text; the lead (standfirst) is a separate field of the article
VARIANTS = {
    "project": ("project", lambda out: out["text"]),
    "project, lead + text": ("project", lambda out: "\n".join(p for p in (out.get("lead"), out["text"]) if p)),
    "trafilatura.extract(include_comments=False)": ("trafilatura", lambda out: out["text"]),
}


# ---------------------------------------------------------------- data sets

def read_page(path: Path) -> str:
    """Decode as the crawler does (UTF-8 if valid, else the declared/detected charset; NFC)."""
    return decode_html(path.read_bytes())[0]


def load_eval(eval_dir: Path) -> list[dict]:
    truth = json.loads((eval_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = eval_dir / "html" / f"{key}.html"
        if path.exists():
            pages.append({"id": key, "html": read_page(path),
                          "url": truth[key].get("url"), "truth": truth[key].get("articleBody") or "",
                          "hints": None, "boilerplate": []})
    return pages


def _site_hosts(sites_toml: Path) -> dict[str, dict]:
    """site key -> {"host", "hints"} from the samples' registry, hints resolved as the crawl resolves them."""
    if not sites_toml.exists():
        return {}
    return {key: {"host": site.domains[0], "hints": site.hints} for key, site in load_registry(sites_toml).items()}


def _sample_file(samples_dir: Path, host: str, rel: str) -> Path | None:
    path = samples_dir / host / rel.lstrip("/")
    for candidate in (path, path / "index.html", path.with_name(path.name + ".html")):
        if candidate.is_file():
            return candidate
    return None


def load_samples(samples_dir: Path) -> tuple[list[dict], list[dict]]:
    """Sample articles with their truth, and sample pages that must be refused (not_article / not_html)."""
    expected = samples_dir / "expected.json"
    if not expected.exists():
        return [], []
    data = json.loads(expected.read_text(encoding="utf-8"))
    entries = data.get("articles", []) if isinstance(data, dict) else data
    hosts = _site_hosts(samples_dir / "sites.toml")
    pages, refusals = [], []
    for entry in entries:
        site = hosts.get(entry.get("site"), {})
        host = entry.get("host") or site.get("host") or entry.get("site")
        rel = str(entry.get("path", ""))
        path = _sample_file(samples_dir, host, rel)
        if path is None:
            print(f"warning: sample missing: {samples_dir / host / rel.lstrip('/')}", file=sys.stderr)
            continue
        pages.append({"id": f"{host}{rel}", "html": read_page(path),
                      "url": f"https://{host}{rel}", "truth": "\n".join(entry.get("paragraphs") or []),
                      "hints": site.get("hints"), "boilerplate": entry.get("boilerplate") or [], "expected": entry})
    for entry in data.get("not_archived", []) if isinstance(data, dict) else []:
        if entry.get("reason") not in ("not_article", "not_html"):
            continue
        site = hosts.get(entry.get("site"), {})
        host = site.get("host") or entry.get("site")
        path = _sample_file(samples_dir, host, str(entry.get("path", "")))
        if path is not None:
            refusals.append({"id": f"{host}{entry['path']}", "reason": entry["reason"], "hints": site.get("hints"),
                             "url": f"https://{host}{entry['path']}",
                             "html": read_page(path)})
    return pages, refusals


# ---------------------------------------------------------------- run

def run(pages: list[dict], repeat: int = 1) -> dict:
    """Run every extractor on every page (alternating order), timing each call.

    With repeat > 1 each page is timed that many times and its fastest time kept (less noise on a shared machine).
    """
    results = {name: {"seconds": 0.0, "outputs": []} for name in EXTRACTORS}
    names = list(EXTRACTORS)
    for i, page in enumerate(pages):
        best = {name: float("inf") for name in names}
        for r in range(repeat):
            for name in names if (i + r) % 2 == 0 else names[::-1]:
                start = time.perf_counter()
                out = EXTRACTORS[name](page["html"], page["url"], page["hints"])
                best[name] = min(best[name], time.perf_counter() - start)
                if r == 0:
                    results[name]["outputs"].append(out)
        for name in names:
            results[name]["seconds"] += best[name]
    return results


def score(pages: list[dict], results: dict) -> dict:
    scored = {}
    for variant, (name, text_of) in VARIANTS.items():
        texts = [text_of(out) for out in results[name]["outputs"]]
        scored[variant] = {
            "scores": [page_scores(p["truth"], t) for p, t in zip(pages, texts)],
            "texts": texts,
            "leaks": sum(1 for p, t in zip(pages, texts) for b in p["boilerplate"] if b and b in t),
            "speed": len(pages) / results[name]["seconds"] if results[name]["seconds"] else float("nan"),
            "speed_ratio": results["trafilatura"]["seconds"] / results[name]["seconds"] if results[name]["seconds"] else float("nan"),
        }
    return scored


def table(title: str, pages: list[dict], scored: dict, with_leaks: bool = False) -> str:
    lines = [f"### {title} ({len(pages)} pages)", "",
             "| extractor | F1 | precision | recall | accuracy | pages/s | speed vs stock |"
             + (" boilerplate leaks |" if with_leaks else ""),
             "|---|---|---|---|---|---|---|" + ("---|" if with_leaks else "")]
    for variant, res in scored.items():
        f1, p, r, acc = corpus(res["scores"])
        sf1, sp, sr = bootstrap(res["scores"])
        lines.append(f"| {variant} | {f1:.3f} ± {sf1:.3f} | {p:.3f} ± {sp:.3f} | {r:.3f} ± {sr:.3f} | {acc:.3f} | "
                     f"{res['speed']:.1f} | {res['speed_ratio']:.2f}x |" + (f" {res['leaks']} |" if with_leaks else ""))
    return "\n".join(lines)


def metadata_table(pages: list[dict], outputs: list[dict]) -> str:
    """Sample pages only: the project's metadata against expected.json (exact matches)."""
    fields = ("title", "lead", "author", "published", "tags", "captions")
    hits = {f: 0 for f in fields}
    checked = {f: 0 for f in fields}
    for page, out in zip(pages, outputs):
        exp = page["expected"]
        for field in fields:
            if field not in exp:
                continue
            checked[field] += 1
            got = out.get(field)
            if field == "captions":
                got = [{"caption": c["caption"], "credit": c["credit"]} for c in got or []]
                want = [{"caption": c.get("caption"), "credit": c.get("credit")} for c in exp[field] or []]
                hits[field] += got == want
            else:
                hits[field] += got == exp[field]
    cells = " | ".join(f"{hits[f]}/{checked[f]}" for f in fields)
    return ("| metadata (project) | " + " | ".join(fields) + " |\n|---|" + "---|" * len(fields) + "\n"
            f"| exact matches | {cells} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval" / "aeb-dev")
    parser.add_argument("--samples", type=Path, default=ROOT / "data" / "samples")
    parser.add_argument("--dump", type=Path, help="write per-page scores and outputs as JSON here")
    parser.add_argument("--limit", type=int, help="only the first N eval pages")
    parser.add_argument("--repeat", type=int, default=1, help="time each page N times, keep the fastest")
    parser.add_argument("--kwargs", default="{}", help="JSON ExtractionOptions fields to override (experiments)")
    args = parser.parse_args(argv)
    options = replace(ExtractionOptions(), **json.loads(args.kwargs))
    EXTRACTORS["project"] = partial(project, options=options)
    print(f"project: {options}\n")

    dump = {}
    eval_pages = load_eval(args.eval_dir) if (args.eval_dir / "ground-truth.json").exists() else []
    if args.limit:
        eval_pages = eval_pages[: args.limit]
    if eval_pages:
        scored = score(eval_pages, run(eval_pages, args.repeat))
        print(table(f"eval: {args.eval_dir.name}", eval_pages, scored))
        dump["eval"] = {v: {p["id"]: {**s, "output": t} for p, s, t in zip(eval_pages, res["scores"], res["texts"])}
                        for v, res in scored.items()}
    else:
        print(f"no benchmark at {args.eval_dir}", file=sys.stderr)
    sample_pages, refusals = load_samples(args.samples)
    if sample_pages:
        results = run(sample_pages, args.repeat)
        scored = score(sample_pages, results)
        print()
        print(table("samples", sample_pages, scored, with_leaks=True))
        print()
        print(metadata_table(sample_pages, results["project"]["outputs"]))
        dump["samples"] = {v: {p["id"]: {**s, "output": t} for p, s, t in zip(sample_pages, res["scores"], res["texts"])}
                           for v, res in scored.items()}
        dump["samples_project"] = {p["id"]: out for p, out in zip(sample_pages, results["project"]["outputs"])}
    else:
        print(f"\n(no sample pages: {args.samples / 'expected.json'} not found)")
    if refusals:
        refused = [(p["id"], p["reason"], EXTRACTORS["project"](p["html"], p["url"], p["hints"]).get("refused"))
                   for p in refusals]
        ok = sum(1 for _, _, got in refused if got)
        print(f"\nsample pages that must not be archived as articles: {ok}/{len(refused)} refused")
        for pid, want, got in refused:
            print(f"- {pid}: expected {want}, extractor {'refused: ' + got if got else 'ACCEPTED'}")
    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
