"""``yuyou export | import | template | list`` as a county administrator or a script uses them."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from tests.integration.excel_support import (
    IMPORT_ORDER,
    MARKET,
    ZHANG,
    bad_check,
    counts,
    labels,
    person_number,
    populate,
    write_book,
)

PEOPLE = ["姓名", "身份证号", "人员类别", "所属单位", "联系电话"]


@pytest.fixture
def filled(county):
    populate(county)
    county.database.close()
    return county


def test_export_writes_the_register_and_says_how_many(yuyou, filled, tmp_path):
    dest = tmp_path / "units.xlsx"
    result = yuyou("export", "units", "--out", str(dest))
    assert result.code == 0, result.err
    assert result.out == f"已导出“行政执法主体”2 条到 {dest}\n"
    ws = load_workbook(dest)["行政执法主体"]
    assert ws["A1"].value == "行政执法主体登记表"
    assert [c.value for c in ws[3]] == labels("units", editable_only=False)
    assert ws.max_row == 5


def test_export_then_import_of_every_register_changes_nothing(yuyou, filled, tmp_path):
    before = counts(filled)
    for name in IMPORT_ORDER:
        dest = tmp_path / f"{name}.xlsx"
        assert yuyou("export", name, "--out", str(dest)).code == 0
        result = yuyou("import", name, str(dest))
        assert result.code == 0, result.err
        assert "新增 0 条，更新 0 条" in result.out
    assert counts(filled) == before


def test_template_is_written(yuyou, filled, tmp_path):
    dest = tmp_path / "导入模板.xlsx"
    result = yuyou("template", "contact-points", "--out", str(dest))
    assert result.code == 0
    assert "导入模板" in result.out
    wb = load_workbook(dest)
    assert [c.value for c in wb["监督联系点"][1]] == labels("contact-points")
    assert "填写说明" in wb.sheetnames


def test_import_adds_and_updates_and_prints_the_counts(yuyou, filled, tmp_path):
    path = write_book(
        tmp_path / "p.xlsx",
        PEOPLE,
        [
            ["张三", ZHANG, "执法人员", MARKET, "13511112222"],
            ["新人", person_number(7), "联络员", "", ""],
        ],
    )
    result = yuyou("import", "people", str(path))
    assert result.code == 0, result.err
    assert result.out == "已导入“人员”：新增 1 条，更新 1 条，不变 0 条。\n"
    listed = json.loads(yuyou("list", "people", "--search", "张三", "--json").out)
    assert listed["rows"][0]["values"]["phone"] == "13511112222"


def test_dry_run_prints_what_would_change_and_writes_nothing(yuyou, filled, tmp_path):
    path = write_book(
        tmp_path / "p.xlsx",
        PEOPLE,
        [
            ["张三", ZHANG, "执法人员", MARKET, "13511112222"],
            ["新人", person_number(7), "联络员", "", ""],
        ],
    )
    before = counts(filled)
    filled.database.close()
    db_before = filled.database.path.read_bytes()
    result = yuyou("import", "people", str(path), "--dry-run")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"第2行 更新 张三（{ZHANG}）（改动：联系电话）"
    assert lines[1] == f"第3行 新增 新人（{person_number(7)}）"
    assert lines[2] == "试导入“人员”：将新增 1 条，更新 1 条，不变 0 条。未写入任何数据。"
    assert filled.database.path.read_bytes() == db_before
    assert counts(filled) == before


def test_a_refused_import_exits_3_with_one_line_per_problem_on_stderr(yuyou, filled, tmp_path):
    path = write_book(
        tmp_path / "p.xlsx",
        PEOPLE,
        [
            ["甲", person_number(8), "执法人员", "", ""],
            ["乙", bad_check(person_number(9)), "执法人员", "", ""],
            ["丙", person_number(10), "局长", "", ""],
        ],
        sheet="人员",
    )
    before = counts(filled)
    result = yuyou("import", "people", str(path))
    assert result.code == 3
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines[0] == "错误：导入被拒绝：发现 2 处错误，未写入任何数据。"
    assert lines[1].startswith("人员 第3行 身份证号：校验位错误")
    assert lines[2].startswith("人员 第4行 人员类别：“局长”不是可选值")
    assert len(lines) == 3
    assert counts(filled) == before


def test_import_json_reports_rows_and_errors(yuyou, filled, tmp_path):
    good = write_book(tmp_path / "g.xlsx", PEOPLE, [["新人", person_number(7), "联络员", "", ""]])
    result = yuyou("import", "people", str(good), "--json", "--dry-run")
    data = json.loads(result.out)
    assert (result.code, data["ok"], data["written"], data["added"]) == (0, True, False, 1)
    assert data["rows"] == [
        {"row": 2, "action": "新增", "key": f"新人（{person_number(7)}）", "changes": []}
    ]
    bad = write_book(tmp_path / "b.xlsx", ["姓名"], [["甲"]])
    result = yuyou("import", "people", str(bad), "--json")
    data = json.loads(result.out)
    assert result.code == 3
    assert {e["column"] for e in data["errors"]} == {"身份证号", "人员类别"}
    assert all(e["row"] == 1 and e["sheet"] == "Sheet" for e in data["errors"])


def test_an_unreadable_file_exits_3_with_one_line(yuyou, filled, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    result = yuyou("import", "units", str(path))
    assert result.code == 3
    assert result.err == "错误：文件“名单.xlsx”不是 Excel 工作簿（.xlsx），无法导入。\n"
    missing = yuyou("import", "units", str(tmp_path / "没有.xlsx"))
    assert missing.code == 3 and "找不到文件" in missing.err


def test_list_json_has_field_keys_values_and_display_text(yuyou, filled):
    result = yuyou("list", "people", "--search", "张三", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["register"] == "people" and data["total"] == 1
    assert {"key": "role", "label": "人员类别"} in data["columns"]
    row = data["rows"][0]
    assert row["values"]["id_number"] == ZHANG and row["values"]["role"] == "enforcement"
    assert row["display"]["role"] == "执法人员" and row["display"]["unit"] == MARKET
    assert row["display"]["legal_qualification"] == "是"
    certs = json.loads(yuyou("list", "certificates", "--json").out)
    assert {r["display"]["status"] for r in certs["rows"]} == {"有效", "即将到期", "已注销"}
    assert all(len(r["values"]["valid_to"]) == 10 for r in certs["rows"])  # ISO dates


def test_list_as_text_and_limit(yuyou, filled):
    result = yuyou("list", "trainings", "--limit", "1")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split("\t") == labels("trainings", editable_only=False)
    assert len(lines) == 3
    assert lines[-1] == "共 2 条，列出前 1 条。"


@pytest.mark.parametrize(
    "args",
    [
        ("list", "nonsense"),
        ("export", "persons", "--out", "x.xlsx"),
        ("export", "units"),
        ("list", "units", "--limit", "0"),
    ],
)
def test_usage_errors_exit_2(yuyou, filled, args, capsys):
    result = yuyou(*args)
    assert result.code == 2
    assert "用法错误" in capsys.readouterr().err
