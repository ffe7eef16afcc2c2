"""Parsers for the two query languages (see ``docs/queries.md``).

* **Simple query** — words separated by spaces. A plain word matches every form of its lemma(s); ``*`` is a
  wildcard over normalized forms; ``"..."`` matches exact forms; ``term:ID`` matches a lexicon concept.
* **CQL** (input starting with ``[``) — ``[attr="regex" & attr!="..." | ...]`` token patterns, ``[]``
  for any token, repetition ``{n}``, ``{n,m}``, ``?``, ``*``, ``+``, ``within s`` and document conditions
  ``within <doc field="regex" field!="regex"/>`` (combinable: ``... within s within <doc .../>``).

Both produce a :class:`~corpus_tools.query.ast.Query`. Values are folded like the corpus (lower case, ё→е).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import QueryError
from ..normalize import fold, norm_form
from .ast import TOKEN_ATTRIBUTES, And, AnyToken, Cond, DocCond, Element, Expr, Not, Or, Query

__all__ = ["MAX_REPEAT", "WITHIN_STRUCTURES", "DOC_STRUCTURES", "fold_regex", "parse_query", "parse_simple"]

#: Upper bound used for the open repetitions ``*`` and ``+`` (and ``{n,}``).
MAX_REPEAT = 8
#: Structures ``within`` accepts.
WITHIN_STRUCTURES = ("s", "sentence", "doc", "text")
#: Structure names of the document element in ``within <doc .../>`` (``text`` as in CQP corpora).
DOC_STRUCTURES = ("doc", "text")

LemmaLookup = Callable[[str], tuple[str, ...]]


def parse_query(text: str, *, lemmas: LemmaLookup | None = None) -> Query:
    """Parse a simple query or, when it starts with ``[``, a CQL query."""
    stripped = text.strip()
    if not stripped:
        raise QueryError("empty query; give a word, a \"phrase\" or a CQL pattern like [lemma=\"кулак\"]")
    if stripped.startswith("[") or (stripped.startswith("term:") and "[" in stripped):
        return _CQLParser(text).parse()
    return parse_simple(text, lemmas=lemmas)


# --------------------------------------------------------------------------- simple queries
_SIMPLE_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


def parse_simple(text: str, *, lemmas: LemmaLookup | None = None) -> Query:
    """Parse the simple query language into a sequence of token conditions."""
    if lemmas is None:
        from .lemmas import query_lemmas as lemmas
    elements: list[Element] = []
    terms: list[str] = []
    pos = 0
    for m in _SIMPLE_TOKEN.finditer(text):
        between = text[pos:m.start()]
        if between.strip():
            raise QueryError("unexpected text", query=text, position=pos + len(between) - len(between.lstrip()))
        pos = m.end()
        if m.group(1) is not None:  # "exact form(s)"
            words = m.group(1).split()
            if not words:
                raise QueryError("empty quotes", query=text, position=m.start())
            for w in words:
                elements.append(Element(Cond("word", "=", values=_exact_values(w))))
            continue
        word = m.group(2)
        if '"' in word:
            raise QueryError("unbalanced quote", query=text, position=m.start() + word.index('"'))
        if word.startswith("term:"):
            terms.append(word[5:])
            elements.append(Element(Cond("term", "=", value=word[5:])))
        elif "*" in word:
            parts = [re.escape(norm_form(p)) for p in word.split("*")]
            if not any(parts):
                elements.append(Element(AnyToken()))
            else:
                elements.append(Element(Cond("norm", "=", value=".*".join(parts))))
        else:
            forms = (norm_form(word),)
            found = tuple(sorted(set(lemmas(word)) | set(forms)))
            elements.append(Element(Or((Cond("lemma", "=", values=found), Cond("norm", "=", values=forms)))))
    if pos < len(text) and text[pos:].strip():
        raise QueryError("unexpected text", query=text, position=pos)
    return Query(tuple(elements), None, text, tuple(terms))


def _exact_values(word: str) -> tuple[str, ...]:
    values = {norm_form(word), fold(word)}
    return tuple(sorted(values))


# --------------------------------------------------------------------------- CQL
_TOKEN_RE = re.compile(
    r"""\s*(?:
      (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    | (?P<term>term:[\w\-]+)
    | (?P<op>!=|=|&|\||!|\[|\]|\(|\)|\{|\}|,|\?|\*|\+|<|/|>)
    | (?P<int>\d+)
    | (?P<ident>[^\W\d][\w.\-]*)
    )""",
    re.VERBOSE,
)


def fold_regex(pattern: str) -> str:
    """Case- and ё-fold the literal characters of a regular expression, leaving escapes alone.

    ``\\D``, ``\\S``, ``\\W`` and ``\\p{Lu}`` keep their meaning (folding them would turn ``\\D`` into
    ``\\d``); everything else is folded like the corpus columns it is matched against.
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "pP" and i + 2 < len(pattern) and pattern[i + 2] == "{":
                close = pattern.find("}", i + 2)
                close = len(pattern) - 1 if close < 0 else close
                out.append(pattern[i:close + 1])
                i = close + 1
                continue
            out.append(pattern[i:i + 2])
            i += 2
            continue
        out.append(fold(ch))
        i += 1
    return "".join(out)


class _CQLParser:
    """Recursive-descent parser; every error names the character position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks: list[tuple[str, str, int]] = []
        pos = 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            m = _TOKEN_RE.match(text, pos)
            if not m or m.end() == pos:
                start = pos + len(text[pos:]) - len(text[pos:].lstrip())
                ch = text[start]
                if ch in "\"'":
                    raise QueryError("unterminated string", query=text, position=start)
                raise QueryError(f"unexpected character {ch!r}", query=text, position=start)
            kind = m.lastgroup or ""
            self.toks.append((kind, m.group(kind), m.start(kind)))
            pos = m.end()
        self.i = 0

    # -- helpers
    def _peek(self) -> tuple[str, str, int] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _error(self, message: str) -> QueryError:
        tok = self._peek()
        position = tok[2] if tok else len(self.text.rstrip())
        return QueryError(message, query=self.text, position=position)

    def _accept(self, value: str) -> bool:
        tok = self._peek()
        if tok and tok[0] == "op" and tok[1] == value:
            self.i += 1
            return True
        return False

    def _expect(self, value: str, what: str) -> None:
        if not self._accept(value):
            tok = self._peek()
            found = f"found {tok[1]!r}" if tok else "the query ends"
            raise self._error(f"expected {what}, {found}")

    # -- grammar
    def parse(self) -> Query:
        elements: list[Element] = []
        while True:
            tok = self._peek()
            if tok is None or (tok[0] == "ident" and tok[1].lower() == "within"):
                break
            elements.append(self._element())
        if not elements:
            raise QueryError("empty CQL query", query=self.text, position=0)
        within, doc_conds = self._within_clauses()
        return Query(tuple(elements), within, self.text, doc_conds=doc_conds)

    def _within_clauses(self) -> tuple[str | None, tuple[DocCond, ...]]:
        """``within s``, ``within doc`` and ``within <doc field="regex" .../>``, in any order, each once."""
        within: str | None = None
        doc_conds: list[DocCond] = []
        seen: set[str] = set()
        while self._peek() is not None:
            tok = self._peek()
            if not (tok[0] == "ident" and tok[1].lower() == "within"):
                raise self._error("only another 'within' clause may follow 'within ...'")
            self.i += 1
            tok = self._peek()
            if tok is not None and tok[0] == "op" and tok[1] == "<":
                kind = "doc"
                if kind in seen:
                    raise self._error("document conditions given twice; put them all in one <doc .../>")
                doc_conds.extend(self._doc_element())
            elif tok is not None and tok[0] == "ident":
                name = tok[1].lower()
                if name not in WITHIN_STRUCTURES:
                    raise self._error(f"unknown structure {tok[1]!r}; use 'within s' or 'within <doc field=\"...\"/>'")
                kind = "s" if name in ("s", "sentence") else "doc"
                if kind in seen:
                    raise self._error(f"'within {tok[1]}' given twice")
                if kind == "s":
                    within = "s"
                self.i += 1
            else:
                raise self._error("expected a structure after 'within' (within s, within <doc year=\"1930\"/>)")
            seen.add(kind)
        return within, tuple(doc_conds)

    def _doc_element(self) -> list[DocCond]:
        self._expect("<", "'<'")
        tok = self._peek()
        if tok is None or tok[0] != "ident" or tok[1].lower() not in DOC_STRUCTURES:
            raise self._error("expected 'doc' after '<' (within <doc doc_type=\"report\"/>)")
        self.i += 1
        conds: list[DocCond] = []
        while True:
            if self._accept("/"):
                self._expect(">", "'>' to close <doc .../>")
                break
            if self._accept(">"):
                break
            tok = self._peek()
            if tok is None or tok[0] != "ident":
                raise self._error('expected a document field such as year="1930" or \'/>\'')
            name, name_pos = tok[1], tok[2]
            self.i += 1
            op, value = self._comparison("after the document field", '"report" or "193[0-3]"')
            conds.append(DocCond(name, op, value, name_pos))
        if not conds:
            raise QueryError("<doc/> needs at least one condition, e.g. <doc year=\"1930\"/>",
                             query=self.text, position=self.toks[self.i - 1][2])
        return conds

    def _element(self) -> Element:
        tok = self._peek()
        if tok and tok[0] == "str":
            self.i += 1
            expr: Expr = Cond("word", "=", self._regex(tok))
        elif tok and tok[0] == "term":  # a lexicon concept: term:ID
            self.i += 1
            expr = Cond("term", "=", value=tok[1][5:])
        elif self._accept("["):
            if self._accept("]"):
                expr = AnyToken()
            else:
                expr = self._or()
                self._expect("]", "']' to close the token")
        else:
            raise self._error("expected '[' to start a token pattern")
        lo, hi = self._quantifier()
        return Element(expr, lo, hi)

    def _quantifier(self) -> tuple[int, int]:
        if self._accept("?"):
            return 0, 1
        if self._accept("*"):
            return 0, MAX_REPEAT
        if self._accept("+"):
            return 1, MAX_REPEAT
        if not self._accept("{"):
            return 1, 1
        lo = self._int()
        hi = lo
        hi_pos = self.toks[self.i - 1][2]
        if self._accept(","):
            tok = self._peek()
            if tok and tok[0] == "int":
                hi_pos = tok[2]
                hi = self._int()
            else:
                hi = max(lo, MAX_REPEAT)
        self._expect("}", "'}' to close the repetition")
        if hi < lo:
            raise QueryError(f"repetition {{{lo},{hi}}}: the maximum is below the minimum",
                             query=self.text, position=hi_pos)
        if hi > 50:
            raise QueryError("repetitions above 50 are not supported", query=self.text, position=hi_pos)
        return lo, hi

    def _int(self) -> int:
        tok = self._peek()
        if tok is None or tok[0] != "int":
            raise self._error("expected a number")
        self.i += 1
        return int(tok[1])

    def _or(self) -> Expr:
        parts = [self._and()]
        while self._accept("|"):
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def _and(self) -> Expr:
        parts = [self._unary()]
        while self._accept("&"):
            parts.append(self._unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def _unary(self) -> Expr:
        if self._accept("!"):
            return Not(self._unary())
        if self._accept("("):
            inner = self._or()
            self._expect(")", "')'")
            return inner
        tok = self._peek()
        if tok is None or tok[0] != "ident":
            raise self._error("expected an attribute such as lemma, word, norm, pos or lang")
        attr = tok[1].lower()
        if attr not in TOKEN_ATTRIBUTES:
            raise self._error(f"unknown attribute {tok[1]!r}; use one of {', '.join(TOKEN_ATTRIBUTES)}")
        self.i += 1
        op, value = self._comparison("", '"кулак"')
        return Cond(attr, op, value)

    def _comparison(self, where: str, example: str) -> tuple[str, str]:
        """``= "value"`` or ``!= "value"`` after a name: the operator and the folded regular expression."""
        if self._accept("!="):
            op = "!="
        elif self._accept("="):
            op = "="
        else:
            raise self._error("expected '=' or '!='" + (f" {where}" if where else ""))
        tok = self._peek()
        if tok is None or tok[0] != "str":
            raise self._error(f"expected a quoted value, e.g. {example}")
        self.i += 1
        return op, self._regex(tok)

    def _regex(self, tok: tuple[str, str, int]) -> str:
        raw = tok[1][1:-1]
        value = re.sub(r"\\(.)", lambda m: m.group(0) if m.group(1) not in "\"'" else m.group(1), raw)
        try:
            re.compile(value)
        except re.error as exc:
            raise QueryError(f"invalid regular expression: {exc.msg}", query=self.text,
                             position=tok[2] + 1 + (exc.pos or 0)) from None
        return fold_regex(value)
