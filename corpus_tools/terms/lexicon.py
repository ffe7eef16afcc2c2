"""Lexicon files: concepts (terms, euphemisms, ethnonyms, place names) with their search patterns.

A lexicon is a YAML file with a top-level ``concepts:`` list. The shipped files live in ``lexicons/`` (source
checkout) or ``corpus_tools/lexicons`` (installed); users add their own files beside them. The format is
described in ``docs/terms.md``; every problem is reported in one line naming the file, the entry and the field.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CorpusToolsError

__all__ = [
    "CATEGORIES",
    "PATTERN_KINDS",
    "Concept",
    "Lexicon",
    "LexiconError",
    "Pattern",
    "UnknownConceptError",
    "load_lexicon_file",
    "load_lexicons",
    "shipped_lexicon_dir",
]

#: Allowed values of ``category``.
CATEGORIES: tuple[str, ...] = (
    "euphemism", "official_term", "neutral_term", "stigmatizing_label", "ethnonym", "toponym", "institution",
    "other",
)
#: Pattern kinds: single-token lemma lists, exact forms, stems (prefixes of the normalized form), a simple query
#: string (phrases; every word matches all forms of its lemma) and a CQL string (gaps, regexes, attributes).
PATTERN_KINDS: tuple[str, ...] = ("lemmas", "forms", "stems", "query", "cql")
#: Language codes a concept may carry patterns and labels for.
LANGUAGES: tuple[str, ...] = ("ru", "kk", "en")
_CONCEPT_FIELDS = ("id", "labels", "category", "denotes", "conceals", "patterns", "attested", "related", "notes")
_PATTERN_FIELDS = ("label", "years", "note", *PATTERN_KINDS)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_YEARS = re.compile(r"^\s*(\d{4})?\s*[-–]\s*(\d{4})?\s*$|^\s*(\d{4})\s*$")

YearRange = tuple[int | None, int | None]


class LexiconError(CorpusToolsError):
    """A lexicon file cannot be read or has an invalid entry (the message names file, entry and field)."""


class UnknownConceptError(LexiconError, KeyError):
    """No loaded lexicon defines the requested concept id."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


@dataclass(frozen=True)
class Pattern:
    """One way a concept appears in text.

    ``kind`` is one of :data:`PATTERN_KINDS`; ``value`` a tuple of words (``lemmas``, ``forms``, ``stems``) or a
    query string (``query``, ``cql``). ``years`` restricts matches to documents whose reference year lies in
    the inclusive range (``None`` ends are open).
    """

    kind: str
    value: tuple[str, ...] | str
    lang: str
    label: str
    years: YearRange | None = None
    note: str = ""


@dataclass(frozen=True)
class Concept:
    """A lexicon entry. ``patterns`` maps a language code to its patterns; ``source`` is the file it came from."""

    id: str
    labels: Mapping[str, str]
    category: str
    patterns: Mapping[str, tuple[Pattern, ...]]
    denotes: str = ""
    conceals: str = ""
    attested: tuple[Mapping[str, Any], ...] = ()
    related: tuple[str, ...] = ()
    notes: tuple[Mapping[str, str], ...] = ()
    source: str = ""

    def all_patterns(self, lang: str | None = None) -> list[Pattern]:
        """Patterns of one language, or of every language in file order."""
        if lang is not None:
            return list(self.patterns.get(lang, ()))
        return [p for ps in self.patterns.values() for p in ps]


@dataclass
class Lexicon(Mapping[str, Concept]):
    """Concepts by id, from one or more files (``files`` in load order)."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def __getitem__(self, concept_id: str) -> Concept:
        try:
            return self.concepts[concept_id]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(concept_id, list(self.concepts), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else "; list them with load_lexicons().keys()"
            raise UnknownConceptError(f"unknown term {concept_id!r}: no loaded lexicon defines it{hint}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.concepts)

    def __len__(self) -> int:
        return len(self.concepts)


# --------------------------------------------------------------------------- locating files
def shipped_lexicon_dir() -> Path:
    """Folder of the shipped lexicons: ``corpus_tools/lexicons`` when installed, ``lexicons/`` in a checkout."""
    here = Path(__file__).resolve().parents[1]
    for candidate in (here / "lexicons", here.parent / "lexicons"):
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    raise LexiconError("the shipped lexicons are missing from this installation; reinstall corpus_tools")


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out += sorted(list(p.glob("*.yaml")) + list(p.glob("*.yml")))
        elif p.is_file():
            out.append(p)
        else:
            raise LexiconError(f"{p}: lexicon file not found; give a .yaml file or a folder of them")
    return out


# --------------------------------------------------------------------------- loading
def load_lexicons(paths: str | Path | Iterable[str | Path] | None = None, *, shipped: bool = True) -> Lexicon:
    """Load the shipped lexicons plus user files or folders.

    Parameters
    ----------
    paths : path or list of paths, optional
        User lexicon files (``.yaml``) or folders of them, loaded after the shipped ones.
    shipped : bool, default True
        Include the shipped ``lexicons/``.

    Returns
    -------
    Lexicon
        A mapping from concept id to :class:`Concept`.

    Raises
    ------
    LexiconError
        A file is missing or invalid, two files define the same id, or ``related`` names an unknown id.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files = _expand([shipped_lexicon_dir()]) if shipped else []
    files += _expand(paths or [])
    lex = Lexicon()
    seen: dict[Path, None] = {}
    for f in files:
        if f.resolve() in seen:
            continue
        seen[f.resolve()] = None
        lex.files.append(str(f))
        for concept in load_lexicon_file(f):
            other = lex.concepts.get(concept.id)
            if other is not None:
                raise LexiconError(
                    f"{f}: concept {concept.id!r} is already defined in {other.source}; rename one of them"
                )
            lex.concepts[concept.id] = concept
    for concept in lex.concepts.values():
        for k, rid in enumerate(concept.related):
            if rid not in lex.concepts:
                raise LexiconError(
                    f"{concept.source}: concept {concept.id!r}, field 'related[{k}]': unknown concept {rid!r}; "
                    "define it or load the file that does"
                )
    return lex


def load_lexicon_file(path: str | Path) -> list[Concept]:
    """Read and validate one lexicon file; return its concepts in file order."""
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read the lexicon ({exc}); save it as UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise LexiconError(f"{path}: invalid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
        raise LexiconError(f"{path}: a lexicon needs a top-level 'concepts:' list")
    out: list[Concept] = []
    ids: set[str] = set()
    for n, entry in enumerate(data["concepts"], start=1):
        concept = _concept(entry, _Where(path, n, entry.get("id") if isinstance(entry, dict) else None))
        if concept.id in ids:
            raise LexiconError(f"{path}: concept {concept.id!r} (entry {n}) is defined twice in this file")
        ids.add(concept.id)
        out.append(concept)
    return out


@dataclass(frozen=True)
class _Where:
    path: Path
    n: int
    cid: Any

    def error(self, fld: str, message: str) -> LexiconError:
        who = f"concept {self.cid!r} (entry {self.n})" if isinstance(self.cid, str) else f"entry {self.n}"
        return LexiconError(f"{self.path}: {who}, field '{fld}': {message}")


def _text(value: Any, where: _Where, fld: str, *, required: bool = False) -> str:
    if value is None:
        if required:
            raise where.error(fld, "missing")
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise where.error(fld, f"expected text, got {value!r}")
    return value.strip()


def _str_list(value: Any, where: _Where, fld: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise where.error(fld, f"expected a non-empty list of words, got {value!r}")
    return tuple(v.strip() for v in value)


def parse_years(value: Any, where: _Where | None = None, fld: str = "years") -> YearRange:
    """``"1925-1936"``, ``"-1924"``, ``"1936-"``, ``1930`` or ``[1925, 1936]`` → ``(start, end)``."""
    lo: Any
    hi: Any
    if isinstance(value, int) and not isinstance(value, bool):
        lo = hi = value
    elif isinstance(value, list) and len(value) == 2 and all(v is None or isinstance(v, int) for v in value):
        lo, hi = value
    elif isinstance(value, str) and _YEARS.match(value):
        m = _YEARS.match(value)
        lo, hi = (m.group(3), m.group(3)) if m.group(3) else (m.group(1), m.group(2))
        lo, hi = (int(lo) if lo else None), (int(hi) if hi else None)
    else:
        msg = f"expected a year range like '1925-1936', '-1924' or '1936-', got {value!r}"
        raise where.error(fld, msg) if where else LexiconError(msg)
    if lo is None and hi is None or (lo is not None and hi is not None and lo > hi):
        msg = f"year range {value!r} is empty or reversed"
        raise where.error(fld, msg) if where else LexiconError(msg)
    return lo, hi


def _concept(entry: Any, where: _Where) -> Concept:
    if not isinstance(entry, dict):
        raise where.error("id", f"each concept must be a mapping with 'id:', got {entry!r}")
    unknown = sorted(set(entry) - set(_CONCEPT_FIELDS))
    if unknown:
        raise where.error(unknown[0], f"unknown field; use {', '.join(_CONCEPT_FIELDS)}")
    cid = _text(entry.get("id"), where, "id", required=True)
    if not _ID.match(cid):
        raise where.error("id", f"{cid!r} must be lower-case Latin letters, digits and _ (e.g. otkochevka)")
    labels = entry.get("labels")
    if not isinstance(labels, dict) or not labels:
        raise where.error("labels", "expected a mapping like {ru: откочевка, kk: көшу, en: migration}")
    for lang, text in labels.items():
        if lang not in LANGUAGES:
            raise where.error(f"labels.{lang}", f"unknown language; use {', '.join(LANGUAGES)}")
        _text(text, where, f"labels.{lang}", required=True)
    category = _text(entry.get("category"), where, "category", required=True)
    if category not in CATEGORIES:
        raise where.error("category", f"{category!r} is not one of {', '.join(CATEGORIES)}")
    denotes = _text(entry.get("denotes"), where, "denotes")
    conceals = _text(entry.get("conceals"), where, "conceals")
    if not denotes and not conceals:
        raise where.error("denotes", "give 'denotes' and/or 'conceals'")
    patterns = entry.get("patterns")
    if not isinstance(patterns, dict) or not patterns:
        raise where.error("patterns", "expected a mapping from language (ru, kk) to a list of patterns")
    compiled: dict[str, tuple[Pattern, ...]] = {}
    for lang, plist in patterns.items():
        if lang not in ("ru", "kk"):
            raise where.error(f"patterns.{lang}", "patterns are given per language: ru or kk")
        if not isinstance(plist, list) or not plist:
            raise where.error(f"patterns.{lang}", "expected a non-empty list of patterns")
        compiled[lang] = tuple(_pattern(p, where, f"patterns.{lang}[{k}]", lang) for k, p in enumerate(plist))
    attested = []
    for k, a in enumerate(_as_list(entry.get("attested"), where, "attested")):
        if isinstance(a, (str, int)):
            a = {"years": a}
        if not isinstance(a, dict) or "years" not in a:
            raise where.error(f"attested[{k}]", "expected {years: '1929-1933', sense: '...'}")
        attested.append({**a, "years": parse_years(a["years"], where, f"attested[{k}].years")})
    related = tuple(_text(r, where, f"related[{k}]", required=True)
                    for k, r in enumerate(_as_list(entry.get("related"), where, "related")))
    notes = []
    for k, note in enumerate(_as_list(entry.get("notes"), where, "notes")):
        if isinstance(note, str):
            note = {"text": note}
        if not isinstance(note, dict) or not isinstance(note.get("text"), str):
            raise where.error(f"notes[{k}]", "expected {text: ..., date: ..., source: ...}")
        bad = sorted(set(note) - {"text", "date", "source"})
        if bad:
            raise where.error(f"notes[{k}].{bad[0]}", "unknown field; use text, date, source")
        notes.append({key: str(v) for key, v in note.items()})
    return Concept(cid, dict(labels), category, compiled, denotes, conceals, tuple(attested), related,
                   tuple(notes), str(where.path))


def _as_list(value: Any, where: _Where, fld: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise where.error(fld, f"expected a list, got {value!r}")
    return value


def _pattern(p: Any, where: _Where, fld: str, lang: str) -> Pattern:
    if isinstance(p, str):
        p = {"cql" if p.lstrip().startswith("[") else "query": p}
    if not isinstance(p, dict):
        raise where.error(fld, f"expected a pattern such as {{lemmas: [...]}} or a query string, got {p!r}")
    unknown = sorted(set(p) - set(_PATTERN_FIELDS))
    if unknown:
        raise where.error(f"{fld}.{unknown[0]}", f"unknown field; use one of {', '.join(_PATTERN_FIELDS)}")
    kinds = [k for k in PATTERN_KINDS if k in p]
    if len(kinds) != 1:
        raise where.error(fld, f"give exactly one of {', '.join(PATTERN_KINDS)}")
    kind = kinds[0]
    value: tuple[str, ...] | str
    if kind in ("query", "cql"):
        value = _text(p[kind], where, f"{fld}.{kind}", required=True)
        from ..errors import QueryError
        from ..query.parse import parse_query, parse_simple

        try:
            parse_query(value) if kind == "cql" else parse_simple(value, lemmas=lambda w: ())
        except QueryError as exc:
            raise where.error(f"{fld}.{kind}", str(exc)) from None
        if kind == "cql" and not value.lstrip().startswith("["):
            raise where.error(f"{fld}.cql", "a CQL pattern starts with '[' ; use 'query:' for plain words")
    else:
        value = _str_list(p[kind], where, f"{fld}.{kind}")
        for w in value:
            if any(ch.isspace() for ch in w):
                raise where.error(f"{fld}.{kind}", f"{w!r} has a space; write phrases as 'query:' or 'cql:'")
    years = parse_years(p["years"], where, f"{fld}.years") if p.get("years") is not None else None
    label = _text(p.get("label"), where, f"{fld}.label") or _default_label(kind, value)
    return Pattern(kind, value, lang, label, years, _text(p.get("note"), where, f"{fld}.note"))


def _default_label(kind: str, value: tuple[str, ...] | str) -> str:
    if isinstance(value, str):
        return value
    shown = ", ".join(value[:3]) + (", …" if len(value) > 3 else "")
    return f"{kind}: {shown}" if kind != "lemmas" else shown
