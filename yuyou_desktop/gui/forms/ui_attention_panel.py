# Generated from ui/attention_panel.ui by tools/compile_forms.py (pyside6-uic) – do not edit.
# -*- coding: utf-8 -*-


from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QPushButton, QSizePolicy, QSpinBox,
    QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget)

class Ui_AttentionPanel(object):
    def setupUi(self, AttentionPanel):
        if not AttentionPanel.objectName():
            AttentionPanel.setObjectName(u"AttentionPanel")
        AttentionPanel.resize(900, 600)
        self.mainLayout = QVBoxLayout(AttentionPanel)
        self.mainLayout.setObjectName(u"mainLayout")
        self.mainLayout.setContentsMargins(0, 0, 0, 0)
        self.topBar = QHBoxLayout()
        self.topBar.setObjectName(u"topBar")
        self.yearLabel = QLabel(AttentionPanel)
        self.yearLabel.setObjectName(u"yearLabel")

        self.topBar.addWidget(self.yearLabel)

        self.yearSpin = QSpinBox(AttentionPanel)
        self.yearSpin.setObjectName(u"yearSpin")
        self.yearSpin.setMinimum(2000)
        self.yearSpin.setMaximum(2100)

        self.topBar.addWidget(self.yearSpin)

        self.refreshButton = QPushButton(AttentionPanel)
        self.refreshButton.setObjectName(u"refreshButton")

        self.topBar.addWidget(self.refreshButton)

        self.summaryLabel = QLabel(AttentionPanel)
        self.summaryLabel.setObjectName(u"summaryLabel")
        self.summaryLabel.setWordWrap(True)
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.summaryLabel.sizePolicy().hasHeightForWidth())
        self.summaryLabel.setSizePolicy(sizePolicy)

        self.topBar.addWidget(self.summaryLabel)


        self.mainLayout.addLayout(self.topBar)

        self.splitter = QSplitter(AttentionPanel)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.filingGroup = QGroupBox(self.splitter)
        self.filingGroup.setObjectName(u"filingGroup")
        self.filingLayout = QVBoxLayout(self.filingGroup)
        self.filingLayout.setObjectName(u"filingLayout")
        self.filingTable = QTableWidget(self.filingGroup)
        self.filingTable.setObjectName(u"filingTable")

        self.filingLayout.addWidget(self.filingTable)

        self.splitter.addWidget(self.filingGroup)
        self.certificateGroup = QGroupBox(self.splitter)
        self.certificateGroup.setObjectName(u"certificateGroup")
        self.certificateLayout = QVBoxLayout(self.certificateGroup)
        self.certificateLayout.setObjectName(u"certificateLayout")
        self.certificateTable = QTableWidget(self.certificateGroup)
        self.certificateTable.setObjectName(u"certificateTable")

        self.certificateLayout.addWidget(self.certificateTable)

        self.splitter.addWidget(self.certificateGroup)
        self.examGroup = QGroupBox(self.splitter)
        self.examGroup.setObjectName(u"examGroup")
        self.examLayout = QVBoxLayout(self.examGroup)
        self.examLayout.setObjectName(u"examLayout")
        self.examHint = QLabel(self.examGroup)
        self.examHint.setObjectName(u"examHint")
        self.examHint.setWordWrap(True)

        self.examLayout.addWidget(self.examHint)

        self.examTable = QTableWidget(self.examGroup)
        self.examTable.setObjectName(u"examTable")

        self.examLayout.addWidget(self.examTable)

        self.splitter.addWidget(self.examGroup)

        self.mainLayout.addWidget(self.splitter)

#if QT_CONFIG(shortcut)
        self.yearLabel.setBuddy(self.yearSpin)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.yearSpin, self.refreshButton)
        QWidget.setTabOrder(self.refreshButton, self.filingTable)
        QWidget.setTabOrder(self.filingTable, self.certificateTable)
        QWidget.setTabOrder(self.certificateTable, self.examTable)

        self.retranslateUi(AttentionPanel)

        QMetaObject.connectSlotsByName(AttentionPanel)
    # setupUi

    def retranslateUi(self, AttentionPanel):
        self.yearLabel.setText(QCoreApplication.translate("AttentionPanel", u"\u5e74\u5ea6(&Y)\uff1a", None))
        self.yearSpin.setSuffix(QCoreApplication.translate("AttentionPanel", u"\u5e74", None))
        self.refreshButton.setText(QCoreApplication.translate("AttentionPanel", u"\u5237\u65b0(&R)", None))
        self.filingGroup.setTitle(QCoreApplication.translate("AttentionPanel", u"\u76d1\u7763\u673a\u6784\u5907\u6848", None))
        self.certificateGroup.setTitle(QCoreApplication.translate("AttentionPanel", u"\u8bc1\u4ef6", None))
        self.examGroup.setTitle(QCoreApplication.translate("AttentionPanel", u"\u5e74\u5ea6\u516c\u5171\u6cd5\u5f8b\u77e5\u8bc6\u8003\u8bd5", None))
        self.examHint.setText(QCoreApplication.translate("AttentionPanel", u"\u6301\u6709\u6709\u6548\u8bc1\u4ef6\u3001\u4f46\u672c\u5e74\u5ea6\u8003\u8bd5\u672a\u901a\u8fc7\u6216\u7f3a\u8003\u7684\u6267\u6cd5\u548c\u76d1\u7763\u4eba\u5458\u3002\u70b9\u51fb\u201c\u6ce8\u9500\u8bc1\u4ef6\u2026\u201d\u6ce8\u9500\u5176\u5168\u90e8\u6709\u6548\u8bc1\u4ef6\uff0c\u5e76\u8bb0\u5f55\u539f\u56e0\u3002", None))
        pass
    # retranslateUi

