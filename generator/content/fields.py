"""The content format, declared once.

Each field spec knows how to turn a loaded node into a Python value (appending
a positioned error when it cannot) and how to describe itself in JSON Schema,
so validation and ``timeline schema`` can never disagree.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlsplit

from generator.content.dates import Date, DateError, parse_calendar_day
from generator.content.edtf_dates import DATE_PATTERN_V2, END_DATE_PATTERN_V2
from generator.content.errors import ContentError
from generator.content.yaml_nodes import Mapping, Node, Scalar, Sequence
from generator.content.model import Figure

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX = 80
# version 1's date forms (the JSON Schema of an event date is edtf_dates.DATE_PATTERN_V2, which includes them)
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?[+-][0-9]{2}:[0-9]{2})?)?)?$"
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_SLUG = re.compile(SLUG_PATTERN)
# ASCII digits only: Python's \d also matches other scripts' digits, which int() and float() would read
_INT = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


class Invalid:
    """Marker for a value that failed to convert (its error is already recorded)."""


INVALID = Invalid()
Errors = list[ContentError]


def _scalar(node: Node, errors: Errors, what: str) -> Scalar | None:
    if isinstance(node, Scalar) and not node.is_null:
        return node
    found = "nothing" if isinstance(node, Scalar) else ("a list" if isinstance(node, Sequence) else "a mapping")
    errors.append(node.pos.error(f"expected {what}, found {found}"))
    return None


def is_slug(text: str) -> bool:
    """True for lowercase slugs like 'kunduz-prison' of at most 80 characters."""
    return len(text) <= SLUG_MAX and bool(_SLUG.match(text))


def slug_problem(text: str) -> str:
    """Why ``text`` is not a slug (for error messages)."""
    if len(text) > SLUG_MAX:
        return f"'{text[:20]}…' is longer than {SLUG_MAX} characters"
    suggestion = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    hint = f"; e.g. '{suggestion}'" if suggestion else ""
    return f"'{text}' is not a valid id: use lowercase letters, digits and single hyphens{hint}"


@dataclass(frozen=True)
class Text:
    """Plain one-line or multi-line text."""

    max_length: int | None = None
    markdown: bool = False

    def convert(self, node: Node, errors: Errors) -> Any:
        scalar = _scalar(node, errors, "text")
        if scalar is None:
            return INVALID
        text = scalar.text.strip() if not self.markdown else scalar.text.strip("\n")
        if not text.strip():
            errors.append(node.pos.error("text is empty"))
            return INVALID
        if self.max_length and len(text) > self.max_length:
            errors.append(node.pos.error(f"text is {len(text)} characters long; the limit is {self.max_length}"))
            return INVALID
        return text

    def schema(self) -> dict:
        out: dict = {"type": "string", "minLength": 1}
        if self.max_length:
            out["maxLength"] = self.max_length
        return out


@dataclass(frozen=True)
class Slug:
    """An id: a lowercase slug."""

    def convert(self, node: Node, errors: Errors) -> Any:
        scalar = _scalar(node, errors, "an id")
        if scalar is None:
            return INVALID
        if not is_slug(scalar.text):
            errors.append(node.pos.error(slug_problem(scalar.text)))
            return INVALID
        return scalar.text

    def schema(self) -> dict:
        return {"type": "string", "pattern": SLUG_PATTERN, "maxLength": SLUG_MAX}


@dataclass(frozen=True)
class DateField:
    """A date at any precision (version 1's forms and EDTF level 1); kept as text by the loader, parsed here.

    ``day_only``: a plain ``YYYY-MM-DD`` (a ``datetime.date``). ``allow_open``: ``..`` is accepted too,
    an open end (``OPEN_END``: still going), for ``end_date``.
    """

    day_only: bool = False
    allow_open: bool = False

    def convert(self, node: Node, errors: Errors) -> Any:
        scalar = _scalar(node, errors, "a date")
        if scalar is None:
            return INVALID
        try:
            if self.day_only:
                return parse_calendar_day(scalar.text)
            return Date.parse(scalar.text, allow_open=self.allow_open)
        except DateError as exc:
            errors.append(node.pos.error(str(exc)))
            return INVALID

    def schema(self) -> dict:
        if self.day_only:
            return {"type": "string", "pattern": DAY_PATTERN}
        return {"type": "string", "pattern": END_DATE_PATTERN_V2 if self.allow_open else DATE_PATTERN_V2}


@dataclass(frozen=True)
class Bool:
    """true or false (YAML 1.1's yes/no/on/off are refused as ambiguous)."""

    def convert(self, node: Node, errors: Errors) -> Any:
        scalar = _scalar(node, errors, "true or false")
        if scalar is None:
            return INVALID
        if scalar.plain and scalar.text in ("true", "True", "TRUE"):
            return True
        if scalar.plain and scalar.text in ("false", "False", "FALSE"):
            return False
        errors.append(node.pos.error(f"expected true or false, found '{scalar.text}'"))
        return INVALID

    def schema(self) -> dict:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Number:
    """An integer, or a decimal number when ``integer`` is False, within bounds."""

    integer: bool = True
    minimum: float | None = None
    maximum: float | None = None

    def convert(self, node: Node, errors: Errors) -> Any:
        scalar = _scalar(node, errors, "a number")
        if scalar is None:
            return INVALID
        pattern = _INT if self.integer else _NUMBER
        if not scalar.plain or not pattern.fullmatch(scalar.text):
            kind = "a whole number" if self.integer else "a number"
            errors.append(node.pos.error(f"expected {kind}, found '{scalar.text}'"))
            return INVALID
        value = int(scalar.text) if self.integer else float(scalar.text)
        if not math.isfinite(value) or (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            if self.maximum is None:
                limit = f"must be at least {self.minimum:g}"
            elif self.minimum is None:
                limit = f"must be at most {self.maximum:g}"
            else:
                limit = f"is outside {self.minimum:g}..{self.maximum:g}"
            errors.append(node.pos.error(f"{scalar.text} {limit}"))
            return INVALID
        return value

    def schema(self) -> dict:
        out: dict = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of words."""

    values: tuple[str, ...]

    def convert(self, node: Node, errors: Errors) -> Any:
        scalar = _scalar(node, errors, "one of " + ", ".join(self.values))
        if scalar is None:
            return INVALID
        if scalar.text not in self.values:
            errors.append(node.pos.error(f"'{scalar.text}' is not one of: {', '.join(self.values)}{did_you_mean(scalar.text, self.values)}"))
            return INVALID
        return scalar.text

    def schema(self) -> dict:
        return {"enum": list(self.values)}


@dataclass(frozen=True)
class Url:
    """An absolute http or https URL."""

    def convert(self, node: Node, errors: Errors) -> Any:
        scalar = _scalar(node, errors, "a URL")
        if scalar is None:
            return INVALID
        parts = urlsplit(scalar.text.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c in scalar.text for c in ' "<>'):
            errors.append(node.pos.error(f"'{scalar.text}' is not an http(s) URL; write it as https://…"))
            return INVALID
        return scalar.text.strip()

    def schema(self) -> dict:
        return {"type": "string", "format": "uri", "pattern": "^https?://"}


@dataclass(frozen=True)
class ListOf:
    """A YAML list of one kind of item."""

    item: Any
    min_items: int = 0

    def convert(self, node: Node, errors: Errors) -> Any:
        if not isinstance(node, Sequence):
            errors.append(node.pos.error("expected a list (lines starting with '- ')"))
            return INVALID
        if len(node.items) < self.min_items:
            errors.append(node.pos.error(f"the list needs at least {self.min_items} item(s)"))
            return INVALID
        values = [self.item.convert(child, errors) for child in node.items]
        return INVALID if any(v is INVALID for v in values) else tuple(values)

    def schema(self) -> dict:
        out: dict = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        return out


@dataclass(frozen=True)
class Count:
    """A count of people: a whole number (25) or a range (``{min: 25, max: 30}``, min ≤ max), never negative.

    Either form becomes a ``Figure``; one number is the range of that number.
    """

    def convert(self, node: Node, errors: Errors) -> Any:
        if isinstance(node, Sequence):
            errors.append(node.pos.error("expected a whole number or a range {min: N, max: N}, found a list"))
            return INVALID
        if not isinstance(node, Mapping):
            number = _WHOLE.convert(node, errors)
            return INVALID if number is INVALID else Figure(number, number)
        values = _RANGE.values(node, errors)
        if values is INVALID:
            return INVALID
        low, high = values["min"], values["max"]
        if low > high:
            errors.append(field_node(node, "max").pos.error(
                f"max {high} is less than min {low}; a range goes from the smaller number to the larger: "
                f"{{min: {high}, max: {low}}}"))
            return INVALID
        return Figure(low, high)

    def schema(self) -> dict:
        return {"anyOf": [_WHOLE.schema(), {**_RANGE.schema(), "description": "a range: min ≤ max"}]}


def field_node(mapping: Mapping, name: str) -> Node:
    """The value node of field ``name`` in ``mapping`` (the mapping itself when the field is absent)."""
    for key, node in mapping.items:
        if key.text == name:
            return node
    return mapping


@dataclass(frozen=True)
class FieldSpec:
    """A named field of a record."""

    spec: Any
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Record:
    """A mapping with known fields, built into a model object by ``build``."""

    fields: dict[str, FieldSpec]
    build: Callable[..., Any]
    name: str = "record"
    # Rules across fields: ``check(values, node, errors)`` returns False after recording errors. It runs
    # even when other fields failed (their values are INVALID), so that every error is reported at once.
    check: Callable[[dict, Mapping, Errors], bool] | None = None
    # JSON Schema keywords for those rules (``if``/``then`` …), added to the record's schema.
    schema_rules: dict | None = None

    def values(self, node: Node, errors: Errors) -> dict[str, Any] | Invalid:
        """Convert a mapping to keyword arguments, or INVALID after recording errors."""
        if not isinstance(node, Mapping):
            errors.append(node.pos.error(f"expected a mapping of fields for {self.name}"))
            return INVALID
        values: dict[str, Any] = {}
        failed = False
        for key, child in node.items:
            spec = self.fields.get(key.text)
            if spec is None:
                errors.append(key.pos.error(f"unknown field '{key.text}' in {self.name}{did_you_mean(key.text, self.fields)}"))
                failed = True
                continue
            if isinstance(child, Scalar) and child.is_null:
                if spec.required:
                    errors.append(child.pos.error(f"'{key.text}' is empty"))
                    failed = True
                continue
            value = spec.spec.convert(child, errors)
            failed |= value is INVALID
            values[key.text] = value
        for name, spec in self.fields.items():
            if spec.required and name not in values and name not in node.keys():
                errors.append(node.pos.error(f"{self.name} is missing required field '{name}'"))
                failed = True
        if self.check is not None:
            failed = not self.check(values, node, errors) or failed
        return INVALID if failed else values

    def convert(self, node: Node, errors: Errors) -> Any:
        values = self.values(node, errors)
        return INVALID if values is INVALID else self.build(**values)

    def schema(self) -> dict:
        out: dict = {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                name: {**spec.spec.schema(), **({"description": spec.description} if spec.description else {})}
                for name, spec in self.fields.items()
            },
        }
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            out["required"] = required
        return {**out, **(self.schema_rules or {})}


_WHOLE = Number(minimum=0)
_RANGE = Record(
    {"min": FieldSpec(_WHOLE, True, "the smallest number"), "max": FieldSpec(_WHOLE, True, "the largest number")},
    dict,
    "a range",
)


def did_you_mean(word: str, choices: Any, cutoff: float = 0.6) -> str:
    """"; did you mean 'x'?" for the one of ``choices`` closest to ``word`` (``difflib``'s ratio at
    least ``cutoff``), or '' when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""
