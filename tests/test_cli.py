"""The ``corpus-tools`` command: the CLI twin of test_build.py and test_kwic_freq.py.

Commands run in-process through ``main([...])`` (fast; output captured with capsys); one test runs the real
``python -m corpus_tools`` entry point in a subprocess. Each test checks the exit status and the text the user
sees. Counts refer to the tiny corpus of conftest.TINY_DOCS.
"""
from __future__ import annotations

import configparser
import csv
import importlib.util
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TINY_DOCS, TINY_WORDS
from corpus_tools.cli import app, main
from corpus_tools.errors import PeriodError, QueryError

ROOT = Path(__file__).resolve().parents[1]

KWIC_KEYS = {"doc_id", "date", "left", "match", "right", "lemma", "start", "end"}
FREQ_COLUMNS = ["query", "period", "hits", "tokens", "per_million", "ci_low", "ci_high", "docs"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run(capsys, *args) -> tuple[int, str, str]:
    """Run the command in-process; return (exit status, stdout, stderr)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    """The single ``Error: ...`` line a failure prints, asserting there is nothing else on stderr."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: ")
    return lines[0]


@pytest.fixture(scope="module")
def tiny_dir(tiny_corpus) -> str:
    return str(tiny_corpus.path)


# ---------------------------------------------------------------------------------------------- build / info
def test_build_reports_summary_and_warning(tiny_source, tmp_path, capsys):
    out_dir = tmp_path / "cli.corpus"
    code, out, err = run(capsys, "build", tiny_source, "-o", out_dir)
    assert code == 0
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 2, err
    warning, summary = lines
    assert warning.startswith("warning: d_undated.txt: ")
    assert "cannot read the date 'весной'" in warning
    assert re.fullmatch(
        rf"Built {re.escape(str(out_dir))}: 4 documents, 35 tokens in [\d.]+ s \([\d,]+ tokens/s\); "
        rf"1 problem\(s\), listed in {re.escape(str(out_dir / 'errors.json'))}", summary), summary
    assert (out_dir / "corpus.json").is_file()


def test_build_same_content_hash_as_library(tiny_source, tiny_corpus, tmp_path, capsys):
    assert run(capsys, "build", tiny_source, "-o", tmp_path / "c", "--workers", "2", "--silent")[0] == 0
    code, out, _ = run(capsys, "info", tmp_path / "c", "--format", "json")
    assert code == 0 and json.loads(out)["content_hash"] == tiny_corpus.content_hash


def test_info_json(tiny_dir, tiny_corpus, capsys):
    code, out, err = run(capsys, "info", tiny_dir, "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["documents"] == len(TINY_DOCS) == 4
    assert data["content_hash"] == tiny_corpus.content_hash
    assert data["words"] == sum(TINY_WORDS.values())
    assert data["years"] == [1913, 1931]


def test_info_table(tiny_dir, tiny_corpus, capsys):
    code, out, err = run(capsys, "info", tiny_dir)
    assert code == 0 and err == ""
    assert re.search(r"│ documents\s+│ 4\s+│", out)
    assert tiny_corpus.content_hash in out


# ------------------------------------------------------------------------------------------------------ kwic
def test_kwic_json_fields_and_offsets(tiny_dir, tiny_corpus, capsys):
    code, out, err = run(capsys, "kwic", tiny_dir, "откочевка", "--from", "1928", "--to", "1933",
                         "--window", "8", "--format", "json")
    assert code == 0 and err == ""
    hits = json.loads(out)
    assert isinstance(hits, list)
    assert [h["doc_id"] for h in hits] == ["b1930", "b1930", "c1931"]
    for h in hits:
        assert KWIC_KEYS <= set(h)
        assert TINY_DOCS[h["doc_id"]][2][h["start"]:h["end"]] == h["match"]
        assert h["lemma"] == "откочевка"
    assert hits[0]["date"] == "15.03.1930"
    assert hits[0]["left"] == "Под влиянием байско-кулацкой агитации началась"
    assert hits[0]["right"] == "в Китай. Откочевка хозяйств продолжается."
    # the library twin gives the same lines
    lib = tiny_corpus.kwic("откочевка", window=8, years=(1928, 1933))
    assert [(h["start"], h["match"]) for h in hits] == list(zip(lib["start"], lib["match"]))


@pytest.mark.parametrize("fmt, sep", [("csv", ","), ("tsv", "\t")])
def test_kwic_csv_and_tsv(tiny_dir, capsys, fmt, sep):
    code, out, err = run(capsys, "kwic", tiny_dir, "откочевка", "--format", fmt)
    assert code == 0 and err == ""
    assert out.splitlines()[0].startswith(sep.join(["doc_id", "date", "year", "left", "match", "right"]))
    rows = list(csv.DictReader(io.StringIO(out), delimiter=sep))
    assert len(rows) == 5
    assert KWIC_KEYS <= set(rows[0])
    assert [r["match"] for r in rows] == ["откочевка", "откочевка", "Откочевка", "откочёвку", "Откочевка"]
    for r in rows:
        assert TINY_DOCS[r["doc_id"]][2][int(r["start"]):int(r["end"])] == r["match"]


def test_kwic_table(tiny_dir, capsys):
    code, out, err = run(capsys, "kwic", tiny_dir, "откочевка")
    assert code == 0 and err == ""
    assert "откочевка: 5 of 5 lines" in out
    assert re.search(r"c1931\s+1931-05\s+.*агитируют за\s+откочёвку\s+\.", out)


def test_kwic_where(tiny_dir, capsys):
    code, out, _ = run(capsys, "kwic", tiny_dir, "откочевка", "--where", "doc_type=report", "--format", "json")
    assert code == 0
    assert {h["doc_id"] for h in json.loads(out)} == {"c1931", "d_undated"}


def test_kwic_where_repeated(tiny_dir, capsys):
    code, out, _ = run(capsys, "kwic", tiny_dir, "откочевка", "--where", "doc_type=report",
                       "--where", "region~Семипалат", "--from", "1931", "--format", "json")
    assert code == 0
    assert [h["doc_id"] for h in json.loads(out)] == ["c1931"]


def test_kwic_sort_and_limit(tiny_dir, capsys):
    code, out, _ = run(capsys, "kwic", tiny_dir, "откочевка", "--sort", "-date", "--limit", "1", "--format", "json")
    assert code == 0
    hits = json.loads(out)
    assert len(hits) == 1 and hits[0]["doc_id"] == "c1931" and hits[0]["match"] == "откочёвку"


# ------------------------------------------------------------------------------------------------------ freq
def test_freq_by_year_csv(tiny_dir, capsys):
    code, out, err = run(capsys, "freq", tiny_dir, "откочевка", "бегство", "--by", "year", "--format", "csv")
    assert code == 0
    assert err == "note: 1 document(s) without a readable date are not counted\n"
    assert out.splitlines()[0].split(",")[:len(FREQ_COLUMNS)] == FREQ_COLUMNS
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 * len(range(1913, 1932))  # two queries, every year 1913-1931
    row = next(r for r in rows if r["query"] == "откочевка" and r["period"] == "1930")
    assert (row["hits"], row["tokens"], row["docs"]) == ("2", str(TINY_WORDS["b1930"]), "1")
    assert float(row["per_million"]) == pytest.approx(2 / 11 * 1e6)


def test_freq_by_year_json(tiny_dir, tiny_corpus, capsys):
    code, out, _ = run(capsys, "freq", tiny_dir, "откочевка", "бегство", "--by", "year", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 2 * 19
    for r in rows:
        assert set(FREQ_COLUMNS) <= set(r)
        assert isinstance(r["period"], int)
    by_key = {(r["query"], r["period"]): r for r in rows}
    assert by_key["откочевка", 1913]["hits"] == 1 and by_key["откочевка", 1913]["tokens"] == 9
    assert by_key["откочевка", 1920]["tokens"] == 0 and by_key["откочевка", 1920]["per_million"] is None
    assert by_key["бегство", 1931]["hits"] == 0 and by_key["бегство", 1931]["ci_low"] == 0.0
    c = by_key["откочевка", 1931]
    assert c["ci_low"] < c["per_million"] < c["ci_high"]
    # the library twin gives the same numbers
    lib = tiny_corpus.freq(["откочевка", "бегство"], by="year")
    assert [r["hits"] for r in rows] == list(lib["hits"])


def test_freq_by_periods_gives_string_labels(tiny_dir, capsys):
    code, out, _ = run(capsys, "freq", tiny_dir, "откочевка", "--by", "1910-1928,1929-1933", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["period"], r["hits"], r["tokens"]) for r in rows] == [
        ("1910-1928", 1, TINY_WORDS["a1913"]), ("1929-1933", 3, TINY_WORDS["b1930"] + TINY_WORDS["c1931"])]


def test_freq_table(tiny_dir, capsys):
    code, out, _ = run(capsys, "freq", tiny_dir, "откочевка", "--by", "decade")
    assert code == 0
    assert "Frequency by decade" in out
    assert re.search(r"│ откочевка\s+│ 1930-1939\s+│\s+3 │\s+17 │", out)


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_freq_plot(tiny_dir, tmp_path, capsys, suffix):
    target = tmp_path / f"out{suffix}"
    code, out, err = run(capsys, "freq", tiny_dir, "откочевка", "бегство", "--format", "csv", "--plot", target)
    assert code == 0
    assert out.startswith("query,period,")
    assert err.splitlines()[-1] == f"plot written to {target}"
    data = target.read_bytes()
    if suffix == ".png":
        assert data.startswith(PNG_SIGNATURE)
    else:
        assert b"<svg" in data[:1000]


# ------------------------------------------------------------------------------------------------------ demo
def test_demo(tmp_path, capsys):
    target = tmp_path / "demo.corpus"
    code, out, err = run(capsys, "demo", "--out", target, "--silent")
    assert code == 0, err
    assert "CONSTRUCTED" in out
    assert "откоч" in out
    assert (target / "corpus.json").is_file()
    code, info, _ = run(capsys, "info", target, "--format", "json")
    assert code == 0 and json.loads(info)["documents"] > 0


# ---------------------------------------------------------------------------------- errors: one line, exit 1
def test_error_not_a_corpus(tmp_path, capsys):
    code, out, err = run(capsys, "kwic", tmp_path, "откочевка")
    assert code == 1 and out == ""
    assert one_error_line(err) == (
        f"Error: {tmp_path} is not a corpus (no corpus.json); build one with: corpus-tools build SOURCE -o {tmp_path}")
    code, _, err = run(capsys, "info", tmp_path / "missing")
    assert code == 1 and "is not a corpus" in one_error_line(err)


def test_error_bad_cql_names_the_position(tiny_dir, capsys):
    code, out, err = run(capsys, "kwic", tiny_dir, '[lemma="кулак"] [pos=]')
    assert code == 1 and out == ""
    assert one_error_line(err) == (
        """Error: expected a quoted value, e.g. "кулак" (at character 22 of '[lemma="кулак"] [pos=]')""")


def test_error_unknown_where_field(tiny_dir, capsys):
    code, out, err = run(capsys, "kwic", tiny_dir, "откочевка", "--where", "nosuch=1")
    assert code == 1 and out == ""
    assert one_error_line(err).startswith("Error: unknown document field 'nosuch'; fields of this corpus: doc_id, ")


def test_error_period_ends_before_it_starts(tiny_dir, capsys):
    code, out, err = run(capsys, "freq", tiny_dir, "откочевка", "--by", "1930-1920")
    assert code == 1 and out == ""
    assert one_error_line(err) == "Error: period '1930-1920' ends before it starts"


def test_build_with_an_empty_file_builds_the_rest_and_exits_1(tmp_path, capsys):
    src = tmp_path / "half"
    src.mkdir()
    (src / "good.txt").write_text("Откочевка аулов на джайляу.", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    target = tmp_path / "half.corpus"
    code, out, err = run(capsys, "build", src, "-o", target)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines[0] == "error: empty.txt: empty file (0 bytes); remove it or put the document's text in it"
    assert lines[1].startswith(f"Built {target}: 1 documents, ")
    assert [line for line in lines if line.startswith("Error:")] == [
        f"Error: 1 error(s): some documents or manifest rows could not be built; the other documents were "
        f"(see {target.absolute() / 'errors.json'})"]
    saved = json.loads((target / "errors.json").read_text(encoding="utf-8"))
    assert [(p["file"], p["level"]) for p in saved["problems"]] == [("empty.txt", "error")]
    code, kw, _ = run(capsys, "kwic", target, "откочевка", "--format", "json")
    assert code == 0 and [h["doc_id"] for h in json.loads(kw)] == ["good"]


def test_build_refuses_a_folder_that_is_not_a_corpus(tiny_source, tmp_path, capsys):
    target = tmp_path / "precious"
    target.mkdir()
    (target / "thesis.docx").write_text("x")
    code, out, err = run(capsys, "build", tiny_source, "-o", target)
    assert code == 1 and out == ""
    assert one_error_line(err) == (
        f"Error: {target} exists and is not a corpus; choose another output folder or remove it first")
    assert (target / "thesis.docx").read_text() == "x"


# ----------------------------------------------------------------------------------------- usage errors: 2
@pytest.mark.parametrize("args, message", [
    (["kwic", "{dir}", "откочевка", "--nosuch"], "Error: No such option: --nosuch"),
    (["kwic", "{dir}"], "Error: Missing argument 'QUERY'."),
    (["kwic", "{dir}", "откочевка", "--format", "xml"],
     "Error: Invalid value for --format: 'xml' is not one of table, csv, tsv, json"),
    (["info", "{dir}", "--format", "xml"], "Error: Invalid value for --format: 'xml' is not one of table, json"),
    (["kwic", "{dir}", "откочевка", "--window", "-1"], "Error: Invalid value for '--window'"),
    (["freq", "{dir}"], "Error: Missing argument 'QUERY...'."),
    (["nosuch"], "Error: No such command 'nosuch'."),
])
def test_usage_errors_exit_2(tiny_dir, capsys, args, message):
    code, out, err = run(capsys, *[a.format(dir=tiny_dir) for a in args])
    assert code == 2, err
    assert out == ""
    assert err.strip().splitlines()[-1].startswith(message), err


def test_no_arguments_shows_help_and_exits_2(capsys):
    code, out, err = run(capsys)
    assert code == 2
    assert "Usage: corpus-tools" in out + err and "kwic" in out + err


# --------------------------------------------------------------------------------------------------- --debug
@pytest.mark.parametrize("where", ["after", "before"])
def test_debug_reraises(tiny_dir, capsys, where):
    args = ["kwic", tiny_dir, "[lemma=", "--format", "json"]
    args = args + ["--debug"] if where == "after" else ["--debug"] + args
    with pytest.raises(QueryError, match="at character"):
        main(args)
    with pytest.raises(PeriodError):
        main(["freq", tiny_dir, "откочевка", "--debug", "--by", "1930-1920"])


# ------------------------------------------------------------------------------------------ help and docs
def _command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)


def test_the_commands_of_the_cli_contract_exist():
    assert {"build", "info", "kwic", "freq", "demo"} <= set(_command_names())


@pytest.mark.parametrize("name", _command_names())
def test_every_command_has_help_with_an_example(capsys, name):
    code, out, err = run(capsys, name, "--help")
    assert code == 0 and err == ""
    assert out.startswith(f"Usage: corpus-tools {name} ")
    assert "Example: corpus-tools " + name in out


def test_top_level_help(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for name in _command_names():
        assert re.search(rf"^  {name}\s", out, re.M), name


def _gen_cli_docs():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_up_to_date():
    gen = _gen_cli_docs()
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == gen.render(), (
        f"docs/cli.md does not match the CLI help texts; regenerate it with: {gen.REGENERATE}")


@pytest.mark.parametrize("name", _command_names())
def test_every_command_is_documented_with_its_python_twin(name):
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = text.split(f"## `corpus-tools {name}`\n", 1)
    assert len(section) == 2, f"docs/cli.md has no section for {name}"
    assert section[1].lstrip().startswith("Python twin: [`")


def test_every_package_is_listed_in_setup_cfg():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    listed = set(cfg["options"]["packages"].split())
    found = {
        ".".join(d.relative_to(ROOT).parts)
        for d in [ROOT / "corpus_tools", *(ROOT / "corpus_tools").rglob("*")]
        if d.is_dir() and d.name != "__pycache__" and any(d.glob("*.py"))
    }
    assert "corpus_tools.annotate.ru" in found
    missing = sorted(found - listed)
    assert not missing, f"add to 'packages =' in setup.cfg (else they are left out of the wheel): {missing}"


# ------------------------------------------------------------------------------------ the real entry point
def test_python_m_corpus_tools(tiny_dir):
    proc = subprocess.run([sys.executable, "-m", "corpus_tools", "kwic", tiny_dir, "откочевка", "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    hits = json.loads(proc.stdout)
    assert len(hits) == 5 and KWIC_KEYS <= set(hits[0])



# ---------------------------------------------------------------- build progress: documents of total, ETA (issue 7)

def test_count_documents_counts_files_and_jsonl_lines(tmp_path):
    from corpus_tools.ingest.walk import count_documents

    (tmp_path / "a.txt").write_text("Колхоз.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.xml").write_text("<TEI/>", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "а"}\n\n{"text": "б"}\n{"text": "в"}', encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("id\n", encoding="utf-8")
    assert count_documents([tmp_path]) == 5
    assert count_documents([tmp_path / "c.jsonl", tmp_path / "a.txt"]) == 4
    assert count_documents([tmp_path / "missing"]) is None


def test_build_progress_shows_documents_of_total():
    from corpus_tools.cli import _BuildProgress

    bar = _BuildProgress(True, 10)
    bar.enabled = True                     # pytest's stderr is not a terminal
    with bar:
        bar(3, 3000)
        task = bar.progress.tasks[0]
        assert (task.completed, task.total) == (3, 10)
        assert "3,000 tokens" in task.description and "tok/s" in task.description
        assert any(type(c).__name__ == "TimeRemainingColumn" for c in bar.progress.columns)
    unknown = _BuildProgress(True, None)
    unknown.enabled = True
    with unknown:
        unknown(2, 50)
        assert unknown.progress.tasks[0].total is None
        assert "2 documents" in unknown.progress.tasks[0].description
