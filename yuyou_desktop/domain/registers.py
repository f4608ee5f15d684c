"""Rules of the registers that do not depend on storage: certificate status, filing status."""

from __future__ import annotations

from datetime import date, timedelta

from yuyou_desktop.domain.enums import CertificateStatus, FilingStatus
from yuyou_desktop.errors import FieldError


def certificate_status(
    valid_from: date | None,
    valid_to: date | None,
    revoked_on: date | None,
    today: date,
    expiring_days: int,
) -> CertificateStatus:
    if revoked_on is not None:  # also a future date: the number is no longer held
        return CertificateStatus.REVOKED
    if valid_from is not None and valid_from > today:
        return CertificateStatus.NOT_YET
    if valid_to is not None:
        if valid_to < today:
            return CertificateStatus.EXPIRED
        if valid_to <= today + timedelta(days=expiring_days):
            return CertificateStatus.EXPIRING
    return CertificateStatus.VALID


def check_certificate_dates(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise FieldError(
            "有效期至",
            f"不能早于有效期起（{valid_from.isoformat()}），实际为 {valid_to.isoformat()}。",
        )


def filing_deadline(year: int, month_day: str) -> date:
    """The filing deadline of ``year`` from a "MM-DD" setting (default "12-31")."""
    month, day = (int(part) for part in month_day.split("-"))
    return date(year, month, day)


def filing_status(filed_on: date | None, deadline: date) -> FilingStatus:
    if filed_on is None:
        return FilingStatus.MISSING
    return FilingStatus.LATE if filed_on > deadline else FilingStatus.ON_TIME
