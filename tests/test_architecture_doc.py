"""README's architecture section shows the build pipeline as the code has it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_readmes_pipeline_lines_are_the_codes_in_its_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    shown = [line.strip() for line in re.search(r"```python\n(.*?)```", section, re.S)[1].splitlines() if line.strip()]
    code = [line.strip() for line in (ROOT / "generator/pipeline/site_build.py").read_text(encoding="utf-8").splitlines()]
    assert len(shown) >= 7
    at = 0
    for line in shown:  # each shown line is a line of the code, after the one shown before it
        assert line in code[at:], f"README shows a line site_build.py does not have (there, or in this order): {line}"
        at = code.index(line, at) + 1
