"""Actors and places one file per record (content/actors/<id>.yaml, content/places/<id>.yaml) beside the
single files (actors.yaml, places.yaml): `timeline check` and `timeline build` read both forms alike, report
the same errors at file:line:col, and refuse an id defined twice, naming both places."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from generator.content.reader import check_content


def _add(project: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = project / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _event_at(project: Path, place: str, actors: list[str]) -> None:
    _add(project, {"events/2015/at-the-clinic.yaml": (
        "date: 2015-10-01\ntitle: Clinic closed\nsummary: The clinic closed its doors.\n"
        f"place: {place}\nactors: [{', '.join(actors)}]\nsources:\n  - source: wire\n"
        "casualties:\n  - party: gamma\n    killed: {min: 2, max: 4}\n    source: wire\n")})


def test_records_in_their_own_files_are_read_like_the_single_files(small_project, run_cli, build, tmp_path):
    _add(small_project, {
        "actors/gamma.yaml": "name: Gamma Front\nkind: group\naliases: [The Front]\n",
        "places/clinic.yaml": "name: Clinic\nwithin: town\nlat: 36.71\nlon: 68.81\n",
    })
    _event_at(small_project, "clinic", ["alpha", "gamma"])

    result = run_cli(["check", str(small_project / "content")], cwd=small_project)
    assert result.code == 0, result.out + result.err
    checked = check_content(small_project / "content", small_project)
    assert (checked.actors, checked.places) == (3, 2)  # alpha, beta (actors.yaml) + gamma; town + clinic

    site = tmp_path / "site"
    assert build(small_project, site) == 0
    event = BeautifulSoup((site / "events" / "at-the-clinic" / "index.html").read_text(encoding="utf-8"), "lxml")
    links = {a["href"].rstrip("/").rsplit("/", 1)[-1]: a.get_text(" ", strip=True) for a in event.select("main a[href]")}
    assert links.get("clinic") == "Clinic" and links.get("gamma") == "Gamma Front", links
    place = BeautifulSoup((site / "places" / "clinic" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert place.h1 and "Clinic" in place.h1.get_text()
    assert "Clinic closed" in place.get_text()
    actor = BeautifulSoup((site / "actors" / "gamma" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert "Gamma Front" in actor.h1.get_text() and "Clinic closed" in actor.get_text()


def test_an_id_defined_in_both_forms_is_refused_naming_both(small_project, run_cli):
    _add(small_project, {"actors/alpha.yaml": "name: Alpha again\n",
                         "places/town.yaml": "name: Town again\n"})
    result = run_cli(["check", str(small_project / "content")], cwd=small_project)
    assert result.code != 0
    output = result.out + result.err
    assert ("content/actors/alpha.yaml:1:1: actor id 'alpha' is defined twice: in content/actors.yaml:1 and in "
            "content/actors/alpha.yaml") in output, output
    assert ("content/places/town.yaml:1:1: place id 'town' is defined twice: in content/places.yaml:1 and in "
            "content/places/town.yaml") in output, output


def test_a_record_file_gets_the_same_errors_at_its_own_lines(small_project, run_cli):
    _add(small_project, {
        "actors/gamma.yaml": "name: Gamma\nkind: militia\n",
        "places/clinic.yaml": "name: Clinic\nlat: 123\nwithin: twon\n",
        "places/Bad_Name.yaml": "name: Bad\n",
        "places/stray.yml": "name: Stray\n",
    })
    # the same mistakes in the single file, for comparison
    (small_project / "content" / "actors.yaml").write_text(
        (small_project / "content" / "actors.yaml").read_text(encoding="utf-8") + "delta:\n  name: Delta\n  kind: militia\n",
        encoding="utf-8")
    result = run_cli(["check", str(small_project / "content")], cwd=small_project)
    assert result.code != 0
    lines = (result.out + result.err).splitlines()
    kind_errors = [line for line in lines if "militia" in line]
    assert [line.split(":")[0:3] for line in kind_errors] == [
        ["content/actors.yaml", "9", "9"], ["content/actors/gamma.yaml", "2", "7"]], kind_errors
    assert kind_errors[0].split(":", 3)[3] == kind_errors[1].split(":", 3)[3], "the same message in both forms"
    assert any(line.startswith("content/places/clinic.yaml:2:6:") and "90" in line for line in lines), lines
    assert any(line.startswith("content/places/clinic.yaml:3:9:") and "did you mean 'town'" in line for line in lines), lines
    assert any(line.startswith("content/places/Bad_Name.yaml:1:1: file name:") for line in lines), lines
    assert any(line.startswith("content/places/stray.yml:1:1:") and "'.yaml'" in line for line in lines), lines


def test_a_within_loop_across_the_two_forms_is_reported_once(small_project, run_cli):
    (small_project / "content" / "places.yaml").write_text(
        "town:\n  name: Town\n  within: clinic\n", encoding="utf-8")
    _add(small_project, {"places/clinic.yaml": "name: Clinic\nwithin: town\n"})
    result = run_cli(["check", str(small_project / "content")], cwd=small_project)
    loops = [line for line in (result.out + result.err).splitlines() if "makes a loop" in line]
    assert loops == ["content/places/clinic.yaml:2:9: 'within: town' makes a loop: clinic → town → clinic"], loops
