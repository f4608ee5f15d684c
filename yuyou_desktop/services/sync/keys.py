"""Keys: this office's fingerprint and public key file, and renewing its key pair; enrolling
(trusting) and revoking the keys of other offices.  A county enrols its own townships (one active
key each); a township pins one county."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.domain.office import validate_office_code, validate_office_name
from yuyou_desktop.errors import InputRejected, os_reason
from yuyou_desktop.services.sync import key_store
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import Office
from yuyou_desktop.storage.models_sync import TrustedKey
from yuyou_desktop.storage.types import utcnow
from yuyou_desktop.sync.keys import fingerprint, load_encryption_key, load_signing_key

KEY_FILE_FORMAT = "yuyou-office-key/1"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class OwnKey:
    office_code: str
    office_name: str
    role: str
    fingerprint: str
    signing_public_key: str
    encryption_public_key: str


@dataclass(frozen=True)
class TrustedOffice:
    office_code: str
    office_name: str
    role: str
    fingerprint: str
    enrolled_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class KeyFile:
    """A key file read and checked, before anything is stored (shown for the phone check)."""

    office_code: str
    office_name: str
    role: str
    fingerprint: str
    signing_public_key: str
    encryption_public_key: str


def _fingerprint_of(key: ed25519.Ed25519PrivateKey) -> str:
    return fingerprint(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def normal_fingerprint(text: str) -> str:
    """A fingerprint as typed (any case, with or without the dashes) → ``1A2B-3C4D-…``."""
    digits = re.sub(r"[^0-9A-F]", "", text.upper())
    if len(digits) != 32:
        return text.strip().upper()
    return "-".join(digits[i : i + 4] for i in range(0, 32, 4))


def _trusted(row: TrustedKey) -> TrustedOffice:
    return TrustedOffice(
        row.office_code, row.office_name, row.role, row.key_id, row.enrolled_at, row.revoked_at
    )


def read_key_file(path: Path) -> KeyFile:
    """Read another office's public key file; refused with the reason when it is not one."""
    try:
        if path.stat().st_size > 64 * 1024:
            raise InputRejected(f"“{path.name}”不是本程序导出的公钥文件（文件过大）。")
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputRejected(f"无法读取公钥文件“{path}”：{os_reason(exc)}。") from exc
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InputRejected(f"“{path.name}”不是本程序导出的公钥文件。") from None
    if not isinstance(raw, dict) or raw.get("format") != KEY_FILE_FORMAT:
        raise InputRejected(f"“{path.name}”不是本程序导出的公钥文件。")
    signing, encryption = raw.get("signing_public_key"), raw.get("encryption_public_key")
    if not (isinstance(signing, str) and _HEX64.match(signing)) or not (
        isinstance(encryption, str) and _HEX64.match(encryption)
    ):
        raise InputRejected(f"公钥文件“{path.name}”中的公钥格式不对，文件可能已损坏。")
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(bytes.fromhex(signing))
        x25519.X25519PublicKey.from_public_bytes(bytes.fromhex(encryption))
    except ValueError:
        raise InputRejected(f"公钥文件“{path.name}”中的公钥无效。") from None
    role, code, name = raw.get("role"), raw.get("office_code"), raw.get("office_name")
    if role not in (OfficeRole.COUNTY.value, OfficeRole.TOWNSHIP.value):
        raise InputRejected(f"公钥文件“{path.name}”中的单位类型不对。")
    if not isinstance(code, str) or not isinstance(name, str):
        raise InputRejected(f"公钥文件“{path.name}”中缺少单位代码或名称。")
    found = fingerprint(bytes.fromhex(signing))
    if raw.get("fingerprint") not in (None, found):
        raise InputRejected(f"公钥文件“{path.name}”中的指纹与公钥不符，文件可能被改动过。")
    return KeyFile(code, name, role, found, signing, encryption)


class KeyService:
    def __init__(self, db: Database, keys_dir: Path) -> None:
        self._db = db
        self._keys_dir = keys_dir

    # ------------------------------------------------------------ this office

    def own(self) -> OwnKey:
        with self._db.reader() as session:
            office = session.execute(select(Office)).scalar_one()
            return OwnKey(
                office.code,
                office.name,
                office.role,
                office.key_fingerprint,
                office.signing_public_key,
                office.encryption_public_key,
            )

    def export_public(self, out: Path) -> Path:
        """Write this office's public key file (for enrolment at the other office)."""
        own = self.own()
        data = {
            "format": KEY_FILE_FORMAT,
            "office_code": own.office_code,
            "office_name": own.office_name,
            "role": own.role,
            "fingerprint": own.fingerprint,
            "signing_public_key": own.signing_public_key,
            "encryption_public_key": own.encryption_public_key,
        }
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if out.is_dir():
            raise InputRejected(f"“{out}”是一个文件夹，请给出文件名。")
        partial = out.with_name(out.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(partial, out)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise InputRejected(f"无法写入公钥文件“{out}”：{os_reason(exc)}。") from exc
        return out

    def signing_key(self) -> ed25519.Ed25519PrivateKey:
        """The private key of the fingerprint the office row names (after a restore from a
        backup made before a renewal, the retired one)."""
        wanted = self.own().fingerprint
        try:
            key = load_signing_key(self._keys_dir)
        except (OSError, ValueError):
            key = None
        if key is None or _fingerprint_of(key) != wanted:
            key = key_store.signing_key_for(self._keys_dir, wanted)
        if key is None:
            raise InputRejected(
                f"无法读取本单位的签名私钥（{self._keys_dir}）。数据目录中的 keys 文件夹可能"
                "缺失或损坏。"
            )
        return key

    def decryption_key(self) -> x25519.X25519PrivateKey:
        try:
            return load_encryption_key(self._keys_dir)
        except (OSError, ValueError) as exc:
            raise InputRejected(
                f"无法读取本单位的解密私钥（{self._keys_dir}）。数据目录中的 keys 文件夹可能"
                "缺失或损坏。"
            ) from exc

    def decryption_keys(self) -> list[x25519.X25519PrivateKey]:
        """The current decryption key, then every retired one, newest first (packages sealed
        for this office before it renewed its keys)."""
        return [self.decryption_key(), *key_store.retired_encryption_keys(self._keys_dir)]

    def renew(self) -> OwnKey:
        """Replace this office's key pairs with new ones: the old private keys are kept in
        ``<data>/keys/retired-<time>/`` (still used to decrypt), the office row names the new
        public keys.  The other office must then enrol the new public key file."""
        self._db.require_admin()
        try:
            swap = key_store.swap_in_new_keys(self._keys_dir, utcnow().astimezone())
        except OSError as exc:
            raise InputRejected(
                f"无法生成新的密钥（{self._keys_dir}）：{os_reason(exc)}。原来的密钥没有改动。"
            ) from exc
        try:
            with self._db.writer() as session:
                office = session.execute(select(Office)).scalar_one()
                office.signing_public_key = swap.public.signing
                office.encryption_public_key = swap.public.encryption
                office.key_fingerprint = swap.public.fingerprint
        except BaseException:
            swap.undo()
            raise
        swap.finish()
        return self.own()

    # ------------------------------------------------------------ other offices

    def trusted(self) -> list[TrustedOffice]:
        with self._db.reader() as session:
            rows = session.scalars(
                select(TrustedKey).order_by(TrustedKey.office_code, TrustedKey.enrolled_at)
            )
            return [_trusted(r) for r in rows]

    def trust(self, office_code: str, office_name: str, key_file: Path) -> TrustedOffice:
        """Enrol another office's key.  The code and name must match the file; a county
        enrols townships, a township its county."""
        found = read_key_file(key_file)
        own = self.own()
        if found.office_code != office_code.strip():
            raise InputRejected(
                f"公钥文件属于单位代码 {found.office_code}，与输入的 {office_code.strip()} 不符。"
            )
        if found.office_code == own.office_code:
            raise InputRejected("这是本单位自己的公钥，不需要登记。")
        at_county = own.role == OfficeRole.COUNTY.value
        wanted = (OfficeRole.TOWNSHIP if at_county else OfficeRole.COUNTY).value
        if found.role != wanted:
            raise InputRejected(
                "县司法局只登记乡镇司法所的公钥。"
                if own.role == OfficeRole.COUNTY.value
                else "乡镇司法所只登记县司法局的公钥。"
            )
        name = office_name.strip()
        validate_office_code(found.office_code, OfficeRole(found.role))
        name = validate_office_name(name or found.office_name)
        if at_county and not found.office_code.startswith(own.office_code):
            raise InputRejected(
                f"单位代码 {found.office_code} 不属于本县（{own.office_code}），不能登记。"
                "县司法局只登记本县乡镇司法所的公钥。"
            )
        with self._db.writer() as session:
            self._db.access.check_admin(session)
            row = session.get(TrustedKey, (found.office_code, found.fingerprint))
            if row is not None and row.revoked_at is not None:
                raise InputRejected(
                    f"该公钥（指纹 {found.fingerprint}）已被吊销，不能再次登记。"
                    "请让该单位更换密钥（数据同步页“更换本单位密钥…”或 yuyou keys renew），"
                    "再登记其新公钥。"
                )
            if row is None:
                _refuse_a_second_key(session, found, at_county)
                row = TrustedKey(
                    office_code=found.office_code,
                    key_id=found.fingerprint,
                    office_name=name,
                    role=found.role,
                    signing_public_key=found.signing_public_key,
                    encryption_public_key=found.encryption_public_key,
                    enrolled_at=utcnow(),
                    revoked_at=None,
                )
                session.add(row)
            else:
                row.office_name = name
            session.flush()
            return _trusted(row)

    def revoke(self, office_code: str, fingerprint: str | None = None) -> int:
        """Revoke the office's active key of ``fingerprint`` (when given), else every active key
        of the office; returns how many."""
        code = office_code.strip()
        wanted = normal_fingerprint(fingerprint) if fingerprint else None
        with self._db.writer() as session:
            self._db.access.check_admin(session)
            query = select(TrustedKey).where(
                TrustedKey.office_code == code, TrustedKey.revoked_at.is_(None)
            )
            if wanted is not None:
                query = query.where(TrustedKey.key_id == wanted)
            rows = list(session.scalars(query))
            if not rows and wanted is not None:
                raise InputRejected(
                    f"单位 {code} 没有指纹为 {wanted} 的有效公钥（可能已经吊销，或指纹有误）。"
                )
            if not rows:
                raise InputRejected(f"没有已登记且未吊销的单位 {code} 的公钥。")
            for row in rows:
                row.revoked_at = utcnow()
            return len(rows)

    def verifier(self, role: str):
        """``trusted_key(office, key_id)`` for the envelope: active keys of ``role`` only."""
        with self._db.reader() as session:
            rows = session.scalars(
                select(TrustedKey).where(TrustedKey.revoked_at.is_(None), TrustedKey.role == role)
            )
            table = {
                (r.office_code, r.key_id): ed25519.Ed25519PublicKey.from_public_bytes(
                    bytes.fromhex(r.signing_public_key)
                )
                for r in rows
            }
        return lambda office, key_id: table.get((office, key_id))

    def county_recipient(self) -> tuple[str, x25519.X25519PublicKey]:
        """The county's code and encryption key (a township encrypts its packages to it)."""
        with self._db.reader() as session:
            row = session.scalars(
                select(TrustedKey)
                .where(TrustedKey.role == OfficeRole.COUNTY.value, TrustedKey.revoked_at.is_(None))
                .order_by(TrustedKey.enrolled_at.desc())
            ).first()
            if row is None:
                revoked = session.scalars(
                    select(TrustedKey)
                    .where(TrustedKey.role == OfficeRole.COUNTY.value)
                    .order_by(TrustedKey.revoked_at.desc())
                ).first()
                if revoked is not None:
                    raise InputRejected(
                        f"县司法局 {revoked.office_name}（{revoked.office_code}）的公钥"
                        f"（指纹 {revoked.key_id}）已被吊销，无法导出数据包。请向县司法局索取"
                        "其新的公钥文件，登记后再导出。"
                    )
                raise InputRejected(
                    "还没有登记县司法局的公钥，无法导出数据包。请先登记县司法局的公钥文件。"
                )
            key = x25519.X25519PublicKey.from_public_bytes(bytes.fromhex(row.encryption_public_key))
            return row.office_code, key

    def county_code(self) -> str | None:
        own = self.own()
        if own.role == OfficeRole.COUNTY.value:
            return own.office_code
        with self._db.reader() as session:
            return session.scalars(
                select(TrustedKey.office_code).where(TrustedKey.role == OfficeRole.COUNTY.value)
            ).first()


def _refuse_a_second_key(session: Session, found: KeyFile, at_county: bool) -> None:
    """One active key per office; a township pins one county."""
    active = select(TrustedKey).where(TrustedKey.revoked_at.is_(None))
    same = session.scalars(active.where(TrustedKey.office_code == found.office_code)).first()
    if same is not None:
        raise InputRejected(
            f"单位 {same.office_name}（{same.office_code}）已登记有效的公钥（指纹 {same.key_id}）。"
            "如该单位更换了密钥，请先吊销旧公钥再登记新公钥。"
        )
    if not at_county:
        county = session.scalars(
            active.where(
                TrustedKey.role == OfficeRole.COUNTY.value,
                TrustedKey.office_code != found.office_code,
            )
        ).first()
        if county is not None:
            raise InputRejected(
                f"已登记县司法局 {county.office_name}（{county.office_code}）的公钥，"
                "一个乡镇司法所只能登记一个县司法局。如确需更换，请先吊销该公钥。"
            )
