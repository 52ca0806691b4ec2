"""ZIP packages: written reproducibly, read defensively.

Writing: members in a fixed order with a fixed timestamp, so the same store
gives the same bytes. Evidence bytes go under ``raw/<sha256>`` with a
``SHA256SUMS`` file beside them, so ``sha256sum -c`` checks them without whodid.

Reading never extracts anything to disk. Only the member names a format
expects are accepted (no ``../``, no absolute or nested paths), the members'
declared sizes must fit the limits before anything is read (a zip bomb is
refused, not inflated), and each read is capped at its declared size.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from typing import BinaryIO

from whodid.share.formats.common import SHA256_HEX, BadImport

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
RAW_DIR = "raw/"
RAW_NAME = re.compile(r"raw/([0-9a-f]{64})")
MAX_MEMBERS = 100_000
MAX_UNPACKED = 2 * 1024**3  # bytes, all members together
MAX_RATIO = 200  # unpacked / packed, for members over 1 MiB


def raw_name(sha256: str) -> str:
    return f"{RAW_DIR}{sha256}"


class Writer:
    """A ZIP being written member by member, reproducibly."""

    def __init__(self, out: BinaryIO) -> None:
        self._zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED)
        self._sums: list[tuple[str, str]] = []

    def add(self, name: str, data: bytes) -> None:
        info = zipfile.ZipInfo(name, FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self._zip.writestr(info, data)

    def add_raw(self, sha256: str, data: bytes) -> str:
        name = raw_name(sha256)
        if all(n != name for _, n in self._sums):
            self.add(name, data)
            self._sums.append((sha256, name))
        return name

    def close(self) -> None:
        if self._sums:
            self.add("SHA256SUMS", "".join(f"{h}  {n}\n" for h, n in self._sums).encode())
        self._zip.close()


class Package:
    """A ZIP opened for reading: its members by name, checked as described above."""

    def __init__(self, data: bytes, name: str, allowed: Callable[[str], bool]) -> None:
        self.name = name
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as e:
            raise BadImport(f"{name}: not a readable ZIP file ({e})") from None
        if len(infos) > MAX_MEMBERS:
            raise BadImport(f"{name}: {len(infos)} members; at most {MAX_MEMBERS}")
        total = 0
        self._members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            member = info.filename
            if info.is_dir():
                continue
            if (
                member.startswith(("/", "\\"))
                or "\\" in member
                or ".." in member.split("/")
                or re.match(r"[A-Za-z]:", member)
            ):
                raise BadImport(f"{name}: member {member[:80]!r} has an unsafe path; nothing was imported")
            if not allowed(member):
                raise BadImport(f"{name}: unexpected member {member[:80]!r}")
            if member in self._members:
                raise BadImport(f"{name}: member {member!r} appears twice")
            if info.flag_bits & 0x1:
                raise BadImport(f"{name}: member {member!r} is encrypted")
            total += info.file_size
            if total > MAX_UNPACKED:
                raise BadImport(f"{name}: unpacks to more than {MAX_UNPACKED >> 20} MiB; refused")
            if info.file_size > 1024**2 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise BadImport(
                    f"{name}: member {member!r} inflates {info.file_size // max(info.compress_size, 1)}-fold "
                    "(a zip bomb?); refused"
                )
            self._members[member] = info

    def names(self) -> Iterable[str]:
        return self._members.keys()

    def has(self, member: str) -> bool:
        return member in self._members

    def read(self, member: str) -> bytes:
        info = self._members.get(member)
        if info is None:
            raise BadImport(f"{self.name}: has no {member}")
        try:
            with self._zip.open(info) as f:
                data = f.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
            raise BadImport(f"{self.name}: cannot read {member}: {e}") from None
        if len(data) > info.file_size:
            raise BadImport(f"{self.name}: {member} is larger than it declares; refused")
        return data

    def raw(self, member: str, sha256: str) -> bytes:
        """Evidence bytes named ``raw/<sha256>``, checked against their name."""
        import hashlib

        if not SHA256_HEX.fullmatch(sha256) or member != raw_name(sha256):
            raise BadImport(f"{self.name}: evidence file {member[:80]!r} is not raw/<the document's sha256>")
        data = self.read(member)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise BadImport(f"{self.name}: {member} does not hash to its name; the evidence was altered")
        return data
