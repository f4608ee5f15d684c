"""检查记录: inspections, their supervisors, problems and attachments; leads and the 待办 view.

Import from the modules (``service``, ``records`` …); this package file stays empty so that the
modules can be loaded on their own.
"""
