"""Baseline (a+) of benchmarks/run.py makes the calls that give Reader's full output.

Issue 15: Reader's full analysis also runs the claim analysers, which baseline (a) leaves
out; (a+) is (a) plus those per-comment calls (about, quoted, attention), the article's
claims and the thread's facts found once. This checks it calls each the way Reader does.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from reader.analysers import about, attention, quoted
from reader.formats import parse_page, sample_path

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def _benchmarks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_run", RUN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("benchmark_run", module)
    spec.loader.exec_module(module)
    return module


def test_baseline_a_plus_calls_every_claim_function_per_comment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = sample_path()
    article = parse_page(path.read_text(encoding="utf-8"), source=str(path))
    calls: dict[str, int] = {"about": 0, "quoted": 0, "attention": 0}

    def counted(name: str, real: Any) -> Any:
        def call(*args: Any) -> Any:
            calls[name] += 1
            return real(*args)

        return call

    monkeypatch.setattr(about, "links_of", counted("about", about.links_of))
    monkeypatch.setattr(quoted, "check_quotes", counted("quoted", quoted.check_quotes))
    monkeypatch.setattr(attention, "assess", counted("attention", attention.assess))
    _benchmarks().plain_loop_with_claims(article)
    count = len(article.comments)
    assert calls["attention"] == calls["quoted"] == count
    assert 0 < calls["about"] <= count  # English or untold comments only
