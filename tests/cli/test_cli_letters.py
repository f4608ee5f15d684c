"""``yuyou letters list|render|issue|types|specimen|fonts`` as a county clerk or a script uses
them: the PDFs written are what the services hold (an issued letter byte for byte), numbers
run 1号, 2号 per type and year, specimens print every type without storing anything, and every
refusal exits with 3, a Chinese reason on stderr and nothing changed.

Every letter font is set to the tiny test font (``tests/letter_font_support.py``), so the PDFs
and their text do not depend on the fonts installed on the machine."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from tests.conftest import file_state
from yuyou_desktop.documents.letter_fonts import ROLE_LABELS, ROLES
from yuyou_desktop.domain.letters import load_letter_types, written_date
from yuyou_desktop.paths import resources_dir
from yuyou_desktop.services import Services
from yuyou_desktop.services.letters.content import missing_for_issue
from yuyou_desktop.services.letters.records import LetterDraft
from yuyou_desktop.services.letters.service import LetterService
from yuyou_desktop.services.letters.specimen import specimen_draft

TYPES = load_letter_types(resources_dir() / "letters")
CODES = [t.code for t in TYPES]
MARKET = "右玉县市场监督管理局"
LAST = date.today().year - 1  # letters are issued last year: in the past, within the window
DAY = f"{LAST}-03-16"  # the issuing day of the tests' letters


@pytest.fixture
def office(county: Services, letter_test_font: Path) -> Services:
    """The county office, every letter font set to the test font."""
    for role in ROLES:
        county.letter_fonts.choose(role, letter_test_font)
    return county


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """Where the tests write PDFs (the data folder is elsewhere under ``tmp_path``)."""
    folder = tmp_path / "输出"
    folder.mkdir()
    return folder


def ok(result) -> str:
    assert (result.code, result.err) == (0, ""), result.err
    return result.out


def refused(result, reason: str) -> None:
    """Exit 3, nothing on stdout, one ``错误：`` message on stderr naming ``reason``."""
    assert result.code == 3, (result.out, result.err)
    assert result.out == ""
    assert result.err.startswith("错误：") and reason in result.err, result.err
    assert result.err.count("\n") == 1, result.err


def pdf_text(data: bytes) -> str:
    """The text of every page, without the line breaks and spaces of the layout."""
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join((page.extract_text() or "").split()) for page in reader.pages)


def listing(yuyou, *options: str) -> dict:
    return json.loads(ok(yuyou("letters", "list", "--json", *options)))


def proposal(title: str = "关于规范行政处罚送达程序的监督建议书") -> LetterDraft:
    fields = {"findings": "（一）执法文书送达不规范", "recommendations": "1. 规范送达程序"}
    return LetterDraft("proposal", None, MARKET, title, fields)


def rectification(deadline: str, title: str = "关于限期整改的通知书") -> LetterDraft:
    fields = {"problems": "1. 未公示执法依据", "requirements": "限期公示", "deadline": deadline}
    return LetterDraft("rectification", None, MARKET, title, fields)


def issue(yuyou, letter_id: str, on: str = DAY) -> str:
    return ok(yuyou("letters", "issue", letter_id, "--date", on))


# ---------------------------------------------------------------- types


def test_types_lists_all_nine_types_with_their_numbering_and_follow_up(yuyou, office):
    data = json.loads(ok(yuyou("letters", "types", "--json")))["types"]
    assert [t["code"] for t in data] == CODES and len(CODES) == 9
    by_code = {t["code"]: t for t in data}
    assert by_code["proposal"] | {"fields": None} == {
        "code": "proposal",
        "name": "行政执法监督建议书",
        "suffix": "建",
        "layout": "letter",
        "layout_label": "信函格式",
        "recipient": "unit",
        "sealed": True,
        "follow_up": {"kind": "days", "days": 15, "reply": "书面回复"},
        "fields": None,
    }
    assert by_code["proposal"]["fields"] == [
        {"key": "findings", "label": "发现的问题", "kind": "text", "required": True},
        {"key": "recommendations", "label": "监督建议", "kind": "text", "required": True},
    ]
    assert by_code["rectification"]["follow_up"] == {
        "kind": "date",
        "days": None,
        "reply": "整改报告",
    }
    assert by_code["service_receipt"]["layout"] == "form"
    assert by_code["service_receipt"]["follow_up"] == {"kind": "none", "days": None, "reply": None}

    lines = ok(yuyou("letters", "types")).splitlines()
    assert lines[0] == "代码\t名称\t代字\t版式\t回复要求\t内容项（*为签发前必填）"
    assert (
        "proposal\t行政执法监督建议书\t建\t信函格式\t送达之日起15日内书面回复\t发现的问题*、监督建议*"
        in lines
    )
    assert [line.split("\t")[0] for line in lines[1:-1]] == CODES
    assert lines[-1].startswith("共 9 种文书。")


# ---------------------------------------------------------------- specimen


@pytest.mark.parametrize("code", CODES)
def test_a_specimen_of_every_type_prints_its_example_with_an_example_number(
    yuyou, office, outdir, code
):
    letter_type = next(t for t in TYPES if t.code == code)
    dest = outdir / f"{code}.pdf"
    out = ok(yuyou("letters", "specimen", code, "--out", str(dest), "--date", "2026-03-16"))
    number = f"右司监{letter_type.suffix}〔2026〕1号"
    assert out.startswith(f"已将{letter_type.name}样张写入 {dest}")
    assert f"示例文号 {number}" in out and "不占用文号" in out
    data = dest.read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    draft = specimen_draft(letter_type, "右玉县司法局", on=date(2026, 3, 16), prefix="右司监")
    assert draft.title in text and number in text
    assert "草稿" not in text
    if letter_type.layout != "form":
        assert "右玉县司法局" in text and "2026年3月16日" in text
    # a specimen stores nothing and takes no number
    assert listing(yuyou) == {"total": 0, "rows": []}
    assert file_state(office.paths.attachments) == {}
    assert list(outdir.iterdir()) == [dest]  # no temporary file left beside it


@pytest.mark.parametrize("code", CODES)
def test_every_specimen_is_fully_filled_and_could_be_issued(code):
    letter_type = next(t for t in TYPES if t.code == code)
    draft = specimen_draft(letter_type, "右玉县司法局", on=date(2026, 3, 16), prefix="右司监")
    assert missing_for_issue(letter_type, draft) == []
    assert set(draft.fields) == {f.key for f in letter_type.fields}
    assert all(value.strip() for value in draft.fields.values())
    assert "右玉县" in draft.recipient
    if letter_type.needs_deadline:
        assert date.fromisoformat(draft.fields["deadline"]) > date(2026, 3, 16)


def test_specimens_show_headings_statutes_attachments_and_cc(yuyou, office, outdir):
    texts = {}
    for code in ("notice", "review_result", "referral"):
        dest = outdir / f"{code}.pdf"
        ok(yuyou("letters", "specimen", code, "--out", str(dest), "--date", "2026-03-16"))
        texts[code] = pdf_text(dest.read_bytes())
    notice = texts["notice"]
    assert "一、发现的问题" in notice and "（一）未依法告知当事人陈述、申辩权利。" in notice
    assert "《中华人民共和国行政处罚法》第四十四条" in notice
    assert f"请你单位于{written_date(date(2026, 4, 15))}前" in notice
    result = texts["review_result"]
    assert "附件：1.行政处罚案卷评分表（3份）" in result and "2.常见问题清单" in result
    assert "抄送：右玉县人民政府，朔州市司法局。" in result
    assert "印发" not in result  # 信函格式: the 版记 is only 抄送 (GB/T 9704 §10.1)
    for code in texts:  # the word 样张 runs large across the page (not in the text flow)
        with pdfplumber.open(outdir / f"{code}.pdf") as pdf:
            marks = {c["text"] for c in pdf.pages[0].chars if c["size"] > 40}
        assert {"样", "张"} <= marks, code
    assert "附件：1.举报材料复印件" in texts["referral"]


def test_the_same_specimen_printed_twice_is_the_same_file(yuyou, office, outdir):
    first, second = outdir / "一.pdf", outdir / "二.pdf"
    ok(yuyou("letters", "specimen", "notice", "--out", str(first), "--date", "2026-03-16"))
    ok(yuyou("letters", "specimen", "notice", "--out", str(second), "--date", "2026-03-16"))
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("name", "number"),
    [("送达回证", f"右司监送〔{LAST}〕1号"), ("整改通知书", f"右司监改〔{LAST}〕1号")],
)
def test_a_specimen_may_be_asked_for_by_its_chinese_name(yuyou, office, outdir, name, number):
    dest = outdir / f"{name}.pdf"
    out = ok(yuyou("letters", "specimen", name, "--out", str(dest), "--date", DAY))
    assert f"示例文号 {number}" in out
    assert number in pdf_text(dest.read_bytes())


def test_a_specimen_of_an_unknown_type_is_refused_with_the_valid_codes(yuyou, office, outdir):
    dest = outdir / "样张.pdf"
    result = yuyou("letters", "specimen", "warning", "--out", str(dest))
    refused(result, "没有“warning”这种文书。可选的文书种类：notice（行政执法监督通知书）、")
    assert all(code in result.err for code in CODES)
    # a name that fits several types is not guessed
    refused(yuyou("letters", "specimen", "通知书", "--out", str(dest)), "没有“通知书”这种文书。")
    assert list(outdir.iterdir()) == []


# ---------------------------------------------------------------- list and render of drafts


def test_a_new_draft_is_listed_as_a_draft_without_a_number(yuyou, office):
    letter_id = office.letters.create(proposal())
    assert listing(yuyou) == {
        "total": 1,
        "rows": [
            {
                "id": letter_id,
                "number": "",
                "type": "proposal",
                "type_name": "行政执法监督建议书",
                "title": "关于规范行政处罚送达程序的监督建议书",
                "recipient": MARKET,
                "status": "draft",
                "status_label": "草稿",
                "issued_on": None,
                "due_on": None,
                "overdue": False,
            }
        ],
    }
    lines = ok(yuyou("letters", "list")).splitlines()
    assert lines[0] == "编号\t文号\t种类\t标题\t主送\t状态\t签发日期\t回复期限"
    assert lines[1] == (
        f"{letter_id}\t—\t行政执法监督建议书\t关于规范行政处罚送达程序的监督建议书\t{MARKET}"
        "\t草稿\t—\t—"
    )
    assert lines[2] == "共 1 份文书。"


def test_an_office_without_letters_says_so(yuyou, office):
    assert ok(yuyou("letters", "list")) == "没有符合条件的文书。\n"


def test_render_of_a_draft_writes_a_pdf_marked_as_draft(yuyou, office, outdir):
    letter_id = office.letters.create(proposal())
    dest = outdir / "草稿.pdf"
    out = ok(yuyou("letters", "render", letter_id, "--out", str(dest)))
    assert out.startswith(f"已将草稿“关于规范行政处罚送达程序的监督建议书”写入 {dest}（")
    text = pdf_text(dest.read_bytes())
    assert "草稿" in text and "（草稿，签发时编号）" in text
    assert "关于规范行政处罚送达程序的监督建议书" in text and "（一）执法文书送达不规范" in text
    assert listing(yuyou)["rows"][0]["status"] == "draft"  # printing does not issue
    assert file_state(office.paths.attachments) == {}


# ---------------------------------------------------------------- issue


def test_issue_numbers_letters_of_a_type_one_after_another(yuyou, office):
    first = office.letters.create(proposal("第一份建议书"))
    second = office.letters.create(proposal("第二份建议书"))
    out = issue(yuyou, first)
    record = office.letters.get(first)
    assert record.number == f"右司监建〔{LAST}〕1号"
    assert out.splitlines() == [
        f"已签发：右司监建〔{LAST}〕1号　行政执法监督建议书“第一份建议书”",
        f"签发日期：{LAST}-03-16",
        f"PDF：{record.pdf_size} 字节，SHA-256：{record.pdf_sha256}",
    ]
    assert f"已签发：右司监建〔{LAST}〕2号" in issue(yuyou, second)
    rows = {r["id"]: r for r in listing(yuyou)["rows"]}
    assert [rows[x]["number"] for x in (first, second)] == [
        f"右司监建〔{LAST}〕1号",
        f"右司监建〔{LAST}〕2号",
    ]
    assert {(r["status"], r["status_label"], r["issued_on"]) for r in rows.values()} == {
        ("issued", "已签发", DAY)
    }
    # another type starts at 1
    other = office.letters.create(rectification(f"{LAST}-04-30"))
    out = issue(yuyou, other)
    assert f"已签发：右司监改〔{LAST}〕1号" in out and f"整改报告期限：{LAST}-04-30" in out


def test_an_issued_letter_renders_as_its_archived_bytes_every_time(yuyou, office, outdir):
    letter_id = office.letters.create(proposal())
    issue(yuyou, letter_id)
    record = office.letters.get(letter_id)
    first, second = outdir / "一.pdf", outdir / "二.pdf"
    out = ok(yuyou("letters", "render", letter_id, "--out", str(first)))
    ok(yuyou("letters", "render", letter_id, "--out", str(second)))
    data = first.read_bytes()
    assert hashlib.sha256(data).hexdigest() == record.pdf_sha256 and len(data) == record.pdf_size
    assert second.read_bytes() == data == office.letters.pdf(letter_id)
    assert f"SHA-256：{record.pdf_sha256}" in out and "签发原件" in out
    text = pdf_text(data)
    assert f"右司监建〔{LAST}〕1号" in text and "草稿" not in text


def test_an_issued_letter_may_be_named_by_its_number(yuyou, office, outdir):
    letter_id = office.letters.create(proposal())
    issue(yuyou, letter_id)
    number = office.letters.get(letter_id).number
    dest = outdir / "按文号.pdf"
    ok(yuyou("letters", "render", number, "--out", str(dest)))
    assert dest.read_bytes() == office.letters.pdf(letter_id)
    refused(yuyou("letters", "render", f"右司监建〔{LAST}〕99号", "--out", str(dest)), "找不到文号")


def test_a_voided_letter_renders_as_archived_with_a_warning(yuyou, office, outdir):
    letter_id = office.letters.create(proposal())
    issue(yuyou, letter_id)
    record = office.letters.get(letter_id)
    office.letters.void(letter_id, record.version, "主送单位写错", date(LAST, 9, 1))
    dest = outdir / "作废的.pdf"
    result = yuyou("letters", "render", letter_id, "--out", str(dest))
    assert result.code == 0 and dest.read_bytes() == office.letters.pdf(letter_id)
    assert f"已于{LAST}-09-01作废（主送单位写错）" in result.err


def test_issuing_twice_is_refused_and_changes_nothing(yuyou, office, outdir):
    letter_id = office.letters.create(proposal())
    issue(yuyou, letter_id)
    before = listing(yuyou)
    archive = file_state(office.paths.attachments)
    refused(yuyou("letters", "issue", letter_id), "这份文书已签发，不能签发。")
    assert listing(yuyou) == before
    assert file_state(office.paths.attachments) == archive
    assert office.letters.get(letter_id).number == f"右司监建〔{LAST}〕1号"


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        (("--date", "2999-01-01"), "签发日期：不能晚于今天。"),
        (("--date", f"{LAST}-02-30"), f"“{LAST}-02-30”不是存在的日期"),
        (("--date", "下周一"), "应为日期，例如 2026-12-31"),
    ],
)
def test_a_bad_issuing_date_is_refused_and_the_draft_stays_a_draft(yuyou, office, options, reason):
    letter_id = office.letters.create(proposal())
    before = listing(yuyou)
    refused(yuyou("letters", "issue", letter_id, *options), reason)
    assert listing(yuyou) == before
    assert file_state(office.paths.attachments) == {}


def test_an_incomplete_draft_is_refused_with_what_is_missing(yuyou, office):
    letter_id = office.letters.create(LetterDraft("proposal", None, "", "", {}))
    refused(yuyou("letters", "issue", letter_id, "--date", DAY), "签发前还需填写：受文单位、")
    assert listing(yuyou)["rows"][0]["status"] == "draft"


@pytest.mark.parametrize("command", ["render", "issue"])
def test_an_unknown_letter_id_is_refused_in_chinese(yuyou, office, outdir, command):
    unknown = "01a00000-0000-7000-8000-000000000000"
    extra = ("--out", str(outdir / "文书.pdf")) if command == "render" else ()
    result = yuyou("letters", command, unknown, *extra)
    refused(result, f"找不到编号为“{unknown}”的文书（可能已被删除）。")
    assert "yuyou letters list" in result.err
    assert list(outdir.iterdir()) == []


# ---------------------------------------------------------------- where the PDF goes


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "是一个文件夹，请写出 PDF 文件的名称"),
        ("没有的文件夹/文书.pdf", "文件或所在文件夹不存在，未生成 PDF。"),
        ("文书.docx", "“文书.docx”不是 .pdf 文件名"),
    ],
)
@pytest.mark.parametrize("command", ["render", "specimen"])
def test_a_pdf_is_never_written_where_it_cannot_go(yuyou, office, outdir, name, reason, command):
    folder = outdir
    (folder / "已有.txt").write_text("不要动", encoding="utf-8")
    target = folder / name if name else folder
    subject = office.letters.create(proposal()) if command == "render" else "notice"
    refused(yuyou("letters", command, subject, "--out", str(target)), reason)
    assert file_state(folder) == {"已有.txt": "不要动".encode()}


def test_render_replaces_an_existing_file_whole(yuyou, office, outdir):
    letter_id = office.letters.create(proposal())
    issue(yuyou, letter_id)
    dest = outdir / "建议书.pdf"
    dest.write_bytes(b"old contents " * 100_000)
    ok(yuyou("letters", "render", letter_id, "--out", str(dest)))
    assert dest.read_bytes() == office.letters.pdf(letter_id)
    assert list(outdir.iterdir()) == [dest]


def test_a_failed_write_leaves_the_old_file_as_it_was(yuyou, office, outdir):
    dest = outdir / "建议书.pdf"
    dest.write_bytes(b"%PDF-old")
    (outdir / "建议书.pdf.partial").mkdir()  # the temporary file cannot be made
    result = yuyou("letters", "specimen", "proposal", "--out", str(dest))
    refused(result, f"无法写入文件“{dest}”：这是一个文件夹，不是文件，未生成 PDF。")
    assert dest.read_bytes() == b"%PDF-old"
    assert sorted(p.name for p in outdir.iterdir()) == ["建议书.pdf", "建议书.pdf.partial"]


# ---------------------------------------------------------------- filters and overdue


def test_list_overdue_shows_only_letters_past_their_deadline(yuyou, office):
    late = office.letters.create(rectification(f"{LAST}-02-01", "逾期的整改通知书"))
    issue(yuyou, late, f"{LAST}-01-10")  # due on 1 February, long past: 逾期未回复
    in_time = office.letters.create(rectification(f"{date.today().year + 1}-12-31", "未到期"))
    issue(yuyou, in_time, f"{LAST}-01-10")
    office.letters.create(rectification(f"{LAST}-02-01", "草稿不会逾期"))
    issue(yuyou, office.letters.create(proposal()), f"{LAST}-01-10")  # due only once served

    data = listing(yuyou, "--status", "overdue")
    assert [(r["id"], r["title"]) for r in data["rows"]] == [(late, "逾期的整改通知书")]
    row = data["rows"][0]
    assert (row["status"], row["status_label"], row["overdue"]) == ("issued", "逾期未回复", True)
    assert (row["number"], row["due_on"]) == (f"右司监改〔{LAST}〕1号", f"{LAST}-02-01")
    assert listing(yuyou, "--status", "逾期未回复") == data
    everything = listing(yuyou)
    assert everything["total"] == 4
    assert [r["id"] for r in everything["rows"] if r["overdue"]] == [late]
    assert ok(yuyou("letters", "list")).splitlines()[-1] == "共 4 份文书，其中逾期未回复 1 份。"
    # seen from a day before the deadline (a LetterService with another clock) it is not late
    earlier = LetterService(
        office.database,
        office.office,
        office.letter_fonts,
        office.resources / "letters",
        office.paths.attachments,
        today=lambda: date(LAST, 1, 20),
    )
    assert earlier.get(late).status_label == "已签发" and not earlier.get(late).overdue


def test_list_filters_by_type_status_year_and_keyword(yuyou, office):
    issued = office.letters.create(proposal("关于执法公示的建议书"))
    issue(yuyou, issued)
    draft = office.letters.create(rectification(f"{LAST}-04-30", "关于限期整改的通知书"))

    def ids(*options: str) -> set[str]:
        return {r["id"] for r in listing(yuyou, *options)["rows"]}

    assert ids() == {issued, draft}
    assert ids("--type", "proposal") == ids("--type", "行政执法监督建议书") == {issued}
    assert ids("--status", "draft") == ids("--status", "草稿") == {draft}
    assert ids("--status", "已签发") == {issued}
    assert ids("--year", f"{LAST}") == {issued, draft}  # drafts have no year yet
    assert ids("--year", "2024") == {draft}
    assert ids("--keyword", "执法公示") == ids("--keyword", f"右司监建〔{LAST}〕1号") == {issued}


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        (("--status", "pending"), "状态“pending”不是可选的值（draft（草稿）、"),
        (("--type", "memo"), "没有“memo”这种文书。可选的文书种类："),
    ],
)
def test_list_refuses_an_unknown_status_or_type(yuyou, office, options, reason):
    refused(yuyou("letters", "list", *options), reason)


# ---------------------------------------------------------------- fonts


def test_fonts_lists_the_five_roles_with_their_font(yuyou, office, letter_test_font):
    data = json.loads(ok(yuyou("letters", "fonts", "--json")))
    assert [f["role"] for f in data["fonts"]] == list(ROLES) and len(ROLES) == 5
    for font in data["fonts"]:
        assert font["label"] == ROLE_LABELS[font["role"]]
        assert (font["file"], font["source"], font["embedded"]) == (
            str(letter_test_font),
            "设置",
            True,
        )
        assert font["family"] and font["problem"] is None
    assert data["warnings"] == []
    lines = ok(yuyou("letters", "fonts")).splitlines()
    assert lines[0] == "用途\t字体\t来源\t文件\t嵌入PDF"
    assert lines[1].startswith("仿宋（正文、版记）\t") and lines[1].endswith(
        "\t设置\t" + str(letter_test_font) + "\t是"
    )
    assert lines[-1] == "各用途的字体都可以嵌入 PDF。"


def test_a_chosen_font_that_is_gone_is_reported_but_the_pdf_is_still_made(yuyou, office, outdir):
    office.settings.set("letters.font.kaiti", str(outdir.parent / "已删除的楷体.ttf"))
    dest = outdir / "样张.pdf"
    result = yuyou("letters", "specimen", "notice", "--out", str(dest))
    assert result.code == 0 and result.out.startswith("已将行政执法监督通知书样张写入")
    assert dest.read_bytes().startswith(b"%PDF")
    assert result.err.startswith("警告：楷体（二级标题）：设置的字体未使用——"), result.err
    data = json.loads(ok(yuyou("letters", "fonts", "--json")))
    (kaiti,) = [f for f in data["fonts"] if f["role"] == "kaiti"]
    assert kaiti["source"] != "设置" and "已删除的楷体.ttf" in kaiti["problem"]
    assert any(w.startswith("楷体（二级标题）：设置的字体未使用") for w in data["warnings"])


def test_help_is_in_chinese(yuyou, capsys):
    assert yuyou("letters", "--help").code == 0
    out = capsys.readouterr().out
    assert "签发一份草稿" in out and "打印一种文书的样张" in out
    assert yuyou("letters", "render", "--help").code == 0
    assert "已签发的文书输出存档原件" in capsys.readouterr().out
