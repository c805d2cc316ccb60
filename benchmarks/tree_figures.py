"""The reply tree's keys at 100,000 comments in a deep tree, as ratios to moving the cursor.

One headless app (`App.run_test(size=(160, 48))`) over a generated thread of COUNT comments
(THREADS top-level comments, replies up to MAX_DEPTH deep, chains of a few hundred), no
analysis (the keys do not depend on it). Each tree key is pressed many times and timed with
its frame, as benchmarks/app_figures.py times `j`; the figure is the median over `j`'s median
in the same app, so the machine's speed cancels out:

- fold/unfold (space) on a top-level comment with thousands of replies under it;
- collapse all (C) and expand all (E);
- parent (p) from a deep reply; next/previous sibling ( ) and ( ( ); next/previous top-level
  ( } and { ); the same key bound to nothing is the harness's own cost.

Alone: `python benchmarks/tree_figures.py [--count N]`; benchmarks/run.py does not run it
(it needs no generated page). The tree is built once (ThreadTree), timed apart.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

COUNT = 100_000
THREADS = 50
MAX_DEPTH = 40
PRESSES = 40
SIZE = (160, 48)


def deep_thread(count: int = COUNT, threads: int = THREADS, seed: int = 7) -> Any:
    """An Article whose comments form `threads` deep trees, in thread order."""
    from reader.model import Article, Comment

    rng = random.Random(seed)
    comments: list[Comment] = []
    per_thread = count // threads
    for thread in range(threads):
        stack: list[str] = []  # the open chain of ancestors, innermost last
        for n in range(per_thread if thread < threads - 1 else count - len(comments)):
            cid = f"t{thread}c{n}"
            if n == 0:
                stack = []
            else:  # reply to a comment on the open chain, mostly near its end: deep threads
                keep = len(stack) if len(stack) < MAX_DEPTH and rng.random() < 0.7 else (
                    rng.randint(1, len(stack)))
                del stack[keep:]
            comments.append(Comment(cid, f"user{rng.randrange(5000)}", "", f"reply {cid}",
                                    rng.randrange(-5, 100), parent=stack[-1] if stack else None,
                                    depth=len(stack)))
            stack.append(cid)
    return Article("A deep thread", comments=tuple(comments), source="reddit")


def _analysers() -> Any:
    from reader.tui.workers import Analysers

    def comments(article: Any, cache: Any) -> Any:
        yield []

    return Analysers(quotes=lambda article: (), comments=comments)


async def _measure(article: Any) -> dict[str, list[float]]:
    from textual import events

    from reader.tui.app import ReaderApp
    from reader.tui.screens.main import MainScreen

    app = ReaderApp(article, None, source="deep.json", analysers=_analysers())
    times: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen_stack[0]
        assert isinstance(screen, MainScreen)
        while not screen.analysis_done:
            await pilot.pause()
        table, thread = screen.table, screen.thread
        table.focus()
        await pilot.pause()

        async def timed(name: str, key: str, before: Callable[[], None] | None = None) -> None:
            if before is not None:
                before()
                await pilot._wait_for_screen()
            began = time.perf_counter()
            app.post_message(events.Key(key, key if len(key) == 1 else None))
            await pilot._wait_for_screen()
            await pilot._wait_for_screen()
            app.screen._on_timer_update()
            times.setdefault(name, []).append(time.perf_counter() - began)

        tree = thread.tree
        biggest = max(tree.roots, key=tree.replies)
        deepest = max(range(tree.count), key=tree.depth.__getitem__)
        middle = tree.roots[len(tree.roots) // 2]
        for _ in range(PRESSES):
            await timed("j", "j")
            await timed("unbound key", "f12")
        table.move_cursor(thread.row_of_position(biggest) or 0)
        for _ in range(PRESSES):
            await timed("fold/unfold (space)", "space")
        for _ in range(PRESSES // 4):
            await timed("collapse all (C)", "C")
            await timed("expand all (E)", "E")

        def to(position: int) -> Callable[[], None]:
            return lambda: table.move_cursor(thread.row_of_position(position) or 0)

        for _ in range(PRESSES):
            await timed("parent (p)", "p", to(deepest))
            await timed("next sibling ())", "right_parenthesis", to(tree.roots[1] + 1))
            await timed("previous sibling (()", "left_parenthesis", to(tree.roots[1] + 1))
            await timed("next top-level (})", "right_curly_bracket", to(middle))
            await timed("previous top-level ({)", "left_curly_bracket", to(deepest))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=COUNT)
    args = parser.parse_args(argv)
    article = deep_thread(args.count)
    from reader.view.tree import ThreadTree

    began = time.perf_counter()
    tree = ThreadTree(article.comments)
    built = time.perf_counter() - began
    depth = max(tree.depth)
    times = asyncio.run(_measure(article))
    base = statistics.median(times["j"]) * 1000
    print(f"{len(article.comments):,} comments, {len(tree.roots):,} top-level, deepest "
          f"{depth}, largest thread {max(map(tree.replies, tree.roots)):,} replies; "
          f"tree built once in {built * 1000:.0f} ms")
    print(f"{'key':<26}{'median ms':>10}{'worst ms':>10}{'x j':>7}")
    for name, samples in times.items():
        median = statistics.median(samples) * 1000
        print(f"{name:<26}{median:>10.1f}{max(samples) * 1000:>10.1f}{median / base:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
