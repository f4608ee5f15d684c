"""The signed envelope of sync packages: what is sealed opens unchanged, and every damaged,
forged, foreign or newer package is refused with one Chinese message (sync-protocol.md)."""

from __future__ import annotations

import hashlib
import json
import struct

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from yuyou_desktop.sync.envelope import (
    MAGIC,
    PackageRejected,
    canonical,
    open_envelope,
    seal,
    signing_input,
)

OFFICE = "140623101"
HEADER = {"package_id": "01a2b3c4", "kind": "township_changes", "origin_office": OFFICE,
          "key_id": "K1", "seq_from": 1, "seq_to": 3}  # fmt: skip
PAYLOAD = "三条变更：新增单位、修改人员、删除证件。".encode() * 3


@pytest.fixture(scope="module")
def keys():
    return ed25519.Ed25519PrivateKey.generate(), x25519.X25519PrivateKey.generate()


def trusting(signer: ed25519.Ed25519PrivateKey, office: str = OFFICE, key_id: str = "K1"):
    public = signer.public_key()
    return lambda o, k: public if (o, k) == (office, key_id) else None


def test_a_plain_package_opens_with_its_header_and_payload(keys):
    signer, _ = keys
    data = seal(HEADER, PAYLOAD, signer)
    assert data.startswith(MAGIC)
    opened = open_envelope(data, trusting(signer))
    assert opened.payload == PAYLOAD
    assert opened.header["encryption"] == "none" and opened.header["seq_to"] == 3


def test_an_encrypted_package_opens_only_with_the_recipients_key(keys):
    signer, county = keys
    data = seal(HEADER, PAYLOAD, signer, county.public_key())
    assert PAYLOAD not in data
    assert open_envelope(data, trusting(signer), county).payload == PAYLOAD
    with pytest.raises(PackageRejected, match="无法解密"):
        open_envelope(data, trusting(signer), x25519.X25519PrivateKey.generate())
    with pytest.raises(PackageRejected, match="加密"):
        open_envelope(data, trusting(signer))


@pytest.mark.parametrize("encrypted", [False, True])
def test_every_truncation_is_refused(keys, encrypted):
    signer, county = keys
    data = seal(HEADER, PAYLOAD, signer, county.public_key() if encrypted else None)
    for end in range(len(data)):
        with pytest.raises(PackageRejected):
            open_envelope(data[:end], trusting(signer), county, name="同步包")


@pytest.mark.parametrize("encrypted", [False, True])
def test_every_single_bit_flip_is_refused(keys, encrypted):
    signer, county = keys
    data = seal(HEADER, PAYLOAD, signer, county.public_key() if encrypted else None)
    for index in range(len(data)):
        for bit in range(8):
            flipped = bytearray(data)
            flipped[index] ^= 1 << bit
            with pytest.raises(PackageRejected) as caught:
                open_envelope(bytes(flipped), trusting(signer), county, name="同步包")
            assert caught.value.message.startswith("“同步包”不能导入：")
            assert caught.value.message.endswith("没有做任何修改。")


def test_unknown_revoked_or_mismatched_signers_are_refused(keys):
    signer, _ = keys
    data = seal(HEADER, PAYLOAD, signer)
    with pytest.raises(PackageRejected, match="未登记或已吊销"):
        open_envelope(data, lambda office, key_id: None)
    with pytest.raises(PackageRejected, match="未登记或已吊销"):  # trusted for another office
        open_envelope(data, trusting(signer, office="140623102"))
    impostor = ed25519.Ed25519PrivateKey.generate()
    forged = seal(HEADER, PAYLOAD, impostor)  # claims the office, signed with another key
    with pytest.raises(PackageRejected, match="签名不符"):
        open_envelope(forged, trusting(signer))


def _resigned(data: bytes, signer, change) -> bytes:
    """The package with its header changed and signed again (a package from another version
    of the program, correctly signed)."""
    (length,) = struct.unpack(">I", data[8:12])
    header = json.loads(data[12 : 12 + length])
    change(header)
    head = canonical(header)
    body = data[12 + length : -64]
    signed = MAGIC + struct.pack(">I", len(head)) + head + body
    return signed + signer.sign(signing_input(hashlib.sha256(signed).digest()))


@pytest.mark.parametrize(
    "change",
    [
        lambda h: h.update(format_version=2),
        lambda h: h.update(required_capabilities=["changes-v1", "zstd"]),
        lambda h: h.update(encryption="x448-chacha"),
    ],
    ids=["newer format", "unknown capability", "unknown encryption"],
)
def test_a_package_from_a_newer_version_is_refused(keys, change):
    signer, _ = keys
    data = _resigned(seal(HEADER, PAYLOAD, signer), signer, change)
    with pytest.raises(PackageRejected, match="更新版本"):
        open_envelope(data, trusting(signer))


def test_a_payload_that_does_not_match_its_header_is_refused_even_when_signed(keys):
    signer, _ = keys
    data = _resigned(seal(HEADER, PAYLOAD, signer), signer, lambda h: h.update(payload_len=1))
    with pytest.raises(PackageRejected, match="损坏"):
        open_envelope(data, trusting(signer))


def test_other_files_are_not_packages(keys):
    signer, _ = keys
    for data in (b"", b"PK\x03\x04" + b"\x00" * 200, "随便一个文本文件".encode() * 20):
        with pytest.raises(PackageRejected, match="不是本程序的数据同步包"):
            open_envelope(data, trusting(signer))
