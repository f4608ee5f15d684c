"""The log file: rotation at its size limit, the folder chosen by YUYOU_LOG_DIR, a fallback when
the folder cannot be used, and the CLI naming the file when something unexpected happens."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest
from platformdirs import user_log_dir

from yuyou_desktop import logs
from yuyou_desktop.cli import run as cli_run


@pytest.fixture(autouse=True)
def _restore_root_logger():
    """configure_logging changes the root logger; put it back after each test."""
    root = logging.getLogger()
    level = root.level
    yield
    for handler in [h for h in root.handlers if h.get_name() == logs.HANDLER_NAME]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_file_rotates_at_its_size_limit_and_keeps_the_configured_number(tmp_path):
    log_file = logs.configure_logging(tmp_path / "logs", max_bytes=4000, file_count=3)
    assert log_file == tmp_path / "logs" / "yuyou.log"
    log = logging.getLogger("yuyou_desktop.test")
    for n in range(400):
        log.info("第 %04d 条：%s", n, "记录" * 20)
    files = sorted(p.name for p in log_file.parent.iterdir())
    assert files == ["yuyou.log", "yuyou.log.1", "yuyou.log.2"]
    assert all(p.stat().st_size <= 4000 for p in log_file.parent.iterdir())
    assert "第 0399 条" in text_of(log_file)  # the newest in the current file
    kept = sorted(
        int(number)
        for p in log_file.parent.iterdir()
        for number in re.findall(r"第 (\d{4}) 条", text_of(p))
    )
    # the newest records, none missing between the files; the oldest rotated away
    assert kept == list(range(kept[0], 400)) and kept[0] > 0


def test_defaults_are_one_megabyte_times_five_files_in_utf8(tmp_path):
    log_file = logs.configure_logging(tmp_path / "logs")
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == logs.HANDLER_NAME)
    assert (handler.maxBytes, handler.backupCount + 1) == (1024 * 1024, 5)
    logging.getLogger("yuyou_desktop.test").warning("中文：行政执法协调监督")
    assert "WARNING" in text_of(log_file) and "中文：行政执法协调监督" in text_of(log_file)


def test_debug_is_not_written_info_and_up_are(tmp_path):
    log_file = logs.configure_logging(tmp_path / "logs")
    log = logging.getLogger("yuyou_desktop.test")
    log.debug("细节")
    log.info("启动")
    log.error("出错")
    text = text_of(log_file)
    assert "细节" not in text and "启动" in text and "出错" in text


def test_the_environment_variable_names_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(logs.ENV_LOG_DIR, str(tmp_path / "from-env"))
    log_file = logs.configure_logging()
    assert log_file == tmp_path / "from-env" / "yuyou.log"
    logs.log_start("yuyou-desktop", tmp_path / "data")
    text = text_of(log_file)
    assert "yuyou-desktop" in text and "启动" in text and str(tmp_path / "data") in text


def test_without_the_variable_the_platform_log_folder_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv(logs.ENV_LOG_DIR, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    expected = Path(user_log_dir("yuyou-desktop", appauthor=False)) / "yuyou.log"
    assert logs.configure_logging() == expected
    assert expected.is_file()


def test_configuring_again_replaces_the_handler(tmp_path):
    first = logs.configure_logging(tmp_path / "one")
    second = logs.configure_logging(tmp_path / "two")
    logging.getLogger("yuyou_desktop.test").warning("只写一次")
    ours = [h for h in logging.getLogger().handlers if h.get_name() == logs.HANDLER_NAME]
    assert len(ours) == 1
    assert "只写一次" in text_of(second) and "只写一次" not in text_of(first)


def test_an_unusable_folder_falls_back_to_a_temporary_one(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("keep me", encoding="utf-8")
    wanted = blocker / "logs"  # below a file: cannot be created, whoever runs the test
    log_file = logs.configure_logging(wanted)
    assert log_file.name == "yuyou.log" and not log_file.is_relative_to(blocker)
    logging.getLogger("yuyou_desktop.test").error("照常记录")
    text = text_of(log_file)
    assert str(wanted) in text and "无法使用" in text  # the reason is in the log itself
    assert "照常记录" in text
    assert blocker.read_text(encoding="utf-8") == "keep me"


def test_start_up_goes_on_when_no_folder_at_all_can_be_used(tmp_path, monkeypatch):
    def no_temp(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(logs.tempfile, "mkdtemp", no_temp)
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    log_file = logs.configure_logging(blocker / "logs")
    assert log_file == blocker / "logs" / "yuyou.log"
    assert not any(h.get_name() == logs.HANDLER_NAME for h in logging.getLogger().handlers)
    logging.getLogger("yuyou_desktop.test").error("没有日志文件也不出错")


def test_an_unexpected_cli_failure_is_logged_and_the_message_names_the_file(tmp_path):
    log_file = logs.configure_logging(tmp_path / "logs")

    def broken_factory(paths):
        raise RuntimeError("数据库驱动异常")

    out, err = io.StringIO(), io.StringIO()
    code = cli_run(
        ["--data-dir", str(tmp_path / "data"), "check"], broken_factory, out, err, log_file
    )
    assert code == 1
    assert err.getvalue().startswith("意外错误：数据库驱动异常\n")
    assert f"详细信息已记录在日志文件：{log_file}" in err.getvalue()
    assert "Traceback" not in err.getvalue()  # the traceback is in the log, not on the screen
    text = text_of(log_file)
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: 数据库驱动异常" in text and "broken_factory" in text
    assert "yuyou check" in text and str(tmp_path / "data") in text


def test_without_a_log_file_the_cli_prints_the_traceback(tmp_path):
    def broken_factory(paths):
        raise RuntimeError("数据库驱动异常")

    out, err = io.StringIO(), io.StringIO()
    code = cli_run(["--data-dir", str(tmp_path / "data"), "check"], broken_factory, out, err)
    assert code == 1
    assert err.getvalue().startswith("意外错误：数据库驱动异常\n")
    assert "Traceback" in err.getvalue()
