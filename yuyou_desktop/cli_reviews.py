"""``yuyou reviews campaigns|results|export`` and ``yuyou standards list|export|import``: 案卷评查
and its scoring standards on the command line.

CAMPAIGN_ID is the 编号 that ``yuyou reviews campaigns`` lists.  TYPE is a case type in Chinese
(行政处罚一般程序, 行政许可, 行政强制, 行政检查) or its short name (penalty, licence, coercion,
inspection).  An unknown campaign or case type, an unwritable file and a standard file that
cannot be used are refused (exit 3, the reason on stderr) and nothing is stored.  In
``--json`` output scores and points are strings ("92.5"), exact as stored.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from yuyou_desktop.cli_support import command as _command
from yuyou_desktop.cli_support import emit as _emit
from yuyou_desktop.cli_support import positive as _positive
from yuyou_desktop.domain.inspections import BEIJING
from yuyou_desktop.domain.scoring_file import CASE_TYPES
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.reviews.case_file_values import CASE_TYPE_ALIASES
from yuyou_desktop.services.reviews.reading import StaleReview
from yuyou_desktop.services.reviews.standards import DEFAULT_FILES, describe

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.reviews.records import (
        CampaignRecord,
        CampaignResults,
        FileResult,
        StandardInfo,
    )

SHORT_NAMES = {short: case_type for case_type, short in DEFAULT_FILES.items()}
ALIASES = {**SHORT_NAMES, "license": SHORT_NAMES["licence"], **CASE_TYPE_ALIASES}
TYPE_HELP = "案件类型：" + "，".join(f"{name}（{short}）" for name, short in DEFAULT_FILES.items())


def add_commands(sub: Any) -> None:
    """Add ``reviews`` and ``standards`` to the ``yuyou`` sub-parsers."""
    p = sub.add_parser("reviews", help="案卷评查：评查活动、评查结果和结果汇总表")
    actions = p.add_subparsers(dest="reviews_action", required=True, parser_class=type(p))
    s = _command(actions, "campaigns", "列出评查活动（编号、抽查和定稿进度）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_campaigns)
    s = _command(actions, "results", "一个评查活动的结果：单位排名、每份案卷的得分和问题、常见问题")
    s.add_argument("campaign", metavar="CAMPAIGN_ID", help="评查活动编号（见 reviews campaigns）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_results)
    s = _command(actions, "export", "把一个评查活动的结果导出为汇总表（.xlsx，可直接打印）")
    s.add_argument("campaign", metavar="CAMPAIGN_ID", help="评查活动编号（见 reviews campaigns）")
    s.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    s.set_defaults(handler=cmd_export)

    p = sub.add_parser("standards", help="评查标准：各案件类型的版本、导出和导入")
    actions = p.add_subparsers(dest="standards_action", required=True, parser_class=type(p))
    s = _command(actions, "list", "列出各案件类型评查标准的全部版本")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_standards_list)
    s = _command(actions, "export", "把一个案件类型的评查标准导出为文件（JSON）")
    s.add_argument("case_type", metavar="TYPE", help=TYPE_HELP)
    s.add_argument("--out", required=True, type=Path, metavar="FILE")
    s.add_argument("--version", type=_positive, metavar="N", help="导出第N版（默认：当前版本）")
    s.set_defaults(handler=cmd_standards_export)
    s = _command(actions, "import", "从文件导入评查标准，保存为该案件类型的新版本（仅县司法局）")
    s.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="评查标准文件（JSON，可由 standards export 导出后修改）",
    )
    s.set_defaults(handler=cmd_standards_import)


def _number(value: Decimal | int | None) -> str | None:
    return None if value is None else str(value)


def case_type_of(text: str) -> str:
    """A case type from its Chinese name or short name; anything else is refused (exit 3)."""
    wanted = text.strip()
    found = ALIASES.get(wanted.lower(), ALIASES.get(wanted, wanted))
    if found not in CASE_TYPES:
        shorts = "、".join(DEFAULT_FILES.values())
        raise InputRejected(
            f"案件类型“{text}”不是可选的值（{'、'.join(CASE_TYPES)}，或简写 {shorts}）。"
        )
    return found


def campaign_of(services: Services, campaign_id: str) -> CampaignRecord:
    try:
        return services.campaigns.get(campaign_id.strip())
    except StaleReview:
        raise InputRejected(
            f"找不到编号为“{campaign_id}”的评查活动（可能已被删除）。"
            "评查活动的编号可用 yuyou reviews campaigns 查看。"
        ) from None


# ------------------------------------------------------------------ reviews


def cmd_campaigns(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    rows = services.campaigns.list()
    if args.json:
        _emit(
            out,
            {
                "total": len(rows),
                "rows": [
                    {
                        "id": c.id,
                        "name": c.name,
                        "year": c.year,
                        "units": c.units,
                        "files": c.files,
                        "sampled": c.sampled,
                        "finalised": c.finalised,
                        "stage": c.stage,
                        "seed": c.sample_seed,
                    }
                    for c in rows
                ],
            },
        )
        return 0
    if not rows:
        out.write("还没有评查活动。\n")
        return 0
    out.write("编号\t名称\t年度\t单位\t登记案卷\t抽中\t已定稿\t阶段\t随机种子\n")
    for c in rows:
        line = (c.id, c.name, c.year, c.units, c.files, c.sampled, c.finalised, c.stage)
        out.write("\t".join(str(x) for x in line) + f"\t{c.sample_seed or '—'}\n")
    out.write(f"共 {len(rows)} 个评查活动。\n")
    return 0


def _file_json(found: FileResult) -> dict[str, Any]:
    f = found.file
    return {
        "id": f.id,
        "unit_id": f.unit_id,
        "unit": f.unit_name,
        "case_number": f.case_number,
        "title": f.title,
        "case_type": f.case_type,
        "party": f.party,
        "decided_on": f.decided_on.isoformat() if f.decided_on else None,
        "reviewers": [{"name": r.name, "score": _number(r.total)} for r in f.reviewers],
        "mean": _number(f.mean),
        "needs_discussion": f.needs_discussion,
        "final_score": _number(f.final_score),
        "grade": f.final_grade,
        "stage": f.stage,
        "finalised_by": f.finalised_by or None,
        "finalised_on": f.finalised_on.isoformat() if f.finalised_on else None,
        "discussion_note": f.discussion_note,
        "findings": [
            {
                "reviewer": x.reviewer,
                "category": x.category,
                "text": x.text,
                "count": x.count,
                "points": _number(x.points),
                "note": x.note,
            }
            for x in found.findings
        ],
    }


def results_json(found: CampaignResults) -> dict[str, Any]:
    c = found.campaign
    return {
        "campaign": {
            "id": c.id,
            "name": c.name,
            "year": c.year,
            "files_per_unit": c.files_per_unit,
            "seed": c.sample_seed,
            "discussion_threshold": str(c.discussion_threshold),
            "standards": [
                {"case_type": kind, "version": version, "name": name}
                for kind, _, version, name in c.standards
            ],
        },
        "sampled": found.sampled,
        "finalised": found.finalised,
        "units": [
            {
                "rank": u.rank,
                "unit_id": u.unit_id,
                "name": u.unit_name,
                "files": u.files,
                "finalised": u.finalised,
                "mean": _number(u.mean),
                "grade": u.grade,
                "grades": dict(u.grades),
            }
            for u in found.units
        ],
        "files": [_file_json(f) for f in found.files],
        "defects": [
            {
                "case_type": d.case_type,
                "category": d.category,
                "code": d.code,
                "text": d.text,
                "files": d.files,
                "defects": d.defects,
            }
            for d in found.defects
        ],
    }


def cmd_results(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    campaign = campaign_of(services, args.campaign)
    found = services.review_results.results(campaign.id)
    if args.json:
        _emit(out, results_json(found))
    else:
        _results_text(found, out)
    return 0


def _results_text(found: CampaignResults, out: TextIO) -> None:
    from yuyou_desktop.services.reviews import results_xlsx as sheet

    c = found.campaign
    out.write(sheet.title(found) + "\n")
    out.write(
        f"评查年度：{c.year}　抽查案卷 {found.sampled} 份，已定稿 {found.finalised} 份　"
        f"随机种子：{c.sample_seed or '未抽取'}\n"
    )
    bands = [name for name, _ in found.units[0].grades] if found.units else []
    out.write("\n【单位排名】\n")
    out.write("\t".join(["排名", "单位", "抽查案卷数", "已定稿", "平均分", "等次", *bands]) + "\n")
    for u in found.units:
        line = [
            str(u.rank) if u.rank is not None else sheet.NONE,
            u.unit_name,
            str(u.files),
            str(u.finalised),
            sheet.score_text(u.mean),
            u.grade or sheet.NONE,
            *(str(n) for _, n in u.grades),
        ]
        out.write("\t".join(line) + "\n")
    out.write("\n【案卷】\n")
    out.write("单位\t案号\t案件名称\t案件类型\t评查人员及得分\t定稿得分\t等次\t合议\n")
    if not found.files:
        out.write("（还没有抽中的案卷）\n")
    for unit in found.units:
        for f in (x for x in found.files if x.file.unit_id == unit.unit_id):
            row = f.file
            line = [
                row.unit_name,
                row.case_number,
                row.title,
                row.case_type,
                "、".join(sheet.reviewer_text(r) for r in row.reviewers) or "未分配",
                sheet.score_text(row.final_score) if row.final_score is not None else row.stage,
                row.final_grade or sheet.NONE,
                sheet.discussed_text(f) or sheet.NONE,
            ]
            out.write("\t".join(line) + "\n")
            for problem in sheet.problems_text(f).splitlines():
                out.write(f"\t{problem}\n")
    out.write("\n【常见问题】（只计已定稿的案卷）\n")
    out.write("序号\t案件类型\t类别\t问题\t涉及案卷数\t问题处数\n")
    if not found.defects:
        out.write("（无）\n")
    for n, d in enumerate(found.defects, 1):
        out.write(f"{n}\t{d.case_type}\t{d.category}\t{d.text}\t{d.files}\t{d.defects}\n")


def cmd_export(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    from yuyou_desktop.services.reviews.results_xlsx import ResultWorkbook

    campaign = campaign_of(services, args.campaign)
    writer = ResultWorkbook(services.review_results, services.standards, services.office)
    found = writer.export(campaign.id, args.out)
    out.write(
        f"已将“{campaign.name}”的评查结果汇总表写入 {args.out}"
        f"（{len(found.units)} 个单位，抽查案卷 {found.sampled} 份，已定稿 {found.finalised} 份）\n"
    )
    return 0


# ------------------------------------------------------------------ standards


def _saved_on(info: StandardInfo) -> str:
    return info.created_at.astimezone(BEIJING).date().isoformat()


def cmd_standards_list(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    versions = {case_type: services.standards.versions(case_type) for case_type in CASE_TYPES}
    if args.json:
        _emit(
            out,
            {
                "case_types": [
                    {
                        "case_type": case_type,
                        "short_name": DEFAULT_FILES[case_type],
                        "current": found[0].version,
                        "versions": [describe(info) for info in found],
                    }
                    for case_type, found in versions.items()
                ]
            },
        )
        return 0
    out.write("案件类型\t版本\t名称\t保存日期\t说明\n")
    for case_type, found in versions.items():
        for n, info in enumerate(found):
            version = f"第{info.version}版" + ("（当前）" if n == 0 else "")
            line = (case_type, version, info.name, _saved_on(info), info.remark or "—")
            out.write("\t".join(line) + "\n")
    out.write("新建的评查活动使用各案件类型的当前版本；已有的评查活动仍用建立时的版本。\n")
    return 0


def cmd_standards_export(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    case_type = case_type_of(args.case_type)
    info = services.standards.export(case_type, args.out, args.version)
    out.write(f"已将“{info.name}”（{case_type}）第{info.version}版导出到 {args.out}\n")
    return 0


def cmd_standards_import(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    info = services.standards.import_file(args.file)
    out.write(f"已导入“{info.name}”（{info.case_type}），保存为第{info.version}版。\n")
    out.write("此后新建的评查活动使用这一版；已有的评查活动仍用原来的版本。\n")
    return 0
