"""TriageStore: the decision database and, beside it, the analysis cache, opened together.

For callers that want one object for one `--db` path (the CLI and the app). The two parts
share nothing: separate files, connections and locks (see `decisions` and `analysis_cache`),
so an analysis write never waits in front of a decision.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from reader.storage.analysis_cache import AnalysisCacheStore, cache_path_for, warn_on_stderr
from reader.storage.decisions import DATABASE_VERSION, DecisionStore, Edit, HistoryEntry

__all__ = ["DATABASE_VERSION", "Edit", "HistoryEntry", "TriageStore"]


class TriageStore(DecisionStore):
    """A `DecisionStore` on `path` that also serves as the analysis cache kept beside it.

    Opening refuses an unusable decision database (StoreError); an unusable cache is only
    warned about through `warn`, once, and then skipped.
    """

    def __init__(
        self, path: Path, warn: Callable[[str], None] = warn_on_stderr, *, create: bool = True
    ) -> None:
        """`create=False` (reading back a `--db` the person named): a missing decision
        database is a StoreError and nothing is created, neither it nor the cache."""
        super().__init__(path, create=create)
        # Opened second, so a refused decision database leaves no cache file behind.
        try:
            self.cache = AnalysisCacheStore(cache_path_for(self.path), warn)
        except BaseException:
            super().close()
            raise

    def get_cached(self, keys: Sequence[str]) -> dict[str, str]:
        return self.cache.get_cached(keys)

    def put_cached(self, items: Mapping[str, str]) -> None:
        self.cache.put_cached(items)

    def get_thread(self, key: str) -> bytes | None:
        return self.cache.get_thread(key)

    def put_thread(self, key: str, value: bytes) -> None:
        self.cache.put_thread(key, value)

    def close(self) -> None:
        """Close both files (idempotent)."""
        try:
            self.cache.close()
        finally:
            super().close()
