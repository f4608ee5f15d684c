"""起草 from a record: choose an inspection, a lead or a review campaign, and the letter is
started with the unit, facts and problems filled in (``LetterPrefill``).  A campaign gives one
案卷评查结果通知书 draft per unit with final results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.services.inspections.leads_query import LeadQuery
from yuyou_desktop.services.inspections.records import InspectionQuery

if TYPE_CHECKING:
    from yuyou_desktop.gui.letters.letter_actions import LetterActions

INSPECTION_TYPES = ("rectification", "notice", "opinion", "proposal", "inspection_record")
RECENT = 300


def start_from_source(actions: LetterActions, kind: str) -> None:
    try:
        if kind == "inspection":
            _from_inspection(actions)
        elif kind == "lead":
            _from_lead(actions)
        elif kind == "campaign":
            _from_campaign(actions)
    except YuyouError as exc:
        show_error(actions.tab, "无法起草", exc)


def _from_inspection(actions: LetterActions) -> None:
    services = actions.services
    rows = services.inspections.list(InspectionQuery(limit=RECENT)).rows
    items = [f"{r.number}  {r.unit_name}  {r.started_at:%Y-%m-%d}" for r in rows]
    chosen = actions.choose_item("从检查记录起草", "检查记录（最近的在前）：", items)
    if chosen < 0:
        return
    types = [services.letters.letter_type(code) for code in INSPECTION_TYPES]
    kind = actions.choose_item("从检查记录起草", "文书种类：", [t.name for t in types])
    if kind < 0:
        return
    draft = services.letter_prefill.from_inspection(rows[chosen].id, types[kind].code)
    actions.new(draft.type_code, draft)


def _from_lead(actions: LetterActions) -> None:
    services = actions.services
    rows = services.leads.list(LeadQuery(limit=RECENT)).rows
    items = [f"{r.received_on}  {r.source_label}  {r.content[:30]}" for r in rows]
    chosen = actions.choose_item("从问题线索起草移送函", "问题线索（最近的在前）：", items)
    if chosen < 0:
        return
    draft = services.letter_prefill.from_lead(rows[chosen].id)
    actions.new(draft.type_code, draft)


def _from_campaign(actions: LetterActions) -> None:
    services = actions.services
    campaigns = services.campaigns.list()
    items = [f"{c.year}  {c.name}（已定稿{c.finalised}卷）" for c in campaigns]
    chosen = actions.choose_item("从评查活动结果起草", "评查活动：", items)
    if chosen < 0:
        return
    drafts = services.letter_prefill.from_campaign(campaigns[chosen].id)
    question = (
        f"为 {len(drafts)} 个单位各起草一份案卷评查结果通知书草稿？"
        "草稿中的得分和问题取自已定稿的评查结果，整改期限请逐份填写后再签发。"
    )
    if not actions.tab.ask("起草评查结果通知书", question):
        return
    created = [services.letters.create(draft) for draft in drafts]
    actions.tab.after_change(created[0] if created else None)
    QMessageBox.information(
        actions.tab, "已起草", f"已起草 {len(created)} 份案卷评查结果通知书（草稿）。"
    )
