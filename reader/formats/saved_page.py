"""The saved-page format (SPEC section 1): the text of a news page with its reader comments,
as a person saves it from the browser. Top to bottom:

    headline                first non-empty line
    By A and B, Role For X  optional byline (authors, optional role, optional outlet)
    4 days ago              optional published line (may start with a no-break space)
    paragraphs              separated by blank lines; lines inside one are joined by "\\n"
    https://... / caption   an image URL line and its caption on the next line
    Comments / 1,482        comments header: the site's total
    author / age / blank / text / blank / Reply / likes    each comment, back to back

Comment boundaries are found by lookahead: a comment ends at a `Reply` line (and the like
count after it, if any) only when what follows is the next comment (an author line followed by
an age line) or the end of the page, so a comment whose text holds "Reply" or a number line
stays whole. A comment cut off before its `Reply` ends at the next blank line + author + age
line, or at the end of the page, with a warning. Comment ids are given by `reader.formats.ids`.

Any text but JSON may be a saved page (a headline may start with "[" or anything else);
`reader.formats.not_a_page` tells markup, source code, tabular data and over-long first lines
apart, and a headline with nothing under it (no paragraph, image or comments header) is not a
page either. An article without byline, published line, images or comments is valid.

Every string put into an Article goes through `clean_text`. Any text either parses or raises
PageError with one line "{source}: {problem}"; parsing is linear in the size of the input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from reader.errors import PageError
from reader.formats.base import start_of
from reader.formats.byline import looks_like_byline, split_byline
from reader.formats.disqus import DISQUS
from reader.formats.html import looks_like_html
from reader.formats.ids import comment_ids
from reader.formats.mhtml import looks_like_mhtml
from reader.formats.not_a_page import SAMPLE_LINES, why_not_a_page
from reader.formats.page_lines import (
    AGE,
    COMMENTS_HEADER,
    MAX_META_CHARS,
    NEWLINE_RUN,
    PUBLISHED,
    REPLY,
    URL,
    parse_likes,
)
from reader.formats.text_window import TextWindow
from reader.formats.wordpress import WORDPRESS
from reader.heap import collector_paused
from reader.model import Article, Comment, Image
from reader.text.clean import clean_text, clean_text_without_controls, has_controls
from reader.text.decode import normalise_newlines

__all__ = ["SAVED_PAGE", "SavedPage"]


def _looks_like_export(text: str) -> bool:
    return WORDPRESS.sniff(text) or DISQUS.sniff(text)


class SavedPage:
    """The saved-page format (see the module docstring)."""

    name = "saved-page"
    title = "a saved news page"

    def sniff(self, text: str) -> bool:
        """Anything but markup (HTML, MHTML, an XML export) and JSON: not an object, not a list of objects (a Reddit thread, even
        cut short), and not a list that is valid JSON.

        Only a text that starts with "[" and ends with "]" is parsed as JSON to tell.
        """
        if looks_like_html(text) or looks_like_mhtml(text) or _looks_like_export(text):
            return False  # the markup formats claim these; no two formats claim one text
        start = start_of(text)
        if start.startswith("{"):
            return False
        if not start.startswith("["):
            return True
        if start[1:].lstrip().startswith("{"):
            return False
        end = text[-4096:].rstrip() or text.rstrip()
        return not (end.endswith("]") and _is_json(text.strip()))

    def parse(self, text: str, source: str) -> Article:
        """The page as an Article, with warnings for what was read on a best-effort basis."""
        # When the whole text holds no control character, neither does any piece the parser
        # takes from it (substrings, or stripped lines joined by newlines), so an ASCII piece is
        # already clean and only the others need `clean_text`.
        no_controls = not has_controls(text)
        with collector_paused():  # ~20% of the time of a long page went to the cycle collector
            if len(text) > 2 * SEGMENT_CHARS:
                return _parse_in_segments(text, source, no_controls, SEGMENT_CHARS)
            article = _PageParser(text.split("\n"), source, no_controls=no_controls).parse()
        assert article is not None  # only a parse of the first comments gives None
        return article

    def parse_start(
        self, text: str, source: str, *, comments: int, prefix_chars: int
    ) -> Article | None:
        """Parses a start of the text (`prefix_chars`, grown fourfold until it holds the
        header, the body and `comments` + 1 comments). None for a page under twice the prefix,
        or a start that raises PageError (the whole page's parse then names the problem or
        reads it). The Article has no warnings: those come with the whole page."""
        size = max(1, prefix_chars)
        while 2 * size <= len(text):
            cut = text.rfind("\n", 0, size)
            if cut > 0:
                start = normalise_newlines(text[:cut])
                parser = _PageParser(start.split("\n"), source, no_controls=not has_controls(start))
                try:
                    article = parser.parse(first_comments=comments)
                except PageError:
                    return None
                if article is not None:
                    return article
            size *= 4
        return None


SAVED_PAGE = SavedPage()

# A long page's comments are split into lines about this many characters at a time, so its
# lines are never all held at once (at 100,000 comments they were 110 MB beside the text).
SEGMENT_CHARS = 1 << 20


def _parse_in_segments(text: str, source: str, no_controls: bool, size: int) -> Article:
    """`_PageParser(text.split("\\n")).parse()`, the same Article, holding the lines of one
    segment of about `size` characters at a time rather than all of them (see `PageSegments`).
    """
    segments = PageSegments(TextWindow(text), source, size, no_controls=no_controls)
    comments: list[Comment] = []
    for found in segments.comments(comment_ids()):
        comments += found
    return segments.article(comments)


class PageSegments:
    """A long page read a segment of about `size` characters at a time, from a window on its
    text (a string, or a file read as it goes: reader.formats.text_window).

    The head (headline to comments header) is parsed from a start of the text, grown until it
    holds the header (as `SavedPage.parse_start` does). Then each segment of the comments
    section is parsed from the line where the one before left off: every comment of a
    segment but its last ended where the next starts, inside the segment, so it ends there in
    the whole page too; the last is read again at the start of the next segment (a segment
    holding one comment is grown until it holds two). The last segment runs to the end.

    `no_controls` None: each segment is checked for control characters on its own (a piece
    of a text without them has none either; one with them is cleaned in full).
    """

    def __init__(
        self, window: TextWindow, source: str, size: int, *, no_controls: bool | None = None
    ) -> None:
        self.window, self.source, self.size, self.no_controls = window, source, size, no_controls
        self.warnings: list[str] = []
        self.skipped = 0
        head_size = size
        while True:
            cut = window.find_newline(head_size)
            start = window.take(0, cut if cut > 0 else None)
            parser = _PageParser(start.split("\n"), source, no_controls=self._plain(start))
            head = parser.head(whole=cut <= 0)
            if head is not None:
                break
            head_size *= 4
        self.head, self.parser = head, parser
        self.start = -1  # the offset just after the comments header; -1: there is none
        if head.header is not None:
            lines = parser.lines
            self.start = sum(map(len, lines[: head.header + 1])) + head.header + 1
        parser.lines = parser.stripped = []  # the head's lines are not needed any more
        window.release(max(0, self.start))

    def _plain(self, text: str) -> bool:
        return self.no_controls if self.no_controls is not None else not has_controls(text)

    def comments(self, next_id: Callable[[str, str], str]) -> Iterator[list[Comment]]:
        """Each segment's comments, cleaned and given ids by `next_id` (called in page order);
        `warnings` and `skipped` hold the segments' when this ends."""
        if self.start < 0:
            return
        window, start, segment = self.window, self.start, self.size
        while True:
            cut = window.find_newline(start + segment)
            chunk = window.take(start, cut if cut > 0 else None)
            lines = chunk.split("\n")
            parser = _PageParser(lines, self.source, no_controls=self._plain(chunk))
            del chunk
            rows = parser.comment_rows(0)
            if cut > 0 and len(rows) < 2:
                segment *= 2  # one comment longer than a segment: read more
                continue
            if cut > 0:  # the last comment is read again from the next segment
                rows.pop()
                del parser.warnings[parser.warned_before_last :]
                self.skipped += parser.skipped_before_last
                start += sum(map(len, lines[: parser.last_start])) + parser.last_start
                window.release(start)
            else:
                self.skipped += parser.skipped
            del lines
            self.warnings += parser.warnings
            yield _built_comments(rows, parser.clean, next_id)
            segment = self.size
            if cut <= 0:
                return

    def article(self, comments: list[Comment]) -> Article:
        """The page's Article with these comments and every warning (after `comments`)."""
        parser = self.parser
        parser.warnings = list(self.warnings)
        parser.add_skipped_warning(self.skipped)
        return parser.article_of(self.head, comments)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _build_comments(
    rows: Iterable[tuple[str, str, str, int]], clean: Callable[[str], str]
) -> list[Comment]:
    """Clean each comment's author, age and text and give it its id (a page's comments)."""
    return _built_comments(rows, clean, comment_ids())


def _built_comments(
    rows: Iterable[tuple[str, str, str, int]],
    clean: Callable[[str], str],
    next_id: Callable[[str, str], str],
) -> list[Comment]:
    """Clean each comment's author, age and text and give it its id from `next_id` (the
    page's, called in page order).

    One loop for both: this runs once per comment, most of the work on a long page.
    """
    comments = []
    ascii_is_clean = clean is clean_text_without_controls  # it returns ASCII text unchanged
    for author, age, text, likes in rows:
        if not (ascii_is_clean and author.isascii()):
            author = clean(author)
        if not (ascii_is_clean and age.isascii()):
            age = clean(age)
        if not (ascii_is_clean and text.isascii()):
            text = clean(text)
        comments.append(Comment(next_id(author, text), author, age, text, likes))
    return comments


class _Meta(NamedTuple):
    """The lines under a page's headline, as written (uncleaned)."""

    byline: str | None
    authors: tuple[str, ...]
    outlet: str | None
    published: str | None


class _Head(NamedTuple):
    """A page's parts above its comments, as read (uncleaned)."""

    headline: str
    meta: _Meta
    paragraphs: list[str]
    images: list[tuple[str, str, int]]
    header: int | None  # the comments header's line; None: the page has none
    comment_count: int | None  # the header's figure


class _PageParser:
    """One pass over the page's lines; every decision looks at most a few lines ahead."""

    def __init__(self, lines: Sequence[str], name: str, *, no_controls: bool = False) -> None:
        self.lines = lines
        self.name = name
        self.no_controls = no_controls
        self.clean: Callable[[str], str] = (
            clean_text_without_controls if no_controls else clean_text
        )
        self.warnings: list[str] = []
        self.stripped = [line.strip() for line in lines]
        self.blank = [not line for line in self.stripped]
        last = len(lines) - 1
        while last >= 0 and self.blank[last]:
            last -= 1
        self.end = last + 1  # lines at and after `end` are all blank
        # What `comment_rows` found: lines left out, and where its last comment started (its
        # line, and the lines left out and warnings given before it).
        self.skipped = self.last_start = self.skipped_before_last = self.warned_before_last = 0

    # -- line tests ---------------------------------------------------------------------
    def _text(self, index: int) -> str:
        return self.stripped[index]

    def _skip_blank(self, index: int) -> int:
        while index < self.end and self.blank[index]:
            index += 1
        return index

    # -- the page -----------------------------------------------------------------------
    def parse(self, *, first_comments: int | None = None) -> Article | None:
        """The page as an Article. With `first_comments`, the lines are the start of a longer
        page: return its first that many comments, or None when these lines are too few to
        tell them (see `SavedPage.parse_start`)."""
        head = self.head(whole=first_comments is None)
        if head is None:
            return None
        rows: list[tuple[str, str, str, int]] | None = []
        if head.header is not None and first_comments is None:
            rows = self.comment_rows(head.header + 1)
            self.add_skipped_warning(self.skipped)
        elif head.header is not None and first_comments is not None:
            rows = self._first_comments(head.header + 1, first_comments)
        if rows is None:
            return None
        return self.article_of(head, _build_comments(rows, self.clean))

    def head(self, *, whole: bool = True) -> _Head | None:
        """The parts above the comments. Not `whole`: these lines are a start of a longer
        page, and None means they are too few to tell the head (see `parse_start`)."""
        index = self._skip_blank(0)
        headline = self._text(index)
        if not whole and index + SAMPLE_LINES >= self.end:
            return None  # the format checks read lines past the end of these
        problem = why_not_a_page(self.lines, self.stripped, index, self.end)
        if problem:
            raise PageError(f"{self.name}: does not look like a saved news page ({problem})")
        index, meta = self._meta(index + 1)
        paragraphs, images, header = self._body(index)
        comment_count = None
        if header is not None:
            match = COMMENTS_HEADER.fullmatch(self._text(header))
            assert match is not None
            comment_count = parse_likes(match.group(1))
        elif not whole:
            return None  # the body goes on past these lines
        elif not paragraphs and not images:
            raise PageError(
                f"{self.name}: does not look like a saved news page"
                " (a first line and nothing under it)"
            )
        return _Head(headline, meta, paragraphs, images, header, comment_count)

    def add_skipped_warning(self, skipped: int) -> None:
        """Say how many lines of the comments section were left out, if any."""
        if skipped:
            self.warnings.append(
                f"{self.name}: {skipped} line(s) in the comments section are not part of a"
                " comment and were left out"
            )

    def article_of(self, head: _Head, comments: list[Comment]) -> Article:
        """The Article of the parts read, every string cleaned (`comments` already are)."""
        clean = self.clean
        headline, meta, paragraphs, images = head.headline, head.meta, head.paragraphs, head.images
        byline, authors, outlet, published = meta
        return Article(
            headline=clean(headline),
            byline=None if byline is None else clean(byline),
            authors=tuple(clean(author) for author in authors),
            outlet=None if outlet is None else clean(outlet),
            published=None if published is None else clean(published),
            paragraphs=tuple(clean(paragraph) for paragraph in paragraphs),
            images=tuple(
                Image(clean(url), clean(caption), after) for url, caption, after in images
            ),
            comment_count=head.comment_count,
            comments=tuple(comments),
            warnings=tuple(self.warnings),
        )

    def _meta(self, index: int) -> tuple[int, _Meta]:
        """The byline and published line under the headline, in either order, and the index
        after them."""
        byline = published = outlet = None
        authors: tuple[str, ...] = ()
        for _ in range(2):
            probe = self._skip_blank(index)
            if probe >= self.end:
                break
            line = self._text(probe)
            if byline is None and looks_like_byline(line):
                byline, authors, outlet = split_byline(line[3:].strip())
            elif published is None and len(line) <= MAX_META_CHARS and PUBLISHED.fullmatch(line):
                published = self.lines[probe].strip(" \t\r\n")  # SPEC 1: keep a leading U+00A0
            else:
                break
            index = probe + 1
        return index, _Meta(byline, authors, outlet, published)

    def _first_comments(self, index: int, count: int) -> list[tuple[str, str, str, int]] | None:
        """The first `count` comments from `index`, or None when these lines hold fewer.

        Every comment but the last one read ended where the next one starts, inside these
        lines, so it ends there in the whole page too: read one more and keep all but it.
        """
        comments = self.comment_rows(index, stop_after=count + 1)
        if len(comments) <= count:
            return None
        del comments[count:]
        self.warnings.clear()  # the whole page's parse gives the real ones
        return comments

    def _body(self, index: int) -> tuple[list[str], list[tuple[str, str, int]], int | None]:
        paragraphs: list[str] = []
        images: list[tuple[str, str, int]] = []
        current: list[str] = []

        def flush() -> None:
            if current:
                paragraphs.append("\n".join(current))
                current.clear()

        while index < self.end:
            if self.blank[index]:
                flush()
                index += 1
                continue
            line = self._text(index)
            if len(line) < 40 and COMMENTS_HEADER.fullmatch(line):
                flush()
                return paragraphs, images, index
            if URL.fullmatch(line):
                flush()
                caption = ""
                following = index + 1
                if following < self.end and not self.blank[following]:
                    candidate = self._text(following)
                    if not URL.fullmatch(candidate) and not (
                        len(candidate) < 40 and COMMENTS_HEADER.fullmatch(candidate)
                    ):
                        caption = candidate
                        following += 1
                images.append((line, caption, len(paragraphs) - 1))
                index = following
                continue
            current.append(line)
            index += 1
        flush()
        return paragraphs, images, None

    # -- comments -----------------------------------------------------------------------
    # Shape: one fused loop with every test inlined; it runs once per line of the comments
    # section, which is most of a long page (tests/test_parse.py parses 100,000 comments).
    def comment_rows(
        self, index: int, *, stop_after: int | None = None
    ) -> list[tuple[str, str, str, int]]:
        """Read the comments from `index` (just after the header) to the end of the page, or
        until `stop_after` comments are read; the count of lines left out is `skipped`.

        One loop with everything inlined: this runs once per line of the comments section,
        which is most of a long page. A comment starts at an author line followed by an age
        line; its text ends at a `Reply` line (and the likes after it) only when what follows
        is the end of the page or the next comment (see the module docstring).
        """
        comments: list[tuple[str, str, str, int]] = []
        stripped, blank, lines, end = self.stripped, self.blank, self.lines, self.end
        last = end - 1  # a comment start needs its age line before `end`
        age_fullmatch = AGE.fullmatch
        reply = REPLY

        is_age: dict[str, bool] = {}  # a thread repeats its few ages ("2h ago") many times

        def is_start(i: int) -> bool:
            """An author line followed by an age line."""
            if (
                i >= last
                or blank[i]
                or blank[i + 1]
                or len(lines[i]) > MAX_META_CHARS
                or len(lines[i + 1]) > MAX_META_CHARS
            ):
                return False
            age = stripped[i + 1]
            known = is_age.get(age)
            if known is None:
                known = is_age[age] = age_fullmatch(age) is not None
            return known and stripped[i] != reply

        while index < end and blank[index]:
            index += 1
        skipped = 0
        known_start = False  # is_start(index) was just found true by the lookahead
        while index < end:
            if not known_start and not is_start(index):
                skipped += 1
                index += 1
                while index < end and blank[index]:
                    index += 1
                continue
            known_start = False
            self.last_start, self.skipped_before_last = index, skipped
            self.warned_before_last = len(self.warnings)
            author, age = stripped[index], stripped[index + 1]
            line = index + 2
            while line < end and blank[line]:
                line += 1
            start = stop = line
            likes = 0
            while line < end:
                if stripped[line] == reply:
                    after = line + 1
                    while after < end and blank[after]:
                        after += 1
                    count = None
                    if after < end:
                        value = stripped[after]
                        if len(value) <= 15 and value.isascii() and value.isdigit():
                            count = int(value)  # parse_likes' answer, without the call
                        elif "\x80" > value[0] and not "0" <= value[0] <= "9":
                            pass  # not a count: every count starts with a digit
                        else:
                            count = parse_likes(value)
                    if count is not None:
                        following = after + 1
                        while following < end and blank[following]:
                            following += 1
                        if following >= last or is_start(following):
                            known_start = following < last
                            stop, likes, index = line, count, following
                            break
                    if after >= last or is_start(after):
                        known_start = after < last
                        stop, index = line, after
                        break
                elif line > start and blank[line - 1] and is_start(line):
                    self.warnings.append(
                        f"{self.name}: the comment by {clean_text(author)} has no Reply line;"
                        " it is taken to end before the next comment"
                    )
                    known_start = True
                    stop = index = line
                    break
                line += 1
            else:
                self.warnings.append(
                    f"{self.name}: the comments section is cut off inside the comment by"
                    f" {clean_text(author)}; its text may be incomplete"
                )
                stop = index = end
            comments.append((author, age, _paragraphs(stripped[start:stop]), likes))
            if len(comments) == stop_after:
                break
            while index < end and blank[index]:
                index += 1
        self.skipped = skipped
        return comments


def _paragraphs(lines: Sequence[str]) -> str:
    """Stripped lines as paragraphs: blank lines separate them, joined by two newlines."""
    if len(lines) == 1:
        return lines[0]
    text = "\n".join(lines)  # k blank lines between two paragraphs make k + 1 newlines
    if "\n\n\n" in text:
        text = NEWLINE_RUN.sub("\n\n", text)
    return text.strip("\n")
