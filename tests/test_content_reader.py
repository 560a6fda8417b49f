"""``read_content`` reads a 1,000-event corpus (benchmarks/corpus.py) the same every way it can:
in one process, in forked workers, from what a last build kept (``KeptEvents``), and as a live
preview does (a cache of parsed files and a memo of their summaries), clean and with errors
of every rule across files (generator/content/cross_file.py)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

from generator import runtime
from generator.content import parallel_read
from generator.content.errors import ContentInvalid
from generator.content.load import event_files
from generator.content.parallel_read import KeptEvents
from generator.content.reader import check_content, read_content

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of 1,000 synthetic events, written once for this module; tests copy what they edit."""
    module = sys.modules.get("bench_corpus")
    if module is None:
        spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "benchmarks" / "corpus.py")
        module = sys.modules["bench_corpus"] = importlib.util.module_from_spec(spec)  # dataclasses look it up
        spec.loader.exec_module(module)
    folder = tmp_path_factory.mktemp("corpus") / "project"
    module.generate(folder, 1000, vocabulary="small")
    return folder


def _break_every_rule(project: Path) -> None:
    """Errors of each rule across files, and of single files, in a copy of the corpus."""
    content = project / "content"
    files = [Path(path) for path in event_files(content)]  # in the order they are read

    def add(index: int, text: str, first: bool = False) -> None:
        old = files[index].read_text(encoding="utf-8")
        files[index].write_text(text + old if first else old + text, encoding="utf-8")

    add(5, f"id: {files[6].stem}\n", first=True)  # a duplicate id
    add(10, "id: twice\n", first=True)
    add(11, "id: twice\n", first=True)
    add(12, f"id: {files[3].stem}\n" + 'end_date: "1900-01-01"\n', first=True)  # a duplicate's own error is not told
    add(20, "related:\n  - no-such-event\n")
    add(30, f"related:\n  - {files[30].stem}\n")
    add(40, f"aliases:\n  - {files[41].stem}\n")
    add(42, "aliases:\n  - shared\n")
    add(43, "aliases:\n  - shared\n")
    add(50, 'end_date: "1900-01-01"\n')
    add(60, "colour: red\n")
    files[70].write_text("- a list\n", encoding="utf-8")
    files[80].write_text("title: [unclosed\n", encoding="utf-8")
    actors = (content / "actors.yaml").read_text(encoding="utf-8")
    (content / "actors").mkdir()
    (content / "actors" / f"{actors.split(':', 1)[0]}.yaml").write_text('name: "Twice"\nkind: "group"\n')
    places = (content / "places.yaml").read_text(encoding="utf-8")
    one, two = re.findall(r"^([a-z0-9-]+):$", places, flags=re.M)[:2]
    places = places.replace(f"{one}:\n", f"{one}:\n  within: {two}\n", 1).replace(f"{two}:\n", f"{two}:\n  within: {one}\n", 1)
    (content / "places.yaml").write_text(places, encoding="utf-8")


def _every_way(project: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """What each way of reading gives: the content, or the sorted errors."""

    def read(**ways):
        try:
            return read_content(project / "content", project, **ways)
        except ContentInvalid as exc:
            return exc.errors

    found = {"serial": read(), "check, serial": check_content(project / "content", project)}
    parsed, memo = {}, {}
    found["preview, first"] = read(cache=parsed, memo=memo)
    found["preview, again"] = read(cache=parsed, memo=memo)
    monkeypatch.setattr(parallel_read, "PARALLEL_FROM", 1)
    monkeypatch.setattr(runtime.os, "cpu_count", lambda: 2)
    found["parallel"] = read()
    found["kept, cold"] = read(kept=KeptEvents(cache_dir))
    found["kept, warm"] = read(kept=KeptEvents(cache_dir))
    found["check, parallel"] = check_content(project / "content", project)
    found["check, kept"] = check_content(project / "content", project, KeptEvents(cache_dir))
    return found


def test_a_clean_corpus_reads_the_same_every_way(corpus, tmp_path, monkeypatch):
    found = _every_way(corpus, tmp_path / "cache", monkeypatch)
    content = found["serial"]
    assert len(content.events) == 1000
    assert all(found[way] == content for way in found if not way.startswith("check")), found.keys()
    check = found["check, serial"]
    assert all(found[way] == check for way in found if way.startswith("check"))
    assert (check.errors, check.events, check.actors, check.places) == ([], 1000, len(content.actors), len(content.places))


def test_a_corpus_with_errors_reports_the_same_every_way(corpus, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(corpus, project)
    _break_every_rule(project)
    found = _every_way(project, tmp_path / "cache", monkeypatch)
    errors = found["serial"]
    assert all(found[way] == errors for way in found if not way.startswith("check")), found.keys()
    assert all(found[way].errors == errors for way in found if way.startswith("check"))
    messages = [error.message for error in errors]
    for expected in ("is already used by", "event id 'twice' is already used by", "no event has the id 'no-such-event'",
                     "lists itself in related", "is the id of another event", "is also an alias of event",
                     "is before date", "unknown field 'colour'", "expected a mapping of fields", "YAML syntax error",
                     "is defined twice", "makes a loop"):
        assert any(expected in message for message in messages), expected
    assert sum("is before date" in message for message in messages) == 1  # the duplicate's is not told
