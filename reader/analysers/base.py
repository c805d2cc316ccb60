"""What a per-comment analysis is to Reader: an `Analyser`, and the context it may read.

`reader.analysers.ANALYSERS` lists them. The pipeline runs each over batches of comment texts,
in that order (so one may use the results of one listed before it, see `needs`), and caches
what they say; everything else (the comment table, filters, sorts, the detail and summary
panes, the exports) reads a result only through the facets its analyser declares
(reader.analysers.facets). So adding an analysis is one new module and one registry line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

from msgspec import Struct

from reader.model import Article, CommentAnalysis

if TYPE_CHECKING:
    from reader.analysers.facets import Facets

R = TypeVar("R")

# What an analyser sees of the context: a few strings (empty: nothing). They are handed to
# `analyse` and hashed into the cache key, so a result is reused exactly when its inputs match.
Seen = tuple[str, ...]
# The results of the analysers named in `needs`, each aligned with the texts of the batch.
Earlier = Mapping[str, Sequence[Any]]


class AnalysisContext(Struct, frozen=True):
    """What an analyser may read besides a comment's own text: the article it comments on.

    None (no context) and a context are told apart everywhere. The per-comment part (the
    comment it replies to) travels with the text itself: see `CommentText`.

    `thread`: the thread's facts (reader.analysers.thread_signals) worked out beforehand,
    for an article whose comments are read from its file a segment at a time rather than
    held in `article` (reader.pipeline.streamed); None: they are worked out from `article`.
    """

    article: Article
    thread: Seen | None = None


PARENT_CHARS = 2_000  # of the comment replied to, an analyser reads at most this much


class CommentText(str):
    """A comment's text as the analysers get it, carrying what the comment replies to.

    Every analyser reads it as the plain string it is; one whose `reads_replies` is True may
    also read `parent` (the first PARENT_CHARS characters of the text of the comment it
    replies to; None when it replies to the article) and `depth` (0 for a reply to the
    article). The pipeline (reader.pipeline.run) makes them only when such an analyser is
    registered, and then puts both in the cache key. A plain `str` stands for a comment
    replying to the article. A str subclass, so the per-text protocol, the batches and the
    worker processes stay as they are (it pickles with its attributes).
    """

    parent: str | None
    depth: int

    # Not typing.Self: Reader supports Python 3.10, and the class is not meant to be subclassed.
    def __new__(cls, text: str, parent: str | None = None, depth: int = 0) -> CommentText:  # noqa: PYI034
        made = super().__new__(cls, text)
        made.parent = None if parent is None else parent[:PARENT_CHARS]
        made.depth = depth
        return made

    def __reduce__(self) -> tuple[type[CommentText], tuple[str, str | None, int]]:
        return (CommentText, (str(self), self.parent, self.depth))


def replies_of(text: str) -> tuple[str | None, int]:
    """The (parent text, depth) a text carries: (None, 0) for a plain string."""
    if isinstance(text, CommentText):
        return text.parent, text.depth
    return None, 0


def reads_replies(analyser: object) -> bool:
    """Whether an analyser reads the comment replied to (`reads_replies`, False if absent)."""
    return bool(getattr(analyser, "reads_replies", False))


class Analyser(Protocol[R]):
    """One per-comment analysis: it labels comment texts and says how its label is shown.

    `R` is its result for one comment; it may include None ("no value", e.g. no sentiment for
    a comment not in English), which filters show as "none".
    """

    name: str  # unique; the key of its result in CommentAnalysis.results

    @property
    def version(self) -> str:
        """In the cache key: change it whenever a result could change."""
        ...

    needs: tuple[str, ...]  # analysers listed before it whose results `analyse` reads
    facets: Facets[R]

    def sees(self, context: AnalysisContext | None) -> Seen:
        """The parts of the context this analyser reads (and only those reach `analyse`)."""
        ...

    def analyse(
        self, texts: Sequence[str], seen: Seen, earlier: Earlier, *, parallel: bool
    ) -> list[R]:
        """One result per text, in order. `parallel`: it may use every core (it is False in
        the worker processes, which are a core each)."""
        ...

    def encode(self, result: R) -> Any:
        """The result as a compact JSON value for the cache (floats round-trip exactly)."""
        ...

    def decode(self, value: Any) -> R:
        """The result `encode` gave `value`; ValueError for anything else. Reopening a long
        thread decodes one per comment, so the checks are kept cheap."""
        ...

    def of(self, analysis: CommentAnalysis | None) -> R | None:
        """This analyser's result in `analysis` (None when there is none)."""
        ...


class AnalyserBase(Generic[R]):
    """Typed access to an analyser's results, shared by the analysers (`STANCE.of(analysis)`)."""

    name: str
    reads_replies: bool = False  # True: it reads CommentText.parent and .depth

    def of(self, analysis: CommentAnalysis | None) -> R | None:
        if analysis is None:
            return None
        return cast("R | None", analysis.results.get(self.name))

    def among(self, earlier: Earlier) -> Sequence[R]:
        """This analyser's results for the batch, from an `earlier` mapping (see `needs`)."""
        return cast("Sequence[R]", earlier[self.name])


def number(value: object) -> float:
    """A JSON number as a float; ValueError for anything else (booleans included)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("not a number")  # noqa: TRY004 - one error type for bad cache values
    return float(value)


def headline_seen(context: AnalysisContext | None) -> Seen:
    """`sees` for an analyser that reads the article's headline."""
    return () if context is None else (context.article.headline,)
