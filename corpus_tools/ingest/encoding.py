"""Decode a file's bytes: BOMs, UTF-16 without BOM, strict UTF-8, then the old Cyrillic code pages.

Archive files come in UTF-8, UTF-16 (Windows "Unicode" text), cp1251 (Windows), KOI8-R (Unix, e-mail) and
cp866 (DOS). Steps, in order (the labels are the ones used in the docstring of :func:`decode_bytes`):

1. **BOM**: UTF-32 and UTF-16 (LE/BE) and UTF-8 byte-order marks are stripped and named.
2. **UTF-16 without BOM**: the high bytes of UTF-16 text are almost all 0x00 (Latin, digits, spaces) or
   0x04 (Cyrillic), at every other position.
3. **Binary**: NUL bytes left unexplained, or many control characters, mean a scan, a PDF or a Word file.
4. **UTF-8**, strict. A file that is UTF-8 but for a few bad bytes is refused with their position rather than
   read as cp1251 mojibake.
5. **Single-byte Cyrillic**: each of :data:`CYRILLIC_CODEPAGES` decodes every file, so each decoding is scored
   by how Russian it looks (:func:`russian_score`): frequent letters score high, and a word whose case flips
   inside it (``пРИВЕТ`` — cp1251 read as KOI8-R, or the reverse) or box-drawing and Serbian letters (cp866 read
   as cp1251) score low. Ties go to the earlier code page. charset-normalizer is not used: on short Russian
   texts (one line of a register) it often picks the wrong code page.
"""
from __future__ import annotations

import codecs
import math
import re

from corpus_tools.errors import IngestError
from corpus_tools.ingest.problems import IngestProblem

__all__ = [
    "decode_bytes", "decode_file", "canonical_encoding", "binary_kind", "binary_error", "DecodeError",
    "CYRILLIC_CODEPAGES", "russian_score", "ENCODING_HINT",
]

#: Tried in this order (earlier wins a tie).
CYRILLIC_CODEPAGES: tuple[str, ...] = ("cp1251", "koi8-r", "cp866")

ENCODING_HINT = "try --encoding cp1251 or koi8-r"

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (BOM, name recorded, codec used on the rest); UTF-32 before UTF-16: FF FE 00 00 starts with FF FE.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

#: File signatures worth naming in the "binary file" message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Excel document"),
    (b"{\\rtf", "an RTF document"),
)

#: Share of letters in Russian text (lower case), ё counted apart.
RUSSIAN_LETTER_FREQ: dict[str, float] = {
    "о": .1097, "е": .0845, "а": .0801, "и": .0735, "н": .0670, "т": .0626, "с": .0547, "р": .0473,
    "в": .0454, "л": .0440, "к": .0349, "м": .0321, "д": .0298, "п": .0281, "у": .0262, "я": .0201,
    "ы": .0190, "ь": .0174, "г": .0170, "з": .0165, "б": .0159, "ч": .0144, "й": .0121, "х": .0097,
    "ж": .0094, "ш": .0073, "ю": .0064, "ц": .0048, "щ": .0036, "э": .0032, "ф": .0026, "ъ": .0004,
    "ё": .0004,
}
_LETTER_LOGP = {ch: math.log(p) for ch, p in RUSSIAN_LETTER_FREQ.items()}
_PUNCT_LOGP = math.log(0.002)   # «»—–…№ and friends: normal in Russian text
_OTHER_LOGP = math.log(1e-5)    # box drawing, Ђ, ‰ ...: a wrong code page
_MIXED_CASE_PENALTY = 8.0       # per word like "пРИВЕТ"
_COMMON_PUNCT = set("«»—–…№„“”‘’•°§\u00a0\u00ad")
_CYR_WORD = re.compile(r"[а-яёА-ЯЁ]+")
_MIXED_CASE = re.compile(r"[а-яё][А-ЯЁ]")
_CONTROL_OK = {9, 10, 11, 12, 13, 26, 27}  # tab, newlines, form feed, DOS EOF, ESC


class DecodeError(IngestError):
    """The bytes cannot be read as text; ``position`` is the byte offset of the trouble, when there is one."""

    def __init__(self, message: str, *, position: int | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.position = position
        self.line = line


def russian_score(text: str) -> float:
    """How much ``text`` looks like Russian: a log-likelihood over its non-ASCII characters (higher is better).

    ASCII is the same in every candidate code page and is ignored.
    """
    score = 0.0
    for ch in text:
        if ch < "\x80":
            continue
        logp = _LETTER_LOGP.get(ch.lower())
        if logp is not None:
            score += logp
        elif ch in _COMMON_PUNCT:
            score += _PUNCT_LOGP
        else:
            score += _OTHER_LOGP
    for word in _CYR_WORD.findall(text):
        if _MIXED_CASE.search(word):
            score -= _MIXED_CASE_PENALTY
    return score


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def canonical_encoding(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise IngestError(
            f"unknown encoding {encoding!r}; use a Python codec name such as utf-8, cp1251, koi8-r or cp866"
        ) from None


def _looks_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when every other byte is a UTF-16 high byte of Latin/Cyrillic text."""
    if len(data) < 2:
        return None
    high_bytes = {0x00, 0x01, 0x02, 0x04, 0x20, 0x21}
    even, odd = data[0::2], data[1::2]

    def share(part: bytes) -> float:
        return sum(part.count(b) for b in high_bytes) / max(len(part), 1)

    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if share(high) >= 0.9 and share(low) < 0.5 and (0 in high or 4 in high):
            try:
                (data[:-1] if len(data) % 2 else data).decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return None


def binary_kind(data: bytes) -> str | None:
    """A description when ``data`` is not text (e.g. ``"a PDF"``), ``""`` for unnamed binary, ``None`` if text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"\x00" in data:
        return ""
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in _CONTROL_OK)
    if controls > max(2, len(sample) * 0.05):
        return ""
    return None


def binary_error(kind: str) -> DecodeError:
    what = f" ({kind})" if kind else ""
    return DecodeError(f"binary file{what}, not text — is this a scan? convert it to text first")


def _decode_forced(data: bytes, encoding: str) -> tuple[str, str]:
    codec = canonical_encoding(encoding)
    name = codec
    if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data, name = data[len(codecs.BOM_UTF8):], "utf-8-sig"
    elif codec in ("utf-16", "utf-32"):
        for bom, bom_name, bom_codec in _BOMS:
            if data.startswith(bom) and bom_codec.startswith(codec):
                data, name, codec = data[len(bom):], bom_name, bom_codec
                break
    try:
        return data.decode(codec), name
    except UnicodeDecodeError as exc:
        others = [c for c in ("cp1251", "koi8-r", "utf-8") if c != codec]
        hint = ", ".join(others[:-1]) + " or " + others[-1]
        raise DecodeError(
            f"the file is not valid {name} (byte {exc.start}, line {_line_of(data, exc.start)}); "
            f"try --encoding {hint}",
            position=exc.start, line=_line_of(data, exc.start),
        ) from None


def decode_bytes(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes, detecting the encoding unless one is given.

    Parameters
    ----------
    data : bytes
        The whole file.
    encoding : str, optional
        Force this codec (any Python codec name). A byte-order mark is removed only when the forced codec is
        ``utf-8`` (or ``utf-8-sig``), ``utf-16`` or ``utf-32``; with any other codec (``cp1251``,
        ``utf-16-le`` ...) its bytes are decoded as text like the rest.

    Returns
    -------
    (text, encoding) : tuple of str
        The text, BOM removed and otherwise unchanged (``\\r\\n`` kept), and the codec name: ``utf-8``,
        ``utf-8-sig`` (UTF-8 with BOM), ``utf-16-le``, ``utf-16-be``, ``utf-32-le``, ``utf-32-be``, ``cp1251``,
        ``koi8-r`` or ``cp866``. Empty input gives ``("", "utf-8")``.

    Raises
    ------
    DecodeError (an IngestError)
        Binary data (a scan, PDF, Word file), a file that is UTF-8 except for some bad bytes, or bytes that
        are not valid in the forced ``encoding``; ``position`` holds the byte offset when there is one.
        An unknown ``encoding`` name raises a plain IngestError.
    """
    if encoding:
        return _decode_forced(data, encoding)
    if not data:
        return "", "utf-8"
    # 1. BOM
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), name
            except UnicodeDecodeError as exc:
                position = exc.start + len(bom)
                raise DecodeError(
                    f"the file starts with a {name} byte-order mark but is not valid {name} at byte {position}; "
                    f"{ENCODING_HINT}", position=position, line=_line_of(data, position)) from None
    # 2. UTF-16 without BOM
    utf16 = _looks_utf16(data)
    if utf16:
        body = data[:-1] if len(data) % 2 else data
        return body.decode(utf16), utf16
    # 3. binary
    kind = binary_kind(data)
    if kind is not None:
        raise binary_error(kind)
    # 4. UTF-8
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good = sum(1 for ch in lenient if ch >= "\x80") - bad
    if good >= 2 and good >= 3 * bad:
        line = _line_of(data, first_bad)
        raise DecodeError(
            f"the file is UTF-8 except for {bad} invalid byte sequence(s), the first at byte {first_bad} "
            f"(line {line}); fix them, or force an encoding with --encoding", position=first_bad, line=line)
    # 5. single-byte Cyrillic code pages, scored
    best_text, best_codec, best_score = "", "", -math.inf
    for codec in CYRILLIC_CODEPAGES:
        text = data.decode(codec, errors="replace")
        score = russian_score(text) + math.log(1e-9) * text.count("\ufffd")
        if score > best_score:
            best_text, best_codec, best_score = text, codec, score
    return best_text, best_codec


def decode_file(data: bytes, *, file: str, encoding: str | None = None) -> tuple[str, str] | IngestProblem:
    """Decode a document file, or describe why not as an error :class:`IngestProblem` (empty, binary,
    undecodable with the byte position)."""
    if not data:
        return IngestProblem(file, "empty file (0 bytes); remove it or put the document's text in it")
    try:
        text, name = decode_bytes(data, encoding=encoding)
    except DecodeError as exc:
        position = f"byte {exc.position}" if exc.position is not None else ""
        return IngestProblem(file, str(exc), "error", position)
    if not text.strip():
        return IngestProblem(file, "empty file (only whitespace); remove it or put the document's text in it")
    return text, name
