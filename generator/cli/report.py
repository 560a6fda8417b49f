"""How the ``timeline`` command prints content errors: text, JSON, or GitHub annotations."""

from __future__ import annotations

import json
import sys

from generator.content.errors import ContentError


def print_errors(errors: list[ContentError], fmt: str = "text", stream=None) -> None:
    """Print errors as ``path:line:col: message`` text (to stderr), JSON or GitHub annotations (to stdout)."""
    stream = stream or sys.stderr
    if fmt == "json":
        json.dump([e.__dict__ for e in errors], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    for error in errors:
        if fmt == "github":
            message = error.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::error file={error.path},line={error.line},col={error.column}::{message}", file=sys.stdout)
        else:
            print(error, file=stream)
    if fmt == "text":
        print(f"{len(errors)} error(s); nothing was written.", file=stream)
