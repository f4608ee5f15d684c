# Generated from ui/register_view.ui by tools/compile_forms.py (pyside6-uic) – do not edit.
# -*- coding: utf-8 -*-


from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QTableView, QVBoxLayout, QWidget)

class Ui_RegisterView(object):
    def setupUi(self, RegisterView):
        if not RegisterView.objectName():
            RegisterView.setObjectName(u"RegisterView")
        RegisterView.resize(900, 560)
        self.mainLayout = QVBoxLayout(RegisterView)
        self.mainLayout.setObjectName(u"mainLayout")
        self.mainLayout.setContentsMargins(0, 0, 0, 0)
        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.addButton = QPushButton(RegisterView)
        self.addButton.setObjectName(u"addButton")

        self.buttonLayout.addWidget(self.addButton)

        self.editButton = QPushButton(RegisterView)
        self.editButton.setObjectName(u"editButton")

        self.buttonLayout.addWidget(self.editButton)

        self.deleteButton = QPushButton(RegisterView)
        self.deleteButton.setObjectName(u"deleteButton")

        self.buttonLayout.addWidget(self.deleteButton)

        self.extraButtonLayout = QHBoxLayout()
        self.extraButtonLayout.setObjectName(u"extraButtonLayout")

        self.buttonLayout.addLayout(self.extraButtonLayout)

        self.buttonSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.buttonSpacer)

        self.countLabel = QLabel(RegisterView)
        self.countLabel.setObjectName(u"countLabel")

        self.buttonLayout.addWidget(self.countLabel)


        self.mainLayout.addLayout(self.buttonLayout)

        self.filterBar = QHBoxLayout()
        self.filterBar.setObjectName(u"filterBar")
        self.searchLabel = QLabel(RegisterView)
        self.searchLabel.setObjectName(u"searchLabel")

        self.filterBar.addWidget(self.searchLabel)

        self.searchEdit = QLineEdit(RegisterView)
        self.searchEdit.setObjectName(u"searchEdit")
        self.searchEdit.setMinimumSize(QSize(100, 0))
        self.searchEdit.setClearButtonEnabled(True)

        self.filterBar.addWidget(self.searchEdit)

        self.filterLayout = QHBoxLayout()
        self.filterLayout.setObjectName(u"filterLayout")

        self.filterBar.addLayout(self.filterLayout)

        self.filterSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.filterBar.addItem(self.filterSpacer)


        self.mainLayout.addLayout(self.filterBar)

        self.table = QTableView(RegisterView)
        self.table.setObjectName(u"table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)

        self.mainLayout.addWidget(self.table)

#if QT_CONFIG(shortcut)
        self.searchLabel.setBuddy(self.searchEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.searchEdit, self.table)
        QWidget.setTabOrder(self.table, self.addButton)
        QWidget.setTabOrder(self.addButton, self.editButton)
        QWidget.setTabOrder(self.editButton, self.deleteButton)

        self.retranslateUi(RegisterView)

        QMetaObject.connectSlotsByName(RegisterView)
    # setupUi

    def retranslateUi(self, RegisterView):
        self.addButton.setText(QCoreApplication.translate("RegisterView", u"\u65b0\u589e(&N)\u2026", None))
        self.editButton.setText(QCoreApplication.translate("RegisterView", u"\u7f16\u8f91(&E)\u2026", None))
        self.deleteButton.setText(QCoreApplication.translate("RegisterView", u"\u5220\u9664(&D)\u2026", None))
        self.countLabel.setText(QCoreApplication.translate("RegisterView", u"\u5171 0 \u6761", None))
        self.searchLabel.setText(QCoreApplication.translate("RegisterView", u"\u67e5\u627e(&F)\uff1a", None))
        pass
    # retranslateUi

