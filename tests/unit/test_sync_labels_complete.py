"""Every synchronised table has a Chinese name for the sync tab's summaries and conflicts."""

from __future__ import annotations

from yuyou_desktop.services.sync.status import TABLE_LABELS
from yuyou_desktop.sync.rows import apply_order


def test_every_synchronised_table_has_a_chinese_label():
    missing = [name for name in apply_order() if name not in TABLE_LABELS]
    assert missing == []
    assert all(not label.isascii() for label in TABLE_LABELS.values())
