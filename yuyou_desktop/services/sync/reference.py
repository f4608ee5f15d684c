"""The county's reference package at a township: scoring standards, the county's unit
catalogue and office directory (rows merged by the sync rule), the quiet-period settings and the
letter templates (checked like the program's own, then put in ``<data>/templates/letters``, which
the letters service reads instead of the templates shipped with the program)."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from yuyou_desktop.domain.letters import load_letter_types
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.services.sync.applying import (
    PackageInfo,
    apply_reference,
    stored_now,
)
from yuyou_desktop.services.sync.exporting import COUNTY_REFERENCE
from yuyou_desktop.settings import definition
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models_sync import ImportedPackage
from yuyou_desktop.sync.envelope import PackageRejected
from yuyou_desktop.sync.export import REFERENCE_SETTINGS, TEMPLATES_TABLE
from yuyou_desktop.sync.payload import PayloadReader
from yuyou_desktop.sync.rows import stored_datetime

_TEMPLATE_NAME = r"^[0-9A-Za-z_-]{1,60}\.json$"


def _reject(name: str, reason: str) -> PackageRejected:
    return PackageRejected(f"“{name}”不能导入：{reason}没有做任何修改。")


def settings_writer(name: str) -> Callable[[sqlite3.Connection, list[dict[str, Any]]], None]:
    def write(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            key, text = row.get("key"), row.get("value")
            if key not in REFERENCE_SETTINGS or not isinstance(text, str):
                raise _reject(name, f"其中的设置项“{str(key)[:40]}”不是县司法局可以下发的。")
            try:
                value = definition(key).parse(json.loads(text))
            except (ValueError, YuyouError) as exc:
                raise _reject(name, f"其中的设置项“{key}”的值不对：{exc}") from None
            conn.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?,?,?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at",
                (key, json.dumps(value, ensure_ascii=False), stored_now()),
            )

    return write


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.json"))}


class ReferenceImporter:
    def __init__(
        self,
        db: Database,
        templates_dir: Path,
        templates_changed: Callable[[], None],
        report: Callable[..., Any],
        current_templates: Callable[[], dict[str, str]],
    ) -> None:
        self._db = db
        self._templates_dir = templates_dir
        self._templates_changed = templates_changed
        self._current_templates = current_templates  # file name → text of those in use
        self._report = report  # ImportReport's constructor (kept out of an import cycle)

    def _newest_applied(self) -> str | None:
        with self._db.reader() as session:
            newest = session.execute(
                select(func.max(ImportedPackage.created_at)).where(
                    ImportedPackage.kind == COUNTY_REFERENCE
                )
            ).scalar_one()
        return None if newest is None else newest.strftime("%Y-%m-%d %H:%M:%S.%f")

    def apply(self, reader: PayloadReader, info: PackageInfo, own_office: str) -> Any:
        newest = self._newest_applied()
        made = stored_datetime(info.created_at)
        if newest is not None and made < newest:
            return self._report(
                info.file_name, "already",
                "已导入过县司法局更新的参考数据包，本包较旧，没有做任何修改。",
                info.package_id, info.origin_office, info.seq_from, info.seq_to,
            )  # fmt: skip
        staged = self._stage_templates(reader, info.file_name)
        templates_replaced = staged is not None
        try:
            stats = apply_reference(
                self._db, reader, info, own_office, settings_writer(info.file_name)
            )
            if staged is not None:
                self._swap_templates(staged)
                staged = None
                self._templates_changed()
        finally:
            if staged is not None:
                shutil.rmtree(staged, ignore_errors=True)
        result = stats.as_dict()
        parts = [f"写入 {result['applied']} 条参考数据"]
        if result["unchanged"]:
            parts.append(f"{result['unchanged']} 条已是最新")
        if result["conflicts"]:
            parts.append(f"{result['conflicts']} 处冲突待处理")
        if templates_replaced:
            parts.append("文书模板已更新")
        return self._report(
            info.file_name, "applied", "，".join(parts) + "。", info.package_id,
            info.origin_office, info.seq_from, info.seq_to, result,
        )  # fmt: skip

    def _stage_templates(self, reader: PayloadReader, name: str) -> Path | None:
        if TEMPLATES_TABLE not in reader.tables:
            return None
        rows = list(reader.rows(TEMPLATES_TABLE))
        if not rows:
            return None
        parent = self._templates_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        staged = parent / f".letters-incoming-{uuid.uuid4().hex}"
        staged.mkdir()
        try:
            for row in rows:
                file_name, text = row.get("file"), row.get("text")
                if not isinstance(file_name, str) or not re.match(_TEMPLATE_NAME, file_name):
                    raise _reject(name, "其中的文书模板文件名不对。")
                if not isinstance(text, str):
                    raise _reject(name, f"其中的文书模板“{file_name}”不完整。")
                (staged / file_name).write_text(text, encoding="utf-8")
            try:
                load_letter_types(staged)
            except YuyouError as exc:
                raise _reject(name, f"其中的文书模板有误：{exc}") from None
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        if _texts(staged) == self._current_templates():
            shutil.rmtree(staged, ignore_errors=True)
            return None  # the same templates as before: nothing to replace or report
        return staged

    def _swap_templates(self, staged: Path) -> None:
        current = self._templates_dir
        old = current.with_name(f".letters-old-{uuid.uuid4().hex}")
        if current.exists():
            current.rename(old)
        staged.rename(current)
        with contextlib.suppress(OSError):
            shutil.rmtree(old)
