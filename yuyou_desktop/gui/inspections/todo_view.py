"""待办: problems whose rectification and leads whose handling are overdue or fall due soon, in
four headed sections with their counts (``TodoService.todo``, computed on the task runner).

A double click (or Enter) on a problem emits ``openProblem(inspection_id, problem_id)``, on a
lead ``openLead(lead_id)``; the 检查记录 tab connects them.  ``summary_text()`` is the one line
the main window shows when the program opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.inspections.todo_tables import (
    NOTE_STYLE,
    LeadTodoModel,
    LetterTodoModel,
    ProblemTodoModel,
    TodoSection,
)

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services.inspections.todo import LeadTodo, ProblemTodo, Todo, TodoService

DEFAULT_LIMIT = 500
EMPTY_TEXT = "没有逾期或即将到期的事项。"
EMPTY_STYLE = "color: #2e7d32; font-size: 11pt; padding: 24px;"
ERROR_STYLE = "color: #b00020; font-weight: bold;"


def summary_of(todo: Todo) -> str:
    """“整改逾期 3 项，7日内到期 2 项；线索逾期 1 件，7日内到期 0 件；文书逾期未回复 1 份”."""
    days = todo.due_soon_days
    problems = (
        f"整改逾期 {todo.overdue_problem_count} 项，{days}日内到期 {todo.due_soon_problem_count} 项"
    )
    leads = f"线索逾期 {todo.overdue_lead_count} 件，{days}日内到期 {todo.due_soon_lead_count} 件"
    letters = f"文书逾期未回复 {todo.overdue_letter_count} 份"
    return f"{problems}；{leads}；{letters}"


class TodoView(QWidget):
    """The 待办 sub-tab.  ``refreshed()`` after each new result (``todo``, ``summary_text()``)."""

    openProblem = Signal(str, str)
    openLead = Signal(str)
    openLetter = Signal(str)
    refreshed = Signal()

    def __init__(
        self,
        todo: TodoService,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("todoView")
        self._service = todo
        self._runner = runner
        self._limit = limit
        self.todo: Todo | None = None
        self.loading = False
        self._again = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.asOfLabel = QLabel("正在统计待办…", self)
        self.asOfLabel.setWordWrap(True)
        top.addWidget(self.asOfLabel, 1)
        self.refreshButton = QPushButton("刷新(&R)", self)
        self.refreshButton.setToolTip("重新统计逾期和即将到期的事项")
        self.refreshButton.clicked.connect(self.refresh)
        top.addWidget(self.refreshButton)
        layout.addLayout(top)
        self.messageLabel = QLabel(self)
        self.messageLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.messageLabel.setWordWrap(True)
        self.messageLabel.hide()
        layout.addWidget(self.messageLabel)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(self.scroll)
        sections = QVBoxLayout(content)
        sections.setContentsMargins(0, 0, 8, 0)
        self.overdueProblems = TodoSection(ProblemTodoModel(overdue=True), content)
        self.dueSoonProblems = TodoSection(ProblemTodoModel(overdue=False), content)
        self.overdueLeads = TodoSection(LeadTodoModel(overdue=True), content)
        self.dueSoonLeads = TodoSection(LeadTodoModel(overdue=False), content)
        self.overdueLetters = TodoSection(LetterTodoModel(), content)
        for section in self.sections:
            sections.addWidget(section)
        sections.addStretch(1)
        for section in (self.overdueProblems, self.dueSoonProblems):
            section.opened.connect(self._problem_opened)
        for section in (self.overdueLeads, self.dueSoonLeads):
            section.opened.connect(self._lead_opened)
        self.overdueLetters.opened.connect(lambda letter: self.openLetter.emit(letter.letter_id))
        hint = QLabel("双击一行（或选中后按回车）打开对应的检查记录、线索或文书。", content)
        hint.setStyleSheet(NOTE_STYLE)
        sections.addWidget(hint)
        self.scroll.setWidget(content)
        self.scroll.hide()
        layout.addWidget(self.scroll, 1)
        self.refresh()

    @property
    def sections(self) -> tuple[TodoSection, ...]:
        return (
            self.overdueProblems,
            self.dueSoonProblems,
            self.overdueLeads,
            self.dueSoonLeads,
            self.overdueLetters,
        )

    # ------------------------------------------------------------ computing

    def refresh(self) -> None:
        """Compute the 待办 again on the task runner (a refresh asked meanwhile runs after)."""
        if self.loading:
            self._again = True
            return
        self.loading = True
        self.refreshButton.setEnabled(False)
        service, limit = self._service, self._limit
        self._runner.run(
            "正在统计待办",
            lambda progress: service.todo(limit),
            self._loaded,
            self._failed,
            parent=self,
            cancellable=False,
        )

    def _finish(self) -> bool:
        self.loading = False
        self.refreshButton.setEnabled(True)
        if self._again:
            self._again = False
            self.refresh()
            return True
        return False

    def _loaded(self, todo: Todo) -> None:
        if self._finish():
            return  # a newer result follows
        self.todo = todo
        days = todo.due_soon_days
        self.asOfLabel.setText(
            f"截至 {todo.today.isoformat()}：整改期限或办理期限已过、或在 {days} 日内到期，"
            "且尚未整改完毕或办结的事项；回复期限已过仍未回复的文书。"
        )
        self.overdueProblems.show_rows(
            "整改逾期的问题", todo.overdue_problems, todo.overdue_problem_count
        )
        self.dueSoonProblems.show_rows(
            f"{days}日内到期的问题", todo.due_soon_problems, todo.due_soon_problem_count
        )
        self.overdueLeads.show_rows("办理逾期的线索", todo.overdue_leads, todo.overdue_lead_count)
        self.dueSoonLeads.show_rows(
            f"{days}日内到期的线索", todo.due_soon_leads, todo.due_soon_lead_count
        )
        self.overdueLetters.show_rows(
            "逾期未回复的文书", todo.overdue_letters, todo.overdue_letter_count
        )
        empty = todo.total == 0
        self.messageLabel.setText(EMPTY_TEXT if empty else "")
        self.messageLabel.setStyleSheet(EMPTY_STYLE)
        self.messageLabel.setVisible(empty)
        self.scroll.setVisible(not empty)
        self.refreshed.emit()

    def _failed(self, exc: BaseException) -> None:
        if self._finish():
            return
        reason = exc.message if isinstance(exc, YuyouError) else f"发生意外错误：{exc}"
        self.asOfLabel.setText("无法统计待办。")
        self.messageLabel.setText(f"无法统计待办：{reason}\n请点“刷新”重试。")
        self.messageLabel.setStyleSheet(ERROR_STYLE)
        self.messageLabel.show()
        self.scroll.hide()

    def summary_text(self) -> str:
        """E.g. “整改逾期 3 项，7日内到期 2 项；线索逾期 1 件，7日内到期 0 件；文书逾期未回复
        1 份”."""
        if self.todo is None:
            return "正在统计待办…" if self.loading else "待办尚未统计。"
        return summary_of(self.todo)

    # ------------------------------------------------------------ opening

    def _problem_opened(self, problem: ProblemTodo) -> None:
        self.openProblem.emit(problem.inspection_id, problem.problem_id)

    def _lead_opened(self, lead: LeadTodo) -> None:
        self.openLead.emit(lead.lead_id)
