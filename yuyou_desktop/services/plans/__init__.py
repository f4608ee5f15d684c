"""年度监督工作方案 (annual supervision plans): ``PlanService``."""
