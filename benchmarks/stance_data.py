"""The labelled stance data, each item with its place in its thread, for training and measuring.

RumourEval 2017 (tweets) and the Reddit part of RumourEval 2019, read from ../shared/data
(never copied into the repository). Each labelled post becomes a `Labelled` item whose
`Place` says what Reader's stance analyser would see of it in a news thread: the claim (the
thread's opening post), the text of the comment it replies to (None for a reply to the post
itself) and its depth (0 for a reply to the post). The Reddit replies' parents come from the
thread files, read by Reader's own Reddit format, so unlabelled parents count too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.analysers.stance_features import Place
from reader.formats import load_article

SPLITS = {
    "2017": ("rumoureval2017", "tweets"),
    "2019": ("rumoureval2019", "Reddit"),
}


@dataclass(frozen=True)
class Labelled:
    """A post or comment with its gold SDQC label and its place in the thread."""

    corpus: str  # "2017" or "2019"
    thread: str
    text: str
    place: Place
    label: str


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _tweets(rows: list[dict[str, Any]]) -> list[Labelled]:
    by_id = {str(r["id"]): r for r in rows}

    def depth(row: dict[str, Any]) -> int:
        steps, parent = 0, row["in_reply_to"]
        while parent is not None and str(parent) in by_id and not by_id[str(parent)]["is_source"]:
            steps += 1
            parent = by_id[str(parent)]["in_reply_to"]
            if steps > 100:
                break
        return steps

    found = []
    for row in rows:
        parent = by_id.get(str(row["in_reply_to"]))
        parent_text = None if parent is None or parent["is_source"] else str(parent["text"])
        place = Place(
            claim=str(row["source_text"]),
            parent=parent_text,
            depth=depth(row),
            site="twitter",
            opening_post=bool(row["is_source"]),
        )
        found.append(Labelled("2017", str(row["thread"]), str(row["text"]), place, row["label"]))
    return found


def _thread_parents(folder: Path, thread: str) -> dict[str, tuple[str | None, int]]:
    """Reddit id (no 't1_') -> (its parent comment's text or None, depth), from the file."""
    path = folder / f"{thread}.json"
    if not path.exists():
        return {}
    article = load_article(path)
    text_of = {c.id: c.text for c in article.comments}
    return {
        (c.source_id or "").removeprefix("t1_"): (
            None if c.parent is None else text_of.get(c.parent, ""),
            c.depth,
        )
        for c in article.comments
    }


def _reddit(rows: list[dict[str, Any]], folder: Path) -> list[Labelled]:
    by_id = {str(r["id"]): r for r in rows}
    parents: dict[str, dict[str, tuple[str | None, int]]] = {}
    found = []
    for row in rows:
        thread = str(row["thread"])
        if thread not in parents:
            parents[thread] = _thread_parents(folder, thread)
        known = parents[thread].get(str(row["id"]))
        if row["is_source"]:
            parent_text, depth = None, 0
        elif known is not None:
            parent_text, depth = known
        else:  # served only as a `more` stub: the labels' own fields
            reply_to = str(row["in_reply_to"])
            parent_row = by_id.get(reply_to)
            parent_text = (
                None
                if reply_to == thread
                else (str(parent_row["text"]) if parent_row is not None else "")
            )
            depth = int(row["depth"] or 0)
        place = Place(
            claim=str(row["source_text"]),
            parent=parent_text,
            depth=depth,
            site="reddit",
            opening_post=bool(row["is_source"]),
        )
        found.append(Labelled("2019", thread, str(row["text"]), place, row["label"]))
    return found


def load_split(data: Path, corpus: str, split: str) -> list[Labelled]:
    """The labelled items of one corpus ("2017", "2019") and split ("train", "dev")."""
    if split not in ("train", "dev"):
        raise ValueError("only the train and dev splits are read; test is held back")
    folder = data / SPLITS[corpus][0]
    rows = _rows(folder / f"{split}.jsonl")
    if corpus == "2017":
        return _tweets(rows)
    return _reddit(rows, folder / "threads" / split)
