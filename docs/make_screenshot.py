"""Save docs/screenshot.svg (the app on the bundled sample) and docs/screenshot-tree.svg (a
Reddit thread's reply tree, one subtree folded), analysis finished.

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
DOCS = Path(__file__).resolve().parent
TREE_PAGE = DOCS.parent / "fixtures" / "reddit-thread.json"


async def take(target: Path, page: Path, keys: tuple[str, ...]) -> None:
    article = load_article(page)
    with tempfile.TemporaryDirectory() as scratch, TriageStore(Path(scratch) / "t.db") as store:
        app = ReaderApp(article, store, source=page.name)
        app.theme = "textual-dark"
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen_stack[0]
            assert isinstance(screen, MainScreen)
            for _ in range(600):
                if screen.analysis_done:
                    break
                await pilot.pause(0.05)
            await pilot.press(*keys)
            await pilot.pause()
            target.write_text(app.export_screenshot(title="Reader"), encoding="utf-8")


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS
    shots = (
        ("screenshot.svg", sample_path(), ("j", "j", "a", "j", "f")),  # a few decisions
        ("screenshot-tree.svg", TREE_PAGE, ("j", "a", "j", "j", "f", "}", "space")),  # a fold
    )
    for name, page, keys in shots:
        asyncio.run(take(folder / name, page, keys))
        print(folder / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
