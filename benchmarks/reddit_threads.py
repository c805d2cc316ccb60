"""Open each of the 40 real Reddit threads of RumourEval 2019 and check the reply tree Reader
gives them against the threads' own nesting.

    python benchmarks/reddit_threads.py [--data DIR]

For every thread (../shared/data/rumoureval2019/threads/{train,dev}/*.json) the analysis that
`reader analyze` prints (load_article, analyze, analysis_to_dict) is compared with a plain
recursive walk of the file's `replies` Listings: each comment's `parent` must be the comment
it is nested under (null at the top), its `depth` Reddit's own, the order the file's, every
`more` stub counted; and each labelled comment of train.jsonl/dev.jsonl that the file holds
must reply to the comment (or post) the labels say. The data stays outside the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.export import analysis_to_dict
from reader.formats import load_article
from reader.pipeline.run import analyze

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "rumoureval2019"


@dataclass
class Expected:
    """A thread as its file nests it: each comment's fullname, parent fullname, depth."""

    order: list[tuple[str, str | None, int]] = field(default_factory=list)
    stubs: int = 0
    own_parent_ids_agree: int = 0  # `parent_id` and `depth` fields agree with the nesting


def _walk(listing: Any, parent: str | None, depth: int, into: Expected, post: str) -> None:
    """The file's nesting, read with a plain recursion (Reddit nests at most 10 deep)."""
    for child in listing["data"]["children"]:
        data = child["data"]
        if child["kind"] == "more":
            into.stubs += max(data.get("count") or 0, len(data.get("children") or []), 1)
            continue
        into.order.append((data["name"], parent, depth))
        into.own_parent_ids_agree += (
            data["parent_id"] == (parent or post) and data.get("depth", depth) == depth
        )
        if data.get("replies"):
            _walk(data["replies"], data["name"], depth + 1, into, post)


@dataclass
class Figures:
    threads: int = 0
    comments: int = 0
    max_depth: int = 0
    placeholders: int = 0
    not_saved: int = 0
    parent_mismatches: int = 0
    depth_mismatches: int = 0
    order_mismatches: int = 0
    stub_mismatches: int = 0
    own_field_disagreements: int = 0
    labelled_checked: int = 0
    labelled_mismatches: int = 0
    read_seconds: float = 0.0
    analyse_seconds: float = 0.0


def _labels(data: Path) -> dict[str, dict[str, str]]:
    """thread -> labelled comment id (without "t1_") -> the id it replies to, for the
    labelled comments the thread file holds."""
    found: dict[str, dict[str, str]] = {}
    for split in ("train", "dev"):
        path = data / f"{split}.jsonl"
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("is_source") or row.get("not_in_thread_file"):
                continue
            found.setdefault(row["thread"], {})[row["id"]] = row["in_reply_to"]
    return found


def _threads(data: Path) -> Iterator[Path]:
    for split in ("train", "dev"):
        yield from sorted((data / "threads" / split).glob("*.json"))


def check(path: Path, labels: dict[str, str], figures: Figures) -> None:
    """Compare Reader's analysis of one thread with the file's nesting; add to `figures`."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    post = raw[0]["data"]["children"][0]["data"]["name"]
    expected = Expected()
    _walk(raw[1], None, 0, expected, post)
    started = time.perf_counter()
    article = load_article(path)
    read = time.perf_counter()
    data = analysis_to_dict(analyze(article))
    figures.read_seconds += read - started
    figures.analyse_seconds += time.perf_counter() - read
    comments = data["comments"]
    source_of = {c["id"]: c["source_id"] for c in comments}
    got = [(c["source_id"], source_of.get(c["parent"]), c["depth"]) for c in comments]
    figures.threads += 1
    figures.comments += len(comments)
    figures.max_depth = max([figures.max_depth, *(c["depth"] for c in comments)])
    figures.placeholders += sum(c["status"] is not None for c in comments)
    figures.not_saved += data["replies_not_saved"]
    figures.order_mismatches += [g[0] for g in got] != [e[0] for e in expected.order]
    nested = {name: (parent, depth) for name, parent, depth in expected.order}
    for name, parent, depth in got:
        want = nested.get(name, (None, -1))
        figures.parent_mismatches += parent != want[0]
        figures.depth_mismatches += depth != want[1]
    figures.stub_mismatches += data["replies_not_saved"] != expected.stubs
    figures.own_field_disagreements += len(expected.order) - expected.own_parent_ids_agree
    parents = {name.removeprefix("t1_"): p for name, p, _ in got}
    for comment_id, replies_to in labels.items():
        if comment_id in parents:
            figures.labelled_checked += 1
            parent = parents[comment_id]
            figures.labelled_mismatches += (parent or post).split("_", 1)[1] != replies_to


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    if not (args.data / "threads").is_dir():
        print(f"reddit_threads: no threads at {args.data}/threads (pass --data DIR);"
              " skipped", file=sys.stderr)  # fmt: skip
        return 0
    labels = _labels(args.data)
    figures = Figures()
    for path in _threads(args.data):
        check(path, labels.get(path.stem, {}), figures)
    for name, value in vars(figures).items():
        shown = f"{value:.2f}" if isinstance(value, float) else f"{value:,}"
        print(f"{name.replace('_', ' '):32} {shown}")
    wrong = (figures.parent_mismatches + figures.depth_mismatches + figures.order_mismatches
             + figures.stub_mismatches + figures.labelled_mismatches)  # fmt: skip
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
