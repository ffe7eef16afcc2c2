"""Simple-query and CQL parsing: structure and error positions."""
import pytest

from corpus_tools.errors import QueryError
from corpus_tools.query.ast import And, AnyToken, Cond, Not, Or
from corpus_tools.query.parse import MAX_REPEAT, parse_query


def fake_lemmas(word):
    return {"кулаков": ("кулак",), "стали": ("сталь", "стать")}.get(word, (word.lower(),))


def test_simple_word_matches_lemmas_and_its_form():
    q = parse_query("стали", lemmas=fake_lemmas)
    (el,) = q.elements
    assert el.expr == Or((Cond("lemma", "=", values=("стали", "сталь", "стать")), Cond("norm", "=", values=("стали",))))


def test_simple_sequence_wildcard_and_exact_phrase():
    q = parse_query('откоч* "продовольственные затруднения"', lemmas=fake_lemmas)
    assert [type(e.expr) for e in q.elements] == [Cond, Cond, Cond]
    assert q.elements[0].expr == Cond("norm", "=", value="откоч.*")
    assert q.elements[1].expr.values == ("продовольственные",)


def test_simple_query_folds_yo_and_case():
    q = parse_query('"Откочёвка"', lemmas=fake_lemmas)
    assert q.elements[0].expr.values == ("откочевка",)


@pytest.mark.parametrize("query, expected_position", [
    ('"откочевка', 0),
    ('кулак"', 5),
    ('""', 0),
])
def test_simple_query_errors_name_position(query, expected_position):
    with pytest.raises(QueryError) as exc:
        parse_query(query, lemmas=fake_lemmas)
    assert exc.value.position == expected_position
    assert f"at character {expected_position + 1}" in str(exc.value)


def test_cql_token_boolean_structure():
    q = parse_query('[lemma="кулак" & pos!="VERB" | word="бай.*"] []{0,2} [lemma="агитация"] within s')
    first = q.elements[0].expr
    assert first == Or((And((Cond("lemma", "=", "кулак"), Cond("pos", "!=", "verb"))), Cond("word", "=", "бай.*")))
    assert q.elements[1].expr == AnyToken() and (q.elements[1].min, q.elements[1].max) == (0, 2)
    assert q.within == "s"
    assert len(q.lengths()) == 3


def test_cql_negation_repetition_shorthands():
    q = parse_query('[!lemma="и"]+ [pos="ADJ"]? "кулак.*"')
    assert q.elements[0].expr == Not(Cond("lemma", "=", "и"))
    assert (q.elements[0].min, q.elements[0].max) == (1, MAX_REPEAT)
    assert (q.elements[1].min, q.elements[1].max) == (0, 1)
    assert q.elements[2].expr == Cond("word", "=", "кулак.*")


def test_cql_values_folded():
    q = parse_query('[lemma="Откочёвка"]')
    assert q.elements[0].expr == Cond("lemma", "=", "откочевка")


@pytest.mark.parametrize("query, position, fragment", [
    ('[lemma="кулак"', 14, "expected ']'"),
    ('[lema="кулак"]', 1, "unknown attribute 'lema'"),
    ('[lemma "кулак"]', 7, "expected '=' or '!='"),
    ('[lemma=кулак]', 7, "expected a quoted value"),
    ('[lemma="кулак"]{3,1}', 18, "maximum is below the minimum"),
    ('[lemma="(кулак"]', 8, "invalid regular expression"),
    ('[lemma="кулак"] within p', 23, "unknown structure"),
    ('[lemma="кулак] [pos="NOUN"]', 25, "unterminated string"),
    ('[word="a"] @', 11, "unexpected character '@'"),
])
def test_cql_errors_name_position(query, position, fragment):
    with pytest.raises(QueryError) as exc:
        parse_query(query)
    assert fragment in str(exc.value)
    assert exc.value.position == position, str(exc.value)


def test_empty_query():
    with pytest.raises(QueryError, match="empty query"):
        parse_query("   ")


def test_too_many_expansions_refused():
    q = parse_query("[]{0,10} [lemma=\"а\"]{0,10}")
    with pytest.raises(QueryError, match="more than 64"):
        q.lengths()
