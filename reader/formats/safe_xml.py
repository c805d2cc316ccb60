"""An export's XML (WordPress WXR, Disqus) made into an lxml tree safely, or refused in one
line naming the file; and the small lookups both export readers share.

An export comes from a site, not from Reader, and XML can be made to hurt whoever reads it:

- entity declarations in a DOCTYPE (the "billion laughs" expand a few hundred bytes into
  gigabytes; an external entity reads `file:///etc/passwd` or a URL) and an external DTD are
  refused before lxml sees the text: expat reads only the prologue, stopping at the root
  element, and says what the DOCTYPE declares before anything is expanded (no WordPress or
  Disqus export has a DOCTYPE at all);
- lxml then parses with entities left unresolved, no network, no DTD loaded or validated,
  and libxml2's limits on text size and depth kept (`huge_tree` off);
- a text over `MAX_XML_CHARS` is refused (lxml's tree takes several times the text's size);
- characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE/U+FFFF), which would make
  libxml2 refuse the whole file, are first written as their inert forms (`clean_text`'s
  "^[" for ESC), so an escape sequence in a comment is shown, never obeyed nor lost.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any, TypeAlias
from xml.parsers import expat

from lxml import etree  # type: ignore[import-untyped]

from reader.errors import PageError
from reader.text.clean import clean_text

__all__ = [
    "MAX_XML_CHARS",
    "Element",
    "attribute",
    "child_text",
    "children_named",
    "export_records",
    "fields_of",
    "first_children",
    "local_name",
    "parse_export_xml",
    "text_of",
]

# The largest WordPress exports of busy sites run to a few hundred megabytes; WordPress's own
# exporter lets a site export by date range, which the message suggests.
MAX_XML_CHARS = 256 * 1024 * 1024
_FEED_BYTES = 64 * 1024
_ENTITIES = (
    "declares XML entities, which Reader refuses (they can expand without end or read other "
    "files; no export has them)"
)
_EXTERNAL_DTD = "names an external DTD, and Reader reads no other file"
_MESSAGE_CHARS = 160

# An lxml element: lxml ships no type information, so this names the role, not a checked type.
Element: TypeAlias = Any

_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "dtd_validation": False,
    "remove_comments": True,
    "remove_pis": True,
    "encoding": "utf-8",  # the text is already decoded: its declaration's encoding is ignored
}
_PARSER = etree.XMLParser(**_PARSER_OPTIONS)
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _inert(match: re.Match[str]) -> str:
    """A character XML forbids as `clean_text` shows it ("^["), or U+FFFD where that would
    still be forbidden; never with "<" or "&", so it is text in an element and in CDATA."""
    shown = clean_text(match.group())
    return "\ufffd" if _FORBIDDEN.search(shown) else shown


class _Refused(Exception):
    """What the prologue declares that Reader refuses (the reason, without the file's name)."""


class _RootReached(Exception):
    """The prologue is read: nothing in it was refused."""


def _refuse_declarations(data: bytes) -> None:
    """Raise _Refused when the prologue declares an entity or names an external DTD.

    expat calls a handler for each declaration as it reads it, before any entity is used,
    and the root element's start ends the check; a text expat cannot read is left to lxml,
    which says what is wrong with it.
    """
    parser = expat.ParserCreate(encoding="UTF-8")

    def doctype(_name: str, system_id: str | None, public_id: str | None, _subset: int) -> None:
        if system_id or public_id:
            raise _Refused(_EXTERNAL_DTD)

    def entity(*_declaration: object) -> None:
        raise _Refused(_ENTITIES)

    def root(*_start: object) -> None:
        raise _RootReached

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.StartElementHandler = root
    try:
        for offset in range(0, len(data), _FEED_BYTES):
            parser.Parse(data[offset : offset + _FEED_BYTES], False)
        parser.Parse(b"", True)
    except (_RootReached, expat.ExpatError):
        return


def _export_bytes(text: str, name: str, title: str) -> bytes:
    """The export as the bytes lxml is given: under the cap, forbidden characters made
    inert, and its prologue checked (PageError for what is refused)."""
    if len(text) > MAX_XML_CHARS:
        raise PageError(
            f"{name}: is {title} of {len(text) // 2**20} MB, over Reader's cap of "
            f"{MAX_XML_CHARS // 2**20} MB; export a smaller part of the site"
        )
    data = _FORBIDDEN.sub(_inert, text).encode("utf-8")
    try:
        _refuse_declarations(data)
    except _Refused as refused:
        raise PageError(f"{name}: {refused}") from None
    return data


def _not_well_formed(name: str, title: str, error: Any) -> PageError:
    return PageError(f"{name}: looks like {title} but is not well-formed XML ({_said(error)})")


def parse_export_xml(text: str, name: str, title: str) -> Element:
    """The root element of an export's XML, or PageError "{name}: ..." in one line.

    `title` names the format in messages ("a WordPress export").
    """
    data = _export_bytes(text, name, title)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise _not_well_formed(name, title, error) from None
    if root is None:  # not reached: lxml raises for a document with no element
        raise PageError(f"{name}: looks like {title} but holds no XML element")
    _check_tree(root, name)
    return root


def export_records(
    text: str, name: str, title: str, root_name: str, within: str | None = None
) -> Iterator[Element]:
    """Each record of an export, whole, as soon as it is parsed, then freed: the same checks
    and one-line PageErrors as `parse_export_xml`, without holding the tree (several times
    the file's size). A record is a child of the root, or with `within` ("channel") a child
    of the root's first child of that name; anything else is freed unread. Nothing is given
    under a root of another name, and at the end that is said as `parse_export_xml`'s caller
    would: "is XML but not {title} (no <{root_name}> root)" (or "(no <rss><channel>)")."""
    data = _export_bytes(text, name, title)
    events = etree.iterparse(io.BytesIO(data), events=("start", "end"), **_PARSER_OPTIONS)
    level = 2 if within is None else 3  # a record's depth, the root's being 1
    root: Element = None
    is_export = found = inside = False  # inside: the records' parent is open
    depth = 0  # elements open
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                if root is None:
                    root = element
                    _check_tree(root, name)
                    is_export = local_name(root) == root_name
                    found = inside = is_export and within is None
                elif depth == 2 and is_export and not found and local_name(element) == within:
                    found = inside = True
                continue
            depth -= 1  # the element that ended was at `depth + 1`
            if depth >= level or depth == 0:
                continue  # inside a record, or the root
            if depth == level - 1 and inside:
                yield element
            elif depth == 1:
                inside = False  # the records' parent, or another child of the root, is done
            _free(element)
    except etree.XMLSyntaxError as error:
        raise _not_well_formed(name, title, _said_whole(data) or error) from None
    if root is None:  # not reached: lxml raises for a document with no element
        raise PageError(f"{name}: looks like {title} but holds no XML element")
    if not found:
        missing = f"<{root_name}> root" if within is None else f"<{root_name}><{within}>"
        raise PageError(f"{name}: is XML but not {title} (no {missing})")


def _free(element: Element) -> None:
    """Empty an element and remove the (emptied) siblings before it: its parent keeps only
    what the parser has read ahead."""
    element.clear()
    parent = element.getparent()
    while element.getprevious() is not None:
        del parent[0]


def _check_tree(root: Element, name: str) -> None:
    """The same refusals, from the tree lxml made (a second guard: expat has read the
    prologue first, and no entity was resolved)."""
    docinfo = root.getroottree().docinfo
    if docinfo.system_url or docinfo.public_id:
        raise PageError(f"{name}: {_EXTERNAL_DTD}")
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise PageError(f"{name}: {_ENTITIES}")


class _NoTree:
    """A parser target that keeps nothing (lxml then makes no tree and calls no Python)."""

    def close(self) -> None:
        return None


def _said_whole(data: bytes) -> Any:
    """The error of a file iterparse found not well-formed, as parsing it whole says it:
    libxml2 words some errors otherwise when fed in pieces ("Couldn't find end of Start Tag
    rss" without "line 2"; "no element found" for an undefined entity). Read again to the
    error, keeping nothing: only a file that is refused pays for it."""
    try:
        etree.fromstring(data, etree.XMLParser(target=_NoTree(), **_PARSER_OPTIONS))
    except etree.XMLSyntaxError as error:
        return error
    return None  # not reached: the same text is not well-formed either way


def _said(error: Any) -> str:
    """libxml2's message in one short line, cleaned (it can quote the file's tag names)."""
    message = " ".join(clean_text(str(error.msg or "")).split())
    if len(message) > _MESSAGE_CHARS:
        message = message[: _MESSAGE_CHARS - 3] + "..."
    return message or f"line {error.lineno}"


# An export repeats a few dozen tags a million times: each tag's local name is worked out
# once. Bounded, in case a hostile file invents a new tag for every element.
_LOCAL_NAMES: dict[str, str] = {}
_LOCAL_NAMES_KEPT = 4096


def local_name(element: Element) -> str:
    """An element's tag without its namespace ("comment" for `wp:comment`); "" for anything
    that is not an element."""
    tag = element.tag
    name = _LOCAL_NAMES.get(tag) if type(tag) is str else None
    if name is not None:
        return name
    if not isinstance(tag, str):
        return ""
    name = tag.rsplit("}", 1)[-1]
    if len(_LOCAL_NAMES) < _LOCAL_NAMES_KEPT:
        _LOCAL_NAMES[tag] = name
    return name


def text_of(element: Element) -> str:
    """All of an element's text, CDATA included: its own text when it has no children (a
    record's fields nearly always), else every piece in order."""
    if len(element):
        return "".join(element.itertext())
    return element.text or ""


def children_named(element: Element, name: str) -> Iterator[Element]:
    """The children of `element` whose local name is `name`, whatever their namespace
    (WordPress's namespace changes with each export version)."""
    for child in element:
        if local_name(child) == name:
            yield child


def child_text(element: Element, name: str) -> str | None:
    """The text of the first child named `name` (all of it, CDATA included), or None when
    there is no such child; not cleaned."""
    for child in children_named(element, name):
        return text_of(child)
    return None


def fields_of(element: Element) -> dict[str, str]:
    """Each child's local name -> its text (the first child of a name), in one pass: an
    export's record (a comment, a post) is a flat list of such fields; not cleaned."""
    return {name: text_of(child) for name, child in first_children(element).items()}


def first_children(element: Element) -> dict[str, Element]:
    """Each child's local name -> the first child of that name, in one pass over them (a
    record read field by field would pass over its children once a field)."""
    children: dict[str, Element] = {}
    for child in element:
        name = local_name(child)
        if name and name not in children:
            children[name] = child
    return children


def attribute(element: Element, name: str) -> str | None:
    """The value of the attribute whose local name is `name` (`dsq:id` for "id"), or None."""
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return str(value)
    return None
