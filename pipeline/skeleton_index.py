"""Words grouped by the OCR channel's skeleton (what OCR confuses, folded): the lookup
behind every "which words could OCR have read as this?" of the model and the name lists."""

from __future__ import annotations

from collections.abc import Iterable

from .channel import Channel


class SkeletonIndex:
    """Words by channel skeleton, answering "which words could OCR have read as this?";
    with `rank`, each skeleton's words likeliest first."""

    def __init__(self, words: Iterable[str], channel: Channel, rank: dict[str, float] | None = None):
        groups: dict[str, list[str]] = {}
        for word in words:
            groups.setdefault(channel.skeleton(word), []).append(word)
        order = (lambda w: (-rank[w], w)) if rank is not None else None
        self.by_skeleton: dict[str, tuple[str, ...]] = {k: tuple(sorted(v, key=order)) for k, v in groups.items()}
        self.reach: dict[str, int] = {}  # the longest skeleton opening with each two characters
        for key in self.by_skeleton:
            self.reach[key[:2]] = max(self.reach.get(key[:2], 0), len(key))

    def words(self, skeleton: str) -> tuple[str, ...]:
        """Return the words with exactly this skeleton (tuples: the garbage collector
        need not walk a hundred thousand of them)."""
        return self.by_skeleton.get(skeleton, ())
