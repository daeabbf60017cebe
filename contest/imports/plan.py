"""What an import of a checked file writes, cut into batches: the kinds build it, the runner
(imports.runs) commits each batch, or the caller's one transaction takes them all."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from contest.models import ImportRun

T = TypeVar("T")
Batch = Callable[[ImportRun | None], int]  # writes one batch (tagged with the run): its rows


@dataclass
class Plan:
    """A checked file's writes: the batches, then the last step that gives the result."""

    rows: int
    batches: list[Batch]
    finish: Callable[[ImportRun | None], Any]  # runs in the transaction that marks it done

    def run_all(self, progress: Callable[[int], None] | None = None) -> Any:
        """Every batch and the last step in the caller's transaction."""
        for batch in self.batches:
            done = batch(None)
            if progress is not None:
                progress(done)
        return self.finish(None)


def slices(items: list[T], size: int) -> Iterator[tuple[int, list[T]]]:
    """(start, items[start:start + size]) over the list."""
    for start in range(0, len(items), max(1, size)):
        yield start, items[start:start + size]
