# Generated from ui/import_preview.ui by tools/compile_forms.py (pyside6-uic) – do not edit.
# -*- coding: utf-8 -*-


from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDialog, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QSizePolicy,
    QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget)

class Ui_ImportPreviewDialog(object):
    def setupUi(self, ImportPreviewDialog):
        if not ImportPreviewDialog.objectName():
            ImportPreviewDialog.setObjectName(u"ImportPreviewDialog")
        ImportPreviewDialog.resize(760, 560)
        self.mainLayout = QVBoxLayout(ImportPreviewDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.summaryLabel = QLabel(ImportPreviewDialog)
        self.summaryLabel.setObjectName(u"summaryLabel")
        self.summaryLabel.setWordWrap(True)
        self.summaryLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.mainLayout.addWidget(self.summaryLabel)

        self.errorsLabel = QLabel(ImportPreviewDialog)
        self.errorsLabel.setObjectName(u"errorsLabel")
        self.errorsLabel.setWordWrap(True)
        self.errorsLabel.setStyleSheet(u"color: #b00020; font-weight: bold;")

        self.mainLayout.addWidget(self.errorsLabel)

        self.errorTable = QTableWidget(ImportPreviewDialog)
        self.errorTable.setObjectName(u"errorTable")
        self.errorTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errorTable.setAlternatingRowColors(True)
        self.errorTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)

        self.mainLayout.addWidget(self.errorTable)

        self.previewLabel = QLabel(ImportPreviewDialog)
        self.previewLabel.setObjectName(u"previewLabel")
        self.previewLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.previewLabel)

        self.previewTable = QTableWidget(ImportPreviewDialog)
        self.previewTable.setObjectName(u"previewTable")
        self.previewTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.previewTable.setAlternatingRowColors(True)
        self.previewTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)

        self.mainLayout.addWidget(self.previewTable)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.saveReportButton = QPushButton(ImportPreviewDialog)
        self.saveReportButton.setObjectName(u"saveReportButton")

        self.buttonLayout.addWidget(self.saveReportButton)

        self.buttonSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.buttonSpacer)

        self.importButton = QPushButton(ImportPreviewDialog)
        self.importButton.setObjectName(u"importButton")

        self.buttonLayout.addWidget(self.importButton)

        self.closeButton = QPushButton(ImportPreviewDialog)
        self.closeButton.setObjectName(u"closeButton")

        self.buttonLayout.addWidget(self.closeButton)


        self.mainLayout.addLayout(self.buttonLayout)


        self.retranslateUi(ImportPreviewDialog)
        self.closeButton.clicked.connect(ImportPreviewDialog.reject)

        QMetaObject.connectSlotsByName(ImportPreviewDialog)
    # setupUi

    def retranslateUi(self, ImportPreviewDialog):
        ImportPreviewDialog.setWindowTitle(QCoreApplication.translate("ImportPreviewDialog", u"\u5bfc\u5165Excel", None))
        self.saveReportButton.setText(QCoreApplication.translate("ImportPreviewDialog", u"\u4fdd\u5b58\u9519\u8bef\u62a5\u544a(&S)\u2026", None))
        self.importButton.setText(QCoreApplication.translate("ImportPreviewDialog", u"\u786e\u8ba4\u5bfc\u5165(&I)", None))
        self.closeButton.setText(QCoreApplication.translate("ImportPreviewDialog", u"\u5173\u95ed", None))
    # retranslateUi

