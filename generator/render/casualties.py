"""Casualty claims for readers: grouped by party, disagreements found, figures in words, short forms.

An event's ``casualties`` are claims: who says how many of one party were killed or
wounded, as of when, in which source. Claims about one party are shown side by side
(``casualty_groups``), and two of them *disagree* when the numbers they allow cannot both
be true (``claim_bounds``):

* one number without a qualifier, or ``exactly``: that number; a range: its numbers;
* ``at-least N``: N and more; ``up-to N``: 0 to N;
* ``about N`` (or about a range): the numbers within a tenth of N, at least 1, either side,
  so "about 25" and "27" agree, "about 25" and "40" do not.

Listings get a short form (``casualty_summary``). Everything here is a pure function of
the model; ``TEMPLATE_GLOBALS`` registers the ones templates call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

from generator.content.date_words import ENGLISH, DateWords, date_text
from generator.content.model import Actor, Casualty, Event, Figure

MEASURES = ("killed", "wounded")
ABOUT_MARGIN = 0.1  # "about N" allows N give or take a tenth of N (at least 1)


# -- one claim --------------------------------------------------------------------------


def claim_bounds(claim: Casualty, measure: str) -> tuple[float, float] | None:
    """The smallest and largest number of ``measure`` (killed or wounded) the claim allows;
    the largest is ``math.inf`` for 'at least'. None when the claim gives no such figure."""
    figure: Figure | None = getattr(claim, measure)
    if figure is None:
        return None
    if claim.qualifier == "at-least":
        return (figure.low, math.inf)
    if claim.qualifier == "up-to":
        return (0, figure.high)
    if claim.qualifier == "about":
        margin = max(1, math.ceil(figure.high * ABOUT_MARGIN))
        return (max(0, figure.low - margin), figure.high + margin)
    return (figure.low, figure.high)


def _figure(figure: Figure, words: DateWords) -> str:
    """'25', '25–30', in the language's digits."""
    if figure.is_range:
        return f"{words.integer(figure.low)}–{words.integer(figure.high)}"
    return words.integer(figure.low)


def _qualified(qualifier: str | None, figure: str, words: DateWords) -> str:
    """'at least 25', 'about 25–30', 'exactly 2', '2': a figure with a claim's qualifier."""
    if qualifier == "exactly":
        return words.gettext("exactly %(figure)s") % {"figure": figure}
    if qualifier == "at-least":
        return words.gettext("at least %(figure)s") % {"figure": figure}
    if qualifier == "about":
        return words.gettext("about %(figure)s") % {"figure": figure}
    if qualifier == "up-to":
        return words.gettext("up to %(figure)s") % {"figure": figure}
    return figure


def describe(claim: Casualty, figure: Figure, words: DateWords = ENGLISH) -> str:
    """A figure with the claim's qualifier ('at least 25'); in English, ``claim.describe(figure)``."""
    return _qualified(claim.qualifier, _figure(figure, words), words)


def _measured(figure: str, measure: str, words: DateWords) -> str:
    """'25 killed', '3 wounded'."""
    if measure == "killed":
        return words.gettext("%(figure)s killed") % {"figure": figure}
    return words.gettext("%(figure)s wounded") % {"figure": figure}


def figure_words(claim: Casualty, measure: str, words: DateWords = ENGLISH) -> str | None:
    """One figure of a claim in words: 'at least 25 killed', '25–30 killed', '12 wounded'; None when not given."""
    figure: Figure | None = getattr(claim, measure)
    return None if figure is None else _measured(describe(claim, figure, words), measure, words)


def claim_words(claim: Casualty, words: DateWords = ENGLISH) -> str:
    """Every figure of a claim in words: 'at least 25 killed, at least 3 wounded' (or 'no figures given')."""
    said = [w for w in (figure_words(claim, m, words) for m in MEASURES) if w]
    return words.gettext(", ").join(said) if said else words.gettext("no figures given")


def claimant_actor(claim: Casualty, actors: Mapping[str, Actor]) -> Actor | None:
    """The actor who makes the claim, when ``claimed_by`` is the id of one; else None (text, or not stated)."""
    return actors.get(claim.claimed_by) if claim.claimed_by else None


def claimant_name(claim: Casualty, actors: Mapping[str, Actor]) -> str | None:
    """Who makes the claim, for readers: the actor's name, the text as written, or None when not stated."""
    actor = claimant_actor(claim, actors)
    return actor.name if actor else claim.claimed_by


# -- claims about one party -------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """Claims about one party whose figures for ``measure`` cannot all be true: each of ``claims``
    allows no number that some other one of them allows."""

    measure: str
    claims: tuple[Casualty, ...]


@dataclass(frozen=True)
class PartyClaims:
    """Every claim about one party, in the event's order, with the figures on which they disagree."""

    party: str
    claims: tuple[Casualty, ...]
    conflicts: tuple[Conflict, ...] = ()
    explanation: str | None = None  # the disagreement in words, for every reader

    @property
    def disagree(self) -> bool:
        """True when two of the claims give figures that cannot both be true."""
        return bool(self.conflicts)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def conflicts_among(claims: tuple[Casualty, ...] | list[Casualty]) -> tuple[Conflict, ...]:
    """For each measure, the claims (in their order) that disagree with at least one other claim."""
    out = []
    for measure in MEASURES:
        given = [(c, claim_bounds(c, measure)) for c in claims if getattr(c, measure) is not None]
        clashing = tuple(
            claim for claim, bounds in given if any(not _overlap(bounds, other) for _, other in given)
        )
        if clashing:
            out.append(Conflict(measure, clashing))
    return tuple(out)


def _explain(conflicts: tuple[Conflict, ...], actors: Mapping[str, Actor], words: DateWords = ENGLISH) -> str | None:
    """'The killed figures cannot all be true: 25 (Interior Ministry, 28 September 2015); at least 60 (provincial police).'"""
    sentences = []
    comma = words.gettext(", ")
    for conflict in conflicts:
        items = []
        for claim in conflict.claims:
            who = [claimant_name(claim, actors) or words.gettext("claimant not stated")]
            if claim.as_of is not None:
                who.append(date_text(claim.as_of, False, words))
            items.append(f"{describe(claim, getattr(claim, conflict.measure), words)} ({comma.join(who)})")
        listed = words.gettext("; ").join(items)
        if conflict.measure == "killed":
            sentences.append(words.gettext("The killed figures cannot all be true: %(claims)s.") % {"claims": listed})
        else:
            sentences.append(words.gettext("The wounded figures cannot all be true: %(claims)s.") % {"claims": listed})
    return " ".join(sentences) or None


def casualty_groups(event: Event, actors: Mapping[str, Actor], words: DateWords = ENGLISH) -> list[PartyClaims]:
    """The event's claims grouped by party (parties in the order of their first claim), each
    group with its disagreements and their explanation in words (claimants named from ``actors``)."""
    by_party: dict[str, list[Casualty]] = {}
    for claim in event.casualties:
        by_party.setdefault(claim.party, []).append(claim)
    groups = []
    for party, claims in by_party.items():
        conflicts = conflicts_among(claims)
        groups.append(PartyClaims(party, tuple(claims), conflicts, _explain(conflicts, actors, words)))
    return groups


def figures_disagree(event: Event) -> bool:
    """True when two claims of the event about one party give figures that cannot both be true."""
    by_party: dict[str, list[Casualty]] = {}
    for claim in event.casualties:
        by_party.setdefault(claim.party, []).append(claim)
    return any(conflicts_among(claims) for claims in by_party.values())


# -- the short form for listings -------------------------------------------------------------


def _measure_summary(claims: tuple[Casualty, ...], measure: str, words: DateWords = ENGLISH) -> str | None:
    """The spread of one measure over every claim, parties added up: '25–30', 'at least 27', 'up to 40'.

    Per party, the figures run from the smallest any claim gives to the largest; the parties'
    smallest and largest are added up. When a claim says 'at least' (and none 'up to'), the
    total is 'at least' its smallest; 'up to' (and none 'at least'): 'up to' its largest;
    'about' anywhere makes the whole 'about'.
    """
    spans: dict[str, tuple[int, int]] = {}
    qualifiers = set()
    for claim in claims:
        figure: Figure | None = getattr(claim, measure)
        if figure is None:
            continue
        low, high = spans.get(claim.party, (figure.low, figure.high))
        spans[claim.party] = (min(low, figure.low), max(high, figure.high))
        qualifiers.add(claim.qualifier)
    if not spans:
        return None
    low, high = sum(s[0] for s in spans.values()), sum(s[1] for s in spans.values())
    if "at-least" in qualifiers and "up-to" not in qualifiers:
        return _qualified("at-least", words.integer(low), words)
    if "up-to" in qualifiers and "at-least" not in qualifiers:
        return _qualified("up-to", words.integer(high), words)
    return _qualified("about" if "about" in qualifiers else None, _figure(Figure(low, high), words), words)


def casualty_summary(event: Event, words: DateWords = ENGLISH) -> str | None:
    """The event's casualty figures in a few words for listings: '25–30 killed, 2 wounded (3 claims)',
    'at least 27 killed'; the count of claims only when there are several. None without figures."""
    parts = [_measured(said, measure, words) for measure in MEASURES
             if (said := _measure_summary(event.casualties, measure, words))]
    if not parts:
        return None
    count = len(event.casualties)
    text = words.gettext(", ").join(parts)
    return text + " " + words.ngettext("(%(count)s claim)", "(%(count)s claims)", count) if count > 1 else text


TEMPLATE_GLOBALS: dict = {  # name -> function, registered in generator.render.environment
    "casualty_groups": casualty_groups,
    "casualty_summary": casualty_summary,
    "claim_words": claim_words,
    "claimant_actor": claimant_actor,
    "figures_disagree": figures_disagree,
}
