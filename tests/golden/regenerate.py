"""Rewrite the ``expected`` of every golden case from the current extractor, for review as a ``git diff``.

    python -m tests.golden.regenerate          # rewrite every tests/golden/*/*.json whose output changed
    python -m tests.golden.regenerate --check  # write nothing; exit 1 listing the pages whose output changed

A new case needs only its page (<name>.html.gz) and a .json without ``expected``: this fills it in. The result is
computed by ``tests.test_golden.golden_result``, the very function the test compares against.
"""

from __future__ import annotations

import argparse
import json
import sys

from tests.test_golden import ROOT, case_file, dumps, golden_pages, golden_result


def refreshed_case(page) -> tuple[str, str]:
    """(stored text, text with ``expected`` recomputed) of one page's case file."""
    stored = case_file(page).read_text(encoding="utf-8")
    return stored, dumps({**json.loads(stored), "expected": golden_result(page)})


def changed_pages() -> list[tuple[object, str]]:
    """(page, new case text) for every page whose stored case differs from the current output."""
    changes = []
    for page in golden_pages():
        stored, fresh = refreshed_case(page)
        if stored != fresh:
            changes.append((page, fresh))
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list changed pages; exit 1 if any")
    args = parser.parse_args(argv)
    changes = changed_pages()
    for page, fresh in changes:
        print(page.relative_to(ROOT))
        if not args.check:
            case_file(page).write_text(fresh, encoding="utf-8")
    verb = "changed" if args.check else "rewritten"
    print(f"{len(changes)} of {len(golden_pages())} golden cases {verb}", file=sys.stderr)
    return 1 if args.check and changes else 0


if __name__ == "__main__":
    sys.exit(main())
