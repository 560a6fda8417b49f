"""How the ``timeline`` command reports problems: content errors (text, JSON or GitHub
annotations), and a failed build in a few lines that say what failed and where, never a
traceback."""

from __future__ import annotations

import errno
import json
import re
import sys
import traceback
from pathlib import Path

from generator.content.errors import ContentError, printable


def print_errors(errors: list[ContentError], fmt: str = "text", stream=None) -> None:
    """Print errors as ``path:line:col: message`` text (to stderr), JSON or GitHub annotations (to stdout)."""
    stream = stream or sys.stderr
    if fmt == "json":
        json.dump([e.__dict__ for e in errors], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    for error in errors:
        if fmt == "github":
            print(_annotation("error", error, error.message), file=sys.stdout)
        else:
            print(error, file=stream)
    if fmt == "text":
        print(f"{len(errors)} error(s); nothing was written.", file=stream)


def print_warnings(warnings: list[ContentError], fmt: str = "text") -> None:
    """Print warnings (whose messages start with ``warning:``): ``path:line:col: warning: …`` text on stderr,
    GitHub warning annotations on stdout; with ``--format json`` as text on stderr, so that stdout stays
    the list of errors."""
    for warning in warnings:
        if fmt == "github":
            print(_annotation("warning", warning, warning.message.removeprefix("warning: ")), file=sys.stdout)
        else:
            print(warning, file=sys.stderr)


def _annotation(level: str, error: ContentError, message: str) -> str:
    """A GitHub Actions workflow command, with its escapes (in its properties ',' and ':' too)."""
    message = printable(message).replace("%", "%25")
    path = printable(error.path).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
    return f"::{level} file={path},line={error.line},col={error.column}::{message}"


def build_error_message(exc: BaseException) -> str:
    """What failed in a build and where: a template's file and line, Pagefind, a file, or our code;
    control characters it quotes are shown escaped."""
    return printable(_build_error_message(exc))


def _build_error_message(exc: BaseException) -> str:
    import jinja2  # only a failed build needs these

    # (the search stage too: a check that fails loads no later stage)
    from generator.pipeline.pagefind_format import SearchIndexError

    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = (f"{_shown(exc.filename)}:{exc.lineno}" if exc.filename
                 else f"{exc.name or 'a template'}, line {exc.lineno}")
        return f"template syntax error in {where}: {exc.message}; fix the template and build again"
    template = _template_frame(exc)
    if template is not None:
        return (f"template error in {_shown(template[0])}:{template[1]}: {_described(exc)}; "
                "fix the template and build again")
    if isinstance(exc, SearchIndexError):
        return f"building the search index: {exc}"
    if isinstance(exc, OSError):
        files = " -> ".join(_shown(f) for f in (exc.filename, exc.filename2) if f)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # from our writes, or Pagefind's (generator/pipeline/pagefind_run.py)
            return f"the disk is full{' (writing ' + files + ')' if files else ''}; free some space and build again"
        return (f"{exc.strerror or exc}{': ' + files if files else ''}; "
                "check that the file can be written and that the disk has room")
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (in {_shown(frames[-1].filename)}:{frames[-1].lineno}, {frames[-1].name})" if frames else ""
    return f"{_described(exc)}{where}; this is a bug in timeline-site: please report it with this message"


def _described(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template (not Python) frame of the error: Jinja rewrites its tracebacks so that
    template lines show as frames. An error from a forked worker carries its traceback as text."""
    frames = [(f.filename, f.lineno) for f in traceback.extract_tb(exc.__traceback__)]
    remote = getattr(exc.__cause__, "tb", None)  # multiprocessing's RemoteTraceback
    if isinstance(remote, str):
        frames += [(name, int(line)) for name, line in re.findall(r'File "(.+?)", line (\d+)', remote)]
    templates = [(name, line) for name, line in frames if not name.endswith(".py") and not name.startswith("<")]
    return templates[-1] if templates else None


def _shown(path: str) -> str:
    """A path relative to the working folder when it is inside it, as editors see it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)
