"""The child process of ``test_power_loss``: works on a data folder until it is killed.

    python -m tests.reliability.power_child SCENARIO DATA_DIR [BACKUP_DIR]

It opens the database, prints ``ready``, waits for a line on stdin, then works in a loop through
the services, as the program does.  Each line it prints (tab-separated) names work whose service
call has returned — committed — and is printed and flushed only then:

    records:  unit ID CREDIT_CODE NAME · enterprise ID CREDIT_CODE NAME · update ID REMARK
    letters:  draft ID · issued ID NUMBER SHA256
    backups:  unit … (as above) · backup PATH
    archives: unit … (as above) · archive PATH   (automatic archives with their rotation)
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

from yuyou_desktop.__main__ import build_services
from yuyou_desktop.domain.credit_code import check_character
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services
from yuyou_desktop.services.letters.records import LetterDraft
from yuyou_desktop.services.registry.query import RecordRow

RECIPIENT = "右玉县市场监督管理局"
BACKUP_NAMES = 3  # the loop reuses these names, replacing the older copy each time
GIVE_UP_AFTER = 60.0  # seconds; the parent kills it long before


def say(*parts: object) -> None:
    print("\t".join(str(p) for p in parts), flush=True)


def credit_code(kind: str, n: int) -> str:
    first17 = f"{kind}140623{900_000_000 + n:09d}"
    return first17 + check_character(first17)


def unit_values(n: int) -> dict[str, str]:
    name, code = f"断电测试执法单位{n:05d}", credit_code("11", n)
    return {"name": name, "credit_code": code, "kind": "法定行政机关", "level": "县级"}


def save_unit(services: Services, n: int) -> RecordRow:
    values = unit_values(n)
    record = services.registry.save("units", None, {**values, "status": "正常"})
    say("unit", record.id, values["credit_code"], values["name"])
    return record


def records(services: Services, n: int) -> None:
    unit = save_unit(services, n)
    if n % 2:
        remark = f"第{n}次修改"
        values = {**unit_values(n), "status": "正常", "remark": remark}
        services.registry.save("units", unit.id, values, expected_version=unit.version)
        say("update", unit.id, remark)
    if n % 3 == 0:
        name, code = f"断电测试企业{n:05d}", credit_code("91", n)
        values = {"name": name, "credit_code": code, "category": "其他"}
        say("enterprise", services.registry.save("enterprises", None, values).id, code, name)


def letters(services: Services, n: int) -> None:
    if n % 2:
        deadline = (date.today() + timedelta(days=30)).isoformat()
        fields = {"problems": "1. 未公示执法依据", "requirements": "限期公示", "deadline": deadline}
        draft = LetterDraft("rectification", None, RECIPIENT, f"断电测试整改{n}", fields)
    else:
        fields = {"findings": "执法文书送达不规范", "recommendations": "规范送达程序"}
        draft = LetterDraft("proposal", None, RECIPIENT, f"断电测试建议{n}", fields)
    letter_id = services.letters.create(draft)
    say("draft", letter_id)
    version = services.letters.get(letter_id).version
    issued = services.letters.issue(letter_id, version)
    say("issued", letter_id, issued.number, issued.pdf_sha256)


def backups(services: Services, n: int, folder: Path) -> None:
    save_unit(services, n)
    dest = folder / f"backup-{n % BACKUP_NAMES}.db"
    result = services.maintenance.backup(dest, overwrite=True)
    say("backup", result.path)


def archives(services: Services, n: int) -> None:
    from yuyou_desktop.domain.backups import BEFORE_IMPORT

    save_unit(services, n)
    outcome = services.backups.automatic(BEFORE_IMPORT)
    assert outcome is not None
    say("archive", outcome.path)


def main(argv: list[str]) -> int:
    scenario, data_dir = argv[0], Path(argv[1])
    services = build_services(DataPaths(data_dir))
    services.database.open()
    services.office.current()
    if scenario == "letters":
        services.letter_fonts.current()  # fonts loaded before the work starts
    say("ready")
    if not sys.stdin.readline():
        return 0  # the parent went away before it said go
    deadline = time.monotonic() + GIVE_UP_AFTER
    n = 0
    while time.monotonic() < deadline:
        n += 1
        if scenario == "records":
            records(services, n)
        elif scenario == "letters":
            letters(services, n)
        elif scenario == "archives":
            archives(services, n)
        else:
            backups(services, n, Path(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
