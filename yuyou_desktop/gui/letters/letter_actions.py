"""What the buttons of the 文书打印 tab do.  Dialogs are opened window-modal without blocking
(``open()``); the one on screen is ``self.dialog``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from yuyou_desktop.domain.letters import LetterStatus
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.letters import action_dialogs, printing
from yuyou_desktop.gui.letters.fonts_dialog import FontsDialog
from yuyou_desktop.gui.letters.letter_editor import LetterEditor
from yuyou_desktop.gui.letters.preview import PreviewDialog
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.services.letters.records import LetterDraft, LetterQuery, LetterRecord

if TYPE_CHECKING:
    from yuyou_desktop.gui.letters.letters_tab import LettersTab
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services import Services

FOLLOWED = {"issued", "served", "replied"}


class LetterActions:
    def __init__(
        self, tab: LettersTab, services: Services, runner: TaskRunner, settings: QSettings
    ) -> None:
        self.tab = tab
        self.services = services
        self.letters = services.letters
        self.runner = runner
        self.settings = settings
        self.dialog: QWidget | None = None

    # ------------------------------------------------------------ state

    def enabled_actions(self, record: LetterRecord | None, selected: int) -> set[str]:
        keys = {"batch"}
        if record is None:
            return keys
        keys.add("preview")
        status = record.status
        if status == LetterStatus.DRAFT.value:
            return keys | {"edit", "issue", "delete"}
        expects = self.letters.letter_type(record.type_code).expects_reply
        if status == LetterStatus.ISSUED.value:
            keys.add("serve")
        if status in ("issued", "served") and expects:
            keys.add("reply")
        if status in FOLLOWED:
            keys |= {"close", "void"}
        if status != LetterStatus.VOIDED.value:
            keys |= {"correct", "receipt"}
        if status == LetterStatus.CLOSED.value:
            keys.add("void")
        return keys

    def current(self) -> LetterRecord | None:
        letter_id = self.tab.current_id()
        if letter_id is None:
            return None
        try:
            return self.letters.get(letter_id)
        except YuyouError as exc:
            show_error(self.tab, "无法打开文书", exc)
            self.tab.refresh()
            return None

    def _show(self, dialog: QWidget, on_accept) -> None:
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.open()

    # ------------------------------------------------------------ drafting

    def new(self, type_code: str, draft: LetterDraft | None = None) -> None:
        letter_type = self.letters.letter_type(type_code)
        draft = draft or LetterDraft(type_code, None, "", letter_type.name)
        created: list[str] = []

        def save(value: LetterDraft) -> None:
            created.append(self.letters.create(value))

        self._editor(draft, save, lambda: self.tab.after_change(created[-1] if created else None))

    def edit(self) -> None:
        record = self.current()
        if record is None or not record.is_draft or self.tab.refusal(record):
            return
        self._editor(
            record.draft(),
            lambda value: self.letters.update(record.id, record.version, value),
            lambda: self.tab.after_change(record.id),
        )

    def _editor(self, draft: LetterDraft, save, after) -> None:
        letter_type = self.letters.letter_type(draft.type_code)
        units = self.services.registry.unit_choices()
        editor = LetterEditor(
            letter_type,
            draft,
            units,
            save,
            self.preview_draft,
            self.settings,
            self.tab.today(),
            self.tab,
        )
        self._show(editor, after)

    def source_menu_entries(self) -> list[tuple[str, str]]:
        return [
            ("从检查记录起草…", "inspection"),
            ("从问题线索起草移送函…", "lead"),
            ("从评查活动结果起草通知书…", "campaign"),
        ]

    def new_from_source(self, kind: str) -> None:
        from yuyou_desktop.gui.letters.source_pickers import start_from_source

        start_from_source(self, kind)

    def open_current(self) -> None:
        record = self.current()
        if record is None:
            return
        editable = record.is_draft and not self.tab.refusal(record)
        self.edit() if editable else self.preview()

    # ------------------------------------------------------------ looking and printing

    def preview_draft(self, draft: LetterDraft) -> None:
        try:
            data = self.letters.preview(draft)
        except YuyouError as exc:
            show_error(self.tab, "无法预览", exc)
            return
        name = f"{draft.title or '文书'}（草稿）.pdf"
        self._show_pdf(data, draft.title, name, self.letters.font_warnings())

    def preview(self) -> None:
        record = self.current()
        if record is None:
            return
        try:
            data = self.letters.pdf(record.id)
        except YuyouError as exc:
            show_error(self.tab, "无法打开文书", exc)
            return
        warnings = self.letters.font_warnings() if record.is_draft else ()
        if record.voided_on:
            warnings = (
                f"这份文书已于{record.voided_on}作废（{record.voided_reason}），"
                "文号不再有效；下面是它签发时的原件。",
            )
        name = f"{record.number or record.title + '（草稿）'}.pdf"
        self._show_pdf(data, f"{record.number} {record.title}", name, warnings)

    def _show_pdf(self, data: bytes, title: str, name: str, warnings) -> None:
        try:
            dialog = PreviewDialog(data, title, name, self.settings, tuple(warnings), self.tab)
        except YuyouError as exc:
            show_error(self.tab, "无法预览", exc)
            return
        self.dialog = dialog
        dialog.open()

    def batch_print(self) -> None:
        """The selected letters; with none selected, every issued letter of the list."""
        ids = self.tab.selected_ids()
        if ids:
            rows = [self.letters.get(letter_id) for letter_id in ids]
            ids = [row.id for row in rows if row.number]
            if not ids:
                QMessageBox.information(
                    self.tab, "批量打印", "所选文书都是草稿，草稿请在预览中打印。"
                )
                return
        else:
            query = LetterQuery(**{**self.tab.query().__dict__, "offset": 0, "limit": 10_000})
            ids = [row.id for row in self.letters.list(query).rows if row.number]
            if not ids:
                QMessageBox.information(self.tab, "批量打印", "当前列表中没有已签发的文书。")
                return
            if not self.tab.ask("批量打印", f"打印当前列表中全部 {len(ids)} 份已签发的文书？"):
                return
        printer = printing.ask_printer(self.tab, 0)
        if printer is None:
            return
        self.print_batch(printer, ids)

    def print_batch(self, printer, ids: list[str]) -> tuple[int, bool]:
        def load(index: int):
            return printing.load_pdf(self.letters.pdf(ids[index]), self.tab)

        try:
            done, cancelled = printing.print_with_progress(
                self.tab, printer, load, len(ids), "批量打印"
            )
        except YuyouError as exc:
            show_error(self.tab, "打印失败", exc)
            return 0, True
        if cancelled:
            QMessageBox.information(self.tab, "批量打印", "已取消打印。")
        return done, cancelled

    # ------------------------------------------------------------ lifecycle

    def issue(self) -> None:
        record = self.current()
        if record is None:
            return
        dialog = action_dialogs.issue_dialog(
            record,
            self.letters.issue,
            self.tab.today(),
            self.letters.font_warnings(),
            self.letters.missing_for_issue(record.id),
            self.tab,
        )
        self._show(dialog, lambda: self.tab.after_change(record.id))

    def serve(self) -> None:
        self._follow(action_dialogs.serve_dialog, self.letters.serve)

    def reply(self) -> None:
        self._follow(action_dialogs.reply_dialog, self.letters.reply)

    def _follow(self, make, action) -> None:
        record = self.current()
        if record is None:
            return
        dialog = make(record, action, self.tab.today(), self.tab)
        self._show(dialog, lambda: self.tab.after_change(record.id))

    def close(self) -> None:
        record = self.current()
        if record is None:
            return
        expects = self.letters.letter_type(record.type_code).expects_reply
        waiting = expects and record.status != LetterStatus.REPLIED.value
        dialog = action_dialogs.close_dialog(
            record, self.letters.close, self.tab.today(), waiting, self.tab
        )
        self._show(dialog, lambda: self.tab.after_change(record.id))

    def void(self) -> None:
        record = self.current()
        if record is None:
            return
        dialog = action_dialogs.void_dialog(record, self.letters.void, self.tab)
        self._show(dialog, lambda: self.tab.after_change(record.id))

    def correct(self) -> None:
        record = self.current()
        if record is None:
            return
        text = (
            f"已签发的文书不能修改。将新建一份更正文书，正文开头写明它更正 {record.number}，"
            "内容先照原文书填好，修改后再签发。继续吗？"
        )
        if not self.tab.ask("更正", text):
            return
        try:  # nothing is stored until the clerk saves the correction
            draft = self.letters.correction_draft(record.id)
        except YuyouError as exc:
            show_error(self.tab, "无法更正", exc)
            return
        self.new(draft.type_code, draft)

    def receipt(self) -> None:
        record = self.current()
        if record is None:
            return
        try:
            draft = self.services.letter_prefill.service_receipt_for(record.id)
        except YuyouError as exc:
            show_error(self.tab, "无法起草送达回证", exc)
            return
        self.new(draft.type_code, draft)

    def delete(self) -> None:
        record = self.current()
        if record is None or not record.is_draft:
            return
        if not self.tab.ask("删除草稿", f"删除草稿“{record.title}”？"):
            return
        try:
            self.letters.delete_draft(record.id, record.version)
        except YuyouError as exc:
            show_error(self.tab, "无法删除", exc)
        self.tab.after_change()

    def fonts(self) -> None:
        dialog = FontsDialog(self.services.letter_fonts, self.tab)
        self.dialog = dialog
        dialog.open()

    def choose_item(self, title: str, label: str, items: list[str]) -> int:
        """The index chosen from ``items``, or -1 (a list dialog; tests replace it)."""
        if not items:
            QMessageBox.information(self.tab, title, "没有可选的记录。")
            return -1
        text, ok = QInputDialog.getItem(self.tab, title, label, items, 0, False)
        return items.index(text) if ok and text in items else -1
