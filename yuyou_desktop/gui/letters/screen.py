"""Opening a window no larger than the screen it is on."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

MARGIN = 80  # leave room for the title bar and the task bar


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """``width`` × ``height``, shrunk to the available screen (a 1366 × 768 laptop shows the
    dialog's buttons)."""
    screen = window.screen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, available.width() - MARGIN)
        height = min(height, available.height() - MARGIN)
    window.resize(max(width, 480), max(height, 360))
