"""``yuyou reviews campaigns|results|export`` and ``yuyou standards list|export|import`` as a
county administrator or a script uses them: what they print agrees with the services, refusals
exit with 3 and a Chinese reason on stderr, and a refused import stores nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import TOWNSHIP, file_state
from tests.integration import review_support as rs
from yuyou_desktop.domain.scoring_file import CASE_TYPES, standard_from_data

# ScoringStandard.version (the standard's version number) is also the sync row version, which
# change tracking sets to 1 on every insert: storing version 2 breaks the unique index.


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return rs.make_template(tmp_path_factory.mktemp("reviews"))


@pytest.fixture
def built(template, data_paths) -> rs.Built:
    """The campaign of ``review_support`` in this test's data folder."""
    return rs.copy_template(template, data_paths)


def ok(result) -> str:
    assert (result.code, result.err) == (0, ""), result.err
    return result.out


def refused(result, reason: str) -> None:
    """Exit 3, nothing on stdout, one ``错误：`` message on stderr naming ``reason``."""
    assert result.code == 3, (result.out, result.err)
    assert result.out == ""
    assert result.err.startswith("错误：") and reason in result.err, result.err


def text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# ---------------------------------------------------------------- reviews campaigns


def test_campaigns_json_lists_each_campaign_with_its_progress(yuyou, built, services):
    data = json.loads(ok(yuyou("reviews", "campaigns", "--json")))
    listed = services.campaigns.list()  # the demonstration data has campaigns of its own
    expected = [
        {
            "id": c.id,
            "name": c.name,
            "year": c.year,
            "units": c.units,
            "files": c.files,
            "sampled": c.sampled,
            "finalised": c.finalised,
            "stage": c.stage,
            "seed": c.sample_seed,
        }
        for c in listed
    ]
    assert data == {"total": len(listed), "rows": expected}
    (row,) = [r for r in data["rows"] if r["id"] == built.campaign_id]
    assert (row["name"], row["year"], row["units"], row["files"]) == (rs.CAMPAIGN, rs.YEAR, 3, 8)
    assert (row["sampled"], row["finalised"], row["stage"], row["seed"]) == (
        5,
        4,
        "评查中",
        rs.SEED,
    )


def test_campaigns_prints_a_table_with_the_id_to_type_next(yuyou, built, services):
    lines = ok(yuyou("reviews", "campaigns")).splitlines()
    count = len(services.campaigns.list())
    assert lines[0] == "编号\t名称\t年度\t单位\t登记案卷\t抽中\t已定稿\t阶段\t随机种子"
    row = f"{built.campaign_id}\t{rs.CAMPAIGN}\t{rs.YEAR}\t3\t8\t5\t4\t评查中\t{rs.SEED}"
    assert row in lines[1:-1] and len(lines) == count + 2
    assert lines[-1] == f"共 {count} 个评查活动。"


def test_an_office_without_campaigns_says_so(yuyou, county):
    county.database.close()
    assert ok(yuyou("reviews", "campaigns")) == "还没有评查活动。\n"
    assert json.loads(ok(yuyou("reviews", "campaigns", "--json"))) == {"total": 0, "rows": []}


# ---------------------------------------------------------------- reviews results


def test_results_json_gives_the_units_files_and_defects_the_services_give(yuyou, built, services):
    data = json.loads(ok(yuyou("reviews", "results", built.campaign_id, "--json")))
    found = services.review_results.results(built.campaign_id)
    assert data["campaign"]["id"] == built.campaign_id
    assert (data["sampled"], data["finalised"]) == (5, 4)
    assert data["units"] == [
        {
            "rank": u.rank,
            "unit_id": u.unit_id,
            "name": u.unit_name,
            "files": u.files,
            "finalised": u.finalised,
            "mean": text(u.mean),
            "grade": u.grade,
            "grades": dict(u.grades),
        }
        for u in found.units
    ]
    by_name = {u["name"]: u for u in data["units"]}
    assert by_name[rs.LAND] | {"unit_id": None} == {
        "rank": 1,
        "unit_id": None,
        "name": rs.LAND,
        "files": 1,
        "finalised": 1,
        "mean": "100.0",
        "grade": "优秀",
        "grades": {"优秀": 1, "合格": 0, "不合格": 0},
    }
    assert (by_name[rs.TRANSPORT]["rank"], by_name[rs.TRANSPORT]["mean"]) == (3, "55.0")
    files = [
        (f["unit"], f["case_number"], f["final_score"], f["grade"], f["stage"])
        for f in data["files"]
    ]
    assert files == [
        (r.file.unit_name, r.file.case_number, text(r.file.final_score), r.file.final_grade,
         r.file.stage)
        for r in found.files
    ]  # fmt: skip
    assert [[(x["name"], x["score"]) for x in f["reviewers"]] for f in data["files"]] == [
        [(x.name, text(x.total)) for x in r.file.reviewers] for r in found.files
    ]
    vetoed = next(f for f in data["files"] if f["final_score"] == "55.0")
    assert vetoed["needs_discussion"] and vetoed["discussion_note"] == "经合议，认定证据不足"
    assert [(x["category"], x["count"], x["points"]) for x in vetoed["findings"]] == [
        ("否决项", 1, "0"),
        ("程序", 1, "5"),
    ]
    assert [(d["text"], d["files"], d["defects"]) for d in data["defects"]] == [
        (d.text, d.files, d.defects) for d in found.defects
    ]


def test_results_prints_the_ranking_the_files_with_their_problems_and_the_defects(
    yuyou, built, services
):
    out = ok(yuyou("reviews", "results", built.campaign_id))
    lines = out.splitlines()
    assert lines[0] == f"{rs.CAMPAIGN}结果汇总表"
    assert lines[1] == f"评查年度：{rs.YEAR}　抽查案卷 5 份，已定稿 4 份　随机种子：{rs.SEED}"
    ranking = lines.index("【单位排名】")
    assert lines[ranking + 1] == "排名\t单位\t抽查案卷数\t已定稿\t平均分\t等次\t优秀\t合格\t不合格"
    assert lines[ranking + 2] == f"1\t{rs.LAND}\t1\t1\t100.0\t优秀\t1\t0\t0"
    assert lines[ranking + 4] == f"3\t{rs.TRANSPORT}\t2\t1\t55.0\t不合格\t0\t0\t1"
    vetoed, pending = built.drawn[rs.TRANSPORT]
    (file_line,) = [x for x in lines if x.startswith(f"{rs.TRANSPORT}\t{vetoed.case_number}\t")]
    assert file_line.endswith("\t55.0\t不合格\t是")
    after = lines[lines.index(file_line) + 1 : lines.index(file_line) + 4]
    assert after[0].startswith("\t") and after[0].endswith(
        "：【否决项】认定事实不清、主要证据不足（主要证据只有一份询问笔录）"
    )
    assert after[1].endswith("：【程序】未告知陈述、申辩或听证权利，1处，扣5分")
    assert after[2] == "\t合议意见：经合议，认定证据不足"
    (pending_line,) = [x for x in lines if f"\t{pending.case_number}\t" in x]
    assert pending_line.endswith("未评分\t评查中\t—\t—")
    defects = lines.index("【常见问题】（只计已定稿的案卷）")
    found = services.review_results.results(built.campaign_id)
    assert lines[defects + 2 :] == [
        f"{n}\t{d.case_type}\t{d.category}\t{d.text}\t{d.files}\t{d.defects}"
        for n, d in enumerate(found.defects, 1)
    ]


@pytest.mark.parametrize("command", ["results", "export"])
def test_an_unknown_campaign_id_is_refused_and_writes_nothing(yuyou, built, tmp_path, command):
    folder = tmp_path / "导出"
    folder.mkdir()
    extra = ("--out", str(folder / "结果.xlsx")) if command == "export" else ()
    result = yuyou("reviews", command, "01a00000-0000-7000-8000-000000000000", *extra)
    refused(result, "找不到编号为“01a00000-0000-7000-8000-000000000000”的评查活动")
    assert "yuyou reviews campaigns" in result.err
    assert list(folder.iterdir()) == []


# ---------------------------------------------------------------- reviews export


def test_export_writes_the_workbook_and_says_what_it_holds(yuyou, built, tmp_path, services):
    dest = tmp_path / "评查结果汇总表.xlsx"
    out = ok(yuyou("reviews", "export", built.campaign_id, "--out", str(dest)))
    assert out == (
        f"已将“{rs.CAMPAIGN}”的评查结果汇总表写入 {dest}（3 个单位，抽查案卷 5 份，已定稿 4 份）\n"
    )
    wb = load_workbook(dest)
    found = services.review_results.results(built.campaign_id)
    assert wb.sheetnames == ["汇总", "常见问题", *(u.unit_name for u in found.units)]
    means = [row[4] for row in wb["汇总"].iter_rows(min_row=4, max_row=6, values_only=True)]
    assert means == [float(u.mean) for u in found.units]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("没有的文件夹/结果.xlsx", "文件或所在文件夹不存在，未生成评查结果汇总表。"),
        ("结果.xls", "“结果.xls”不是 .xlsx 文件名"),
    ],
)
def test_export_to_an_unwritable_place_is_refused_and_leaves_no_file(
    yuyou, built, tmp_path, name, reason
):
    folder = tmp_path / "导出"
    folder.mkdir()
    result = yuyou("reviews", "export", built.campaign_id, "--out", str(folder / name))
    refused(result, reason)
    assert file_state(folder) == {}


def test_help_is_in_chinese(yuyou, capsys):
    assert yuyou("reviews", "--help").code == 0
    out = capsys.readouterr().out
    assert "列出评查活动" in out and "导出为汇总表" in out
    assert yuyou("standards", "import", "--help").code == 0
    assert "保存为该案件类型的新版本（仅县司法局）" in capsys.readouterr().out


# ---------------------------------------------------------------- standards


def versions(yuyou) -> dict[str, list[int]]:
    data = json.loads(ok(yuyou("standards", "list", "--json")))
    return {t["case_type"]: [v["version"] for v in t["versions"]] for t in data["case_types"]}


def test_standards_list_shows_every_case_type_with_its_versions(yuyou, county):
    county.database.close()
    data = json.loads(ok(yuyou("standards", "list", "--json")))
    assert [t["case_type"] for t in data["case_types"]] == list(CASE_TYPES)
    assert [t["short_name"] for t in data["case_types"]] == [
        "penalty",
        "licence",
        "coercion",
        "inspection",
    ]
    assert all(t["current"] == 1 and len(t["versions"]) == 1 for t in data["case_types"])
    lines = ok(yuyou("standards", "list")).splitlines()
    assert lines[0] == "案件类型\t版本\t名称\t保存日期\t说明"
    assert lines[1].startswith(
        "行政处罚一般程序\t第1版（当前）\t行政处罚案卷评查标准（一般程序）\t"
    )
    assert lines[1].endswith("\t程序自带的默认标准")
    assert len(lines) == 1 + len(CASE_TYPES) + 1


@pytest.mark.parametrize("name", ["penalty", "PENALTY", "行政处罚一般程序", "行政处罚"])
def test_standards_export_takes_the_chinese_name_or_the_short_name(yuyou, county, tmp_path, name):
    dest = tmp_path / "处罚.json"
    out = ok(yuyou("standards", "export", name, "--out", str(dest)))
    current = county.standards.current("行政处罚一般程序")
    assert out == f"已将“{current.name}”（行政处罚一般程序）第1版导出到 {dest}\n"
    assert standard_from_data(json.loads(dest.read_text(encoding="utf-8"))) == current.standard


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("行政复议",), "案件类型“行政复议”不是可选的值（行政处罚一般程序、行政许可、行政强制"),
        (("licence", "--version", "2"), "“行政许可”没有第2版评查标准"),
    ],
)
def test_standards_export_refuses_an_unknown_type_or_version(
    yuyou, county, tmp_path, capsys, args, reason
):
    county.database.close()
    dest = tmp_path / "导出" / "标准.json"
    dest.parent.mkdir()
    refused(yuyou("standards", "export", *args, "--out", str(dest)), reason)
    assert not dest.exists()
    result = yuyou("standards", "export", "licence", "--version", "0", "--out", str(dest))
    assert result.code == 2  # a usage error, from argparse
    assert "用法错误：参数 --version：应为正整数，实际为“0”" in capsys.readouterr().err


def test_standards_export_to_a_missing_folder_is_refused(yuyou, county, tmp_path):
    county.database.close()
    result = yuyou("standards", "export", "penalty", "--out", str(tmp_path / "没有" / "a.json"))
    refused(result, "无法写入文件")
    assert "文件或所在文件夹不存在" in result.err


def export_penalty(yuyou, dest: Path) -> dict:
    ok(yuyou("standards", "export", "penalty", "--out", str(dest)))
    return json.loads(dest.read_text(encoding="utf-8"))


def test_importing_the_current_version_unchanged_is_refused(yuyou, county, tmp_path):
    county.database.close()
    path = tmp_path / "处罚.json"
    export_penalty(yuyou, path)
    before = versions(yuyou)
    refused(yuyou("standards", "import", str(path)), "评查标准与当前第1版完全相同，没有保存新版本")
    assert versions(yuyou) == before


def test_an_edited_standard_exported_and_imported_again_round_trips(yuyou, county, tmp_path):
    county.database.close()
    data = export_penalty(yuyou, tmp_path / "第1版.json")
    data["categories"][0]["items"][0]["points"] = "1.5"
    edited = tmp_path / "修订.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = ok(yuyou("standards", "import", str(edited)))
    assert out.startswith(
        "已导入“行政处罚案卷评查标准（一般程序）”（行政处罚一般程序），保存为第2版。"
    )
    assert versions(yuyou)["行政处罚一般程序"] == [2, 1]
    again = export_penalty(yuyou, tmp_path / "第2版.json")
    assert standard_from_data(again) == standard_from_data(data | {"version": 2})
    old = tmp_path / "旧.json"
    ok(yuyou("standards", "export", "penalty", "--version", "1", "--out", str(old)))
    assert old.read_bytes() == (tmp_path / "第1版.json").read_bytes()


def _sum_95(data: dict) -> dict:
    data["categories"][0]["max_points"] = 5  # 10 → 5: the categories add up to 95
    return data


@pytest.mark.parametrize(
    ("write", "reason"),
    [
        pytest.param(
            lambda p, d: p.write_text('{"case_type": ', "utf-8"), "第1行第", id="bad-json"
        ),
        pytest.param(
            lambda p, d: p.write_text(json.dumps(_sum_95(d), ensure_ascii=False), "utf-8"),
            "各类别分值合计为95分，应为100分",
            id="sum-95",
        ),
        pytest.param(
            lambda p, d: p.write_text(
                json.dumps(d | {"case_type": "行政征收"}, ensure_ascii=False), "utf-8"
            ),
            "案件类型“行政征收”不是可选的值",
            id="unknown-case-type",
        ),
        pytest.param(lambda p, d: p.write_bytes(b""), "是空的", id="empty"),
        pytest.param(lambda p, d: p.mkdir(), "这是一个文件夹，不是文件", id="directory"),
    ],
)
def test_an_unusable_standard_file_is_refused_and_nothing_is_stored(
    yuyou, county, tmp_path, write, reason
):
    county.database.close()
    data = export_penalty(yuyou, tmp_path / "处罚.json")
    before = versions(yuyou)
    path = tmp_path / "标准.json"
    write(path, data)
    refused(yuyou("standards", "import", str(path)), reason)
    assert versions(yuyou) == before == {t: [1] for t in CASE_TYPES}


def test_a_township_office_cannot_import_a_standard(yuyou, tmp_path):
    init = ("init", "--role", "township", "--office-code", TOWNSHIP["code"])
    ok(yuyou(*init, "--office-name", TOWNSHIP["name"], "--prefix", TOWNSHIP["prefix"]))
    data = export_penalty(yuyou, tmp_path / "处罚.json")  # the township may read the standard
    data["categories"][0]["items"][0]["points"] = "1.5"
    path = tmp_path / "县局下发.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = versions(yuyou)
    refused(
        yuyou("standards", "import", str(path)),
        "评查标准由县司法局统一制定和下发，乡镇司法所不能导入评查标准。",
    )
    assert versions(yuyou) == before
