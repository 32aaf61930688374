"""Short fingerprints for cache file names.

The caches hold only data that is checked as it is read back, so a name or checksum needs to
tell versions apart and catch damage, not to resist forgery. Two
independent 32-bit checksums from zlib, which Python has already loaded at start-up, do that
without loading OpenSSL through hashlib (about 2 ms of every start).
"""

from __future__ import annotations

import zlib


def fingerprint(text: str) -> str:
    """A 16-hex-digit name for ``text``: CRC-32 and Adler-32 of its UTF-8 bytes."""
    data = text.encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
