"""The ready-made automation files parse and call commands that exist."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.cli.main import build_parser

REPO = Path(__file__).resolve().parent.parent


def subcommands() -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return set(sub.choices)


def test_pre_commit_hook_runs_timeline_check():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["timeline-check"]
    assert hooks[0]["entry"] == "timeline check" and "check" in subcommands()
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert config["repos"][0]["hooks"][0]["entry"] == "timeline check"


def test_workflow_checks_builds_publishes_and_posts_the_diff():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text())
    steps = [step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]
    commands = {line.split()[1] for run in steps for line in run.splitlines() if line.startswith("timeline ")}
    assert commands == {"check", "build", "diff"} and commands <= subcommands()
    assert any("--format github" in run for run in steps)
    assert any("gh pr comment" in run for run in steps)
    assert "deploy" in workflow["jobs"]
