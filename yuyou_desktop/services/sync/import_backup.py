"""The backup taken before an import changes the database (sync-protocol: a package import is
one of the moments the issue names for an automatic backup)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

# Takes a backup before an import changes the database; returns a callable told at the end
# whether anything changed (composition root: BackupService.before_import).
BeforeImport = Callable[[], Callable[[bool], None]]


class BackupOnce:
    """The before-import backup of one call: taken before the first package is applied,
    finished once at the end (kept when a package changed the database, else deleted)."""

    def __init__(self, take: BeforeImport | None) -> None:
        self._take = take
        self._finish: Callable[[bool], None] | None = None

    def before_change(self) -> None:
        if self._take is not None and self._finish is None:
            self._finish = self._take()

    def done(self, statuses: Iterable[str]) -> None:
        """``statuses``: of the reports so far (an applied or pending package changed data)."""
        if self._finish is not None:
            self._finish(any(s in ("applied", "pending") for s in statuses))
            self._finish = None
