"""Waiting in app tests for a condition, never for a fixed time (a loaded machine is slow)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

DEADLINE_SECONDS = 60.0


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = DEADLINE_SECONDS
) -> bool:
    """Let the app run until `condition()` holds (True) or `seconds` pass (False)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.01)  # a poll interval, not a wait for the app
    await pilot.pause()
    return True
