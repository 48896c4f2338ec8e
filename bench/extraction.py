"""Extraction benchmark: the project's extractor vs stock trafilatura, same pages, same run, on two fixed halves.

    .venv/bin/python bench/extraction.py [--eval-dir ../shared/eval/aeb-dev] [--vn-dir ../shared/eval/vn-real]
                                         [--samples data/samples] [--repeat N] [--pages]

Halves: each evaluation set is sorted by file name and split by position: the 1st, 3rd, 5th, ... pages are half
**A** (the only half rules may be tuned on), the 2nd, 4th, ... half **B** (the check). A rule that helps A and
hurts B is fitting, not a rule. Both halves are reported side by side, every figure with stock trafilatura from
the same run.

aeb-dev (Article Extraction Benchmark, its own metric as the eval README describes it): tokens ``\\w+``; shingles
of 4 tokens (a shorter text is one shingle of all its tokens); per page multiset tp/fp/fn normalised to sum 1;
precision = tp/(tp+fp), recall = tp/(tp+fn), both 1.0 when fp = fn = 0; corpus precision = mean over pages with
non-empty output, corpus recall = mean over all pages, F1 = harmonic mean of the two means; accuracy = share of
pages whose token list equals the truth; ± = standard deviation over 1,000 bootstrap resamples (fixed seed). The
project's ``text`` is scored (the benchmark's articleBody leaves the standfirst out); stock is
``trafilatura.extract(include_comments=False)``.

vn-real (its README's scoring rule): ``full`` = the lead put before the text unless its first 40 characters are in
the text; lower-cased ``\\w+`` tokens against the truth's body as multisets (P, R, F1 per page, mean F1); a page is
clean when no banned string is in ``full``, recall >= 0.97, the author is right (any author where the truth has
none) and the date's first 10 characters are right. Stock here is scored as ``trafilatura.bare_extraction(html,
url=url, with_metadata=True, include_comments=False)``, so that its author and date are scored too; the speed
column is relative to plain ``trafilatura.extract(include_comments=False)``, which runs in the same loop.

"empty" counts pages where the extractor gives no text (a refusal counts as empty) while stock finds some. Speed:
pages per second of CPU time (``time.process_time``: the machine is shared, and other jobs' load must not count),
both extractors timed page by page in alternating order in the same process (``--repeat N`` keeps each page's
fastest of N runs); "vs stock" is stock's time over the extractor's on the same pages.

Sample pages (``data/samples/expected.json``, optional; the mirrors this project wrote, so never a tuning signal)
are decoded as the crawler does and extracted with their site's hints (``data/samples/sites.toml``); the table adds
boilerplate leaks, a metadata table and checks that the pages listed as not_article / not_html are refused.

The project runs with ``ExtractionOptions()`` defaults (the crawl's: min_words 60); ``--kwargs`` overrides single
options for experiments.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
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
from pipelines.extraction.clean import compact  # noqa: E402
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
        return {"text": "", "lead": None, "refused": err.reason, "extracted_by": f"refused:{err.reason}"}


def stock(html: str, url: str | None, hints: dict | None) -> dict:
    return {"text": trafilatura.extract(html, include_comments=False) or "", "lead": None}


def stock_with_metadata(html: str, url: str | None, hints: dict | None) -> dict:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return {"text": "", "lead": None, "author": None, "published": None}
    return {"text": doc.text or "", "lead": None, "author": doc.author, "published": doc.date}


EXTRACTORS = {"project": project, "trafilatura": stock}
# on vn-real stock is scored with its metadata; plain extract() runs too, as the speed baseline of both
VN_EXTRACTORS = {"project": project, "trafilatura": stock_with_metadata, "extract": stock}
VN_SCORED = ("project", "trafilatura")
# what is scored against the aeb truth: the body text; the lead (standfirst) is a separate field of the article
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


def load_vn_real(vn_dir: Path) -> list[dict]:
    """The real Vietnamese pages with their truth (body paragraphs, banned strings, author, date)."""
    truth = json.loads((vn_dir / "truth.json").read_text(encoding="utf-8"))
    return [{"id": name, "html": read_page(vn_dir / "html" / name), "url": entry["url"], "hints": None,
             "truth": entry} for name, entry in sorted(truth.items())]


def halves(pages: list[dict]) -> dict[str, list[int]]:
    """Fixed split by position in file-name order: A = 1st, 3rd, ... (tuning), B = 2nd, 4th, ... (check)."""
    order = sorted(range(len(pages)), key=lambda i: pages[i]["id"])
    return {"A (tune)": order[0::2], "B (check)": order[1::2]}


# ---------------------------------------------------------------- run

def run(pages: list[dict], extractors: dict, repeat: int = 1) -> dict:
    """Run every extractor on every page (alternating order): {name: {"seconds": [...], "outputs": [...]}}.

    With repeat > 1 each page is timed that many times and its fastest time kept (less noise on a shared machine).
    The line keys the extractor remembers (``compact``) are forgotten before each timing: they serve one page's
    phases, and a repeat of the same page must not find them (class/id verdicts stay remembered, as in a crawl,
    where a site's pages share their template).
    """
    names = list(extractors)
    results = {name: {"seconds": [], "outputs": []} for name in names}
    for i, page in enumerate(pages):
        best = {name: float("inf") for name in names}
        for r in range(repeat):
            for name in names if (i + r) % 2 == 0 else names[::-1]:
                compact.cache_clear()
                start = time.process_time()
                out = extractors[name](page["html"], page["url"], page["hints"])
                best[name] = min(best[name], time.process_time() - start)
                if r == 0:
                    results[name]["outputs"].append(out)
        for name in names:
            results[name]["seconds"].append(best[name])
    return results


def speed(results: dict, name: str, idx: list[int], base: str = "trafilatura") -> tuple[float, float]:
    """Pages/s of one extractor on the pages idx, and its speed relative to ``base`` on the same pages."""
    own = sum(results[name]["seconds"][i] for i in idx)
    return len(idx) / own, sum(results[base]["seconds"][i] for i in idx) / own


def both_halves_speed(results: dict, idx: list[int], base: str, label: str) -> str:
    """The speed line over every page of a set: the target is pages/s on real pages, not on one half."""
    own, theirs = (sum(results[name]["seconds"][i] for i in idx) for name in ("project", base))
    return (f"- both halves ({len(idx)} pages): project {own:.3f} s CPU, {label} {theirs:.3f} s: "
            f"{theirs / own:.2f}x {label}")


def empties(results: dict, name: str, idx: list[int]) -> int:
    """Pages where the extractor gives no text while stock trafilatura finds some."""
    return sum(1 for i in idx if not results[name]["outputs"][i]["text"].strip()
               and results["trafilatura"]["outputs"][i]["text"].strip())


def paths(results: dict, idx: list[int]) -> str:
    """How many pages each extraction path of the project produced (its ``extracted_by``)."""
    counts = Counter(results["project"]["outputs"][i].get("extracted_by") for i in idx)
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


# ---------------------------------------------------------------- aeb-dev tables

def aeb_table(pages: list[dict], results: dict) -> str:
    lines = [f"### aeb-dev ({len(pages)} pages), the benchmark's metric", "",
             "| half | extractor | F1 | precision | recall | accuracy | empty where stock is not | pages/s | vs stock |",
             "|---|---|---|---|---|---|---|---|---|"]
    notes = []
    for half, idx in halves(pages).items():
        for variant, (name, text_of) in VARIANTS.items():
            scores = [page_scores(pages[i]["truth"], text_of(results[name]["outputs"][i])) for i in idx]
            f1, p, r, acc = corpus(scores)
            sf1, sp, sr = bootstrap(scores)
            rate, ratio = speed(results, name, idx)
            lines.append(f"| {half} | {variant} | {f1:.3f} ± {sf1:.3f} | {p:.3f} ± {sp:.3f} | {r:.3f} ± {sr:.3f} | "
                         f"{acc:.3f} | {empties(results, name, idx)} | {rate:.1f} | {ratio:.2f}x |")
        notes.append(f"- {half}: project paths: {paths(results, idx)}")
    notes.append(both_halves_speed(results, list(range(len(pages))), "trafilatura", "stock"))
    return "\n".join(lines + [""] + notes)


# ---------------------------------------------------------------- vn-real tables

def vn_tokens(text: str) -> Counter:
    return Counter(TOKEN_RE.findall(unicodedata.normalize("NFC", text).lower()))


def vn_full(out: dict) -> str:
    """The text with the lead before it, unless the lead's first 40 characters already occur in the text."""
    text, lead = out.get("text") or "", out.get("lead") or ""
    return text if not lead or lead[:40] in text else f"{lead}\n{text}"


def vn_page(truth: dict, out: dict) -> dict:
    """One page's P, R, F1, banned strings kept, author and date verdicts (the vn-real README's rule)."""
    full = unicodedata.normalize("NFC", vn_full(out))
    got, want = vn_tokens(full), vn_tokens("\n".join(truth["body"]))
    tp = sum((got & want).values())
    precision = tp / sum(got.values()) if got else 0.0
    recall = tp / sum(want.values())
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    leaked = [b for b in truth["banned"] if b in full]
    author_ok = truth["author"] is None or (out.get("author") or "").strip() == truth["author"]
    date_ok = (out.get("published") or "")[:10] == truth["date"]
    return {"p": precision, "r": recall, "f1": f1, "leaked": leaked, "author": author_ok, "date": date_ok,
            "clean": not leaked and recall >= 0.97 and author_ok and date_ok}


def vn_table(pages: list[dict], results: dict, per_page: bool) -> str:
    lines = [f"### vn-real ({len(pages)} pages), its README's rule", "",
             "| half | extractor | clean | mean F1 | mean P | mean R | recall >= 0.97 | no banned line | author | "
             "date | empty where stock is not | pages/s | vs extract() |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    notes, detail = [], []
    for half, idx in halves(pages).items():
        for name in VN_SCORED:
            rows = [vn_page(pages[i]["truth"], results[name]["outputs"][i]) for i in idx]
            n = len(rows)

            def mean(key):
                return sum(row[key] for row in rows) / n

            def count(test):
                return f"{sum(1 for row in rows if test(row))}/{n}"

            rate, ratio = speed(results, name, idx, base="extract")
            lines.append(f"| {half} | {name} | {count(lambda x: x['clean'])} | {mean('f1'):.3f} | {mean('p'):.3f} | "
                         f"{mean('r'):.3f} | {count(lambda x: x['r'] >= 0.97)} | {count(lambda x: not x['leaked'])} | "
                         f"{count(lambda x: x['author'])} | {count(lambda x: x['date'])} | "
                         f"{empties(results, name, idx)} | {rate:.1f} | {ratio:.2f}x |")
            detail += [f"- {half} {name} {pages[i]['id']}: F1 {row['f1']:.3f} P {row['p']:.3f} R {row['r']:.3f}"
                       f"{' clean' if row['clean'] else ''}{'' if row['author'] else ' author wrong (' + repr(results[name]['outputs'][i].get('author')) + ')'}"
                       f"{'' if row['date'] else ' date wrong'}{' leaked ' + repr(row['leaked'][:3]) if row['leaked'] else ''}"
                       f"{' via ' + results[name]['outputs'][i]['extracted_by'] if results[name]['outputs'][i].get('extracted_by') else ''}"
                       for i, row in zip(idx, rows)]
        rate, _ = speed(results, "extract", idx, base="extract")
        notes.append(f"- {half}: project paths: {paths(results, idx)}; trafilatura.extract(include_comments=False) "
                     f"{rate:.1f} pages/s")
    notes.append(both_halves_speed(results, list(range(len(pages))), "extract", "extract()"))
    return "\n".join(lines + [""] + notes + ([""] + detail if per_page else []))


# ---------------------------------------------------------------- samples

def sample_table(pages: list[dict], results: dict) -> str:
    lines = [f"### samples ({len(pages)} pages, the project's own mirrors: never tuned on)", "",
             "| extractor | F1 | precision | recall | accuracy | boilerplate leaks |", "|---|---|---|---|---|---|"]
    for variant, (name, text_of) in VARIANTS.items():
        texts = [text_of(out) for out in results[name]["outputs"]]
        f1, p, r, acc = corpus([page_scores(pg["truth"], t) for pg, t in zip(pages, texts)])
        leaks = sum(1 for pg, t in zip(pages, texts) for b in pg["boilerplate"] if b and b in t)
        lines.append(f"| {variant} | {f1:.3f} | {p:.3f} | {r:.3f} | {acc:.3f} | {leaks} |")
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
    parser.add_argument("--vn-dir", type=Path, default=ROOT.parent / "shared" / "eval" / "vn-real")
    parser.add_argument("--samples", type=Path, default=ROOT / "data" / "samples")
    parser.add_argument("--pages", action="store_true", help="print one line per vn-real page")
    parser.add_argument("--dump", type=Path, help="write every page's outputs as JSON here")
    parser.add_argument("--repeat", type=int, default=1, help="time each page N times, keep the fastest")
    parser.add_argument("--kwargs", default="{}", help="JSON ExtractionOptions fields to override (experiments)")
    args = parser.parse_args(argv)
    options = replace(ExtractionOptions(), **json.loads(args.kwargs))
    EXTRACTORS["project"] = VN_EXTRACTORS["project"] = partial(project, options=options)
    print(f"project: {options}\n")
    dump = {}
    if (args.eval_dir / "ground-truth.json").exists():
        pages = load_eval(args.eval_dir)
        results = run(pages, EXTRACTORS, args.repeat)
        print(aeb_table(pages, results) + "\n")
        dump["aeb"] = {p["id"]: {n: r["outputs"][i] for n, r in results.items()} for i, p in enumerate(pages)}
    else:
        print(f"no benchmark at {args.eval_dir}\n", file=sys.stderr)
    if (args.vn_dir / "truth.json").exists():
        pages = load_vn_real(args.vn_dir)
        results = run(pages, VN_EXTRACTORS, args.repeat)
        print(vn_table(pages, results, args.pages) + "\n")
        dump["vn"] = {p["id"]: {n: r["outputs"][i] for n, r in results.items()} for i, p in enumerate(pages)}
    else:
        print(f"no vn-real set at {args.vn_dir}\n", file=sys.stderr)
    sample_pages, refusals = load_samples(args.samples)
    if sample_pages:
        results = run(sample_pages, EXTRACTORS, args.repeat)
        print(sample_table(sample_pages, results) + "\n")
        print(metadata_table(sample_pages, results["project"]["outputs"]))
    if refusals:
        refused = [(p["id"], p["reason"], EXTRACTORS["project"](p["html"], p["url"], p["hints"]).get("refused"))
                   for p in refusals]
        print(f"\nsample pages that must not be archived as articles: "
              f"{sum(1 for *_, got in refused if got)}/{len(refused)} refused")
        for pid, want, got in refused:
            print(f"- {pid}: expected {want}, extractor {'refused: ' + got if got else 'ACCEPTED'}")
    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
