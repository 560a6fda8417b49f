"""``timeline diff``: record-level, field-level changes between real git revisions."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from generator.editorial.diff import revisions as diff_module
from generator.cli.editorial import add_commands
from generator.editorial.diff import DiffError, EventChange, FieldChange, diff_revisions, format_markdown, format_text
from gitrepo import Repo



@pytest.fixture(autouse=True)
def _isolated_git(tmp_path, monkeypatch):
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "home" / "gitconfig"))


FALLS = """\
# yaml-language-server: $schema=../../event.schema.json
date: "2015-09-28"
title: Taliban seize Kunduz
summary: |
  Taliban fighters took most of the city
  in a dawn assault.
place: kunduz
actors: [taliban]
tags: [offensive]
status: reported
sources:
  - source: wire
"""

PRISON = """\
date: "2015-09-28"
title: Prison break
summary: Inmates were freed.
sources:
  - source: wire
"""

HOSPITAL = """\
date: "2015-10-03"
title: Hospital hit
summary: An airstrike hit the hospital.
sources:
  - source: wire
"""

ACTORS = """\
taliban:
  name: Taliban
  kind: group
afghan-police:
  name: Afghan police
  kind: government
"""


@pytest.fixture
def repo(tmp_path) -> Repo:
    r = Repo(tmp_path / "site", tmp_path / "home")
    r.write("content/sources/wire.yaml", "title: Wire report\n")
    r.write("content/actors.yaml", ACTORS)
    r.write("content/places.yaml", "kunduz:\n  name: Kunduz\n")
    r.write("content/events/2015/taliban-seize-kunduz.yaml", FALLS)
    r.write("content/events/2015/prison-break.yaml", PRISON)
    r.write("content/events/2015/hospital-hit.yaml", HOSPITAL)
    r.commit("First chronology")
    return r


def edit_for_review(repo: Repo) -> None:
    """The changes a reviewer should see: one added, one changed, one removed event, a new source."""
    repo.write(
        "content/events/2015/taliban-seize-kunduz.yaml",
        FALLS.replace('"2015-09-28"', '"2015-09-29"')
        .replace("status: reported", "status: confirmed")
        .replace("  - source: wire\n", "  - source: wire\n  - source: bbc\n")
        .replace("tags: [offensive]", "tags: [offensive, city-falls]")
        .replace("actors: [taliban]", "actors: [taliban, afghan-police]"),
    )
    repo.write("content/sources/bbc.yaml", "title: BBC report\npublisher: BBC\n")
    repo.remove("content/events/2015/prison-break.yaml")
    repo.write(
        "content/events/2015/reinforcements-sent.yaml",
        'date: "2015-09-29"\ntitle: Reinforcements sent\nsummary: Special forces were sent.\nsources:\n  - source: bbc\n',
    )


def test_working_tree_against_head_text(repo):
    edit_for_review(repo)
    changes = diff_revisions(repo.root, Path("content"))
    assert format_text(changes) == (
        'added event reinforcements-sent: "Reinforcements sent"\n'
        "changed event taliban-seize-kunduz: date 2015-09-28 → 2015-09-29; status reported → confirmed; "
        "added actor afghan-police; added tag city-falls; added source bbc\n"
        'removed event prison-break: "Prison break"\n'
        'added source bbc: "BBC report"\n'
    )


def test_working_tree_against_head_markdown(repo):
    edit_for_review(repo)
    changes = diff_revisions(repo.root, Path("content"))
    assert format_markdown(changes, "HEAD") == (
        "**Timeline changes** (`HEAD` → working tree): 2 added, 1 changed, 1 removed.\n"
        "\n"
        "- **Added** event `reinforcements-sent`: Reinforcements sent\n"
        "- **Changed** event `taliban-seize-kunduz`: Taliban seize Kunduz\n"
        "  - date `2015-09-28` → `2015-09-29`\n"
        "  - status `reported` → `confirmed`\n"
        "  - added actor `afghan-police`\n"
        "  - added tag `city-falls`\n"
        "  - added source `bbc`\n"
        "- **Removed** event `prison-break`: Prison break\n"
        "- **Added** source `bbc`: BBC report\n"
    )


def test_the_result_is_structured(repo):
    edit_for_review(repo)
    changed = [c for c in diff_revisions(repo.root, Path("content")) if c.kind == "changed"]
    assert changed == [
        EventChange(
            "changed", "taliban-seize-kunduz", "content/events/2015/taliban-seize-kunduz.yaml", "event", "Taliban seize Kunduz",
            (
                FieldChange("date", "changed", "2015-09-28", "2015-09-29"),
                FieldChange("status", "changed", "reported", "confirmed"),
                FieldChange("actor", "added", item="afghan-police"),
                FieldChange("tag", "added", item="city-falls"),
                FieldChange("source", "added", item="bbc"),
            ),
        )
    ]


def test_two_committed_revisions(repo):
    first = repo.git("rev-parse", "HEAD").strip()
    edit_for_review(repo)
    repo.commit("Review edits")
    assert format_text(diff_revisions(repo.root, Path("content"), first, "HEAD")).splitlines() == [
        'added event reinforcements-sent: "Reinforcements sent"',
        "changed event taliban-seize-kunduz: date 2015-09-28 → 2015-09-29; status reported → confirmed; "
        "added actor afghan-police; added tag city-falls; added source bbc",
        'removed event prison-break: "Prison break"',
        'added source bbc: "BBC report"',
    ]
    assert format_text(diff_revisions(repo.root, Path("content"), "HEAD~1", "HEAD")) == format_text(
        diff_revisions(repo.root, Path("content"), first, "HEAD")
    )
    assert format_text(diff_revisions(repo.root, Path("content"), "HEAD")) == "no changes\n"


def test_whitespace_quoting_and_rewrapping_are_not_changes(repo):
    repo.write(
        "content/events/2015/taliban-seize-kunduz.yaml",
        "date: '2015-09-28'\n"
        'title: "Taliban seize Kunduz"\n'
        "summary: >-\n  Taliban fighters took most of the city in a dawn assault.\n"
        "place: kunduz\nactors:\n  - taliban\ntags:\n  - offensive\n"
        "sources: [{source: wire}]\n",  # status 'reported' is the default: dropping it changes nothing
    )
    assert diff_revisions(repo.root, Path("content")) == []
    assert format_markdown([], "HEAD") == "**Timeline changes** (`HEAD` → working tree): none.\n"


def test_an_event_moved_to_another_year_folder_is_matched_by_id(repo):
    (repo.root / "content/events/2016").mkdir()
    repo.git("mv", "content/events/2015/hospital-hit.yaml", "content/events/2016/hospital-hit.yaml")
    assert diff_revisions(repo.root, Path("content")) == []
    repo.write("content/events/2016/hospital-hit.yaml", HOSPITAL.replace("2015-10-03", "2016-10-03"))
    assert format_text(diff_revisions(repo.root, Path("content"))) == (
        "changed event hospital-hit: date 2015-10-03 → 2016-10-03\n"
    )


def test_title_text_and_list_changes(repo):
    repo.write(
        "content/events/2015/hospital-hit.yaml",
        'date: "2015-10-03"\nend_date: "2015-10-04"\napproximate: true\n'
        "title: US airstrike hits MSF hospital\n"
        "summary: An airstrike destroyed the hospital.\n"
        "body: |\n  More detail.\n"
        "sources:\n  - source: wire\n    quote: The hospital was hit.\n"
        "quotes:\n  - text: We were attacked.\n    by: A nurse\n    source: wire\n"
        "casualties:\n  - party: afghan-police\n    killed: 22\n    qualifier: at-least\n    source: wire\n"
        "related: [prison-break]\n"
        "updates:\n  - date: '2015-10-05'\n    note: Corrected the date.\n",
    )
    assert format_text(diff_revisions(repo.root, Path("content"))).split("; ") == [
        "changed event hospital-hit: added end_date 2015-10-04",
        "approximate false → true",
        'title "Hospital hit" → "US airstrike hits MSF hospital"',
        "summary changed",
        "added body",
        "changed source wire: quote added",
        "added quote by A nurse",
        "added casualties for afghan-police (killed at least 22)",
        "added related event prison-break",
        "added correction 2015-10-05\n",
    ]


def test_invalid_event_is_reported_not_raised(repo):
    repo.write("content/events/2015/prison-break.yaml", PRISON.replace('"2015-09-28"', '"2015-09-31"'))
    repo.write("content/events/2015/broken.yaml", PRISON.replace("title:", "\ttitle:"))
    changes = diff_revisions(repo.root, Path("content"))
    assert format_text(changes) == (
        "invalid event broken in working tree: content/events/2015/broken.yaml:2:1: "
        "tab character; use spaces in YAML files\n"
        "invalid event prison-break in working tree: content/events/2015/prison-break.yaml:1:7: "
        "'2015-09-31': September 2015 has no day 31\n"
    )
    assert "- **Invalid** event `prison-break` in working tree" in format_markdown(changes)


def test_an_invalid_event_that_is_fixed_is_a_change(repo):
    repo.write("content/events/2015/prison-break.yaml", PRISON.replace("title: Prison break\n", ""))
    repo.commit("Oops")
    repo.write("content/events/2015/prison-break.yaml", PRISON)
    assert format_text(diff_revisions(repo.root, Path("content"))) == (
        "changed event prison-break: was invalid, now valid\n"
    )


def test_registry_changes_are_per_record(repo):
    repo.write(
        "content/actors.yaml",
        ACTORS.replace("  name: Taliban\n", "  name: The Taliban\n  aliases: [Taliban insurgents]\n")
        + "msf:\n  name: Médecins Sans Frontières\n  kind: organization\n",
    )
    repo.write("content/places.yaml", "kunduz:\n  name: Kunduz\n  lat: 36.73\n  lon: 68.86\n")
    assert format_text(diff_revisions(repo.root, Path("content"))) == (
        'added actor msf: "Médecins Sans Frontières"\n'
        'changed actor taliban: name "Taliban" → "The Taliban"; added alias Taliban insurgents\n'
        "changed place kunduz: added lat 36.73; added lon 68.86\n"
    )


def test_markdown_escapes_titles(repo):
    repo.write("content/events/2015/hospital-hit.yaml", HOSPITAL.replace("Hospital hit", "Hospital *hit* <b>"))
    assert format_markdown(diff_revisions(repo.root, Path("content"))).splitlines()[2:] == [
        "- **Changed** event `hospital-hit`: Hospital \\*hit\\* \\<b\\>",
        '  - title "Hospital hit" → "Hospital \\*hit\\* \\<b\\>"',
    ]


def test_blobs_are_read_in_one_batch(repo, spy):
    for n in range(20):
        repo.write(f"content/events/2014/e{n}.yaml", HOSPITAL.replace("Hospital hit", f"Event {n}"))
    repo.commit("Twenty")
    for n in range(20):
        repo.write(f"content/events/2014/e{n}.yaml", HOSPITAL.replace("Hospital hit", f"Event {n}, revised"))
    repo.commit("Revise twenty")
    calls = spy(diff_module.subprocess, "run")
    changes = diff_revisions(repo.root, Path("content"), "HEAD~1", "HEAD")
    assert len(changes) == 20
    assert len([c for c in calls if "cat-file" in c.args[0]]) == 1
    assert len(calls) == 6  # show-toplevel, 2 × rev-parse, 2 × ls-tree, cat-file


def test_unknown_revision_and_outside_git_raise_diff_error(repo, tmp_path):
    with pytest.raises(DiffError, match="unknown revision 'no-such-branch'"):
        diff_revisions(repo.root, Path("content"), "no-such-branch")
    (tmp_path / "plain" / "content").mkdir(parents=True)
    with pytest.raises(DiffError, match="not in a git repository"):
        diff_revisions(tmp_path / "plain", Path("content"))


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="timeline")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_diff_text_and_markdown(repo, monkeypatch, capsys):
    edit_for_review(repo)
    monkeypatch.chdir(repo.root)
    assert run_cli("diff") == 0
    assert capsys.readouterr().out.splitlines()[2] == 'removed event prison-break: "Prison break"'
    assert run_cli("diff", "HEAD", "--format", "markdown", "--content-dir", "content") == 0
    assert capsys.readouterr().out.startswith("**Timeline changes** (`HEAD` → working tree): 2 added, 1 changed, 1 removed.\n")
    assert run_cli("diff", "nope") == 2
    assert "unknown revision 'nope'" in capsys.readouterr().err
