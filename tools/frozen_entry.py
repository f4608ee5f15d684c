"""Entry point of the PyInstaller bundle: the desktop program, or the CLI with ``--cli``.

yuyou-desktop.exe                    the window
yuyou-desktop.exe --cli check        the ``yuyou`` command line (for administrators)
"""

import sys

from yuyou_desktop.__main__ import main_cli, main_gui

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--cli":
        sys.exit(main_cli(sys.argv[2:]))
    sys.exit(main_gui(sys.argv))
