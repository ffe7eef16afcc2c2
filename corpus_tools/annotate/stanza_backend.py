"""Optional annotation backend running a stanza Pipeline from a local model folder (issue 6, item 5).

``StanzaAnnotator(model_dir=...).annotate(text)`` returns the same columns as
:meth:`corpus_tools.annotate.Annotator.annotate` (:data:`corpus_tools.annotate.TOKEN_COLUMNS`), with offsets into
the original text through :func:`corpus_tools.normalize.normalize_text`. Nothing is ever downloaded
(``download_method=None``); the folder has stanza's usual layout::

    DIR/resources.json                 (written by stanza.download; any JSON object will do)
    DIR/ru/lemma/<package>.pt          required
    DIR/ru/tokenize/<package>.pt       optional: without it our tokenizer and sentence splitter are used
                                       (stanza gets pre-tokenized sentences)
    DIR/ru/pos/<package>.pt            optional: without it the lemmatizer sees no UPOS; ``pos``/``feats``
    DIR/ru/pretrain/<package>.pt       (needed by the POS model)          then come from our pipeline
    DIR/ru/forward_charlm/<package>.pt optional pair: character language models, for a tagger/lemmatizer
    DIR/ru/backward_charlm/<package>.pt  trained with them (stanza's downloaded Russian models are)

``scripts/train_stanza_bench.py`` trains such a folder (tokenizer, tagger, seq2seq lemmatizer) offline from UD dev
files; :func:`train_dict_lemmatizer` and :func:`train_tokenizer` make small ones for the tests.

``DIR`` is the ``model_dir`` option or the ``STANZA_RESOURCES_DIR`` environment variable. The lemma is folded as
in our pipeline (lower case, ё → е); ``norm`` and ``oov`` (pymorphy3's dictionary does not know the word) are
computed as in our pipeline, so queries behave the same with either backend.

stanza is an optional extra (``pip install .[stanza]``; its torch dependency is large).

References
----------
Qi, P., Zhang, Y., Zhang, Y., Bolton, J., & Manning, C. D. (2020). Stanza: A Python natural language processing
toolkit for many human languages. ACL: System Demonstrations, 101-108.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any


from ..errors import CorpusToolsError
from ..normalize import normalize_text

__all__ = ["STANZA_ENV", "StanzaModelError", "StanzaAnnotator", "find_models", "pipeline_options",
           "train_dict_lemmatizer", "train_tokenizer"]

#: Environment variable naming the model folder when no ``model_dir`` is given (stanza's own name).
STANZA_ENV = "STANZA_RESOURCES_DIR"
_PROCESSORS = ("tokenize", "pos", "pretrain", "lemma", "forward_charlm", "backward_charlm")
_CHARLMS = ("forward_charlm", "backward_charlm")


class StanzaModelError(CorpusToolsError):
    """stanza is not installed, or the local model folder lacks something the backend needs."""


def _require_stanza() -> Any:
    try:
        import stanza
    except ImportError as exc:
        raise StanzaModelError(
            "The stanza backend needs the stanza package: pip install 'corpus_tools[stanza]' "
            "(install a CPU build of torch first to avoid a multi-GB download)."
        ) from exc
    return stanza


def _model_file(folder: Path) -> Path | None:
    files = sorted(folder.glob("*.pt")) if folder.is_dir() else []
    return files[0] if files else None


def find_models(model_dir: str | os.PathLike | None = None, *, lang: str = "ru") -> dict[str, Path]:
    """Model files of ``lang`` in the local stanza folder: processor name -> ``.pt`` path.

    Raises :class:`StanzaModelError` naming what is missing: the folder, ``resources.json`` or the lemma model.
    """
    if model_dir is None:
        model_dir = os.environ.get(STANZA_ENV) or None
    if model_dir is None:
        raise StanzaModelError(
            f"The stanza backend needs a local model folder: pass stanza_dir=DIR (CLI --stanza-dir DIR) or set "
            f"{STANZA_ENV}; models are never downloaded."
        )
    root = Path(model_dir)
    if not root.is_dir():
        raise StanzaModelError(f"stanza model folder {root} does not exist: point stanza_dir/{STANZA_ENV} at it.")
    if not (root / "resources.json").is_file():
        raise StanzaModelError(f"{root / 'resources.json'} is missing: copy it with the models (stanza.download "
                               f"writes it) or create it with the content {{}}.")
    found = {name: f for name in _PROCESSORS if (f := _model_file(root / lang / name)) is not None}
    if "lemma" not in found:
        raise StanzaModelError(f"No lemma model in {root / lang / 'lemma'}: put a stanza lemmatizer (*.pt) there.")
    if "pos" in found and "pretrain" not in found:
        raise StanzaModelError(f"The POS model needs word vectors: put the pretrain file (*.pt) in "
                               f"{root / lang / 'pretrain'}.")
    if sum(name in found for name in _CHARLMS) == 1:
        raise StanzaModelError(f"Only one character language model in {root / lang}: put both forward_charlm "
                               f"and backward_charlm (*.pt) there, or neither.")
    return found


def pipeline_options(models: dict[str, Path], *, batch_size: int = 5000) -> dict[str, Any]:
    """Keyword arguments for ``stanza.Pipeline`` running the models of :func:`find_models`.

    ``processors`` is ``tokenize[,pos],lemma``; without a tokenizer model stanza takes pre-tokenized sentences
    (``tokenize_pretokenized``), without a POS model the lemmatizer runs without UPOS (``lemma_pretagged``).
    Character language models, when present, are given to the tagger and the lemmatizer (their own files do
    not contain them).
    """
    kw: dict[str, Any] = {"lemma_model_path": str(models["lemma"]), "lemma_batch_size": batch_size}
    processors = ["tokenize"]
    if "tokenize" in models:
        kw["tokenize_model_path"] = str(models["tokenize"])
    else:
        kw["tokenize_pretokenized"] = True
    if "pos" in models:
        processors.append("pos")
        kw.update(pos_model_path=str(models["pos"]), pos_pretrain_path=str(models["pretrain"]),
                  pos_batch_size=batch_size)
    else:
        kw["lemma_pretagged"] = True
    processors.append("lemma")
    for name in _CHARLMS:
        if name in models:
            for proc in processors[1:]:
                kw[f"{proc}_{name}_path"] = str(models[name])
    kw["processors"] = ",".join(processors)
    return kw


class StanzaAnnotator:
    """Annotate texts with a stanza Pipeline loaded from a local folder (see the module docstring).

    Parameters
    ----------
    model_dir : str or path, optional
        The stanza model folder; default ``$STANZA_RESOURCES_DIR``.
    lang : str, default "ru"
    batch_size : int, default 5000
        Words per batch for stanza's POS tagger and lemmatizer.

    Notes
    -----
    The folder is checked at creation (:func:`find_models`); the stanza Pipeline itself loads on first use.
    """

    def __init__(self, *, model_dir: str | os.PathLike | None = None, lang: str = "ru",
                 batch_size: int = 5000) -> None:
        _require_stanza()
        self.lang = lang
        self.models = find_models(model_dir, lang=lang)
        self.model_dir = Path(model_dir or os.environ[STANZA_ENV])
        self.batch_size = batch_size
        self._nlp: Any = None
        self._ours: Any = None

    @property
    def pipeline_version(self) -> str:
        """``stanza-<version>:<model file names and sizes>`` (stored in corpus.json)."""
        import stanza

        files = ",".join(f"{k}={p.name}:{p.stat().st_size}" for k, p in sorted(self.models.items()))
        return f"{self.lang}-stanza-{stanza.__version__}:{files}"

    @property
    def pretokenized(self) -> bool:
        """True when the folder has no tokenizer model (our tokenizer and sentences are used)."""
        return "tokenize" not in self.models

    def _pipeline(self) -> Any:
        if self._nlp is None:
            stanza = _require_stanza()
            kw = pipeline_options(self.models, batch_size=self.batch_size)
            self._nlp = stanza.Pipeline(
                self.lang, dir=str(self.model_dir), download_method=None,
                use_gpu=False, logging_level="ERROR", allow_unknown_language=True, **kw,
            )
        return self._nlp

    def _our_pipeline(self) -> Any:
        if self._ours is None:
            from . import get_annotator

            self._ours = get_annotator(self.lang)._get_pipeline()
        return self._ours

    def annotate(self, text: str) -> dict[str, list]:
        """Columns of :data:`corpus_tools.annotate.TOKEN_COLUMNS` for one document's original ``text``."""
        from . import _to_original
        from .ru.conventions import fold

        if not isinstance(text, str):
            raise TypeError(f"StanzaAnnotator.annotate expects the text of one document (str), got "
                            f"{type(text).__name__}")
        nt = normalize_text(text)
        prereform = bool(getattr(nt, "prereform", False))
        ours = self._our_pipeline()
        nlp = self._pipeline()
        if self.pretokenized:
            mine = ours.annotate_normalized(nt.text, prereform=prereform)
            toks, sents = mine["tok"], mine["sent"]
            nstarts, nends = mine["start"], mine["end"]
            groups: list[list[str]] = []
            for tok, s in zip(toks, sents):
                if s >= len(groups):
                    groups.append([])
                groups[-1].append(tok)
            doc = _quiet(nlp, groups) if groups else None
            words = [w for sent in doc.sentences for w in sent.words] if doc is not None else []
        else:
            mine = None
            doc = _quiet(nlp, nt.text)
            words, toks, sents, nstarts, nends = [], [], [], [], []
            for si, sent in enumerate(doc.sentences):
                for token in sent.tokens:
                    for w in token.words:
                        words.append(w)
                        toks.append(w.text)
                        sents.append(si)
                        nstarts.append(token.start_char)
                        nends.append(token.end_char)
        if len(words) != len(toks):
            raise StanzaModelError(f"The stanza model split tokens into {len(words)} words for {len(toks)} tokens "
                                   f"(multi-word tokens are not supported); use a model without MWT.")
        lemmas = [fold(w.lemma if w.lemma is not None else w.text) for w in words]
        if mine is not None and "pos" not in self.models:
            cols = {k: mine[k] for k in ("norm", "pos", "feats", "oov")}
        else:
            cols = ours.analyze_tokens(toks, sents, prereform=prereform)
            cols["pos"] = [w.upos or "X" for w in words]
            cols["feats"] = [w.feats or "" for w in words]
        cols["lemma"] = lemmas
        cols["sent"] = list(sents)
        cols["lang"] = [self.lang] * len(toks)
        cols["start"], cols["end"] = list(nstarts), list(nends)
        return _to_original(text, nt, cols)          # offsets back to the original text, as our annotator does


def _quiet(nlp: Any, data: Any) -> Any:
    """``nlp(data)`` with stanza's logger at WARNING (its data loader logs every batch at DEBUG)."""
    import logging

    log = logging.getLogger("stanza")
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        return nlp(data)
    finally:
        log.setLevel(level)


def train_dict_lemmatizer(conllu: str | os.PathLike, model_dir: str | os.PathLike, *, lang: str = "ru",
                          sentences: int = 300, package: str = "tiny") -> Path:
    """Train stanza's dictionary-only lemmatizer (``--dict_only``) on the first ``sentences`` of ``conllu``.

    Writes ``model_dir/<lang>/lemma/<package>.pt`` and an empty ``model_dir/resources.json`` if there is none,
    i.e. a folder :class:`StanzaAnnotator` can load. Takes a few seconds; used by the tests and the benchmark.
    The model only looks words up (word+UPOS, then word) in what it saw and copies unknown words unchanged.
    """
    _require_stanza()
    import io
    import json
    import logging
    import tempfile
    from contextlib import redirect_stdout

    from stanza.models import lemmatizer

    blocks = Path(conllu).read_text(encoding="utf-8").strip().split("\n\n")
    root = Path(model_dir)
    out_dir = root / lang / "lemma"
    out_dir.mkdir(parents=True, exist_ok=True)
    if not (root / "resources.json").exists():
        (root / "resources.json").write_text(json.dumps({}), encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        train = Path(tmp) / "train.conllu"
        dev = Path(tmp) / "dev.conllu"
        train.write_text("\n\n".join(blocks[:sentences]) + "\n\n", encoding="utf-8")
        dev.write_text("\n\n".join(blocks[sentences:sentences + 20] or blocks[:20]) + "\n\n", encoding="utf-8")
        log = logging.getLogger("stanza")
        level = log.level
        log.setLevel(logging.WARNING)
        try:
            with redirect_stdout(io.StringIO()):
                lemmatizer.main(["--train_file", str(train), "--eval_file", str(dev),
                             "--output_file", str(Path(tmp) / "pred.conllu"), "--shorthand", f"{lang}_{package}",
                             "--mode", "train", "--dict_only", "--save_dir", str(out_dir),
                             "--save_name", f"{package}.pt"])
        finally:
            log.setLevel(level)
    return out_dir / f"{package}.pt"


def train_tokenizer(train_conllu: str | os.PathLike, dev_conllu: str | os.PathLike, model_dir: str | os.PathLike,
                    *, lang: str = "ru", package: str = "tiny", steps: int = 200, verbose: bool = False) -> Path:
    """Train stanza's neural tokenizer and sentence splitter (its default architecture) for ``steps`` steps.

    The raw text and character labels are made from the CoNLL-U files as stanza's own data preparation does
    (``conllu_to_text``, ``prepare_tokenizer_dataset_labels``). Writes ``model_dir/<lang>/tokenize/<package>.pt``
    and an empty ``resources.json`` if there is none. A few seconds for 20 steps (a loading-path test model);
    ``scripts/train_stanza_bench.py`` trains the benchmark's tokenizer with it.
    """
    _require_stanza()
    import io
    import json
    import logging
    import tempfile
    from contextlib import nullcontext, redirect_stdout

    from stanza.models import tokenizer
    from stanza.utils.avg_sent_len import avg_sent_len
    from stanza.utils.datasets import common, conllu_to_text

    root = Path(model_dir)
    save = root / lang / "tokenize" / f"{package}.pt"
    save.parent.mkdir(parents=True, exist_ok=True)
    if not (root / "resources.json").exists():
        (root / "resources.json").write_text(json.dumps({}), encoding="utf-8")
    short = f"{lang}_{package}"
    log = logging.getLogger("stanza")
    level = log.level
    if not verbose:
        log.setLevel(logging.WARNING)
    try:
        with tempfile.TemporaryDirectory() as tmp, (nullcontext() if verbose else redirect_stdout(io.StringIO())):
            work = Path(tmp)
            for shard, conllu in (("train", train_conllu), ("dev", dev_conllu)):
                gold = work / f"{short}.{shard}.gold.conllu"
                gold.write_text(Path(conllu).read_text(encoding="utf-8"), encoding="utf-8")
                conllu_to_text.main([str(gold), str(work / f"{short}.{shard}.txt")])
                common.prepare_tokenizer_dataset_labels(str(work / f"{short}.{shard}.txt"), str(gold), str(work),
                                                        short, shard)
            labels = work / f"{short}-ud-train.toklabels"
            seqlen = -(-int(avg_sent_len(str(labels)) * 3) // 100) * 100     # as stanza's run_tokenizer does
            tokenizer.main([
                "--label_file", str(labels), "--txt_file", str(work / f"{short}.train.txt"), "--lang", lang,
                "--max_seqlen", str(max(seqlen, 100)), "--mwt_json_file", str(work / f"{short}-ud-dev-mwt.json"),
                "--dev_txt_file", str(work / f"{short}.dev.txt"),
                "--dev_label_file", str(work / f"{short}-ud-dev.toklabels"),
                "--dev_conll_gold", str(work / f"{short}.dev.gold.conllu"),
                "--conll_file", str(work / "pred.conllu"), "--shorthand", short, "--mode", "train",
                "--steps", str(steps), "--eval_steps", str(min(steps, max(100, steps // 5))),
                "--save_dir", str(save.parent), "--save_name", save.name,
            ])
    finally:
        log.setLevel(level)
    return save
