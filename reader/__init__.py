"""Reader: a saved news page with its comments, analysed and triaged in the terminal."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reader")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
