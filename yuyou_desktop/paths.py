"""Where the program's files live.

The data folder is the platformdirs user data folder unless ``--data-dir`` or the
``YUYOU_DATA_DIR`` environment variable says otherwise.  Resources are found in a
PyInstaller bundle, in an installed wheel (``yuyou_desktop/_resources``) or in a source
checkout (top-level ``resources/``), in that order.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from yuyou_desktop.errors import DatabaseUnusable, os_reason

ENV_DATA_DIR = "YUYOU_DATA_DIR"
DB_FILENAME = "yuyou.db"


@dataclass(frozen=True)
class DataPaths:
    """Every path inside one data folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def attachments(self) -> Path:
        """Photos and scans of inspections, stored once by content hash."""
        return self.root / "attachments"

    @property
    def sync(self) -> Path:
        """Working copies of packages being imported, and packages waiting for a gap."""
        return self.root / "sync"

    @property
    def county_templates(self) -> Path:
        """Letter templates received from the county (used instead of the program's own)."""
        return self.root / "templates" / "letters"

    @property
    def gui_settings(self) -> Path:
        return self.root / "window.ini"

    def ensure_writable(self) -> None:
        """Create the folder if needed and prove that files can be written in it."""
        blocking = next((p for p in (self.root, *self.root.parents) if p.is_file()), None)
        if blocking is not None:
            raise DatabaseUnusable(
                f"数据目录“{self.root}”不能使用：“{blocking}”是一个文件，不是文件夹。"
                "请用 --data-dir 指定一个文件夹。"
            )
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            probe = self.root / f".write-test-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise DatabaseUnusable(
                f"数据目录“{self.root}”无法写入（{os_reason(exc)}）。"
                "请检查磁盘空间和文件夹权限，或用 --data-dir 指定其他文件夹。"
            ) from exc


def resolve_data_dir(cli_value: str | None, environ: dict[str, str] | None = None) -> DataPaths:
    """``--data-dir`` wins, then ``YUYOU_DATA_DIR``, then the platform's user data folder."""
    env = os.environ if environ is None else environ
    if cli_value:
        return DataPaths(Path(cli_value).expanduser().resolve())
    if env.get(ENV_DATA_DIR):
        return DataPaths(Path(env[ENV_DATA_DIR]).expanduser().resolve())
    from platformdirs import user_data_dir

    return DataPaths(Path(user_data_dir("yuyou-desktop", appauthor=False)))


def resources_dir() -> Path:
    """The folder holding icons, stylesheet, default data and demo seeds."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = []
    if bundle:
        candidates.append(Path(bundle) / "resources")
    package = Path(__file__).resolve().parent
    candidates.append(package / "_resources")
    candidates.append(package.parent / "resources")
    for candidate in candidates:
        if (candidate / "MANIFEST.txt").is_file():
            return candidate
    searched = "、".join(str(c) for c in candidates)
    raise FileNotFoundError(f"找不到程序资源文件夹（已查找：{searched}）。程序安装可能不完整。")
