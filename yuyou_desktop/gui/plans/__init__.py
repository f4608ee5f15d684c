"""年度监督工作方案: ``PlansPage`` (plans, items, progress, printing) and the first-quarter
``PlanReminder`` (``maybe_remind``)."""
