"""What the comment list shows: filtering, sorting, searching and summary counts.

Pure logic over comments, their analyses and triage records, so it is tested without the
app and stays fast at 100,000 comments (rows are indices into the comment tuple; each filter
field's value and each sort key is kept per comment position, and the counts kept up to date,
as analyses arrive). What there is to filter, sort and count comes from the analysers'
facets (reader.analysers.facets), plus the decision filter and the two orders of the thread
itself.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from msgspec import Struct, field

from reader.analysers import NONE, Analyser, by_rank, registered
from reader.analysers.about import ABOUT
from reader.analysers.attention import ATTENTION, NEEDS_LOOK, WORTH_LOOK
from reader.analysers.facets import FilterField, SortOrder, SummaryCounts, Tally
from reader.analysers.quoted import QUOTED
from reader.analysers.stance import STANCE
from reader.model import Article, Comment, CommentAnalysis, Quote, TriageRecord
from reader.view.tree import NO_COMMENT, ThreadTree, TreeSummary, without_folded

SortKey = str  # "thread", "likes", or an analyser's SortOrder name
_THREAD_ORDERS: dict[SortKey, str] = {"thread": "thread order", "likes": "most liked"}

DECISION = "decision"  # the filter field of the triage decision
DECISION_VALUES: tuple[str, ...] = ("keep", "flag", "hide", NONE)
NOTE = "note"  # the filter field of "has a note"
NOTE_VALUES: tuple[str, ...] = ("yes", "no")
AUTHOR = "author"  # the filter field of the comment's author (names, matched ignoring case)
CLAIM = "claim"  # the filter field of the claims a comment is about (claim ids, SPEC 5 `about`)
# The "needs a look" view: the attention analyser's order, and the comments it has a reason for.
NEEDS_A_LOOK_SORT: SortKey = ATTENTION.name
NEEDS_A_LOOK_VALUES: tuple[str, ...] = (NEEDS_LOOK, WORTH_LOOK)
# Fields read from the triage records, not from the analyses.
_TRIAGE_FIELDS = frozenset({DECISION, NOTE})

_MISSING = float("inf")  # unanalysed (or no value) sorts last


class CommentFilter(Struct, frozen=True):
    """Which comments to show: per filter field (an analyser's, or "decision"), the values
    wanted. A field with none wanted (or not named) matches any comment."""

    wanted: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        kept = {name: frozenset(values) for name, values in self.wanted.items() if values}
        # Fields without values mean "any". A frozen Struct refuses object.__setattr__: its
        # slot's own descriptor sets the field (as a frozen dataclass's __post_init__ would).
        CommentFilter.__dict__["wanted"].__set__(self, kept)

    @classmethod
    def where(cls, **wanted: Iterable[str]) -> CommentFilter:
        """`CommentFilter.where(stance={"deny"}, decision={"none"})`."""
        return cls({name: frozenset(values) for name, values in wanted.items()})

    def values(self, name: str) -> frozenset[str]:
        return self.wanted.get(name, frozenset())

    @property
    def decisions(self) -> frozenset[str]:
        return self.values(DECISION)

    @property
    def is_empty(self) -> bool:
        return not self.wanted

    @property
    def uses_analysis(self) -> bool:
        return any(name not in _TRIAGE_FIELDS and name != AUTHOR for name in self.wanted)

    @property
    def uses_triage(self) -> bool:
        """Whether a decision or a note changing can change what it shows."""
        return any(name in _TRIAGE_FIELDS for name in self.wanted)

    def with_values(self, name: str, values: Iterable[str]) -> CommentFilter:
        """This filter with one field's wanted values replaced (none: that field is any)."""
        return CommentFilter({**self.wanted, name: frozenset(values)})

    def describe(self) -> str:
        """A short plain description for the status line ("" when empty)."""
        return " ".join(f"{name}={'|'.join(sorted(values))}" for name, values in self.wanted.items())


ClaimStances = Mapping[str, Mapping[str, int]]  # claim id -> stance value -> comments


class AnalyserSummary(Struct, frozen=True):
    """One analyser's part of the thread summary: its counts sections and its tally."""

    name: str
    sections: tuple[tuple[SummaryCounts, dict[str, int]], ...]
    tally: Tally[Any] | None


class ThreadSummary(Struct, frozen=True):
    """Counts for the thread summary pane; `analysers` in summary order (Facets.rank)."""

    saved: int
    reported: int | None
    analysed: int
    analysers: tuple[AnalyserSummary, ...]
    decisions: dict[str, int]
    tree: TreeSummary | None = None  # None for a thread without replies (a saved page)

    def counts(self, field_name: str) -> dict[str, int]:
        """Comments per value of a filter field that the summary shows."""
        for part in self.analysers:
            for counts_of, counts in part.sections:
                if counts_of.field == field_name:
                    return counts
        raise KeyError(field_name)

    def tally(self, analyser_name: str) -> Tally[Any] | None:
        return next((p.tally for p in self.analysers if p.name == analyser_name), None)


class _Field:
    """A filter field's value per comment position, and how many comments have each."""

    def __init__(self, analyser: str, facet: FilterField[Any], count: int) -> None:
        self.analyser = analyser
        self.facet = facet
        self.of: list[str] = [NONE] * count
        self.counts: dict[str, int] = {}  # a plain dict: a Counter's `+= 1` is slower

    def seen(self) -> list[str]:
        """Values seen so far, most common first (ties in the order first seen)."""
        ranked = sorted(self.counts.items(), key=lambda item: item[1], reverse=True)
        return [value for value, n in ranked if n > 0]


class _Sort:
    """A sort order's key per comment position (unanalysed: last)."""

    def __init__(self, analyser: str, facet: SortOrder[Any], count: int) -> None:
        self.analyser = analyser
        self.facet = facet
        self.keys = array("d", [_MISSING]) * count


class ThreadView:
    """The comments in display order, with their analyses and decisions attached.

    `rows` holds indices into `comments`; the app renders only the rows on screen.
    `records` is the triage session's live dict, read for decision filters and counts.
    """

    def __init__(
        self,
        comments: Sequence[Comment],
        records: Mapping[str, TriageRecord] | None = None,
        analysers: Sequence[Analyser[Any]] | None = None,
        *,
        submitters: Sequence[str] = (),
        replies_not_saved: int = 0,
    ) -> None:
        """`submitters`: the article's authors, whose comments are marked OP;
        `replies_not_saved`: the article's count of replies the source left out, in all."""
        self.comments: tuple[Comment, ...] = tuple(comments)
        self.analysers = tuple(registered() if analysers is None else analysers)
        self.position_of: dict[str, int] = {c.id: i for i, c in enumerate(self.comments)}
        self.analyses: dict[str, CommentAnalysis] = {}
        self.records: Mapping[str, TriageRecord] = records if records is not None else {}
        self.filter = CommentFilter()
        self.sort_key: SortKey = "thread"
        self.rows: list[int] = list(range(len(self.comments)))
        # The reply tree (built when first needed), the comments whose replies are folded
        # away, and the rows as the filter gives them before folding (thread order only).
        self.submitters = frozenset(name for name in submitters if name)
        self.replies_not_saved = replies_not_saved
        self._tree: ThreadTree | None = None
        self.folded: set[int] = set()
        self._unfolded: list[int] = self.rows
        self._not_saved: tuple[list[int], list[tuple[int, int, int]]] | None = None
        self._tree_summary: TreeSummary | None = None
        self._stubs: list[tuple[int, int]] | None = None
        self._has_replies: bool | None = None
        self._folded: list[str] | None = None
        self._likes_key: array[float] | None = None
        # The stances per claim: counted when asked, for the comments analysed since.
        self._claim_counts: dict[str, dict[str, int]] = {}
        self._claim_counted: dict[int, tuple[tuple[str, ...], str]] = {}  # what each added
        self._claims_pending: list[int] = []
        self._claim_stances: ClaimStances | None = None  # the last answer, while it holds
        # The filter and order the "needs a look" view goes back to (None: it is off).
        self.before_queue: tuple[CommentFilter, SortKey] | None = None
        count = len(self.comments)
        self._fields = {
            f.name: _Field(a.name, f, count) for a in self.analysers for f in a.facets.filters
        }
        self._sorts = {
            s.name: _Sort(a.name, s, count) for a in self.analysers for s in a.facets.sorts
        }
        self._tallies: dict[str, Tally[Any]] = {
            a.name: a.facets.tally() for a in self.analysers if a.facets.tally is not None
        }
        # What to update as a result arrives, flat: add_analyses runs per comment.
        self._field_plan = [
            (f.analyser, f.facet.value, f.of, f.counts) for f in self._fields.values()
        ]
        self._sort_plan = [(s.analyser, s.facet.key, s.keys) for s in self._sorts.values()]
        self._tally_plan = [(name, tally.add) for name, tally in self._tallies.items()]

    # -- analysis ---------------------------------------------------------------------------

    def add_analyses(self, batch: Iterable[tuple[str, CommentAnalysis]]) -> int:
        """Attach analyses as they arrive, keeping the filter values, sort keys and counts
        current (a re-analysed comment's old values are counted out first)."""
        added = 0
        analyses, position_of = self.analyses, self.position_of
        field_plan, sort_plan, tally_plan = self._field_plan, self._sort_plan, self._tally_plan
        pending = self._claims_pending
        for comment_id, analysis in batch:
            position = position_of.get(comment_id)
            if position is None:
                continue
            pending.append(position)
            old = analyses.get(comment_id)
            analyses[comment_id] = analysis
            results = analysis.results
            # A result missing (an analysis made without that analyser) counts as no value.
            for name, value_of, of, counts in field_plan:
                if old is not None:
                    counts[of[position]] -= 1
                value = of[position] = value_of(results[name]) if name in results else NONE
                counts[value] = counts.get(value, 0) + 1
            for name, key_of, keys in sort_plan:
                keys[position] = key_of(results[name]) if name in results else _MISSING
            for name, add in tally_plan:
                if old is not None and name in old.results:
                    add(old.results[name], -1)
                if name in results:
                    add(results[name], 1)
            added += 1
        return added

    @property
    def analysed(self) -> int:
        return len(self.analyses)

    def values_seen(self, field_name: str) -> list[str]:
        """A filter field's values seen so far, most common first."""
        found = self._fields.get(field_name)
        return found.seen() if found is not None else []

    def filter_choices(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each filter field (in summary order, the decision last) and the values it offers:
        all of them, or for an open-ended field (languages) those seen, most common first."""
        choices = [
            (f.name, f.values if f.values is not None else tuple(self.values_seen(f.name)))
            for analyser in by_rank(self.analysers)
            for f in analyser.facets.filters
        ]
        return [*choices, (DECISION, DECISION_VALUES), (NOTE, NOTE_VALUES)]

    # -- rows -------------------------------------------------------------------------------

    def comment_at(self, row: int) -> Comment:
        return self.comments[self.rows[row]]

    def row_of(self, comment_id: str) -> int | None:
        """The row showing a comment, or None when it is filtered out (or folded away)."""
        position = self.position_of.get(comment_id)
        return None if position is None else self.row_of_position(position)

    def row_of_position(self, position: int) -> int | None:
        """The row showing the comment at `position`: a binary search in thread order, where
        the rows ascend, a scan in a sorted view."""
        rows = self.rows
        if self.sort_key == "thread":
            row = bisect_left(rows, position)
            return row if row < len(rows) and rows[row] == position else None
        try:
            return rows.index(position)
        except ValueError:
            return None

    def set_filter(self, comment_filter: CommentFilter) -> None:
        self.filter = comment_filter
        self.refresh_rows()

    def sort_keys(self) -> list[SortKey]:
        """Every order the list can take: the thread's own two, then the analysers'."""
        return [*_THREAD_ORDERS, *self._sorts]

    def sort_title(self, sort_key: SortKey) -> str:
        """How the status line names an order ("most negative first")."""
        if sort_key in _THREAD_ORDERS:
            return _THREAD_ORDERS[sort_key]
        return self._sorts[sort_key].facet.title

    def set_sort(self, sort_key: SortKey) -> None:
        if sort_key not in _THREAD_ORDERS and sort_key not in self._sorts:
            raise ValueError(f"no sort order {sort_key!r}")
        self.sort_key = sort_key
        self.refresh_rows()

    @property
    def depends_on_analysis(self) -> bool:
        """Whether new analyses can change the rows (then they are refreshed as they come)."""
        return self.filter.uses_analysis or self.sort_key in self._sorts

    def refresh_rows(self) -> list[int]:
        """Recompute `rows` from the filter and sort (after new analyses or decisions)."""
        rows: list[int] = list(range(len(self.comments)))
        for name, values in self.filter.wanted.items():
            if name == DECISION:
                decided = self._decision_of()
                rows = [p for p in rows if decided.get(p, NONE) in values]
            elif name == NOTE:
                noted = self._noted()
                rows = [p for p in rows if ("yes" if p in noted else "no") in values]
            elif name == AUTHOR:
                authors = {value.casefold() for value in values}
                comments = self.comments
                rows = [p for p in rows if comments[p].author.casefold() in authors]
            elif name == CLAIM:
                about = self._about_claims
                rows = [p for p in rows if not values.isdisjoint(about(p))]
            elif name in self._fields:  # a field no analyser offers now filters nothing
                labels = self._fields[name].of
                rows = [p for p in rows if labels[p] in values]
        if self.sort_key != "thread":
            rows.sort(key=self._sort_keys().__getitem__)
        else:
            self._unfolded = rows
            if self.folded:
                rows = without_folded(rows, list(self.folded), self.tree.end)
        self.rows = rows
        return rows

    def _decision_of(self) -> dict[int, str]:
        """Position -> decision of the (few) decided comments."""
        decided: dict[int, str] = {}
        for comment_id, record in self.records.items():
            position = self.position_of.get(comment_id)
            if position is not None and record.decision is not None:
                decided[position] = record.decision.value
        return decided

    def _noted(self) -> set[int]:
        """Positions of the (few) comments with a note."""
        position_of = self.position_of
        return {
            position_of[comment_id]
            for comment_id, record in self.records.items()
            if record.note and comment_id in position_of
        }

    def _sort_keys(self) -> array[float]:
        """A one-number key per comment (Python's sort is stable, so ties keep thread order)."""
        if self.sort_key == "likes":
            if self._likes_key is None:
                self._likes_key = array("d", (-float(c.likes) for c in self.comments))
            return self._likes_key
        return self._sorts[self.sort_key].keys

    # -- claims (SPEC 5): the comments about each, and the "needs a look" view -----------

    def _results(self, position: int) -> Mapping[str, Any]:
        analysis = self.analyses.get(self.comments[position].id)
        return analysis.results if analysis is not None else {}

    def _about_claims(self, position: int) -> tuple[str, ...]:
        """The ids of the claims the comment at `position` is about, best first."""
        return tuple(link.claim for link in self._results(position).get(ABOUT.name) or ())

    def claims_of_comment(self, comment_id: str) -> list[str]:
        """The claims a comment is about (best first), then those it quotes: where it leads
        in the article."""
        position = self.position_of.get(comment_id)
        if position is None:
            return []
        quoted = self._results(position).get(QUOTED.name) or ()
        found = [*self._about_claims(position), *(s.claim for s in quoted if s.claim)]
        return list(dict.fromkeys(found))

    def claim_stances(self) -> ClaimStances:
        """Per claim, how many comments about it take each stance (the stance filter's
        values: support, deny, query, comment, not assessed, none). Counts in the comments
        analysed since it was last asked (a comment analysed again counted out first), so
        asking while the analysis runs costs what arrived, not the whole thread."""
        pending = self._claims_pending
        if pending or self._claim_stances is None:
            self._claims_pending = []
            stance = self._fields.get(STANCE.name)
            counts, counted = self._claim_counts, self._claim_counted
            for position in pending:
                old_claims, old_value = counted.pop(position, ((), NONE))
                for claim in old_claims:
                    counts[claim][old_value] -= 1
                claims = self._about_claims(position)
                if claims:
                    value = stance.of[position] if stance is not None else NONE
                    counted[position] = (claims, value)
                    for claim in claims:
                        of_claim = counts.setdefault(claim, {})
                        of_claim[value] = of_claim.get(value, 0) + 1
            self._claim_stances = {
                claim: {value: n for value, n in of.items() if n}
                for claim, of in counts.items() if any(of.values())
            }
        return self._claim_stances

    @property
    def in_queue(self) -> bool:
        """Whether the "needs a look" view is on."""
        return self.before_queue is not None

    def open_queue(self) -> str | None:
        """The "needs a look" view: the comments with a reason to look at them, by attention
        (highest first), with the rest of the filter kept. None when done, else why not."""
        if NEEDS_A_LOOK_SORT not in self._sorts:
            return "The needs-a-look view needs the attention analysis, which is off."
        if self.before_queue is None:
            self.before_queue = (self.filter, self.sort_key)
        self.filter = self.filter.with_values(ATTENTION.name, NEEDS_A_LOOK_VALUES)
        self.sort_key = NEEDS_A_LOOK_SORT
        self.refresh_rows()
        return None

    def close_queue(self) -> None:
        """Back to the filter and order from before the "needs a look" view."""
        if self.before_queue is not None:
            self.filter, self.sort_key = self.before_queue
            self.before_queue = None
            self.refresh_rows()

    def reasons_at(self, position: int) -> tuple[str, ...]:
        """Why the comment at `position` needs a look, heaviest first: shown in its row while
        the "needs a look" view is on (else none)."""
        if self.before_queue is None:
            return ()
        attention = self._results(position).get(ATTENTION.name)
        return tuple(getattr(attention, "reasons", ()))

    # -- the reply tree: folds, jumps, context --------------------------------------------

    @classmethod
    def of_article(
        cls,
        article: Article,
        records: Mapping[str, TriageRecord] | None = None,
        analysers: Sequence[Analyser[Any]] | None = None,
    ) -> ThreadView:
        """The view of an article's comments, its authors marked OP and its count of replies
        not saved kept for the rows that say so."""
        return cls(article.comments, records, analysers, submitters=article.authors,
                   replies_not_saved=article.replies_not_saved)

    @property
    def tree(self) -> ThreadTree:
        if self._tree is None:
            self._tree = ThreadTree(self.comments)
        return self._tree

    @property
    def has_replies(self) -> bool:
        """Whether any comment replies to another (not on a saved page): a quick scan, so a
        flat page never builds the tree."""
        if self._has_replies is None:
            self._has_replies = any(comment.parent is not None for comment in self.comments)
        return self._has_replies

    @property
    def in_thread_order(self) -> bool:
        return self.sort_key == "thread"

    def is_submitter(self, comment: Comment) -> bool:
        """Whether the comment is by the article's (the post's, the story's) author."""
        return comment.status is None and comment.author in self.submitters

    def parent_of(self, comment: Comment) -> Comment | None:
        position = self.position_of.get(comment.parent) if comment.parent else None
        return self.comments[position] if position is not None else None

    def needs_context(self, row: int) -> bool:
        """Whether the reply on `row` should name its parent ("↳ @author"): in a sorted view
        always, in thread order when the filter hides its parent (the indentation says the
        rest)."""
        comment = self.comment_at(row)
        if comment.parent is None:
            return False
        if not self.in_thread_order:
            return True
        position = self.position_of.get(comment.parent)
        return position is None or self.row_of_position(position) is None

    def _fold_refused(self, row: int) -> str | None:
        """Why the comment on `row` cannot be folded or unfolded now (None: it can)."""
        if not self.in_thread_order:
            return "Replies fold in thread order only: s cycles back to it."
        if not 0 <= row < len(self.rows):
            return "No comment selected."
        if not self.tree.has_replies(self.rows[row]):
            return "This comment has no replies to collapse."
        return None

    def toggle_fold(self, row: int) -> str | None:
        """Collapse the replies under the comment on `row`, or expand them; None when done,
        else why not."""
        refused = self._fold_refused(row)
        if refused is not None:
            return refused
        position = self.rows[row]
        if position in self.folded:
            self._unfold(row, position)
        else:
            self._fold(row, position)
        return None

    def _fold(self, row: int, position: int) -> None:
        """Hide the replies: they are the rows after `row` up to the subtree's end."""
        rows = self.rows
        past = bisect_left(rows, self.tree.end[position], lo=row + 1)
        self.folded.add(position)
        self.rows = rows[: row + 1] + rows[past:]

    def _unfold(self, row: int, position: int) -> None:
        """Show the replies again, as the filter gives them, with the folds inside kept."""
        end = self.tree.end
        self.folded.discard(position)
        unfolded = self._unfolded
        first = bisect_left(unfolded, position + 1)
        replies = unfolded[first : bisect_left(unfolded, end[position], lo=first)]
        inside = [p for p in self.folded if position < p < end[position]]
        if inside:
            replies = without_folded(replies, inside, end)
        self.rows = self.rows[: row + 1] + replies + self.rows[row + 1 :]

    def fold_all(self) -> str | None:
        """Collapse every top-level comment's replies (None when done, else why not)."""
        if not self.in_thread_order:
            return "Replies fold in thread order only: s cycles back to it."
        tree = self.tree
        self.folded = {root for root in tree.roots if tree.has_replies(root)}
        if not self.folded:
            return "No comment has replies to collapse."
        self.rows = without_folded(self._unfolded, list(self.folded), tree.end)
        return None

    def unfold_all(self) -> str | None:
        """Expand every fold (None when done, else why nothing changed)."""
        if not self.folded:
            return "No replies are collapsed."
        self.folded.clear()
        if self.in_thread_order:
            self.rows = list(self._unfolded)
        return None

    def reveal(self, position: int) -> bool:
        """Expand the folds hiding the comment at `position`; True when there were any."""
        hiding = [p for p in self.tree.ancestors(position) if p in self.folded]
        if not hiding or not self.in_thread_order:
            return False
        self.folded.difference_update(hiding)
        self.rows = without_folded(self._unfolded, list(self.folded), self.tree.end)
        return True

    def folded_away(self) -> int:
        """How many comments the folds hide now (in thread order)."""
        return len(self._unfolded) - len(self.rows) if self.in_thread_order else 0

    def _first_shown(self, positions: Iterable[int]) -> int | None:
        """The row of the first of `positions` that is shown."""
        for position in positions:
            row = self.row_of_position(position)
            if row is not None:
                return row
        return None

    def parent_row(self, row: int) -> int | str:
        """The row of the parent of the comment on `row`, or why there is none."""
        if not 0 <= row < len(self.rows):
            return "No comment selected."
        parent = self.tree.parent[self.rows[row]]
        if parent == NO_COMMENT:
            return "This comment replies to the article itself."
        found = self.row_of_position(parent)
        return found if found is not None else "Its parent is not shown by the filter."

    def sibling_row(self, row: int, step: int) -> int | str:
        """The row of the next (step 1) or previous (-1) reply to the same comment that is
        shown, or why there is none."""
        if not 0 <= row < len(self.rows):
            return "No comment selected."
        tree = self.tree

        def siblings() -> Iterable[int]:
            position = self.rows[row]
            while True:
                position = (tree.next_sibling(position) if step > 0
                            else tree.previous_sibling[position])
                if position == NO_COMMENT:
                    return
                yield position

        found = self._first_shown(siblings())
        if found is not None:
            return found
        return f"No {'next' if step > 0 else 'earlier'} reply to the same comment."

    def top_level_row(self, row: int, step: int) -> int | str:
        """The row of the next (step 1) top-level comment, or back (-1) to the start of this
        comment's thread, then the top-level comment before; or why there is none."""
        if not 0 <= row < len(self.rows):
            return "No comment selected."
        tree = self.tree
        position = self.rows[row]
        root = tree.root_of(position)
        if step < 0 and root != position and (found := self.row_of_position(root)) is not None:
            return found

        def roots() -> Iterable[int]:
            at = root
            while (at := tree.next_root(at, step)) != NO_COMMENT:
                yield at

        found = self._first_shown(roots())
        if found is not None:
            return found
        return f"No {'next' if step > 0 else 'earlier'} top-level comment shown."

    def not_saved_rows(self) -> list[tuple[int, int, int]]:
        """The "N more replies not saved" lines, in thread order: (the row they follow, their
        depth, N), sorted by row, deeper first. Worked out once per list of rows."""
        rows = self.rows
        cached = self._not_saved
        if cached is not None and cached[0] is rows:
            return cached[1]
        lines: list[tuple[int, int, int]] = []
        if self.in_thread_order and rows:
            stubbed = self._stubbed()  # a saved page has none: it never builds the tree
            for position, count in stubbed:
                if position in self.folded or self.row_of_position(position) is None:
                    continue
                end, depth = self.tree.end[position], self.tree.depth[position]
                lines.append((bisect_left(rows, end) - 1, depth + 1, count))
            top_level = self.replies_not_saved - sum(count for _, count in stubbed)
            if top_level > 0:
                lines.append((len(rows) - 1, 0, top_level))
            lines.sort(key=lambda line: (line[0], -line[1]))
        self._not_saved = (rows, lines)
        return lines

    def _stubbed(self) -> list[tuple[int, int]]:
        """(position, replies not saved) of each comment the source left replies out under."""
        if self._stubs is None:
            self._stubs = [(p, c.replies_not_saved) for p, c in enumerate(self.comments)
                           if c.replies_not_saved > 0]
        return self._stubs

    # -- triage -----------------------------------------------------------------------------

    def next_undecided(self, after_row: int, *, backwards: bool = False) -> int | None:
        """The next row after `after_row` (wrapping, in the order shown) whose comment has
        no decision, or None when every comment shown has one. Stops at the first found, so
        a key press costs as many lookups as decided comments it skips."""
        rows, comments, records = self.rows, self.comments, self.records
        count = len(rows)
        step = -1 if backwards else 1
        for offset in range(1, count + 1):
            row = (after_row + step * offset) % count
            record = records.get(comments[rows[row]].id)
            if record is None or record.decision is None:
                return row
        return None

    def shown_matching(self, query: str) -> list[int]:
        """Positions of the comments shown whose author or text contains `query` (ignoring
        case), in the order shown: what a search picks out of the filter's rows."""
        needle = query.casefold().strip()
        if not needle:
            return list(self.rows)
        folded = self._folded_texts()
        return [p for p in self.rows if needle in folded[p]]

    def folded_matching(self, query: str) -> int:
        """How many comments the folds hide that the filter and `query` would show: what a
        bulk decision on the comments shown leaves out."""
        if not self.folded or not self.in_thread_order:
            return 0
        needle = query.casefold().strip()
        if not needle:
            return len(self._unfolded) - len(self.rows)
        folded = self._folded_texts()
        return sum(needle in folded[p] for p in self._unfolded) - len(self.shown_matching(query))

    def by_author(self, author: str) -> list[int]:
        """Positions of every comment by `author` (the exact name), shown or not."""
        return [p for p, comment in enumerate(self.comments) if comment.author == author]

    # -- search -----------------------------------------------------------------------------

    def find(self, query: str, after_row: int, *, backwards: bool = False) -> int | None:
        """The next row (wrapping) whose author or text contains `query`, ignoring case."""
        needle = query.casefold().strip()
        if not needle or not self.rows:
            return None
        if self.folded and self.in_thread_order:
            return self._find_folded(needle, after_row, backwards=backwards)
        folded, rows = self._folded_texts(), self.rows
        count = len(rows)
        step = -1 if backwards else 1
        for offset in range(1, count + 1):
            row = (after_row + step * offset) % count
            if needle in folded[rows[row]]:
                return row
        return None

    def _find_folded(self, needle: str, after_row: int, *, backwards: bool) -> int | None:
        """`find` through the folded replies too: a match inside a fold expands it."""
        folded, rows = self._folded_texts(), self._unfolded
        count = len(rows)
        if 0 <= after_row < len(self.rows):
            start = bisect_left(rows, self.rows[after_row])
        else:
            start = -1 if after_row < 0 else count
        step = -1 if backwards else 1
        for offset in range(1, count + 1):
            position = rows[(start + step * offset) % count]
            if needle in folded[position]:
                self.reveal(position)
                return self.row_of_position(position)
        return None

    def _folded_texts(self) -> list[str]:
        """Each comment's author and text, case-folded once for every search."""
        if self._folded is None:
            self._folded = [f"{c.author}\n{c.text}".casefold() for c in self.comments]
        return self._folded

    # -- summary ----------------------------------------------------------------------------

    def _counts(self, counts_of: SummaryCounts) -> dict[str, int]:
        found = self._fields[counts_of.field]
        if found.facet.values is not None:
            return {value: found.counts.get(value, 0) for value in found.facet.values}
        return {value: found.counts[value] for value in found.seen()}

    def summary(self, reported: int | None = None) -> ThreadSummary:
        # Count the few decided comments, not every comment (100k on each refresh).
        decisions = dict.fromkeys(DECISION_VALUES, 0)
        for comment_id, record in self.records.items():
            if record.decision is not None and comment_id in self.position_of:
                decisions[record.decision.value] += 1
        decisions[NONE] = len(self.comments) - sum(decisions.values())
        parts = []
        for analyser in by_rank(self.analysers):
            sections = tuple((c, self._counts(c)) for c in analyser.facets.summary)
            tally = self._tallies.get(analyser.name)
            parts.append(
                AnalyserSummary(analyser.name, sections, tally.copy() if tally else None)
            )
        return ThreadSummary(
            saved=len(self.comments),
            reported=reported,
            analysed=self.analysed,
            analysers=tuple(parts),
            decisions=decisions,
            tree=self.tree_summary(),
        )

    def tree_summary(self) -> TreeSummary | None:
        """The thread's shape (worked out once: it never changes), None without replies."""
        if self._tree_summary is None and self.has_replies:
            self._tree_summary = self.tree.summary(self.comments, self.replies_not_saved)
        return self._tree_summary


def speakers_in_order(quotes: Sequence[Quote]) -> list[str | None]:
    """Speakers in order of first quote (None, for unattributed quotes, last if present)."""
    seen: dict[str, None] = {}
    unattributed = False
    for quote in quotes:
        if quote.speaker is None:
            unattributed = True
        else:
            seen.setdefault(quote.speaker, None)
    speakers: list[str | None] = list(seen)
    if unattributed:
        speakers.append(None)
    return speakers


def quotes_by_speaker(quotes: Sequence[Quote]) -> list[tuple[str | None, list[Quote]]]:
    """Quotes grouped by speaker, speakers in order of first quote, unattributed last."""
    groups: dict[str | None, list[Quote]] = {}
    for quote in quotes:
        groups.setdefault(quote.speaker, []).append(quote)
    return [(speaker, groups[speaker]) for speaker in speakers_in_order(quotes)]
