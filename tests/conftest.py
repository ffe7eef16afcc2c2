"""Shared fixtures: a tiny named document set whose counts can be checked by eye, built once per session."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"

#: doc id -> (date as written, doc_type, text). Word counts (punctuation excluded) are in the comments.
TINY_DOCS = {
    # 9 words
    "a1913": ("1913", "imperial_report", "Весенняя откочевка аулов на джайляу началась рано. Скот здоров."),
    # 11 words
    "b1930": ("15.03.1930", "ogpu_summary",
              "Под влиянием байско-кулацкой агитации началась откочевка в Китай.\n\nОткочевка хозяйств продолжается."),
    # 6 words
    "c1931": ("1931-05", "report", "Продовольственные затруднения. Кулаки агитируют за откочёвку."),
    # 2 words, unreadable date
    "d_undated": ("весной", "report", "Откочевка аула."),
}
TINY_WORDS = {"a1913": 9, "b1930": 11, "c1931": 6, "d_undated": 2}


def write_tiny_source(folder: Path) -> Path:
    """Write the tiny documents as .txt files plus manifest.csv; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "date", "doc_type", "region", "archive_ref", "fond"])
        for doc_id, (date, doc_type, _) in TINY_DOCS.items():
            w.writerow([doc_id, date, doc_type, "Семипалатинский округ" if doc_id != "a1913" else "Тургайская область",
                        f"ДЕМО Ф.1 Д.{doc_id}", "5"])
    for doc_id, (_, _, text) in TINY_DOCS.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def tiny_source(tmp_path_factory) -> Path:
    return write_tiny_source(tmp_path_factory.mktemp("tiny") / "docs")


@pytest.fixture(scope="session")
def tiny_corpus(tiny_source, tmp_path_factory):
    import corpus_tools as ct

    return ct.build([tiny_source], tmp_path_factory.mktemp("tinyc") / "tiny.corpus")


@pytest.fixture(scope="session")
def demo_corpus(tmp_path_factory):
    from corpus_tools.report.demo import demo_source

    import corpus_tools as ct

    return ct.build([demo_source()], tmp_path_factory.mktemp("democ") / "demo.corpus")


def shared_data(*parts: str) -> Path:
    """Path under ../shared/data, or skip the test when it is absent."""
    p = SHARED_DATA.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not available")
    return p
