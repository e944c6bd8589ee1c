"""Bad input files made by hand, byte by byte, so the tests need no PDF library.

`encrypted_pdf` follows the PDF standard security handler (revision 2, 40-bit RC4, PDF
1.7 section 7.6.3): a real password-protected PDF that poppler opens with the password
and refuses without it. `bomb_png` is a valid PNG header claiming enormous dimensions;
`bomb_pdf` a PDF whose page is the largest the format allows (200 x 200 inches).
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_CONTENT = b"0 0 0 rg 100 100 200 200 re f"


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def write_pdf(path: Path, objects: list[bytes], trailer_extra: bytes = b"") -> Path:
    """Write objects 1..n (object 1 the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    path.write_bytes(bytes(out))
    return path


def _page_objects(content: bytes, width: float = 595, height: float = 842) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents 4 0 R >>" % (width, height),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]


def bomb_pdf(path: Path) -> Path:
    """A one-page PDF whose page is 14400 x 14400 points (200 inches square)."""
    return write_pdf(path, _page_objects(_CONTENT, 14400, 14400))


def encrypted_pdf(path: Path, user_password: bytes = b"secret", owner_password: bytes = b"owner") -> Path:
    """A one-page PDF that opens only with `user_password` (RC4, 40 bits, revision 2)."""
    file_id = hashlib.md5(str(path).encode()).digest()
    permissions = -4  # every permission bit set but the two low reserved ones
    owner_key = hashlib.md5((owner_password + _PAD)[:32]).digest()[:5]
    o_entry = _rc4(owner_key, (user_password + _PAD)[:32])
    key = hashlib.md5((user_password + _PAD)[:32] + o_entry + struct.pack("<i", permissions) + file_id).digest()[:5]
    u_entry = _rc4(key, _PAD)
    stream_key = hashlib.md5(key + struct.pack("<i", 4)[:3] + b"\x00\x00").digest()[:10]  # object 4, generation 0
    objects = _page_objects(_rc4(stream_key, _CONTENT))
    objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
                   % (o_entry.hex().encode(), u_entry.hex().encode(), permissions))
    ident = file_id.hex().encode()
    return write_pdf(path, objects, b"/Encrypt 5 0 R /ID [<%s> <%s>] " % (ident, ident))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(path: Path, width: int = 100_000, height: int = 100_000) -> Path:
    """A PNG whose header claims width x height greyscale pixels (its data is one tiny row)."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    data = _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + header + data + _chunk(b"IEND", b""))
    return path
