# Generated from ui/setup_dialog.ui by tools/compile_forms.py (pyside6-uic) – do not edit.
# -*- coding: utf-8 -*-


from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QLineEdit, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_SetupDialog(object):
    def setupUi(self, SetupDialog):
        if not SetupDialog.objectName():
            SetupDialog.setObjectName(u"SetupDialog")
        SetupDialog.resize(520, 300)
        self.mainLayout = QVBoxLayout(SetupDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(SetupDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.roleLabel = QLabel(SetupDialog)
        self.roleLabel.setObjectName(u"roleLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.roleLabel)

        self.roleCombo = QComboBox(SetupDialog)
        self.roleCombo.setObjectName(u"roleCombo")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.roleCombo)

        self.codeLabel = QLabel(SetupDialog)
        self.codeLabel.setObjectName(u"codeLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.codeLabel)

        self.codeEdit = QLineEdit(SetupDialog)
        self.codeEdit.setObjectName(u"codeEdit")
        self.codeEdit.setMaxLength(12)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.codeEdit)

        self.nameLabel = QLabel(SetupDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(SetupDialog)
        self.nameEdit.setObjectName(u"nameEdit")
        self.nameEdit.setMaxLength(40)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.prefixLabel = QLabel(SetupDialog)
        self.prefixLabel.setObjectName(u"prefixLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.prefixLabel)

        self.prefixEdit = QLineEdit(SetupDialog)
        self.prefixEdit.setObjectName(u"prefixEdit")
        self.prefixEdit.setMaxLength(8)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.prefixEdit)


        self.mainLayout.addLayout(self.formLayout)

        self.demoCheck = QCheckBox(SetupDialog)
        self.demoCheck.setObjectName(u"demoCheck")

        self.mainLayout.addWidget(self.demoCheck)

        self.dataDirLabel = QLabel(SetupDialog)
        self.dataDirLabel.setObjectName(u"dataDirLabel")
        self.dataDirLabel.setWordWrap(True)
        self.dataDirLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.mainLayout.addWidget(self.dataDirLabel)

        self.errorLabel = QLabel(SetupDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(u"color: #b00020;")

        self.mainLayout.addWidget(self.errorLabel)

        self.verticalSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.verticalSpacer)

        self.buttonBox = QDialogButtonBox(SetupDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.roleLabel.setBuddy(self.roleCombo)
        self.codeLabel.setBuddy(self.codeEdit)
        self.nameLabel.setBuddy(self.nameEdit)
        self.prefixLabel.setBuddy(self.prefixEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.roleCombo, self.codeEdit)
        QWidget.setTabOrder(self.codeEdit, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.prefixEdit)
        QWidget.setTabOrder(self.prefixEdit, self.demoCheck)

        self.retranslateUi(SetupDialog)

        QMetaObject.connectSlotsByName(SetupDialog)
    # setupUi

    def retranslateUi(self, SetupDialog):
        SetupDialog.setWindowTitle(QCoreApplication.translate("SetupDialog", u"\u521d\u59cb\u8bbe\u7f6e \u2014 \u884c\u653f\u6267\u6cd5\u534f\u8c03\u76d1\u7763\u5de5\u4f5c\u53f0", None))
        self.introLabel.setText(QCoreApplication.translate("SetupDialog", u"\u6b22\u8fce\u4f7f\u7528\u3002\u9996\u6b21\u542f\u52a8\u9700\u8981\u767b\u8bb0\u672c\u5355\u4f4d\u4fe1\u606f\uff0c\u7a0b\u5e8f\u5c06\u5728\u672c\u673a\u5efa\u7acb\u6570\u636e\u5e93\u548c\u672c\u5355\u4f4d\u7684\u7b7e\u540d\u5bc6\u94a5\u3002", None))
        self.roleLabel.setText(QCoreApplication.translate("SetupDialog", u"\u5355\u4f4d\u7c7b\u578b(&T)\uff1a", None))
        self.codeLabel.setText(QCoreApplication.translate("SetupDialog", u"\u884c\u653f\u533a\u5212\u4ee3\u7801(&C)\uff1a", None))
        self.nameLabel.setText(QCoreApplication.translate("SetupDialog", u"\u5355\u4f4d\u540d\u79f0(&N)\uff1a", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("SetupDialog", u"\u4f8b\u5982\uff1a\u53f3\u536b\u9547\u53f8\u6cd5\u6240", None))
        self.prefixLabel.setText(QCoreApplication.translate("SetupDialog", u"\u673a\u5173\u4ee3\u5b57(&P)\uff1a", None))
        self.prefixEdit.setPlaceholderText(QCoreApplication.translate("SetupDialog", u"\u4f8b\u5982\uff1a\u53f3\u53f8\u76d1\uff08\u7528\u4e8e\u6587\u4e66\u7f16\u53f7\uff09", None))
        self.demoCheck.setText(QCoreApplication.translate("SetupDialog", u"\u8f7d\u5165\u6f14\u793a\u6570\u636e\uff08\u53f3\u7389\u53bf\u793a\u4f8b\u5355\u4f4d\uff0c\u5747\u6807\u6ce8\u201c\u6f14\u793a\u6570\u636e\u201d\uff0c\u53ef\u4f9b\u8bd5\u7528\uff09(&D)", None))
    # retranslateUi

