"""Accounts in the window: signing in at start, the 账号 menu, 账号管理 and 审计日志."""
