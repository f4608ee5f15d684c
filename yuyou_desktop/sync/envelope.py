"""The signed envelope of a sync package (shared/design/sync-protocol.md, "Envelope"):

    MAGIC (8) | u32 header length | header JSON (canonical UTF-8) | payload | Ed25519 signature

The signature covers everything before it: it is made over ``SIGNING_CONTEXT`` followed by the
SHA-256 of those bytes, so that a package of any size is signed and checked while streaming it
from disk (Ed25519 itself needs the whole message in memory).  ``open_package`` checks, before
anything of the payload is used: the magic, the header's length and canonical JSON, the format
version and the capabilities it requires, the signer (a key the caller trusts for the office named
in the header), the payload's length (a copy cut short is reported as such), the signature and
the payload's SHA-256; then it decrypts into the caller's file.  Every failure is one
:class:`PackageRejected` with a Chinese reason.

Encryption (``x25519-aesgcm``): an ephemeral X25519 key agreed with the recipient's key,
HKDF-SHA256, AES-256-GCM (the 16-byte tag follows the ciphertext).  The associated data is the
canonical header without ``payload_sha256`` and ``payload_len`` (those describe the ciphertext, so
they are computed after encrypting; the signature covers them).

``seal``/``open_envelope`` are the same on bytes, for small packages and tests.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import struct
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from yuyou_desktop.errors import InputRejected

MAGIC = b"YUYOUPK\x01"
FORMAT_VERSION = 1
CAPABILITIES = frozenset({"changes-v1", "x25519-aesgcm"})
MAX_HEADER = 64 * 1024
SIGNATURE_LEN = 64
SIGNING_CONTEXT = b"yuyou-sync-package-signature-v1\x00"
_TAG_LEN = 16
_PREFIX = len(MAGIC) + 4
_HKDF_INFO = b"yuyou-sync-package-v1"
_CHUNK = 1024 * 1024
REQUIRED = {
    "format_version": int,
    "required_capabilities": list,
    "package_id": str,
    "kind": str,
    "origin_office": str,
    "key_id": str,
    "encryption": str,
}

TrustedKey = Callable[[str, str], ed25519.Ed25519PublicKey | None]


class PackageRejected(InputRejected):
    """The file is not a package this program will open; nothing was changed."""


@dataclass(frozen=True)
class OpenedPackage:
    header: Mapping[str, Any]
    payload: bytes  # decrypted


def canonical(header: Mapping[str, Any]) -> bytes:
    return json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signing_input(digest: bytes) -> bytes:
    """What the Ed25519 signature is made over, given the SHA-256 of the signed bytes."""
    return SIGNING_CONTEXT + digest


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _key(shared: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(shared)


def _associated(header: Mapping[str, Any]) -> bytes:
    return canonical(
        {k: v for k, v in header.items() if k not in ("payload_sha256", "payload_len")}
    )


def _copy(src: IO[bytes], out: IO[bytes] | None, length: int, *digests: Any) -> None:
    left = length
    while left > 0:
        chunk = src.read(min(_CHUNK, left))
        if not chunk:
            raise EOFError
        left -= len(chunk)
        for digest in digests:
            digest.update(chunk)
        if out is not None:
            out.write(chunk)


def seal_stream(
    header: Mapping[str, Any],
    payload: IO[bytes],
    out: IO[bytes],
    signer: ed25519.Ed25519PrivateKey,
    recipient: x25519.X25519PublicKey | None = None,
    spool_dir: Path | None = None,
) -> Mapping[str, Any]:
    """Write the package to ``out``: ``payload`` (read to its end; encrypted to ``recipient``
    when given, through a temporary file in ``spool_dir``) under ``header`` (the caller's
    fields; format, encryption and payload fields are added).  Returns the header written."""
    fields = dict(header)
    fields.setdefault("format_version", FORMAT_VERSION)
    fields.setdefault("required_capabilities", ["changes-v1"])
    with tempfile.TemporaryFile(dir=spool_dir) as spool:
        body: IO[bytes] = payload
        if recipient is not None:
            ephemeral = x25519.X25519PrivateKey.generate()
            nonce = os.urandom(12)
            fields["encryption"] = "x25519-aesgcm"
            public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
            fields["ephemeral_key"] = _b64(public)
            fields["nonce"] = _b64(nonce)
            needed = list(fields["required_capabilities"])
            fields["required_capabilities"] = [*needed, "x25519-aesgcm"][: len(needed) + 1]
            if "x25519-aesgcm" in needed:
                fields["required_capabilities"] = needed
            key = _key(ephemeral.exchange(recipient))
            encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
            encryptor.authenticate_additional_data(_associated(fields))
            while chunk := payload.read(_CHUNK):
                spool.write(encryptor.update(chunk))
            spool.write(encryptor.finalize() + encryptor.tag)
            body = spool
        else:
            fields["encryption"] = "none"
        start = body.tell() if recipient is None else 0
        body.seek(0, io.SEEK_END)
        length = body.tell() - start
        body.seek(start)
        payload_digest = hashlib.sha256()
        _copy(body, None, length, payload_digest)
        fields["payload_len"] = length
        fields["payload_sha256"] = payload_digest.hexdigest()
        head = canonical(fields)
        signed = hashlib.sha256()
        prefix = MAGIC + struct.pack(">I", len(head)) + head
        out.write(prefix)
        signed.update(prefix)
        body.seek(start)
        _copy(body, out, length, signed)
        out.write(signer.sign(signing_input(signed.digest())))
    return fields


def open_package(
    src: IO[bytes],
    trusted_key: TrustedKey,
    payload_out: IO[bytes],
    decryption_key: x25519.X25519PrivateKey | None = None,
    name: str = "文件",
) -> Mapping[str, Any]:
    """Check the package in the seekable ``src`` and write its (decrypted) payload to
    ``payload_out``; ``trusted_key(office, key_id)`` is the public key this office trusts for
    that signer (None: unknown or revoked).  Returns the header."""

    def refuse(reason: str) -> PackageRejected:
        return PackageRejected(f"“{name}”不能导入：{reason}没有做任何修改。")

    corrupt = refuse("文件已损坏或不完整（可能复制时被截断），请重新复制该文件后再导入。")
    src.seek(0, io.SEEK_END)
    size = src.tell()
    src.seek(0)
    start = src.read(_PREFIX)
    if size < _PREFIX + 2 + SIGNATURE_LEN or not start.startswith(MAGIC):
        raise corrupt if start[: len(MAGIC)] == MAGIC else refuse("这不是本程序的数据同步包。")
    (length,) = struct.unpack(">I", start[len(MAGIC) :])
    if length > MAX_HEADER or _PREFIX + length + SIGNATURE_LEN > size:
        raise corrupt
    head = src.read(length)
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
        raise refuse(
            f"签名单位（{header['origin_office']}）的公钥未登记或已吊销。请先登记该单位的公钥文件"
            "（并电话核对指纹），或与该单位核实其密钥是否已更换。"
        )
    body_len = size - _PREFIX - length - SIGNATURE_LEN
    if header.get("payload_len") != body_len:  # checked first: a cut-off copy says so
        raise corrupt
    signed, payload_digest = hashlib.sha256(start + head), hashlib.sha256()
    _copy(src, None, body_len, signed, payload_digest)
    signature = src.read(SIGNATURE_LEN)
    try:
        public.verify(signature, signing_input(signed.digest()))
    except InvalidSignature:
        raise refuse("签名不符，文件在制作后被改动过或不是该单位制作的。") from None
    if header.get("payload_sha256") != payload_digest.hexdigest():
        raise corrupt
    src.seek(_PREFIX + length)
    if header["encryption"] == "none":
        _copy(src, payload_out, body_len)
        return header
    if header["encryption"] != "x25519-aesgcm":
        raise refuse("它由更新版本的程序制作，请先升级本程序。")
    if decryption_key is None:
        raise refuse("它是加密的，只有县司法局能打开。")
    cannot = refuse("无法解密：它不是加密给本单位的，或密钥不对。")
    try:
        ephemeral = x25519.X25519PublicKey.from_public_bytes(
            base64.b64decode(header["ephemeral_key"], validate=True)
        )
        nonce = base64.b64decode(header["nonce"], validate=True)
        key = _key(decryption_key.exchange(ephemeral))
        if body_len < _TAG_LEN or len(nonce) < 8:
            raise cannot
        src.seek(_PREFIX + length + body_len - _TAG_LEN)
        tag = src.read(_TAG_LEN)
        src.seek(_PREFIX + length)
        decryptor = Cipher(algorithms.AES(key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(_associated(header))
        left = body_len - _TAG_LEN
        while left > 0:
            chunk = src.read(min(_CHUNK, left))
            left -= len(chunk)
            payload_out.write(decryptor.update(chunk))
        payload_out.write(decryptor.finalize())
    except (KeyError, TypeError, ValueError, InvalidTag):
        raise cannot from None
    return header


def seal(
    header: Mapping[str, Any],
    payload: bytes,
    signer: ed25519.Ed25519PrivateKey,
    recipient: x25519.X25519PublicKey | None = None,
) -> bytes:
    out = io.BytesIO()
    seal_stream(header, io.BytesIO(payload), out, signer, recipient)
    return out.getvalue()


def open_envelope(
    data: bytes,
    trusted_key: TrustedKey,
    decryption_key: x25519.X25519PrivateKey | None = None,
    name: str = "文件",
) -> OpenedPackage:
    out = io.BytesIO()
    header = open_package(io.BytesIO(data), trusted_key, out, decryption_key, name)
    return OpenedPackage(header, out.getvalue())
