"""The archive list: keyword search (% and _ taken literally), filters by type, status, unit and
year, sorting both ways and paging, all done in SQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.integration.letter_support import (
    MARKET,
    TRANSPORT,
    World,
    Y,
    make_world,
    proposal,
    rectification,
)
from yuyou_desktop.services.letters.records import LetterQuery


@pytest.fixture
def world(county) -> World:
    return make_world(county)


@pytest.fixture
def archive(world) -> dict[str, str]:
    """Name → letter id:

    last_year  建议书 of Y-1 to 市场监管局 (右司监建〔Y-1〕1号)
    percent    建议书 3-1 to 市场监管局, served 3-5 (due 3-20)
    underscore 建议书 3-2 to 交通局, served 3-10 (due 3-25)
    lookalike  建议书 3-3 to 交通局 (its title would match "a_b" if _ were a wildcard)
    backslash  建议书 3-4 to 市场监管局, voided
    deadline   整改通知书 3-5 to 交通局, due 4-30
    draft      a 建议书 draft to 市场监管局
    """
    market, transport = world.units[MARKET], world.units[TRANSPORT]

    def to(unit: str) -> dict:
        return {"unit_id": world.units[unit], "recipient": unit}

    ids = {
        "last_year": world.issued(
            proposal(title="去年的建议书", **to(MARKET)), on=date(Y - 1, 12, 1)
        ).id,
        "percent": world.issued(
            proposal(title="关于100%完成限期整改的建议", **to(MARKET)), on=date(Y, 3, 1)
        ).id,
        "underscore": world.issued(
            proposal(title="关于a_b项目限期整改的建议", **to(TRANSPORT)), on=date(Y, 3, 2)
        ).id,
        "lookalike": world.issued(
            proposal(title="关于axb项目的建议", **to(TRANSPORT)), on=date(Y, 3, 3)
        ).id,
        "backslash": world.issued(
            proposal(title="关于C:\\temp目录的建议", **to(MARKET)), on=date(Y, 3, 4)
        ).id,
    }
    deadline = rectification(deadline=f"{Y}-04-30", title="限期整改通知", recipient=TRANSPORT)
    deadline = replace(deadline, unit_id=transport)
    ids["deadline"] = world.issued(deadline, on=date(Y, 3, 5)).id
    ids["draft"] = world.draft(proposal(title="尚未签发的草稿", unit_id=market))
    world.serve(ids["percent"], date(Y, 3, 5))
    world.serve(ids["underscore"], date(Y, 3, 10))
    world.void(ids["backslash"], "作废")
    return ids


def found(world: World, **query) -> list[str]:
    page = world.letters.list(LetterQuery(**query))
    assert page.total == len(page.rows)  # no page is cut by the default limit here
    return [row.id for row in page.rows]


def names(archive: dict[str, str], ids: list[str]) -> list[str]:
    by_id = {letter_id: name for name, letter_id in archive.items()}
    return [by_id[letter_id] for letter_id in ids]


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("%", {"percent"}),
        ("100%", {"percent"}),
        ("_", {"underscore"}),
        ("a_b", {"underscore"}),
        ("\\", {"backslash"}),
        ("C:\\temp", {"backslash"}),
        ("  限期整改  ", {"percent", "underscore", "deadline"}),
        (f"〔{Y - 1}〕", {"last_year"}),  # the number
        (f"右司监改〔{Y}〕1号", {"deadline"}),
        ("交通运输局", {"underscore", "lookalike", "deadline"}),  # the recipient
        ("无此文字", set()),
    ],
)
def test_keyword_search_takes_wildcards_literally(world, archive, keyword, expected):
    assert set(names(archive, found(world, keyword=keyword))) == expected


def test_filters(world, archive):
    assert names(archive, found(world, type_code="rectification")) == ["deadline"]
    assert names(archive, found(world, status="draft")) == ["draft"]
    assert names(archive, found(world, status="voided")) == ["backslash"]
    assert set(names(archive, found(world, status="served"))) == {"percent", "underscore"}
    assert set(names(archive, found(world, status="issued"))) == {
        "last_year",
        "lookalike",
        "deadline",
    }
    assert set(names(archive, found(world, unit_id=world.units[TRANSPORT]))) == {
        "underscore",
        "lookalike",
        "deadline",
    }
    assert set(names(archive, found(world, unit_id=world.units[MARKET]))) == {
        "last_year",
        "percent",
        "backslash",
        "draft",
    }
    last_year = [name for name in names(archive, found(world, year=Y - 1)) if name != "draft"]
    assert last_year == ["last_year"]
    this_year = {name for name in names(archive, found(world, year=Y)) if name != "draft"}
    assert this_year == {"percent", "underscore", "lookalike", "backslash", "deadline"}
    both = found(world, type_code="proposal", status="issued", unit_id=world.units[TRANSPORT])
    assert names(archive, both) == ["lookalike"]
    assert found(world, type_code="decision") == []
    world.clock.day = date(Y, 3, 21)
    assert names(archive, found(world, status="overdue")) == ["percent"]


def test_rows_carry_what_the_list_shows(world, archive):
    (row,) = world.letters.list(LetterQuery(keyword="100%")).rows
    assert (row.type_code, row.type_name, row.title) == (
        "proposal",
        "行政执法监督建议书",
        "关于100%完成限期整改的建议",
    )
    assert (row.number, row.recipient, row.unit_id) == (
        f"右司监建〔{Y}〕1号",
        MARKET,
        world.units[MARKET],
    )
    assert (row.status, row.status_label, row.overdue) == ("served", "已送达", False)
    assert (row.issued_on, row.served_on, row.due_on) == (
        date(Y, 3, 1),
        date(Y, 3, 5),
        date(Y, 3, 20),
    )
    assert row.version == world.version(archive["percent"])


def test_sort_by_issue_date_and_by_due_date(world, archive):
    issued = ["last_year", "percent", "underscore", "lookalike", "backslash", "deadline"]
    rows = names(archive, found(world, sort="issued_on", descending=False, status="issued"))
    assert rows == [name for name in issued if name in {"last_year", "lookalike", "deadline"}]
    everything = names(archive, found(world, sort="issued_on", descending=False))
    assert [name for name in everything if name != "draft"] == issued
    backwards = names(archive, found(world, sort="issued_on", descending=True))
    assert [name for name in backwards if name != "draft"] == issued[::-1]
    due = ["percent", "underscore", "deadline"]  # 3-20, 3-25, 4-30
    assert names(archive, found(world, sort="due_on", descending=False, keyword="限期")) == due
    assert names(archive, found(world, sort="due_on", descending=True, keyword="限期")) == due[::-1]


def test_sort_by_number_is_numeric(world):
    ids = [world.issued(proposal(title=f"建议书{n}"), on=date(Y, 3, 1)).id for n in range(1, 12)]
    older = world.issued(proposal(title="去年的"), on=date(Y - 1, 5, 1)).id
    world.issued(rectification(title="别的种类"))
    world.draft(proposal(title="草稿"))
    query = {"sort": "number", "type_code": "proposal", "status": "issued"}
    ascending = world.letters.list(LetterQuery(descending=False, **query)).rows
    assert [row.id for row in ascending] == [older, *ids]
    assert [row.number for row in ascending][-3:] == [
        f"右司监建〔{Y}〕9号",
        f"右司监建〔{Y}〕10号",
        f"右司监建〔{Y}〕11号",
    ]
    descending = world.letters.list(LetterQuery(descending=True, **query)).rows
    assert [row.id for row in descending] == [*ids[::-1], older]


@pytest.mark.parametrize("descending", [False, True])
def test_paging_returns_every_row_once_with_the_same_total(world, archive, descending):
    everything = found(world, sort="issued_on", descending=descending)
    assert len(everything) == len(archive)
    seen: list[str] = []
    for offset in range(0, len(archive) + 3, 3):
        page = world.letters.list(
            LetterQuery(sort="issued_on", descending=descending, offset=offset, limit=3)
        )
        assert page.total == len(archive)
        assert len(page.rows) == max(0, min(3, len(archive) - offset))
        seen.extend(row.id for row in page.rows)
    assert seen == everything
    page = world.letters.list(LetterQuery(keyword="限期", offset=1, limit=1, sort="due_on"))
    assert page.total == 3
    assert names(archive, [row.id for row in page.rows]) == ["underscore"]
