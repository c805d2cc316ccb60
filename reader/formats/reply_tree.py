"""Reply trees for the formats: thread order, depths and counts, without recursion.

A thread saved from a site can be deep (a chain of 100,000 replies is a test case), deeper than
Python's recursion limit, so every walk here keeps its own stack. Two shapes come in:

- nested (Reddit's `replies`, Hacker News's `children`): `walk_nested` visits each node with
  its depth and parent, already in thread order;
- flat, each comment naming its parent (Reader JSON, WordPress, Disqus): `thread_order` puts
  the comments in thread order (each followed by its replies, depth first, siblings in the
  file's order) and gives each its depth, or says which comment is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

__all__ = ["ReplyTreeError", "thread_order", "walk_nested"]

Node = TypeVar("Node")


class ReplyTreeError(ValueError):
    """A comment whose parent cannot stand: `position` is its index in the file's order.
    The format turns it into a PageError in its own words (a field name, a tag)."""

    def __init__(self, position: int, problem: str) -> None:
        super().__init__(problem)
        self.position = position
        self.problem = problem


def walk_nested(
    roots: Sequence[Node], children_of: Callable[[Node], Sequence[Node]]
) -> Iterator[tuple[Node, int, int]]:
    """(node, depth, parent) for every node under `roots`, in thread order: each node then
    its children's subtrees in their order. `parent` is the index, in this walk, of the node
    it is a child of, -1 for a root. `children_of` is called once per node, when it is met.
    """
    # Each entry: a list of siblings, the index of the next one to visit, their parent.
    stack: list[tuple[Sequence[Node], list[int], int]] = [(roots, [0], -1)]
    count = 0
    while stack:
        siblings, next_index, parent = stack[-1]
        if next_index[0] == len(siblings):
            stack.pop()
            continue
        node = siblings[next_index[0]]
        next_index[0] += 1
        yield node, len(stack) - 1, parent
        stack.append((children_of(node), [0], count))
        count += 1


def thread_order(ids: Sequence[str], parents: Sequence[str | None]) -> tuple[list[int], list[int]]:
    """(positions in thread order, depth by position) for comments given in any order, each
    with its unique id and its parent's id (None for a reply to the article).

    ReplyTreeError names the first comment, in file order, whose parent is not a comment of
    the page, or that is its own ancestor (a cycle: the tree cannot be drawn).
    """
    known = set(ids)
    children: dict[str, list[int]] = {}
    roots: list[int] = []
    for position, parent in enumerate(parents):
        if parent is None:
            roots.append(position)
        elif parent not in known:
            raise ReplyTreeError(position, f"names {parent!r}, which is no comment's id")
        else:
            children.setdefault(parent, []).append(position)
    if len(roots) == len(ids):  # no replies: the file's order is the thread order
        return list(range(len(ids))), [0] * len(ids)
    order: list[int] = []
    depths = [-1] * len(ids)
    for position, depth, _ in walk_nested(roots, lambda p: children.get(ids[p], ())):
        order.append(position)
        depths[position] = depth
    if len(order) < len(ids):
        first = min(p for p, depth in enumerate(depths) if depth < 0)
        raise ReplyTreeError(first, "is a reply to itself or to one of its own replies")
    return order, depths
