"""StandardService: the scoring standards (评查标准), one list of versions per case type.

A version is never edited: saving an edited standard stores the next version, and a campaign
keeps the id of the version it used.  The defaults in ``resources/standards`` are stored as
version 1 of each case type the first time a standard is asked for.  Only the county edits
and imports standards (they are county reference data, sent down to the townships).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.domain.scoring import Standard, check_standard
from yuyou_desktop.domain.scoring_file import CASE_TYPES, standard_from_data, standard_to_data
from yuyou_desktop.errors import InputRejected, os_reason
from yuyou_desktop.services.office import OfficeService
from yuyou_desktop.services.reviews.records import StandardInfo
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models_reviews import ScoringStandard

DEFAULT_FILES = dict(zip(CASE_TYPES, ("penalty", "licence", "coercion", "inspection"), strict=True))
MAX_FILE_BYTES = 1_000_000


def _check_case_type(case_type: str) -> None:
    if case_type not in CASE_TYPES:
        raise InputRejected(f"案件类型“{case_type}”不是可选的值（{'、'.join(CASE_TYPES)}）。")


def info_of(row: ScoringStandard) -> StandardInfo:
    standard = replace(standard_from_data(json.loads(row.body)), version=row.number)
    return StandardInfo(
        row.id, row.case_type, row.number, row.name, standard, row.created_at, row.remark
    )


def dump(standard: Standard) -> str:
    return json.dumps(standard_to_data(standard), ensure_ascii=False, indent=1)


def read_standard_file(path: Path) -> Standard:
    """A standard from a JSON file, refused with the reason when it cannot be used."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputRejected(f"文件“{path.name}”太大（{size:,}字节），不是评查标准文件。")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputRejected(f"找不到文件“{path}”。") from None
    except OSError as exc:
        raise InputRejected(f"无法读取文件“{path}”：{os_reason(exc)}。") from exc
    if not raw.strip():
        raise InputRejected(f"文件“{path.name}”是空的，不是评查标准文件。")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputRejected(f"文件“{path.name}”不是UTF-8编码的评查标准文件（JSON）。") from None
    except json.JSONDecodeError as exc:
        raise InputRejected(
            f"文件“{path.name}”不是有效的评查标准文件：第{exc.lineno}行第{exc.colno}列格式错误。"
        ) from None
    return standard_from_data(data)


class StandardService:
    def __init__(self, db: Database, office: OfficeService, resources: Path) -> None:
        self._db = db
        self._office = office
        self._resources = resources

    def default(self, case_type: str) -> Standard:
        _check_case_type(case_type)
        return read_standard_file(
            self._resources / "standards" / f"{DEFAULT_FILES[case_type]}.json"
        )

    def ensure_defaults(self, session: Session) -> None:
        """Store version 1 of every case type that has no stored version (inside ``session``)."""
        stored = set(
            session.execute(
                select(ScoringStandard.case_type).where(ScoringStandard.deleted_at.is_(None))
            ).scalars()
        )
        for case_type in CASE_TYPES:
            if case_type not in stored:
                standard = replace(self.default(case_type), version=1)
                session.add(
                    ScoringStandard(
                        case_type=case_type,
                        number=1,
                        name=standard.name,
                        body=dump(standard),
                        remark="程序自带的默认标准",
                    )
                )
        session.flush()

    def current(self, case_type: str) -> StandardInfo:
        """The latest version for ``case_type`` (the default is stored first if none is)."""
        _check_case_type(case_type)
        with self._db.reader() as session:
            row = self.latest(session, case_type)
            if row is not None:
                return info_of(row)
        # the program's built-in standard, stored on first use: bookkeeping any role may cause
        with self._db.writer(system=True) as session:
            self.ensure_defaults(session)
            return info_of(self.latest(session, case_type))  # type: ignore[arg-type]

    def current_all(self) -> list[StandardInfo]:
        return [self.current(case_type) for case_type in CASE_TYPES]

    def versions(self, case_type: str) -> list[StandardInfo]:
        """Every stored version of ``case_type``, newest first."""
        self.current(case_type)
        with self._db.reader() as session:
            rows = session.execute(
                select(ScoringStandard)
                .where(ScoringStandard.case_type == case_type, ScoringStandard.deleted_at.is_(None))
                .order_by(ScoringStandard.number.desc())
            ).scalars()
            return [info_of(row) for row in rows]

    def get(self, standard_id: str) -> StandardInfo:
        with self._db.reader() as session:
            row = session.get(ScoringStandard, standard_id)
            if row is None:
                raise InputRejected("找不到这个评查标准版本。")
            return info_of(row)

    @staticmethod
    def latest(session: Session, case_type: str) -> ScoringStandard | None:
        return session.execute(
            select(ScoringStandard)
            .where(ScoringStandard.case_type == case_type, ScoringStandard.deleted_at.is_(None))
            .order_by(ScoringStandard.number.desc())
            .limit(1)
        ).scalar_one_or_none()

    def _refuse_township(self, doing: str) -> None:
        if self._office.current().role != OfficeRole.COUNTY:
            raise InputRejected(f"评查标准由县司法局统一制定和下发，乡镇司法所不能{doing}。")

    def save_new_version(self, standard: Standard, remark: str = "") -> StandardInfo:
        """Store ``standard`` as the next version of its case type; older versions stay."""
        self._refuse_township("修改评查标准")
        _check_case_type(standard.case_type)
        check_standard(standard)
        if len(remark) > 200:
            raise InputRejected("修订说明最多200个字。")
        with self._db.writer() as session:
            self.ensure_defaults(session)
            last = session.execute(
                select(func.max(ScoringStandard.number)).where(
                    ScoringStandard.case_type == standard.case_type
                )
            ).scalar_one()
            saved = replace(standard, version=(last or 0) + 1)
            current = self.latest(session, standard.case_type)
            if current is not None and replace(info_of(current).standard, version=0) == replace(
                saved, version=0
            ):
                raise InputRejected(f"评查标准与当前第{current.number}版完全相同，没有保存新版本。")
            row = ScoringStandard(
                case_type=saved.case_type,
                number=saved.version,
                name=saved.name,
                body=dump(saved),
                remark=remark.strip(),
            )
            session.add(row)
            session.flush()
            return info_of(row)

    def export(self, case_type: str, path: Path, version: int | None = None) -> StandardInfo:
        """Write the current (or the given) version of ``case_type`` to ``path`` as JSON."""
        chosen = next(
            (
                info
                for info in self.versions(case_type)
                if version is None or info.version == version
            ),
            None,
        )
        if chosen is None:
            raise InputRejected(f"“{case_type}”没有第{version}版评查标准。")
        partial = path.with_name(path.name + ".partial")
        try:
            partial.write_text(dump(chosen.standard) + "\n", encoding="utf-8")
            partial.replace(path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise InputRejected(f"无法写入文件“{path}”：{os_reason(exc)}。") from exc
        return chosen

    def import_file(self, path: Path) -> StandardInfo:
        """Read a standard file and store it as the next version of its case type.

        A malformed file, or one whose categories do not add up to 100, is refused with the
        reason and nothing is stored."""
        self._refuse_township("导入评查标准")
        standard = read_standard_file(path)
        name = path.name if len(path.name) <= 60 else path.name[:57] + "…"
        return self.save_new_version(standard, remark=f"从文件“{name}”导入")


def describe(info: StandardInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "case_type": info.case_type,
        "version": info.version,
        "name": info.name,
        "created_at": info.created_at.isoformat(),
        "remark": info.remark,
    }
