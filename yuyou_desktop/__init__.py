"""行政执法协调监督工作台 (yuyou_desktop).

Layers, from the bottom: ``domain`` (pure Python), ``storage`` (SQLAlchemy + SQLite),
``documents`` and ``sync``, ``services`` (use cases returning plain values), ``gui``
(the only PySide6 importer).  ``__main__`` is the composition root.
"""

__version__ = "0.1.0"
APP_NAME = "yuyou-desktop"
APP_TITLE = "行政执法协调监督工作台"
