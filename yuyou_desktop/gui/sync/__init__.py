"""The 数据同步 tab."""
