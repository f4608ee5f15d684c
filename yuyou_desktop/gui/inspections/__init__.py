"""The 检查记录 tab: inspections, problems and their rectification, leads, and the 待办 view."""
