# Generated from ui/record_dialog.ui by tools/compile_forms.py (pyside6-uic) – do not edit.
# -*- coding: utf-8 -*-


from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QFrame, QLabel, QScrollArea,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_RecordDialog(object):
    def setupUi(self, RecordDialog):
        if not RecordDialog.objectName():
            RecordDialog.setObjectName(u"RecordDialog")
        RecordDialog.resize(560, 520)
        self.mainLayout = QVBoxLayout(RecordDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.headingLabel = QLabel(RecordDialog)
        self.headingLabel.setObjectName(u"headingLabel")
        self.headingLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.headingLabel)

        self.scrollArea = QScrollArea(RecordDialog)
        self.scrollArea.setObjectName(u"scrollArea")
        self.scrollArea.setFrameShape(QFrame.Shape.NoFrame)
        self.scrollArea.setWidgetResizable(True)
        self.formContainer = QWidget()
        self.formContainer.setObjectName(u"formContainer")
        self.formLayout = QFormLayout(self.formContainer)
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.formLayout.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.scrollArea.setWidget(self.formContainer)

        self.mainLayout.addWidget(self.scrollArea)

        self.errorLabel = QLabel(RecordDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(u"color: #b00020;")

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(RecordDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)


        self.retranslateUi(RecordDialog)

        QMetaObject.connectSlotsByName(RecordDialog)
    # setupUi

    def retranslateUi(self, RecordDialog):
        RecordDialog.setWindowTitle(QCoreApplication.translate("RecordDialog", u"\u7f16\u8f91\u8bb0\u5f55", None))
    # retranslateUi

