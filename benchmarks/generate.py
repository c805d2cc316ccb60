"""Generate saved pages with N reader comments, for the benchmarks (SPEC section 1 format).

The article is the bundled sample's; the comments are built from the comments of the sample
and the fixtures: mostly English with Spanish, French and German as in a real thread, a few
emoji-only or one-word replies, some exact repeats (copy-paste, "This."), and otherwise texts
varied by recombining sentences of same-language comments and adding a sentence with a number,
an emoji or an @mention, so the analysis cache cannot simply dedupe everything. The same N and
seed always give the same page, byte for byte.

    python benchmarks/generate.py 10000 -o /tmp/page-10k.txt
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from reader.analysers.language import detect_language
from reader.errors import PageError
from reader.formats import parse_page, sample_path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"

# Shares of a generated thread by language of the comment it is built from.
LANGUAGE_SHARES = {"en": 0.78, "es": 0.05, "fr": 0.04, "de": 0.04, None: 0.09}
REPEAT_SHARE = 0.12  # comments posted verbatim again
NUMBER_SENTENCES = {
    "en": "Been reading this paper for {n} years and {m} of my neighbours agree.",
    "es": "Llevo {n} años leyendo este periódico y {m} vecinos piensan lo mismo.",
    "fr": "Je lis ce journal depuis {n} ans et {m} de mes voisins sont d'accord.",
    "de": "Ich lese diese Zeitung seit {n} Jahren und {m} meiner Nachbarn sehen das so.",
}
EMOJI = ("😂", "👍", "🙄", "😡", "👏", "🤔", "💯", "😢")
# Lines a comment text must not hold, or the page would read differently (SPEC section 1).
_STRUCTURAL_LINE = re.compile(r"^(Reply|[\d.,]+[KkMm]?|.*\bago|Just now|Yesterday)$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Seed:
    """A comment of the sample or a fixture to build generated comments from."""

    author: str
    text: str
    language: str | None


def seed_comments() -> list[Seed]:
    """The comments of the bundled sample and the fixtures (not the hostile ones), in order."""
    paths = [sample_path(), *sorted(FIXTURES.glob("*.txt"))]
    seeds: dict[str, Seed] = {}
    for path in paths:
        try:
            article = parse_page(path.read_text(encoding="utf-8-sig"), source=str(path))
        except (PageError, UnicodeDecodeError):
            continue
        for comment in article.comments:
            lines = comment.text.split("\n")
            if any(_STRUCTURAL_LINE.match(line.strip()) for line in lines):
                continue
            language = detect_language(comment.text)[0]
            if language not in LANGUAGE_SHARES:
                continue
            seeds.setdefault(comment.text, Seed(comment.author, comment.text, language))
    if not seeds:
        raise SystemExit("no comments found in the sample or fixtures to build pages from")
    return list(seeds.values())


def article_head() -> str:
    """The bundled sample up to (not including) its comments header."""
    text = sample_path().read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    head, _, _ = text.partition("\nComments / ")
    return head.rstrip("\n") + "\n"


def _likes(rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.4:
        return None  # zero likes: the line is left out
    if roll < 0.97:
        return str(int(rng.paretovariate(1.2)) + rng.randrange(0, 20))
    return f"{rng.randrange(10, 99) / 10:.1f}K"


def _age(rng: random.Random) -> str:
    unit = rng.choice(("m", "h", "d"))
    if rng.random() < 0.03:
        return "Just now"
    return f"{rng.randrange(1, 59 if unit != 'd' else 30)}{unit} ago"


def _comment_text(rng: random.Random, pool: dict[str | None, list[Seed]]) -> str:
    languages = [lang for lang in LANGUAGE_SHARES if pool.get(lang)]
    weights = [LANGUAGE_SHARES[lang] for lang in languages]
    language = rng.choices(languages, weights)[0]
    seeds = pool[language]
    base = rng.choice(seeds)
    if language is None or rng.random() < REPEAT_SHARE:
        return base.text
    other = rng.choice(seeds)
    sentences = _SENTENCE_END.split(base.text.replace("\n\n", " "))
    sentences += _SENTENCE_END.split(other.text.replace("\n\n", " "))
    picked = rng.sample(sentences, k=min(len(sentences), rng.randint(1, 3)))
    if rng.random() < 0.8:
        template = NUMBER_SENTENCES[language]
        picked.insert(
            rng.randrange(len(picked) + 1),
            template.format(n=rng.randrange(2, 60), m=rng.randrange(2, 500)),
        )
    if rng.random() < 0.15:
        picked[-1] += " " + rng.choice(EMOJI) * rng.randint(1, 3)
    if rng.random() < 0.1:
        picked[0] = f"@{rng.choice(seeds).author.split()[0]} {picked[0]}"
    if len(picked) > 1 and rng.random() < 0.15:
        cut = rng.randrange(1, len(picked))
        return " ".join(picked[:cut]) + "\n\n" + " ".join(picked[cut:])
    return " ".join(picked)


def generate_page(count: int, *, seed: int = 0) -> str:
    """A saved page holding `count` comments (deterministic for the same count and seed)."""
    rng = random.Random(seed)
    pool: dict[str | None, list[Seed]] = {}
    for item in seed_comments():
        pool.setdefault(item.language, []).append(item)
    authors = sorted({item.author for items in pool.values() for item in items})
    parts = [article_head(), f"\nComments / {count + count // 7:,}\n\n"]
    for index in range(count):
        author = f"{rng.choice(authors)} {index}" if rng.random() < 0.7 else rng.choice(authors)
        parts.append(f"{author}\n{_age(rng)}\n\n{_comment_text(rng, pool)}\n\nReply\n")
        likes = _likes(rng)
        if likes is not None:
            parts.append(likes + "\n")
    return "".join(parts)


def generate_disqus_export(threads: int, posts: int, *, seed: int = 0) -> str:
    """A Disqus export of `threads` threads of `posts` posts each, the comments made as in
    `generate_page`, half of them replies to an earlier post of their thread (deterministic)."""
    rng = random.Random(seed)
    pool: dict[str | None, list[Seed]] = {}
    for item in seed_comments():
        pool.setdefault(item.language, []).append(item)
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">\n'
    )
    parts = [head]
    for thread in range(1, threads + 1):
        parts.append(
            f'<thread dsq:id="{thread}"><id /><forum>ledger</forum>'
            f"<link>https://ledger.example.org/{thread}/</link><title>Story {thread}: couriers "
            "walk out over pay</title><message /><createdAt>2026-10-03T08:35:00Z</createdAt>"
            "</thread>\n"
        )
    post = 0
    for thread in range(1, threads + 1):
        first = post + 1
        for _ in range(posts):
            post += 1
            parent = (
                f'<parent dsq:id="{rng.randrange(first, post)}" />'
                if post > first and rng.random() < 0.5
                else ""
            )
            paragraphs = _comment_text(rng, pool).split("\n\n")
            message = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
            parts.append(
                f'<post dsq:id="{post}"><id /><message><![CDATA[{message}]]></message>'
                "<createdAt>2026-10-03T09:00:00Z</createdAt><isDeleted>false</isDeleted>"
                f"<isSpam>false</isSpam><author><name>Reader {rng.randrange(5000)}</name>"
                f'<isAnonymous>true</isAnonymous></author><thread dsq:id="{thread}" />{parent}'
                "</post>\n"
            )
    parts.append("</disqus>\n")
    return "".join(parts)


_WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"'
    ' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
    "\n<channel>\n<title>Harbour Town News</title>\n<link>https://harbour.example.org</link>"
    "\n<wp:wxr_version>1.2</wp:wxr_version>\n"
)
# wp:comment_approved of a generated comment: mostly shown, some held, spam or trashed.
_APPROVALS = ("1",) * 16 + ("0", "spam", "trash", "post-trashed")


def _cdata(text: str) -> str:
    """Text in CDATA, split where it holds "]]>" (as WordPress's exporter does)."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _wordpress_comment(rng: random.Random, number: int, first: int, text: str) -> str:
    parent = rng.randrange(first, number) if number > first and rng.random() < 0.5 else 0
    content = "\n\n".join(html.escape(p, quote=False) for p in text.split("\n\n"))
    return (
        f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
        f"<wp:comment_author>{_cdata(f'Reader {rng.randrange(5000)}')}</wp:comment_author>"
        "<wp:comment_author_email><![CDATA[]]></wp:comment_author_email>"
        f"<wp:comment_date_gmt>2026-10-03 {number // 60 % 24:02}:{number % 60:02}:00"
        f"</wp:comment_date_gmt><wp:comment_content>{_cdata(content)}</wp:comment_content>"
        f"<wp:comment_approved>{rng.choice(_APPROVALS)}</wp:comment_approved>"
        f"<wp:comment_type>comment</wp:comment_type><wp:comment_parent>{parent}"
        "</wp:comment_parent></wp:comment>\n"
    )


def _wordpress_item(number: int, post_type: str, comments: list[str]) -> str:
    body = (
        "The council voted on Monday for the new ferry &amp; harbour plan.\n\n"
        f'[caption id="attachment_{number}"]<img src="https://harbour.example.org/{number}.jpg"'
        f" /> The quay, story {number}[/caption]\n\nWork starts in spring."
    )
    return (
        f"<item><title>Story {number}: couriers walk out over pay</title>"
        f"<link>https://harbour.example.org/{number}/</link>"
        "<pubDate>Sat, 03 Oct 2026 08:30:00 +0000</pubDate>"
        f"<dc:creator>{_cdata(f'writer{number % 7}')}</dc:creator>"
        f"<content:encoded>{_cdata(body)}</content:encoded>"
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"<wp:post_id>{number}</wp:post_id>"
        "<wp:post_date_gmt>2026-10-03 08:30:00</wp:post_date_gmt>"
        f"<wp:status>publish</wp:status><wp:post_type>{post_type}</wp:post_type>\n"
        f"{''.join(comments)}</item>\n"
    )


def generate_wordpress_export(posts: int, comments_per_post: int, *, seed: int = 0) -> str:
    """A WordPress export (WXR) of `posts` posts (every tenth an attachment, a photo) of
    `comments_per_post` comments each, the comments made as in `generate_page`, half of them
    replies to an earlier comment of their post, some held, spam or trashed; the channel's
    authors listed, a menu item between the posts (deterministic)."""
    rng = random.Random(seed)
    pool: dict[str | None, list[Seed]] = {}
    for item in seed_comments():
        pool.setdefault(item.language, []).append(item)
    parts = [_WXR_HEAD]
    for writer in range(6):  # writer6 is not listed: shown by its login
        parts.append(
            f"<wp:author><wp:author_login>{_cdata(f'writer{writer}')}</wp:author_login>"
            f"<wp:author_display_name>{_cdata(f'Writer {writer}')}</wp:author_display_name>"
            "</wp:author>\n"
        )
    comment = 0
    for post in range(1, posts + 1):
        first = comment + 1
        comments = []
        for _ in range(comments_per_post):
            comment += 1
            comments.append(_wordpress_comment(rng, comment, first, _comment_text(rng, pool)))
        parts.append(_wordpress_item(post, "attachment" if post % 10 == 0 else "post", comments))
        if post % 100 == 50:
            parts.append(_wordpress_item(posts + post, "nav_menu_item", []))
    parts.append("</channel>\n</rss>\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of comments")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    page = generate_page(args.count, seed=args.seed)
    if args.output is None:
        sys.stdout.write(page)
    else:
        args.output.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
