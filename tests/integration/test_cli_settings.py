"""``yuyou settings``: list, change, refuse bad values without changing anything."""

from __future__ import annotations

import json


def test_settings_list_change_and_refuse(county, yuyou):
    county.database.close()
    listed = json.loads(yuyou("settings", "--json").out)
    values = {v["key"]: (v["value"], v["default"]) for v in listed}
    assert values["registry.filing_deadline"] == ("12-31", True)
    assert values["registry.certificate_expiring_days"] == (60, True)
    assert values["inspections.quiet_window"] == ("1-20", True)
    assert all(default for _, default in values.values())
    changed = yuyou("settings", "set", "registry.certificate_expiring_days", "90")
    assert changed.code == 0 and "证件到期提醒天数 = 90" in changed.out
    bad = yuyou("settings", "set", "registry.filing_deadline", "13-01")
    assert bad.code == 3 and "监督机构备案截止日期" in bad.err and "月份1-12" in bad.err
    garbled = yuyou("settings", "set", "registry.filing_deadline", "年底")
    assert garbled.code == 3 and "月-日" in garbled.err
    text = yuyou("settings").out
    assert "证件到期提醒天数：90" in text and "监督机构备案截止日期：12-31（默认）" in text
    unknown = yuyou("settings", "set", "no.such", "1")
    assert unknown.code == 2
