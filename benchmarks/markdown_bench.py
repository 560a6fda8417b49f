"""The Markdown stage alone: every Markdown text of a corpus rendered by each engine, interleaved.

    python benchmarks/markdown_bench.py PROJECT_DIR [--rounds 3] [--engines python-markdown,markdown-it,current]

Reads the project's content once (as a build does), collects its Markdown texts in the
build's order (``markdown_texts``), then in each round renders all of them with each
engine in turn, in this one process, without the cache: round 1 of every engine, then
round 2, so that a slow spell of a shared machine hits every engine alike. Each engine
includes the nh3 sanitizer, as a build does (``--no-sanitize`` leaves it out).

Engines: ``python-markdown`` (Python-Markdown with sane_lists, the renderer before
December 2026), ``markdown-it`` (markdown-it-py, CommonMark), ``cmark`` (cmark-gfm's
C CommonMark through the ``cmarkgfm`` package, if installed; not a dependency) and
``current`` (what ``generator.render.markdown`` renders today, whichever engine that is).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

import nh3

from generator.chronology import build_chronology
from generator.content.reader import read_content
from generator.render import markdown as current
from generator.runtime import loading_without_gc


def _sanitizer(enabled: bool) -> Callable[[str], str]:
    if not enabled:
        return lambda html: html
    return lambda html: nh3.clean(html, tags=current.ALLOWED_TAGS, attributes=current.ALLOWED_ATTRIBUTES,
                                  url_schemes=current.URL_SCHEMES, link_rel="noopener noreferrer")


def python_markdown(clean: Callable[[str], str]) -> Callable[[str], str]:
    import markdown

    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    return lambda text: clean(md.reset().convert(text))


def markdown_it(clean: Callable[[str], str]) -> Callable[[str], str]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    return lambda text: clean(md.render(text))


def cmark(clean: Callable[[str], str]) -> Callable[[str], str]:
    import cmarkgfm  # not a dependency: pip install cmarkgfm to compare (cmark-gfm, the C reference implementation)
    from cmarkgfm.cmark import Options

    return lambda text: clean(cmarkgfm.markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE))


def current_engine(clean: Callable[[str], str]) -> Callable[[str], str]:
    renderer = current.MarkdownRenderer()

    def render(text: str) -> str:
        renderer._cache.clear()  # render every time, as for a new text (the sanitizer is the module's own)
        return str(renderer(text))

    return render


ENGINES = {"python-markdown": python_markdown, "markdown-it": markdown_it, "cmark": cmark, "current": current_engine}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/markdown_bench.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a timeline-site project (e.g. benchmarks/out/10000/timeline)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--engines", default="python-markdown,markdown-it,current")
    parser.add_argument("--no-sanitize", action="store_true", help="time the Markdown engines without nh3")
    args = parser.parse_args(argv)
    engines = [name.strip() for name in args.engines.split(",") if name.strip()]
    with loading_without_gc():
        content = read_content(args.project / "content", args.project)
    texts = [text for text in dict.fromkeys(current.markdown_texts(build_chronology(content))) if text]
    chars = sum(len(text) for text in texts)
    print(f"{len(texts)} distinct Markdown texts, {chars / 1e6:.1f} M characters; engines: {', '.join(engines)}"
          f"{' (without nh3)' if args.no_sanitize else ' (each with nh3)'}")
    times: dict[str, list[float]] = {name: [] for name in engines}
    for round_no in range(1, args.rounds + 1):
        for name in engines:
            render = ENGINES[name](_sanitizer(not args.no_sanitize))
            gc.collect()
            start = time.process_time()
            for text in texts:
                render(text)
            times[name].append(time.process_time() - start)
            print(f"round {round_no}: {name} {times[name][-1]:.2f} s CPU", file=sys.stderr, flush=True)
    base = statistics.median(times[engines[0]])
    print("| engine | median s CPU | min | max | µs/text | × " + engines[0] + " |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in engines:
        med = statistics.median(times[name])
        print(f"| {name} | {med:.2f} | {min(times[name]):.2f} | {max(times[name]):.2f} | "
              f"{med / len(texts) * 1e6:.0f} | {med / base:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
