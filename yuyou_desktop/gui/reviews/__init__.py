"""The 案卷评查 tab: campaigns, case files, reviewers, the scoring screen, results, standards."""
