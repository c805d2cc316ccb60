"""Reader: a saved news page with its comments, analysed and triaged in the terminal.

`__version__` is looked up when it is first asked for, not at import: the lookup imports
importlib.metadata (and with it the email package) and reads the installed distribution,
which every `import reader...` would otherwise pay for, the app before its first frame; only
`reader --version` wants it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING


@cache
def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reader")
    except PackageNotFoundError:  # running from a source tree without an install
        return "0.0.0"


if TYPE_CHECKING:  # what the type checker sees; it still flags any other name
    __version__: str
else:

    def __getattr__(name: str) -> str:
        if name == "__version__":
            return _installed_version()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
