"""Pages kept in the cache already compressed, so that an answer compresses nothing.

A page kept whole (the course page) differs from one answer to the next only by its CSRF token,
masked afresh for each answer (64 characters, always). Compressing the whole page for every
answer, as Django's gzip middleware does, costs more than the rest of such an answer; so the
page is kept split at its placeholder, each part compressed once, and each answer joins the
parts around its own token into one gzip member:

- the parts are raw deflate from one compressor, flushed to a byte boundary after each
  (``Z_SYNC_FLUSH``); between them it is given NUL bytes of the token's length, whose output
  is left out. So each part compresses against the page before it, as in one piece, and none
  of its back-references falls on a token's place (HTML has no NUL to match);
- each token goes between them as a stored block (uncompressed, five bytes of header): it
  shares no back-reference with anything a visitor could put in the page;
- an empty last block ends the stream; the trailer's CRC-32 runs over the plain parts and
  tokens (microseconds);
- as Django's middleware does against BREACH, the header carries a file name of random length
  (RFC 1952 allows one), beside the token's masking.
"""

import secrets
import struct
import zlib
from typing import NamedTuple

from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers

LEVEL = 6  # each page is compressed once, so as well as Django's middleware does
PADDING = 100  # random bytes of file name at most, as Django's middleware (max_random_bytes)
_END = b"\x03\x00"  # an empty fixed-Huffman block marked last: the end of the deflate stream
_HEADER = b"\x1f\x8b\x08\x08" + bytes(4) + b"\x00\xff"  # with a file name, no time, OS unknown


class KeptPage(NamedTuple):
    """A page split at its placeholder, each part as UTF-8 and compressed, for fillers of
    ``width`` bytes."""

    plain: tuple[bytes, ...]
    deflated: tuple[bytes, ...]
    width: int

    @classmethod
    def of(cls, page: str, placeholder: str, width: int) -> "KeptPage":
        plain = tuple(part.encode() for part in page.split(placeholder))
        # A page with a NUL of its own (none that Ortaq draws: forms and imports refuse them)
        # could refer to a token's place: each part is then compressed by itself.
        shared = not any(b"\x00" in part for part in plain)
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
        deflated = []
        for n, part in enumerate(plain):
            if n and shared:  # the token's place: seen by the compressor, its output left out
                compressor.compress(bytes(width))
                compressor.flush(zlib.Z_SYNC_FLUSH)
            elif n:
                compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
            deflated.append(compressor.compress(part) + compressor.flush(zlib.Z_SYNC_FLUSH))
        return cls(plain, tuple(deflated), width)

    def response(self, request: HttpRequest, value: str) -> HttpResponse:
        """The page with ``value`` in each placeholder's place: gzip for a client that accepts
        it, else as it is."""
        filler = value.encode()
        if len(filler) != self.width or b"\x00" in filler:
            raise ValueError(f"a filler of {self.width} bytes was expected")
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response = HttpResponse(filler.join(self.plain))
        else:
            stored = b"\x00" + struct.pack("<HH", self.width, self.width ^ 0xFFFF) + filler
            body = [_HEADER, b"a" * secrets.randbelow(PADDING) + b"\x00", self.deflated[0]]
            crc = zlib.crc32(self.plain[0])
            for plain, deflated in zip(self.plain[1:], self.deflated[1:], strict=True):
                body += (stored, deflated)
                crc = zlib.crc32(plain, zlib.crc32(filler, crc))
            size = sum(map(len, self.plain)) + self.width * (len(self.plain) - 1)
            body += (_END, struct.pack("<II", crc, size & 0xFFFFFFFF))
            response = HttpResponse(b"".join(body))
            response.headers["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ("Accept-Encoding",))
        return response
