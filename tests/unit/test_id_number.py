"""身份证号 (GB 11643): check digit, birth date, and the messages a clerk sees."""

from __future__ import annotations

from datetime import date

import pytest

from yuyou_desktop.domain.id_number import check_character, validate_id_number
from yuyou_desktop.errors import FieldError

VALID = "11010519491231002X"  # the GB 11643 sample


def test_the_standard_sample_is_valid_and_lower_case_x_is_normalised():
    assert validate_id_number(VALID) == VALID
    assert validate_id_number(" 11010519491231002x ") == VALID


def test_every_single_digit_typo_is_caught():
    for position in range(17):
        for digit in "0123456789":
            if digit == VALID[position]:
                continue
            typo = VALID[:position] + digit + VALID[position + 1 :]
            if check_character(typo[:17]) == typo[17]:
                continue  # (impossible for one changed digit, but keep the test honest)
            with pytest.raises(FieldError):
                validate_id_number(typo)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "不能为空"),
        ("1101051949123100", "应为18位，实际为16位"),
        ("11010519491231002XX", "应为18位，实际为19位"),
        ("1101051949123100AX", "前17位只能是数字"),
        ("11010519491231002Y", "第18位只能是数字或X"),
        ("110105194902300028", "不是有效日期"),
        ("110105180001010023", "不合理"),
        ("110105209901010020", "不合理"),
        ("110105194912310021", "校验位错误：第18位应为“X”，实际为“1”"),
    ],
)
def test_bad_numbers_name_the_field_and_say_why(raw, reason):
    with pytest.raises(FieldError) as caught:
        validate_id_number(raw, today=date(2026, 11, 22))
    assert caught.value.field == "身份证号"
    assert reason in caught.value.message


def test_custom_field_label_is_used_in_the_message():
    with pytest.raises(FieldError) as caught:
        validate_id_number("123", field="持证人身份证号")
    assert caught.value.message.startswith("持证人身份证号：")
