"""The cycle collector waits while the app builds its first screen (issue 15: startup).

Building the first screen sets off collections that scan the whole heap the imports left
(about 50 ms before the first frame, to find nothing). reader.tui.app.STARTUP_COLLECTOR
pauses automatic collection from the app's start until after its first frame, and
gives back the thresholds it found.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from textual.screen import Screen
from waiting import wait_until

from reader.formats import load_article, sample_path
from reader.model import Article
from reader.tui.app import STARTUP_COLLECTOR, ReaderApp
from reader.tui.workers import Analysers


def _quiet() -> Analysers:
    return Analysers(quotes=lambda article: (), comments=lambda article, cache: iter(()))


class WatchedApp(ReaderApp):
    """Notes the collector's threshold while the first screen is being made."""

    threshold_while_building: int | None = None

    def get_default_screen(self) -> Screen[None]:
        self.threshold_while_building = gc.get_threshold()[0]
        return super().get_default_screen()


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    """Unusual thresholds for the test (so they cannot be restored by chance), then the
    process's own again."""
    before = gc.get_threshold()
    gc.set_threshold(555, 7, 9)
    try:
        yield (555, 7, 9)
    finally:
        STARTUP_COLLECTOR.resume()
        gc.set_threshold(*before)


@pytest.fixture
def article() -> Article:
    return load_article(sample_path())


async def test_collection_waits_for_the_first_frame_then_resumes_as_it_was(
    thresholds: tuple[int, int, int], article: Article
) -> None:
    app = WatchedApp(article, None, source="sample.txt", analysers=_quiet())
    assert gc.get_threshold() == thresholds  # an app made but not run pauses nothing
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.threshold_while_building == 0
        assert await wait_until(pilot, lambda: not STARTUP_COLLECTOR.paused)
        assert gc.get_threshold() == thresholds
    assert gc.get_threshold() == thresholds


async def test_a_second_app_keeps_the_thresholds_of_before_the_first(
    thresholds: tuple[int, int, int], article: Article
) -> None:
    first = ReaderApp(article, None, source="sample.txt", analysers=_quiet())
    second = WatchedApp(article, None, source="sample.txt", analysers=_quiet())
    async with second.run_test(size=(120, 40)) as pilot:
        assert second.threshold_while_building == 0
        assert await wait_until(pilot, lambda: not STARTUP_COLLECTOR.paused)
    assert gc.get_threshold() == thresholds
    del first


def test_a_disabled_collector_stays_disabled(
    thresholds: tuple[int, int, int], article: Article
) -> None:
    """The pause is by threshold: whoever turned collection off (reader.heap) keeps it off."""
    gc.disable()
    try:
        STARTUP_COLLECTOR.pause()
        STARTUP_COLLECTOR.resume()
        assert not gc.isenabled()
    finally:
        gc.enable()
