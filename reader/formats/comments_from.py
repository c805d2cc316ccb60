"""`reader ARTICLE --comments THREAD`: the article from one file (a saved HTML page), the
comments from another (the Reddit, Hacker News, WordPress or Disqus thread about it).

The result is the article's (headline, byline, authors, outlet, published, body, images, url,
so its triage key, `Article.content_hash`, is the article's) with the thread's comments,
`comment_count` and `replies_not_saved`, and `source` naming both formats, article's first
("html+reddit"): SPEC's `source` says which format the page was read from, and it was read
from two. The warnings of both files are kept.

Which thread goes with which article, when a file holds several (an export):

- a thread whose `url` is the article's address (scheme, "www.", a trailing "/" and the
  fragment aside) goes with it; the first such thread when there are several;
- one article and one thread go together whatever their addresses (the person paired them);
- one article and several threads none of which has its address: refused in one line naming
  the thread file, saying how to give one thread;
- of several articles (a WordPress export with a Disqus export, a common pairing), one with
  no thread keeps its own comments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import urlsplit

from reader.errors import PageError
from reader.model import Article

__all__ = ["same_address", "with_comments_from"]


def _address(url: str | None) -> str | None:
    """A url as compared: host without "www.", path without a trailing "/", query kept."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    if not host:
        return None
    path = parts.path.rstrip("/")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"


def same_address(first: str | None, second: str | None) -> bool:
    """Whether two urls name the same page (see `_address`); never for a missing one."""
    address = _address(first)
    return address is not None and address == _address(second)


def _joined(article: Article, thread: Article) -> Article:
    return replace(
        article,
        comments=thread.comments,
        comment_count=thread.comment_count,
        replies_not_saved=thread.replies_not_saved,
        source=f"{article.source}+{thread.source}",
        warnings=article.warnings + thread.warnings,
    )


def with_comments_from(
    articles: Sequence[Article], threads: Sequence[Article], thread_name: str
) -> tuple[Article, ...]:
    """Each article with the comments of the thread that goes with it (module docstring);
    PageError naming `thread_name` when one article has none."""
    joined: list[Article] = []
    for article in articles:
        matches = [thread for thread in threads if same_address(thread.url, article.url)]
        if matches:
            joined.append(_joined(article, matches[0]))
        elif len(articles) == 1 and len(threads) == 1:
            joined.append(_joined(article, threads[0]))
        elif len(articles) == 1:
            why = (
                f"none has the article's address ({article.url})"
                if article.url
                else "the article has no address to match"
            )
            raise PageError(
                f"{thread_name}: holds {len(threads)} threads and {why}; give a file with the "
                "one thread (`reader analyze` prints each as a JSON line, which Reader reads)"
            )
        else:
            joined.append(article)
    return tuple(joined)
