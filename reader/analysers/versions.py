"""A library's installed version, for the analysis cache's keys, read from the dist-info
directory that pip writes beside the library's package.

importlib.metadata gives the same answer, but importing it costs about 20 ms (it loads the
email package), paid by every `reader analyze` for two version strings. Where the directory
is not beside the package (an editable install, an egg), importlib.metadata answers.
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import cache

__all__ = ["installed_version"]

_SEPARATORS = re.compile(r"[-_.]+")


def _normalized(name: str) -> str:
    """A distribution name as packaging compares them (PEP 503)."""
    return _SEPARATORS.sub("-", name).lower()


@cache
def installed_version(distribution: str, package: str) -> str | None:
    """The installed version of `distribution`, whose import package is `package`; None
    when it is not installed."""
    found = _version_beside(distribution, package)
    if found is not None:
        return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def _version_beside(distribution: str, package: str) -> str | None:
    """The Version field of the one `<distribution>-<version>.dist-info` beside `package`."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.has_location:
        return None
    here = os.path.dirname(spec.origin)
    root = os.path.dirname(here) if spec.submodule_search_locations is not None else here
    wanted = _normalized(distribution)
    try:
        entries = os.listdir(root)
    except OSError:
        return None
    suffix = ".dist-info"
    matches = [
        entry
        for entry in entries
        if entry.endswith(suffix)
        and _normalized(entry[: -len(suffix)].rpartition("-")[0]) == wanted
    ]
    if len(matches) != 1:  # none, or a stale one beside the live one: let importlib decide
        return None
    return _metadata_version(os.path.join(root, matches[0], "METADATA"))


def _metadata_version(path: str) -> str | None:
    """The Version header of a METADATA file (its headers end at the first blank line)."""
    try:
        with open(path, encoding="utf-8") as metadata:
            for line in metadata:
                if not line.strip():
                    return None
                if line.startswith("Version:"):
                    return line.partition(":")[2].strip()
    except (OSError, UnicodeDecodeError):
        return None
    return None
