"""Rates as the reports print them: a part of a whole in per cent, half up to 0.1."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

TENTH = Decimal("0.1")


def percent(part: int | Decimal, whole: int | Decimal, scale: int = 100) -> Decimal | None:
    """``part`` / ``whole`` × ``scale``, half up to 0.1; None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * scale / Decimal(whole)).quantize(TENTH, ROUND_HALF_UP)
