"""Save docs/screenshot.svg: the app on the bundled sample, analysis finished.

Run from the repository root: `python docs/make_screenshot.py` (uses a throwaway database).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from reader.formats import load_article, sample_path
from reader.storage.store import TriageStore
from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen

SIZE = (160, 48)
TARGET = Path(__file__).resolve().parent / "screenshot.svg"


async def take(target: Path) -> None:
    article = load_article(sample_path())
    with tempfile.TemporaryDirectory() as scratch, TriageStore(Path(scratch) / "t.db") as store:
        app = ReaderApp(article, store, source="sample.txt")
        app.theme = "textual-dark"
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen_stack[0]
            assert isinstance(screen, MainScreen)
            for _ in range(600):
                if screen.analysis_done:
                    break
                await pilot.pause(0.05)
            await pilot.press("j", "j", "a", "j", "f")  # show a few decisions
            await pilot.pause()
            target.write_text(app.export_screenshot(title="Reader"), encoding="utf-8")


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    asyncio.run(take(target))
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
