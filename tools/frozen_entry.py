"""Entry point of the PyInstaller bundle: the desktop program, or the CLI with ``--cli``.

yuyou-desktop.exe                    the window
yuyou-desktop.exe --cli check        the ``yuyou`` command line (for administrators)
yuyou-desktop.exe --version          the version
yuyou-desktop.exe --smoke-test PNG   the window on demonstration data in a temporary folder

The Windows program is built without a console (``console=False``), so it has no
``sys.stdout``: when started with arguments it writes to the console it was started from
(cmd, PowerShell), or nowhere when there is none.  cmd does not wait for a windowed program;
``start /wait yuyou-desktop.exe --cli check`` does (and sets ``%ERRORLEVEL%``).
"""

import os
import sys


def attach_console() -> None:
    """Give a console-less windowed program on Windows a stdout and stderr."""
    if sys.platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return
    try:
        import ctypes

        attached = bool(ctypes.windll.kernel32.AttachConsole(-1))  # ATTACH_PARENT_PROCESS
    except (AttributeError, OSError):
        attached = False
    target = "CONOUT$" if attached else os.devnull
    # open() of CONOUT$ writes through the console's Unicode API: Chinese shows in any code page
    if sys.stdout is None:
        sys.stdout = open(target, "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(target, "w", encoding="utf-8", errors="replace")  # noqa: SIM115


if __name__ == "__main__":
    if len(sys.argv) > 1:
        attach_console()
    from yuyou_desktop.__main__ import main_cli, main_gui

    if len(sys.argv) > 1 and sys.argv[1] == "--cli":
        sys.exit(main_cli(sys.argv[2:]))
    sys.exit(main_gui(sys.argv))
