"""What the cold build's short cuts make is what the plain ways made: a list entry rendered once and
given each page's way to the root (``PageRenderer.cards``), and the templates' words said in one call
(``i18n.template_gettext``) rather than through Jinja's three."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import jinja2
import pytest
from bs4 import BeautifulSoup

from generator.chronology import build_chronology
from generator.content.reader import read_content
from generator.render import i18n
from generator.render.environment import make_environment, printed_as_is
from generator.render.options import SiteOptions
from generator.render.pages import PageRenderer

REPO = Path(__file__).resolve().parent.parent
SITE = "https://example.org/"


@pytest.fixture
def chronology(write_tree):
    """250 events in two years (the first split by month), tagged, with actors and a place: listings at
    depths from the home page to a tag's third page and the embeds."""
    files = {"content/sources/paper.yaml": "title: Paper\n",
             "content/actors.yaml": "a:\n  name: Alpha & Co\n  kind: group\nb:\n  name: Bravo\n  kind: group\n",
             "content/places.yaml": "kunduz:\n  name: Kunduz\n  lat: 36.7\n  lon: 68.8\n"}
    for n in range(250):
        year, rest = divmod(n, 150)
        month, day = divmod(rest, 25)
        files[f"content/events/{2015 + year}/e{n}.yaml"] = (
            f"date: {2015 + year}-{month + 1:02d}-{day + 1:02d}\ntitle: Event {n} <b>\nsummary: Summary of *{n}*.\n"
            f"tags: [t{n % 2}]\nactors: [{'ab'[n % 2]}]\nplace: kunduz\nsources:\n  - source: paper\n")
    project = write_tree(files)
    return build_chronology(read_content(project / "content", project))


OPTIONS = SiteOptions(site_name="Many", site_url=SITE, list_limit=50, year_split=100, home_limit=80)


def rendered(renderer: PageRenderer) -> dict[str, str]:
    return {page.url: renderer.render(page) for page in renderer.pages()}


class CountingTemplate:
    """A template that counts its renders."""

    def __init__(self, template: jinja2.Template) -> None:
        self.template, self.renders = template, 0

    def render(self, **context) -> str:
        self.renders += 1
        return self.template.render(**context)


def test_each_card_is_rendered_once_and_its_links_lead_to_pages_at_every_depth(chronology):
    renderer = PageRenderer(make_environment(REPO / "site_templates"), chronology, OPTIONS)
    counting = renderer._card_template = CountingTemplate(renderer._card_template)
    pages = rendered(renderer)
    assert {"tags/t0/page/3/", "embed/tags/t0/", "years/2015/01/", ""} <= set(pages)  # depths 0 to 4
    assert counting.renders <= 2 * len(chronology.events)  # once full, once compact: not once per depth
    for url, html in pages.items():
        for card in BeautifulSoup(html, "lxml").select("li.event-card"):
            links = [urljoin(SITE + url, a["href"]).removeprefix(SITE) for a in card.select("a[href]")]
            assert links and all(link in pages for link in links), (url, links)


def test_cards_rendered_before_the_pages_are_all_the_pages_need_and_the_same(chronology):
    """A cold parallel build renders every list entry before forking (``render_cards``): the workers render none."""
    renderer = PageRenderer(make_environment(REPO / "site_templates"), chronology, OPTIONS)
    counting = renderer._card_template = CountingTemplate(renderer._card_template)
    renderer.render_cards()
    assert counting.renders == 2 * len(chronology.events)
    pages = rendered(renderer)
    assert counting.renders == 2 * len(chronology.events)
    assert pages == rendered(PageRenderer(make_environment(REPO / "site_templates"), chronology, OPTIONS))


def test_a_card_template_that_does_more_with_the_root_than_print_it_is_rendered_per_depth(chronology, tmp_path):
    """A project's own card may test or change ``root``: then each depth renders it, as before."""
    override = tmp_path / "theme"
    (override / "partials").mkdir(parents=True)
    (override / "partials" / "event_card.html").write_text(
        '{% set home = root ~ "/" %}<li class="event-card"><a href="{{ home }}events/{{ event.id }}/">'
        '{{ event.title }}</a>{% if root == "." %} (home){% endif %}</li>\n', encoding="utf-8")
    env = make_environment([override, REPO / "site_templates"])
    assert not printed_as_is(env, "partials/event_card.html", "root")
    pages = rendered(PageRenderer(env, chronology, OPTIONS))
    assert "(home)" in pages[""] and "(home)" not in pages["years/2016/"]
    links = [a["href"] for a in BeautifulSoup(pages["tags/t0/page/2/"], "lxml").select("li.event-card a")]
    assert len(links) == OPTIONS.list_limit and all(link.startswith("../../../../events/e") for link in links)


def test_a_card_given_each_pages_root_is_the_card_rendered_there(chronology):
    slot = PageRenderer(make_environment(REPO / "site_templates"), chronology, OPTIONS)
    plain = PageRenderer(make_environment(REPO / "site_templates"), chronology, OPTIONS)
    plain._root_slot = None  # rendered once per depth
    assert slot._root_slot is not None
    assert rendered(slot) == rendered(plain)


@pytest.mark.parametrize("source, printed", [
    ("<a href='{{ root }}/x'>{{ root }}</a>", True),
    ("{{ root | e }}", False),
    ("{% if root %}{{ root }}{% endif %}", False),
    ("{{ root ~ '/' }}", False),
    ("{% include 'other' %}{{ root }}", False),
    ("{% set root = '..' %}{{ root }}", False),
    ("{% for e in xs %}{% if e %}<a href='{{ root }}/{{ e }}'>{% endif %}{% endfor %}", True),
    ("{% filter upper %}{{ root }}{% endfilter %}", False),
    ("{% set x %}{{ root }}{% endset %}{{ x | upper }}", False),
    ("{% macro m() %}{{ root }}{% endmacro %}{{ m() | upper }}", False),
    ("{% autoescape false %}{{ root }}{% endautoescape %}", False),
])
def test_printed_as_is_only_when_the_name_is_only_printed(source, printed):
    env = jinja2.Environment(loader=jinja2.DictLoader({"card": source, "other": ""}), autoescape=True)
    assert printed_as_is(env, "card", "root") is printed


JINJA_CASES = [
    '{{ _("Search") }}|{{ _("Search") }}',
    '{{ _("%(shown)s of %(total)s events shown", shown="<3>", total=7) }}',
    '{{ gettext("Key event") }} {{ _("100%% sure") }}',
    '{% trans count=3, n=words.integer(3) %}{{ n }} event{% pluralize count %}{{ n }} events{% endtrans %}',
    '{% trans count=1, n="<1>" %}{{ n }} event{% pluralize count %}{{ n }} events{% endtrans %}',
    '{{ ngettext("%(num)s event", "%(num)s events", 2) }}',
    '{% autoescape false %}{{ _("%(x)s", x="<i>") }}{{ _("Search") }}{% endautoescape %}{{ _("Search") }}',
]


@pytest.mark.parametrize("language", ["en", "ps", "ru"])
def test_template_words_are_what_jinjas_own_gettext_says(language):
    ours = make_environment(REPO / "site_templates", language)
    theirs = make_environment(REPO / "site_templates", language)
    theirs.install_gettext_translations(i18n.words_for(language, [str(REPO / "site_templates")]).catalog,
                                        newstyle=True)
    theirs.globals["_"] = jinja2.ext._gettext_alias
    assert ours.globals["_"] is not theirs.globals["_"]
    for source in JINJA_CASES:
        expected = theirs.from_string(source).render()
        assert ours.from_string(source).render() == expected, source
        assert ours.from_string(source).render() == expected, source  # said again, from what was kept
