"""Deterministic synthetic corpora for the benchmarks.

One seeded model of N events is written three ways:

* ``generate``                  -- a timeline-site project (content/ + mkdocs.yml), the thing we measure;
* ``generate_markdown_baseline`` -- the same events as N plain Markdown pages for a stock ``mkdocs build``;
* ``generate_hugo``              -- the same events as N Hugo content pages with a minimal layout.

The text is drawn from one of two vocabularies (``VOCABULARIES``):

* ``wordfreq`` (the default) -- the 30,000 most frequent English words of the
  ``wordfreq`` package (``pip install -e '.[bench]'``), each drawn with its real
  frequency, fresh for every sentence: real text's long tail, so a search query
  matches as many pages as it would on a real site;
* ``small`` -- the first corpus: a 135-word news vocabulary and a pool of 4,000
  sentences (every word is on ~90 % of pages: the worst case for search).

The same ``(n_events, seed, vocabulary)`` always gives byte-identical files (for
``wordfreq``, with the same wordfreq version). Files are
written with plain string formatting (no YAML emitter) so that 10,000 events
take a few seconds; one-line strings are written with ``json.dumps`` (a JSON
string is a valid YAML double-quoted scalar), Markdown as ``|`` block scalars
the way editors write it.

Run ``python benchmarks/corpus.py OUT_DIR N`` to write all three into OUT_DIR.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import json
import random
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


FIRST_YEAR = 1995
YEARS = 30  # events span FIRST_YEAR .. FIRST_YEAR + YEARS - 1
N_TAGS = 200
N_PLACES = 500
N_ACTORS = 300
STATUSES = ("confirmed",) * 8 + ("reported",) * 5 + (None,) * 2 + ("disputed",) * 3 + ("unverified",) * 2
OFFSETS = ("+04:30", "+00:00", "+01:00", "+03:00", "-05:00", "+05:45", "-03:30", "+09:00")
ACTOR_KINDS = ("group", "person", "organization", "government", "military", "other")
QUALIFIERS = (None, "exactly", "at-least", "about", "up-to")
MONTHS = tuple(calendar.month_name)

WORDS = """
government forces militants city province district police officials said
reported attack offensive convoy checkpoint border council minister spokesman
civilians hospital residents market bridge highway airport prison compound
village valley river northern southern eastern western capital region army
commander fighters negotiations ceasefire agreement talks statement press
agency witnesses according sources killed wounded injured displaced families
aid workers humanitarian supplies shelter reinforcements helicopters airstrike
operation security situation control retreat advance morning evening night
week month early late heavy clashes fighting gunfire explosion blast vehicle
roadside local provincial national international observers election vote
parliament president deputy governor mayor court ruling protest crowd rally
demonstrators curfew closed reopened schools clinics water electricity roads
trade prices fuel shortage winter harvest farmers refugees camp return
investigation report findings casualties figures estimate confirmed denied
claimed responsibility group movement alliance coalition troops withdrawal
""".split()

NAME_PARTS = """
north south east west central upper lower new old grand free united national
popular democratic republican federal regional islamic people's border river
mountain valley coastal desert highland lowland
""".split()

NAME_NOUNS = """
front council movement alliance party brigade army guard union committee
association league assembly authority commission mission agency bureau
""".split()

PLACE_ROOTS = """
kal mar tash bad dar khan abad pur garh nagar stan kot ghar zar sar mir
bar dal hin jal kan lar nur pol rah sang tal var zan
""".split()

FIRST_NAMES = """
Ahmad Mariam Omar Laila Hamid Zahra Karim Nadia Farid Sima Yusuf Amina
Rahim Parwin Daoud Shirin Najib Homa Tariq Fatima
""".split()

LAST_NAMES = """
Daoudi Rahimi Karimi Ahmadi Hashimi Sadat Noori Wardak Popal Safi Barakzai
Stanekzai Hotak Mohmand Zazai Haidari Jalali Azizi Qaderi Rasuli
""".split()


@dataclass
class Event:
    id: str
    year: int
    date: str
    human_date: str
    sort_key: tuple
    title: str
    summary: str
    body: str | None
    place: str | None
    actors: list[str]
    tags: list[str]
    status: str | None
    sources: list[dict]
    end_date: str | None = None
    approximate: bool = False
    display_date: str | None = None
    quotes: list[dict] = field(default_factory=list)
    casualties: list[dict] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)


@dataclass
class Corpus:
    events: list[Event]
    sources: dict[str, dict]
    actors: dict[str, dict]
    places: dict[str, dict]
    tags: list[str]


# -- the model ------------------------------------------------------------------


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in out.split("-") if part)


def _sentences(rng: random.Random, count: int) -> list[str]:
    """A pool of Markdown sentences with some emphasis, strong text and links."""
    pool = []
    for i in range(count):
        words = rng.choices(WORDS, k=rng.randint(8, 20))
        roll = rng.random()
        k = rng.randrange(len(words))
        if roll < 0.15:
            words[k] = f"*{words[k]}*"
        elif roll < 0.25:
            words[k] = f"**{words[k]}**"
        elif roll < 0.35:
            words[k] = f"[{words[k]}](https://news.example.org/{i}/{words[k]})"
        elif roll < 0.40:
            words[k] = f"`{words[k]}`"
        sentence = " ".join(words)
        pool.append(sentence[0].upper() + sentence[1:] + ".")
    return pool


def _paragraph(rng: random.Random, pool: list[str], n_sentences: int) -> str:
    return " ".join(rng.choices(pool, k=n_sentences))


VOCABULARIES = ("wordfreq", "small")
WORDFREQ_WORDS = 30000  # the most frequent English words
WORDFREQ_FUNCTION_WORDS = 150  # the most frequent of them (the, of, and …) are left out of titles and tags
_PLAIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")  # no digits, symbols, emoji or Markdown characters


@lru_cache(maxsize=1)
def _wordfreq_table() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The most frequent English words (plain words only) and their cumulative frequencies."""
    import wordfreq  # the bench extra: pip install -e '.[bench]'

    words = tuple(w for w in wordfreq.top_n_list("en", WORDFREQ_WORDS) if _PLAIN_WORD.fullmatch(w))
    return words, tuple(itertools.accumulate(wordfreq.word_frequency(w, "en") for w in words))


class SmallText:
    """The first corpus's text: 135 words, 4,000 sentences drawn from first (the random
    draws are those of the first corpus, so its files stay byte for byte the same)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pool = _sentences(rng, 4000)

    def words(self, k: int) -> list[str]:
        """Words for titles, tags and names."""
        return self.rng.choices(WORDS, k=k)

    def word(self) -> str:
        return self.rng.choice(WORDS)

    def paragraph(self, n_sentences: int) -> str:
        return _paragraph(self.rng, self.pool, n_sentences)


class WordfreqText:
    """Real English word frequencies: every sentence drawn afresh from ~30,000 words."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.all, self.cumulative = _wordfreq_table()
        start = WORDFREQ_FUNCTION_WORDS
        self.content = self.all[start:]
        base = self.cumulative[start - 1]
        self.content_cumulative = tuple(c - base for c in self.cumulative[start:])
        self.links = 0

    def _draw(self, words: tuple[str, ...], cumulative: tuple[float, ...], k: int) -> list[str]:
        random_, total, hi = self.rng.random, cumulative[-1], len(words) - 1
        return [words[bisect.bisect(cumulative, random_() * total, 0, hi)] for _ in range(k)]

    def words(self, k: int) -> list[str]:
        return self._draw(self.content, self.content_cumulative, k)

    def word(self) -> str:
        return self.words(1)[0]

    def sentence(self) -> str:
        rng = self.rng
        words = self._draw(self.all, self.cumulative, rng.randint(8, 20))
        roll = rng.random()
        k = rng.randrange(len(words))
        if roll < 0.15:
            words[k] = f"*{words[k]}*"
        elif roll < 0.25:
            words[k] = f"**{words[k]}**"
        elif roll < 0.35:
            self.links += 1
            words[k] = f"[{words[k]}](https://news.example.org/{self.links}/{words[k]})"
        elif roll < 0.40:
            words[k] = f"`{words[k]}`"
        sentence = " ".join(words)
        return sentence[0].upper() + sentence[1:] + "."

    def paragraph(self, n_sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(n_sentences))


def _text(rng: random.Random, vocabulary: str) -> SmallText | WordfreqText:
    if vocabulary not in VOCABULARIES:
        raise ValueError(f"unknown vocabulary {vocabulary!r}; choose from {', '.join(VOCABULARIES)}")
    return WordfreqText(rng) if vocabulary == "wordfreq" else SmallText(rng)


def _human(year: int, month: int | None, day: int | None, clock: str | None = None) -> str:
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTHS[month]} {year}"
    text = f"{day} {MONTHS[month]} {year}"
    return f"{text}, {clock}" if clock else text


def _date(rng: random.Random) -> tuple[str, str, tuple, int, int | None, int | None]:
    """A date string at a realistic mix of precisions, its human form and a sort key."""
    year = FIRST_YEAR + rng.randrange(YEARS)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    roll = rng.random()
    if roll < 0.03:
        return f"{year:04d}", _human(year, None, None), (year, 0, 0, -1), year, None, None
    if roll < 0.13:
        return f"{year:04d}-{month:02d}", _human(year, month, None), (year, month, 0, -1), year, month, None
    if roll < 0.23:
        hour, minute = rng.randrange(24), rng.randrange(60)
        offset = rng.choice(OFFSETS)
        seconds = f":{rng.randrange(60):02d}" if rng.random() < 0.2 else ""
        text = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}{seconds}{offset}"
        human = _human(year, month, day, f"{hour:02d}:{minute:02d}{seconds} UTC{offset}")
        return text, human, (year, month, day, hour * 60 + minute), year, month, day
    return f"{year:04d}-{month:02d}-{day:02d}", _human(year, month, day), (year, month, day, -1), year, month, day


def _end_date(rng: random.Random, year: int, month: int | None, day: int | None) -> str | None:
    """An end date after the start, at the start's precision (timed and year-precision events get none)."""
    if month is None:
        return None
    if day is None:  # month precision: a later month
        later = month + rng.randint(1, 5)
        return f"{year + (later - 1) // 12:04d}-{(later - 1) % 12 + 1:02d}"
    later_day = day + rng.randint(1, 20)
    if later_day <= 28:
        return f"{year:04d}-{month:02d}-{later_day:02d}"
    nm = month % 12 + 1
    return f"{year + (month == 12):04d}-{nm:02d}-{later_day - 28:02d}"


@lru_cache(maxsize=2)
def build_corpus(n_events: int, seed: int = 1, vocabulary: str = "wordfreq") -> Corpus:
    """The seeded model every writer uses (cached, so the three corpora of one N agree)."""
    rng = random.Random(seed)
    text = _text(rng, vocabulary)

    tags = sorted({_slug(f"{a} {b}") for a, b in zip(text.words(400), text.words(400)) if a != b})[:N_TAGS]

    actors: dict[str, dict] = {}
    for i in range(N_ACTORS):
        kind = ACTOR_KINDS[i % len(ACTOR_KINDS)]
        if kind == "person":
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        else:
            name = f"{rng.choice(NAME_PARTS).title()} {rng.choice(NAME_PARTS).title()} {rng.choice(NAME_NOUNS).title()}"
        record = {"name": name, "kind": kind}
        if rng.random() < 0.6:
            record["description"] = text.paragraph(rng.randint(1, 3))
        if rng.random() < 0.3:
            record["aliases"] = [f"{name} ({text.word()})" for _ in range(rng.randint(1, 3))]
        actors[f"{_slug(name)}-{i}"] = record

    places: dict[str, dict] = {}
    for i in range(N_PLACES):
        name = (rng.choice(PLACE_ROOTS) + rng.choice(PLACE_ROOTS) + rng.choice(PLACE_ROOTS)).title()
        record = {"name": name, "country": rng.choice(("Afghanistan", "Pakistan", "Tajikistan", "Iran", "Uzbekistan"))}
        if rng.random() < 0.7:
            record["region"] = f"{name} Province"
        if rng.random() < 0.8:
            record["lat"] = round(rng.uniform(29.0, 38.5), 4)
            record["lon"] = round(rng.uniform(60.5, 75.0), 4)
        places[f"{_slug(name)}-{i}"] = record

    sources: dict[str, dict] = {}
    for i in range(max(20, n_events // 10)):
        y = FIRST_YEAR + rng.randrange(YEARS)
        published = f"{y:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = " ".join(text.words(rng.randint(5, 12))).capitalize()
        sid = f"{_slug(' '.join(title.split()[:4]))}-{published}-{i}"
        record = {
            "title": title,
            "publisher": rng.choice(("Wire Service", "Daily Chronicle", "Evening Post", "Radio Free News", "The Observer Weekly")),
            "published": published,
            "url": f"https://news.example.org/{y}/{sid}",
            "language": rng.choice(("en", "en", "en", "fr", "de", "ps", "fa")),
        }
        if rng.random() < 0.5:
            record["author"] = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if rng.random() < 0.2:
            record["archived_url"] = f"https://archive.example.org/web/{y}/{sid}"
        if rng.random() < 0.15:
            record["notes"] = text.paragraph(2)
        sources[sid] = record
    source_ids = list(sources)
    actor_ids = list(actors)
    place_ids = list(places)

    dated = sorted((_date(rng) for _ in range(n_events)), key=lambda d: d[2])
    events: list[Event] = []
    for i, (date, human, key, year, month, day) in enumerate(dated):
        title_words = text.words(rng.randint(6, 14))
        title = " ".join(title_words).capitalize()
        event_id = f"{_slug(' '.join(title_words[:4]))}-{i}"
        summary = "\n\n".join(text.paragraph(rng.randint(2, 3)) for _ in range(rng.randint(1, 2)))
        body = None
        if rng.random() < 0.95:
            parts = [text.paragraph(rng.randint(3, 5)) for _ in range(rng.randint(3, 4))]
            items = "\n".join(f"- {text.paragraph(1)}" for _ in range(rng.randint(2, 5)))
            parts.insert(1, items)
            body = "\n\n".join(parts)
        ev_actors = rng.sample(actor_ids, rng.randint(1, 4))
        refs = []
        for sid in rng.sample(source_ids, rng.randint(1, 2)):
            ref = {"source": sid}
            if rng.random() < 0.5:
                ref["quote"] = text.paragraph(1)
            if rng.random() < 0.1:
                ref["note"] = text.paragraph(1)
            refs.append(ref)
        event = Event(
            id=event_id,
            year=year,
            date=date,
            human_date=human,
            sort_key=key,
            title=title,
            summary=summary,
            body=body,
            place=rng.choice(place_ids) if rng.random() < 0.9 else None,
            actors=ev_actors,
            tags=rng.sample(tags, rng.randint(0, 3)),
            status=rng.choice(STATUSES),
            sources=refs,
        )
        if rng.random() < 0.08 and key[3] < 0:  # timed events get no end date (UTC offsets could reorder them)
            event.end_date = _end_date(rng, year, month, day)
        if rng.random() < 0.05:
            event.approximate = True
        if rng.random() < 0.02:
            event.display_date = f"{rng.choice(('Pre-dawn', 'Late evening', 'Around noon'))}, {human}"
        if rng.random() < 0.2:
            for _ in range(rng.randint(1, 2)):
                quote = {"text": text.paragraph(1), "by": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                         "source": rng.choice(refs)["source"]}
                if rng.random() < 0.5:
                    quote["role"] = f"{rng.choice(('provincial', 'district', 'national'))} {rng.choice(('spokesman', 'governor', 'police chief'))}"
                event.quotes.append(quote)
        if rng.random() < 0.15:
            for party in ev_actors[: rng.randint(1, 2)]:
                entry = {"party": party, "source": refs[0]["source"]}
                if rng.random() < 0.9:
                    entry["killed"] = rng.randint(0, 60)
                if rng.random() < 0.6:
                    entry["wounded"] = rng.randint(0, 150)
                qualifier = rng.choice(QUALIFIERS)
                if qualifier:
                    entry["qualifier"] = qualifier
                event.casualties.append(entry)
        if i and rng.random() < 0.2:
            event.related = sorted({events[rng.randrange(max(0, i - 200), i)].id for _ in range(rng.randint(1, 3))})
        if rng.random() < 0.05:
            event.updates.append({"date": f"{min(year + 1, 2030):04d}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                                  "note": "Corrected the " + rng.choice(("casualty figures", "date", "place", "spelling of a name")) + "."})
        events.append(event)
    return Corpus(events, sources, actors, places, tags)


# -- writers --------------------------------------------------------------------

q = json.dumps  # a JSON string is a valid YAML double-quoted scalar


def _block(text: str, indent: str) -> str:
    """A YAML literal block scalar (``|``) at the given indentation."""
    return "|\n" + "\n".join(indent + line if line else "" for line in text.split("\n")) + "\n"


def _event_yaml(e: Event) -> str:
    out = [f"date: {q(e.date)}\n"]
    if e.end_date:
        out.append(f"end_date: {q(e.end_date)}\n")
    if e.approximate:
        out.append("approximate: true\n")
    if e.display_date:
        out.append(f"display_date: {q(e.display_date)}\n")
    out.append(f"title: {q(e.title)}\n")
    out.append("summary: " + _block(e.summary, "  "))
    if e.body:
        out.append("body: " + _block(e.body, "  "))
    if e.place:
        out.append(f"place: {e.place}\n")
    out.append("actors:\n" + "".join(f"  - {a}\n" for a in e.actors))
    if e.tags:
        out.append("tags:\n" + "".join(f"  - {t}\n" for t in e.tags))
    if e.status:
        out.append(f"status: {e.status}\n")
    out.append("sources:\n")
    for ref in e.sources:
        out.append(f"  - source: {ref['source']}\n")
        if "quote" in ref:
            out.append(f"    quote: {q(ref['quote'])}\n")
        if "note" in ref:
            out.append(f"    note: {q(ref['note'])}\n")
    if e.quotes:
        out.append("quotes:\n")
        for quote in e.quotes:
            out.append(f"  - text: {q(quote['text'])}\n    by: {q(quote['by'])}\n")
            if "role" in quote:
                out.append(f"    role: {q(quote['role'])}\n")
            out.append(f"    source: {quote['source']}\n")
    if e.casualties:
        out.append("casualties:\n")
        for c in e.casualties:
            out.append(f"  - party: {c['party']}\n")
            for k in ("killed", "wounded", "qualifier"):
                if k in c:
                    out.append(f"    {k}: {c[k]}\n")
            out.append(f"    source: {c['source']}\n")
    if e.related:
        out.append("related:\n" + "".join(f"  - {r}\n" for r in e.related))
    if e.updates:
        out.append("updates:\n" + "".join(f"  - date: {q(u['date'])}\n    note: {q(u['note'])}\n" for u in e.updates))
    return "".join(out)


def _record_yaml(record: dict, indent: str) -> str:
    out = []
    for key, value in record.items():
        if isinstance(value, list):
            out.append(f"{indent}{key}:\n" + "".join(f"{indent}  - {q(v)}\n" for v in value))
        elif isinstance(value, float):
            out.append(f"{indent}{key}: {value}\n")
        elif key in ("description", "notes"):
            out.append(f"{indent}{key}: " + _block(value, indent + "  "))
        else:
            out.append(f"{indent}{key}: {q(value)}\n")
    return "".join(out)


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)


ABOUT_MD = """# About this chronology

This is a **synthetic** chronology written by `benchmarks/corpus.py` to
measure how timeline-site scales. Every event, article, actor and place in it
is invented; the text is random words.
"""


def generate(root: Path, n_events: int, seed: int = 1, vocabulary: str = "wordfreq") -> Path:
    """Write a timeline-site project with ``n_events`` events into ``root``; return ``root``."""
    corpus = build_corpus(n_events, seed, vocabulary)
    root = Path(root)
    content = root / "content"
    for sub in ("events", "sources", "pages"):
        (content / sub).mkdir(parents=True, exist_ok=True)
    for year in {e.year for e in corpus.events}:
        (content / "events" / str(year)).mkdir(exist_ok=True)
    for e in corpus.events:
        _write(content / "events" / str(e.year) / f"{e.id}.yaml", _event_yaml(e))
    for sid, record in corpus.sources.items():
        _write(content / "sources" / f"{sid}.yaml", _record_yaml(record, ""))
    _write(content / "actors.yaml", "".join(f"{aid}:\n{_record_yaml(r, '  ')}" for aid, r in corpus.actors.items()))
    _write(content / "places.yaml", "".join(f"{pid}:\n{_record_yaml(r, '  ')}" for pid, r in corpus.places.items()))
    _write(content / "pages" / "about.md", ABOUT_MD)
    _write(
        root / "mkdocs.yml",
        f"site_name: {q(f'Synthetic chronology ({n_events} events)')}\n"
        "docs_dir: content/pages\n"
        "theme:\n"
        "  name: timeline\n"  # the packaged theme, from the generator package that builds (PYTHONPATH decides which)
        "plugins:\n"
        "  - timeline\n",
    )
    return root


def _event_markdown(e: Event, corpus: Corpus, titles: dict[str, str]) -> str:
    """One event as a plain Markdown page with what our event page shows."""
    place = corpus.places[e.place]["name"] if e.place else None
    when = e.display_date or (("c. " if e.approximate else "") + e.human_date)
    if e.end_date:
        when += f" – {e.end_date}"
    meta = [f"*{when}*"] + ([place] if place else []) + [e.status or "reported"]
    out = [f"# {e.title}\n\n", " · ".join(meta), "\n\n", e.summary, "\n\n"]
    if e.body:
        out += [e.body, "\n\n"]
    out.append("## Actors\n\n" + "".join(f"- {corpus.actors[a]['name']}\n" for a in e.actors) + "\n")
    if e.tags:
        out.append("**Tags:** " + ", ".join(e.tags) + "\n\n")
    if e.quotes:
        out.append("## Quotes\n\n")
        for quote in e.quotes:
            out.append(f"> {quote['text']}\n>\n> — {quote['by']}" + (f", {quote['role']}" if "role" in quote else "") + "\n\n")
    if e.casualties:
        out.append("## Casualties\n\n| party | killed | wounded |\n| --- | --- | --- |\n")
        for c in e.casualties:
            out.append(f"| {corpus.actors[c['party']]['name']} | {c.get('killed', '')} | {c.get('wounded', '')} |\n")
        out.append("\n")
    out.append("## Sources\n\n")
    for ref in e.sources:
        s = corpus.sources[ref["source"]]
        out.append(f"- [{s['title']}]({s['url']}) — {s['publisher']}, {s['published']}\n")
        if "quote" in ref:
            out.append(f"\n    > {ref['quote']}\n\n")
    if e.related:
        out.append("\n## Related\n\n" + "".join(f"- [{titles[r]}]({r}.md)\n" for r in e.related))
    if e.updates:
        out.append("\n## Corrections\n\n" + "".join(f"- {u['date']}: {u['note']}\n" for u in e.updates))
    return "".join(out)


def generate_markdown_baseline(root: Path, n_events: int, seed: int = 1, vocabulary: str = "wordfreq") -> Path:
    """The same events as plain Markdown pages for a stock ``mkdocs build``.

    ``docs/events/<id>.md`` per event, a home page, the built-in ``mkdocs``
    theme, the nav listing only the home page, and ``plugins: []`` -- which
    also disables MkDocs' default search plugin, so that the comparison is of
    page pipelines only (our build makes its own search index; count that
    when reading the ratio).
    """
    corpus = build_corpus(n_events, seed, vocabulary)
    root = Path(root)
    events_dir = root / "docs" / "events"
    events_dir.mkdir(parents=True, exist_ok=True)
    titles = {e.id: e.title for e in corpus.events}
    for e in corpus.events:
        _write(events_dir / f"{e.id}.md", _event_markdown(e, corpus, titles))
    _write(root / "docs" / "index.md", f"# Synthetic chronology\n\n{n_events} events, one page each under `events/`.\n")
    _write(
        root / "mkdocs.yml",
        f"site_name: {q(f'Markdown baseline ({n_events} events)')}\n"
        "theme:\n  name: mkdocs\n"
        "nav:\n  - Home: index.md\n"
        "plugins: []  # no search: compare page pipelines only\n"
        "validation:\n  nav:\n    omitted_files: ignore\n",
    )
    return root


HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

HUGO_SINGLE = """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Params.date_text }}">{{ .Params.human_date }}</time>{{ with .Params.place }} · {{ . }}{{ end }} · {{ .Params.status }}</p>
{{ .Content }}
{{ with .Params.actors }}<h2>Actors</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.tags }}<p>Tags: {{ delimit . ", " }}</p>{{ end }}
{{ with .Params.sources }}<h2>Sources</h2><ul>{{ range . }}<li><a href="{{ .url }}">{{ .title }}</a> — {{ .publisher }}{{ with .quote }}<blockquote>{{ . | markdownify }}</blockquote>{{ end }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.related }}<h2>Related</h2><ul>{{ range . }}<li><a href="{{ .url }}">{{ .title }}</a></li>{{ end }}</ul>{{ end }}
</article>
{{ end }}
"""

HUGO_LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ len .RegularPagesRecursive }} events; the first 20:</p>
<ul>{{ range first 20 .RegularPagesRecursive }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"""


def _hugo_date(date: str) -> str:
    """A full timestamp Hugo accepts for the page date (the written form goes to params)."""
    if len(date) == 4:
        return f"{date}-01-01"
    if len(date) == 7:
        return f"{date}-01"
    if "T" in date and date.count(":") == 2:  # no seconds: add them
        return date[:16] + ":00" + date[16:]
    return date


def generate_hugo(root: Path, n_events: int, seed: int = 1, vocabulary: str = "wordfreq") -> Path:
    """The same events as Hugo content pages (``content/events/<id>.md``) with a minimal layout.

    Taxonomy, term, RSS, sitemap, robots and 404 pages are disabled so that
    Hugo renders one page per event plus a home and a section list.
    """
    corpus = build_corpus(n_events, seed, vocabulary)
    root = Path(root)
    events_dir = root / "content" / "events"
    events_dir.mkdir(parents=True, exist_ok=True)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    titles = {e.id: e.title for e in corpus.events}
    for e in corpus.events:
        place = corpus.places[e.place]["name"] if e.place else None
        params = {
            "date_text": e.date,
            "human_date": e.display_date or (("c. " if e.approximate else "") + e.human_date),
            "status": e.status or "reported",
            "place": place,
            "actors": [corpus.actors[a]["name"] for a in e.actors],
            "tags": e.tags,
            "sources": [
                {**{k: corpus.sources[r["source"]][k] for k in ("title", "url", "publisher")}, **({"quote": r["quote"]} if "quote" in r else {})}
                for r in e.sources
            ],
            "related": [{"title": titles[r], "url": f"/events/{r}/"} for r in e.related],
        }
        front = f"---\ntitle: {q(e.title)}\ndate: {q(_hugo_date(e.date))}\nparams: {json.dumps(params, ensure_ascii=False)}\n---\n"
        body = e.summary + "\n\n" + (e.body + "\n" if e.body else "")
        if e.quotes:
            body += "\n## Quotes\n\n" + "".join(f"> {qt['text']}\n>\n> — {qt['by']}\n\n" for qt in e.quotes)
        _write(events_dir / f"{e.id}.md", front + body)
    _write(root / "content" / "_index.md", "---\ntitle: \"Synthetic chronology\"\n---\n")
    _write(root / "content" / "events" / "_index.md", "---\ntitle: \"Events\"\n---\n")
    _write(layouts / "baseof.html", HUGO_BASEOF)
    _write(layouts / "single.html", HUGO_SINGLE)
    _write(layouts / "list.html", HUGO_LIST)
    _write(
        root / "hugo.toml",
        'baseURL = "https://example.org/"\n'
        f'title = "Hugo baseline ({n_events} events)"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n',
    )
    return root


if __name__ == "__main__":  # python benchmarks/corpus.py OUT_DIR N [SEED [VOCABULARY]]
    import time

    out_dir, n = Path(sys.argv[1]), int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    vocabulary = sys.argv[4] if len(sys.argv) > 4 else "wordfreq"
    for name, writer in (("timeline", generate), ("mkdocs", generate_markdown_baseline), ("hugo", generate_hugo)):
        start = time.perf_counter()
        writer(out_dir / name, n, seed, vocabulary)
        print(f"{name}: {n} events in {time.perf_counter() - start:.2f} s -> {out_dir / name}", file=sys.stderr)
