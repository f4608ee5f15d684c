"""Writing a letter's PDF to a file the user names (the CLI's ``--out``, the preview's
另存为PDF): checked first, then written whole or not at all."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from yuyou_desktop.errors import InputRejected, os_reason


def pdf_target(path: Path) -> Path:
    """Where a PDF may be written: not a folder, a .pdf name, in an existing folder."""
    if path.is_dir():
        raise InputRejected(
            f"“{path}”是一个文件夹，请写出 PDF 文件的名称，例如 {path / '文书.pdf'}"
        )
    if path.suffix.lower() != ".pdf":
        raise InputRejected(f"“{path.name}”不是 .pdf 文件名，未生成 PDF。")
    if not path.parent.is_dir():
        raise InputRejected(f"无法写入文件“{path}”：文件或所在文件夹不存在，未生成 PDF。")
    return path


def save_pdf(path: Path, data: bytes) -> None:
    """``data`` into ``FILE.partial`` beside ``path``, flushed to disk, then renamed over it:
    ``path`` is either the old file or the whole new one, never half of it."""
    pdf_target(path)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(partial, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise InputRejected(f"无法写入文件“{path}”：{os_reason(exc)}，未生成 PDF。") from exc
