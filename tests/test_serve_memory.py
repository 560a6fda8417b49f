"""A live preview keeps what lives on out of the garbage collector's scans between rebuilds, and still frees
what a later rebuild replaces (generator/mkdocs_adapter/commands.py: _tidy_memory)."""

from __future__ import annotations

import gc
import weakref

from generator.mkdocs_adapter.commands import _tidy_memory


class Node:
    """A cycle, as MkDocs' navigation is (a page and its parent section point at each other)."""

    def __init__(self) -> None:
        self.me = self


def test_state_replaced_by_a_later_rebuild_is_freed():
    state = Node()
    alive = weakref.ref(state)
    try:
        _tidy_memory()  # a rebuild shown: the state lives on, frozen
        assert gc.get_freeze_count() > 0 and alive() is not None
        del state  # the next rebuild replaces it
        _tidy_memory()
        assert alive() is None
    finally:
        gc.unfreeze()
