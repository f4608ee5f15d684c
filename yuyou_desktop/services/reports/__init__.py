"""统计报表: the figures of a period (``stats``), the records behind each figure (``drill``), the
monthly and annual reports and the annual plan's progress built on them."""
