"""File errors are explained in Chinese whatever language the system speaks."""

from __future__ import annotations

import errno

import pytest

from yuyou_desktop.errors import os_reason


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (errno.ENOENT, "文件或所在文件夹不存在"),
        (errno.ENOTDIR, "文件或所在文件夹不存在"),
        (errno.EACCES, "没有权限"),
        (errno.EPERM, "没有权限"),
        (errno.EROFS, "只读"),
        (errno.ENOSPC, "磁盘空间不足"),
        (errno.EISDIR, "是一个文件夹"),
        (errno.ENAMETOOLONG, "太长"),
    ],
)
def test_common_file_errors_are_said_in_chinese(code, expected):
    reason = os_reason(OSError(code, "English text from the system"))
    assert expected in reason and "English" not in reason


def test_an_uncommon_error_keeps_the_systems_words():
    assert os_reason(OSError(errno.EBUSY, "Device or resource busy")) == "Device or resource busy"


def test_a_real_missing_folder(tmp_path):
    with pytest.raises(OSError) as caught:
        (tmp_path / "无此文件夹" / "a.xlsx").write_bytes(b"x")
    assert os_reason(caught.value) == "文件或所在文件夹不存在"
