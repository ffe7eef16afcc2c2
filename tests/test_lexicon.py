"""Lexicon files: validation messages, user files, duplicate ids, pattern compilation, year restrictions,
variant counts on the demo corpus."""
from __future__ import annotations

import textwrap

import pytest

from corpus_tools.query.ast import Cond, Or
from corpus_tools.terms import (
    LexiconError,
    UnknownConceptError,
    compile_concept,
    concept_hits,
    concept_variants,
    load_lexicons,
)
from corpus_tools.terms.lexicon import load_lexicon_file, parse_years

GOOD = """
concepts:
  - id: proba
    labels: {ru: проба, en: test}
    category: euphemism
    denotes: a test concept
    patterns:
      ru:
        - {lemmas: [откочевка], label: откочевка}
        - {query: байско-кулацкая агитация}
        - {cql: '[lemma="откочевка"] []{0,2} [lemma="китай"]'}
        - {lemmas: [аул], years: 1913-1913, label: аул1913}
"""

#: (name, entry body, expected fragments of the one-line message)
BAD_ENTRIES = [
    ("missing id", "labels: {ru: x}\n    category: euphemism\n    denotes: x\n    patterns: {ru: [{lemmas: [x]}]}",
     ["entry 1", "field 'id'", "missing"]),
    ("bad category", "id: a\n    labels: {ru: x}\n    category: slogan\n    denotes: x\n    patterns: {ru: [{lemmas: [x]}]}",
     ["concept 'a' (entry 1)", "field 'category'", "slogan"]),
    ("no denotes", "id: a\n    labels: {ru: x}\n    category: euphemism\n    patterns: {ru: [{lemmas: [x]}]}",
     ["field 'denotes'"]),
    ("bad years", "id: a\n    labels: {ru: x}\n    category: ethnonym\n    denotes: x\n    patterns: {ru: [{lemmas: [казак], years: 'весной'}]}",
     ["field 'patterns.ru[0].years'", "1925-1936"]),
    ("bad cql", "id: a\n    labels: {ru: x}\n    category: ethnonym\n    denotes: x\n    patterns: {ru: [{cql: '[lemma=\"x\"'}]}",
     ["field 'patterns.ru[0].cql'", "expected"]),
    ("two kinds", "id: a\n    labels: {ru: x}\n    category: ethnonym\n    denotes: x\n    patterns: {ru: [{lemmas: [x], stems: [y]}]}",
     ["field 'patterns.ru[0]'", "exactly one"]),
    ("space in lemma", "id: a\n    labels: {ru: x}\n    category: ethnonym\n    denotes: x\n    patterns: {ru: [{lemmas: [по наущению]}]}",
     ["field 'patterns.ru[0].lemmas'", "has a space"]),
    ("unknown field", "id: a\n    labels: {ru: x}\n    category: ethnonym\n    denotes: x\n    colour: red\n    patterns: {ru: [{lemmas: [x]}]}",
     ["field 'colour'", "unknown field"]),
    ("bad language", "id: a\n    labels: {ru: x}\n    category: ethnonym\n    denotes: x\n    patterns: {de: [{lemmas: [x]}]}",
     ["field 'patterns.de'"]),
]


def write(tmp_path, name: str, text: str):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


@pytest.mark.parametrize("name,body,fragments", BAD_ENTRIES, ids=[b[0] for b in BAD_ENTRIES])
def test_validation_errors_name_file_entry_field(tmp_path, name, body, fragments):
    path = write(tmp_path, "bad.yaml", "concepts:\n  - " + body + "\n")
    with pytest.raises(LexiconError) as err:
        load_lexicon_file(path)
    msg = str(err.value)
    assert "\n" not in msg
    assert str(path) in msg
    for frag in fragments:
        assert frag in msg


def test_invalid_yaml_names_line(tmp_path):
    path = write(tmp_path, "broken.yaml", "concepts:\n  - id: [unclosed\n")
    with pytest.raises(LexiconError, match=r"broken.yaml: invalid YAML at line"):
        load_lexicon_file(path)


def test_shipped_lexicon_loads_and_ids_are_unique():
    lex = load_lexicons()
    for cid in ("otkochevka", "kulak_bai_agitatsiya", "prodzatrudneniya", "peregiby", "osedanie",
                "konfiskatsiya", "raskulachivanie", "khlebozagotovki", "kazakhs", "kazakhstan", "golod", "boskyn"):
        assert cid in lex
    assert {"begstvo", "emigratsiya", "ukhod_za_kordon"} <= set(lex["otkochevka"].related)
    assert lex["otkochevka"].patterns["kk"]


def test_user_file_added_and_duplicate_id_names_both_files(tmp_path):
    user = write(tmp_path, "mine.yaml", GOOD)
    lex = load_lexicons(user)
    assert "proba" in lex and "otkochevka" in lex
    dup = write(tmp_path, "dup.yaml", GOOD.replace("id: proba", "id: otkochevka"))
    with pytest.raises(LexiconError) as err:
        load_lexicons(dup)
    assert "dup.yaml" in str(err.value) and "migration.yaml" in str(err.value)


def test_unknown_related_and_unknown_concept(tmp_path):
    user = write(tmp_path, "rel.yaml", GOOD.replace("category: euphemism", "category: euphemism\n    related: [nowhere]"))
    with pytest.raises(LexiconError, match=r"field 'related\[0\]': unknown concept 'nowhere'"):
        load_lexicons(user)
    with pytest.raises(UnknownConceptError, match="did you mean otkochevka"):
        load_lexicons()["otkochevka_"]


YEARS = [("1925-1936", (1925, 1936)), ("-1924", (None, 1924)), ("1936-", (1936, None)), (1930, (1930, 1930)),
         ([1925, 1936], (1925, 1936))]


@pytest.mark.parametrize("value,expected", YEARS)
def test_parse_years(value, expected):
    assert parse_years(value) == expected


def test_compile_concept_one_query_per_pattern(tmp_path):
    lex = load_lexicons(write(tmp_path, "mine.yaml", GOOD), shipped=False)
    qs = compile_concept(lex["proba"])
    assert [q.kind for q in qs] == ["lemmas", "query", "cql", "lemmas"]
    first = qs[0].elements[0].expr
    assert isinstance(first, Or) and Cond("lemma", "=", values=("откочевка",)) in first.parts
    assert len(qs[1].elements) == 2 and len(qs[2].elements) == 3
    assert qs[2].elements[1].min == 0 and qs[2].elements[1].max == 2
    assert qs[3].years == (1913, 1913) and qs[0].years is None
    assert compile_concept("proba", lang="kk", lexicon=lex) == []


def test_year_restricted_pattern_is_a_document_year_condition(tiny_corpus, tmp_path):
    lex = load_lexicons(write(tmp_path, "mine.yaml", GOOD), shipped=False)
    hits = concept_hits(tiny_corpus, "proba", lexicon=lex)
    aul = hits[hits["pattern"] == "аул1913"]
    # «аул» occurs in a1913 («аулов») and in the undated d_undated («аула»); only the 1913 document counts
    assert aul["doc_id"].tolist() == ["a1913"]


def test_kazak_means_kazakh_only_1925_1936(demo_corpus):
    v = concept_variants(demo_corpus, "kazakhs", by="1912-1924,1925-1936")
    kazak = v[v["variant"] == "казак"]
    assert set(kazak["period"]) == {"1925-1936"}
    hits = concept_hits(demo_corpus, "kazakhs")
    assert hits.loc[hits["lemma"] == "казак", "year"].between(1925, 1936).all()


def test_otkochevka_finds_every_otkoch_hit(demo_corpus):
    hits = concept_hits(demo_corpus, "otkochevka")
    k = demo_corpus.kwic("откоч*")
    assert k.attrs["total"] > 100
    assert set(zip(k["doc_id"], k["start"])) <= set(zip(hits["doc_id"], hits["start"]))
    assert not hits.duplicated(["doc_id", "i0"]).any()


def test_variant_counts_on_demo(demo_corpus):
    v = concept_variants(demo_corpus, "otkochevka", by="1912-1928,1929-1933,1934-1936")
    assert list(v.columns) == ["concept", "pattern", "variant", "period", "hits", "docs"]
    total = concept_hits(demo_corpus, "otkochevka").pipe(len)
    assert v["hits"].sum() <= total
    early = v[v["period"] == "1912-1928"]
    crisis = v[v["period"] == "1929-1933"]
    assert "откочевник" not in set(early["variant"])   # «откочевник» belongs to the years of flight
    assert crisis.loc[crisis["variant"] == "откочевник", "hits"].sum() > 10
    assert crisis["hits"].sum() > early["hits"].sum()


def test_concept_token_expr_for_single_token_concepts():
    from corpus_tools.errors import QueryError
    from corpus_tools.terms.compile import concept_token_expr

    expr = concept_token_expr("begstvo")
    assert isinstance(expr, Or)
    with pytest.raises(QueryError, match="multi-word or year-restricted"):
        concept_token_expr("kazakhs")
