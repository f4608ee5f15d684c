"""The signed envelope of a sync package (shared/design/sync-protocol.md, "Envelope"):

    MAGIC (8) | u32 header length | header JSON (canonical UTF-8) | payload | Ed25519 signature

The signature covers everything before it.  ``open_envelope`` checks, before anything of the
payload is used: the magic, the header's length and canonical JSON, the format version and the
capabilities it requires, the signer (a key the caller trusts for the office named in the header),
the signature, and the payload's length and SHA-256; then it decrypts.  Every failure is one
:class:`PackageRejected` with a Chinese reason — never a traceback.

Encryption (``x25519-aesgcm``): an ephemeral X25519 key agreed with the recipient's key,
HKDF-SHA256, AES-256-GCM.  The associated data is the canonical header without
``payload_sha256`` and ``payload_len`` (those describe the ciphertext, so they are computed after
encrypting; the signature covers them).

This is the first piece of 数据同步 (#7): nothing exports or imports packages yet.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from yuyou_desktop.errors import InputRejected

MAGIC = b"YUYOUPK\x01"
FORMAT_VERSION = 1
CAPABILITIES = frozenset({"changes-v1", "x25519-aesgcm"})
MAX_HEADER = 64 * 1024
SIGNATURE_LEN = 64
_PREFIX = len(MAGIC) + 4
_HKDF_INFO = b"yuyou-sync-package-v1"
REQUIRED = {
    "format_version": int,
    "required_capabilities": list,
    "package_id": str,
    "kind": str,
    "origin_office": str,
    "key_id": str,
    "encryption": str,
}


class PackageRejected(InputRejected):
    """The file is not a package this program will open; nothing was changed."""


@dataclass(frozen=True)
class OpenedPackage:
    header: Mapping[str, Any]
    payload: bytes  # decrypted


def canonical(header: Mapping[str, Any]) -> bytes:
    return json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _key(shared: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(shared)


def _associated(header: Mapping[str, Any]) -> bytes:
    return canonical(
        {k: v for k, v in header.items() if k not in ("payload_sha256", "payload_len")}
    )


def seal(
    header: Mapping[str, Any],
    payload: bytes,
    signer: ed25519.Ed25519PrivateKey,
    recipient: x25519.X25519PublicKey | None = None,
) -> bytes:
    """The package's bytes: ``payload`` (encrypted to ``recipient`` when given) under
    ``header`` (the caller's fields; format, encryption and payload fields are added)."""
    fields = dict(header)
    fields.setdefault("format_version", FORMAT_VERSION)
    fields.setdefault("required_capabilities", ["changes-v1"])
    body = payload
    if recipient is not None:
        ephemeral = x25519.X25519PrivateKey.generate()
        nonce = os.urandom(12)
        fields["encryption"] = "x25519-aesgcm"
        public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        fields["ephemeral_key"] = _b64(public)
        fields["nonce"] = _b64(nonce)
        if "x25519-aesgcm" not in fields["required_capabilities"]:
            fields["required_capabilities"] = [*fields["required_capabilities"], "x25519-aesgcm"]
        aead = AESGCM(_key(ephemeral.exchange(recipient)))
        body = aead.encrypt(nonce, payload, _associated(fields))
    else:
        fields["encryption"] = "none"
    fields["payload_len"] = len(body)
    fields["payload_sha256"] = hashlib.sha256(body).hexdigest()
    head = canonical(fields)
    signed = MAGIC + struct.pack(">I", len(head)) + head + body
    return signed + signer.sign(signed)


def open_envelope(
    data: bytes,
    trusted_key: Callable[[str, str], ed25519.Ed25519PublicKey | None],
    decryption_key: x25519.X25519PrivateKey | None = None,
    name: str = "文件",
) -> OpenedPackage:
    """Check and open a package; ``trusted_key(office, key_id)`` is the public key this office
    trusts for that signer (None: unknown or revoked)."""

    def refuse(reason: str) -> PackageRejected:
        return PackageRejected(f"“{name}”不能导入：{reason}没有做任何修改。")

    corrupt = refuse("文件已损坏或不完整（可能复制时被截断）。")
    if len(data) < _PREFIX + 2 + SIGNATURE_LEN or not data.startswith(MAGIC):
        raise corrupt if data[: len(MAGIC)] == MAGIC else refuse("这不是本程序的数据同步包。")
    (length,) = struct.unpack(">I", data[len(MAGIC) : _PREFIX])
    if length > MAX_HEADER or _PREFIX + length + SIGNATURE_LEN > len(data):
        raise corrupt
    head = data[_PREFIX : _PREFIX + length]
    try:
        header = json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise corrupt from None
    if not isinstance(header, dict) or canonical(header) != head:
        raise corrupt
    for key, kind in REQUIRED.items():
        if not isinstance(header.get(key), kind) or isinstance(header.get(key), bool):
            raise corrupt
    needed = header["required_capabilities"]
    if header["format_version"] > FORMAT_VERSION or not set(map(str, needed)) <= CAPABILITIES:
        raise refuse("它由更新版本的程序制作，请先升级本程序。")
    public = trusted_key(header["origin_office"], header["key_id"])
    if public is None:
        raise refuse(f"签名单位（{header['origin_office']}）的密钥未登记或已吊销。")
    signed, signature = data[:-SIGNATURE_LEN], data[-SIGNATURE_LEN:]
    try:
        public.verify(signature, signed)
    except InvalidSignature:
        raise refuse("签名不符，文件在制作后被改动过或不是该单位制作的。") from None
    body = data[_PREFIX + length : -SIGNATURE_LEN]
    if header.get("payload_len") != len(body):
        raise corrupt
    if header.get("payload_sha256") != hashlib.sha256(body).hexdigest():
        raise corrupt
    if header["encryption"] == "none":
        return OpenedPackage(header, body)
    if header["encryption"] != "x25519-aesgcm":
        raise refuse("它由更新版本的程序制作，请先升级本程序。")
    if decryption_key is None:
        raise refuse("它是加密的，只有县司法局能打开。")
    try:
        ephemeral = x25519.X25519PublicKey.from_public_bytes(
            base64.b64decode(header["ephemeral_key"], validate=True)
        )
        nonce = base64.b64decode(header["nonce"], validate=True)
        aead = AESGCM(_key(decryption_key.exchange(ephemeral)))
        payload = aead.decrypt(nonce, body, _associated(header))
    except (KeyError, TypeError, ValueError, InvalidTag):
        raise refuse("无法解密：它不是加密给本单位的，或密钥不对。") from None
    return OpenedPackage(header, payload)
