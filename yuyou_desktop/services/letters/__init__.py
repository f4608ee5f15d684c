"""文书打印: letter types, drafts, issuing, archive, follow-up, fonts."""
