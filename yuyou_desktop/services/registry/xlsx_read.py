"""Reading a register workbook for import: which sheet, which row is the header, which
column is which field, and the raw cell values of every data row.

A file that cannot be used at all (missing, not a workbook, damaged, empty, too large) is
refused with :class:`InputRejected`; problems with the header are returned as
:class:`ImportProblem` rows so that they appear in the same report as the row problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from yuyou_desktop.documents.registers_xlsx import CHOICES_SHEET, ERROR_SHEET, INSTRUCTIONS_SHEET
from yuyou_desktop.errors import Cancelled, InputRejected, os_reason
from yuyou_desktop.progress import Progress
from yuyou_desktop.services.registry.fields import Field
from yuyou_desktop.services.registry.specs import RegisterSpec

MAX_ROWS = 200_000
HEADER_SEARCH_ROWS = 20
PROGRESS_EVERY = 500
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
_AUX_SHEETS = {INSTRUCTIONS_SHEET, CHOICES_SHEET, ERROR_SHEET}


@dataclass(frozen=True)
class ImportProblem:
    """One reason an import was refused: where (sheet, row, column label) and why."""

    sheet: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.sheet} 第{self.row}行"
        return f"{where} {self.column}：{self.reason}" if self.column else f"{where}：{self.reason}"


@dataclass
class SheetData:
    sheet: str
    header_row: int
    columns: dict[int, Field]  # 0-based column index → editable field
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def present(self) -> set[str]:
        return {f.key for f in self.columns.values()}


def _label(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    for suffix in ("（必填）", "(必填)", "*", "＊"):
        text = text.removesuffix(suffix).strip()
    return text


def _is_empty(values: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _score(spec: RegisterSpec, values: tuple[Any, ...]) -> int:
    labels = {f.label for f in spec.fields}
    return sum(1 for v in values if _label(v) in labels)


def _refuse_unreadable(handle: BinaryIO, name: str) -> None:
    magic = handle.read(4)
    handle.seek(0)
    if not magic:
        raise InputRejected(f"文件“{name}”是空的，不是 Excel 工作簿。")
    if magic == _OLE_MAGIC:
        raise InputRejected(
            f"文件“{name}”是旧版 .xls 格式，请在 Excel 中“另存为”.xlsx 格式后再导入。"
        )
    if magic != _ZIP_MAGIC:
        raise InputRejected(f"文件“{name}”不是 Excel 工作簿（.xlsx），无法导入。")


def _unreadable(name: str) -> InputRejected:
    return InputRejected(f"无法读取文件“{name}”：它已损坏或不是有效的 Excel 工作簿（.xlsx）。")


def read_sheet(path: Path, spec: RegisterSpec, progress: Progress) -> SheetData:
    """The data of ``spec`` in the workbook at ``path`` (read-only, cached values)."""
    name = path.name
    if not path.is_file():
        raise InputRejected(f"找不到文件“{path}”。")
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputRejected(f"无法打开文件“{path}”：{os_reason(exc)}。") from exc
    with handle:
        _refuse_unreadable(handle, name)
        try:
            wb = load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:
            raise _unreadable(name) from exc
        try:
            return _read(wb, spec, name, progress)
        except (InputRejected, Cancelled):
            raise
        except Exception as exc:  # damaged XML inside the archive shows up while reading
            raise _unreadable(name) from exc
        finally:
            wb.close()


def _read(wb: Any, spec: RegisterSpec, name: str, progress: Progress) -> SheetData:
    names = list(wb.sheetnames)
    if spec.title in names:
        candidates = [spec.title]
    else:
        candidates = [n for n in names if n not in _AUX_SHEETS] or names
    all_empty = True
    for sheet in candidates:
        found = _read_one(wb[sheet], sheet, spec, name, progress)
        if found is None:
            continue
        if isinstance(found, SheetData):
            return found
        all_empty = False
    if all_empty:
        where = f"工作表“{candidates[0]}”" if len(candidates) == 1 else "所有工作表"
        raise InputRejected(f"文件“{name}”中{where}都是空的，没有可导入的数据。")
    expected = "、".join(f"“{f.label}”" for f in spec.editable_fields if f.required)
    raise InputRejected(
        f"在文件“{name}”中找不到“{spec.title}”的表头行（前{HEADER_SEARCH_ROWS}行中没有"
        f"{expected}等列名）。请使用“{spec.title}”的导入模板或导出的登记表。"
    )


def _read_one(
    ws: Any, sheet: str, spec: RegisterSpec, name: str, progress: Progress
) -> SheetData | bool | None:
    """SheetData; False when the sheet has content but no header; None when it is empty."""
    total = ws.max_row if isinstance(ws.max_row, int) else 0  # the size the file announces
    ws.reset_dimensions()  # read to the real end: a wrong announced size must not cut rows off
    rows = ws.iter_rows(values_only=True)
    head: list[tuple[int, tuple[Any, ...]]] = []
    for number, values in enumerate(rows, 1):
        head.append((number, tuple(values)))
        if number >= HEADER_SEARCH_ROWS:
            break
    if all(_is_empty(values) for _, values in head):
        return None
    best = max(head, key=lambda item: _score(spec, item[1]))
    if _score(spec, best[1]) == 0:
        return False
    data = _header(spec, sheet, *best)
    width = len(best[1])
    progress.report(0, total, f"正在读取“{name}”…")
    pending = [item for item in head if item[0] > best[0]]
    for number, values in _chain(pending, rows, len(head)):
        if _is_empty(values):
            continue
        if len(data.rows) >= MAX_ROWS:
            raise InputRejected(
                f"文件“{name}”的数据超过{MAX_ROWS:,}行，一次最多导入{MAX_ROWS:,}行，请分成几个文件。"
            )
        for index in range(width, len(values)):
            if values[index] is not None and str(values[index]).strip():
                data.problems.append(
                    ImportProblem(
                        sheet, number, f"第{get_column_letter(index + 1)}列", "有数据但没有列名。"
                    )
                )
                break
        data.rows.append((number, values))
        if number % PROGRESS_EVERY == 0:
            progress.report(number, total, f"正在读取“{name}”…")
            progress.check_cancelled()
    if not data.rows and not data.problems:
        raise InputRejected(
            f"文件“{name}”的工作表“{sheet}”在表头（第{data.header_row}行）下没有数据行。"
        )
    return data


def _chain(pending: list[tuple[int, tuple[Any, ...]]], rows: Any, consumed: int) -> Any:
    """The rows after the header: those already read, then the rest of the sheet."""
    yield from pending
    for number, values in enumerate(rows, consumed + 1):
        yield number, tuple(values)


def _header(spec: RegisterSpec, sheet: str, number: int, values: tuple[Any, ...]) -> SheetData:
    by_label = {f.label: f for f in spec.fields}
    allowed = "、".join(f.label for f in spec.editable_fields)
    data = SheetData(sheet, number, {})
    seen: dict[str, int] = {}
    for index, value in enumerate(values):
        label = _label(value)
        if not label:
            continue
        found = by_label.get(label)
        if found is None:
            data.problems.append(
                ImportProblem(
                    sheet,
                    number,
                    label,
                    f"不是“{spec.title}”的列，请删除该列。可用的列：{allowed}。",
                )
            )
            continue
        if label in seen:
            first = get_column_letter(seen[label] + 1)
            data.problems.append(
                ImportProblem(
                    sheet,
                    number,
                    label,
                    f"列名重复（第{first}列和第{get_column_letter(index + 1)}列），只能保留一列。",
                )
            )
            continue
        seen[label] = index
        if found.editable:
            data.columns[index] = found
    for f in spec.editable_fields:
        if f.required and f.label not in seen:
            data.problems.append(ImportProblem(sheet, number, f.label, "缺少这一必填列。"))
    return data
