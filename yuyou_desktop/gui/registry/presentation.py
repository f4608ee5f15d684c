"""How register values look in the GUI: status colours, column widths, a record's name."""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFontMetrics

from yuyou_desktop.domain.enums import CertificateStatus, ExamResult, FilingStatus, UnitStatus
from yuyou_desktop.services.registry.fields import DERIVED, ENUM, PERSON, UNIT, display

if TYPE_CHECKING:
    from yuyou_desktop.services.registry.fields import Field
    from yuyou_desktop.services.registry.query import RecordRow
    from yuyou_desktop.services.registry.specs import RegisterSpec

RED = "#b00020"
ORANGE = "#b85c00"
GREEN = "#2e7d32"
GREY = "#6b6b6b"

# enum value → colour, for the enums that say whether something needs action
STATUS_COLOURS = MappingProxyType(
    {
        CertificateStatus: MappingProxyType(
            {
                CertificateStatus.VALID.value: GREEN,
                CertificateStatus.EXPIRING.value: ORANGE,
                CertificateStatus.EXPIRED.value: RED,
                CertificateStatus.REVOKED.value: RED,
                CertificateStatus.NOT_YET.value: GREY,
            }
        ),
        FilingStatus: MappingProxyType(
            {
                FilingStatus.ON_TIME.value: GREEN,
                FilingStatus.LATE.value: ORANGE,
                FilingStatus.MISSING.value: RED,
            }
        ),
        UnitStatus: MappingProxyType(
            {UnitStatus.SUSPENDED.value: ORANGE, UnitStatus.ABOLISHED.value: RED}
        ),
        ExamResult: MappingProxyType(
            {
                ExamResult.PASSED.value: GREEN,
                ExamResult.FAILED.value: RED,
                ExamResult.ABSENT.value: RED,
            }
        ),
    }
)

# derived in Python by the service (not an SQL expression), so the list cannot sort by it
UNSORTABLE = frozenset({"filing_status"})


# shorter labels for the filter bar, where a long field label would crowd the row
FILTER_LABELS = MappingProxyType({"law_exam": "法律知识考试"})


def filter_label(field: Field) -> str:
    return FILTER_LABELS.get(field.key, field.label)


def status_colour(field: Field, value: object) -> QColor | None:
    """The colour of a status value (已过期 red, 即将到期 orange, …), or None."""
    if field.enum is None or value is None:
        return None
    colours = STATUS_COLOURS.get(field.enum)
    name = colours.get(str(value)) if colours else None
    return QColor(name) if name else None


def is_alert(field: Field, value: object) -> bool:
    """Values shown in bold: those that call for action (red or orange)."""
    colour = status_colour(field, value)
    return colour is not None and colour.name() in (RED, ORANGE)


def sortable(field: Field) -> bool:
    return field.key not in UNSORTABLE


def is_numeric(field: Field) -> bool:
    return field.kind in ("int", "float")


def column_width(field: Field, metrics: QFontMetrics) -> int:
    """Pixels for a column: the spec's width (spreadsheet characters), at least the header."""
    digit = metrics.horizontalAdvance("0")
    wanted = field.width * digit + 16
    header = metrics.horizontalAdvance(field.label) + 28  # room for the sort arrow
    return min(max(wanted, header), 420)


def describe(spec: RegisterSpec, row: RecordRow) -> str:
    """A short name of a record for questions and titles, e.g. “右玉县市场监督管理局”."""
    values = row.values
    if values.get("name"):
        return str(values["name"])
    parts = [display(spec.field(key), values.get(key)) for key in spec.natural_key]
    if "person_name" in values and values.get("person_name"):
        parts.insert(0, str(values["person_name"]))
    if "body_name" in values and values.get("body_name"):
        parts.append(str(values["body_name"]))
    return " ".join(p for p in parts if p) or "这条记录"


def is_choice(field: Field) -> bool:
    return field.kind in (ENUM, UNIT)


def is_reference(field: Field) -> bool:
    return field.kind in (UNIT, PERSON)


def is_derived(field: Field) -> bool:
    return field.kind == DERIVED
