# Generated from ui/registry_tab.ui by tools/compile_forms.py (pyside6-uic) – do not edit.
# -*- coding: utf-8 -*-


from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QListWidget, QListWidgetItem,
    QSizePolicy, QSplitter, QStackedWidget, QWidget)

class Ui_RegistryTab(object):
    def setupUi(self, RegistryTab):
        if not RegistryTab.objectName():
            RegistryTab.setObjectName(u"RegistryTab")
        RegistryTab.resize(1100, 640)
        self.mainLayout = QHBoxLayout(RegistryTab)
        self.mainLayout.setObjectName(u"mainLayout")
        self.mainLayout.setContentsMargins(0, 6, 0, 6)
        self.splitter = QSplitter(RegistryTab)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.registerList = QListWidget(self.splitter)
        self.registerList.setObjectName(u"registerList")
        self.registerList.setMinimumSize(QSize(100, 0))
        self.registerList.setMaximumSize(QSize(220, 16777215))
        self.splitter.addWidget(self.registerList)
        self.stack = QStackedWidget(self.splitter)
        self.stack.setObjectName(u"stack")
        self.splitter.addWidget(self.stack)

        self.mainLayout.addWidget(self.splitter)


        self.retranslateUi(RegistryTab)

        QMetaObject.connectSlotsByName(RegistryTab)
    # setupUi

    def retranslateUi(self, RegistryTab):
        pass
    # retranslateUi

