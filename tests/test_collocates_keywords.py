"""Frequency lists, n-grams, collocations and keywords: counts checked by eye on the tiny corpus and against an
independent brute-force count over the demo corpus's token lists."""
from collections import Counter

import pytest

from corpus_tools.errors import QueryError
from conftest import TINY_WORDS


def test_wordlist_counts_lemmas_docs_and_range(tiny_corpus):
    w = tiny_corpus.wordlist(by="lemma").set_index("item")
    assert w.loc["откочевка", "freq"] == 5 and w.loc["откочевка", "docs"] == 4
    assert w.loc["откочевка", "range"] == 3  # 1913, 1930, 1931 (the undated document has no year)
    assert "." not in w.index and "," not in w.index
    assert w.attrs["tokens"] == sum(TINY_WORDS.values())
    assert w.loc["откочевка", "per_million"] == pytest.approx(5 / sum(TINY_WORDS.values()) * 1e6)


def test_wordlist_by_word_keeps_original_spelling(tiny_corpus):
    w = tiny_corpus.wordlist(by="word").set_index("item")
    assert w.loc["откочёвку", "freq"] == 1 and w.loc["откочевка", "freq"] == 4


def test_wordlist_filters_min_freq_limit(tiny_corpus):
    w = tiny_corpus.wordlist(by="lemma", years=(1930, 1931), min_freq=2)
    assert list(w["item"]) == ["откочевка"]
    assert len(tiny_corpus.wordlist(limit=3)) == 3
    with pytest.raises(QueryError):
        tiny_corpus.wordlist(by="shape")


def test_ngrams_stay_inside_sentences(tiny_corpus):
    g = tiny_corpus.wordlist(by="lemma", n=2).set_index("item")
    assert g.loc["байско-кулацкий агитация", "freq"] == 1
    # «в Китай. Откочевка»: the sentence boundary stops the bigram
    assert "китай откочевка" not in g.index
    assert "аул на" in g.index


def test_collocates_window_counts_by_eye(tiny_corpus):
    c = tiny_corpus.collocates("агитация", left=1, right=1, min_freq=1).set_index("collocate")
    # «байско-кулацкой агитации началась»
    assert set(c.index) == {"байско-кулацкий", "начаться"}
    assert c.loc["начаться", "freq"] == 1 and c.attrs["f1"] == 1 and c.attrs["R1"] == 2
    assert c.loc["начаться", "N"] == sum(TINY_WORDS.values())


def test_collocates_sentence_bounded(tiny_corpus):
    free = tiny_corpus.collocates("китай", left=0, right=2, min_freq=1)
    bounded = tiny_corpus.collocates("китай", left=0, right=2, min_freq=1, sentence=True)
    assert "откочевка" in set(free["collocate"]) and bounded.empty


def _brute_force(corpus, lemma, left, right):
    """Independent count: merged windows around every token with this lemma, in plain Python."""
    toks = corpus.con.execute("SELECT doc_id, i, lemma, pos FROM tokens ORDER BY doc_id, i").df()
    f, r1 = Counter(), 0
    for _, d in toks.groupby("doc_id"):
        lemmas, pos = d["lemma"].tolist(), d["pos"].tolist()
        nodes = {k for k, x in enumerate(lemmas) if x == lemma}
        window = set()
        for k in nodes:
            window |= set(range(k - left, k)) | set(range(k + 1, k + right + 1))
        for k in window - nodes:
            if 0 <= k < len(lemmas) and pos[k] not in ("PUNCT", "SYM"):
                f[lemmas[k]] += 1
                r1 += 1
    return f, r1


def test_collocate_counts_match_brute_force_on_demo(demo_corpus):
    c = demo_corpus.collocates('[lemma="откочевка"]', left=4, right=3, min_freq=1)
    f, r1 = _brute_force(demo_corpus, "откочевка", 4, 3)
    assert c.attrs["R1"] == r1
    assert dict(zip(c["collocate"], c["freq"])) == dict(f)
    wl = demo_corpus.wordlist(by="lemma").set_index("item")
    for row in c.head(20).itertuples():
        assert row.f2 == wl.loc[row.collocate, "freq"]


def test_collocates_measures_present_and_sorted(demo_corpus):
    c = demo_corpus.collocates("откочевка", sort="mi", limit=15)
    for col in ("mi", "mi3", "t", "z", "g2", "dice", "logdice", "log_ratio", "delta_p", "min_sens"):
        assert col in c.columns
    assert list(c["mi"]) == sorted(c["mi"], reverse=True)
    assert (c["freq"] >= 2).all()
    assert c.attrs["record"]["corpus"]["content_hash"] == demo_corpus.content_hash


def test_collocates_over_time_and_changes(demo_corpus):
    per = demo_corpus.collocates_by_period("откочевка", per="1912-1928,1929-1933", min_freq=1)
    assert set(per["period"]) == {"1912-1928", "1929-1933"}
    series = demo_corpus.association_series("откочевка", "агитация", per="1912-1928,1929-1933")
    s = series.set_index("period")
    assert s.loc["1912-1928", "freq"] == 0 and s.loc["1929-1933", "freq"] > 0
    ch = demo_corpus.collocate_changes("откочевка", "1912-1928", "1929-1933")
    appears = set(ch.loc[ch["status"] == "appears", "collocate"])
    assert "агитация" in appears
    assert {"appears", "vanishes", "shared"} >= set(ch["status"])


def test_keywords_of_collectivization_years(demo_corpus):
    k = demo_corpus.keywords(target="1929-1933", reference="1912-1928", min_freq=5)
    pos = k[k["direction"] == "positive"]
    assert "агитация" in set(pos["item"].head(60)) or "колхоз" in set(pos["item"].head(60))
    assert (pos["g2"] > 0).all() and (k[k["direction"] == "negative"]["g2"] < 0).all()
    assert k.attrs["target_tokens"] > 0 and k.attrs["reference_tokens"] > 0
    row = k.iloc[0]
    assert row["log_ratio_ci_low"] <= row["log_ratio"] <= row["log_ratio_ci_high"]


def test_keywords_default_reference_is_the_rest(demo_corpus):
    k = demo_corpus.keywords(target="1929-1933", min_freq=5)
    assert k.attrs["reference"] == "not 1929-1933"
    with pytest.raises(QueryError, match="--reference"):
        demo_corpus.keywords(target="doc_type=report")
    with pytest.raises(QueryError, match="cannot read subcorpus"):
        demo_corpus.keywords(target="nonsense")
