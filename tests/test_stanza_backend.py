"""The stanza backend (issue 6, item 5): real loading path on a tiny model trained here, and its error messages.

The test model is stanza's *dictionary-only* lemmatizer (``--dict_only``) trained in a few seconds on the first
300 sentences of UD_Russian-GSD dev; the folder has no tokenizer or POS model, so the backend runs stanza on our
tokens and sentences (``tokenize_pretokenized``) and takes UPOS/feats from our pipeline. A second folder adds a
stanza tokenizer trained for 20 steps (a loading-path model: its token boundaries are poor) to test the path where
stanza tokenizes the raw text itself. Skipped when stanza or ../shared/data is missing.
"""
from __future__ import annotations

import pytest

from conftest import shared_data

stanza = pytest.importorskip("stanza")

from corpus_tools.annotate import TOKEN_COLUMNS, get_annotator  # noqa: E402
from corpus_tools.annotate.stanza_backend import (  # noqa: E402
    STANZA_ENV,
    StanzaAnnotator,
    StanzaModelError,
    find_models,
    pipeline_options,
    train_dict_lemmatizer,
    train_tokenizer,
)

#: Texts with the lemma the tiny model must give for one word (the word occurs in the training sentences).
TEXTS = {
    "plain": ("Мы были там.", "были", "быть"),
    "soft_hyphen": ("Он был в го\u00adроде.\n\nНовый абзац.", "был", "быть"),
    "two_sentences": ("Это было давно. Они были там.", "было", "быть"),
}


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    conllu = shared_data("ud", "UD_Russian-GSD", "ru_gsd-ud-dev.conllu")
    root = tmp_path_factory.mktemp("stanza_models")
    train_dict_lemmatizer(conllu, root, sentences=300)
    return root


@pytest.fixture(scope="module")
def annotator(model_dir):
    return StanzaAnnotator(model_dir=model_dir)


def test_model_folder_layout(model_dir):
    models = find_models(model_dir)
    assert set(models) == {"lemma"}
    assert models["lemma"].name == "tiny.pt"


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_columns_match_our_pipeline_shape(annotator, name):
    text, word, lemma = TEXTS[name]
    cols = annotator.annotate(text)
    ours = get_annotator("ru").annotate(text)
    assert list(cols) == list(TOKEN_COLUMNS)
    # same tokens, sentences and offsets into the original text as our pipeline (our tokenizer is used)
    for key in ("sent", "i", "form", "norm", "start", "end", "lang", "pos", "oov"):
        assert cols[key] == ours[key], key
    assert all(text[s:e] == f for s, e, f in zip(cols["start"], cols["end"], cols["form"]))
    assert cols["lemma"][cols["form"].index(word)] == lemma


def test_lemmas_come_from_stanza(annotator):
    # the dictionary model copies a word it never saw; our pipeline lemmatizes it
    cols = annotator.annotate("Колхозники пошли.")
    assert cols["lemma"][0] == "колхозники"
    assert get_annotator("ru").annotate("Колхозники пошли.")["lemma"][0] == "колхозник"


def test_empty_text(annotator):
    cols = annotator.annotate("")
    assert all(cols[k] == [] for k in TOKEN_COLUMNS)


def test_pipeline_version_names_the_model(annotator):
    assert "stanza" in annotator.pipeline_version and "tiny.pt" in annotator.pipeline_version


#: Broken folders and the word the one-line error must contain.
BROKEN = {
    "no_folder": (lambda root: root / "absent", "does not exist"),
    "no_resources": (lambda root: root, "resources.json"),
    "no_lemma": (lambda root: (root / "resources.json").write_text("{}") and root, "lemma"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_missing_pieces_are_named(tmp_path, name):
    make, expected = BROKEN[name]
    with pytest.raises(StanzaModelError, match=expected) as info:
        StanzaAnnotator(model_dir=make(tmp_path))
    assert "\n" not in str(info.value)


def test_no_folder_given(monkeypatch):
    monkeypatch.delenv(STANZA_ENV, raising=False)
    with pytest.raises(StanzaModelError, match=STANZA_ENV):
        StanzaAnnotator()


def test_environment_variable(monkeypatch, model_dir):
    monkeypatch.setenv(STANZA_ENV, str(model_dir))
    assert StanzaAnnotator().annotate("Мы были там.")["lemma"][1] == "быть"


def test_build_with_the_stanza_backend(model_dir, tiny_source, tmp_path):
    import corpus_tools as ct
    from corpus_tools.cli import main

    corpus = ct.build([tiny_source], tmp_path / "st.corpus", backend="stanza", stanza_dir=model_dir)
    assert "stanza" in corpus.meta["software"]["annotate"]
    assert len(corpus.kwic("откочевка")) >= 1
    for doc_id in corpus.documents()["doc_id"]:
        text = corpus.text(doc_id)
        assert all(text[s:e] == f for f, s, e in corpus.tokens(doc_id)[["form", "start", "end"]].itertuples(index=False))
    assert main(["build", str(tiny_source), "-o", str(tmp_path / "cli.corpus"), "--backend", "stanza",
                 "--stanza-dir", str(model_dir), "--silent"]) == 0
    assert main(["build", str(tiny_source), "-o", str(tmp_path / "bad.corpus"), "--backend", "stanza",
                 "--stanza-dir", str(tmp_path / "nowhere"), "--silent"]) == 1


#: Model folders (processor names present) -> the Pipeline options the backend must pass.
OPTIONS = {
    "lemma_only": ({"lemma"}, "tokenize,lemma", {"tokenize_pretokenized", "lemma_pretagged"}),
    "own_tokenizer": ({"tokenize", "lemma"}, "tokenize,lemma", {"tokenize_model_path", "lemma_pretagged"}),
    "full": ({"tokenize", "pos", "pretrain", "lemma"}, "tokenize,pos,lemma",
             {"tokenize_model_path", "pos_model_path", "pos_pretrain_path"}),
    "full_charlm": ({"tokenize", "pos", "pretrain", "lemma", "forward_charlm", "backward_charlm"},
                    "tokenize,pos,lemma",
                    {"pos_forward_charlm_path", "pos_backward_charlm_path", "lemma_forward_charlm_path",
                     "lemma_backward_charlm_path"}),
}


def _fake_folder(root, names):
    (root / "resources.json").write_text("{}")
    for name in names:
        (root / "ru" / name).mkdir(parents=True)
        (root / "ru" / name / "m.pt").write_bytes(b"")
    return root


@pytest.mark.parametrize("name", sorted(OPTIONS))
def test_pipeline_options(tmp_path, name):
    names, processors, keys = OPTIONS[name]
    models = find_models(_fake_folder(tmp_path, names))
    assert set(models) == names
    kw = pipeline_options(models)
    assert kw["processors"] == processors
    assert keys <= set(kw)
    assert ("tokenize_pretokenized" in kw) == ("tokenize" not in names)


def test_one_charlm_is_an_error(tmp_path):
    with pytest.raises(StanzaModelError, match="backward_charlm") as info:
        find_models(_fake_folder(tmp_path, {"lemma", "forward_charlm"}))
    assert "\n" not in str(info.value)


@pytest.fixture(scope="module")
def tokenizer_dir(tmp_path_factory):
    conllu = shared_data("ud", "UD_Russian-GSD", "ru_gsd-ud-dev.conllu")
    root = tmp_path_factory.mktemp("stanza_tok")
    blocks = conllu.read_text(encoding="utf-8").strip().split("\n\n")
    train, dev = root / "train.conllu", root / "dev.conllu"
    train.write_text("\n\n".join(blocks[:300]) + "\n\n", encoding="utf-8")
    dev.write_text("\n\n".join(blocks[300:320]) + "\n\n", encoding="utf-8")
    train_dict_lemmatizer(conllu, root, sentences=300)
    train_tokenizer(train, dev, root, steps=20)
    return root


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_stanza_tokenizer_offsets(tokenizer_dir, name):
    text = TEXTS[name][0]
    ann = StanzaAnnotator(model_dir=tokenizer_dir)
    assert not ann.pretokenized and "tokenize=tiny.pt" in ann.pipeline_version
    cols = ann.annotate(text)
    assert list(cols) == list(TOKEN_COLUMNS) and cols["form"]
    # whatever the (barely trained) tokenizer splits, forms are slices of the original text, in order
    assert all(text[s:e] == f for s, e, f in zip(cols["start"], cols["end"], cols["form"]))
    assert cols["start"] == sorted(cols["start"]) and cols["sent"] == sorted(cols["sent"])
    assert all(len(cols[k]) == len(cols["form"]) for k in TOKEN_COLUMNS)
