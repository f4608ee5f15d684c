"""Small helpers every ``yuyou`` command module uses: JSON output, a positive-integer argument
type and a sub-command whose help is also its description."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO


def emit(out: TextIO, data: Any) -> None:
    """``data`` as indented JSON with Chinese kept readable (dates and the like as text)."""
    out.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def positive(text: str) -> int:
    """argparse type: a whole number of at least 1, refused in Chinese otherwise."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数，实际为“{text}”") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，实际为“{text}”")
    return value


def command(actions: Any, name: str, text: str) -> argparse.ArgumentParser:
    """A sub-command whose one-line help is also the description its own --help shows."""
    return actions.add_parser(name, help=text, description=text)
