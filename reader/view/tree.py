"""The reply tree over comments in thread order: who answers whom, as index arrays.

Worked out once per thread in one pass, so every tree key afterwards is a few array reads:
in thread order a comment's replies (all of them, at any depth) follow it, so its subtree is
the contiguous range of positions [i, end[i]); its parent, its previous sibling and the next
sibling (end[i], when that has the same parent) are O(1). A comment whose parent is missing
or comes after it (a broken file) is taken as a top-level comment, so the ranges always nest.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from msgspec import Struct

from reader.model import Comment

NO_COMMENT = -1
MOST_REPLIED = 5  # comments listed under "most replied" in the summary


class TreeSummary(Struct, frozen=True):
    """The thread's shape for the summary: comments per depth, the longest chain of replies
    (top-level comment first) and the comments with the most replies (the comment, all
    replies under it, direct replies), most first."""

    per_depth: tuple[int, ...]
    longest_chain: tuple[Comment, ...]
    most_replied: tuple[tuple[Comment, int, int], ...]
    replies_not_saved: int


class ThreadTree:
    """Parent, depth, subtree end and siblings of every comment, by position."""

    def __init__(self, comments: Sequence[Comment]) -> None:
        count = len(comments)
        self.count = count
        self.parent = array("i", [NO_COMMENT]) * count
        self.depth = array("i", [0]) * count
        self.end = array("i", range(1, count + 1))
        self.previous_sibling = array("i", [NO_COMMENT]) * count
        self.roots: list[int] = []
        self._build(comments)

    # Shape: one pass with a stack of the open ancestors; split up, the stack and the last
    # child seen under each would be passed between the parts.
    def _build(self, comments: Sequence[Comment]) -> None:
        position_of: dict[str, int] = {}
        open_stack: list[int] = []  # the ancestors of the comment being read, innermost last
        last_child: dict[int, int] = {}  # parent position (-1: the article) -> last reply
        parent, depth, end, previous = self.parent, self.depth, self.end, self.previous_sibling
        for i, comment in enumerate(comments):
            above = position_of.get(comment.parent, NO_COMMENT) if comment.parent else NO_COMMENT
            while open_stack and open_stack[-1] != above:
                end[open_stack.pop()] = i
            if above != NO_COMMENT and not open_stack:
                above = NO_COMMENT  # its parent's subtree closed already: out of order
            parent[i] = above
            depth[i] = depth[above] + 1 if above != NO_COMMENT else 0
            previous[i] = last_child.get(above, NO_COMMENT)
            last_child[above] = i
            if above == NO_COMMENT:
                self.roots.append(i)
            open_stack.append(i)
            position_of.setdefault(comment.id, i)
        for i in open_stack:
            end[i] = self.count

    @property
    def is_flat(self) -> bool:
        """No comment replies to another (a saved page): nothing to indent or fold."""
        return len(self.roots) == self.count

    def replies(self, position: int) -> int:
        """How many comments are under this one, at any depth."""
        return self.end[position] - position - 1

    def has_replies(self, position: int) -> bool:
        return self.end[position] > position + 1

    def next_sibling(self, position: int) -> int:
        """The next comment with the same parent, or NO_COMMENT."""
        after = self.end[position]
        if after < self.count and self.parent[after] == self.parent[position]:
            return after
        return NO_COMMENT

    def root_of(self, position: int) -> int:
        """The top-level comment this one is under (itself at the top level)."""
        index = bisect_right(self.roots, position) - 1
        return self.roots[index]

    def next_root(self, position: int, step: int) -> int:
        """The next (step 1) or previous (step -1) top-level comment from this one's
        thread, or NO_COMMENT past either end."""
        index = bisect_left(self.roots, self.root_of(position)) + step
        return self.roots[index] if 0 <= index < len(self.roots) else NO_COMMENT

    def ancestors(self, position: int) -> list[int]:
        """The comments this one is under, its parent first."""
        found: list[int] = []
        above = self.parent[position]
        while above != NO_COMMENT:
            found.append(above)
            above = self.parent[above]
        return found

    def summary(self, comments: Sequence[Comment], replies_not_saved: int) -> TreeSummary:
        """Comments per depth, the longest chain and the most replied comments."""
        deepest = max(range(self.count), key=self.depth.__getitem__, default=NO_COMMENT)
        per_depth = [0] * ((self.depth[deepest] + 1) if deepest != NO_COMMENT else 0)
        direct = [0] * self.count
        for position in range(self.count):
            per_depth[self.depth[position]] += 1
            if self.parent[position] != NO_COMMENT:
                direct[self.parent[position]] += 1
        chain = [*reversed(self.ancestors(deepest)), deepest] if deepest != NO_COMMENT else []
        replied = sorted((p for p in range(self.count) if direct[p]),
                         key=lambda p: (-self.replies(p), p))[:MOST_REPLIED]
        saved_stubs = sum(comment.replies_not_saved for comment in comments)
        return TreeSummary(
            per_depth=tuple(per_depth),
            longest_chain=tuple(comments[p] for p in chain),
            most_replied=tuple((comments[p], self.replies(p), direct[p]) for p in replied),
            replies_not_saved=max(replies_not_saved, saved_stubs),
        )


def without_folded(rows: Sequence[int], folded: Sequence[int], end: Sequence[int]) -> list[int]:
    """`rows` (positions in thread order, ascending) without the replies under each folded
    comment that is itself in `rows` (a folded comment the filter hides hides nothing):
    slices copied whole, so the cost is the number of folds, not of rows."""
    kept: list[int] = []
    start = 0
    covered = NO_COMMENT  # the end of the last fold's range: folds inside it change nothing
    for position in sorted(folded):
        if position < covered:
            continue
        first = bisect_right(rows, position, lo=start)
        if first == 0 or rows[first - 1] != position:
            continue
        past = bisect_left(rows, end[position], lo=first)
        kept += rows[start:first]
        start = past
        covered = end[position]
    kept += rows[start:]
    return kept
