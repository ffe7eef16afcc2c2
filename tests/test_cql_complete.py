"""CQL, complete: every operator and ``within <doc .../>`` against the tiny corpus (counts checkable by eye in
conftest.TINY_DOCS), plus parse-error positions."""
import pytest

from corpus_tools.errors import QueryError
from corpus_tools.query.ast import DocCond
from corpus_tools.query.compile import compile_term
from corpus_tools.query.parse import fold_regex, parse_query

#: query -> number of matches in the tiny corpus, with the matches spelled out.
CQL_COUNTS = {
    # feats: Case=Gen — аулов (a1913), байско-кулацкой, агитации, хозяйств (b1930), аула (d_undated)
    '[feats=".*case=gen.*"]': 5,
    '[feats=".*Case=Gen.*" & pos="NOUN"]': 4,
    # |: 15 nouns and proper nouns (a 4, b 6, c 3, d 2)
    '[pos="NOUN" | pos="PROPN"]': 15,
    # !=: every word token (35 tokens, 7 of them punctuation)
    '[pos!="PUNCT"]': 28,
    # & with !=: откочёвку is the only form of откочевка other than «откочевка»
    '[lemma="откочевка" & word!="откочевка"]': 1,
    '[lemma="откочевка" & !word="откочевка"]': 1,
    # []: «агитации началась откочевка»
    '[lemma="агитация"] [] [lemma="откочевка"]': 1,
    # {n,m}: Весенняя откочевка, байско-кулацкой агитации, Продовольственные затруднения
    '[pos="ADJ"]{1,2} [pos="NOUN"]': 3,
    # {n}: откочевка аулов, Откочевка хозяйств, Откочевка аула
    '[pos="NOUN"]{2}': 3,
    # escapes survive folding: \S is not \s
    r'[norm="\S+кой"]': 1,
    # document metadata
    '[lemma="откочевка"] within <doc doc_type="report"/>': 2,
    '[lemma="откочевка"] within <doc year="193[0-3]"/>': 3,
    '[lemma="откочевка"] within <doc doc_type!="report"/>': 3,
    '[lemma="откочевка"] within <doc fond="5"/>': 5,
    '[lemma="откочевка"] within <doc region="семипалат.*"/>': 4,
    '[lemma="откочевка"] within <doc region="Семипалат.*" doc_type="report"/>': 2,
    '[lemma="откочевка"] within <text year="1913"/>': 1,
    # combined with within s: «откочевка в Китай. Откочевка» crosses a sentence boundary
    '[lemma="откочевка"] []{0,3} [lemma="откочевка"] within <doc year="1930"/>': 1,
    '[lemma="откочевка"] []{0,3} [lemma="откочевка"] within s within <doc year="1930"/>': 0,
    '[lemma="откочевка"] []{0,3} [lemma="откочевка"] within <doc year="1930"/> within s': 0,
}


@pytest.mark.parametrize("query, expected", list(CQL_COUNTS.items()))
def test_cql_counts_on_tiny_corpus(tiny_corpus, query, expected):
    assert len(tiny_corpus.kwic(query)) == expected


def test_doc_conditions_parse():
    q = parse_query('[lemma="кулак"] within s within <doc doc_type="Report" year!="193[0-3]"/>')
    assert q.within == "s"
    assert q.doc_conds == (DocCond("doc_type", "=", "report", 37), DocCond("year", "!=", "193[0-3]", 55))


def test_doc_condition_also_restricts_freq(tiny_corpus):
    f = tiny_corpus.freq('[lemma="откочевка"] within <doc doc_type="report"/>', by="doc_type")
    assert int(f["hits"].sum()) == 2


@pytest.mark.parametrize("query, position, fragment", [
    ('[lemma="x"] within <doc year="1930"', 35, "expected a document field"),
    ('[lemma="x"] within <doc year=1930/>', 29, "expected a quoted value"),
    ('[lemma="x"] within <doc/>', 24, "needs at least one condition"),
    ('[lemma="x"] within <p year="1"/>', 20, "expected 'doc' after '<'"),
    ('[lemma="x"] within <doc year~"1"/>', 28, "unexpected character '~'"),
    ('[lemma="x"] within s within s', 28, "given twice"),
    ('[lemma="x"] within s [lemma="y"]', 21, "only another 'within' clause"),
    ('[lemma="x"] within', 18, "expected a structure after 'within'"),
    ('[lemma="x"] within <doc year="(19"/>', 30, "invalid regular expression"),
])
def test_doc_condition_errors_name_position(query, position, fragment):
    with pytest.raises(QueryError) as exc:
        parse_query(query)
    assert fragment in str(exc.value)
    assert exc.value.position == position, str(exc.value)


def test_unknown_document_field_names_field_and_position(tiny_corpus):
    query = '[lemma="откочевка"] within <doc nosuch="1"/>'
    with pytest.raises(QueryError) as exc:
        tiny_corpus.kwic(query)
    assert "unknown document field 'nosuch'" in str(exc.value)
    assert exc.value.position == query.index("nosuch")


@pytest.mark.parametrize("pattern, folded", [
    ("Откочёвка", "откочевка"),
    (r"\D+Ё", r"\D+е"),
    (r"\p{Lu}\S+", r"\p{Lu}\S+"),
    (r"[А-ЯЁ]\W", r"[а-яе]\W"),
])
def test_fold_regex_keeps_escapes(pattern, folded):
    assert fold_regex(pattern) == folded


def test_term_queries_use_the_lexicon(tiny_corpus):
    # the whole query: every pattern of the concept (5 «откочевка» tokens in the tiny corpus)
    assert len(tiny_corpus.kwic("term:otkochevka")) == 5
    # inside CQL a concept must be single-token patterns only; otkochevka has a multi-word pattern
    with pytest.raises(QueryError, match="term:otkochevka"):
        compile_term("otkochevka")
    assert len(tiny_corpus.kwic('term:begstvo')) == 0
    from corpus_tools.errors import CorpusToolsError

    with pytest.raises(CorpusToolsError, match="no_such"):
        tiny_corpus.kwic("term:no_such")
