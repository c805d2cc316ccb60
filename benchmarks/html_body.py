"""Body F1 of Reader's saved-HTML reader against plain trafilatura, on the pages in
fixtures/html/ (each `NAME.html` with its hand-checked `NAME.expected.json`).

Usage: python benchmarks/html_body.py [--fixtures DIR]

Rules (stated here so the figures can be read):
- Gold: the `paragraphs` of the expected JSON, joined; the article body a reader sees, with
  subheadings, list items and table rows, without headline, byline, date, captions, pull
  quotes that repeat the text, boilerplate or comments.
- Tokens: lower-cased runs of word characters (`\\w+`); a page's precision and recall count
  tokens as a multiset (bag of words), as the public article-extraction benchmark does.
- Reader: the article's paragraphs joined. trafilatura: `trafilatura.extract(html)` with its
  defaults (what a person calling it plainly gets: comments included), and, for fairness,
  again with `include_comments=False`.
- The figure is the mean of the per-page F1 scores. Exit status 1 when Reader's mean is
  below plain trafilatura's, or Reader scores below it on any page.

These are pages written for Reader's tests, not the public benchmark (whose pages are held
back): the figures show Reader keeps trafilatura's quality on pages like these, no more.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Score:
    """Bag-of-words precision, recall and F1 of one extraction against its gold text."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total


def tokens(text: str) -> Counter[str]:
    """The text's lower-cased word tokens, counted."""
    return Counter(_TOKEN.findall(text.lower()))


def score(extracted: str, gold: str) -> Score:
    """Token-level precision and recall of `extracted` against `gold`."""
    got, want = tokens(extracted), tokens(gold)
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 0.0
    return Score(precision, recall)


def reader_body(path: Path) -> str:
    """Reader's body text for a page: its paragraphs, as `reader analyze` prints them."""
    from reader.formats.html import SAVED_HTML
    from reader.text.decode import read_page_text

    text, _ = read_page_text(path)
    return "\n".join(SAVED_HTML.parse(text, path.name).paragraphs)


def trafilatura_body(path: Path, *, include_comments: bool = True) -> str:
    """trafilatura's text for the page, from the HTML string (never a URL: nothing fetched)."""
    import trafilatura

    html = path.read_text(encoding="utf-8")
    return trafilatura.extract(html, include_comments=include_comments) or ""


def pages(fixtures: Path) -> list[tuple[Path, str]]:
    """Each HTML page with its gold body text."""
    found = []
    for path in sorted(fixtures.glob("*.html")):
        expected = path.with_name(path.stem + ".expected.json")
        if expected.exists():
            gold = json.loads(expected.read_text(encoding="utf-8"))["paragraphs"]
            found.append((path, "\n".join(gold)))
    return found


EXTRACTORS: dict[str, Callable[[Path], str]] = {
    "reader": reader_body,
    "trafilatura": trafilatura_body,
    "trafilatura-no-comments": lambda path: trafilatura_body(path, include_comments=False),
}


def evaluate(fixtures: Path = FIXTURES) -> dict[str, dict[str, Score]]:
    """{extractor: {page name: score}} over every page with gold paragraphs."""
    results: dict[str, dict[str, Score]] = {name: {} for name in EXTRACTORS}
    for path, gold in pages(fixtures):
        for name, extract in EXTRACTORS.items():
            results[name][path.name] = score(extract(path), gold)
    return results


def mean_f1(scores: dict[str, Score]) -> float:
    """The mean of the per-page F1 scores."""
    return sum(s.f1 for s in scores.values()) / len(scores) if scores else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    args = parser.parse_args(argv)
    results = evaluate(args.fixtures)
    names = list(EXTRACTORS)
    print(f"{'page':28}" + "".join(f"{name:>26}" for name in names))
    for page in results["reader"]:
        cells = (results[name][page] for name in names)
        print(
            f"{page:28}"
            + "".join(f"{f'P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}':>26}" for s in cells)
        )
    print(f"{'mean F1':28}" + "".join(f"{mean_f1(results[name]):>26.3f}" for name in names))
    reader, plain = results["reader"], results["trafilatura"]
    worse = [page for page in reader if reader[page].f1 < plain[page].f1]
    if worse or mean_f1(reader) < mean_f1(plain):
        print(f"Reader scores below trafilatura on: {', '.join(worse) or 'the mean'}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
