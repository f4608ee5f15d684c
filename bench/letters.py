"""文书打印: rendering supervision letters to PDF with the fonts this system has.

    python bench/letters.py [--runs 25] [--batch 100]

Fonts are found the way the program finds them without settings (``resolve_fonts({})``) and
printed.  Letters are built from the templates in resources/letters with ``letter_content``,
as the letter service does.  Medians over several runs after a warm-up (nothing is asserted):
  one      render_letter of a typical one-page letter (a short 整改通知书)   goal (issue): ≤ 50 ms
           and of a typical two-page one (a short 监督通知书: its template fills page 1)
  batch    100 different letters (the 7 letter types in turn; numbers, recipients and facts
           differ) one after another
                                                                          goal (issue): ≤ 3 s
  floor    reportlab alone: a bare Canvas drawing the same text lines (same positions and
           sizes, one TrueType font, the same page count), with the renderer's Canvas options;
           every figure is also given as a multiple of it; "the renderer's fonts" draws each
           line in the font the renderer chose for it (黑体 headings: a second subset)
  size     the PDF of a one-page and a two-page letter, and each embedded font subset
                                                                    goal: ≤ 60 KB per letter
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RECIPIENTS = (
    "右玉县市场监督管理局", "右玉县应急管理局", "朔州市生态环境局右玉分局",
    "右玉县卫生健康和体育局", "右玉县人力资源和社会保障局", "右玉县交通运输局",
    "右玉县自然资源局", "右玉县农业农村局", "右玉县住房和城乡建设管理局", "右玉县文化和旅游局",
    "右玉县综合行政执法局", "右玉县林业局", "右玉县水利局", "右玉县教育科技局",
    "新城镇综合行政执法队", "右卫镇综合行政执法队", "威远镇综合行政执法队",
)  # fmt: skip
PROBLEMS = ("未制作现场检查笔录", "未告知当事人陈述、申辩的权利", "处罚决定书未载明履行期限",
            "未出示执法证件", "法制审核意见未附卷", "裁量理由未说明")  # fmt: skip


def fields_for(letter_type, n: int, long: bool = False) -> dict[str, str]:
    """Realistic values for every field of a template; ``n`` varies them, ``long`` adds eight
    numbered findings to each text field (a two-page letter)."""
    cases, found = 20 + n % 40, 1 + n % 5
    out = {}
    for field in letter_type.fields:
        if field.kind == "date":
            out[field.key] = f"2026-04-{1 + n % 28:02d}"
        elif field.kind == "line":
            out[field.key] = "2026年度行政执法案卷评查"
        else:
            text = (
                f"你单位2026年1月至3月办理的{cases}件行政处罚案件中，有{found}件"
                f"{PROBLEMS[(n + len(field.key)) % len(PROBLEMS)]}。"
            )
            if long:
                text += "\n" + "\n".join(
                    f"{k}. 案卷{2026 - k % 2}年第{10 + k}号{PROBLEMS[(n + k) % len(PROBLEMS)]}，"
                    "执法人员未在规定期限内补正，案卷材料不完整。"
                    for k in range(1, 9)
                )
            out[field.key] = text
    return out


def make_content(letter_type, n: int, long: bool = False):
    from yuyou_desktop.services.letters.content import clean_draft, letter_content
    from yuyou_desktop.services.letters.records import LetterDraft

    draft = LetterDraft(
        type_code=letter_type.code,
        unit_id=None,
        recipient=RECIPIENTS[n % len(RECIPIENTS)],
        title="",
        fields=fields_for(letter_type, n, long),
    )
    cleaned, _ = clean_draft(letter_type, draft)
    number = f"右司监{letter_type.suffix}〔2026〕{n}号"
    return letter_content(letter_type, cleaned, "右玉县司法局", number, date(2026, 3, 5), False)


def text_lines(content, fonts) -> list[list[tuple[str, float, float, float, str]]]:
    """(font, x, baseline from the top, size, text) of every text line, by page, as laid out
    (page numbers and the draft mark are not included: a small share of the text)."""
    from yuyou_desktop.documents.letter_pdf import lay_out

    pages = lay_out(content, fonts)
    return [
        [(op.font, op.x, op.y, op.size, op.text) for op in ops if op.kind == "text"]
        for ops in pages.pages
    ]


def bare_render(lines, font: str | None) -> bytes:
    """The floor: reportlab alone drawing the same lines, in ``font`` (None: each line in the
    renderer's font for it), with the renderer's Canvas options."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    height = A4[1]
    for page in lines:
        for line_font, x, y, size, text in page:
            canvas.setFont(font or line_font, size)
            canvas.drawString(x, height - y, text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def paired(fns: dict[str, Callable[[], object]], runs: int, warm: int = 3) -> dict[str, list]:
    """Samples of every function, taken in turn in each round (so that load on the machine
    affects all of them alike)."""
    for _ in range(warm):
        for fn in fns.values():
            fn()
    samples: dict[str, list[float]] = {label: [] for label in fns}
    for _ in range(runs):
        for label, fn in fns.items():
            start = time.perf_counter()
            fn()
            samples[label].append(time.perf_counter() - start)
    return samples


def line(label: str, samples: list[float], floor: float | None = None, goal_ms=None) -> float:
    median = statistics.median(samples) * 1000
    ratio = f"  {median / floor:5.2f}× floor" if floor else ""
    goal = (
        f"  goal ≤ {goal_ms:.0f} ms: {'met' if median <= goal_ms else 'MISSED'}" if goal_ms else ""
    )
    print(f"  {label:<46} {median:8.1f} ms  (slowest {max(samples) * 1000:7.1f}){ratio}{goal}")
    return median


def font_sizes(data: bytes) -> dict[str, tuple[int, int, int]]:
    """Embedded font programs by font name: (subsets, bytes stored, bytes decoded)."""
    import pypdf

    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    seen = set()
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            font = ref.get_object()
            base = str(font["/BaseFont"]).lstrip("/")
            name = base.split("+", 1)[-1]
            stream = font.get("/FontDescriptor", {}).get("/FontFile2")
            row = out[name]
            row[0] += 1
            if stream is not None:
                stream = stream.get_object()
                row[1] += len(stream._data)  # as stored (compressed); pypdf drops /Length
                row[2] += len(stream.get_data())
    return {name: tuple(values) for name, values in out.items()}


def page_count(data: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def measure(label: str, content, fonts, runs: int, goal_ms: float | None = None) -> None:
    from yuyou_desktop.documents.letter_pdf import render_letter

    pages = page_count(render_letter(content, fonts))
    lines = text_lines(content, fonts)
    one_font = fonts.name("fangsong")
    assert len(lines) == pages == page_count(bare_render(lines, one_font))
    count = sum(len(p) for p in lines)
    print(f"\n{label}: {content.title} {content.number}, {pages} page(s), {count} text lines "
          f"(medians of {runs} runs, 3 warm-up):")  # fmt: skip
    samples = paired(
        {
            "floor": lambda: bare_render(lines, one_font),
            "fonts": lambda: bare_render(lines, None),
            "render": lambda: render_letter(content, fonts),
        },
        runs,
    )
    floor = line("floor: bare Canvas, same lines, one font", samples["floor"])
    line("bare Canvas, same lines, the renderer's fonts", samples["fonts"], floor)
    line("render_letter", samples["render"], floor, goal_ms)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()

    from yuyou_desktop.documents.letter_fonts import ROLES, resolve_fonts
    from yuyou_desktop.documents.letter_pdf import render_letter
    from yuyou_desktop.domain.letters import load_letter_types
    from yuyou_desktop.paths import resources_dir

    start = time.perf_counter()
    fonts = resolve_fonts({})
    print(
        f"fonts: resolve_fonts({{}}) found and loaded them in {time.perf_counter() - start:.2f} s"
    )
    for role in ROLES:
        print(f"  {role:<13} {fonts.choices[role].description}")
    for warning in fonts.warnings:
        print(f"  warning: {warning}")
    floor_font = fonts.name("fangsong")

    types = load_letter_types(resources_dir() / "letters")
    by_code = {t.code: t for t in types}
    one = make_content(by_code["rectification"], 3)  # short fields: one page
    two = make_content(by_code["notice"], 4)  # the notice's template alone fills page 1
    measure("typical one-page letter", one, fonts, args.runs, 50)
    measure("typical two-page letter", two, fonts, args.runs)

    letters = [t for t in types if t.layout != "form"]
    batch = [make_content(letters[n % len(letters)], 100 + n) for n in range(args.batch)]
    pages = sum(page_count(render_letter(c, fonts)) for c in batch)
    batch_lines = [text_lines(c, fonts) for c in batch]
    print(f"\nbatch of {args.batch} different letters ({len(letters)} types in turn, "
          f"{pages} pages; numbers, recipients and facts differ; medians of 5 runs):")  # fmt: skip
    samples = paired(
        {
            "floor": lambda: [bare_render(x, floor_font) for x in batch_lines],
            "render": lambda: [render_letter(c, fonts) for c in batch],
        },
        5,
        1,
    )
    bare, total = statistics.median(samples["floor"]), statistics.median(samples["render"])
    print(f"  {'floor: bare Canvas, same lines, one font':<46} {bare:8.2f} s")
    met = "met" if total <= 3 else "MISSED"
    print(f"  {'render_letter':<46} {total:8.2f} s  {total / bare:5.2f}× floor  "
          f"{total / args.batch * 1000:.1f} ms a letter  goal ≤ 3 s: {met}")  # fmt: skip

    print("\nfile sizes (goal ≤ 60 KB a letter):")
    for label, content in (("one-page letter", one), ("two-page letter", two)):
        data = render_letter(content, fonts)
        kb = len(data) / 1024
        met = "met" if kb <= 60 else "MISSED"
        print(f"  {label} ({page_count(data)} pages): {kb:.1f} KB  {met}")
        for name, (subsets, stored, raw) in sorted(font_sizes(data).items()):
            print(f"    {name:<28} {subsets} subset(s), {stored / 1024:6.1f} KB stored "
                  f"({raw / 1024:.1f} KB uncompressed)")  # fmt: skip
        bare_kb = len(bare_render(text_lines(content, fonts), floor_font)) / 1024
        print(f"    floor: the same lines in one font, bare Canvas: {bare_kb:.1f} KB")
    sizes = [len(render_letter(c, fonts)) / 1024 for c in batch]
    over = sum(1 for kb in sizes if kb > 60)
    print(f"  the batch: median {statistics.median(sizes):.1f} KB, largest {max(sizes):.1f} KB, "
          f"{over} of {len(sizes)} over 60 KB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
