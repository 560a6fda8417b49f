"""A diff written out: one line per record for a terminal, or a Markdown list for a pull request."""

from __future__ import annotations

from generator.editorial.diff.changes import KIND_ORDER, WORKING_TREE, EventChange, code, md_escape, quote, short


def format_text(changes: list[EventChange]) -> str:
    """One line per record: 'changed event x: date 2015-09-28 → 2015-09-29; added source y'."""
    if not changes:
        return "no changes\n"
    lines = []
    for change in changes:
        head = f"{change.kind} {change.record} {change.id}"
        if change.kind == "invalid":
            lines.append(f"{head} in {change.revision}: {change.errors[0]}" + _more(change.errors))
        elif change.kind == "changed":
            lines.append(f"{head}: " + "; ".join(f.text() for f in change.fields))
        else:
            lines.append(head + (f": {quote(short(change.title))}" if change.title else ""))
    return "\n".join(lines) + "\n"


def _more(errors: tuple[str, ...]) -> str:
    return f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""


def format_markdown(changes: list[EventChange], rev_a: str | None = None, rev_b: str | None = None) -> str:
    """A Markdown list for a pull request: a summary line, then one item per record."""
    span = ""
    if rev_a is not None:
        span = f" ({code(rev_a)} → {code(rev_b) if rev_b else WORKING_TREE})"
    if not changes:
        return f"**Timeline changes**{span}: none.\n"
    counts = [f"{sum(c.kind == k for c in changes)} {k}" for k in KIND_ORDER if any(c.kind == k for c in changes)]
    lines = [f"**Timeline changes**{span}: {', '.join(counts)}.", ""]
    for change in changes:
        head = f"- **{change.kind.capitalize()}** {change.record} {code(change.id)}"
        if change.title and change.kind != "invalid":
            head += f": {md_escape(short(change.title))}"
        if change.kind == "invalid":
            head += f" in {change.revision}"
        lines.append(head)
        if change.kind == "changed":
            lines += [f"  - {f.markdown()}" for f in change.fields]
        elif change.kind == "invalid":
            lines += [f"  - {code(e)}" for e in change.errors[:5]]
            if len(change.errors) > 5:
                lines.append(f"  - … and {len(change.errors) - 5} more")
    return "\n".join(lines) + "\n"
