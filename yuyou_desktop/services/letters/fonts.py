"""Which font each role of a letter uses, and the user's choices (stored as settings
``letters.font.<role>``; see ``documents.letter_fonts`` for the search order)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from yuyou_desktop.documents.letter_fonts import (
    ROLE_LABELS,
    ROLES,
    FontChoice,
    FontSet,
    check_font_file,
    resolve_fonts,
)
from yuyou_desktop.errors import FieldError
from yuyou_desktop.services.settings import SettingsService


class LetterFontService:
    def __init__(
        self,
        settings: SettingsService,
        search_dirs: Sequence[tuple[str, Path]] | None = None,
    ) -> None:
        self._settings = settings
        self._search_dirs = search_dirs
        self._cache: tuple[tuple[str, ...], FontSet] | None = None

    def chosen(self) -> dict[str, str]:
        return {role: self._settings.get(f"letters.font.{role}") for role in ROLES}

    def current(self) -> FontSet:
        chosen = self.chosen()
        key = tuple(chosen[role] for role in ROLES)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, resolve_fonts(chosen, self._search_dirs))
        return self._cache[1]

    def choose(self, role: str, path: Path, subfont: int = 0) -> FontChoice:
        """Use ``path`` for ``role`` from now on; an unusable file is refused with the reason
        and nothing changes."""
        if role not in ROLES:
            raise FieldError("字体用途", f"没有“{role}”这种用途。")
        check_font_file(path, subfont)
        value = f"{path}#{subfont}" if subfont else str(path)
        self._settings.set(f"letters.font.{role}", value)
        return self.current().choices[role]

    def reset(self, role: str) -> FontChoice:
        """Back to the automatic choice."""
        if role not in ROLES:
            raise FieldError("字体用途", f"没有“{role}”这种用途。")
        self._settings.set(f"letters.font.{role}", "")
        return self.current().choices[role]

    @staticmethod
    def label(role: str) -> str:
        return ROLE_LABELS[role]
