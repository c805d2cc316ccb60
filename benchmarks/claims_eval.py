"""Measure the claim links (`about`) and the misquote check (`quoted`) (issue 14).

Usage: python benchmarks/claims_eval.py [--data DIR] [--articles N] [--seed S] [--errors N]

The evaluation set is generated here, deterministically (SEED), at run time: from articles of
../shared/data/polnear/ (train and dev only; never the test split), so no PolNeAR text is
copied into the project, and from the project's own pages (reader/data/sample.txt and the
fixtures). Without ../shared the PolNeAR part is skipped and said so.

For each article, from its claims as Reader finds them (reader.quotes.claims):
- misquotes: comments quoting 7-14 consecutive words of a quote exactly; with one to three
  words changed, dropped or added (altered); and invented quotes (absent): sentences of
  words the article does not use, and eight of its own words drawn at random. Precision and
  recall of exact / altered / absent;
- claim links: comments that paraphrase one claim, naming its speaker and/or using two to
  four of its content words in another order inside opinion templates; accuracy@1 (the top
  link is the claim, or a claim overlapping it: a partial quote inside its sentence), and
  "general" comments about the story (its most frequent names, opinion words), which should
  link to nothing;
- fixtures: every link made for a comment in the project's pages, with the words the comment
  and the claim share; none may share fewer than two content words.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.analysers.article_claims import ArticleClaims, article_seen, claims_of_seen
from reader.analysers.base import AnalysisContext
from reader.analysers.language import detect_language
from reader.formats import load_articles
from reader.model import Article
from reader.quotes.claims import Claim
from reader.quotes.comment_quotes import quoted_stretches
from reader.quotes.wording import is_content, terms, words

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "polnear"
SEED = 14
SPLITS = ("train", "dev")  # never "test"
FIXTURE_PAGES = [REPO / "reader" / "data" / "sample.txt", *sorted((REPO / "fixtures").glob("*.*"))]

OPINIONS = (
    "So {words}? I doubt it.",
    "{name} keeps saying {words}, and nobody checks.",
    "If {words} then why are we only hearing it now",
    "Honestly the bit about {words} is the whole story here.",
    "{name} and {words}. Sure.",
    "Can someone explain {words} to me",
)
GENERAL = (
    "Typical {name} coverage. This whole thing is a circus.",
    "Another day, another {name} headline. I'm tired of all of it.",
    "Who even reads this stuff anymore? {name} again.",
    "Great reporting as always, keep it up.",
    "This is why I cancelled my subscription.",
    "{name} {name2} {name} nonsense, wake me up when it's over",
)
QUOTING = (
    'He literally said "{quote}" and people still believe him.',
    "“{quote}” — {name}, apparently.",
    "{name} said '{quote}' which tells you everything.",
    "Love how the article has '{quote}' in it.",
    '> {quote}\n\nThat is just not true.',
)
FILLERS = ("really", "totally", "never", "absolutely", "secretly", "clearly", "always")
INVENTED = (
    "we will lower the price of bread for every family by spring",
    "my opponent has promised free ponies to the whole county",
    "nobody in this building has ever read a single page of that bill",
    "the moon landing footage was filmed in my garage last winter",
    "our kids deserve better schools and cheaper buses tomorrow",
    "the pineapple tax is the greatest threat to this nation",
)


@dataclass
class Tally:
    """Counts for precision and recall per label."""

    pairs: Counter[tuple[str, str]]

    def report(self, labels: tuple[str, ...]) -> list[str]:
        lines = []
        for label in labels:
            tp = self.pairs[(label, label)]
            predicted = sum(n for (_, p), n in self.pairs.items() if p == label)
            gold = sum(n for (g, _), n in self.pairs.items() if g == label)
            precision = tp / predicted if predicted else 0.0
            recall = tp / gold if gold else 0.0
            lines.append(f"| {label} | {gold} | {precision:.3f} | {recall:.3f} |")
        return lines


def polnear_articles(data: Path, count: int, rng: random.Random) -> list[Article]:
    """`count` articles drawn from the train and dev splits (title line, then paragraphs)."""
    rows: list[str] = []
    for split in SPLITS:
        path = data / f"{split}.jsonl"
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                rows += [json.loads(line)["text"] for line in handle if line.strip()]
    rng.shuffle(rows)
    articles = []
    for text in rows[:count]:
        blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
        if len(blocks) >= 2:
            articles.append(Article(headline=blocks[0], paragraphs=tuple(blocks[1:])))
    return articles


def fixture_articles() -> list[Article]:
    found: list[Article] = []
    for path in FIXTURE_PAGES:
        try:
            found += load_articles(path)
        except Exception:  # noqa: BLE001, S112 - a fixture that is not a page is not used here
            continue
    return found


def indexed(article: Article) -> ArticleClaims | None:
    return claims_of_seen(article_seen(AnalysisContext(article)))


def surname(claim: Claim) -> str:
    return claim.speaker.split()[-1] if claim.speaker else "they"


# -- misquotes ----------------------------------------------------------------------------


def misquote_items(claims: ArticleClaims, article_words: set[str],
                   rng: random.Random) -> Iterator[tuple[str, str]]:
    """(comment, expected) pairs from the article's longer quotes, and invented quotes."""
    vocabulary = sorted(article_words)
    for claim in claims.claims:
        tokens = claim.text.split()
        if claim.kind != "quote" or len(tokens) < 9:
            continue
        size = rng.randint(7, min(14, len(tokens)))
        start = rng.randint(0, len(tokens) - size)
        piece = [t.strip("\"'“”‘’,.;:!?()[]") for t in tokens[start:start + size]]
        piece = [t for t in piece if t]
        if len(piece) < 7:
            continue
        yield _comment(rng, " ".join(piece), claim), "exact"
        yield _comment(rng, " ".join(_changed(piece, vocabulary, rng)), claim), "altered"
        yield _comment(rng, " ".join(_dropped(piece, rng)), claim), "altered"
        yield _comment(rng, " ".join(_added(piece, rng)), claim), "altered"
    for _ in range(2):
        yield _comment(rng, rng.choice(INVENTED), None), "absent"
        # The article's own words in an order it never uses them.
        yield _comment(rng, " ".join(rng.sample(vocabulary, min(8, len(vocabulary)))),
                       None), "absent"


def _comment(rng: random.Random, quote: str, claim: Claim | None) -> str:
    name = surname(claim) if claim is not None else rng.choice(["Smith", "the senator"])
    return rng.choice(QUOTING).format(quote=quote, name=name)


def _changed(piece: list[str], vocabulary: list[str], rng: random.Random) -> list[str]:
    out = list(piece)
    content = [k for k, w in enumerate(out) if is_content(w.lower())]
    for k in rng.sample(content or list(range(len(out))), min(rng.randint(1, 3), len(content) or 1)):
        replacement = rng.choice(vocabulary)
        while replacement == out[k].lower():
            replacement = rng.choice(vocabulary)
        out[k] = replacement
    return out


def _dropped(piece: list[str], rng: random.Random) -> list[str]:
    count = min(rng.randint(1, 3), len(piece) - 4)
    gone = set(rng.sample(range(1, len(piece) - 1), max(count, 1)))
    return [w for k, w in enumerate(piece) if k not in gone]


def _added(piece: list[str], rng: random.Random) -> list[str]:
    out = list(piece)
    for _ in range(rng.randint(1, 3)):
        out.insert(rng.randint(1, len(out) - 1), rng.choice(FILLERS))
    return out


def check_misquotes(claims: ArticleClaims, comment: str) -> str:
    """The worst finding for the comment's stretches (what the analyser shows first)."""
    found = {claims.words.check(s.text, s.speaker).found
             for s in quoted_stretches(comment, claims.index.aliases) if not s.short}
    for kind in ("altered", "absent", "exact"):
        if kind in found:
            return kind
    return "none"


# -- links --------------------------------------------------------------------------------


def paraphrase_items(claims: ArticleClaims, rng: random.Random
                     ) -> Iterator[tuple[str, Claim]]:
    """(comment, claim) pairs: a name and/or two to four of the claim's content words."""
    for claim in claims.claims:
        content = sorted({w for w, _, _ in words(claim.text) if is_content(w) and len(w) > 3})
        if len(content) < 4:
            continue
        chosen = rng.sample(content, rng.randint(2, 4))
        name = surname(claim) if claim.speaker else "they"
        template = rng.choice(OPINIONS)
        yield template.format(words=" ".join(chosen), name=name.capitalize()), claim


def general_items(article: Article, rng: random.Random) -> Iterator[str]:
    """Comments about the story in general: its most frequent names, opinion words."""
    names = Counter(w for p in (article.headline, *article.paragraphs)
                    for w in p.split() if w[:1].isupper() and len(w) > 3 and w.isalpha())
    common = [n for n, _ in names.most_common(2)] or ["Congress"]
    for template in rng.sample(GENERAL, 2):
        yield template.format(name=common[0], name2=common[-1])


def overlaps(a: Claim, b: Claim) -> bool:
    return a.where == b.where and a.index == b.index and a.start < b.end and b.start < a.end


# -- run ----------------------------------------------------------------------------------


def evaluate(articles: list[Article], rng: random.Random, errors: int) -> list[str]:
    misquotes = Tally(Counter())
    links = Counter[str]()
    shown: list[str] = []
    for article in articles:
        claims = indexed(article)
        if claims is None or not claims.claims:
            continue
        vocabulary = {w for p in (article.headline, *article.paragraphs) for w, _, _ in words(p)}
        for comment, expected in misquote_items(claims, vocabulary, rng):
            got = check_misquotes(claims, comment)
            misquotes.pairs[(expected, got)] += 1
            if got != expected and len(shown) < errors:
                shown.append(f"misquote {expected} -> {got}: {comment[:160]!r}")
        for comment, claim in paraphrase_items(claims, rng):
            found = claims.index.links(comment)
            links["paraphrases"] += 1
            if found and overlaps(claims.by_id[found[0].claim], claim):
                links["right@1"] += 1
            elif len(shown) < errors:
                got = claims.by_id[found[0].claim].text[:80] if found else "nothing"
                shown.append(f"link: {comment!r} -> {got!r} (wanted {claim.text[:80]!r})")
            if not found:
                links["unlinked"] += 1
        for comment in general_items(article, rng):
            links["general"] += 1
            if claims.index.links(comment):
                links["general linked"] += 1
    lines = ["| misquote kind | items | precision | recall |", "|---|---:|---:|---:|"]
    lines += misquotes.report(("exact", "altered", "absent"))
    total = links["paraphrases"] or 1
    lines += [
        "",
        (f"claim link accuracy@1 on paraphrases: {links['right@1'] / total:.3f} "
        f"({links['right@1']} of {links['paraphrases']}; {links['unlinked']} linked to nothing)"),
        f"general comments linked to a claim: {links['general linked']} of {links['general']}",
    ]
    return lines + (["", "errors:"] + shown if shown else [])


def fixture_links() -> list[str]:
    """Every link made for a comment of the project's pages, with the shared words."""
    lines = []
    bad = 0
    count = 0
    for article in fixture_articles():
        claims = indexed(article)
        if claims is None:
            continue
        entries = {entry.claim.id: entry for entry in claims.index.claims}
        for comment in article.comments:
            code, _ = detect_language(comment.text)
            if code not in (None, "en"):
                continue  # the analyser links English comments only
            for link in claims.index.links(comment.text):
                claim = claims.by_id[link.claim]
                shared = sorted(set(terms(comment.text)) & entries[link.claim].weights.keys())
                count += 1
                bad += len(shared) < 2
                lines.append(f"  {comment.text[:60]!r} -> {claim.text[:50]!r} shares {shared}")
    return [f"fixture links: {count}, sharing fewer than two content words: {bad}", *lines]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--errors", type=int, default=0)
    parser.add_argument("--fixtures", action="store_true", help="list every fixture link")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    articles = fixture_articles()
    if args.data.is_dir():
        articles += polnear_articles(args.data, args.articles, rng)
    else:
        print(f"skipping PolNeAR: {args.data} not found", file=sys.stderr)
    print(f"{len(articles)} articles (seed {args.seed})\n")
    print("\n".join(evaluate(articles, rng, args.errors)))
    fixtures = fixture_links()
    print("\n" + "\n".join(fixtures if args.fixtures else fixtures[:1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
