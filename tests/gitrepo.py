"""A real git repository in a temporary folder, for the history and diff tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class Repo:
    """A git repository in a temporary folder; every commit has a set date and author."""

    def __init__(self, root: Path, home: Path):
        self.root = root
        self.env = {
            **os.environ,
            "HOME": str(home),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
            "GIT_AUTHOR_NAME": "Ann Editor",
            "GIT_AUTHOR_EMAIL": "editor@example.org",
            "GIT_COMMITTER_NAME": "CI",
            "GIT_COMMITTER_EMAIL": "editor@example.org",
        }
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: dict | None = None, cwd: Path | None = None) -> str:
        """Run git here (or in ``cwd``) and return its output; fail the test if git fails."""
        proc = subprocess.run(["git", *args], cwd=cwd or self.root, env={**self.env, **(env or {})},
                              capture_output=True, text=True, check=True)
        return proc.stdout

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def remove(self, path: str) -> None:
        (self.root / path).unlink()

    def commit(self, subject: str, when: str = "2015-10-01T12:00:00+04:30", author: str = "Ann Editor") -> str:
        """Commit everything with this subject, date and author; return the commit id."""
        self.git("add", "-A")
        self.git("commit", "-q", "-m", subject,
                 env={"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
        return self.git("rev-parse", "HEAD").strip()
