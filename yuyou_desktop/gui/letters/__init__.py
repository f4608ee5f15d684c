"""The 文书打印 tab."""
