"""统一社会信用代码 (GB 32100-2015) validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yuyou_desktop.domain.credit_code import ALPHABET, check_character, validate_credit_code
from yuyou_desktop.errors import FieldError

UNITS = Path(__file__).resolve().parents[2] / "resources" / "demo" / "units.json"
DEMO_CODES = [u["credit_code"] for u in json.loads(UNITS.read_text("utf-8"))["units"]]
# A published, real-world code (the check character is independently known to be correct).
KNOWN_GOOD = "91350100M000100Y43"
FIELD = "统一社会信用代码"


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("code", DEMO_CODES)
def test_demo_codes_are_valid(code: str) -> None:
    assert validate_credit_code(code) == code


def test_independently_known_code_is_valid() -> None:
    assert validate_credit_code(KNOWN_GOOD) == KNOWN_GOOD


def test_lower_case_and_surrounding_spaces_are_normalised() -> None:
    assert validate_credit_code(f"  {KNOWN_GOOD.lower()}\t") == KNOWN_GOOD


@pytest.mark.parametrize("code", [*DEMO_CODES[:5], KNOWN_GOOD])
def test_every_other_check_character_is_rejected(code: str) -> None:
    for wrong in ALPHABET:
        if wrong == code[17]:
            continue
        with pytest.raises(FieldError) as info:
            validate_credit_code(code[:17] + wrong)
        assert info.value.field == FIELD
        assert "校验位" in info.value.reason
        assert code[17] in info.value.reason  # tells the user the expected character


def test_single_character_typo_is_detected() -> None:
    code = KNOWN_GOOD
    for pos in range(17):
        for ch in ALPHABET:
            if ch == code[pos]:
                continue
            typo = code[:pos] + ch + code[pos + 1 :]
            with pytest.raises(FieldError):
                validate_credit_code(typo)


@pytest.mark.parametrize("length", [1, 15, 17, 19, 20])
def test_wrong_length_is_rejected_with_the_actual_length(length: int) -> None:
    raw = (KNOWN_GOOD * 2)[:length]
    with pytest.raises(FieldError) as info:
        validate_credit_code(raw)
    assert info.value.field == FIELD
    assert "18" in info.value.reason
    assert str(length) in info.value.reason
    assert _has_cjk(info.value.reason)


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_forbidden_letters_are_rejected(letter: str) -> None:
    raw = KNOWN_GOOD[:10] + letter + KNOWN_GOOD[11:]
    with pytest.raises(FieldError) as info:
        validate_credit_code(raw)
    assert info.value.field == FIELD
    assert letter in info.value.reason
    assert "不允许" in info.value.reason


def test_forbidden_letter_in_lower_case_is_rejected_too() -> None:
    with pytest.raises(FieldError, match="O"):
        validate_credit_code(KNOWN_GOOD[:10].lower() + "o" + KNOWN_GOOD[11:])


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_empty_is_rejected(raw: str | None) -> None:
    with pytest.raises(FieldError) as info:
        validate_credit_code(raw)  # type: ignore[arg-type]
    assert info.value.field == FIELD
    assert "不能为空" in info.value.reason


def test_message_names_the_field_given_by_the_caller() -> None:
    with pytest.raises(FieldError) as info:
        validate_credit_code("123", field="委托单位信用代码")
    assert info.value.field == "委托单位信用代码"
    assert info.value.message.startswith("委托单位信用代码：")


def test_field_error_is_input_rejected_with_exit_code_3() -> None:
    with pytest.raises(FieldError) as info:
        validate_credit_code("")
    assert info.value.exit_code == 3


def test_check_character_matches_the_standard_formula() -> None:
    # GB 32100: C18 = 31 - (sum(Ci * Wi) mod 31); 31 maps to 0.
    weights = [pow(3, i, 31) for i in range(17)]
    body = KNOWN_GOOD[:17]
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True))
    assert check_character(body) == ALPHABET[(31 - total % 31) % 31] == KNOWN_GOOD[17]
