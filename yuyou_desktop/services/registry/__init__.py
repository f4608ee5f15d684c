"""单位登记: the registers (units, filings, people, certificates, trainings, matters, contact
points, enterprises) — listing, editing, what needs action, Excel transfer."""
