"""Generated data for the statistics (统计): a county office holding its own records and those of
N townships, messy the way real data is, made by ``random.Random(seed)`` so that a seed always
gives the same rows.

    fill(services, seed, inspections=2000, townships=5, today=date(2026, 11, 20))

``services`` is an initialised county office (with or without the demonstration data).  Rows are
inserted with SQLAlchemy Core ``executemany`` straight into the tables, every sync column set, as
an imported sync package leaves them (no change log): the county's own rows carry "140623", the
townships' "140623101", "140623102", …  Ids are UUIDv7 as ``domain.ids.uuid7`` makes them,
time-ordered by when the row was recorded (an inspection a few hours after the visit, its
problems with it), so that the indexes see the locality of real data.  What is in it, on
purpose:

* offices: townships 1..N−1 enrolled as trusted keys (the first one twice: an old key, revoked,
  under an old name, and the current one); township N's key revoked (its rows stay); one more
  township trusted but without any row (when N < 20)
* units (a few suspended, abolished or deleted), people (a few deleted), certificates expiring
  on today, today + the warning days and the day after, expired yesterday, revoked, deleted,
  of deleted people, without an end date; supervision filings for this year, last year only,
  deleted, or filed for a township's unit by the county
* enterprises (a few deleted, one of them still inspected past the yearly cap; one inspected
  six times this year by number, two of those dated back into December), inspections over
  two years in every kind and focus area, a tenth of them within an hour of a Beijing midnight
  at the turn of a month (plus fixed ones: 2026-03-31 23:30 and 23:59:59.999999, 2026-04-01
  00:00 and 00:10 Beijing, the turn of 2025/2026), numbered per office and Beijing year (a few
  of early January later moved back into December: the number keeps its year); about 4% deleted
* problems (~1.5 per inspection) in every status, deadlines before, on and after today or
  none; some deleted, some on deleted inspections
* leads from every source in every status, with transfers (some deleted, some fed back), some
  with no unit, some deleted
* 案卷评查 campaigns with finalised files (decimal scores, 优秀/良好/合格/不合格), files not
  finalised, deleted files, and one deleted campaign whose files were finalised
"""

from __future__ import annotations

import json
import random
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

COUNTY = "140623"
EXPIRING_DAYS = 60  # the setting's default; certificates are placed around it
BATCH = 20_000
KINDS = {"routine": 30, "special": 15, "enterprise": 20, "enforcement_check": 15, "random": 10,
         "review_follow_up": 5, "complaint": 5}  # fmt: skip
AREAS = ("food_drug", "work_safety", "environment", "health", "labour", "other")
SOURCES = ("hotline", "petition", "letter_visit", "media", "contact_point", "invited",
           "judicial", "other")  # fmt: skip
TOWNS = "右卫威远元堡牛心白头高家丁家杀虎李达马营破虎杨千油坊红旗前进黄沙白石青龙长城丰收"
DEPARTMENTS = ("市场监督管理局", "应急管理局", "卫生健康和体育局", "人力资源和社会保障局",
               "交通运输局", "自然资源局", "农业农村局", "住房和城乡建设管理局", "文化和旅游局",
               "综合行政执法局", "林业局", "水利局", "教育科技局", "生态环境分局")  # fmt: skip
TRADES = ("羊肉食品", "建材", "物流", "煤业", "餐饮", "农牧", "酒店", "药业", "建筑工程", "商贸")
BEIJING_OFFSET = timedelta(hours=8)
TENTH = Decimal("0.1")


def township_codes(townships: int) -> list[str]:
    return [f"{COUNTY}{101 + n}" for n in range(townships)]


class _Rows:
    """Row factory: ids and sync columns from one ``random.Random``."""

    def __init__(self, rnd: random.Random, today: date) -> None:
        self.rnd, self.today = rnd, today
        self.stamp = datetime.combine(today, time(2, 0), UTC)

    def uid(self, at: datetime) -> str:
        """A UUIDv7 as ``domain.ids.uuid7`` makes them (time-ordered by ``at``), its random
        bits from the seeded generator."""
        value = (int(at.timestamp() * 1000) & 0xFFFF_FFFF_FFFF) << 80 | 0x7 << 76
        value |= self.rnd.getrandbits(12) << 64 | 0b10 << 62 | self.rnd.getrandbits(62)
        return str(uuid.UUID(int=value))

    def row(
        self, origin: str, deleted: bool = False, at: datetime | None = None, **values: Any
    ) -> dict[str, Any]:
        """A row of ``origin`` created ``at`` (else on some day of the last two years)."""
        created = min(self.stamp, at or self.stamp - timedelta(days=self.rnd.randrange(30, 700)))
        gone = self.stamp - timedelta(days=1) if deleted else None
        return {"id": self.uid(created), "origin_office": origin, "version": 1 + deleted,
                "created_at": created, "updated_at": gone or created, "deleted_at": gone,
                **values}  # fmt: skip


def credit_code(prefix: str, n: int) -> str:
    from yuyou_desktop.domain.credit_code import check_character

    first17 = f"{prefix}{COUNTY}{n:09d}"
    return first17 + check_character(first17)


def id_number(n: int) -> str:
    from yuyou_desktop.domain.id_number import check_character

    first17 = f"{COUNTY}{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return first17 + check_character(first17)


def fill(
    services: Any,
    seed: int,
    inspections: int = 2000,
    townships: int = 5,
    today: date = date(2026, 11, 20),
) -> None:
    """Add the rows described in the module docstring to the county office of ``services``."""
    import sqlite3

    if not 1 <= townships <= 20:
        raise ValueError("townships: 1 to 20")
    conn = sqlite3.connect(services.paths.database)
    own, role = conn.execute("SELECT code, role FROM office").fetchone()
    last_serial = dict(
        ((o, y), s)
        for o, y, s in conn.execute(
            "SELECT origin_office, year, max(serial) FROM inspections GROUP BY 1, 2"
        )
    )
    conn.close()
    if own != COUNTY or role != "county":
        raise ValueError("fill() needs the county office 140623")
    rnd = random.Random(seed)
    rows = _Rows(rnd, today)
    towns = township_codes(townships)
    offices = [COUNTY, *towns]
    tables: dict[str, list[dict[str, Any]]] = {}
    tables["trusted_keys"] = _keys(rnd, towns, today)
    units = _units(rows, offices, inspections)
    tables["enforcement_units"] = units
    tables["supervision_filings"] = _filings(rows, units, today)
    people, certificates = _people(rows, units, today)
    tables["people"], tables["certificates"] = people, certificates
    firms = _enterprises(rows, offices, inspections)
    tables["enterprises"] = firms
    visits = _inspections(rows, offices, units, firms, inspections, last_serial, today)
    tables["inspections"] = visits
    tables["inspection_problems"] = _problems(rows, visits, today)
    leads, transfers = _leads(rows, offices, units, max(40, inspections // 8), today)
    tables["leads"], tables["lead_transfers"] = leads, transfers
    campaigns, scope, files = _reviews(rows, offices, units, inspections, today)
    tables["review_campaigns"] = campaigns
    tables["review_campaign_units"] = scope
    tables["review_case_files"] = files
    _insert(services, tables)


def _insert(services: Any, tables: dict[str, list[dict[str, Any]]]) -> None:
    from sqlalchemy import insert

    from yuyou_desktop.storage.models import Base

    by_table = {m.local_table.name: m.class_ for m in Base.registry.mappers}
    with services.database.writer() as session:
        for name, found in tables.items():
            for start in range(0, len(found), BATCH):
                session.execute(insert(by_table[name]), found[start : start + BATCH])


def _keys(rnd: random.Random, towns: list[str], today: date) -> list[dict[str, Any]]:
    def key(code: str, name: str, enrolled: date, revoked: date | None = None) -> dict[str, Any]:
        hexes = [f"{rnd.getrandbits(256):064x}" for _ in range(3)]
        at = datetime.combine(enrolled, time(1), UTC)
        return {"office_code": code, "key_id": hexes[0], "office_name": name, "role": "township",
                "signing_public_key": hexes[1], "encryption_public_key": hexes[2],
                "enrolled_at": at, "revoked_at": datetime.combine(revoked, time(1), UTC)
                if revoked else None}  # fmt: skip

    start = date(today.year - 1, 1, 5)
    found = []
    for n, code in enumerate(towns):
        name = f"{TOWNS[2 * n : 2 * n + 2]}镇司法所"
        if n == 0:  # renewed: the old key under the old name, revoked when the new one came
            found.append(key(code, f"{name}（旧）", start, start + timedelta(days=200)))
            found.append(key(code, name, start + timedelta(days=200)))
        elif n == len(towns) - 1 and len(towns) > 1:  # no longer trusted; its rows stay
            found.append(key(code, name, start, today - timedelta(days=10)))
        else:
            found.append(key(code, name, start + timedelta(days=n)))
    if len(towns) < 20:  # trusted, nothing received yet
        code = township_codes(len(towns) + 1)[-1]
        found.append(key(code, f"{TOWNS[2 * len(towns) : 2 * len(towns) + 2]}乡司法所", start))
    return found


def _units(rows: _Rows, offices: list[str], inspections: int) -> list[dict[str, Any]]:
    rnd, found = rows.rnd, []
    extra = inspections // 4000
    for o, office in enumerate(offices):
        county = office == COUNTY
        town = TOWNS[2 * o - 2 : 2 * o]
        names = [f"右玉县{d}" for d in DEPARTMENTS] if county else [
            f"{town}镇综合行政执法队", f"{town}镇农业综合服务中心"
        ]  # fmt: skip
        names += [f"{names[i % len(names)]}第{i // len(names) + 2}分队" for i in range(extra)]
        for i, name in enumerate(names):
            status = rnd.choices(("active", "suspended", "abolished"), (90, 5, 5))[0]
            found.append(rows.row(
                office, deleted=rnd.random() < 0.04, name=name,
                credit_code=credit_code("11" if county else "12", 700_000_000 + o * 1000 + i),
                kind="statutory" if county else "authorised", sector="综合执法",
                level="county" if county else "township",
                township_code=None if county else office, address="右玉县", contact_person="王某",
                phone="0349-8000000", status=status, remark="生成数据",
            ))  # fmt: skip
    return found


def _filings(rows: _Rows, units: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    rnd, found = rows.rnd, []
    for unit in units:
        for year in (today.year - 1, today.year):
            chance = rnd.random()
            if chance < 0.25:
                continue  # not filed that year
            office = unit["origin_office"]
            if office != COUNTY and rnd.random() < 0.1:
                office = COUNTY  # filed at the county for a township's unit
            deleted = chance < 0.33  # filed, then deleted: counts as not filed
            found.append(rows.row(
                office, deleted=deleted, unit_id=unit["id"], year=year, body_name="法制股",
                head="张某", staff_count=rnd.randrange(1, 6),
                filed_on=date(year, rnd.randrange(1, 13), 1), remark="",
            ))  # fmt: skip
    return found


def _people(rows: _Rows, units: list[dict[str, Any]], today: date) -> tuple[list, list]:
    rnd, people, certificates = rows.rnd, [], []
    soon = today + timedelta(days=EXPIRING_DAYS)
    ends = (today, soon, soon + timedelta(days=1), today - timedelta(days=1), None)
    for u, unit in enumerate(units):
        for p in range(rnd.randrange(2, 7)):
            office = unit["origin_office"]
            person = rows.row(
                office, deleted=rnd.random() < 0.05, name=f"执法人员{u}-{p}",
                id_number=id_number(u * 10 + p), role=rnd.choice(("enforcement", "supervisor")),
                unit_id=unit["id"], organisation="", phone="", legal_qualification=False,
                remark="",
            )  # fmt: skip
            people.append(person)
            for c in range(rnd.choices((0, 1, 2), (10, 70, 20))[0]):
                end = rnd.choice(ends) if rnd.random() < 0.3 else today + timedelta(
                    days=rnd.randrange(-400, 1200))  # fmt: skip
                begin = (end or today) - timedelta(days=rnd.randrange(365, 1500))
                revoked = begin + timedelta(days=100) if rnd.random() < 0.08 else None
                certificates.append(rows.row(
                    office, deleted=rnd.random() < 0.04, person_id=person["id"],
                    kind=rnd.choice(("enforcement", "supervision")),
                    number=f"晋{office}{u:04d}{p}{c}", issuer="山西省人民政府",
                    valid_from=begin, valid_to=end, revoked_on=revoked,
                    revoke_reason="未参加年度考试" if revoked else "",
                ))  # fmt: skip
    return people, certificates


def _enterprises(rows: _Rows, offices: list[str], inspections: int) -> list[dict[str, Any]]:
    rnd, found = rows.rnd, []
    for o, office in enumerate(offices):
        for i in range(max(8, inspections // 20 // len(offices))):
            found.append(rows.row(
                office, deleted=rnd.random() < 0.03,
                name=f"右玉{rnd.choice(TRADES)}有限公司{o}-{i}",
                credit_code=credit_code("91", 800_000_000 + o * 100_000 + i),
                category=rnd.choice(("industry", "construction", "trade", "services", "other")),
                township_code=None if office == COUNTY else office,
            ))  # fmt: skip
    return found


def _moments(rnd: random.Random, first: date, last: date) -> datetime:
    """A start time in UTC: office hours in Beijing, or (one in ten) within an hour of the
    Beijing midnight between two months."""
    if rnd.random() < 0.1:
        month = date(rnd.randrange(first.year, last.year + 1), rnd.randrange(1, 13), 1)
        if first < month <= last:
            local = datetime.combine(month, time()) + timedelta(minutes=rnd.randrange(-60, 60))
            return (local - BEIJING_OFFSET).replace(tzinfo=UTC)
    day = first + timedelta(days=rnd.randrange((last - first).days + 1))
    local = datetime.combine(day, time(rnd.randrange(8, 18), rnd.choice((0, 10, 30, 45))))
    return (local - BEIJING_OFFSET).replace(tzinfo=UTC)


FIXED_TIMES = (  # Beijing time; the UTC time is 8 hours earlier
    datetime(2026, 3, 31, 23, 30),
    datetime(2026, 4, 1, 0, 0),
    datetime(2026, 4, 1, 0, 10),
    datetime(2026, 3, 31, 23, 59, 59, 999_999),
    datetime(2026, 1, 1, 0, 0),
    datetime(2025, 12, 31, 23, 59),
    datetime(2026, 2, 28, 23, 45),
    datetime(2026, 3, 1, 0, 5),
)


def _inspections(
    rows: _Rows,
    offices: list[str],
    units: list[dict[str, Any]],
    firms: list[dict[str, Any]],
    count: int,
    last_serial: dict[tuple[str, int], int],
    today: date,
) -> list[dict[str, Any]]:
    rnd = rows.rnd
    first = date(today.year - 1, 1, 1)
    units_of = defaultdict(list)
    for unit in units:
        units_of[unit["origin_office"]].append(unit["id"])
    firms_of = defaultdict(list)
    for firm in firms:
        firms_of[firm["origin_office"]].append(firm["id"])
    weights = [3 if office == COUNTY else 1 for office in offices]
    starts = [_moments(rnd, first, today) for _ in range(count)]
    starts[: len(FIXED_TIMES)] = [(t - BEIJING_OFFSET).replace(tzinfo=UTC) for t in FIXED_TIMES]
    planned = []
    for started in starts:
        office = rnd.choices(offices, weights)[0]
        kind = rnd.choices(list(KINDS), list(KINDS.values()))[0]
        own_units = units_of[office] if rnd.random() < 0.8 else units_of[COUNTY]
        pool = firms_of[office] + firms_of[COUNTY]
        firm = None
        if kind == "enterprise" or rnd.random() < 0.15:
            firm = rnd.choice(pool)
            if rnd.random() < 0.3:  # a few enterprises are inspected far more often
                firm = pool[min(int(rnd.paretovariate(1.2)) - 1, len(pool) - 1)]
        planned.append((started, office, kind, rnd.choice(own_units), firm))
    if firms:  # a deleted enterprise, still inspected past the cap this year
        gone = next((f for f in firms if f["deleted_at"] is not None), firms[0])
        gone["deleted_at"] = gone["deleted_at"] or rows.stamp
        for n in range(7):
            started = (datetime(today.year, 2, 2 + n, 9) - BEIJING_OFFSET).replace(tzinfo=UTC)
            office = gone["origin_office"]
            planned.append((started, office, "enterprise", units_of[office][0], gone["id"]))
    # an enterprise inspected only six times, all numbered this year, two of them later moved
    # back into December: over the cap of 5 by the number's year, not by the date's
    busy = rows.row(COUNTY, name="右玉年初商贸有限公司", category="trade", township_code=None,
                    credit_code=credit_code("91", 899_999_999))  # fmt: skip
    firms.append(busy)
    pinned = set()
    for n in range(6):
        started = (datetime(today.year, 1, 3 + n, 10) - BEIJING_OFFSET).replace(tzinfo=UTC)
        pinned.add(started)
        planned.append((started, COUNTY, "enterprise", units_of[COUNTY][0], busy["id"]))
    moved = sorted(pinned)[:2]
    planned.sort(key=lambda p: p[0])
    serials = dict(last_serial)
    found = []
    for started, office, kind, unit_id, firm in planned:
        year = (started + BEIJING_OFFSET).year
        serials[office, year] = serial = serials.get((office, year), 0) + 1
        prefix = "右司监检" if office == COUNTY else f"{office[-3:]}司检"
        recorded = started + timedelta(hours=rnd.randrange(2, 72))  # entered after the visit
        local = started + BEIJING_OFFSET
        shift = local.month == 1 and local.day <= 7 and local.hour >= 8 and rnd.random() < 0.2
        deleted = rnd.random() < 0.04 and started not in pinned
        if started in moved or (shift and started not in pinned):
            started -= timedelta(days=10)  # date put right after numbering: the number stays
        found.append(rows.row(
            office, deleted=deleted, at=recorded,
            number=f"{prefix}〔{year}〕{serial}号", year=year,
            serial=serial, kind=kind, focus_area=rnd.choice(AREAS), unit_id=unit_id,
            enterprise_id=firm, on_site=True, quiet_exception="", started_at=started,
            ended_at=started + timedelta(hours=2), place="", recorder="曾桂兰", basis="",
            findings="", conclusion="", rectification_required=False,
            rectification_deadline=None, lead_id=None,
        ))  # fmt: skip
    return found


def _problems(rows: _Rows, visits: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    rnd, found = rows.rnd, []
    near = (today, today - timedelta(days=1), today + timedelta(days=1), None)
    for visit in visits:
        day = (visit["started_at"] + BEIJING_OFFSET).date()
        for _ in range(rnd.choices((0, 1, 2, 3, 4), (25, 30, 20, 15, 10))[0]):
            deadline = rnd.choice(near) if rnd.random() < 0.08 else day + timedelta(
                days=rnd.randrange(7, 91))  # fmt: skip
            late = deadline is not None and deadline < today
            status = rnd.choices(("done", "pending", "in_progress"),
                                 (80, 12, 8) if late else (30, 40, 30))[0]  # fmt: skip
            found.append(rows.row(
                visit["origin_office"], deleted=rnd.random() < 0.04, at=visit["created_at"],
                inspection_id=visit["id"],
                category=rnd.choice(("procedure", "evidence", "law", "documents", "conduct")),
                description="裁量理由未说明", deadline=deadline, status=status, unit_report="",
                follow_up="", closed_on=min(today, day + timedelta(days=30))
                if status == "done" else None,
            ))  # fmt: skip
    return found


def _leads(
    rows: _Rows, offices: list[str], units: list[dict[str, Any]], count: int, today: date
) -> tuple[list, list]:
    rnd, leads, transfers = rows.rnd, [], []
    first = date(today.year - 1, 1, 1)
    edges = [date(y, m, 1) for y in (today.year - 1, today.year) for m in range(1, 13)]
    edges = [d for d in edges + [d - timedelta(days=1) for d in edges] if first <= d <= today]
    for n in range(count):
        received = rnd.choice(edges) if rnd.random() < 0.15 else first + timedelta(
            days=rnd.randrange((today - first).days + 1))  # fmt: skip
        deadline = rnd.choice((received + timedelta(days=rnd.randrange(10, 61)), today,
                               today - timedelta(days=1), None))  # fmt: skip
        office = rnd.choice(offices)
        moved = rnd.choices((0, 1, 2), (55, 35, 10))[0]
        status = rnd.choice(("open", "transferred", "closed") if moved else ("open", "closed"))
        unit = rnd.choice(units)["id"] if rnd.random() < 0.85 else None
        lead = rows.row(
            office, deleted=rnd.random() < 0.04, at=datetime.combine(received, time(3), UTC),
            received_on=received,
            source=rnd.choice(SOURCES), content=f"生成线索{n}", unit_id=unit, handler="王某",
            deadline=deadline, outcome="", status=status, inspection_id=None,
        )  # fmt: skip
        leads.append(lead)
        for m in range(moved):
            sent = min(today, received + timedelta(days=3 + m))
            transfers.append(rows.row(
                office, deleted=rnd.random() < 0.15, at=datetime.combine(sent, time(3), UTC),
                lead_id=lead["id"],
                target=rnd.choice(("discipline", "police", "procuratorate", "department")),
                organ_name="", transferred_on=sent,
                status=rnd.choice(("sent", "received", "fed_back")), remark="",
            ))  # fmt: skip
    return leads, transfers


def _reviews(
    rows: _Rows, offices: list[str], units: list[dict[str, Any]], inspections: int, today: date
) -> tuple[list, list, list]:
    rnd = rows.rnd
    campaigns, scope, files = [], [], []
    plans = [(COUNTY, today.year - 1, False), (COUNTY, today.year, False)]
    plans += [(COUNTY, today.year, True)]  # deleted, with finalised files
    plans += [(office, today.year, False) for office in offices[1:3]]
    per_campaign = max(20, inspections // 100)
    for office, year, deleted in plans:
        campaign = rows.row(
            office, deleted=deleted, name=f"{year}年度案卷评查（生成）", year=year,
            files_per_unit=3, standards=json.dumps({}), discussion_threshold="10",
            sample_seed="00000000", sampled_at=None, remark="",
        )  # fmt: skip
        campaigns.append(campaign)
        chosen = rnd.sample(units, min(len(units), 6))
        scope += [rows.row(office, campaign_id=campaign["id"], unit_id=u["id"]) for u in chosen]
        good = rnd.random() < 0.5  # some campaigns use a 良好 band
        for n in range(per_campaign):
            unit = chosen[n % len(chosen)]
            done = rnd.random() < 0.7
            points = 0 if rnd.random() < 0.05 else rnd.randrange(400, 1001)  # 0: a veto
            score = (Decimal(points) / 10).quantize(TENTH) if done else None
            grade = None
            if score is not None:
                bands = ((90, "优秀"), (80, "良好"), (60, "合格"))
                if not good:
                    bands = (bands[0], bands[2])
                grade = next((g for floor, g in bands if score >= floor), "不合格")
            last = min(today, date(year, 12, 31))
            on = None
            if done:
                spread = (last - date(year, 3, 1)).days
                on = date(year, 3, 1) + timedelta(days=rnd.randrange(spread))
                if n % 17 == 0 or n % 19 == 0:  # the turn of March and April
                    on = date(year, 3, 31) if n % 17 == 0 else date(year, 4, 1)
            files.append(rows.row(
                office, deleted=rnd.random() < 0.05, campaign_id=campaign["id"],
                unit_id=unit["id"], case_number=f"右罚〔{year}〕{n + 1}号", case_type="行政处罚",
                title=f"生成案卷{n + 1}", party="", decided_on=date(year - 1, 6, 1), officers="",
                sampled=True, sample_order=n + 1, final_score=str(score) if done else None,
                final_grade=grade, discussed=False, discussion_note="",
                finalised_by="刘某" if done else "", finalised_on=on,
            ))  # fmt: skip
    # two files of a unit of no other file, whose mean is halfway (87.25: half up 87.3, half
    # even 87.2)
    reviewed = {f["unit_id"] for f in files}
    alone = next((u for u in units if u["id"] not in reviewed), units[0])
    for n, score in enumerate(("87.0", "87.5")):
        files.append(rows.row(
            COUNTY, campaign_id=campaigns[1]["id"], unit_id=alone["id"],
            case_number=f"右罚〔{today.year}〕中{n}号", case_type="行政处罚", title="半数",
            party="", decided_on=None, officers="", sampled=True, sample_order=None,
            final_score=score, final_grade="合格", discussed=False, discussion_note="",
            finalised_by="刘某", finalised_on=date(today.year, 6, 30),
        ))  # fmt: skip
    return campaigns, scope, files
