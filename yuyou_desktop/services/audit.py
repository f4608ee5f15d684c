"""Reading the audit log: filtered pages (in SQL), the chain check, export to .xlsx.

Only an administrator reads the log (it shows what every account did).  An export is itself
recorded in the log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, or_, select

from yuyou_desktop.documents.audit_xlsx import write_audit
from yuyou_desktop.errors import InputRejected, os_reason
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.services.sync.labels import field_label, field_value
from yuyou_desktop.services.sync.status import TABLE_LABELS
from yuyou_desktop.storage import audit
from yuyou_desktop.storage.audit import ChainCheck
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models_accounts import AuditEntry

ACTION_LABELS = dict(audit.ACTIONS)
OTHER_TABLE_LABELS = {
    "user_accounts": "账号",
    "settings": "设置",
    "office": "本单位信息",
    "trusted_keys": "受信任的密钥",
    "sync_conflicts": "同步冲突",
    "imported_packages": "导入的数据包",
    "sync_exports": "导出的数据包",
}
ACCOUNT_FIELD_LABELS = {
    "name": "账号名",
    "display_name": "姓名",
    "role": "角色",
    "password_hash": "密码",
    "active": "在用",
    "failed_logins": "连续输错次数",
    "locked_until": "锁定至",
    "must_change_password": "下次登录须改密码",
    "password_changed_at": "密码修改时间",
    "last_login_at": "上次登录",
}
# the synchronised rows' own columns, which no register form names
SYNC_FIELD_LABELS = {"id": "记录编号", "origin_office": "所属单位代码"}
EXPORT_LIMIT = 200_000


def table_label(table: str) -> str:
    return TABLE_LABELS.get(table) or OTHER_TABLE_LABELS.get(table, table)


@dataclass(frozen=True)
class AuditFilter:
    date_from: date | None = None
    date_to: date | None = None
    user: str = ""
    action: str = ""  # a key of ACTION_LABELS, or "" for all
    text: str = ""  # in the summary, the record number or the changed values

    def describe(self) -> str:
        parts = []
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or '最早'} 至 {self.date_to or '今天'}")
        if self.user:
            parts.append(f"账号 {self.user}")
        if self.action:
            parts.append(f"操作 {ACTION_LABELS.get(self.action, self.action)}")
        if self.text:
            parts.append(f"含“{self.text}”")
        return "；".join(parts) or "全部记录"


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime  # local time
    user_name: str
    user_role: str
    action: str
    action_label: str
    table_label: str
    record_id: str
    summary: str
    changes: tuple[FieldChange, ...]

    @property
    def changes_text(self) -> str:
        return "\n".join(f"{c.label}：{c.before} → {c.after}" for c in self.changes)


@dataclass(frozen=True)
class AuditPage:
    rows: tuple[AuditRow, ...]
    total: int


def _utc_text(day: date) -> str:
    local = datetime.combine(day, time.min).astimezone()
    return local.astimezone(UTC).isoformat(timespec="seconds")


def _shown_value(table: str, column: str, value: Any) -> str:
    if value == audit.MASK:
        return value
    if table == "user_accounts" and column == "active":
        return "是" if value else "否"
    return field_value(table, column, value)


def _changes(table: str, text: str) -> tuple[FieldChange, ...]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return (FieldChange("（无法读取）", "", text),)
    out = []
    for column, pair in data.items():
        before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        if table == "user_accounts":
            label = ACCOUNT_FIELD_LABELS.get(column, column)
        elif column in SYNC_FIELD_LABELS:
            label = SYNC_FIELD_LABELS[column]
        else:
            label = field_label(table, column)
        out.append(FieldChange(label, _shown_value(table, column, before),
                               _shown_value(table, column, after)))  # fmt: skip
    return tuple(out)


def _row(entry: AuditEntry) -> AuditRow:
    at = datetime.fromisoformat(entry.at).astimezone()
    return AuditRow(
        entry.seq, at, entry.user_name, entry.user_role, entry.action,
        ACTION_LABELS.get(entry.action, entry.action),
        table_label(entry.table_name) if entry.table_name else "",
        entry.record_id, entry.summary, _changes(entry.table_name, entry.changes),
    )  # fmt: skip


class AuditService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def _query(self, flt: AuditFilter) -> Select[tuple[AuditEntry]]:
        if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
            raise InputRejected("起始日期不能晚于截止日期。")
        query = select(AuditEntry)
        if flt.date_from:
            query = query.where(AuditEntry.at >= _utc_text(flt.date_from))
        if flt.date_to:
            query = query.where(AuditEntry.at < _utc_text(flt.date_to + timedelta(days=1)))
        if flt.user:
            query = query.where(AuditEntry.user_name == flt.user)
        if flt.action:
            if flt.action not in ACTION_LABELS:
                raise InputRejected(f"没有“{flt.action}”这种操作。")
            query = query.where(AuditEntry.action == flt.action)
        if flt.text.strip():
            like = f"%{flt.text.strip()}%"
            query = query.where(
                or_(
                    AuditEntry.summary.like(like),
                    AuditEntry.record_id.like(like),
                    AuditEntry.changes.like(like),
                )
            )
        return query

    def page(self, flt: AuditFilter, offset: int = 0, limit: int = 200) -> AuditPage:
        """Newest first."""
        self._db.require_admin()
        query = self._query(flt)
        with self._db.reader() as session:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            entries = session.scalars(
                query.order_by(AuditEntry.seq.desc()).offset(offset).limit(limit)
            ).all()
            return AuditPage(tuple(_row(e) for e in entries), total)

    def user_names(self) -> list[str]:
        self._db.require_admin()
        with self._db.reader() as session:
            names = session.scalars(
                select(AuditEntry.user_name).distinct().order_by(AuditEntry.user_name)
            )
            return list(names)

    def verify(self) -> ChainCheck:
        with self._db.reader() as session:
            return audit.verify_chain(session.connection())

    def export(self, flt: AuditFilter, dest: Path, progress: Progress = NO_PROGRESS) -> int:
        """Write the entries matching ``flt`` (oldest first) to ``dest``; return how many."""
        self._db.require_admin()
        query = self._query(flt)
        with self._db.reader() as session:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            if total > EXPORT_LIMIT:
                raise InputRejected(
                    f"符合条件的记录有 {total} 条，超过一次可导出的 {EXPORT_LIMIT} 条，"
                    "请缩小日期范围。"
                )
            progress.report(0, total, "正在读取审计记录")
            rows = []
            for done, entry in enumerate(
                session.scalars(query.order_by(AuditEntry.seq)).yield_per(2000), start=1
            ):
                row = _row(entry)
                rows.append((
                    row.seq, f"{row.at:%Y-%m-%d %H:%M:%S}", row.user_name, row.user_role,
                    row.action_label, row.table_label, row.record_id, row.summary,
                    row.changes_text,
                ))  # fmt: skip
                if done % 2000 == 0:
                    progress.report(done, total, "正在读取审计记录")
                    progress.check_cancelled()
        check = self.verify()
        state = "审计链校验通过" if check.ok else f"审计链校验未通过：{check.reason}"
        footer = f"筛选条件：{flt.describe()}；共 {len(rows)} 条；{state}。"
        try:
            write_audit(Path(dest), "审计日志", rows, footer)
        except OSError as exc:
            raise InputRejected(f"无法写入文件“{dest}”：{os_reason(exc)}。") from exc
        self._db.record_event("export", f"导出审计日志 {len(rows)} 条到 {Path(dest).name}")
        return len(rows)
