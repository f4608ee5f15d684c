"""The main window: six tabs, the 文件 and 帮助 menus, and a status bar."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from yuyou_desktop import APP_TITLE
from yuyou_desktop.gui import backup_actions
from yuyou_desktop.gui.accounts.menu import AccountMenu
from yuyou_desktop.gui.forms.ui_main_window import Ui_MainWindow
from yuyou_desktop.gui.resources import app_icon
from yuyou_desktop.gui.tasks import TaskRunner
from yuyou_desktop.gui.unavailable_page import UnavailablePage

if TYPE_CHECKING:  # imported lazily: the window is shown before SQLAlchemy is loaded
    from yuyou_desktop.domain.office import OfficeInfo
    from yuyou_desktop.gui.inspections.inspections_tab import InspectionsTab
    from yuyou_desktop.gui.letters.letters_tab import LettersTab
    from yuyou_desktop.gui.registry.registry_tab import RegistryTab
    from yuyou_desktop.gui.reports_tab import ReportsTab
    from yuyou_desktop.gui.reviews.reviews_tab import ReviewsTab
    from yuyou_desktop.gui.sync.sync_tab import SyncTab
    from yuyou_desktop.paths import DataPaths
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.inspections.todo import Todo
    from yuyou_desktop.services.overview import RecordCount
    from yuyou_desktop.storage.access import Actor

TAB_TITLES = ("单位登记", "检查记录", "案卷评查", "文书打印", "统计报表", "数据同步")
# shown as soon as the database is attached
BUILT_TABS = frozenset(TAB_TITLES)
# 统计 lists records of these kinds; the register that opens each (the others open in 检查记录)
REGISTER_OF_KIND = MappingProxyType(
    {"unit": "units", "certificate": "certificates", "enterprise": "enterprises"}
)


class MainWindow(QMainWindow):
    """Shown as soon as the office is known; :meth:`attach` hands it the services.

    Until then the actions that need the database are disabled and the status bar says
    that the database is being opened.
    """

    def __init__(
        self,
        paths: DataPaths,
        resources: Path,
        office: OfficeInfo,
        runner: TaskRunner,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        log_file: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.paths = paths
        self.resources = resources
        self.office = office
        self.runner = runner
        self.settings = settings
        self.log_file = log_file  # 帮助 → 打开日志文件夹 (hidden when there is none)
        self.services: Services | None = None
        self.registry_tab: RegistryTab | None = None
        self.inspections_tab: InspectionsTab | None = None
        self.reviews_tab: ReviewsTab | None = None
        self.letters_tab: LettersTab | None = None
        self.reports_tab: ReportsTab | None = None
        self.plan_reminder: QWidget | None = None
        self.sync_tab: SyncTab | None = None
        self.todo_reminder: QWidget | None = None
        self.actor: Actor | None = None  # the signed-in account (set_actor)
        self.setWindowTitle(f"{APP_TITLE} — {office.name}")
        self.setWindowIcon(app_icon(resources))
        for title in TAB_TITLES:
            page = QLabel("正在打开数据库…") if title in BUILT_TABS else UnavailablePage(title)
            self.ui.tabs.addTab(page, title)
        self._build_status_bar()
        self.ui.actionBackup.triggered.connect(self.backup_database)
        self.ui.actionRestore.triggered.connect(self.restore_database)
        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionSettings.triggered.connect(self.edit_settings)
        self.ui.actionHelp.triggered.connect(self.show_help)
        self.ui.actionAbout.triggered.connect(self.show_about)
        self.ui.actionOpenLogs.triggered.connect(self.open_log_folder)
        self.ui.actionOpenLogs.setVisible(log_file is not None)
        self.account_menu = AccountMenu(self)  # 账号 menu; 当前用户 in the status bar
        self._database_actions = (
            self.ui.actionBackup,
            self.ui.actionRestore,
            self.ui.actionSettings,
            *self.account_menu.actions,
        )
        for action in self._database_actions:
            action.setEnabled(False)
        self._restore_layout()

    def attach(self, services: Services) -> None:
        """The database is open: enable what needs it and fill in the counts."""
        self.services = services
        self.set_actor(services.accounts.current)  # before the tabs: they follow the role
        for action in self._database_actions:
            action.setEnabled(True)
        from yuyou_desktop.gui.inspections.inspections_tab import InspectionsTab
        from yuyou_desktop.gui.letters.letters_tab import LettersTab
        from yuyou_desktop.gui.registry.registry_tab import RegistryTab
        from yuyou_desktop.gui.reports_tab import ReportsTab
        from yuyou_desktop.gui.reviews.reviews_tab import ReviewsTab
        from yuyou_desktop.gui.sync.sync_tab import SyncTab

        self.registry_tab = RegistryTab(services, self.runner, self.settings, self)
        self.registry_tab.changed.connect(lambda _name: self.refresh_counts())
        self.registry_tab.changed.connect(lambda _name: self._registers_changed())
        self._replace_tab("单位登记", self.registry_tab)
        self.inspections_tab = InspectionsTab(services, self.runner, self.settings, self)
        self.inspections_tab.changed.connect(self.refresh_counts)
        self._replace_tab("检查记录", self.inspections_tab)
        self.reviews_tab = ReviewsTab(services, self.runner, self.settings, self)
        self._replace_tab("案卷评查", self.reviews_tab)
        self.letters_tab = LettersTab(services, self.runner, self.settings, self)
        self._replace_tab("文书打印", self.letters_tab)
        self.letters_tab.changed.connect(self.inspections_tab.todo.refresh)
        self.inspections_tab.todo.openLetter.connect(self.show_letter)
        self.reports_tab = ReportsTab(services, self.runner, self.settings, self)
        self._replace_tab("统计报表", self.reports_tab)
        self.reports_tab.openRecord.connect(self.open_record)
        for tab in (self.registry_tab, self.inspections_tab, self.reviews_tab):
            tab.changed.connect(lambda *_: self._figures_changed())
        self.sync_tab = SyncTab(services, self.runner, self.settings, self)
        self._replace_tab("数据同步", self.sync_tab)
        self.sync_tab.changed.connect(self._synced)
        self.account_menu.show_actor(self.actor)  # the tabs' pages are all in place now
        self.refresh_counts()
        self.remind_todo()
        self.remind_plan()

    def set_actor(self, actor: Actor | None) -> None:
        """The signed-in account (None: a database without accounts): what its role may do
        (``permissions``) and who it is (status bar).  Built tabs query again to follow."""
        self.actor = actor
        self.account_menu.show_actor(actor)
        if self.registry_tab is not None:
            self._synced()

    def _replace_tab(self, title: str, page: QWidget) -> None:
        """Put a built tab where its placeholder was."""
        tabs = self.ui.tabs
        index = TAB_TITLES.index(title)
        current = tabs.currentIndex()
        placeholder = tabs.widget(index)
        tabs.blockSignals(True)
        tabs.removeTab(index)
        tabs.insertTab(index, page, title)
        tabs.setCurrentIndex(current)
        tabs.blockSignals(False)
        placeholder.deleteLater()

    def _registers_changed(self) -> None:
        """Units, people and enterprises are chosen in the inspection forms."""
        if self.inspections_tab is not None:
            self.inspections_tab.refresh_all()
        if self.reviews_tab is not None:
            self.reviews_tab.refresh_all()

    def _figures_changed(self) -> None:
        if self.reports_tab is not None:
            self.reports_tab.mark_stale()

    def _synced(self) -> None:
        """A package was imported or a conflict resolved: any record may have changed."""
        self.refresh_counts()
        self._figures_changed()
        self.settings_changed()  # the county's reference package may bring settings too
        if self.letters_tab is not None:
            self.letters_tab.refresh()

    def remind_todo(self) -> None:
        """On opening: tell the user what is overdue or due soon (unless turned off)."""
        from yuyou_desktop.gui.inspections.todo_reminder import wants_reminder

        if not wants_reminder(self.settings):
            return
        services = self._services()
        self.runner.run(
            "计算待办",
            lambda progress: services.todo.todo(limit=1),
            self._show_todo_reminder,
            lambda exc: None,  # the 待办 page shows the same and reports its own errors
            parent=self,
            cancellable=False,
        )

    def _show_todo_reminder(self, todo: Todo) -> None:
        from yuyou_desktop.gui.inspections.todo_reminder import TodoReminder

        if todo.total == 0 or not self.isVisible():
            return
        reminder = TodoReminder(todo, self.settings, self)
        reminder.showTodo.connect(self.show_todo)
        self.todo_reminder = reminder
        reminder.open()

    def remind_plan(self, today: date | None = None) -> None:
        """In the first quarter, when this year has no 年度监督工作方案 (unless turned off)."""
        from yuyou_desktop.gui.plans.reminder import maybe_remind

        reminder = maybe_remind(self, self._services(), self.settings, today or date.today())
        if reminder is not None:
            reminder.openPlans.connect(self.show_plans)
            self.plan_reminder = reminder

    def show_plans(self, year: int | None = None) -> None:
        if self.reports_tab is not None:
            self.ui.tabs.setCurrentWidget(self.reports_tab)
            self.reports_tab.show_plans(year)

    def open_record(self, kind: str, record_id: str) -> None:
        """A record listed behind a 统计 figure, opened where it is kept."""
        if kind in ("inspection", "lead") and self.inspections_tab is not None:
            self.ui.tabs.setCurrentWidget(self.inspections_tab)
            if kind == "inspection":
                self.inspections_tab.open_inspection(record_id)
            else:
                self.inspections_tab.open_lead(record_id)
        elif kind == "case_file" and self.reviews_tab is not None:
            self.ui.tabs.setCurrentWidget(self.reviews_tab)
            self.reviews_tab.show_case_file(record_id)
        elif kind in REGISTER_OF_KIND and self.registry_tab is not None:
            self.ui.tabs.setCurrentWidget(self.registry_tab)
            view = self.registry_tab.show_register(REGISTER_OF_KIND[kind])
            view.open_record(record_id)  # type: ignore[attr-defined]

    def show_todo(self) -> None:
        if self.inspections_tab is None:
            return
        self.ui.tabs.setCurrentWidget(self.inspections_tab)
        self.inspections_tab.show_page("todo")

    def show_letter(self, letter_id: str) -> None:
        """Open a letter from 待办: the 文书打印 tab, unfiltered, with the letter selected."""
        if self.letters_tab is None:
            return
        self.ui.tabs.setCurrentWidget(self.letters_tab)
        self.letters_tab.show_letter(letter_id)

    def edit_settings(self) -> None:
        from yuyou_desktop.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._services().settings, self)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted and dialog.changed:
            self.settings_changed()

    def settings_changed(self) -> None:
        """Derived values (certificate and filing status) depend on the settings."""
        if self.registry_tab is not None:
            self.registry_tab.refresh_all()
        if self.inspections_tab is not None:
            self.inspections_tab.refresh_all()
        if self.reviews_tab is not None:
            self.reviews_tab.refresh_all()
        self._figures_changed()  # the cap and the warning days

    # ------------------------------------------------------------ 帮助 menu

    def show_help(self) -> None:
        from yuyou_desktop.gui.info_dialogs import HelpDialog

        HelpDialog(self.resources, self).exec()

    def open_log_folder(self) -> bool:
        """Show the log folder in the file manager (for whoever helps with a problem)."""
        if self.log_file is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file.parent)))

    def show_about(self) -> None:
        from yuyou_desktop.gui.info_dialogs import AboutDialog

        AboutDialog(self.paths, self.resources, self.office, self).exec()

    # ------------------------------------------------------------ status bar

    def _build_status_bar(self) -> None:
        self.officeLabel = QLabel(f"本单位：{self.office.name}（{self.office.code}）")
        self.roleLabel = QLabel(f"角色：{self.office.role_label}")
        self.dbLabel = QLabel(f"数据库：{self.paths.database}")
        self.dbLabel.setToolTip(str(self.paths.database))
        # a long path must not force a wide window: let the label shrink (the tooltip has it all)
        # shown whole when there is room; a narrow window may cut it (the tooltip has it all)
        self.dbLabel.setMinimumWidth(120)
        self.countsLabel = QLabel("记录：正在打开数据库…")
        self.countsLabel.setMinimumWidth(160)  # shrinks with the window; the tooltip has it all
        bar = self.ui.statusBar
        for label in (self.officeLabel, self.roleLabel, self.dbLabel):
            bar.addWidget(label)
        bar.addPermanentWidget(self.countsLabel)

    def refresh_counts(self) -> None:
        services = self._services()
        self.countsLabel.setText("记录：统计中…")
        self.runner.run(
            "统计记录数",
            lambda progress: services.overview.record_counts(),
            self._show_counts,
            lambda exc: self.countsLabel.setText(f"记录：无法统计（{exc}）"),
            parent=self,
            cancellable=False,
        )

    def _show_counts(self, counts: list[RecordCount]) -> None:
        text = "　".join(f"{c.label} {c.count}" for c in counts)
        self.countsLabel.setText(f"记录：{text}")
        self.countsLabel.setToolTip(f"记录：{text}")

    # ------------------------------------------------------------ window state

    def _restore_layout(self) -> None:
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        tab = self.settings.value("main/tab", 0, type=int)
        if 0 <= tab < self.ui.tabs.count():
            self.ui.tabs.setCurrentIndex(tab)

    def save_layout(self) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.settings.setValue("main/tab", self.ui.tabs.currentIndex())
        if self.registry_tab is not None:
            self.registry_tab.save_state()
        if self.inspections_tab is not None:
            self.inspections_tab.save_state()
        if self.reviews_tab is not None:
            self.reviews_tab.save_state()
        if self.sync_tab is not None:
            self.sync_tab.save_state()
        if self.reports_tab is not None:
            self.reports_tab.save_state()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        if self.todo_reminder is not None:
            # A reminder left open would keep the program running after its window is closed.
            self.todo_reminder.close()
            self.todo_reminder = None
        if self.plan_reminder is not None:
            self.plan_reminder.close()
            self.plan_reminder = None
        super().closeEvent(event)

    # ------------------------------------------------------------ 文件 menu

    def _services(self) -> Services:
        if self.services is None:
            raise RuntimeError("the database is not open yet")
        return self.services

    def backup_database(self) -> None:
        backup_actions.ask_backup(self)

    def start_backup(self, dest: Path) -> None:
        backup_actions.start_backup(self, self.runner, self._services(), dest)

    def restore_database(self) -> None:
        backup_actions.ask_restore(self)

    def start_restore(self, source: Path) -> None:
        backup_actions.start_restore(self, self.runner, self._services(), source, self._restored)

    def _restored(self) -> None:
        if not self.account_menu.sign_in_again():  # the restored database's own accounts
            return
        self.refresh_counts()
        self.settings_changed()  # every view queries again
        if self.sync_tab is not None:
            self.sync_tab.refresh_all()
