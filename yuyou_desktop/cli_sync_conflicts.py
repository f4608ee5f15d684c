"""``yuyou sync conflicts [--all] [--id N] [--json]`` and ``yuyou sync resolve ID
--keep|--take-other`` (added by ``cli_sync``): the records two offices changed differently.

Each conflict is shown with its number, the table and record, what kind of conflict it is, whose
version was kept and whose is the other, when it was found, and then one line per field the two
versions disagree on: the field's Chinese name and both values as a clerk reads them (labels
from services/sync/labels.py, the same as the 数据同步 tab's).  In the list long values are cut;
``--id N`` shows one conflict (resolved or not) with its values whole.  ``--json`` gives the
stored values and, in ``fields``, each differing column with its label and both values.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

from yuyou_desktop.cli_keys import office_names
from yuyou_desktop.cli_support import command as _command
from yuyou_desktop.cli_support import emit as _emit
from yuyou_desktop.cli_support import positive as _positive
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.sync.labels import FieldDifference, differences, local_time

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.sync.status import ConflictView

RESOLUTION_LABELS = {None: "未处理", "kept": "保留当前版本", "other": "采用另一版本"}
LISTED_WIDTH = 40  # characters of a value in the list; ``--id`` shows it whole
RESOLVE_HINT = "处理：yuyou sync resolve 编号 --keep（保留当前版本）或 --take-other（采用另一版本）"


def add_commands(actions: Any) -> None:
    """Add ``conflicts`` and ``resolve`` to the ``sync`` sub-commands."""
    s = _command(
        actions,
        "conflicts",
        "列出导入时发现的冲突：记录、双方单位和两个版本不同的字段（默认只列未处理的）",
    )
    s.add_argument("--all", action="store_true", help="也列出已处理的冲突")
    s.add_argument(
        "--id",
        type=_positive,
        metavar="N",
        dest="conflict_id",
        help="只显示编号为 N 的冲突（已处理的也显示），字段内容完整显示",
    )
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_conflicts)
    s = _command(actions, "resolve", "处理一个冲突：保留当前版本，或采用另一版本")
    s.add_argument("conflict", type=_positive, metavar="ID", help="冲突编号（见 sync conflicts）")
    choice = s.add_mutually_exclusive_group(required=True)
    choice.add_argument("--keep", action="store_true", help="保留当前版本")
    choice.add_argument("--take-other", action="store_true", help="采用另一版本")
    s.set_defaults(handler=cmd_resolve)


class Offices:
    """Office codes as names: this office “（本单位）”, the enrolled ones by name."""

    def __init__(self, services: Services) -> None:
        self.own = services.sync_keys.own().office_code
        self.names = office_names(services)

    def __call__(self, code: str) -> str:
        if not code:
            return "—"
        name = self.names.get(code)
        if code == self.own:
            return f"{name or '本单位'}（本单位）"
        return name or f"代码 {code} 的单位"


def _iso(moment: Any) -> str | None:
    return None if moment is None else moment.astimezone().isoformat(timespec="seconds")


def fields_of(conflict: ConflictView, units: dict[str, str] | None) -> tuple[FieldDifference, ...]:
    return differences(conflict.table, conflict.fields, conflict.kept, conflict.other, units)


def conflict_json(
    conflict: ConflictView, offices: Offices, units: dict[str, str] | None
) -> dict[str, Any]:
    return {
        "id": conflict.id,
        "table": conflict.table,
        "table_label": conflict.table_label,
        "record_id": conflict.record_id,
        "title": conflict.title,
        "kind": conflict.kind,
        "kind_label": conflict.kind_label,
        "kept_office": conflict.kept_office,
        "kept_office_name": offices.names.get(conflict.kept_office),
        "other_office": conflict.other_office,
        "other_office_name": offices.names.get(conflict.other_office),
        "fields": [
            {
                "column": d.column,
                "label": d.label,
                "kept": d.kept,
                "other": d.other,
                "kept_text": d.kept_text,
                "other_text": d.other_text,
            }
            for d in fields_of(conflict, units)
        ],
        "kept": conflict.kept,
        "other": conflict.other,
        "detected_at": _iso(conflict.detected_at),
        "resolved_at": _iso(conflict.resolved_at),
        "resolution": conflict.resolution,
    }


def _cut(text: str, whole: bool) -> str:
    text = " ↵ ".join(text.splitlines()) if "\n" in text or "\r" in text else text
    if whole or len(text) <= LISTED_WIDTH:
        return text
    return text[: LISTED_WIDTH - 1] + "…"


def conflict_lines(
    conflict: ConflictView, offices: Offices, units: dict[str, str] | None, whole: bool
) -> list[str]:
    kept = "本库没有这条记录" if conflict.kept is None else f"{offices(conflict.kept_office)}的版本"
    lines = [
        f"冲突 {conflict.id}：{conflict.table_label}“{conflict.title}”，{conflict.kind_label}",
        f"  当前保留：{kept}；另一版本：{offices(conflict.other_office)}的版本",
    ]
    outcome = RESOLUTION_LABELS.get(conflict.resolution, conflict.resolution or "—")
    if conflict.resolved_at is not None:
        outcome = f"已于 {local_time(conflict.resolved_at)} 处理：{outcome}"
    lines.append(f"  发现时间：{local_time(conflict.detected_at)}；{outcome}")
    if whole:
        lines.append(f"  记录编号：{conflict.record_id}")
    if conflict.kind == "ownership" and conflict.resolved_at is None:
        lines.append("  这是越权修改：该记录只能由其所属单位修改，只能保留当前版本（--keep）。")
    found = fields_of(conflict, units)
    if not found:
        lines.append("  两个版本的内容相同。")
    for d in found:
        kept_text, other_text = _cut(d.kept_text, whole), _cut(d.other_text, whole)
        lines.append(f"  {d.label}\t当前保留：{kept_text}\t另一版本：{other_text}")
    return lines


def _units(services: Services, conflicts: list[ConflictView]) -> dict[str, str] | None:
    if any("unit_id" in c.fields for c in conflicts):
        return dict(services.registry.unit_choices())
    return None


def cmd_conflicts(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    wanted = args.conflict_id
    conflicts = services.sync_status.conflicts(include_resolved=args.all or wanted is not None)
    if wanted is not None:
        conflicts = [c for c in conflicts if c.id == wanted]
        if not conflicts:
            raise InputRejected(f"没有编号为 {wanted} 的冲突。")
    offices = Offices(services)
    units = _units(services, conflicts)
    if args.json:
        shown = [conflict_json(c, offices, units) for c in conflicts]
        _emit(out, shown[0] if wanted is not None else shown)
        return 0
    if not conflicts:
        out.write("没有冲突记录。\n" if args.all else "没有待处理的冲突。\n")
        return 0
    blocks = ["\n".join(conflict_lines(c, offices, units, wanted is not None)) for c in conflicts]
    out.write("\n\n".join(blocks) + "\n\n")
    open_count = sum(1 for c in conflicts if c.resolved_at is None)
    if wanted is not None:
        if open_count and conflicts[0].kind == "ownership":
            out.write(f"处理：yuyou sync resolve {wanted} --keep\n")
        elif open_count:
            out.write(RESOLVE_HINT.replace("编号", str(wanted)) + "\n")
        return 0
    out.write(f"共 {len(conflicts)} 处冲突，未处理 {open_count} 处。\n")
    if open_count:
        out.write(RESOLVE_HINT + "\n")
    out.write("查看一处冲突的完整内容：yuyou sync conflicts --id 编号\n")
    return 0


def cmd_resolve(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    choice = "kept" if args.keep else "other"
    view = services.sync_status.resolve(args.conflict, choice)
    out.write(
        f"已处理冲突 {view.id}（{view.table_label}“{view.title}”）：{RESOLUTION_LABELS[choice]}。\n"
    )
    return 0
