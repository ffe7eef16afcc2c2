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
    """A rich progress line on stderr (only on a terminal and without --silent)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.progress = None
        self.task = None
        self.started = time.perf_counter()

    def __enter__(self):
        if self.enabled:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                     transient=True, console=None)
            self.progress.start()
            self.task = self.progress.add_task("reading…", total=None)
        return self

    def __call__(self, docs: int, tokens: int) -> None:
        if self.progress is not None:
            rate = tokens / max(time.perf_counter() - self.started, 1e-9)
            self.progress.update(self.task, description=f"{docs} documents, {tokens:,} tokens ({rate:,.0f} tok/s)")

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
        _err(f"Error: {report.failed} document(s) could not be built; the others were (see errors.json)")
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
    silent: bool = typer.Option(False, "--silent", help="No progress display."),
) -> None:
    """Build a corpus directory from documents.

    Example: corpus-tools build my_docs/ --manifest my_docs/manifest.csv -o my.corpus
    """
    from .store import build as build_corpus

    started = time.perf_counter()
    with _BuildProgress(not silent) as progress:
        corpus = build_corpus(sources, out, manifest=manifest, lang=lang, workers=workers, append=append,
                              encoding=encoding, progress=progress)
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


@app.command()
def kwic(
    corpus_dir: Path = typer.Argument(..., metavar="DIR", help="A corpus directory."),
    query: str = typer.Argument(..., metavar="QUERY", help='Simple query (откочевка, откоч*, "exact form") or CQL ([lemma="кулак"]).'),
    window: int = typer.Option(DEFAULT_WINDOW, "--window", min=0, metavar="N", help="Context tokens on each side."),
    from_: Optional[int] = typer.Option(None, "--from", metavar="YEAR", help="First year (inclusive)."),
    to: Optional[int] = typer.Option(None, "--to", metavar="YEAR", help="Last year (inclusive)."),
    where: Optional[list[str]] = typer.Option(None, "--where", metavar="FIELD=VALUE", help="Metadata filter FIELD=VALUE (also != and ~regex); repeatable."),
    sort: Optional[str] = typer.Option(None, "--sort", metavar="KEYS", help="Comma-separated keys: date, doc, position, left, right, match; -key reverses."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, metavar="N", help="At most N lines."),
    fmt: str = typer.Option("table", "--format", metavar="FORMAT", help=FORMAT_HELP),
) -> None:
    """Concordance (KWIC) of a query, with context from the original text.

    Example: corpus-tools kwic my.corpus откочевка --from 1928 --to 1933 --window 8
    """
    from .report import write
    from .store import Corpus

    _check_format(fmt, ("table", "csv", "tsv", "json"))
    df = Corpus.open(corpus_dir).kwic(query, window=window, years=_years(from_, to), where=where, sort=sort,
                                      limit=limit)
    if fmt == "table":
        from .report.output import write_kwic

        write_kwic(df, title=f"{query}: {len(df)} of {df.attrs['total']} lines")
    else:
        write(df, fmt)


@app.command()
def freq(
    corpus_dir: Path = typer.Argument(..., metavar="DIR", help="A corpus directory."),
    queries: list[str] = typer.Argument(..., metavar="QUERY...", help="One or more queries."),
    by: str = typer.Option("year", "--by", metavar="year|decade|PERIODS|FIELD", help="year, decade, periods like 1925-1928,1929-1933, or a document field."),
    from_: Optional[int] = typer.Option(None, "--from", metavar="YEAR", help="First year (inclusive)."),
    to: Optional[int] = typer.Option(None, "--to", metavar="YEAR", help="Last year (inclusive)."),
    where: Optional[list[str]] = typer.Option(None, "--where", metavar="FIELD=VALUE", help="Metadata filter FIELD=VALUE; repeatable."),
    fmt: str = typer.Option("table", "--format", metavar="FORMAT", help=FORMAT_HELP),
    plot: Optional[Path] = typer.Option(None, "--plot", metavar="FILE", help="Also draw per-million with 95% CI to FILE (.png, .svg)."),
) -> None:
    """Frequency per period: hits, words, per million, 95% CI, documents.

    Example: corpus-tools freq my.corpus откочевка бегство --by year --format csv
    """
    from .report import write
    from .store import Corpus

    _check_format(fmt, ("table", "csv", "tsv", "json"))
    df = Corpus.open(corpus_dir).freq(queries, by=by, years=_years(from_, to), where=where)
    write(df, fmt, title=f"Frequency by {by} (per million words, exact Poisson 95% CI)")
    if df.attrs.get("undated_documents"):
        _err(f"note: {df.attrs['undated_documents']} document(s) without a readable date are not counted")
    if plot is not None:
        from .report.plot import plot_freq

        plot_freq(df, plot)
        _err(f"plot written to {plot}")


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
