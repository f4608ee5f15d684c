"""The 统计 tab: a period's figures as cards, charts and tables, each number opening the
records behind it."""
