"""Measure quote detection and speaker attribution on PolNeAR (see ../shared/data/README.md).

Usage: python benchmarks/eval_quotes.py [--data DIR] [--split dev|train] [--errors N]

Rules (stated here so the figures can be read):
- Gold quotes: quoted stretches found by a deliberately simple, independent pairer (double
  marks: `"..."`, `“...”`; single marks: `‘...’`, `'...'` opening after a non-letter and
  closing before a non-letter; an opening mark with no close runs to the paragraph's end),
  kept when at least half of the stretch lies inside an attribution's content span. Each gold
  quote takes the source of the smallest content span covering it.
- A prediction matches a gold quote when, after trimming spaces and punctuation from both
  ends, the spans are equal or their IoU is at least 0.5 (one-to-one, best IoU first).
- Precision is given twice: against the attribution quotes (unattributed scare quotes count
  as errors) and against every quoted stretch the simple pairer finds in the text.
- Speaker accuracy covers matched gold quotes whose source is a name: its head (the words
  before a comma, a parenthesis or "who/which/that"), after dropping a leading "the/a/an",
  is not a pronoun or relative word and ends in a capitalised word (so "a White House
  official" and "Sanders’ campaign manager" are not names, "the Washington Post" is); a
  single capitalised word that starts a sentence must not also occur in lower case in the
  article (that rules out "Officials", "Sources"); an appositive after a comma is dropped
  (`Murphy, the head of Right to Rise USA,` -> `Murphy`). Our speaker is correct when, with titles,
  determiners and possessives removed, one name's words are a contiguous run of the other's
  (`Trump` ~ `Donald Trump`, `The Post` ~ `New York Post`; `Eric Trump` is not `Donald Trump`);
  accents and a parenthesised party tag are ignored (`Francois` ~ `François`, `(R-OH)`).
  Not forgiven: an organisation for its leader or the reverse (`Trump campaign` vs `Trump`),
  and PolNeAR's nested attributions, which credit the outer source (`X said, according to
  CNN, '...'` has source CNN; we name X, as SPEC section 3 asks): those count as errors.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.model import Article
from reader.quotes.attribution import attribute_quotes
from reader.quotes.names import TITLES

REPO = Path(__file__).resolve().parents[1]
PRONOUNS = frozenset(
    ["he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "his", "hers", "its", "their", "who", "which", "that", "this", "these", "those"]
)
TRIM = " \t\n.,;:!?\"'“”‘’«»—–-()[]"


@dataclass
class Paragraph:
    start: int  # offset of the paragraph in the article text
    text: str


def split_article(text: str) -> tuple[Paragraph, list[Paragraph]]:
    """Title line and blank-line separated paragraphs, with their offsets in `text`."""
    blocks: list[Paragraph] = []
    for match in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        raw = match.group(0)
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            blocks.append(Paragraph(match.start() + lead, raw.strip()))
    return blocks[0], blocks[1:]


def simple_stretches(text: str) -> list[tuple[int, int]]:
    """Quoted stretches in one paragraph by the simple, independent pairing rule."""
    out: list[tuple[int, int]] = []
    double = re.compile(r"“([^”\n]*)(?:”|$)|\"([^\"\n]*)(?:\"|$)|''([^\n]*?)(?:''|$)")
    for m in double.finditer(text):
        g = next(k for k in (1, 2, 3) if m.group(k) is not None)
        out.append((m.start(g), m.end(g)))
    single = re.compile(r"(?<![\w])[‘'](?=\w)([^\n]*?)(?<=\S)[’'](?!\w)")
    for m in single.finditer(text):
        s, e = m.start(1), m.end(1)
        if not any(a <= s and e <= b for a, b in out):
            out.append((s, e))
    return [(s, e) for s, e in out if e > s]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def is_name(source: str, start: int, text: str) -> bool:
    head = re.split(r",|\(| who | which | that ", source)[0]
    words = head.split()
    while words and words[0].lower() in {"the", "a", "an"}:
        words.pop(0)
    if not words or words[0].lower().strip(",") in PRONOUNS:
        return False
    if not words[-1][:1].isupper():
        return False  # `a White House official`, `Sanders’ campaign manager`
    caps = [w for w in words if w[:1].isupper()]
    if len(caps) == 1 and caps[0] == source.split()[0]:
        before = text[max(0, start - 3):start]
        sentence_start = start == 0 or bool(re.search(r"(^|[.!?\"”’:]\s*|\n)\s*$", before))
        lower = caps[0].lower().rstrip(",.")
        if sentence_start and re.search(r"\b" + re.escape(lower) + r"\b", text):
            return False
    return True


def name_words(name: str) -> list[str]:
    name = name.split(",")[0]  # `Murphy, the head of Right to Rise USA,` -> `Murphy`
    name = re.sub(r"\([^)]*\)?", " ", name)  # `John Kasich (R-OH)` -> `John Kasich`
    # Accents do not make another person: `François Hollande` ~ `Francois Hollande`.
    name = "".join(c for c in unicodedata.normalize("NFKD", name)
                   if not unicodedata.combining(c))
    words = re.sub(r"['’]s\b", "", name).replace(".", " ").split()
    words = [w.strip(",;:()\"'“”").lower() for w in words]
    while words and (words[0] in {"the", "a", "an"} or words[0] in TITLES):
        words.pop(0)
    return [w for w in words if w]


def same_entity(gold: str, ours: str | None) -> bool:
    if ours is None:
        return False
    a, b = name_words(gold), name_words(ours)
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return any(long[i:i + len(short)] == short for i in range(len(long) - len(short) + 1))


@dataclass
class Gold:
    start: int
    end: int
    source: str | None
    source_start: int


def gold_quotes(row: dict[str, object], paragraphs: list[Paragraph], title: Paragraph) -> list[Gold]:
    attributions = row["attributions"]
    assert isinstance(attributions, list)
    contents: list[tuple[int, int, str | None, int, int]] = []
    for att in attributions:
        content = att.get("content")
        if not content:
            continue
        spans = content["spans"]
        size = sum(e - s for s, e in spans)
        source = att.get("source")
        src_text = source["text"] if source else None
        src_start = source["spans"][0][0] if source else -1
        for s, e in spans:
            contents.append((s, e, src_text, src_start, size))
    golds: list[Gold] = []
    for para in [title, *paragraphs]:
        for s, e in simple_stretches(para.text):
            a, b = para.start + s, para.start + e
            best: tuple[int, str | None, int] | None = None
            for cs, ce, src, src_start, size in contents:
                inside = max(0, min(b, ce) - max(a, cs))
                if inside * 2 >= (b - a) and (best is None or size < best[0]):
                    best = (size, src, src_start)
            if best is not None:
                golds.append(Gold(a, b, best[1], best[2]))
    return golds


def load(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--errors", type=int, default=0, help="print this many speaker errors")
    args = parser.parse_args(argv)
    path = args.data / "polnear" / f"{args.split}.jsonl"
    if not path.is_file():
        print(f"no data at {path}", file=sys.stderr)
        return 1
    n_gold = n_pred = n_match = n_any = 0
    named = named_right = named_none = 0
    errors: list[str] = []
    for row in load(path):
        text = row["text"]
        assert isinstance(text, str)
        title, paragraphs = split_article(text)
        article = Article(headline=title.text, paragraphs=tuple(p.text for p in paragraphs))
        predicted: list[tuple[int, int, str | None]] = []
        for quote in attribute_quotes(article):
            para = title if quote.where == "headline" else paragraphs[quote.index]
            predicted.append((para.start + quote.start, para.start + quote.end, quote.speaker))
        golds = gold_quotes(row, paragraphs, title)
        any_stretches = [trim(text, p.start + s, p.start + e)
                         for p in [title, *paragraphs] for s, e in simple_stretches(p.text)]
        n_gold += len(golds)
        n_pred += len(predicted)
        pairs = []
        for gi, gold in enumerate(golds):
            g = trim(text, gold.start, gold.end)
            for pi, (ps, pe, _) in enumerate(predicted):
                p = trim(text, ps, pe)
                score = 1.0 if p == g else iou(p, g)
                if score >= 0.5:
                    pairs.append((score, gi, pi))
        pairs.sort(reverse=True)
        used_g: set[int] = set()
        used_p: set[int] = set()
        for score, gi, pi in pairs:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            n_match += 1
            gold = golds[gi]
            if gold.source and is_name(gold.source, gold.source_start, text):
                named += 1
                ours = predicted[pi][2]
                if same_entity(gold.source, ours):
                    named_right += 1
                else:
                    named_none += ours is None
                    if len(errors) < args.errors:
                        snippet = (text[max(0, gold.start - 200):gold.start] + "[["
                                   + text[gold.start:gold.end][:150] + "]]"
                                   + text[gold.end:gold.end + 80]).replace("\n", " | ")
                        errors.append(f"gold={gold.source!r} ours={ours!r}\n    {snippet}")
        for ps, pe, _ in predicted:
            p = trim(text, ps, pe)
            if any(iou(p, a) >= 0.5 for a in any_stretches):
                n_any += 1
    recall = n_match / n_gold if n_gold else 0.0
    precision = n_match / n_pred if n_pred else 0.0
    precision_any = n_any / n_pred if n_pred else 0.0
    accuracy = named_right / named if named else 0.0
    print(f"PolNeAR {args.split}: {n_gold} gold quotes, {n_pred} predicted")
    print(f"{'measure':<40}{'value':>8}")
    print(f"{'detection recall':<40}{recall:>8.3f}")
    print(f"{'precision vs attribution quotes':<40}{precision:>8.3f}")
    print(f"{'precision vs any quoted stretch':<40}{precision_any:>8.3f}")
    print(f"{'speaker accuracy (named sources)':<40}{accuracy:>8.3f}  ({named_right}/{named})")
    print(f"{'  of the errors, no speaker given':<40}{named_none:>8d}")
    for line in errors:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
