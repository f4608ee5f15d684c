"""Demonstration 案卷评查, loaded in DemoService's one write transaction: last year's campaign,
finished, and this year's, half way.

Through the real services: CampaignService, ReviewerService and ScoringService run over the
demo's own session (as their ``writer()`` and ``reader()``), so a clerk's rules all apply (the
seeded sample, cross review, the standard's arithmetic, 合议 over the threshold, the lock of a
finalised file) while a refusal or a cancel still leaves nothing behind.  Only the files are
registered around add_file, through its rules (``parse_case_file``): its flush and re-read of
each file would add ~0.4 s.  ScoringService's clock is set to each step's day, so that 定稿
and 重新打开 carry the demo's dates; sampling and scoring times (the real clock's) follow them.

Files, reviewers and findings come from ``random.Random`` with fixed seeds, findings from the
campaign's own standard.  Last year's campaign lies in that year (decisions January–October,
sample 5 November, scoring in November, 定稿 in December); this year's is dated back from the
day of loading, its steps not before 1 January.  A campaign is matched by (年度, 名称) and never
added twice; only this office's units and people take part.  A township's demo has none.
"""

from __future__ import annotations

import random
from collections import Counter
from contextlib import nullcontext
from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from time import sleep as pause
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import OfficeRole, PersonRole
from yuyou_desktop.domain.inspections import BEIJING
from yuyou_desktop.domain.scoring import HUNDRED, DeductionItem, Sheet, Standard, score_sheet
from yuyou_desktop.domain.scoring_file import CASE_TYPES
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.paths import resources_dir
from yuyou_desktop.services.reviews.campaigns import CampaignService
from yuyou_desktop.services.reviews.case_file_values import parse_case_file
from yuyou_desktop.services.reviews.records import FINALISED, CaseFileRow
from yuyou_desktop.services.reviews.reviewers import ReviewerService
from yuyou_desktop.services.reviews.scoring import ScoringService, standard_for
from yuyou_desktop.services.reviews.standards import StandardService
from yuyou_desktop.services.settings import SettingsService
from yuyou_desktop.storage.changes import INFO_OFFICE
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import EnforcementUnit, Office, Person
from yuyou_desktop.storage.models_reviews import (
    ReviewCampaign,
    ReviewCaseFile,
    ReviewSheet,
    ScoringStandard,
)
from yuyou_desktop.storage.types import utcnow

TITLES = ("评查标准", "评查活动", "评查单位", "评查案卷", "评分表", "定稿记录")
LETTERS = dict(zip("罚许强检", CASE_TYPES, strict=True))  # case-number letter → case type
_TOWN = (
    "罚:个人:*违法占道经营案 罚:个人:*未经批准擅自搭建建筑物案 罚:个人:*在禁牧区放牧案 "
    "罚:建筑工程有限公司:*随意倾倒建筑垃圾案 罚:个人:*露天焚烧秸秆案 检:饭店:*餐饮油烟排放检查"
)
# unit → case-number 代字 and its typical cases, "letter:party:title" (* stands for the party)
UNITS = {
    "右玉县市场监督管理局": ("右市监",
        "罚:超市:*销售过期食品案 罚:便利店:*经营标签不符合规定的预包装食品案 "
        "罚:饭店:*未取得食品经营许可从事餐饮服务案 罚:商贸有限公司:*发布虚假广告案 "
        "罚:农资店:*使用未经检定的计量器具案 强:副食店:扣押*涉嫌假冒注册商标白酒案 "
        "许:饭店:*食品经营许可案 检:超市:*食品安全监督检查"),
    "右玉县应急管理局": ("右应急",
        "罚:煤业有限公司:*未按规定对从业人员进行安全生产教育培训案 "
        "罚:建材有限公司:*未如实记录事故隐患排查治理情况案 罚:加油站:*特种作业人员未持证上岗案 "
        "罚:烟花爆竹店:*超许可范围储存烟花爆竹案 强:烟花爆竹店:查封*违规储存烟花爆竹仓库案 "
        "检:物流有限公司:*安全生产监督检查"),
    "朔州市生态环境局右玉分局": ("朔环右",
        "罚:砖厂:*超标排放大气污染物案 罚:洗煤有限公司:*环境影响评价文件未经批准擅自开工建设案 "
        "罚:汽修厂:*未按规定设置危险废物识别标志案 罚:混凝土有限公司:*未采取有效防尘措施案 "
        "罚:养殖场:*畜禽养殖废弃物未经处理直接排放案 强:砖厂:查封*超标排污设施案 "
        "检:热力有限公司:*污染源现场检查"),
    "右玉县卫生健康和体育局": ("右卫健",
        "罚:诊所:*使用非卫生技术人员从事医疗卫生技术工作案 罚:个人:*未取得医师执业证书擅自行医案 "
        "罚:宾馆:*未取得公共场所卫生许可证经营案 罚:美容美发店:*从业人员未取得健康合格证明案 "
        "罚:游泳馆:*游泳池水质不符合卫生标准案 许:宾馆:*公共场所卫生许可案 "
        "检:诊所:*医疗废物管理监督检查"),
    "右玉县人力资源和社会保障局": ("右人社",
        "罚:建筑工程有限公司:*拖欠农民工工资案 罚:餐饮有限公司:*未与劳动者订立书面劳动合同案 "
        "罚:劳务有限公司:*未按规定建立职工名册案 许:人力资源有限公司:*劳务派遣经营许可案 "
        "罚:商贸有限公司:*安排劳动者延长工作时间超过法定限制案 "
        "检:建筑工程有限公司:*工资支付专项检查"),
    "右玉县交通运输局": ("右交",
        "罚:个人:*未取得道路运输经营许可擅自从事道路客运案 罚:物流有限公司:*货车违法超限运输案 "
        "罚:运输有限公司:*未按规定对营运车辆进行维护案 强:个人:扣押*非法营运车辆案 "
        "罚:驾驶员培训学校有限公司:*未按规定签订培训合同案 许:运输有限公司:*货物运输经营许可案"),
    "右玉县自然资源局": ("右自然资",
        "罚:个人:*非法占用耕地建房案 罚:石料有限公司:*未取得采矿许可证擅自采矿案 "
        "罚:养殖专业合作社:*未经批准占用土地建设养殖用房案 罚:建材有限公司:*越界开采矿产资源案 "
        "罚:煤业有限公司:*未按规定履行土地复垦义务案 检:石料有限公司:*矿产资源开发利用情况检查"),
    "右玉县农业农村局": ("右农",
        "罚:农资店:*经营假农药案 罚:兽药店:*经营未经批准的兽药案 罚:个人:*在禁渔期内非法捕捞案 "
        "罚:种业有限公司:*销售未经审定的玉米种子案 罚:养殖场:*未按规定建立养殖档案案 "
        "许:农资店:*农药经营许可案 强:农资店:查封扣押*涉嫌假劣农药案"),
    "右卫镇综合行政执法队": ("右卫综执", _TOWN),
    "威远镇综合行政执法队": ("威远综执", _TOWN),
}  # fmt: skip
TOWNS = ("新城镇", "右卫镇", "威远镇", "元堡子镇", "牛心堡乡", "白头里乡", "高家堡乡", "丁家窑乡")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
FINISHED_UNITS = {  # units in scope → case files registered for each
    "右玉县市场监督管理局": 12, "右玉县应急管理局": 10, "朔州市生态环境局右玉分局": 9,
    "右玉县卫生健康和体育局": 14, "右玉县交通运输局": 11, "右玉县自然资源局": 8,
}  # fmt: skip
CURRENT_UNITS = {
    "右玉县市场监督管理局": 10, "右玉县人力资源和社会保障局": 9, "右玉县农业农村局": 11,
    "右卫镇综合行政执法队": 8, "威远镇综合行政执法队": 12,
}  # fmt: skip
FILES_PER_UNIT = 3
FINISHED_SEED, CURRENT_SEED = "a3f91c07", "5be2d410"  # as the service draws them: 8 hex digits
GOOD, LOW, VETO, DISPUTED, REOPENED = "good", "low", "veto", "disputed", "reopened"
TARGETS = {LOW: (24, 36), DISPUTED: (5, 8)}  # points the first reviewer takes off (else 5–16)
# what happened to each drawn file, the files taken by (sample order, unit)
FINISHED_ROLES = {1: DISPUTED, 5: LOW, 8: VETO, 11: REOPENED, 15: LOW}
FINAL, SCORED, TO_DISCUSS, HALF, ASSIGNED = "定稿", "待定稿", "待合议", "一人评完", "未评"
CURRENT_STAGES = (FINAL,) * 4 + (SCORED,) * 2 + (TO_DISCUSS,) + (HALF,) * 3 + (ASSIGNED,) * 3
UNASSIGNED = 2  # drawn files of this year's campaign still waiting for reviewers
VETO_NOTE = "现场检查笔录、询问笔录仅有一名执法人员签名，卷内无另一名执法人员参与调查的记录。"
REOPEN_REASON = "复核时发现“{}”的问题漏记，重新打开由评查人员补充评分。"
AGREED_NOTE = "经合议，评查组同意按评查人员的平均分定稿。"
_UNITS, _FILES = len(FINISHED_UNITS) + len(CURRENT_UNITS), sum(FINISHED_UNITS.values())
_SHEETS = 2 * (FILES_PER_UNIT * _UNITS - UNASSIGNED)  # ROW_COUNT: rows added (for progress)
_EVENTS = FILES_PER_UNIT * len(FINISHED_UNITS) + 2 + CURRENT_STAGES.count(FINAL)
ROW_COUNT = len(CASE_TYPES) + 2 + _UNITS + _FILES + sum(CURRENT_UNITS.values()) + _SHEETS + _EVENTS
Findings = dict[str, tuple[int, str]]  # item code → (defects, note)


def _moment(day: date, minutes: int) -> datetime:
    """``minutes`` after 9:00 Beijing time on ``day``, never later than now."""
    at = datetime.combine(day, time(9), BEIJING) + timedelta(minutes=minutes)
    return min(at.astimezone(UTC), utcnow())


def _case_files(
    rng: random.Random, unit: str, count: int, dates: tuple[date, date], officers: list[str]
) -> list[dict[str, Any]]:
    """``count`` files decided between the two dates, numbered by type in date order."""
    prefix, cases = UNITS[unit]
    first, last = dates
    days = sorted(first + timedelta(rng.randint(0, (last - first).days)) for _ in range(count))
    serials: Counter[tuple[str, int]] = Counter()
    found: list[dict[str, Any]] = []
    for day in days:
        for _ in range(30):  # a title not used yet in this unit
            letter = rng.choices("罚许强检", (14, 2, 2, 2))[0]  # mostly 行政处罚
            own = [c for c in cases.split() if c[0] == letter] or cases.split()[:1]
            letter, kind, pattern = rng.choice(own).split(":")
            town = next((t for t in TOWNS if unit.startswith(t)), None) or rng.choice(TOWNS)
            party = f"{rng.choice(SURNAMES)}某某" if kind == "个人" else f"右玉县{town}某{kind}"
            if (title := pattern.replace("*", party)) not in {f["title"] for f in found}:
                break
        serials[letter, day.year] += rng.randint(1, 4) if serials[letter, day.year] else 1
        number = f"{prefix}{letter}〔{day.year}〕{serials[letter, day.year]}号"
        team = "、".join(rng.sample(officers, min(2, len(officers))))
        values = {"case_number": number, "case_type": LETTERS[letter], "title": title}
        found.append(values | {"party": party, "decided_on": day, "officers": team})
    return found


def _total(standard: Standard, found: Findings) -> Decimal:
    return score_sheet(standard, Sheet(defects={c: n for c, (n, _) in found.items()})).total


def _note(rng: random.Random) -> str:
    return f"见卷内第{rng.randint(2, 46)}页"


def _spare(standard: Standard, found: Findings) -> list[DeductionItem]:
    return [i for c in standard.categories for i in c.items if i.code not in found]


def _findings(rng: random.Random, standard: Standard, target: int) -> Findings:
    """Problems found at random until about ``target`` points are lost."""
    found: Findings = {}
    items = _spare(standard, found)
    rng.shuffle(items)
    for item in items:
        if HUNDRED - _total(standard, found) >= target - 1:
            break
        trial = {**found, item.code: (2 if rng.random() < 0.3 else 1, _note(rng))}
        if HUNDRED - _total(standard, trial) <= target:
            found = trial
    return found


def _second(rng: random.Random, standard: Standard, first: Findings, limit: Decimal) -> Findings:
    """The first's findings with one problem more or fewer, within ``limit`` points."""
    for _ in range(20):
        other = dict(first)
        if len(other) > 1 and rng.random() < 0.5:
            del other[rng.choice(sorted(other))]
        elif spare := _spare(standard, other):
            other[rng.choice(spare).code] = (1, _note(rng))
        if abs(_total(standard, other) - _total(standard, first)) <= limit:
            return other
    return dict(first)


def _disputed(rng: random.Random, standard: Standard, first: Findings):
    """The second reviewer also finds the two weightiest problems; 合议 upholds one."""
    spare = sorted(_spare(standard, first), key=lambda i: (-i.points, i.code))
    upheld, rejected = rng.sample(spare[:2], 2)
    kept = {**first, upheld.code: (2, _note(rng))}
    agreed = _total(standard, kept)
    note = f"经合议：“{upheld.text}”问题属实，扣分成立；“{rejected.text}”经核对卷内已有相关材料，"
    note += f"不予扣分。确定得分{agreed:.1f}分。"
    return {**kept, rejected.code: (1, _note(rng))}, agreed, note


class _Loader:
    """The services over the demo's transaction, and the registry's people and units."""

    def __init__(self, session: Session, today: date, remark: str) -> None:
        self.session, self.remark, self.today, self.day = session, remark, today, today
        within = partial(nullcontext, session)  # never committed here: DemoService commits
        db = cast(Database, SimpleNamespace(writer=within, reader=within))
        standards = StandardService(db, cast(Any, None), resources_dir())  # the defaults
        self.campaigns = CampaignService(db, SettingsService(db), standards, lambda: today)
        self.reviewers = ReviewerService(db)
        self.scoring = ScoringService(db, lambda: self.day)  # on the day of each step
        self.added, self.loads, self.stamp = Counter[str](), Counter[str](), utcnow()
        own = session.info[INFO_OFFICE]  # the demo works with this office's records only
        mine = (EnforcementUnit.deleted_at.is_(None), EnforcementUnit.origin_office == own)
        self.pinned: list[object] = list(session.scalars(select(EnforcementUnit).where(*mine)))
        self.units = {u.name: u.id for u in self.pinned if isinstance(u, EnforcementUnit)}
        live = select(Person).where(Person.deleted_at.is_(None), Person.origin_office == own)
        live = live.order_by(Person.name, Person.id)
        people = list(session.scalars(live))
        self.supervisors = [p for p in people if p.role == PersonRole.SUPERVISOR.value]
        self.officers: dict[str | None, list[Person]] = {}
        for person in people:
            if person.role == PersonRole.ENFORCEMENT.value:
                self.officers.setdefault(person.unit_id, []).append(person)
        self.lead = self.supervisors[0].name if self.supervisors else "县司法局评查组"

    def campaign(
        self, year: int, units: dict[str, int], seed: str, rng: random.Random, dates: tuple
    ) -> list[CaseFileRow] | None:
        """Set up, register, draw, assign all drawn files but the last ``dates[3]``; the drawn
        files by (sample order, unit), or None when the campaign is there already."""
        name = f"{year}年度行政执法案卷评查"
        if any((c.year, c.name) == (year, name) for c in self.campaigns.list()):
            return None
        ids = [self.units.get(u, "") for u in units]  # create() refuses a missing unit
        record = self.campaigns.create(name, year, ids, FILES_PER_UNIT, self.remark)
        scope = {unit.id: unit.name for unit in record.units}
        for unit, count in units.items():  # add_file's rules, without its flush and re-read
            names = [p.name for p in self.officers.get(self.units[unit], [])]
            for values in _case_files(rng, unit, count, dates[:2], names):
                found = parse_case_file({**values, "unit": self.units[unit]}, scope, self.today)
                self.session.add(ReviewCaseFile(campaign_id=record.id, **asdict(found)))
        self.campaigns.draw_sample(record.id, seed)
        self.session.get(ReviewCampaign, record.id).sampled_at = _moment(dates[2], 30)
        self.added.update({"评查活动": 1, "评查单位": len(units), "评查案卷": sum(units.values())})
        drawn = self.campaigns.files(record.id, sampled_only=True)
        drawn.sort(key=lambda f: (f.sample_order, f.unit_name))
        for row in drawn[: len(drawn) - dates[3]]:
            self.assign(row, ids)
        self.pin(record.id)
        return drawn

    def assign(self, row: CaseFileRow, scope: list[str]) -> None:
        """A supervisor and an officer of another unit in scope, the least loaded first."""
        others = [p for u in scope if u != row.unit_id for p in self.officers.get(u, [])]
        chosen: list[Person] = []
        for pool in (self.supervisors or others, others or self.supervisors):
            if free := [p for p in pool if p not in chosen]:
                chosen.append(min(free, key=lambda p: (self.loads[p.id], p.name, p.id)))
        self.reviewers.assign(row.id, [p.id for p in chosen])
        self.loads.update(p.id for p in chosen)
        self.added["评分表"] += len(chosen)

    def pin(self, campaign_id: str) -> None:
        """Hold the rows the services read again and again (the session holds them weakly)."""
        files = select(ReviewCaseFile.id).where(ReviewCaseFile.campaign_id == campaign_id)
        queries = [select(ScoringStandard), select(ReviewCampaign)]
        queries += [select(ReviewCaseFile).where(ReviewCaseFile.id.in_(files))]
        queries += [select(ReviewSheet).where(ReviewSheet.case_file_id.in_(files))]
        for query in queries:
            self.pinned.extend(self.session.scalars(query))

    def sheets(self, file_id: str) -> list[str]:
        """The file's sheets, by reviewer name."""
        refs = self.campaigns.file(file_id).reviewers
        return [r.sheet_id for r in sorted(refs, key=lambda r: (r.name, r.person_id))]

    def review(
        self, rng: random.Random, row: CaseFileRow, role: str, days: list[date]
    ) -> tuple[Decimal | None, str]:
        """Score the file's sheets, one on each of ``days``; returns the score the plan has
        合议 agree on, and its note (None, "" when there is no 合议 in the plan)."""
        case_file = self.session.get(ReviewCaseFile, row.id)
        standard = standard_for(self.session, case_file).standard  # the campaign's version
        threshold = Decimal(self.session.get(ReviewCampaign, row.campaign_id).discussion_threshold)
        vetoes = {}
        if role == VETO and standard.vetoes:
            code = next((v.code for v in standard.vetoes if "两人" in v.text), None)
            vetoes = {code or standard.vetoes[0].code: VETO_NOTE}
        first = _findings(rng, standard, rng.randint(*TARGETS.get(role, (5, 16))))
        agreed, note = None, ""
        if role == DISPUTED:
            second, agreed, note = _disputed(rng, standard, first)
        else:
            second = _second(rng, standard, first, min(Decimal(6), threshold))
        for n, (sheet, day) in enumerate(zip(self.sheets(row.id), days, strict=False)):
            self.score(sheet, vetoes, (first, second)[n], day, 60 * n + rng.randint(0, 50))
        return agreed, note

    def score(self, sheet_id: str, vetoes: dict, found: Findings, day: date, minutes: int) -> None:
        self.day = day
        sheet = self.session.get(ReviewSheet, sheet_id)
        self.scoring.save_sheet(sheet_id, vetoes, found, sheet.version)
        sheet.scored_at = _moment(day, minutes)

    def toggle(self, file_id: str, day: date, agreed: Decimal | None = None, note: str = ""):
        """定稿 on ``day`` (after 合议 when the scores are too far apart), or 重新打开 a
        finalised file for reason ``note``; logged after the previous event."""
        self.day = day
        self.added["定稿记录"] += 1
        while utcnow() <= self.stamp:
            pause(0.001)
        row = self.campaigns.file(file_id)
        if row.stage == FINALISED:
            self.scoring.reopen(file_id, self.lead, note)
        elif row.needs_discussion:
            agreed, note = (agreed, note) if agreed is not None else (row.mean, AGREED_NOTE)
            self.scoring.finalise(file_id, self.lead, day, agreed, note)
        else:
            self.scoring.finalise(file_id, self.lead, day)
        self.stamp = utcnow()


def _finished(loader: _Loader, year: int) -> None:
    """Last year's campaign: every drawn file scored twice and finalised in December; one
    reopened for a problem missed, scored again and finalised again."""
    rng = random.Random("yuyou-demo-reviews-finished")
    dates = (date(year, 1, 6), date(year, 10, 31), date(year, 11, 5), 0)
    drawn = loader.campaign(year, FINISHED_UNITS, FINISHED_SEED, rng, dates)
    if drawn is None:
        return
    for i, row in enumerate(drawn):
        role = FINISHED_ROLES.get(i, GOOD)
        scored = date(year, 11, 10) + timedelta(days=i % 18)
        agreed, note = loader.review(rng, row, role, [scored, scored + timedelta(days=1)])
        if role != REOPENED:
            loader.toggle(row.id, date(year, 12, 8) + timedelta(days=i % 9), agreed, note)
            continue
        loader.toggle(row.id, date(year, 12, 9))
        sheet = loader.scoring.sheet(loader.sheets(row.id)[-1])
        missed = _spare(sheet.standard.standard, sheet.entries)[-1]
        loader.toggle(row.id, date(year, 12, 12), note=REOPEN_REASON.format(missed.text))
        found = {**sheet.entries, missed.code: (1, _note(rng))}
        loader.score(sheet.id, sheet.vetoes, found, date(year, 12, 12), 90)
        loader.toggle(row.id, date(year, 12, 15))


def _current(loader: _Loader, today: date) -> None:
    """This year's campaign half way: files in every stage from 待分配 to 已定稿."""
    rng = random.Random("yuyou-demo-reviews-current")

    def ago(days: int) -> date:  # never before 1 January
        return max(today - timedelta(days=days), date(today.year, 1, 1))

    first = min(date(today.year, 1, 1), today - timedelta(days=120))
    dates = (first, today - timedelta(days=30), ago(21), UNASSIGNED)
    drawn = loader.campaign(today.year, CURRENT_UNITS, CURRENT_SEED, rng, dates)
    if drawn is None:
        return
    for i, (row, stage) in enumerate(zip(drawn, CURRENT_STAGES, strict=False)):
        if stage == FINAL:
            loader.review(rng, row, LOW if i == 2 else GOOD, [ago(16 - i), ago(15 - i)])
            loader.toggle(row.id, ago(6 - i))
        elif stage in (SCORED, TO_DISCUSS):
            loader.review(rng, row, DISPUTED if stage == TO_DISCUSS else GOOD, [ago(10), ago(9)])
        elif stage == HALF:
            loader.review(rng, row, GOOD, [ago(7 - i % 3)])


def load_reviews(session: Session, today: date, remark: str) -> dict[str, int]:
    """Add the demonstration campaigns that are not there yet; the rows added by title."""
    if session.execute(select(Office.role)).scalar_one() != OfficeRole.COUNTY.value:
        return dict.fromkeys(TITLES, 0)
    count = select(func.count()).where(ScoringStandard.deleted_at.is_(None))
    standards = session.execute(count).scalar_one()
    loader = _Loader(session, today, remark)
    try:
        _finished(loader, today.year - 1)
        _current(loader, today)
    except FieldError as exc:
        raise InputRejected(f"演示数据“案卷评查”有误：{exc.message}") from exc
    loader.added["评查标准"] = session.execute(count).scalar_one() - standards
    return {title: loader.added[title] for title in TITLES}
