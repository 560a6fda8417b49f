"""Casualty figures as claims: validation at the exact position of a wrong value, the pure functions
of generator.render.casualties (figures in words, disagreements, the short form), and the event page
that shows several claims about one party side by side, parsed from a built site."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from generator.content.dates import Date
from generator.content.errors import ContentInvalid
from generator.content.model import Actor, Casualty, Event, Figure, SourceRef
from generator.content.reader import read_content
from generator.render.exports.csv_export import casualties_text, claims_from_text
from generator.render.casualties import (
    casualty_groups,
    casualty_summary,
    claim_words,
    claimant_actor,
    conflicts_among,
    figures_disagree,
)

REPO = Path(__file__).resolve().parent.parent
SMALL = REPO / "tests" / "fixtures" / "site_small"

E = "content/events/2015/kunduz.yaml"
BASE = {
    "content/actors.yaml": "taliban:\n  name: Taliban\nafghan-police:\n  name: Afghan police\n",
    "content/sources/bbc-kunduz.yaml": "title: Kunduz report\n",
}
EVENT = (
    'date: "2015-09-28"\n'  # 1
    "title: Taliban seize Kunduz\n"  # 2
    "summary: Fighters storm the city.\n"  # 3
    "sources:\n"  # 4
    "  - source: bbc-kunduz\n"  # 5
    "casualties:\n"  # 6
    "  - party: taliban\n"  # 7
    "    source: bbc-kunduz\n"  # 8; the claim's other fields go from line 9 on
)


def read(write_tree, text: str):
    return read_content(write_tree({**BASE, E: text}) / "content")


def errors(write_tree, text: str) -> list[str]:
    try:
        read(write_tree, text)
    except ContentInvalid as exc:
        return [str(e) for e in exc.errors]
    return []


def claim(write_tree, lines: str) -> Casualty:
    (event,) = read(write_tree, EVENT + lines).events
    (only,) = event.casualties
    return only


# -- validation -------------------------------------------------------------------------------


def test_version_1_claim_stays_valid_and_its_number_is_a_figure(write_tree):
    found = claim(write_tree, "    killed: 25\n    wounded: 0\n    qualifier: at-least\n")
    assert (found.killed, found.wounded, found.qualifier) == (Figure(25, 25), Figure(0, 0), "at-least")
    assert (found.claimed_by, found.as_of) == (None, None)
    assert found == Casualty(party="taliban", source="bbc-kunduz", killed=25, wounded=0, qualifier="at-least")


def test_range_claim_with_claimant_and_date_is_read(write_tree):
    found = claim(write_tree, "    killed: {min: 25, max: 30}\n    qualifier: about\n"
                              "    claimed_by: provincial police\n    as_of: '2015-09-29'\n")
    assert found.killed == Figure(25, 30) and found.killed.is_range
    assert (found.qualifier, found.claimed_by, found.as_of) == ("about", "provincial police", Date.parse("2015-09-29"))


@pytest.mark.parametrize(
    "lines, error",
    [
        ("    killed: {min: 30, max: 25}\n",
         "9:28: max 25 is less than min 30; a range goes from the smaller number to the larger: {min: 25, max: 30}"),
        ("    wounded:\n      min: 3\n      max: 1\n",
         "11:12: max 1 is less than min 3; a range goes from the smaller number to the larger: {min: 1, max: 3}"),
        ("    killed: {min: -2, max: 5}\n", "9:19: -2 must be at least 0"),
        ("    killed: {min: 20}\n", "9:13: a range is missing required field 'max'"),
        ("    killed: [20, 30]\n", "9:13: expected a whole number or a range {min: N, max: N}, found a list"),
        ("    killed: -1\n", "9:13: -1 must be at least 0"),
        ("    killed: {min: 20, max: 30}\n    qualifier: at-least\n",
         "10:16: qualifier 'at-least' does not go with the range given for killed: a range already says how "
         "exact it is; leave the qualifier out, use 'about', or give one number with 'at-least'"),
        ("    wounded: {min: 1, max: 4}\n    qualifier: exactly\n",
         "10:16: qualifier 'exactly' does not go with the range given for wounded: a range already says how "
         "exact it is; leave the qualifier out, use 'about', or give one number with 'exactly'"),
        ("    as_of: '2015-09-27'\n",
         "9:12: as_of 2015-09-27 is before the event's date 2015-09-28; the figures were given on or after "
         "the event: write a date from 2015-09-28 on"),
        ("    as_of: '2015-13-01'\n", "9:12: '2015-13-01': month 13 does not exist"),
        ("    claimed_by: afghan-polce\n",
         "9:17: no actor in actors.yaml has the id 'afghan-polce'; did you mean 'afghan-police'? "
         "(a claimant that is not an actor is written as text, such as 'provincial police')"),
    ],
    ids=["min-above-max", "block-range", "negative-min", "missing-max", "list", "negative",
         "at-least-range", "exactly-range", "as-of-early", "as-of-no-date", "claimant-misspelt"],
)
def test_wrong_claim_value_is_an_error_at_the_value(write_tree, lines, error):
    assert errors(write_tree, EVENT + lines) == [f"{E}:{error}"]


def test_a_misspelt_range_key_is_named_with_what_is_missing(write_tree):
    assert errors(write_tree, EVENT + "    killed: {min: 20, maximum: 30}\n") == [
        f"{E}:9:13: a range is missing required field 'max'",
        f"{E}:9:23: unknown field 'maximum' in a range; did you mean 'max'?",
    ]


def test_every_wrong_claim_of_a_file_is_reported_at_once(write_tree):
    second = "  - party: afghan-police\n    source: bbc-kunduz\n    as_of: '2015-09'\n    killed: {min: 9, max: 2}\n"
    assert errors(write_tree, EVENT + "    claimed_by: talibn\n" + second) == [
        f"{E}:9:17: no actor in actors.yaml has the id 'talibn'; did you mean 'taliban'? "
        "(a claimant that is not an actor is written as text, such as 'provincial police')",
        f"{E}:13:27: max 2 is less than min 9; a range goes from the smaller number to the larger: {{min: 2, max: 9}}",
    ]


def test_an_early_as_of_is_reported_with_the_other_errors_of_the_event(write_tree):
    text = EVENT.replace("title: Taliban seize Kunduz", "title: " + "x" * 201)
    assert errors(write_tree, text + "    as_of: '2015-09-27'\n") == [
        f"{E}:2:8: text is 201 characters long; the limit is 200",
        f"{E}:9:12: as_of 2015-09-27 is before the event's date 2015-09-28; the figures were given on or after "
        "the event: write a date from 2015-09-28 on",
    ]


@pytest.mark.parametrize(
    "event_date, as_of",
    [("2015-09-28", "2015-09-28"), ("2015-09-28", "2015-09"), ("2015-09-28T05:30+04:30", "2015-09-28"),
     ("2015-09-28T05:30+04:30", "2015-09-28T01:00+00:00"), ("2015-09", "2015-09-01"), ("2015", "2016-01-05")],
)
def test_as_of_on_or_after_the_event_is_accepted(write_tree, event_date, as_of):
    text = EVENT.replace('date: "2015-09-28"', f'date: "{event_date}"')
    (event,) = read(write_tree, text + f"    as_of: '{as_of}'\n").events
    assert event.casualties[0].as_of == Date.parse(as_of)


def test_as_of_an_instant_before_a_timed_event_is_an_error(write_tree):
    text = EVENT.replace('date: "2015-09-28"', 'date: "2015-09-28T05:30+04:30"')
    assert errors(write_tree, text + "    as_of: '2015-09-28T00:30+00:00'\n") == [
        f"{E}:9:12: as_of 2015-09-28T00:30+00:00 is before the event's date 2015-09-28T05:30+04:30; the figures "
        "were given on or after the event: write a date from 2015-09-28T05:30+04:30 on"
    ]


@pytest.mark.parametrize("claimant", ["police", "provincial police", "Taliban", "UNAMA"])
def test_claimant_that_is_not_close_to_an_actor_id_is_text(write_tree, claimant):
    content = read(write_tree, EVENT + f"    claimed_by: {claimant}\n")
    found = content.events[0].casualties[0]
    assert found.claimed_by == claimant
    assert claimant_actor(found, content.actors) is None


def test_claimant_that_is_an_actor_id_names_the_actor(write_tree):
    content = read(write_tree, EVENT + "    claimed_by: afghan-police\n")
    assert claimant_actor(content.events[0].casualties[0], content.actors).name == "Afghan police"


def test_parallel_read_checks_claimants_as_the_serial_read_does(write_tree, monkeypatch):
    from generator import runtime
    from generator.content import parallel_read, reader

    monkeypatch.setattr(parallel_read, "PARALLEL_FROM", 0)
    monkeypatch.setattr(runtime.os, "cpu_count", lambda: 2)
    assert errors(write_tree, EVENT + "    claimed_by: afghan-polce\n") == [
        f"{E}:9:17: no actor in actors.yaml has the id 'afghan-polce'; did you mean 'afghan-police'? "
        "(a claimant that is not an actor is written as text, such as 'provincial police')"
    ]


# -- figures in words, disagreements, the short form --------------------------------------------


def c(party="taliban", killed=None, wounded=None, qualifier=None, claimed_by=None, as_of=None) -> Casualty:
    return Casualty(party, "wire", killed, wounded, qualifier, claimed_by, Date.parse(as_of) if as_of else None)


def event_with(*claims: Casualty) -> Event:
    return Event("e", "e.yaml", Date.parse("2015-09-28"), "T", "S", (SourceRef("wire"),), casualties=claims)


def test_claims_in_words():
    assert claim_words(c(killed=25, qualifier="at-least")) == "at least 25 killed"
    assert claim_words(c(killed=Figure(25, 30))) == "25–30 killed"
    assert claim_words(c(wounded=12)) == "12 wounded"
    assert claim_words(c(killed=Figure(25, 30), wounded=3, qualifier="about")) == "about 25–30 killed, about 3 wounded"
    assert claim_words(c(killed=2, qualifier="exactly")) == "exactly 2 killed"
    assert claim_words(c(wounded=40, qualifier="up-to")) == "up to 40 wounded"
    assert claim_words(c()) == "no figures given"


@pytest.mark.parametrize(
    "one, other, disagree",
    [
        (c(killed=25), c(killed=30), True),
        (c(killed=25), c(killed=25, qualifier="exactly"), False),
        (c(killed=25, qualifier="at-least"), c(killed=40), False),
        (c(killed=25, qualifier="at-least"), c(killed=20), True),
        (c(killed=10, qualifier="up-to"), c(killed=20, qualifier="at-least"), True),
        (c(killed=Figure(20, 30)), c(killed=25), False),
        (c(killed=Figure(20, 30)), c(killed=Figure(31, 40)), True),
        (c(killed=25, qualifier="about"), c(killed=27), False),
        (c(killed=25, qualifier="about"), c(killed=40), True),
        (c(killed=25), c(wounded=30), False),  # different measures: nothing to compare
        (c(killed=25), c(party="afghan-police", killed=2), False),  # different parties
    ],
)
def test_two_claims_disagree_when_their_figures_cannot_both_be_true(one, other, disagree):
    assert figures_disagree(event_with(one, other)) is disagree


def test_conflict_names_the_measure_and_only_the_clashing_claims():
    first, second, third = c(killed=25, wounded=3), c(killed=25, wounded=8), c(killed=Figure(20, 30))
    (conflict,) = conflicts_among([first, second, third])
    assert (conflict.measure, conflict.claims) == ("wounded", (first, second))


def test_groups_keep_party_order_and_explain_a_disagreement_with_claimants_and_dates():
    actors = {"taliban": Actor("taliban", "Taliban"), "afghan-police": Actor("afghan-police", "Afghan police")}
    claims = (c(killed=25, claimed_by="afghan-police", as_of="2015-09-28"), c(party="afghan-police", killed=2),
              c(killed=60, qualifier="at-least", claimed_by="provincial officials"), c(killed=Figure(20, 30)))
    taliban, police = casualty_groups(event_with(*claims), actors)
    assert (taliban.party, taliban.claims, police.party, police.claims) == (
        "taliban", (claims[0], claims[2], claims[3]), "afghan-police", (claims[1],))
    assert taliban.disagree and not police.disagree and police.explanation is None
    assert taliban.explanation == (
        "The killed figures cannot all be true: 25 (Afghan police, 28 September 2015); "
        "at least 60 (provincial officials); 20–30 (claimant not stated)."
    )


@pytest.mark.parametrize(
    "claims, summary",
    [
        ((c(killed=25), c(killed=30), c(party="afghan-police", wounded=2)), "25–30 killed, 2 wounded (3 claims)"),
        ((c(killed=25, qualifier="at-least"), c(party="afghan-police", killed=2)), "at least 27 killed (2 claims)"),
        ((c(killed=Figure(25, 30), wounded=4),), "25–30 killed, 4 wounded"),
        ((c(killed=40, qualifier="up-to"), c(killed=10, qualifier="up-to")), "up to 40 killed (2 claims)"),
        ((c(killed=25, qualifier="about"),), "about 25 killed"),
        ((c(killed=0),), "0 killed"),
        ((c(),), None),
        ((), None),
    ],
)
def test_short_form_for_listings(claims, summary):
    assert casualty_summary(event_with(*claims)) == summary


# -- the event page ---------------------------------------------------------------------------

CONFLICT = """\
date: "2015-09-28"
title: Casualty claims differ
summary: Three claims about Alpha Group that cannot all be true, one about Beta.
sources:
  - source: wire
casualties:
  - party: alpha
    killed: 25
    qualifier: at-least
    claimed_by: beta
    as_of: "2015-09-28"
    source: wire
  - party: alpha
    killed: {min: 10, max: 12}
    wounded: 4
    claimed_by: "provincial <police>"
    as_of: "2015-09-30"
    source: paper
  - party: alpha
    killed: 3
    source: wire
  - party: beta
    wounded: 12
    claimed_by: alpha
    source: paper
"""


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def claims_site(tmp_path_factory, copy_project, build) -> Path:
    folder = tmp_path_factory.mktemp("claims")
    project = copy_project(SMALL, folder / "project")
    (project / "content" / "events" / "2015" / "claims-differ.yaml").write_text(CONFLICT, encoding="utf-8")
    assert build(project, folder / "site") == 0
    return folder / "site"


@pytest.fixture(scope="module")
def claims_page(claims_site) -> BeautifulSoup:
    return soup(claims_site / "events" / "claims-differ" / "index.html")


def test_published_events_json_carries_every_claim_and_validates_against_the_published_schema(claims_site):
    model = json.loads((claims_site / "events.json").read_text(encoding="utf-8"))
    schema = json.loads((claims_site / "events.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(model, schema, cls=jsonschema.Draft202012Validator)
    (event,) = [e for e in model["events"] if e["id"] == "claims-differ"]
    assert [(c["party"], c["killed"], c["wounded"], c["qualifier"], c["claimed_by"], c["claimed_by_actor"],
             c["as_of"], c["source"]) for c in event["casualties"]] == [
        ("alpha", 25, None, "at-least", "beta", True, "2015-09-28", "wire"),
        ("alpha", {"min": 10, "max": 12}, 4, None, "provincial <police>", False, "2015-09-30", "paper"),
        ("alpha", 3, None, None, None, False, None, "wire"),
        ("beta", None, 12, None, "alpha", True, None, "paper"),
    ]


def test_events_csv_carries_every_claim_in_its_last_column(claims_site):
    rows = list(csv.DictReader(io.StringIO((claims_site / "events.csv").read_text(encoding="utf-8"), newline="")))
    assert list(rows[0])[-3:] == ["url", "casualties", "media"]  # added at the end: the earlier columns keep their order
    (row,) = [r for r in rows if r["id"] == "claims-differ"]
    assert row["casualties"] == (
        "alpha killed=25 qualifier=at-least claimed_by=beta as_of=2015-09-28 source=wire; "
        'alpha killed=10-12 wounded=4 claimed_by="provincial <police>" as_of=2015-09-30 source=paper; '
        "alpha killed=3 source=wire; beta wounded=12 claimed_by=alpha source=paper"
    )
    assert claims_from_text(row["casualties"])[1] == {
        "party": "alpha", "killed": "10-12", "wounded": "4", "claimed_by": "provincial <police>",
        "as_of": "2015-09-30", "source": "paper",
    }
    assert {r["id"]: r["casualties"] for r in rows}["timed-event"] == ""


def test_a_claimant_text_with_semicolons_and_quotes_stays_one_claim_in_csv():
    claims = (c(killed=Figure(20, 30), qualifier="about", claimed_by='police; "officials"', as_of="2015-09-29T20:00+04:30"),
              c(party="afghan-police", wounded=2))
    text = casualties_text(claims)
    assert text == ('taliban killed=20-30 qualifier=about claimed_by="police\\u003b \\"officials\\"" '
                    "as_of=2015-09-29T20:00+04:30 source=wire; afghan-police wounded=2 source=wire")
    assert claims_from_text(text) == [
        {"party": "taliban", "killed": "20-30", "qualifier": "about", "claimed_by": 'police; "officials"',
         "as_of": "2015-09-29T20:00+04:30", "source": "wire"},
        {"party": "afghan-police", "wounded": "2", "source": "wire"},
    ]


def test_event_page_shows_every_claim_in_one_table_the_party_heading_its_claims(claims_page):
    section = claims_page.select_one('section[aria-labelledby="casualties"]')
    (table,) = section.select("table")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["Party", "Figures", "Claimed by", "As of", "Source"]
    rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]
    assert rows == [
        ["Alpha Group", "at least 25 killed", "Beta & Sons", "28 September 2015", "Wire report"],
        ["10–12 killed, 4 wounded", "provincial <police>", "30 September 2015", "Paper <b>report</b>"],
        ["3 killed", "not stated", "not stated", "Wire report"],
        ["Beta & Sons", "12 wounded", "Alpha Group", "not stated", "Paper <b>report</b>"],
    ]
    alpha, second, third, beta = table.select("tbody tr")
    assert alpha.th["scope"] == "row" and alpha.th["rowspan"] == "3" and alpha.th.a["href"] == "../../actors/alpha/"
    assert not beta.th.has_attr("rowspan")
    assert alpha.select_one(".claim-by a")["href"] == "../../actors/beta/"
    assert second.select_one(".claim-by").find("a") is None  # text, not an actor
    assert [tr.find("time")["datetime"] for tr in (alpha, second)] == ["2015-09-28", "2015-09-30"]
    assert [tr.select_one(".claim-source a")["href"] for tr in (alpha, second, third)] == [
        "../../sources/wire/", "../../sources/paper/", "../../sources/wire/"]


def test_columns_only_where_a_claim_states_something(tmp_path, copy_project, build):
    project = copy_project(SMALL, tmp_path / "project")
    text = "\n".join(line for line in CONFLICT.splitlines() if "claimed_by" not in line and "as_of" not in line)
    (project / "content" / "events" / "2015" / "claims-differ.yaml").write_text(text + "\n", encoding="utf-8")
    assert build(project, tmp_path / "site") == 0
    page = soup(tmp_path / "site" / "events" / "claims-differ" / "index.html")
    table = page.select_one('section[aria-labelledby="casualties"] table')
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["Party", "Figures", "Source"]
    assert "not stated" not in table.get_text()


def test_event_page_marks_the_disagreement_visibly_and_explains_it(claims_page):
    section = claims_page.select_one('section[aria-labelledby="casualties"]')
    (disagreement,) = section.select(".casualty-disagreement")
    label = disagreement.select_one(".disagree-label")
    assert label.get_text(strip=True) == "Figures disagree"
    assert not [p for p in label.parents if p.has_attr("hidden") or "visually-hidden" in p.get("class", [])]
    table = section.select_one("table")
    explanation = claims_page.find(id=table["aria-describedby"])
    assert explanation is disagreement and disagreement["data-party"] == "alpha"
    assert explanation.get_text(" ", strip=True) == (
        "Figures disagree Alpha Group : The killed figures cannot all be true: at least 25 (Beta & Sons, 28 September 2015); "
        "10–12 (provincial <police>, 30 September 2015); 3 (claimant not stated)."
    )
    assert [tr.get("class") for tr in table.select("tbody tr")] == [["figures-disagree"]] * 3 + [None]
