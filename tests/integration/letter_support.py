"""Shared pieces of the 文书 (letters) service tests: a county office whose LetterService has an
injected clock, drafts of the common types, and a refusal check that proves nothing changed in
the database (every table) or in the attachment store (every file)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import file_state
from tests.integration.review_world import db_state
from yuyou_desktop.domain.credit_code import check_character as credit_check
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services import Services
from yuyou_desktop.services.letters.records import LetterDraft, LetterRecord
from yuyou_desktop.services.letters.service import LetterService

DAY = date(2026, 3, 16)  # "today" of every letter test unless a test moves the clock
Y = DAY.year
MARKET = "右玉县市场监督管理局"
TRANSPORT = "右玉县交通运输局"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Clock:
    day: date = DAY

    def __call__(self) -> date:
        return self.day


@dataclass
class World:
    services: Services
    clock: Clock
    letters: LetterService
    units: dict[str, str] = field(default_factory=dict)  # name → id

    # ------------------------------------------------------------ shortcuts

    def version(self, letter_id: str) -> int:
        return self.letters.get(letter_id).version

    def draft(self, draft: LetterDraft) -> str:
        return self.letters.create(draft)

    def issue(self, letter_id: str, on: date | None = None) -> LetterRecord:
        return self.letters.issue(letter_id, self.version(letter_id), on)

    def issued(self, draft: LetterDraft, on: date | None = None) -> LetterRecord:
        return self.issue(self.draft(draft), on)

    def serve(
        self, letter_id: str, on: date, method: str = "直接送达", recipient: str = "张三"
    ) -> LetterRecord:
        return self.letters.serve(letter_id, self.version(letter_id), on, method, recipient)

    def void(self, letter_id: str, reason: str = "文字有误") -> LetterRecord:
        return self.letters.void(letter_id, self.version(letter_id), reason)


def make_world(services: Services, units: tuple[str, ...] = (MARKET, TRANSPORT)) -> World:
    """LetterService built from the ``county`` services' parts with a clock set to DAY."""
    clock = Clock()
    letters = LetterService(
        services.database,
        services.office,
        services.letter_fonts,
        services.resources / "letters",
        services.paths.attachments,
        today=clock,
    )
    world = World(services, clock, letters)
    for n, name in enumerate(units, start=1):
        world.units[name] = add_unit(services, name, n)
    return world


def credit_code(n: int) -> str:
    first17 = f"11140623{n:09d}"
    return first17 + credit_check(first17)


def add_unit(services: Services, name: str, n: int) -> str:
    values = {
        "name": name,
        "credit_code": credit_code(n),
        "kind": "法定行政机关",
        "level": "县级",
        "status": "正常",
    }
    return services.registry.save("units", None, values).id


# ---------------------------------------------------------------- drafts


def proposal(
    title: str = "", recipient: str = MARKET, unit_id: str | None = None, **fields: str
) -> LetterDraft:
    """行政执法监督建议书 (reply within 15 days of service), complete unless told."""
    values = {"findings": "执法文书送达不规范", "recommendations": "规范送达程序"}
    values.update(fields)
    return LetterDraft("proposal", unit_id, recipient, title, values)


def rectification(
    deadline: str = f"{Y}-04-30", title: str = "", recipient: str = MARKET, **fields: str
) -> LetterDraft:
    """行政执法监督整改通知书 (reply by the date written), complete unless told."""
    values = {"problems": "1. 未公示执法依据", "requirements": "限期公示", "deadline": deadline}
    values.update(fields)
    return LetterDraft("rectification", None, recipient, title, values)


def receipt(recipient: str = MARKET, **fields: str) -> LetterDraft:
    """送达回证 (nothing expected back), complete unless told."""
    values = {
        "document": f"行政执法监督建议书（右司监建〔{Y}〕1号）",
        "place": "右玉县市场监督管理局办公室",
        "method": "直接送达",
        "server": "李四、王五",
    }
    values.update(fields)
    return LetterDraft("service_receipt", None, recipient, "", values)


# ---------------------------------------------------------------- the whole state


def whole_state(services: Services) -> tuple[dict[str, list[tuple[Any, ...]]], dict[str, bytes]]:
    return db_state(services), file_state(services.paths.attachments)


def refused(world: World, call: Callable[..., Any], *args: Any, **kwargs: Any) -> InputRejected:
    """Run ``call`` expecting a refusal in Chinese; prove that nothing was written to the
    database or to the attachment store."""
    before = whole_state(world.services)
    with pytest.raises(InputRejected) as caught:
        call(*args, **kwargs)
    assert whole_state(world.services) == before
    assert CHINESE.search(caught.value.message), caught.value.message
    return caught.value


def raw_sql(world: World, statement: str, **params: Any) -> int:
    """``statement`` through a plain sqlite3 connection (no foreign-key pragma, as any tool
    opening the file would); returns the number of rows changed."""
    with closing(sqlite3.connect(world.services.paths.database)) as conn, conn:
        return conn.execute(statement, params).rowcount


def numbers_table(world: World) -> list[tuple[str, int, int, str, str, str | None]]:
    """The register of numbers taken: (type, year, serial, number, letter id, void reason)."""
    with world.services.database.reader() as session:
        rows = session.execute(
            text(
                "SELECT type_code, year, serial, number, letter_id, voided_reason "
                "FROM letter_numbers ORDER BY type_code, year, serial"
            )
        ).all()
    return [tuple(row) for row in rows]
