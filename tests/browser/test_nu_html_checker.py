"""The W3C Nu HTML checker (npm's ``vnu-jar``, run with ``java``) finds no error in any HTML file of the
built demo site, in English and in Dari, nor of the small fixture site (its month pages).

One java process checks every file (the checker is slow to start). Not a browser test, but it needs
``tests/node_modules`` (this folder's ``node_modules`` fixture) and the sites the browser tests build.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest


def nu_errors(vnu_jar: Path, files: list[Path]) -> list[str]:
    """The checker's errors on ``files``, one ``file:line: message`` each."""
    java = shutil.which("java")
    if not java:
        pytest.fail("java not found on PATH: the Nu HTML checker needs it (Debian: apt-get install default-jre-headless)",
                    pytrace=False)
    result = subprocess.run(
        [java, "-jar", str(vnu_jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    # The JSON report is on stderr; the exit code is 1 when there are errors, which the report lists.
    assert result.returncode in (0, 1), f"vnu.jar exited with {result.returncode}:\n{result.stderr[-2000:]}"
    report = json.loads(result.stderr)
    return [
        f"{m.get('url', '?').removeprefix('file:')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"] if m["type"] in ("error", "non-document-error")
    ]


def test_the_checker_reports_an_error(vnu_jar: Path, tmp_path: Path) -> None:
    """The checker runs and its report is read: a broken page gives its error (else 0 errors proves nothing)."""
    broken = tmp_path / "broken.html"
    broken.write_text('<!DOCTYPE html>\n<html lang="en"><head><title>t</title></head>\n<body><p>a</span></body></html>\n',
                      encoding="utf-8")
    errors = nu_errors(vnu_jar, [broken])
    assert any(error.startswith(f"{broken}:3: ") and "span" in error for error in errors), errors


def test_every_page_has_no_html_error(vnu_jar: Path, site_dir: Path, dari_site: Path, small_site: Path) -> None:
    files = [page for site in (site_dir, dari_site, small_site) for page in sorted(site.rglob("*.html"))]
    assert len(files) > 200, f"only {len(files)} HTML files in the built sites"
    errors = nu_errors(vnu_jar, files)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:100])
