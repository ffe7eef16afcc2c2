"""TEI P5 documents (``.xml``, ``.tei``), namespaced (``http://www.tei-c.org/ns/1.0``) or not.

* ``doc_id`` is the file's path without extension (like every other file); the TEI ``@xml:id`` goes to
  ``extra["tei_id"]``.
* ``title``: the first ``teiHeader/fileDesc/titleStmt/title`` without ``@type`` (or ``type="main"``) whose
  ``@xml:lang`` is absent or the document's language.
* ``date``, first found of (see :data:`DATE_PLACES`): DraCor's ``standOff/listEvent/event`` of type
  ``written``/``print``/``premiere`` (the *earliest* of them, so a play is dated by when it was written, or
  else by its earliest print or premiere), ``profileDesc/creation/date``, ``sourceDesc//date``,
  ``publicationStmt/date``; read from ``@when``, ``@notBefore``/``@notAfter``, ``@from``/``@to`` or the text.
* ``language``: ``TEI/@xml:lang``, else ``profileDesc/langUsage/language/@ident`` (``rus``→``ru``, ``kaz``→``kk``).
* text: the ``body`` only; each ``p``, ``l``, ``head``, ``stage``, ``speaker`` (and other block elements, see
  :data:`BLOCKS`) on its own line, whitespace inside collapsed; notes and page furniture left out
  (:data:`SKIPPED`). Unlike ``.txt`` documents this text is *derived* from the XML, so character offsets
  refer to it, not to the file's bytes.
* The encoding is the one the XML declares (the forced ``--encoding`` does not apply to XML).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from corpus_tools.dates import parse_date
from corpus_tools.documents import DateSpan
from corpus_tools.errors import DateParseError
from corpus_tools.ingest.encoding import binary_error, binary_kind
from corpus_tools.ingest.metadata import RawDocument
from corpus_tools.ingest.problems import IngestProblem

__all__ = ["read_tei", "BLOCKS", "DATE_PLACES"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

#: Elements that make a line of their own in the text.
BLOCKS: frozenset[str] = frozenset({
    "p", "l", "head", "stage", "speaker", "ab", "item", "label", "trailer", "byline", "dateline", "salute",
    "signed", "opener", "closer", "castItem", "roleDesc", "docTitle", "titlePart", "quote", "lg", "sp", "div",
    "list", "table", "row", "cell", "postscript", "argument", "epigraph",
})
#: Elements whose text is not part of the document: page furniture, breaks, and notes (footnotes sit inside
#: sentences, "шамес<note>Служка в синагоге.</note> у биндюжников", and would break them for KWIC/collocates).
SKIPPED: frozenset[str] = frozenset({"note", "fw", "lb", "pb", "cb", "milestone", "figure", "graphic", "gap"})

#: Where a date is looked for, in order (paths relative to ``teiHeader``, namespaces removed).
DATE_PLACES: tuple[str, ...] = (
    "profileDesc/creation/date",
    "fileDesc/sourceDesc//bibl/date",
    "fileDesc/sourceDesc//date",
    "fileDesc/publicationStmt/date",
)
#: DraCor event types used for dating, by preference when two start the same year.
EVENT_TYPES: tuple[str, ...] = ("written", "print", "premiere")

_LANG_CODES = {"rus": "ru", "kaz": "kk", "eng": "en", "ger": "de", "deu": "de", "fre": "fr", "fra": "fr"}
_ENCODING_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _strip_namespaces(root: ET.Element) -> None:
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _inline_text(el: ET.Element) -> str:
    """All text inside ``el`` (skipping page furniture), not its tail."""
    parts = [el.text or ""]
    for child in el:
        if child.tag not in SKIPPED:
            parts.append(_inline_text(child))
        else:
            parts.append(" ")
        parts.append(child.tail or "")
    return "".join(parts)


def _has_block(el: ET.Element) -> bool:
    return any(child.tag in BLOCKS or _has_block(child) for child in el)


def _lines(el: ET.Element, out: list[str]) -> None:
    """Append ``el``'s text to ``out`` as lines: one per innermost block, inline runs between blocks kept."""
    if el.tag in SKIPPED:
        return
    if not _has_block(el):
        line = _collapse(_inline_text(el))
        if line:
            out.append(line)
        return
    run = [el.text or ""]
    for child in el:
        if child.tag in SKIPPED:
            run.extend((" ", child.tail or ""))
            continue
        if child.tag in BLOCKS or _has_block(child):
            if _collapse("".join(run)):
                out.append(_collapse("".join(run)))
            _lines(child, out)
            run = [child.tail or ""]
        else:
            run.extend((_inline_text(child), child.tail or ""))
    if _collapse("".join(run)):
        out.append(_collapse("".join(run)))


def _first_title(header: ET.Element | None, language: str) -> str:
    if header is None:
        return ""
    for title in header.iterfind("fileDesc/titleStmt/title"):
        if title.get("type") not in (None, "main"):
            continue
        if title.get(_XML_LANG) not in (None, "", language):
            continue
        text = _collapse(_inline_text(title))
        if text:
            return text
    return ""


def _date_of(el: ET.Element) -> DateSpan:
    """A ``DateSpan`` from a TEI dating element (``date``, ``event``); DateParseError when unreadable."""
    when = el.get("when") or el.get("when-iso")
    start = el.get("notBefore") or el.get("from") or el.get("notBefore-iso") or el.get("from-iso")
    end = el.get("notAfter") or el.get("to") or el.get("notAfter-iso") or el.get("to-iso")
    if when:
        return parse_date(when)
    if start and end:
        return parse_date(f"{start}/{end}")
    if start:
        return parse_date(f"не ранее {start}")
    if end:
        return parse_date(f"не позднее {end}")
    return parse_date(_collapse(_inline_text(el)))


def _find_date(root: ET.Element, header: ET.Element | None) -> tuple[DateSpan | str | None, str]:
    """(date, where it came from). The date is a string when it could not be read (the caller warns)."""
    events = []
    for event in root.iterfind("standOff/listEvent/event"):
        kind = event.get("type", "")
        if kind in EVENT_TYPES:
            try:
                span = _date_of(event)
            except DateParseError:
                continue
            if span.start or span.end:
                events.append((span.start or span.end, EVENT_TYPES.index(kind), kind, span))
    if events:
        _, _, kind, span = min(events, key=lambda e: (e[0], e[1]))
        return span, f"event:{kind}"
    if header is None:
        return None, ""
    for place in DATE_PLACES:
        for el in header.iterfind(place):
            try:
                span = _date_of(el)
            except DateParseError:
                raw = el.get("when") or _collapse(_inline_text(el))
                return raw, place
            if span.known:
                return span, place
    return None, ""


def _language(root: ET.Element, header: ET.Element | None) -> str:
    lang = root.get(_XML_LANG) or ""
    if not lang and header is not None:
        node = header.find("profileDesc/langUsage/language")
        lang = node.get("ident", "") if node is not None else ""
    lang = lang.strip()
    return _LANG_CODES.get(lang.lower(), lang)


def _author(header: ET.Element | None) -> str:
    if header is None:
        return ""
    author = header.find("fileDesc/titleStmt/author")
    if author is None:
        return ""
    name = author.find("persName")
    return _collapse(_inline_text(name if name is not None else author))


def _archive_reference(header: ET.Element | None) -> str:
    if header is None:
        return ""
    ident = header.find("fileDesc/sourceDesc/msDesc/msIdentifier")
    if ident is None:
        return ""
    parts = [_collapse(_inline_text(child)) for child in ident if child.tag != "altIdentifier"]
    return ", ".join(part for part in parts if part)


def read_tei(data: bytes, *, file: str, base_id: str,
             encoding: str | None = None) -> Iterator[RawDocument | IngestProblem]:
    """Read one TEI file (see the module docstring for what is taken from where)."""
    if not data.strip():
        yield IngestProblem(file, "empty file; remove it or put the TEI document in it")
        return
    kind = binary_kind(data)
    if kind is not None and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problem = binary_error(kind)
        yield IngestProblem(file, str(problem))
        return
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":", 1)[0]
        yield IngestProblem(file, f"malformed XML: {reason}; fix the markup (an unclosed or misspelled tag?)",
                            "error", f"line {line}, column {column + 1}")
        return
    _strip_namespaces(root)
    if root.tag != "TEI":
        yield IngestProblem(file, f"not a TEI document (root element <{root.tag}>, expected <TEI>); "
                            "convert it to TEI or to .txt")
        return
    header = root.find("teiHeader")
    body = root.find("text/body")
    if body is None:
        body = root.find(".//body")
    lines: list[str] = []
    if body is not None:
        _lines(body, lines)
    if not lines:
        yield IngestProblem(file, "the TEI document has no text in <text><body>; add the text or remove the file")
        return
    language = _language(root, header)
    metadata: dict[str, object] = {"language": language, "title": _first_title(header, language)}
    date, place = _find_date(root, header)
    if date is not None:
        metadata["date"] = date
        metadata["date_source"] = place
    metadata["author"] = _author(header)
    metadata["source"] = _archive_reference(header)
    metadata["tei_id"] = root.get(_XML_ID, "")
    declared = _ENCODING_DECL.match(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        used = "utf-16"
    else:
        used = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    yield RawDocument(base_id, "\n".join(lines), used, metadata=metadata, own_metadata=header is not None)
