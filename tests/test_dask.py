"""Distributed build on a real Dask cluster (a scheduler and two workers on 127.0.0.1, started as
subprocesses): the same corpus, byte for byte in content, as a one-process build."""
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools.errors import CorpusToolsError

pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dask_cmd() -> list[str]:
    """The ``dask`` command of this Python environment (the fixture skips when it is missing)."""
    return [str(Path(sys.executable).with_name("dask"))]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """``tcp://127.0.0.1:PORT`` of a scheduler with two single-threaded workers; torn down afterwards."""
    if not Path(sys.executable).with_name("dask").exists():
        pytest.skip("the dask command is not installed (pip install 'dask[distributed]')")
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    logs = tmp_path_factory.mktemp("dask")
    dask = _dask_cmd()
    procs = []
    try:
        procs.append(subprocess.Popen(
            dask + ["scheduler", "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"],
            cwd=logs, env=env, stdout=subprocess.DEVNULL, stderr=open(logs / "scheduler.log", "w")))
        for k in range(2):
            procs.append(subprocess.Popen(
                dask + ["worker", address, "--nthreads", "1", "--nworkers", "1", "--no-nanny",
                        "--dashboard-address", ":0", "--local-directory", str(logs / f"w{k}")],
                cwd=logs, env=env, stdout=subprocess.DEVNULL, stderr=open(logs / f"worker{k}.log", "w")))
        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout="2s") as client:
                    client.wait_for_workers(2, timeout=max(1, deadline - time.monotonic()))
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail("the Dask cluster did not start: " + (logs / "scheduler.log").read_text()[-500:])
                time.sleep(0.5)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def _tokens(corpus) -> pd.DataFrame:
    return corpus.con.execute("SELECT * FROM tokens ORDER BY doc_id, i").df()


def test_dask_build_equals_one_process_build(cluster, demo_corpus, tmp_path):
    from corpus_tools.report.demo import demo_source

    got = ct.build([demo_source()], tmp_path / "dask.corpus", scheduler=cluster)
    assert got.content_hash == demo_corpus.content_hash
    assert got.info()["tokens"] == demo_corpus.info()["tokens"]
    pd.testing.assert_frame_equal(_tokens(got), _tokens(demo_corpus))
    a = got.documents(with_text=True).drop(columns=["file"])
    b = demo_corpus.documents(with_text=True).drop(columns=["file"])
    pd.testing.assert_frame_equal(a, b)
    assert got.has_index


def test_dask_build_reports_annotation_problems_like_one_process(cluster, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Откочевка аулов.", encoding="utf-8")
    (src / "manifest.csv").write_text("id,date,language\na,1930,xx\n", encoding="utf-8")
    one = None
    try:
        one = ct.build([src], tmp_path / "one.corpus")
    except CorpusToolsError as exc:
        with pytest.raises(type(exc)):
            ct.build([src], tmp_path / "dask.corpus", scheduler=cluster)
        return
    got = ct.build([src], tmp_path / "dask.corpus", scheduler=cluster)
    assert got.content_hash == one.content_hash
    assert [p.message for p in got.build_report.problems] == [p.message for p in one.build_report.problems]


def test_unreachable_scheduler_is_one_line(tmp_path):
    from corpus_tools.report.demo import demo_source

    port = _free_port()
    with pytest.raises(CorpusToolsError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:\d+"):
        ct.build([demo_source()], tmp_path / "x.corpus", scheduler=f"tcp://127.0.0.1:{port}")
    assert not (tmp_path / "x.corpus").exists()


