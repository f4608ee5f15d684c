"""What the signed-in account's role may do, as the window shows it.

The rule itself lives in the services (``storage/access.py``: a 查阅 account cannot open a
write transaction, administrator-only work asks ``check_admin``); the window only keeps the
user from reaching for what would be refused.  Two ways, both decided here:

- a control is *marked* (:func:`mark`) as needing :data:`CHANGE` (data) or :data:`ADMINISTER`:
  while the role may not do that, a button stays disabled, with a tooltip saying why — a
  guard keeps it so when the tab's own logic enables it again (a selection change), and gives
  it back as the tab last wanted it when the role allows again; a marked menu action is hidden;
- rows: :func:`change_refusal` is asked by the tabs' own "why may this record not be changed
  here" (``origin_filter.OriginFilter.refusal``), so a 查阅 account opens every record
  read-only and the tabs' row buttons are refused by their own logic.

The role is a property of the main window (:func:`apply_role`); a control finds it through its
parents, so dialogs and views built later follow it.  A window without a role (a database
without accounts) restricts nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from yuyou_desktop.domain.accounts import Role

if TYPE_CHECKING:
    from yuyou_desktop.storage.access import Actor

CHANGE = "change"
ADMINISTER = "administer"
NEEDS = "yuyouNeeds"  # on a marked control: CHANGE or ADMINISTER
ROLE = "yuyouRole"  # on the main window: the role's value, "" when nobody is signed in
WANTED = "yuyouWanted"  # on a button disabled for the role: the state its tab last asked for
FORCING = "yuyouForcing"  # set while this module changes the button (its own events)
TIPPED = "yuyouTipped"  # on a button whose tooltip says why the role may not use it
OWN_TIP = "ownToolTip"  # shared with origin_filter.refuse: the tooltip when nothing is refused
GUARDED_EVENTS = frozenset(
    {
        QEvent.Type.EnabledChange,
        QEvent.Type.ParentChange,
        QEvent.Type.Show,
        QEvent.Type.ToolTipChange,
    }
)


def refusal(role: Role | None, need: str) -> str | None:
    """Why ``role`` may not do what needs ``need``, or None when it may."""
    if role is None:
        return None
    if need == CHANGE and not role.may_change_data:
        return f"当前账号是{role.value}账号，只能查看和打印，不能修改数据。"
    if need == ADMINISTER and not role.may_administer:
        return f"只有管理员可以进行这项操作（当前账号是{role.value}）。"
    return None


def role_of(obj: QObject | None) -> Role | None:
    """The role of the window ``obj`` belongs to (through its parents), or None."""
    while obj is not None:
        value = obj.property(ROLE)
        if value is not None:
            return Role(value) if value else None
        obj = obj.parent()
    return None


def change_refusal(obj: QObject | None) -> str | None:
    """Why records may not be changed from ``obj``'s window (a 查阅 account), or None."""
    return refusal(role_of(obj), CHANGE)


def admin_refusal(obj: QObject | None) -> str | None:
    return refusal(role_of(obj), ADMINISTER)


class _Guard(QObject):
    """Keeps one marked widget as its role allows, whatever its tab does with it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in GUARDED_EVENTS and isinstance(watched, QWidget):
            enforce(watched)
        return False


def mark(control: QWidget | QAction, need: str) -> None:
    """``control`` needs ``need`` (:data:`CHANGE` or :data:`ADMINISTER`); see the module."""
    control.setProperty(NEEDS, need)
    if isinstance(control, QWidget):
        guard = _Guard(control)
        guard.setObjectName("roleGuard")
        control.installEventFilter(guard)
    enforce(control)


def marks(controls: tuple[QWidget | QAction, ...] | list, need: str) -> None:
    for control in controls:
        mark(control, need)


def enforce(control: QWidget | QAction) -> None:
    """Make ``control`` follow the role of its window (called by the guard and apply_role)."""
    if control.property(FORCING):
        return
    need = control.property(NEEDS)
    if not need:
        return
    reason = refusal(role_of(control), need)
    if isinstance(control, QAction):
        control.setVisible(reason is None)
        return
    explicit = not control.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
    if reason is not None:
        if explicit:  # the tab enabled it (or it was enabled when the role came)
            control.setProperty(WANTED, True)
        if explicit or control.toolTip() != reason:
            _force(control, enabled=False, tip=reason, tipped=True)
        return
    wanted, tipped = control.property(WANTED), control.property(TIPPED)
    if not wanted and not tipped:
        return
    own = control.property(OWN_TIP)
    tip = own if tipped and isinstance(own, str) else control.toolTip()
    control.setProperty(WANTED, None)
    control.setProperty(TIPPED, None)
    _force(control, enabled=bool(wanted) or explicit, tip=tip, tipped=False)


def _force(control: QWidget, *, enabled: bool, tip: str, tipped: bool) -> None:
    control.setProperty(FORCING, True)
    try:
        if tipped:
            if control.property(OWN_TIP) is None:
                control.setProperty(OWN_TIP, control.toolTip())
            control.setProperty(TIPPED, True)
        control.setEnabled(enabled)
        if control.toolTip() != tip:
            control.setToolTip(tip)
    finally:
        control.setProperty(FORCING, False)


def apply_role(window: QWidget, actor: Actor | None) -> None:
    """The role of ``actor`` (None: nobody, a database without accounts) for the window and
    everything in it; marked controls follow at once."""
    window.setProperty(ROLE, actor.role.value if actor is not None else "")
    if window.property(NEEDS):
        enforce(window)
    for control in window.findChildren(QObject):
        if control.property(NEEDS) and isinstance(control, QWidget | QAction):
            enforce(control)
