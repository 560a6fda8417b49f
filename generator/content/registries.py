"""Actors and places in either of their two forms, read alike.

* the single file, ``content/actors.yaml`` / ``content/places.yaml``: a mapping of id -> record;
* one file per record, ``content/actors/<id>.yaml`` / ``content/places/<id>.yaml``: the record
  itself, its id the file name without ``.yaml`` (as for sources). This is the form the web editor
  creates: a CMS folder collection makes one file per entry, and no CMS form can add a key to a mapping.

A project may use either form or both; ``timeline check`` applies the same fields and the same
errors (at file:line:column) to every record, and refuses an id defined twice, naming both places.
Records come out as ``RegistryEntry`` items, which the validator turns into ``Actor`` and ``Place``.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from generator.content.cross_file import first_of_each_id
from generator.content.errors import ContentError
from generator.content.fields import is_slug, slug_problem
from generator.content.yaml_nodes import LoadedFile, Mapping, Node, Position

KINDS = ("actors", "places")  # the folder of each kind, beside its single file <kind>.yaml


class RegistryEntry(NamedTuple):
    """One record of a registry: its id, where the id is written, and the record's node."""

    id: str
    id_pos: Position  # the key in the single file, or the top of the record's own file
    node: Node
    own_file: bool  # True in the folder form

    @property
    def where(self) -> str:
        """Where the record is, for a message: 'content/actors.yaml:3' or 'content/actors/alpha.yaml'."""
        return self.id_pos.path if self.own_file else f"{self.id_pos.path}:{self.id_pos.line}"


def registry_entries(single: LoadedFile | None, folder: tuple[LoadedFile, ...], kind: str,
                     errors: list[ContentError]) -> list[RegistryEntry]:
    """Every record of one registry (``kind``: 'actor' or 'place'), from its single file then its
    folder; an id already defined is reported at its second definition and left out."""
    entries: list[RegistryEntry] = []
    if single is not None and single.root is not None:
        if not isinstance(single.root, Mapping):
            errors.append(single.root.pos.error("expected a mapping of id: record"))
        else:
            for key, node in single.root.items:
                if not is_slug(key.text):
                    errors.append(key.pos.error(slug_problem(key.text)))
                    continue
                entries.append(RegistryEntry(key.text, key.pos, node, False))
    for file in folder:
        if file.root is None:
            continue
        stem = os.path.splitext(os.path.basename(file.path))[0]
        if not is_slug(stem):
            errors.append(ContentError(file.path, 1, 1, f"file name: {slug_problem(stem)}"))
            continue
        entries.append(RegistryEntry(stem, Position(file.path, 1, 1), file.root, True))
    return first_of_each_id(entries, lambda entry: entry.id, lambda entry, first: entry.id_pos.error(
        f"{kind} id '{entry.id}' is defined twice: in {first.where} and in {entry.where}; "
        f"keep one of them (delete the other, or give it another id)"), errors)
