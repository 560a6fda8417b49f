"""``timeline init DIR [--empty] [--title TITLE] [--url URL] [--requirement SPEC]``: start a chronology
project from the installed package alone (``generator.editorial.new_project`` makes the files).

Exit codes: 0 created; 1 the folder cannot take a new project (not empty, a file, not
writable), and nothing was written; 2 usage errors (an empty or overlong title, a URL that is
not a web address, an empty requirement).
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from generator.editorial.new_project import (
    folder_problem, project_files, requirement, requirement_problem, site_name_problem, site_url_problem, write_project,
)

DEFAULT_NAME = "Chronology"
EXAMPLE_SOURCE = "example-article"


def cmd_init(args: argparse.Namespace) -> int:
    """Write a new project into ``args.folder`` and say what to do next."""
    folder = Path(args.folder)
    site_name = args.title if args.title is not None else (folder.absolute().resolve().name or DEFAULT_NAME)
    for option, problem in [("--title", site_name_problem(site_name)),
                            ("--url", args.url is not None and site_url_problem(args.url)),
                            ("--requirement", args.requirement is not None and requirement_problem(args.requirement))]:
        if problem:
            print(f"timeline init: {option}: {problem}", file=sys.stderr)
            return 2
    problem = folder_problem(folder)
    if problem:
        print(f"timeline init: {problem}; nothing was written", file=sys.stderr)
        return 1
    spec = _requirement_line(args.requirement) if args.requirement is not None else None
    files = project_files(site_name, example=not args.empty, url=args.url, requirement_line=spec)
    try:
        write_project(folder, files)
    except OSError as exc:
        where = exc.filename or folder
        print(f"timeline init: cannot write {where}: {exc.strerror or exc}; nothing was written into {folder}",
              file=sys.stderr)
        return 1
    print(_report(folder, " ".join(site_name.split()), sorted(files), args.empty))
    print(_settings_report(args.url, spec))
    return 0


def _requirement_line(spec: str) -> str:
    """``--requirement`` as requirements.txt holds it: a local file (a wheel) by its absolute path, since
    pip reads the file from the project's folder; anything else (a name, a URL, git+https://…) as given."""
    spec = spec.strip()
    path = Path(spec).expanduser()
    return str(path.resolve()) if path.is_file() else spec


def _settings_report(url: str | None, spec: str | None) -> str:
    """What the project installs and where it is published, and how to change either."""
    lines = [""]
    if spec is None:
        lines += [f"requirements.txt installs {requirement()} from the package index, which is what the GitHub",
                  "workflow installs too. Before that version is published there, put in requirements.txt what",
                  "pip can install (or give it with --requirement), e.g. git+https://github.com/OWNER/REPO@TAG",
                  "or a wheel's URL."]
    elif Path(spec).is_absolute() and Path(spec).is_file():
        lines += [f"requirements.txt installs {spec}, a file on this machine: the GitHub workflow cannot reach",
                  "it. Commit the wheel into the project and name it ./FILE.whl, or give a URL instead."]
    else:
        lines += [f"requirements.txt installs {spec} (the GitHub workflow installs the same)."]
    if url is None:
        lines += ["site_url is not set: set it in mkdocs.yml to the published address (such as",
                  "https://OWNER.github.io/REPO/), or the feed's ids are relative, there is no sitemap and",
                  "calendar UIDs are not unique."]
    return "\n".join(lines)


def _report(folder: Path, site_name: str, paths: list[str], empty: bool) -> str:
    """What was made, and the commands to run next (each with what it is for)."""
    here = folder.absolute().resolve() == Path.cwd().resolve()
    kind = "an empty chronology" if empty else "a chronology with one example event"
    lines = [f"Created {kind} in {folder}{os.sep} (site name: {site_name}):"]
    lines += [f"  {path}" for path in paths]
    source = "ARTICLE-ID" if empty else EXAMPLE_SOURCE
    new_event = ("a new event; first add the article it comes from as content/sources/ARTICLE-ID.yaml "
                 "(title: …)") if empty else "a new event file under content/events/"
    git = "git add . && git commit -m \"A new chronology\"" if (folder / ".git").exists() \
        else "git init && git add . && git commit -m \"A new chronology\""
    steps = [
        ("" if here else f"cd {shlex.quote(str(folder))} && ") + "timeline serve",
        "preview the site on http://127.0.0.1:8000/; it updates as you save",
        f"timeline new --date 2024-05-20 --title \"What happened\" --source {source}",
        new_event,
        "timeline check",
        "validate the content (also a pre-commit hook: pip install pre-commit; pre-commit install)",
        git,
        "then push to GitHub: .github/workflows/site.yml checks, builds and publishes the site",
    ]
    lines += ["", "Next:"]
    for command, purpose in zip(steps[::2], steps[1::2]):
        lines += [f"  {command}", f"      {purpose}"]
    if not empty:
        lines += ["", "The example event and its source say what each field is for; delete them when you start."]
    return "\n".join(lines)


def add_command(sub) -> None:
    """Register ``init`` on the ``timeline`` parser."""
    init = sub.add_parser("init", help="start a new chronology project in a new or empty folder",
                          description="Start a new chronology project: mkdocs.yml, content/ (with one example "
                                      "event unless --empty), pages, .gitignore, a pre-commit hook and a GitHub "
                                      "workflow. Refuses a folder that is not empty.")
    init.add_argument("folder", nargs="?", default=".", metavar="DIR",
                      help="the project's folder; created if missing, else it must be empty (default: here)")
    init.add_argument("--empty", action="store_true", help="no example event, source, actor or place")
    init.add_argument("--title", help="the site's name (default: the folder's name)")
    init.add_argument("--url", metavar="URL",
                      help="the address the site is published at (site_url in mkdocs.yml): canonical links, "
                           "the feed, the sitemap and calendar UIDs use it")
    init.add_argument("--requirement", metavar="SPEC",
                      help="what requirements.txt (and so the GitHub workflow) installs: a pip requirement, "
                           "e.g. git+https://github.com/OWNER/REPO@TAG, a wheel's URL or path "
                           "(default: timeline-site at the version now installed)")
    init.set_defaults(func=cmd_init)
