"""The time a page has left: one deadline per page, shared by rasterising and every
Tesseract run on it (re-reads included), passed explicitly to each."""

from __future__ import annotations

import time
from dataclasses import dataclass


class PageTimeout(Exception):
    """A page took longer than its time limit."""


@dataclass(frozen=True)
class Deadline:
    """The monotonic clock reading by which a page must be done."""

    end: float

    @classmethod
    def after(cls, seconds: float) -> Deadline | None:
        """Return the deadline `seconds` from now, or None (no limit) for 0 or less."""
        return cls(time.monotonic() + seconds) if seconds > 0 else None

    def left(self) -> float:
        """Return the seconds left; raise PageTimeout when none are."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise PageTimeout
        return left


def seconds_left(deadline: Deadline | None) -> float | None:
    """Return the seconds `deadline` leaves (None: no limit); PageTimeout when past it."""
    return None if deadline is None else deadline.left()
