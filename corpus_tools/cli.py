"""The ``corpus-tools`` command: each sub-command is a thin wrapper over one library call.

Exit status: 0 success; 1 a failure explained in one ``Error: ...`` line on stderr; 2 a usage error.
``--debug`` (anywhere on the command line) shows tracebacks instead.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Optional

import click
import typer

from .errors import CorpusToolsError
from .query.kwic import DEFAULT_WINDOW

# Newer typer releases ship their own copy of click (``typer._click``): the usage errors and the Exit/Abort
# signals raised while parsing are then not click's classes, so ``main`` catches both families.
try:
    from typer._click.exceptions import UsageError as _TyperUsageError
except ImportError:  # typer built on click itself
    _TyperUsageError = click.exceptions.UsageError
_USAGE_ERRORS = (click.exceptions.UsageError, _TyperUsageError)
_EXITS = (click.exceptions.Exit, typer.Exit)
_ABORTS = (click.exceptions.Abort, typer.Abort)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Search and measure dated Russian and Kazakh documents: build a corpus, then kwic / freq.",
)

FORMAT_HELP = "Output format: table, csv, tsv or json."


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def _check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    if fmt not in allowed:
        raise click.BadParameter(f"{fmt!r} is not one of {', '.join(allowed)}", param_hint="--format")
    return fmt


class _BuildProgress:
    """A rich progress bar on stderr (only on a terminal and without --silent): documents done of the number the
    sources hold (when it can be counted), tokens, tokens/s, elapsed time and the estimated time left."""

    def __init__(self, enabled: bool, total_documents: int | None = None) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.total = total_documents or None
        self.progress = None
        self.task = None
        self.started = time.perf_counter()

    def __enter__(self):
        if self.enabled:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)

            columns = [SpinnerColumn(), TextColumn("{task.description}")]
            if self.total:
                columns += [BarColumn(), MofNCompleteColumn(), TextColumn("documents, ETA"), TimeRemainingColumn()]
            self.progress = Progress(*columns, TimeElapsedColumn(), transient=True, console=None)
            self.progress.start()
            self.task = self.progress.add_task("reading…", total=self.total)
        return self

    def __call__(self, docs: int, tokens: int) -> None:
        if self.progress is not None:
            rate = tokens / max(time.perf_counter() - self.started, 1e-9)
            label = f"{tokens:,} tokens ({rate:,.0f} tok/s)" if self.total else \
                f"{docs} documents, {tokens:,} tokens ({rate:,.0f} tok/s)"
            self.progress.update(self.task, completed=docs, description=label)

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()


def _report_build(corpus, seconds: float) -> int:
    report = corpus.build_report
    for p in report.problems:
        _err(f"{p.level}: {p}")
    rate = report.tokens / seconds if seconds > 0 else 0.0
    _err(f"Built {corpus.path}: {report.documents} documents, {report.tokens:,} tokens in {seconds:.1f} s "
         f"({rate:,.0f} tokens/s); {len(report.problems)} problem(s)"
         + (f", listed in {corpus.path / 'errors.json'}" if report.problems else ""))
    if report.failed:
        _err(f"Error: {report.failed} error(s): some documents or manifest rows could not be built; "
             f"the other documents were (see {corpus.path / 'errors.json'})")
        return 1
    return 0


@app.command()
def build(
    sources: list[Path] = typer.Argument(..., metavar="SOURCE...", help="Folders and files: .txt (+ manifest or YAML front matter), TEI .xml, .jsonl."),
    out: Path = typer.Option(..., "-o", "--out", metavar="DIR", help="Corpus directory to write (replaced atomically)."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", metavar="FILE", help="CSV/TSV/JSON metadata with a column id or file."),
    lang: str = typer.Option("auto", "--lang", metavar="auto|ru|kk", help="Language when metadata does not say: auto, ru or kk."),
    workers: int = typer.Option(1, "--workers", min=1, metavar="N", help="Annotation processes (same output for any number)."),
    append: bool = typer.Option(False, "--append", help="Add documents to the existing corpus instead of replacing it."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="NAME", help="Force a text encoding, e.g. cp1251 or koi8-r."),
    backend: str = typer.Option("pymorphy", "--backend", metavar="pymorphy|stanza", help="Lemma/POS backend for Russian documents."),
    stanza_dir: Optional[Path] = typer.Option(None, "--stanza-dir", metavar="DIR", help="Local stanza model folder (default $STANZA_RESOURCES_DIR); never downloads."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="URL", help="Annotate on a Dask cluster (tcp://HOST:PORT); pip install 'corpus-tools[dask]'. Same corpus as a local build."),
    resume: bool = typer.Option(True, "--resume/--no-resume", help="Reuse the finished parts of a killed build to the same folder (default), or discard them."),
    silent: bool = typer.Option(False, "--silent", help="No progress display."),
) -> None:
    """Build a corpus directory from documents.

    Example: corpus-tools build my_docs/ --manifest my_docs/manifest.csv -o my.corpus
    """
    from .store import build as build_corpus

    started = time.perf_counter()
    total = None
    if not silent and sys.stderr.isatty():
        from .ingest.walk import count_documents

        total = count_documents(sources)
    with _BuildProgress(not silent, total) as progress:
        corpus = build_corpus(sources, out, manifest=manifest, lang=lang, workers=workers, append=append,
                              encoding=encoding, progress=progress, backend=backend, stanza_dir=stanza_dir,
                              scheduler=scheduler, resume=resume)
    code = _report_build(corpus, time.perf_counter() - started)
    if code:
        raise typer.Exit(code)


@app.command()
def info(
    corpus_dir: Path = typer.Argument(..., metavar="DIR", help="A corpus directory."),
    fmt: str = typer.Option("table", "--format", metavar="table|json", help="table or json."),
) -> None:
    """Show a corpus's counts, years, document types, versions and content hash.

    Example: corpus-tools info my.corpus --format json
    """
    from .store import Corpus

    _check_format(fmt, ("table", "json"))
    data = Corpus.open(corpus_dir).info()
    if fmt == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    import pandas as pd

    from .report import write

    rows = [(k, json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v) for k, v in data.items()]
    write(pd.DataFrame(rows, columns=["field", "value"]), "table", right_align=())


def _years(from_: Optional[int], to: Optional[int]):
    return (from_, to) if from_ is not None or to is not None else None


# Options shared by the analysis commands: the same name means the same thing everywhere.
ARG_DIR = typer.Argument(..., metavar="DIR", help="A corpus directory.")
OPT_FROM = typer.Option(None, "--from", metavar="YEAR", help="First year (inclusive).")
OPT_TO = typer.Option(None, "--to", metavar="YEAR", help="Last year (inclusive).")
OPT_WHERE = typer.Option(None, "--where", metavar="FIELD=VALUE",
                         help="Metadata filter FIELD=VALUE (also != and ~regex); repeatable.")
OPT_FORMAT = typer.Option("table", "--format", metavar="FORMAT", help=FORMAT_HELP)
OPT_OUTPUT = typer.Option(None, "-o", "--output", metavar="FILE",
                          help="Write the result to FILE (and its reproducibility record to FILE.record.json).")
OPT_RECORD = typer.Option(None, "--record", metavar="FILE", help="Write the reproducibility record (JSON) to FILE.")
OPT_LIMIT = typer.Option(None, "--limit", min=0, metavar="N", help="At most N rows.")
OPT_BY_ITEM = typer.Option("lemma", "--by", metavar="lemma|word|norm|pos", help="Count lemmas, original words, normalized forms or POS tags.")
OPT_MIN_FREQ = typer.Option(None, "--min-freq", min=1, metavar="N", help="Minimum frequency.")


def _emit(df, fmt: str, *, output: Optional[Path], record: Optional[Path], title: Optional[str] = None,
          table=None) -> None:
    """Print (or write to --output) a result, and write its reproducibility record where asked."""
    from .report import write
    from .report.record import record_path_for, write_record

    _check_format(fmt, ("table", "csv", "tsv", "json"))
    if output is not None:
        if fmt == "table":  # a file gets a machine-readable format, chosen by its extension
            fmt = {".csv": "csv", ".tsv": "tsv", ".json": "json"}.get(output.suffix.lower(), "csv")
        with open(output, "w", encoding="utf-8", newline="") as f:
            write(df, fmt, out=f)
        write_record(df.attrs.get("record", {}), record_path_for(output))
        _err(f"wrote {output} and {record_path_for(output)}")
    elif fmt == "table" and table is not None:
        table(df)
    else:
        write(df, fmt, title=title)
    if record is not None:
        write_record(df.attrs.get("record", {}), record)


@app.command()
def kwic(
    corpus_dir: Path = ARG_DIR,
    query: str = typer.Argument(..., metavar="QUERY", help='Simple query (откочевка, откоч*, "exact form") or CQL ([lemma="кулак"]).'),
    window: int = typer.Option(DEFAULT_WINDOW, "--window", min=0, metavar="N", help="Context tokens on each side."),
    from_: Optional[int] = OPT_FROM,
    to: Optional[int] = OPT_TO,
    where: Optional[list[str]] = OPT_WHERE,
    sort: Optional[str] = typer.Option(None, "--sort", metavar="KEYS", help="Comma-separated keys: node, 1L..3L, 1R..3R, date, doc, position, left, right, match, or a document field; -key reverses. Example: --sort 1L,-date."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, metavar="N", help="At most N lines."),
    sample: Optional[int] = typer.Option(None, "--sample", min=1, metavar="N", help="Random sample of N matches, taken before --sort and --limit."),
    seed: int = typer.Option(0, "--seed", metavar="S", help="Seed of --sample; the same seed gives the same lines."),
    context: str = typer.Option("tokens", "--context", metavar="tokens|sentence", help="Context: --window tokens each side, or the whole sentence."),
    html: Optional[Path] = typer.Option(None, "--html", metavar="FILE", help="Also write the concordance, with its documents, as a self-contained HTML page."),
    fmt: str = OPT_FORMAT,
    output: Optional[Path] = OPT_OUTPUT,
    record: Optional[Path] = OPT_RECORD,
) -> None:
    """Concordance (KWIC) of a query, with context from the original text.

    Example: corpus-tools kwic my.corpus откочевка --from 1928 --to 1933 --window 8
    """
    from .report.output import write_kwic
    from .store import Corpus

    _check_format(fmt, ("table", "csv", "tsv", "json"))
    corpus = Corpus.open(corpus_dir)
    df = corpus.kwic(query, window=window, years=_years(from_, to), where=where, sort=sort, limit=limit,
                     sample=sample, seed=seed, context=context)
    _emit(df, fmt, output=output, record=record,
          table=lambda d: write_kwic(d, title=f"{query}: {len(d)} of {d.attrs['total']} lines"))
    if html is not None:
        from .report.html import kwic_html
        from .report.record import record_path_for, write_record

        documents = [corpus.show(doc_id, highlight=list(zip(g["start"], g["end"])))
                     for doc_id, g in df.groupby("doc_id", sort=False)]
        html.write_text(kwic_html(df, title=f"KWIC: {query}", record=df.attrs.get("record"), documents=documents),
                        encoding="utf-8")
        write_record(df.attrs.get("record", {}), record_path_for(html))
        _err(f"wrote {html}")


@app.command()
def show(
    corpus_dir: Path = ARG_DIR,
    doc_id: str = typer.Argument(..., metavar="DOC_ID", help="The document's id (as in kwic's doc_id column)."),
    query: Optional[str] = typer.Option(None, "--query", metavar="QUERY", help="Highlight the matches of this query."),
    fmt: str = typer.Option("text", "--format", metavar="text|html|json", help="text (terminal), html or json."),
) -> None:
    """Print one document with its metadata, the hits of a query highlighted.

    Example: corpus-tools show my.corpus 1930_balkhash_zapiska --query откочевка
    """
    from .store import Corpus

    if fmt not in ("text", "html", "json"):
        raise click.BadParameter(f"{fmt!r} is not one of text, html, json", param_hint="--format")
    res = Corpus.open(corpus_dir).show(doc_id, query=query)
    if fmt == "json":
        sys.stdout.write(json.dumps(res, ensure_ascii=False, indent=1, default=str) + "\n")
    elif fmt == "html":
        from .report.html import document_html

        sys.stdout.write(document_html(res) + "\n")
    else:
        from .query.show import write_document

        write_document(res)


@app.command()
def freq(
    corpus_dir: Path = ARG_DIR,
    queries: list[str] = typer.Argument(..., metavar="QUERY...", help="One or more queries."),
    by: str = typer.Option("year", "--by", metavar="year|decade|PERIODS|FIELD", help="year, decade, periods like 1925-1928,1929-1933, or a document field."),
    from_: Optional[int] = OPT_FROM,
    to: Optional[int] = OPT_TO,
    where: Optional[list[str]] = OPT_WHERE,
    fmt: str = OPT_FORMAT,
    plot: Optional[Path] = typer.Option(None, "--plot", metavar="FILE", help="Also draw per-million with 95% CI to FILE (.png, .svg)."),
    output: Optional[Path] = OPT_OUTPUT,
    record: Optional[Path] = OPT_RECORD,
) -> None:
    """Frequency per period: hits, words, per million, 95% CI, documents.

    Example: corpus-tools freq my.corpus откочевка бегство --by year --format csv
    """
    from .report import write
    from .report.output import freq_display
    from .store import Corpus

    _check_format(fmt, ("table", "csv", "tsv", "json"))
    df = Corpus.open(corpus_dir).freq(queries, by=by, years=_years(from_, to), where=where)
    _emit(df, fmt, output=output, record=record, table=lambda d: write(freq_display(d), "table",
          title=f"Frequency by {by}: per million words, exact Poisson and document-bootstrap 95% CIs"))
    if df.attrs.get("undated_documents"):
        _err(f"note: {df.attrs['undated_documents']} document(s) without a readable date are not counted")
    if plot is not None:
        from .report.plot import plot_freq
        from .report.record import record_path_for, write_record

        plot_freq(df, plot)
        write_record(df.attrs.get("record", {}), record_path_for(plot))
        _err(f"plot written to {plot}")


@app.command()
def collocates(
    corpus_dir: Path = ARG_DIR,
    query: str = typer.Argument(..., metavar="QUERY", help="The node: simple query or CQL."),
    left: int = typer.Option(5, "--left", min=0, metavar="N", help="Window positions before the match."),
    right: int = typer.Option(5, "--right", min=0, metavar="N", help="Window positions after the match."),
    sentence: bool = typer.Option(False, "--sentence", help="Stop windows at sentence boundaries."),
    by: str = OPT_BY_ITEM,
    min_freq: Optional[int] = OPT_MIN_FREQ,
    sort: str = typer.Option("logdice", "--sort", metavar="MEASURE", help="freq, mi, mi3, t, z, g2, dice, logdice, log_ratio, delta_p or min_sens."),
    per: Optional[str] = typer.Option(None, "--per", metavar="year|decade|PERIODS", help="One collocation table per period (collocates over time)."),
    series: Optional[str] = typer.Option(None, "--series", metavar="COLLOCATE", help="With --per: the time series of one collocate's association (--sort names the measure)."),
    compare: Optional[str] = typer.Option(None, "--compare", metavar="PERIOD_A,PERIOD_B", help="Collocates that appear, vanish or change most between two periods."),
    from_: Optional[int] = OPT_FROM,
    to: Optional[int] = OPT_TO,
    where: Optional[list[str]] = OPT_WHERE,
    limit: Optional[int] = OPT_LIMIT,
    fmt: str = OPT_FORMAT,
    output: Optional[Path] = OPT_OUTPUT,
    record: Optional[Path] = OPT_RECORD,
) -> None:
    """Collocates of a query with MI, MI3, t, z, G², Dice, logDice, Log Ratio, ΔP, min. sensitivity.

    Example: corpus-tools collocates my.corpus откочевка --left 5 --right 5 --min-freq 2 --format json
    """
    from .store import Corpus

    _check_format(fmt, ("table", "csv", "tsv", "json"))
    corpus = Corpus.open(corpus_dir)
    common = dict(left=left, right=right, sentence=sentence, by=by)
    if min_freq is not None:
        common["min_freq"] = min_freq
    years = _years(from_, to)
    if compare:
        parts = [p for p in compare.split(",") if p.strip()]
        if len(parts) != 2:
            raise click.BadParameter("give two periods, e.g. 1925-1928,1929-1933", param_hint="--compare")
        df = corpus.collocate_changes(query, parts[0], parts[1], measure=sort if sort != "freq" else "logdice",
                                      where=where, **common)
    elif series:
        df = corpus.association_series(query, series, measure=sort if sort != "freq" else "logdice",
                                       per=per or "year", years=years, where=where, **common)
    elif per:
        df = corpus.collocates_by_period(query, per=per, years=years, where=where, sort=sort, limit=limit, **common)
    else:
        df = corpus.collocates(query, years=years, where=where, sort=sort, limit=limit, **common)
    if limit is not None and (compare or series):
        df = df.head(limit)
    _emit(df, fmt, output=output, record=record, title=f"Collocates of {query}")


@app.command()
def keywords(
    corpus_dir: Path = ARG_DIR,
    target: str = typer.Option(..., "--target", metavar="SPEC", help="Target subcorpus: a period (1930-1933), FIELD=VALUE, or both joined by ';'."),
    reference: Optional[str] = typer.Option(None, "--reference", metavar="SPEC", help="Reference subcorpus (default: all years outside a target period)."),
    by: str = OPT_BY_ITEM,
    min_freq: int = typer.Option(3, "--min-freq", min=1, metavar="N", help="Minimum frequency in target + reference."),
    sidak: bool = typer.Option(False, "--sidak", help="Šidák-correct the significance threshold."),
    smoothing: float = typer.Option(1.0, "--smoothing", metavar="K", help="Simple maths constant k."),
    direction: str = typer.Option("both", "--direction", metavar="both|positive|negative", help="Which keywords to keep."),
    sort: str = typer.Option("g2", "--sort", metavar="g2|log_ratio|simple_maths|pct_diff", help="Ranking measure."),
    limit: Optional[int] = OPT_LIMIT,
    fmt: str = OPT_FORMAT,
    output: Optional[Path] = OPT_OUTPUT,
    record: Optional[Path] = OPT_RECORD,
) -> None:
    """Keywords of a target subcorpus against a reference: G², Log Ratio with CI, simple maths, %DIFF.

    Example: corpus-tools keywords my.corpus --target 1929-1933 --reference 1917-1927 --limit 30
    """
    from .store import Corpus

    _check_format(fmt, ("table", "csv", "tsv", "json"))
    df = Corpus.open(corpus_dir).keywords(target=target, reference=reference, by=by, min_freq=min_freq, sidak=sidak,
                                          smoothing=smoothing, direction=direction, sort=sort, limit=limit)
    _emit(df, fmt, output=output, record=record,
          title=f"Keywords of {df.attrs['target']} against {df.attrs['reference']}")


def _wordlist(corpus_dir, n, by, from_, to, where, min_freq, limit, punct, fmt, output, record):
    from .store import Corpus

    _check_format(fmt, ("table", "csv", "tsv", "json"))
    df = Corpus.open(corpus_dir).wordlist(by=by, n=n, years=_years(from_, to), where=where, min_freq=min_freq or 1,
                                          limit=limit, include_punct=punct)
    _emit(df, fmt, output=output, record=record,
          title=f"{'n-grams (n=' + str(n) + ')' if n > 1 else 'Frequency list'} by {by}: "
                f"{df.attrs['tokens']:,} words in {df.attrs['documents']} documents")


@app.command()
def wordlist(
    corpus_dir: Path = ARG_DIR,
    by: str = OPT_BY_ITEM,
    from_: Optional[int] = OPT_FROM,
    to: Optional[int] = OPT_TO,
    where: Optional[list[str]] = OPT_WHERE,
    min_freq: Optional[int] = OPT_MIN_FREQ,
    limit: Optional[int] = OPT_LIMIT,
    punct: bool = typer.Option(False, "--punct", help="Count punctuation too."),
    fmt: str = OPT_FORMAT,
    output: Optional[Path] = OPT_OUTPUT,
    record: Optional[Path] = OPT_RECORD,
) -> None:
    """Frequency list: freq, per million, document frequency, range (years).

    Example: corpus-tools wordlist my.corpus --by lemma --from 1929 --to 1933 --limit 50
    """
    _wordlist(corpus_dir, 1, by, from_, to, where, min_freq, limit, punct, fmt, output, record)


@app.command()
def ngrams(
    corpus_dir: Path = ARG_DIR,
    n: int = typer.Option(2, "--n", min=1, max=6, metavar="N", help="n-gram length."),
    by: str = OPT_BY_ITEM,
    from_: Optional[int] = OPT_FROM,
    to: Optional[int] = OPT_TO,
    where: Optional[list[str]] = OPT_WHERE,
    min_freq: Optional[int] = OPT_MIN_FREQ,
    limit: Optional[int] = OPT_LIMIT,
    punct: bool = typer.Option(False, "--punct", help="Allow punctuation inside n-grams."),
    fmt: str = OPT_FORMAT,
    output: Optional[Path] = OPT_OUTPUT,
    record: Optional[Path] = OPT_RECORD,
) -> None:
    """n-grams within sentences: freq, per million, document frequency, range (years).

    Example: corpus-tools ngrams my.corpus --n 2 --by lemma --min-freq 3 --limit 50
    """
    _wordlist(corpus_dir, n, by, from_, to, where, min_freq, limit, punct, fmt, output, record)


@app.command()
def track(
    corpus_dir: Path = ARG_DIR,
    target: str = typer.Argument(..., metavar="QUERY|term:ID", help="A lexicon concept (term:otkochevka) or a query."),
    periods: str = typer.Option(..., "--periods", metavar="PERIODS", help="At least two periods, e.g. 1912-1928,1929-1933."),
    lexicon: Optional[list[Path]] = typer.Option(None, "--lexicon", metavar="FILE", help="Your own lexicon file or folder (beside the shipped ones); repeatable."),
    lang: str = typer.Option("ru", "--lang", metavar="ru|kk|all", help="Track usages in this language only (contexts of two languages are not comparable)."),
    html: Optional[Path] = typer.Option(None, "--html", metavar="FILE", help="Write the self-contained HTML report (plots, tables, examples)."),
    json_out: Optional[Path] = typer.Option(None, "--json", metavar="FILE", help="Write the full result as JSON."),
    permutations: int = typer.Option(500, "--permutations", min=0, metavar="N", help="Permutations of the period labels for the p-value."),
    bootstrap: int = typer.Option(200, "--bootstrap", min=0, metavar="N", help="Bootstrap resamples for the CI of each shift score."),
    seed: int = typer.Option(0, "--seed", metavar="S", help="Random seed (clusters, permutations, bootstrap)."),
    type_level: bool = typer.Option(True, "--type-level/--no-type-level", help="Also compare per-period spaces aligned by Procrustes."),
    substitutes: bool = typer.Option(True, "--substitutes/--no-substitutes", help="Also list words that come to share the target's contexts."),
    fmt: str = typer.Option("table", "--format", metavar="table|json", help="table or json."),
    record: Optional[Path] = OPT_RECORD,
) -> None:
    """Meaning shift of a term between periods: frequency, usage-level shift with permutation p-values, sense
    clusters with examples, type-level change, substitutes.

    Example: corpus-tools track my.corpus term:otkochevka --periods 1912-1928,1929-1933 --html otkochevka.html
    """
    from .report import write
    from .report.record import make_record, record_path_for, write_record
    from .store import Corpus
    from .terms.track import track as track_term

    _check_format(fmt, ("table", "json"))
    corpus = Corpus.open(corpus_dir)
    lex = None
    if lexicon:
        from .terms.lexicon import load_lexicons

        lex = load_lexicons(lexicon)
    result = track_term(corpus, target, periods=periods, lexicon=lex, lang=None if lang == "all" else lang,
                        n_permutations=permutations,
                        n_bootstrap=bootstrap, type_level=type_level, substitutes=substitutes, seed=seed)
    rec = make_record("track", {"target": target, "periods": periods, "lang": lang,
                                "lexicon": [str(p) for p in lexicon or []],
                                "permutations": permutations, "bootstrap": bootstrap, "seed": seed,
                                "type_level": type_level, "substitutes": substitutes}, corpus)
    if fmt == "json":
        sys.stdout.write(result.to_json() + "\n")
    else:
        for note in result.notes:
            _err(f"note: {note}")
        write(result.frequency, "table", title=f"{target}: frequency per period")
        shift_cols = [c for c in ("earlier", "later", "n_earlier", "n_later", "change", "ci_low", "ci_high",
                                  "p_value", "freq_ratio", "type_cosine_distance") if c in result.shift.columns]
        write(result.shift[shift_cols], "table",
              title="Shift between periods: change (0 = same usage), its bootstrap CI and permutation p-value")
        if len(result.cluster_shares):
            shares = result.cluster_shares.pivot(index="cluster", columns="period", values="share")
            labels = result.clusters.set_index("cluster")["label"] if len(result.clusters) else {}
            shares.insert(0, "label", [labels.get(c, "") for c in shares.index])
            write(shares.reset_index(), "table", title="Sense clusters: share of usages per period")
    if html is not None:
        from .report.track_html import track_html

        html.write_text(track_html(result, record=rec), encoding="utf-8")
        write_record(rec, record_path_for(html))
        _err(f"wrote {html}")
    if json_out is not None:
        json_out.write_text(result.to_json() + "\n", encoding="utf-8")
        write_record(rec, record_path_for(json_out))
        _err(f"wrote {json_out}")
    if record is not None:
        write_record(rec, record)


code_app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                       help="Euphemism coding: export KWIC lines to code by hand, import them, report coded shares.\n\n"
                            "Example: corpus-tools code export my.corpus term:otkochevka coding.csv --sample 200")
app.add_typer(code_app, name="code")


@code_app.command("export")
def code_export(
    corpus_dir: Path = ARG_DIR,
    target: str = typer.Argument(..., metavar="QUERY|term:ID", help="What to code."),
    out: Path = typer.Argument(..., metavar="OUT.csv", help="CSV to write (with an empty code column)."),
    periods: Optional[str] = typer.Option(None, "--periods", metavar="PERIODS", help="Only these periods."),
    sample: Optional[int] = typer.Option(None, "--sample", min=1, metavar="N", help="A reproducible random sample of N lines."),
    seed: int = typer.Option(0, "--seed", metavar="S", help="Seed of --sample."),
    lexicon: Optional[list[Path]] = typer.Option(None, "--lexicon", metavar="FILE", help="Your own lexicon file; repeatable."),
) -> None:
    """Write KWIC lines of a term to CSV for manual coding (fill the code column, then `code shares`).

    Example: corpus-tools code export my.corpus term:otkochevka otkochevka_coding.csv --sample 200 --seed 1
    """
    from .store import Corpus
    from .terms.coding import export_for_coding

    lex = None
    if lexicon:
        from .terms.lexicon import load_lexicons

        lex = load_lexicons(lexicon)
    df = export_for_coding(Corpus.open(corpus_dir), target, out, periods=periods, sample=sample, seed=seed,
                           lexicon=lex)
    _err(f"wrote {len(df)} lines to {out}; fill its 'code' column, then: corpus-tools code shares {out}")


@code_app.command("import")
def code_import(
    coded: Path = typer.Argument(..., metavar="FILE.csv", help="A coded CSV written by `code export`."),
    fmt: str = OPT_FORMAT,
) -> None:
    """Check a coded CSV and print its lines (errors name the row and column).

    Example: corpus-tools code import otkochevka_coding.csv --format csv
    """
    from .report import write
    from .terms.coding import import_coded

    _check_format(fmt, ("table", "csv", "tsv", "json"))
    df = import_coded(coded)
    write(df, fmt, title=f"{coded}: {len(df)} lines, {df.attrs.get('uncoded', 0)} without a code")


@code_app.command("shares")
def code_shares(
    coded: Path = typer.Argument(..., metavar="FILE.csv", help="A coded CSV written by `code export`."),
    by: str = typer.Option("year", "--by", metavar="year|decade|PERIODS", help="Time grouping."),
    fmt: str = OPT_FORMAT,
    output: Optional[Path] = OPT_OUTPUT,
) -> None:
    """Share of each code per period with 95% Wilson intervals.

    Example: corpus-tools code shares otkochevka_coding.csv --by 1912-1928,1929-1933
    """
    from .report import write
    from .terms.coding import coded_shares, import_coded

    _check_format(fmt, ("table", "csv", "tsv", "json"))
    df = coded_shares(import_coded(coded), by=by)
    if output is not None:
        with open(output, "w", encoding="utf-8", newline="") as f:
            write(df, "json" if output.suffix == ".json" else "csv", out=f)
        _err(f"wrote {output}")
    else:
        write(df, fmt, title=f"Coded shares by {by} (95% Wilson intervals)")


@app.command()
def serve(
    corpus_dir: Path = ARG_DIR,
    port: int = typer.Option(8765, "--port", metavar="N", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", metavar="H", help="Address to listen on. The default is reachable only from this computer; any other address lets every computer that can reach this one read the corpus (a warning is printed)."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Do not open the page in the browser."),
) -> None:
    """Open a local web page: search (KWIC), read documents, chart queries over time, look at lexicon terms,
    export CSV with reproducibility records. Stop with Ctrl+C. Needs: pip install 'corpus-tools[web]'.

    Example: corpus-tools serve demo.corpus --port 8800
    """
    from .web import serve as serve_corpus

    serve_corpus(corpus_dir, host=host, port=port, open_browser=not no_browser)


@app.command()
def export(
    corpus_dir: Path = ARG_DIR,
    fmt: str = typer.Option("vrt", "--format", metavar="vrt|conllu", help="vrt (CWB, NoSketch Engine, CQPweb) or conllu."),
    out: Path = typer.Option(..., "-o", "--out", metavar="FILE", help="File to write."),
) -> None:
    """Export a corpus to VRT or CoNLL-U, streaming (bounded memory).

    Example: corpus-tools export demo.corpus --format vrt -o demo.vrt
    """
    from .export import export as export_corpus
    from .store import Corpus

    n = export_corpus(Corpus.open(corpus_dir), out, format=fmt)
    _err(f"{n['documents']} documents, {n['sentences']} sentences, {n['tokens']} tokens -> {out}")


@app.command()
def index(corpus_dir: Path = ARG_DIR) -> None:
    """Add (or rewrite) the derived lemma index, document locator and document table of a corpus built by an
    older version: queries on it get faster.

    Example: corpus-tools index my.corpus
    """
    from .store.index import build_index

    n = build_index(corpus_dir)
    _err(f"indexed {n} token part(s) into {corpus_dir}/index/ (index.parquet, locator.parquet, doc_meta.parquet)")


@app.command()
def demo(
    out: Path = typer.Option(Path("demo.corpus"), "--out", metavar="DIR", help="Where to build the demo corpus."),
    silent: bool = typer.Option(False, "--silent", help="No progress display."),
) -> None:
    """Build the bundled (constructed) demo corpus and report on «откочевка» over time.

    Example: corpus-tools demo --out /tmp/demo.corpus
    """
    from .report.demo import run_demo

    with _BuildProgress(not silent) as progress:
        run_demo(out, progress=progress)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``corpus-tools`` console script; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    try:
        result = app(args=args, prog_name="corpus-tools", standalone_mode=False)
        return int(result or 0)
    except _EXITS as exc:
        return exc.exit_code
    except _ABORTS:
        _err("Aborted.")
        return 1
    except _USAGE_ERRORS as exc:
        exc.show()
        return 2
    except CorpusToolsError as exc:
        if debug:
            raise
        _err(f"Error: {exc}")
        return 1
    except KeyboardInterrupt:
        _err("Interrupted; an unfinished build leaves the previous corpus as it was.")
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort: one line, traceback with --debug
        if debug:
            raise
        _err(f"Error: unexpected {type(exc).__name__}: {exc} (rerun with --debug for the traceback)")
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
