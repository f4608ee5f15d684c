"""The 单位登记 tab: one table view per register, the edit dialog, the 待处理 panel."""
