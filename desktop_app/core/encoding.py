"""The text encoding for files that are not valid UTF-8: UTF-8 where the bytes are UTF-8, and
Latin-1 (Windows Western) for each byte that is not. A file of mixed encodings then keeps its
UTF-8 accents, and a Latin-1 file reads exactly as Latin-1. Registered as a Python codec so that
pyarrow's CSV reader (which takes an encoding name) can use it."""

from __future__ import annotations

import codecs

NAME = "utf8_or_latin1"


def _latin1_bytes(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start:error.end].decode("latin-1"), error.end


class _IncrementalDecoder(codecs.BufferedIncrementalDecoder):
    def _buffer_decode(self, data, errors, final):  # type: ignore[no-untyped-def]
        return codecs.utf_8_decode(data, NAME, final)


def _decode(data: bytes, errors: str = NAME) -> tuple[str, int]:
    return codecs.utf_8_decode(data, NAME, True)


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("-", "_") != NAME:
        return None
    return codecs.CodecInfo(name=NAME, encode=codecs.utf_8_encode, decode=_decode,
                            incrementaldecoder=_IncrementalDecoder)


codecs.register_error(NAME, _latin1_bytes)
codecs.register(_search)
