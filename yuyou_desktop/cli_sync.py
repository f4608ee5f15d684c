"""``yuyou sync export|import|status|conflicts|resolve|confirm-epoch`` and ``yuyou keys
show|export|trust|revoke``: 数据同步 on the command line.

A township exports its changes since the last export (``--full``: all of them again) as one
package encrypted to the county; the county exports its reference data (单位名录, 执法主体,
评查标准, 静默期设置, 文书模板) signed.  Before the first package each side enrols the other's
public key file (``keys export`` here, ``keys trust`` there) and the fingerprint is checked
by phone.

``sync export`` counts what a package carries: a township's changes (a record edited three
times is three changes), the county's records.  ``sync import`` prints one line per package
(file, result, explanation) — the file's name, or the path as given when two files given share
a name; a bad file never stops the others and changes nothing.  Exit codes of ``sync import``
and ``sync confirm-epoch``: 0 every package is in (imported now or before); 3 at least one was
rejected (the others were still imported); 4 none was rejected but some wait — for a missing
earlier package or for the confirmation that the sending office's database was replaced — so
their data is not in yet.
A summary line goes to stderr whenever the code is not 0.  Every other refusal (nothing new
to export, a key file that does not fit, an unknown conflict) exits 3 with the reason on stderr.
Times are shown in local time.  ``conflicts`` and ``resolve``: cli_sync_conflicts.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from yuyou_desktop.cli_keys import add_commands as add_key_commands
from yuyou_desktop.cli_support import command as _command
from yuyou_desktop.cli_support import emit as _emit
from yuyou_desktop.cli_sync_conflicts import add_commands as add_conflict_commands
from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.sync.exporting import COUNTY_REFERENCE, NothingToExport
from yuyou_desktop.services.sync.importing import PENDING, REJECTED
from yuyou_desktop.services.sync.status import TABLE_LABELS

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.sync.exporting import ExportResult
    from yuyou_desktop.services.sync.importing import ImportReport
    from yuyou_desktop.services.sync.status import PeerStatus

EXIT_PENDING = 4
IMPORT_EXIT_HELP = (
    "退出码：0 全部数据包已导入（本次或以前）；3 有数据包被拒绝（其余照常导入）；"
    "4 没有被拒绝的，但有数据包在等待缺失的数据包或确认新数据库，其数据尚未导入；"
    "2 用法错误；1 意外错误。"
)
LABELS = {**TABLE_LABELS, "reference_settings": "设置", "letter_templates": "文书模板"}
WAITING_LABELS = {"gap": "等待缺失的数据包", "epoch": "等待确认新数据库"}
HISTORY_SHOWN = 10
COUNTED_AS = {"reference_settings": "项", "letter_templates": "个"}
NOTHING_NEW = "自上次导出以来没有新的变更。如需把全部变更重新导出一次，请加 --full。"
NOTHING_AT_ALL = (
    "当前数据库中还没有任何变更，没有可导出的内容（初始化或从备份恢复后变更重新编号，"
    "录入或修改数据后再导出）。"
)
HELD_MARK = "（此前等待的数据包）"  # how the import service marks a kept package applied later


def add_commands(sub: Any) -> None:
    """Add ``sync`` and ``keys`` to the ``yuyou`` sub-parsers."""
    p = sub.add_parser("sync", help="数据同步：导出、导入数据包，同步状态和冲突")
    actions = p.add_subparsers(
        dest="sync_action", metavar="子命令", required=True, parser_class=type(p)
    )
    s = _command(actions, "export", "导出数据包：乡镇司法所导出新的变更，县司法局导出参考数据")
    s.add_argument("--out", required=True, type=Path, metavar="FILE", help="数据包文件名")
    s.add_argument(
        "--full", action="store_true", help="把全部变更重新导出一次（乡镇司法所；县司法局忽略）"
    )
    s.add_argument(
        "--force", action="store_true", help="FILE 已存在时覆盖（它可能是尚未导入的数据包）"
    )
    s.set_defaults(handler=cmd_export)
    s = _command(actions, "import", "导入数据包（可一次导入多个文件），每个文件一行结果")
    s.epilog = IMPORT_EXIT_HELP
    s.add_argument("files", nargs="+", metavar="FILE", help="数据包文件")  # kept as typed
    s.add_argument(
        "--accept-new-epoch",
        action="store_true",
        help="确认发出单位的数据库已更换（例如从备份恢复），照常导入",
    )
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_import)
    s = _command(actions, "status", "同步状态：本单位、各已登记单位的数据包和变更、导出记录、冲突")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_status)
    add_conflict_commands(actions)
    s = _command(
        actions,
        "confirm-epoch",
        "确认某单位的数据库已更换（例如从备份恢复），导入它等待确认的数据包",
    )
    s.epilog = IMPORT_EXIT_HELP
    s.add_argument("--office-code", required=True, metavar="CODE", help="该单位的行政区划代码")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_confirm_epoch)
    add_key_commands(sub)


def local(moment: datetime | None) -> str | None:
    return None if moment is None else f"{moment.astimezone():%Y-%m-%d %H:%M}"


def local_iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone().isoformat(timespec="seconds")


def seq_range(seq_from: int, seq_to: int) -> str:
    if seq_from == seq_to:
        return f"第 {seq_from} 号变更"
    return f"第 {seq_from}–{seq_to} 号变更"


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _warn(args: argparse.Namespace, line: str) -> None:
    (getattr(args, "err", None) or sys.stderr).write(line + "\n")


# ------------------------------------------------------------------ export


def content_text(result: ExportResult) -> str:
    if result.kind == COUNTY_REFERENCE:
        return "县司法局参考数据（单位名录、执法主体、评查标准、设置、文书模板）"
    full = "（全部重新导出）" if result.full else ""
    return seq_range(result.seq_from, result.seq_to) + full


def amount_text(result: ExportResult) -> str:
    """What a package carries: a township's changes (a record edited three times is three
    changes), the county's records (and its settings and letter templates)."""
    if result.kind == COUNTY_REFERENCE:
        parts = [
            f"{LABELS.get(t, t)} {n} {COUNTED_AS.get(t, '条')}"
            for t, n in result.counts.items()
            if n
        ]
        head = f"记录：共 {result.records} 条"
    else:
        parts = [f"{LABELS.get(t, t)} {n} 条变更" for t, n in result.counts.items() if n]
        head = f"变更：共 {result.records} 条"
    return head + (f"（{'，'.join(parts)}）" if parts else "")


def counted(result: ExportResult) -> str:
    what = "条记录" if result.kind == COUNTY_REFERENCE else "条变更"
    return f"{result.records} {what}"


def export_json(result: ExportResult) -> dict[str, Any]:
    return {
        "package_id": result.package_id,
        "kind": result.kind,
        "seq_from": result.seq_from,
        "seq_to": result.seq_to,
        "full": result.full,
        "counts": result.counts,
        "records": result.records,
        "changes": None if result.kind == COUNTY_REFERENCE else result.records,
        "attachments": result.attachments,
        "missing_files": list(result.missing_files),
        "size": result.size,
        "sha256": result.sha256,
        "file": result.destination,
        "created_at": local_iso(result.created_at),
    }


def cmd_export(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    if not args.out.suffix:  # as the program's file dialogs name packages
        args.out = args.out.with_name(args.out.name + ".yypkg")
    if args.out.is_file() and not args.force:
        raise InputRejected(
            f"文件“{args.out}”已存在（可能是尚未导入的数据包），没有覆盖。"
            "如确需覆盖，请加 --force。"
        )
    try:
        result = services.sync_export.export(args.out, full=args.full)
    except NothingToExport:
        raise NothingToExport(NOTHING_AT_ALL if args.full else NOTHING_NEW) from None
    out.write(f"已导出数据包：{result.destination}\n")
    out.write(f"数据包编号：{result.package_id}\n")
    out.write(f"内容：{content_text(result)}\n")
    out.write(amount_text(result) + "\n")
    out.write(f"附件：{result.attachments} 个\n")
    out.write(f"大小：{size_text(result.size)}，SHA-256：{result.sha256}\n")
    for sha in result.missing_files:
        _warn(args, f"警告：附件库中找不到文件 {sha}，数据包中没有它（对方将看不到这个附件）。")
    return 0


# ------------------------------------------------------------------ import, confirm-epoch


def given_paths(reports: list[ImportReport], files: Sequence[str]) -> list[str | None]:
    """Each report's file as given on the command line: the reports follow the arguments, a
    kept package applied later (marked in its message) comes after the one that filled its gap
    — its path is known when it was given in this run.  ``None``: not known."""
    own = [r for r in reports if not r.message.startswith(HELD_MARK)]
    if len(own) != len(files):
        return [None] * len(reports)
    given = iter(files)
    by_package: dict[str, str] = {}
    paths: list[str | None] = []
    for report in reports:
        if report.message.startswith(HELD_MARK):
            paths.append(by_package.get(report.package_id))
            continue
        path = next(given)
        if report.package_id:
            by_package.setdefault(report.package_id, path)
        paths.append(path)
    return paths


def shown_names(reports: list[ImportReport], paths: list[str | None]) -> list[str]:
    """The file name of each line, or the path as given when another file has the same name."""
    names = Counter(Path(p).name for p in dict.fromkeys(p for p in paths if p is not None))
    return [
        path if path is not None and names[Path(path).name] > 1 else report.file
        for report, path in zip(reports, paths, strict=True)
    ]


def report_json(report: ImportReport, path: str | None = None) -> dict[str, Any]:
    return {
        "file": report.file,
        "path": path,
        "status": report.status,
        "label": report.label,
        "message": report.message,
        "package_id": report.package_id or None,
        "office_code": report.office_code or None,
        "seq_from": report.seq_from,
        "seq_to": report.seq_to,
        "stats": report.stats,
    }


def final_statuses(reports: list[ImportReport]) -> dict[str, str]:
    """Each package's last status: a package kept waiting and applied later in the same run
    (when its gap was filled) counts as applied."""
    final: dict[str, str] = {}
    for number, report in enumerate(reports):
        final[report.package_id or f"#{number}"] = report.status
    return final


def import_exit_code(reports: list[ImportReport]) -> int:
    final = list(final_statuses(reports).values())
    if REJECTED in final:
        return 3
    return EXIT_PENDING if PENDING in final else 0


def show_reports(
    reports: list[ImportReport],
    args: argparse.Namespace,
    out: TextIO,
    files: Sequence[str] = (),
) -> int:
    paths = given_paths(reports, files) if files else [None] * len(reports)
    if args.json:
        _emit(out, [report_json(r, p) for r, p in zip(reports, paths, strict=True)])
    else:
        for report, name in zip(reports, shown_names(reports, paths), strict=True):
            out.write(f"{name}\t{report.label}\t{report.message}\n")
    final = list(final_statuses(reports).values())
    code = import_exit_code(reports)
    if code == 3:
        _warn(args, f"错误：{final.count(REJECTED)} 个数据包被拒绝（原因见上），其内容没有导入。")
    elif code == EXIT_PENDING:
        _warn(args, f"警告：{final.count(PENDING)} 个数据包在等待（原因见上），其数据尚未导入。")
    return code


def cmd_import(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    paths = [Path(name) for name in args.files]
    reports = services.sync_import.import_files(paths, accept_new_epoch=args.accept_new_epoch)
    return show_reports(reports, args, out, args.files)


def cmd_confirm_epoch(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    reports = services.sync_import.confirm_epoch(args.office_code.strip())
    return show_reports(reports, args, out)


# ------------------------------------------------------------------ status


def peer_json(peer: PeerStatus) -> dict[str, Any]:
    return {
        "office_code": peer.office_code,
        "office_name": peer.office_name,
        "fingerprint": peer.fingerprint,
        "revoked": peer.revoked,
        "epoch": peer.epoch,
        "max_seq": peer.max_seq,
        "last_package_id": peer.last_package_id,
        "last_imported_at": local_iso(peer.last_imported_at),
        "packages": peer.packages,
        "gap": None if peer.gap is None else {"from": peer.gap[0], "to": peer.gap[1]},
        "waiting": [{"seq_from": a, "seq_to": b, "reason": why} for a, b, why in peer.waiting],
    }


def peer_lines(peer: PeerStatus) -> list[str]:
    revoked = "（公钥已吊销）" if peer.revoked else ""
    lines = [f"{peer.office_code}\t{peer.office_name}{revoked}\t指纹 {peer.fingerprint}"]
    if not peer.packages:
        lines.append("  还没有导入过它的数据包")
    else:
        last = f"（数据包编号 {peer.last_package_id}）" if peer.last_package_id else ""
        when = local(peer.last_imported_at)
        lines.append(f"  已导入 {peer.packages} 个数据包，最近一次 {when}{last}")
    if peer.epoch is not None:
        lines.append(f"  已收到{seq_range(1, peer.max_seq)}")
    if peer.gap is not None:
        lines.append(f"  缺少{seq_range(*peer.gap)}的数据包")
    for seq_from, seq_to, reason in peer.waiting:
        hint = "（yuyou sync confirm-epoch）" if reason == "epoch" else ""
        label = WAITING_LABELS.get(reason, reason)
        lines.append(f"  等待中：{seq_range(seq_from, seq_to)}的数据包，{label}{hint}")
    return lines


def cmd_status(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    own = services.sync_keys.own()
    township = own.role == OfficeRole.TOWNSHIP.value
    peers = services.sync_status.peers()
    history = services.sync_export.history()
    unexported = services.sync_export.pending_changes() if township else None
    conflicts = services.sync_status.unresolved()
    if args.json:
        office = {"code": own.office_code, "name": own.office_name, "role": own.role}
        _emit(
            out,
            {
                "office": {**office, "fingerprint": own.fingerprint},
                "peers": [peer_json(p) for p in peers],
                "exports": [export_json(r) for r in history],
                "unexported_changes": unexported,
                "unresolved_conflicts": conflicts,
            },
        )
        return 0
    role = OfficeRole(own.role).label
    out.write(f"本单位：{own.office_name}（{role}，代码 {own.office_code}）\n")
    out.write(f"密钥指纹：{own.fingerprint}\n")
    other = "县司法局" if township else "乡镇司法所"
    if not peers:
        out.write(f"还没有登记{other}的公钥（yuyou keys trust）。\n")
    else:
        out.write(f"已登记的{other}：\n")
        for peer in peers:
            out.write("".join(line + "\n" for line in peer_lines(peer)))
    if history:
        out.write("导出记录（最近的在前）：\n")
        for result in history[:HISTORY_SHOWN]:
            out.write(
                f"  {local(result.created_at)}\t{content_text(result)}\t{counted(result)}"
                f"\t{result.destination}\n"
            )
        if len(history) > HISTORY_SHOWN:
            out.write(f"  （另有 {len(history) - HISTORY_SHOWN} 次较早的导出，见 --json）\n")
    elif township:
        out.write("还没有导出过数据包。\n")
    if unexported is not None:
        out.write(f"尚未导出的变更：{unexported} 条\n")
    out.write(f"待处理的冲突：{conflicts} 处" + ("（yuyou sync conflicts）" if conflicts else ""))
    out.write("\n")
    return 0
