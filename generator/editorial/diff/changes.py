"""What a diff finds: ``EventChange`` per record, ``FieldChange`` per field, and how one reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

WORKING_TREE = "working tree"  # the label of the newer side when it is the files on disk
RECORD_ORDER = ("event", "source", "actor", "place")
KIND_ORDER = ("added", "changed", "removed", "invalid")
SHORT_TEXT = 80


@dataclass(frozen=True)
class FieldChange:
    """One difference inside a record.

    * a single value: ``field`` changed ``before`` → ``after``, was added
      (``after``) or removed (``before``); long text has neither ("summary changed");
    * an item of a list: ``item`` (a source id, a tag, a quote's speaker) was
      added, removed or changed (``detail`` says how);
    * ``kind == 'note'``: ``detail`` is a whole sentence.

    ``prose`` marks values that are words for people (titles, names), which
    are shown in quotes, rather than ids, dates and codes.
    """

    field: str
    kind: str  # changed | added | removed | note
    before: str | None = None
    after: str | None = None
    item: str | None = None
    detail: str | None = None
    prose: bool = False

    def text(self) -> str:
        """The change as plain text: 'date 2015-09-28 → 2015-09-29', 'added tag x'."""
        return self._render(lambda v: quote(v) if self.prose else v, lambda i: i)

    def markdown(self) -> str:
        """The change as Markdown: ids and dates in code spans, prose quoted and escaped."""
        value = (lambda v: md_escape(quote(v))) if self.prose else code
        item = md_escape if self.prose else code
        return self._render(value, item, md=True)

    def _render(self, value: Callable[[str], str], item: Callable[[str], str], md: bool = False) -> str:
        detail = md_escape(self.detail) if (md and self.detail) else self.detail
        if self.kind == "note":
            return detail or ""
        if self.item is not None:
            head = f"{self.kind} {self.field} {item(self.item)}"
            if self.kind == "changed":
                return f"{head}: {detail}" if detail else head
            return f"{head} ({detail})" if detail else head
        if self.kind == "changed":
            if self.before is None and self.after is None:
                return f"{self.field} changed"
            return f"{self.field} {value(self.before or '')} → {value(self.after or '')}"
        shown = self.after if self.kind == "added" else self.before
        return f"{self.kind} {self.field}" + (f" {value(shown)}" if shown is not None else "")


@dataclass(frozen=True)
class EventChange:
    """A record (event, source, actor or place) that was added, changed, removed, or is invalid."""

    kind: str  # added | changed | removed | invalid
    id: str
    path: str  # repo-relative path of the newer side (the older one for 'removed')
    record: str = "event"
    title: str | None = None
    fields: tuple[FieldChange, ...] = ()
    errors: tuple[str, ...] = ()  # for 'invalid': 'path:line:col: message'
    revision: str = ""  # for 'invalid': the revision label it is invalid in


# -- words ------------------------------------------------------------------------------------


def short(text: str) -> str:
    """The text on one line, cut to ``SHORT_TEXT`` characters with '…'."""
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1].rstrip() + "…"


def quote(text: str) -> str:
    """The text in double quotes."""
    return '"' + text + '"'


def code(text: str) -> str:
    """A Markdown code span (with spaced double backticks when the text holds one)."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def md_escape(text: str) -> str:
    """The text with Markdown's special characters escaped, on one line."""
    out = []
    for ch in text:
        if ch in "\\`*_[]<>|#":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out).replace("\n", " ")
