"""Turn a saved news page (or the JSON `reader analyze --format json` prints) into an Article.

The saved-page format (SPEC section 1), top to bottom:

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
line, or at the end of the page, with a warning.

Comment ids: "c" + the first 12 hex digits of sha256(author + "\\x00" + text) over the cleaned
author and text, with "-2", "-3", ... appended to exact duplicates in page order. The same
comment in the same file therefore keeps its id across runs and versions. Ids read from JSON
input are kept.

What is not a saved page: text whose first line is markup (`<`), JSON that is not a Reader
analysis, source code (most lines indented or ending in `{ } ; )`, or a code keyword first),
tabular data (the first lines all hold the same number of separators), a first line longer
than `MAX_HEADLINE_CHARS`, or a headline with nothing under it (no paragraph, image or
comments header). An article without byline, published line, images or comments is valid.

Every string put into an Article goes through `clean_text`. Any text either parses or raises
PageError with one line "{source}: {problem}"; parsing is linear in the size of the input.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from pathlib import Path

from reader.errors import PageError
from reader.heap import collector_paused
from reader.model import SCHEMA_VERSION, Article, Comment, Image, new_comment
from reader.text.clean import clean_text, clean_text_without_controls, has_controls
from reader.text.decode import DEFAULT_MAX_BYTES, display_path, normalise_newlines, read_page_text

__all__ = [
    "MAX_HEADLINE_CHARS",
    "comment_id",
    "load_article",
    "open_page",
    "parse_likes",
    "parse_page",
    "sample_path",
]

MAX_HEADLINE_CHARS = 500
_MAX_META_CHARS = 200  # byline, published, author and age lines are short
_FORMAT_SAMPLE_LINES = 200  # lines after the headline that tell a page from code or a table
# What `open_page` parses before the app shows a long page: more comments than any screen
# shows, from a start of the text of about 1,500 short comments.
START_COMMENTS = 1_000
START_CHARS = 256 * 1024

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_UNIT = r"(?:second|sec|minute|min|hour|hr|day|week|wk|month|year|yr)s?"
_DATE = (
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?(?:\s+\d{{4}})?"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[t ]\d{{2}}:\d{{2}}(?::\d{{2}})?\S*)?"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
    rf"(?:,?\s+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{{2,4}})?)?"
)
_RELATIVE = (
    rf"(?:(?:\d+|an?|one)\s*{_UNIT}\s+ago|just now|yesterday|today|\d+\s*(?:s|m|h|d|w|mo|y)\s+ago)"
)
_PUBLISHED = re.compile(
    rf"(?:(?:updated|published|posted|last updated|modified)\b.*|{_RELATIVE}|{_DATE})",
    re.IGNORECASE,
)
_AGE = re.compile(rf"(?:{_RELATIVE}|{_DATE}|edited\s+.*)", re.IGNORECASE)
_NEWLINE_RUN = re.compile(r"\n{3,}")
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_COUNT = r"(?:\d{1,3}(?:,\d{3})+|\d{1,15}|\d{1,6}(?:\.\d{1,3})?[km])"
_COMMENTS_HEADER = re.compile(rf"comments?\s*/\s*({_COUNT})", re.IGNORECASE)
_LIKES = re.compile(_COUNT, re.IGNORECASE)
_REPLY = "Reply"

_ROLE_WORDS = frozenset(
    [
        "editor",
        "correspondent",
        "reporter",
        "writer",
        "staff",
        "contributor",
        "columnist",
        "producer",
        "chief",
        "senior",
        "deputy",
        "political",
        "bureau",
        "analyst",
        "critic",
        "director",
        "publisher",
        "author",
        "journalist",
        "intern",
        "desk",
        "managing",
        "associate",
        "assistant",
        "news",
        "press",
        "team",
        "political",
        "health",
        "science",
        "business",
        "sports",
    ]
)
_CODE_STARTS = (
    "import ", "from __future__", "#include", "#!", "package ", "def ", "class ", "function ",
    "public ", "private ", "//", "/*", "<?", "using ", "const ", "let ", "var ", "fn ",
    "use ", "module ", "@", "#define", "namespace ",
)  # fmt: skip
_CODE_ENDS = ("{", "}", ";", ")", "):", "*/")


def sample_path() -> Path:
    """The bundled sample page (package data reader/data/sample.txt)."""
    return Path(str(files("reader") / "data" / "sample.txt"))


def load_article(path: Path | str, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> Article:
    """Read, decode and parse a saved page or a JSON analysis; raise PageError naming `path`."""
    text, warnings = read_page_text(path, max_bytes=max_bytes)
    article = parse_page(text, source=str(path))
    if warnings:
        article = replace(article, warnings=warnings + article.warnings)
    return article


def parse_page(text: str, *, source: str = "<text>") -> Article:
    """Parse saved-page text or Reader JSON (detected by a leading "{") into an Article."""
    name = display_path(source)
    text = text.removeprefix("\ufeff")
    text = normalise_newlines(text)
    if not text or text.isspace():  # `not text.strip()` without copying a long text
        raise PageError(f"{name}: is empty" if not text else f"{name}: holds only whitespace")
    head = text[:4096].lstrip() or text.lstrip()  # starts with the first non-space character
    if head.startswith("{"):
        return _parse_json(text.strip(), name)
    if head.startswith("["):
        stripped = text.strip()
        if stripped.endswith("]") and _is_json(stripped):
            raise PageError(f"{name}: is a JSON list, not a saved news page or a Reader analysis")
    # When the whole text holds no control character, neither does any piece the parser takes
    # from it (substrings, or stripped lines joined by newlines), so an ASCII piece is already
    # clean and only the others need `clean_text`.
    no_controls = not has_controls(text)
    with collector_paused():  # ~20% of the time of a long page went to the cycle collector
        article = _PageParser(text.split("\n"), name, no_controls=no_controls).parse()
    assert article is not None  # only a parse of the first comments gives None
    return article


def parse_page_start(
    text: str,
    *,
    source: str = "<text>",
    comments: int = START_COMMENTS,
    prefix_chars: int = START_CHARS,
) -> Article | None:
    """The first `comments` comments of a long page, exactly as `parse_page` gives them, for
    the app to show while the whole page is parsed; None when that saves nothing.

    Parses a start of the text (`prefix_chars`, grown fourfold until it holds the header, the
    body and `comments` + 1 comments). None for a page under twice the prefix, JSON, or a start
    that raises PageError (the whole page's parse then names the problem or reads it). The
    Article has no warnings: those come with the whole page.
    """
    name = display_path(source)
    text = text.removeprefix("\ufeff")
    head = text[:4096].lstrip() or text.lstrip()  # as parse_page tells JSON from a page
    if head.startswith(("{", "[")):
        return None
    size = max(1, prefix_chars)
    while 2 * size <= len(text):
        cut = text.rfind("\n", 0, size)
        if cut > 0:
            start = normalise_newlines(text[:cut])
            parser = _PageParser(start.split("\n"), name, no_controls=not has_controls(start))
            try:
                article = parser.parse(first_comments=comments)
            except PageError:
                return None
            if article is not None:
                return article
        size *= 4
    return None


def open_page(
    path: Path | str,
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    start_comments: int = START_COMMENTS,
) -> tuple[Article, Callable[[], Article] | None]:
    """Read a page for the app: (article, None), or, for a long page, (its first comments,
    a function that parses the whole of it) so the app can show the start at once.

    Every error a reader can make (a missing, undecodable or malformed file) is raised here,
    as PageError naming `path`; the whole-page parse after a start only adds comments.
    """
    text, warnings = read_page_text(path, max_bytes=max_bytes)
    start = parse_page_start(text, source=str(path), comments=start_comments)

    def whole() -> Article:
        article = parse_page(text, source=str(path))
        return replace(article, warnings=warnings + article.warnings) if warnings else article

    if start is None:
        return whole(), None
    return start, whole


def comment_id(author: str, text: str) -> str:
    """The stable id of a comment before de-duplication: see the module docstring."""
    digest = hashlib.sha256(f"{author}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return "c" + digest[:12]


def parse_likes(value: str) -> int | None:
    """`7`, `1,234`, `2.4K`, `1M` as an int; None when it is not a like count."""
    value = value.strip()
    first = value[:1]
    if first < "\x80" and not "0" <= first <= "9":
        return None  # every count starts with a digit; most lines tested here are not counts
    if len(value) <= 15 and value.isascii() and value.isdigit():
        return int(value)
    if not _LIKES.fullmatch(value):
        return None
    multiplier = 1
    if value[-1] in "kK":
        multiplier, value = 1000, value[:-1]
    elif value[-1] in "mM":
        multiplier, value = 1_000_000, value[:-1]
    try:
        return int(Decimal(value.replace(",", "")) * multiplier)
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        return None


def _assign_ids(pairs: Iterable[tuple[str, str]]) -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    sha256 = hashlib.sha256
    for author, text in pairs:  # comment_id, inlined: this runs once per comment
        digest = sha256(f"{author}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()
        base = "c" + digest[:12]
        count = seen.get(base, 0) + 1
        seen[base] = count
        ids.append(base if count == 1 else f"{base}-{count}")
    return ids


def _build_comments(
    rows: Iterable[tuple[str, str, str, int]], clean: Callable[[str], str]
) -> tuple[Comment, ...]:
    """Clean each comment's author, age and text and give it its id (`_assign_ids`, inlined)."""
    comments = []
    seen: dict[str, int] = {}
    sha256 = hashlib.sha256
    ascii_is_clean = clean is clean_text_without_controls  # it returns ASCII text unchanged
    for author, age, text, likes in rows:
        if not (ascii_is_clean and author.isascii()):
            author = clean(author)
        if not (ascii_is_clean and age.isascii()):
            age = clean(age)
        if not (ascii_is_clean and text.isascii()):
            text = clean(text)
        digest = sha256(f"{author}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()
        base = "c" + digest[:12]
        count = seen.get(base, 0) + 1
        seen[base] = count
        comments.append(
            new_comment(base if count == 1 else f"{base}-{count}", author, age, text, likes)
        )
    return tuple(comments)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


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
        tell them (see `parse_page_start`)."""
        index = self._skip_blank(0)
        headline = self._text(index)
        if first_comments is not None and index + _FORMAT_SAMPLE_LINES >= self.end:
            return None  # the format checks read lines past the end of these
        self._check_format(index, headline)
        index += 1
        byline = published = None
        authors: tuple[str, ...] = ()
        outlet = None
        for _ in range(2):  # byline and published line, in either order
            probe = self._skip_blank(index)
            if probe >= self.end:
                break
            line = self._text(probe)
            if byline is None and _looks_like_byline(line):
                byline, authors, outlet = _split_byline(line[3:].strip())
            elif published is None and len(line) <= _MAX_META_CHARS and _PUBLISHED.fullmatch(line):
                published = line
            else:
                break
            index = probe + 1
        paragraphs, images, header = self._body(index)
        comment_count = None
        comments: list[tuple[str, str, str, int]] = []
        if header is not None:
            header_text = self._text(header)
            match = _COMMENTS_HEADER.fullmatch(header_text)
            assert match is not None
            comment_count = parse_likes(match.group(1))
            if first_comments is None:
                comments = self._comments(header + 1)
            else:
                # Every comment but the last one read ended where the next one starts, inside
                # these lines, so it ends there in the whole page too: keep all but the last.
                comments = self._comments(header + 1, stop_after=first_comments + 1)
                if len(comments) <= first_comments:
                    return None
                del comments[first_comments:]
                self.warnings.clear()  # the whole page's parse gives the real ones
        elif first_comments is not None:
            return None  # the body goes on past these lines
        if not paragraphs and not images and header is None:
            raise PageError(
                f"{self.name}: does not look like a saved news page"
                " (a first line and nothing under it)"
            )
        clean = self.clean
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
            comment_count=comment_count,
            comments=_build_comments(comments, clean),
            warnings=tuple(self.warnings),
        )

    def _check_format(self, index: int, headline: str) -> None:
        problem = None
        if len(headline) > MAX_HEADLINE_CHARS:
            problem = f"its first line is {len(headline)} characters long, not a headline"
        elif headline.startswith("<"):
            problem = "it looks like HTML or XML"
        elif headline.startswith(_CODE_STARTS):
            problem = "it looks like source code"
        else:
            stop = min(self.end, index + _FORMAT_SAMPLE_LINES)
            sample = [self._text(i) for i in range(index, stop)
                      if not self.blank[i]]  # fmt: skip
            if _looks_tabular(sample[:10]):
                problem = "it looks like tabular data (CSV or similar)"
            elif len(sample) >= 4 and _code_share(self.lines, index, self.end) > 0.4:
                problem = "it looks like source code"
        if problem:
            raise PageError(f"{self.name}: does not look like a saved news page ({problem})")

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
            if len(line) < 40 and _COMMENTS_HEADER.fullmatch(line):
                flush()
                return paragraphs, images, index
            if _URL.fullmatch(line):
                flush()
                caption = ""
                following = index + 1
                if following < self.end and not self.blank[following]:
                    candidate = self._text(following)
                    if not _URL.fullmatch(candidate) and not (
                        len(candidate) < 40 and _COMMENTS_HEADER.fullmatch(candidate)
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
    def _comments(
        self, index: int, *, stop_after: int | None = None
    ) -> list[tuple[str, str, str, int]]:
        """Read the comments from `index` (just after the header) to the end of the page, or
        until `stop_after` comments are read.

        One loop with everything inlined: this runs once per line of the comments section,
        which is most of a long page. A comment starts at an author line followed by an age
        line; its text ends at a `Reply` line (and the likes after it) only when what follows
        is the end of the page or the next comment (see the module docstring).
        """
        comments: list[tuple[str, str, str, int]] = []
        stripped, blank, lines, end = self.stripped, self.blank, self.lines, self.end
        last = end - 1  # a comment start needs its age line before `end`
        age_fullmatch = _AGE.fullmatch
        reply = _REPLY

        is_age: dict[str, bool] = {}  # a thread repeats its few ages ("2h ago") many times

        def is_start(i: int) -> bool:
            """An author line followed by an age line."""
            if (
                i >= last
                or blank[i]
                or blank[i + 1]
                or len(lines[i]) > _MAX_META_CHARS
                or len(lines[i + 1]) > _MAX_META_CHARS
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
        if skipped:
            self.warnings.append(
                f"{self.name}: {skipped} line(s) in the comments section are not part of a"
                " comment and were left out"
            )
        return comments


def _paragraphs(lines: Sequence[str]) -> str:
    """Stripped lines as paragraphs: blank lines separate them, joined by two newlines."""
    if len(lines) == 1:
        return lines[0]
    text = "\n".join(lines)  # k blank lines between two paragraphs make k + 1 newlines
    if "\n\n\n" in text:
        text = _NEWLINE_RUN.sub("\n\n", text)
    return text.strip("\n")


def _looks_like_byline(line: str) -> bool:
    if not line.startswith("By ") or len(line) > _MAX_META_CHARS:
        return False
    rest = line[3:].strip()
    if not rest or not (rest[0].isupper() or not rest[0].isalpha()):
        return False
    return not rest.endswith((".", "!", "?", ":", '"', "”", "'", "’"))


def _split_byline(text: str) -> tuple[str, tuple[str, ...], str | None]:
    """`A and B, Role For Outlet` -> (the text, authors, outlet)."""
    names_and_role, outlet = text, None
    lowered = text.lower()
    cut = lowered.rfind(" for ")
    if cut >= 0:
        names_and_role, outlet = text[:cut].strip(), text[cut + 5 :].strip() or None
    segments = [segment.strip() for segment in names_and_role.split(",")]
    authors: list[str] = []
    for position, segment in enumerate(segments):
        words = segment.split()
        if not words or any(word.lower().strip(".") in _ROLE_WORDS for word in words):
            break
        parts = re.split(r"\s+(?:and|&)\s+", segment)
        if (
            position > 0
            and len(parts) == 1
            and not any(" and " in later or " & " in later for later in segments[position + 1 :])
        ):
            break  # "A, Role": the second segment is a role unless an "and" list goes on
        authors.extend(part.strip() for part in parts if part.strip())
    if not authors and segments and segments[0]:
        authors = [segments[0]]
    return text, tuple(authors), outlet


def _looks_tabular(lines: Sequence[str]) -> bool:
    if len(lines) < 3:
        return False
    for separator in (",", "\t", ";", "|"):
        counts = {line.count(separator) for line in lines}
        if len(counts) == 1 and min(counts) >= (1 if separator == "\t" else 2):
            return True
    return False


def _code_share(lines: Sequence[str], start: int, stop: int) -> float:
    total = code = 0
    for index in range(start, min(stop, start + _FORMAT_SAMPLE_LINES)):
        line = lines[index]
        stripped = line.strip()
        if not stripped:
            continue
        total += 1
        indented = line.startswith(("    ", "\t"))
        if stripped.endswith(_CODE_ENDS) or (indented and any(c in stripped for c in "=(){};")):
            code += 1
    return code / total if total else 0.0


# -- JSON input ---------------------------------------------------------------------------
class _JsonReader:
    """Validate the fields of a Reader analysis JSON, naming the first wrong one."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, field: str, problem: str) -> PageError:
        return PageError(f"{self.name}: field {field} {problem}")

    def string(self, data: dict[str, object], key: str, field: str, *, default: str | None = None,
               optional: bool = False) -> str | None:  # fmt: skip
        if key not in data or data[key] is None:
            if optional or default is not None:
                return default
            raise self.fail(field, "is missing")
        value = data[key]
        if not isinstance(value, str):
            raise self.fail(field, f"must be a string, not {_json_type(value)}")
        return clean_text(value)

    def required_string(self, data: dict[str, object], key: str, field: str,
                        default: str | None = None) -> str:  # fmt: skip
        value = self.string(data, key, field, default=default)
        assert value is not None
        return value

    def integer(self, data: dict[str, object], key: str, field: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(field, f"must be an integer, not {_json_type(value)}")
        return value

    def array(self, data: dict[str, object], key: str) -> list[object]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, not {_json_type(value)}")
        return value

    def strings(self, data: dict[str, object], key: str) -> tuple[str, ...]:
        out = []
        for position, item in enumerate(self.array(data, key)):
            if not isinstance(item, str):
                raise self.fail(f"{key}[{position}]", f"must be a string, not {_json_type(item)}")
            out.append(clean_text(item))
        return tuple(out)

    def objects(self, data: dict[str, object], key: str) -> list[tuple[str, dict[str, object]]]:
        out = []
        for position, item in enumerate(self.array(data, key)):
            if not isinstance(item, dict):
                raise self.fail(f"{key}[{position}]", f"must be an object, not {_json_type(item)}")
            out.append((f"{key}[{position}]", item))
        return out


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _parse_json(text: str, name: str) -> Article:
    try:
        data = json.loads(text)
    except RecursionError:
        raise PageError(f"{name}: is JSON nested too deeply to read") from None
    except ValueError as error:
        where = ""
        if isinstance(error, json.JSONDecodeError):
            where = f" at line {error.lineno} column {error.colno}: {error.msg}"
        raise PageError(f"{name}: starts with '{{' but is not valid JSON{where}") from None
    if not isinstance(data, dict) or "headline" not in data:
        raise PageError(
            f'{name}: is JSON but not a Reader analysis (no "headline" field);'
            " it does not look like a saved news page"
        )
    read = _JsonReader(name)
    schema = read.integer(data, "schema", "schema")
    if schema is not None and schema > SCHEMA_VERSION:
        raise read.fail("schema", f"is {schema}; this version of Reader reads {SCHEMA_VERSION}")
    headline = read.required_string(data, "headline", "headline")
    if not headline.strip():
        raise read.fail("headline", "is empty")
    paragraphs = read.strings(data, "paragraphs")
    images = []
    for field, item in read.objects(data, "images"):
        url = read.required_string(item, "url", f"{field}.url")
        caption = read.required_string(item, "caption", f"{field}.caption", default="")
        after = read.integer(item, "after_paragraph", f"{field}.after_paragraph")
        if after is None:
            after = len(paragraphs) - 1
        if not -1 <= after < len(paragraphs):
            raise read.fail(
                f"{field}.after_paragraph",
                f"is {after}; it must be -1 or an index into paragraphs (0..{len(paragraphs) - 1})",
            )
        images.append(Image(url, caption, after))
    comment_count = read.integer(data, "comment_count", "comment_count")
    if comment_count is not None and comment_count < 0:
        raise read.fail("comment_count", "must not be negative")
    raw_comments = []
    for field, item in read.objects(data, "comments"):
        author = read.required_string(item, "author", f"{field}.author", default="")
        age = read.required_string(item, "age", f"{field}.age", default="")
        body = read.required_string(item, "text", f"{field}.text")
        likes = read.integer(item, "likes", f"{field}.likes") or 0
        if likes < 0:
            raise read.fail(f"{field}.likes", "must not be negative")
        given = read.string(item, "id", f"{field}.id", optional=True)
        raw_comments.append((field, given, author, age, body, likes))
    computed = _assign_ids((author, body) for _, _, author, _, body, _ in raw_comments)
    comments = []
    seen: dict[str, str] = {}
    for (field, given, author, age, body, likes), fallback in zip(raw_comments, computed):
        cid = given if given else fallback
        if cid in seen:
            raise read.fail(f"{field}.id", f"repeats the id of {seen[cid]}")
        seen[cid] = field
        comments.append(Comment(id=cid, author=author, age=age, text=body, likes=likes))
    return Article(
        headline=headline,
        byline=read.string(data, "byline", "byline", optional=True),
        authors=read.strings(data, "authors"),
        outlet=read.string(data, "outlet", "outlet", optional=True),
        published=read.string(data, "published", "published", optional=True),
        paragraphs=paragraphs,
        images=tuple(images),
        comment_count=comment_count,
        comments=tuple(comments),
    )
