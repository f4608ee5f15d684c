"""Which font each role of a letter uses (architecture brief, "Fonts for printing").

Order: the file chosen in settings → Windows system fonts → Linux TrueType fonts → reportlab's
built-in ``STSong-Light``, which is not embedded (the PDF then depends on the reader's fonts, and
the user is told).  reportlab embeds TrueType outlines only, so an OpenType/CFF file is refused
with the reason.  Fonts are registered with reportlab once per process under a name derived
from the file, so rendering many letters loads each file once.
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from yuyou_desktop.errors import InputRejected, os_reason

FALLBACK = "STSong-Light"
ROLES = ("fangsong", "xiaobiaosong", "heiti", "kaiti", "songti")
ROLE_LABELS = {
    "fangsong": "仿宋（正文、版记）",
    "xiaobiaosong": "小标宋（标题、发文机关标志）",
    "heiti": "黑体（一级标题）",
    "kaiti": "楷体（二级标题）",
    "songti": "宋体（页码）",
}
# (file name, index inside a .ttc); looked up case-insensitively.
WINDOWS_CANDIDATES: Mapping[str, tuple[tuple[str, int], ...]] = {
    "fangsong": (("simfang.ttf", 0), ("fangsong_gb2312.ttf", 0)),
    "xiaobiaosong": (("fzxbsjw.ttf", 0), ("fzxbsk.ttf", 0), ("方正小标宋简体.ttf", 0)),
    "heiti": (("simhei.ttf", 0),),
    "kaiti": (("simkai.ttf", 0), ("kaiti_gb2312.ttf", 0)),
    "songti": (("simsun.ttc", 0), ("simsun.ttf", 0)),
}
LINUX_CANDIDATES: Mapping[str, tuple[tuple[str, int], ...]] = {
    "fangsong": (("gbsn00lp.ttf", 0), ("uming.ttc", 0)),
    "xiaobiaosong": (("gbsn00lp.ttf", 0), ("uming.ttc", 0)),
    "heiti": (("wqy-microhei.ttc", 0), ("wqy-zenhei.ttc", 0)),
    "kaiti": (("gkai00mp.ttf", 0), ("ukai.ttc", 0)),
    "songti": (("gbsn00lp.ttf", 0), ("uming.ttc", 0)),
}
# The files that are the role's own face; any other automatic choice is a stand-in (代用):
# AR PL SungtiL (a 宋体) for 仿宋 and 小标宋 on Linux, 宋体 for a missing 方正小标宋.
OWN_FACES: Mapping[str, frozenset[str]] = {
    "fangsong": frozenset({"simfang.ttf", "fangsong_gb2312.ttf"}),
    "xiaobiaosong": frozenset({"fzxbsjw.ttf", "fzxbsk.ttf", "方正小标宋简体.ttf"}),
    "heiti": frozenset({"simhei.ttf", "wqy-microhei.ttc", "wqy-zenhei.ttc"}),
    "kaiti": frozenset({"simkai.ttf", "kaiti_gb2312.ttf", "gkai00mp.ttf", "ukai.ttc"}),
    "songti": frozenset({"simsun.ttc", "simsun.ttf", "gbsn00lp.ttf", "uming.ttc"}),
}
# 小标宋 is rarely installed: 宋体 is its usual substitute on Windows.
WINDOWS_SUBSTITUTES = {"xiaobiaosong": (("simsun.ttc", 0),)}
SAMPLE = "行政执法监督通知书〔〕"


@dataclass(frozen=True)
class FontChoice:
    role: str
    font_name: str  # as registered with reportlab
    path: str | None  # None for the built-in fallback
    subfont: int
    source: str  # 设置 / Windows 系统字体 / Linux 字体 / 内置（不嵌入）
    family: str
    embedded: bool
    problem: str = ""  # why the font chosen in settings was not used
    substitute: bool = False  # another face standing in for the role's own (代用)

    @property
    def description(self) -> str:
        source = f"{self.source}，代用" if self.substitute else self.source
        where = f"{self.family}（{source}，{self.path}）" if self.path else self.family
        return where if self.embedded else f"{where}，不嵌入PDF"


@dataclass(frozen=True)
class FontSet:
    choices: Mapping[str, FontChoice]

    def name(self, role: str) -> str:
        return self.choices[role].font_name

    @property
    def warnings(self) -> tuple[str, ...]:
        out = []
        for role in ROLES:
            choice = self.choices[role]
            if choice.problem:
                out.append(f"{ROLE_LABELS[role]}：设置的字体未使用——{choice.problem}")
            if not choice.embedded:
                out.append(
                    f"{ROLE_LABELS[role]}：没有找到可嵌入的 TrueType 中文字体，PDF 使用阅读器"
                    "自带的字体显示，在别的电脑上可能显示不同。请在“字体”中选择 .ttf 字体。"
                )
        return tuple(out)


def default_search_dirs() -> tuple[tuple[str, Path], ...]:
    """(source label, folder) in the order they are searched on this system."""
    dirs: list[tuple[str, Path]] = []
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(("Windows 系统字体", Path(windir) / "Fonts"))
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(("Windows 系统字体", Path(local) / "Microsoft" / "Windows" / "Fonts"))
    else:
        home = Path.home()
        for folder in ("/usr/share/fonts", "/usr/local/share/fonts"):
            dirs.append(("Linux 字体", Path(folder)))
        dirs.append(("Linux 字体", home / ".local" / "share" / "fonts"))
        dirs.append(("Linux 字体", home / ".fonts"))
    return tuple(dirs)


def _outline_tag(data: bytes, path: Path) -> bytes:
    """The sfnt version tag of the (first) font in the file."""
    if data[:4] == b"ttcf":
        if len(data) < 16:
            raise InputRejected(f"“{path.name}”不是完整的字体文件。")
        offset = int.from_bytes(data[12:16], "big")
        return data[offset : offset + 4]
    return data[:4]


def check_font_file(path: Path, subfont: int = 0) -> str:
    """The family name of a usable TrueType font with Chinese characters; otherwise the reason
    it cannot be used (InputRejected)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as exc:
        raise InputRejected(f"无法读取字体文件“{path}”：{os_reason(exc)}。") from exc
    tag = _outline_tag(head, path)
    if tag == b"OTTO":
        raise InputRejected(
            f"“{path.name}”是 OpenType/CFF（PostScript 轮廓）字体，PDF 中无法嵌入这种字体。"
            "请选择 TrueType 字体（.ttf 或 .ttc），例如 simfang.ttf。"
        )
    if tag not in (b"\x00\x01\x00\x00", b"true"):
        raise InputRejected(f"“{path.name}”不是 TrueType 字体文件。")
    font = _load(path, subfont, _registered_name(path, subfont))
    missing = [ch for ch in SAMPLE if ord(ch) not in font.face.charToGlyph]
    if missing:
        raise InputRejected(f"“{path.name}”缺少汉字（如“{missing[0]}”），不能用于打印文书。")
    return font.face.name.decode("latin-1") if isinstance(font.face.name, bytes) else path.stem


def _registered_name(path: Path, subfont: int) -> str:
    """One name per file and version of it: a font replaced at the same path (same name, new
    size or time) is loaded afresh instead of the copy registered before."""
    try:
        stat = path.stat()
        version = f"{stat.st_size}|{stat.st_mtime_ns}"
    except OSError:
        version = ""
    digest = hashlib.sha1(f"{path.resolve()}|{subfont}|{version}".encode()).hexdigest()[:12]
    return f"yy-{digest}"


def compact_name_table(family: str, postscript: str) -> bytes:
    """A ``name`` table with only family, style, full and PostScript names (Windows, UTF-16).

    reportlab copies the whole ``name`` table into every embedded subset; in the AR PL fonts it
    holds the licence text (43 KB per font, per letter).  PDF readers need none of it (PDF 32000
    §9.9 lists the tables a TrueType font program needs; ``name`` is not among them)."""
    records = [(1, family), (2, "Regular"), (4, family), (6, postscript)]
    strings = [text.encode("utf-16-be") for _, text in records]
    header = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    offset, entries = 0, b""
    for (name_id, _), data in zip(records, strings, strict=True):
        entries += struct.pack(">HHHHHH", 3, 1, 0x409, name_id, len(data), offset)
        offset += len(data)
    return header + entries + b"".join(strings)


def _load(path: Path, subfont: int, name: str) -> TTFont:
    if name in pdfmetrics.getRegisteredFontNames():
        return pdfmetrics.getFont(name)
    try:
        font = TTFont(name, str(path), subfontIndex=subfont)
    except (TTFError, OSError, ValueError, KeyError, IndexError, struct.error) as exc:
        text = str(exc)
        if "postscript outlines" in text.lower():
            text = "这是 PostScript 轮廓字体，PDF 中无法嵌入"
        raise InputRejected(f"字体“{path.name}”无法使用：{text}。") from exc
    face = font.face
    postscript = face.name.decode("latin-1") if isinstance(face.name, bytes) else str(face.name)
    compact = compact_name_table(postscript, postscript)
    original = face.get_table

    def get_table(tag: str) -> bytes:  # used by the subsetter after the font is parsed
        return compact if tag == "name" else original(tag)

    face.get_table = get_table
    pdfmetrics.registerFont(font)
    return font


def _index(dirs: Sequence[tuple[str, Path]]) -> dict[str, tuple[str, Path]]:
    """Lower-case file name → (source, path) of every font file under the folders."""
    found: dict[str, tuple[str, Path]] = {}
    for source, folder in dirs:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for file in files:
                if file.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(file.lower(), (source, Path(root) / file))
    return found


def resolve_fonts(
    chosen: Mapping[str, str], search_dirs: Sequence[tuple[str, Path]] | None = None
) -> FontSet:
    """A font for every role (see the module docstring for the order)."""
    dirs = default_search_dirs() if search_dirs is None else search_dirs
    index: dict[str, tuple[str, Path]] | None = None
    choices: dict[str, FontChoice] = {}
    for role in ROLES:
        problem = ""
        setting = (chosen.get(role) or "").strip()
        if setting:
            path, _, sub = setting.partition("#")
            subfont = int(sub) if sub.isdigit() else 0
            try:
                family = check_font_file(Path(path), subfont)
                name = _registered_name(Path(path), subfont)
                choices[role] = FontChoice(role, name, path, subfont, "设置", family, True)
                continue
            except InputRejected as exc:
                problem = exc.message
        if index is None:
            index = _index(dirs)
        choice = _first_usable(role, index, problem)
        choices[role] = choice
    return FontSet(choices)


def _first_usable(role: str, index: dict[str, tuple[str, Path]], problem: str) -> FontChoice:
    candidates = (
        WINDOWS_CANDIDATES[role] + WINDOWS_SUBSTITUTES.get(role, ()) + LINUX_CANDIDATES[role]
    )
    for file, subfont in candidates:
        hit = index.get(file.lower())
        if hit is None:
            continue
        source, path = hit
        try:
            family = check_font_file(path, subfont)
        except InputRejected:
            continue
        name = _registered_name(path, subfont)
        substitute = file.lower() not in OWN_FACES[role]
        return FontChoice(role, name, str(path), subfont, source, family, True, problem, substitute)
    if FALLBACK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FontChoice(role, FALLBACK, None, 0, "内置（不嵌入）", FALLBACK, False, problem)
