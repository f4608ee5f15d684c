"""UUIDv7 record identifiers and enums with Chinese labels."""

from __future__ import annotations

import time
import uuid

import pytest

from yuyou_desktop.domain.enums import (
    LabelledEnum,
    OfficeRole,
    UnitKind,
    UnitLevel,
    UnitStatus,
)
from yuyou_desktop.domain.ids import uuid7


def test_uuid7_is_a_version_7_rfc_uuid_in_canonical_text() -> None:
    for _ in range(200):
        text = uuid7()
        value = uuid.UUID(text)
        assert str(value) == text
        assert len(text) == 36
        assert value.version == 7
        assert value.variant == uuid.RFC_4122
        assert (value.int >> 62) & 0b11 == 0b10


def test_uuid7_carries_its_millisecond_timestamp() -> None:
    ms = 1_767_225_600_123
    assert uuid.UUID(uuid7(ms)).int >> 80 == ms
    before = time.time_ns() // 1_000_000
    stamp = uuid.UUID(uuid7()).int >> 80
    after = time.time_ns() // 1_000_000
    assert before <= stamp <= after


def test_uuid7_sorts_by_time_across_milliseconds() -> None:
    base = 1_767_225_600_000
    ids = [uuid7(base + offset) for offset in range(0, 5000, 7)]
    assert sorted(ids) == ids  # text order is time order
    # whatever the random bits are
    assert uuid7(base) < uuid7(base + 1)


def test_uuid7_sorts_by_wall_clock() -> None:
    first = uuid7()
    deadline = time.monotonic() + 1
    second = uuid7()
    while (uuid.UUID(second).int >> 80) == (uuid.UUID(first).int >> 80):
        assert time.monotonic() < deadline
        second = uuid7()
    assert first < second


def test_uuid7_is_unique_within_one_millisecond() -> None:
    ids = {uuid7(1_767_225_600_000) for _ in range(10_000)}
    assert len(ids) == 10_000


def test_uuid7_keeps_random_bits_outside_version_and_variant() -> None:
    values = [uuid.UUID(uuid7(0)).int for _ in range(64)]
    rand_a = {(v >> 64) & 0xFFF for v in values}
    rand_b = {v & ((1 << 62) - 1) for v in values}
    assert len(rand_a) > 1 and len(rand_b) == 64


@pytest.mark.parametrize(
    ("enum", "labels"),
    [
        (OfficeRole, ["乡镇司法所", "县司法局"]),
        (UnitKind, ["法定行政机关", "法律法规授权组织", "受委托组织"]),
        (UnitLevel, ["县级", "乡镇"]),
        (UnitStatus, ["正常", "暂停执法", "已撤销"]),
    ],
)
def test_labels_in_declaration_order(enum: type[LabelledEnum], labels: list[str]) -> None:
    assert enum.labels() == labels
    for member in enum:
        assert enum.from_label(member.label) is member


def test_members_are_stored_by_their_english_value() -> None:
    assert OfficeRole("county") is OfficeRole.COUNTY
    assert OfficeRole.COUNTY == "county"
    assert str(OfficeRole.TOWNSHIP) == "township"
    assert OfficeRole.TOWNSHIP.value == "township"
    assert OfficeRole.TOWNSHIP.label == "乡镇司法所"
    assert UnitStatus.SUSPENDED.label == "暂停执法"


def test_from_label_rejects_unknown_labels_and_values() -> None:
    with pytest.raises(ValueError):
        OfficeRole.from_label("市司法局")
    with pytest.raises(ValueError):
        OfficeRole.from_label("county")  # a value is not a label
    with pytest.raises(ValueError):
        OfficeRole("县司法局")  # a label is not a value
