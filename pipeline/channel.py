"""The OCR confusion channel: how likely Tesseract is to read text R where T was printed.

P(R | T) is a product over the characters of an alignment of T with R (rapidfuzz's
Levenshtein alignment of code points): each printed character is kept, read as another
or dropped, and characters may be inserted. The probabilities are learned from pairs of
printed and OCR'd text (bench/learn_channel.py, `make channel`) and shipped as
pipeline/data/ocr_channel.tsv, whose header says how, when and from what it was made.

The same table says what OCR confuses, which `skeleton` folds: two texts with the same
skeleton may be one printed text misread. It is learned, not listed by hand: marks the
channel drops (in at least SKELETON_MIN_SHARE of their printings) or inserts count as
none, and Thai characters it read one for the other count as one (at least
SKELETON_MIN_COUNT times and in SKELETON_MIN_SUBSTITUTION_SHARE of their printings).

A mark drawn above a letter on top of another mark (a tone mark over an upper vowel,
"ที่"; SARA AM's NIKHAHIT over a tone mark, "น้ำ") is crowded into the same column, and
OCR loses or misreads one of the two far more often than either alone: in the learning
prints "น้ำ" was read "น้า" more often than not, while a SARA AM with no mark under it
was hardly ever misread. The table therefore also holds rows for such a pair as one
printed cell (`stacked_steps`) and what was read for the two together, learned
wherever the pair was printed at least STACKED_MIN_PRINTED times; elsewhere, and for a
reading of the pair the table never saw, the two characters' own rows answer. The pair
is read as one because its slips are not independent: where the tone mark of "น้ำ" is
lost, SARA AM is seldom misread as well. A character's own rows are still learned from
every printing of it, stacked or not, so that the skeleton folds what OCR confuses in
either place (SARA AM with SARA AA: "ดาเนิน" for "ดำเนิน" is proposed back), at the price
of a lone mark's slips counted likelier than the prints show (SARA AM alone was misread
about once in 690 printings; its row says 71 in 824).

A mark may also be read on the wrong letter: a face that draws its marks in cells of
their own (a monospaced print) has Tesseract read the mark after the letter that
follows it ("ประชมุ" for "ประชุม", "รว่ม" for "ร่วม"), or before the letter it sits on.
Code point by code point that is a drop and an insertion (or two letters read as each
other), two slips where OCR made one. The table holds a row for each mark so moved
(`moved_steps`; printed "ุ◌" read "◌ุ": read after the next letter; printed "◌ุ" read
"ุ◌": read before its own), learned from every printing of the mark next to a letter,
and a reading that moved a mark costs that row where it is likelier than the two slips.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import cast

from rapidfuzz.distance import Indel, Levenshtein

from .thai_script import ABOVE_MARKS, MARK_CHARACTERS, SARA_AM, THAI_DIGITS, THAI_SPELLING

DATA_FILE = Path(__file__).parent / "data" / "ocr_channel.tsv"
COPY_CORRELATION_FILE = Path(__file__).parent / "data" / "copy_correlation.json"
OTHER = "*"
WORD = "<word>"
THAI_GAP = "<thai-gap>"  # the place between two Thai characters of the printed reports' text, in the table's cells
SPACED = "\u2420"  # SYMBOL FOR SPACE: such a place after a printed character, in the table's cells
WORD_NEIGHBOURS = 10
SWAP_MAX_LENGTH_CHANGE = 3
SWAP_CHARS = 4
SMOOTHING = 0.5
ALPHABET = 100
SLIVER_KEPT = 0.8  # the share of a shorter reading found in a text that makes it a sliver of it
SKELETON_MIN_SHARE = 0.01
SKELETON_MIN_COUNT = 3
SKELETON_MIN_SUBSTITUTION_SHARE = 0.002
LOST_MIN_COUNT = 10
STACKED_MIN_PRINTED = 20
MOVED = "\u25cc"  # DOTTED CIRCLE: the letter a moved mark was read after (or before), in the table's cells
GAP = "\u2423"  # OPEN BOX: the place after a printed character where no space was printed, in the table's cells
GAP_MIN_PRINTED = 100
SPACED_MIN_PLACES = 20  # places between Thai letters after a character that give it a prior of its own
_ABOVE = "".join(sorted(ABOVE_MARKS))
_STACKED = re.compile(f"(?<=[{_ABOVE}])[{_ABOVE}{SARA_AM}]")
_THAI = re.compile(f"[{THAI_SPELLING}]")
_THAI_GAP = re.compile(f"([{THAI_SPELLING}])( ?)(?=[{THAI_SPELLING}])")
_MARKS = "".join(sorted(MARK_CHARACTERS))
_HAS_MARK = re.compile(f"[{_MARKS}]")
_CLUSTER = re.compile(f"[{_MARKS}]+|[^{_MARKS}][{_MARKS}]*", re.S)
_SWAP_READ = re.compile(f"[{THAI_SPELLING}{THAI_DIGITS}0-9.,\\s]*")
CACHE_SIZE = 200_000
SKELETON_CACHE_SIZE = 1 << 15
Opcodes = list[tuple[str, int, int, int, int]]  # (tag, printed start, end, read start, end), Levenshtein's alignment


def opcodes(truth: str, read: str) -> Opcodes:
    """Return Levenshtein's alignment of `truth` with `read` as plain tuples (what
    rapidfuzz's as_list gives at run time; its type stubs say Opcode objects)."""
    return cast(Opcodes, Levenshtein.opcodes(truth, read).as_list())


def edit_ops(truth: str, read: str) -> list[tuple[str, str]]:
    """Return (printed, read) for each step of the alignment of `truth` with `read`: a
    kept character (a, a), a substitution (a, b), a drop (a, "") or an insertion ("", b)."""
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in opcodes(truth, read):
        printed, seen = truth[i1:i2], read[j1:j2]
        if tag in ("equal", "replace"):
            out += zip(printed, seen)
        elif tag == "delete":
            out += ((a, "") for a in printed)
        else:
            out += (("", b) for b in seen)
    return out


def stacked_steps(truth: str, read: str) -> list[tuple[str, str]]:
    """Return (the pair's two characters, what was read for them) for each pair of marks
    of `truth` stacked one on the other (_stacked_at), as `read` reads them: what the
    table counts again, as one. The pair's reading is what both characters were read
    as, with anything read between them (_pair_steps)."""
    ops = opcodes(truth, read)
    return [(truth[at - 1:at + 1], "".join(r for _, r in _pair_steps(truth, read, ops, at)))
            for at in _stacked_at(truth)]


def gap_steps(truth: str, read: str) -> tuple[list[tuple[str, str]], Counter]:
    """Return ((character + GAP, " ") for each place of `truth` after a character, between
    two that are no space, where the alignment of `read` inserts a space, and how often
    each such place was printed: what the table counts a space read where none was
    printed against, character by character (Channel.space_inserted)."""
    printed = Counter(f"{a}{GAP}" for a, b in zip(truth, truth[1:]) if not a.isspace() and not b.isspace())
    steps = []
    for tag, i1, _, j1, j2 in opcodes(truth, read):
        if tag == "insert" and 0 < i1 < len(truth) and " " in read[j1:j2] \
                and not truth[i1 - 1].isspace() and not truth[i1].isspace():
            steps.append((f"{truth[i1 - 1]}{GAP}", " "))
    return steps, printed


def _is_gap(cell: str) -> bool:
    return len(cell) == 2 and cell[1] == GAP


def _is_spaced(cell: str) -> bool:
    return len(cell) == 2 and cell[1] == SPACED


def _is_stacked(cell: str) -> bool:
    return len(cell) == 2 and cell[0] in ABOVE_MARKS and cell[1] not in (MOVED, GAP, SPACED)


def _is_moved(cell: str) -> bool:
    return len(cell) == 2 and MOVED in cell


def moved_steps(truth: str, read: str) -> tuple[list[tuple[str, str]], Counter]:
    """Return ((printed cell, read cell) of each mark of `truth` that `read` reads on
    the wrong letter (_unmoved): after the letter that follows it (printed mark +
    MOVED, read MOVED + mark) or before the letter it sits on (MOVED + mark, mark +
    MOVED)), and how often each such cell was printed (each mark after a letter, and
    each followed by one: what the table counts the moves against)."""
    _, moves = _unmoved(truth, read)
    printed: Counter = Counter()
    for i, ch in enumerate(truth):
        if ch in MARK_CHARACTERS:
            if i + 1 < len(truth) and truth[i + 1] not in MARK_CHARACTERS:
                printed[f"{ch}{MOVED}"] += 1
            if i > 0 and truth[i - 1] not in MARK_CHARACTERS:
                printed[f"{MOVED}{ch}"] += 1
    return moves, printed


def _clusters(text: str) -> list[list[str]]:
    """Return `text` as [letter, its marks] cells: each character that is no mark, with
    the marks written on it (marks opening the text on an empty letter)."""
    return [[c[0], c[1:]] if c[0] not in MARK_CHARACTERS else ["", c] for c in _CLUSTER.findall(text)]


def _may_move_marks(truth: str, read: str, ops: Opcodes) -> bool:
    """True when the alignment `ops` of `truth` with `read` could show a mark read on the
    wrong letter: a mark printed and one read both among its edits, or a letter read
    before a mark and lost after it (an insertion and a drop). A mark lost alone, or a
    letter misread, is no move."""
    marks_out = marks_in = inserts = drops = False
    for tag, src_start, src_end, dest_start, dest_end in ops:
        if tag == "equal":
            continue
        marks_out = marks_out or _HAS_MARK.search(truth, src_start, src_end) is not None
        marks_in = marks_in or _HAS_MARK.search(read, dest_start, dest_end) is not None
        inserts, drops = inserts or tag == "insert", drops or tag == "delete"
    return marks_out and marks_in or inserts and drops


def _in_printed_order(read: str, printed: str) -> str:
    """Return the marks `read` on one letter, those `printed` on it first in its order."""
    rest, ordered = list(read), []
    for mark in printed:
        if mark in rest:
            rest.remove(mark)
            ordered.append(mark)
    return "".join(ordered + rest)


def _unmoved(truth: str, read: str) -> tuple[str, list[tuple[str, str]]]:
    """Return `read` with each mark it reads on the wrong letter put back where `truth`
    prints it, and (printed cell, read cell) of each such move (moved_steps). A mark is
    moved where the two texts' letters (their marks aside) align one for one and the
    mark is missing from its letter in `read`, present on the next letter (or the one
    before) though not printed there."""
    if truth == read or not _HAS_MARK.search(truth) or not _HAS_MARK.search(read):
        return read, []
    printed, seen = _clusters(truth), _clusters(read)
    moves: list[tuple[str, str]] = []
    for tag, i0, i1, j0, _ in opcodes("".join(c[0] or "\0" for c in printed), "".join(c[0] or "\0" for c in seen)):
        if tag != "equal":
            continue
        for k in range(i1 - i0):
            marks = printed[i0 + k][1]
            for mark in marks:
                here = seen[j0 + k]
                if mark in here[1]:
                    continue
                for step, right in ((1, True), (-1, False)):
                    n = k + step
                    if 0 <= n < i1 - i0 and mark in seen[j0 + n][1] and mark not in printed[i0 + n][1]:
                        seen[j0 + n][1] = seen[j0 + n][1].replace(mark, "", 1)
                        here[1] = _in_printed_order(here[1] + mark, marks)
                        moves.append((f"{mark}{MOVED}", f"{MOVED}{mark}") if right else
                                     (f"{MOVED}{mark}", f"{mark}{MOVED}"))
                        break
    if not moves:
        return read, []
    return "".join(letter + marks for letter, marks in seen), moves


def _stacked_at(truth: str) -> list[int]:
    """Return the index of each mark of `truth` drawn above a letter on top of the mark
    before it (a tone mark after an upper vowel, SARA AM after a tone mark), pairs not
    overlapping."""
    out: list[int] = []
    for found in _STACKED.finditer(truth):
        if not out or out[-1] != found.start() - 1:
            out.append(found.start())
    return out


def _cell(text: str) -> str:
    return text if text in (OTHER, WORD, THAI_GAP) else " ".join(f"U+{ord(ch):04X}" for ch in text)


def _uncell(cell: str) -> str:
    return cell if cell in (OTHER, WORD, THAI_GAP) else "".join(chr(int(c[2:], 16)) for c in cell.split())


def thai_gaps(lines: Iterable[str]) -> tuple[Counter, Counter]:
    """Return (spaces, places) in `lines`, each counted by the character before it (a
    cell: that character + SPACED): the places between two Thai letters or marks
    (THAI_SPELLING), a space between them or none, and those that hold a space. What the
    table's SPACED and THAI_GAP rows count from the printed reports' lines: how often
    such a place is printed with a space (Channel.space_between)."""
    spaces: Counter = Counter()
    places: Counter = Counter()
    for line in lines:
        for found in _THAI_GAP.finditer(line):
            cell = f"{found.group(1)}{SPACED}"
            places[cell] += 1
            spaces[cell] += bool(found.group(2))
    return spaces, places


def table_rows(edits: Counter, printed: Counter) -> list[tuple[str, str, int, float]]:
    """Return (printed, read, count, log probability) rows from counts of edits and of
    printed characters ("" printed: an insertion; "" read: a drop; read OTHER: any
    outcome never seen for that character; printed OTHER: a character never printed).

    Additive smoothing: each seen outcome and the unseen ones together get SMOOTHING
    more counts; the unseen share is spread over ALPHABET outcomes. Insertions are per
    printed character. The row (WORD, WORD) holds the share of printed lexicon words
    read as another lexicon word (counted under WORD in both counters). A stacked mark
    in its context (stacked_steps, counted in both counters as well as alone) has rows
    of its own where it was printed at least STACKED_MIN_PRINTED times. A mark read on
    the wrong letter (moved_steps, counted as well as its steps) has a row where it was
    seen so, against the mark's printings next to a letter. A space read after a
    character where none was printed (gap_steps, counted as well as an insertion) has a
    row for each character printed before such a place at least GAP_MIN_PRINTED times,
    its count drawn towards the rate over all such places (SMOOTHING spaces in that
    rate's share of places), so that a character seen a few hundred times with no
    space read after it is not called likelier to have one than the average; the row
    ("", GAP) holds that rate, for a character with no row of its own. The rows
    (character + SPACED, " "), for a character printed before SPACED_MIN_PLACES such
    places or more, hold the share of places after that character and before
    another, both Thai, of the printed reports' text that hold a space (thai_gaps),
    drawn the same way towards the share over all such places, which the row
    (THAI_GAP, " ") holds: priors, not slips.
    """
    outcomes: dict[str, Counter] = {}
    for (a, b), n in edits.items():
        if a != WORD and not _is_gap(a) and not _is_spaced(a) \
                and (not _is_stacked(a) or printed[a] >= STACKED_MIN_PRINTED):
            outcomes.setdefault(a, Counter())[b] += n
    gaps = {a: printed.pop(a) for a in [a for a in printed if _is_gap(a)]}
    spaced = {a: printed.pop(a) for a in [a for a in printed if _is_spaced(a)]}
    gap_spaces = sum(edits.get((a, " "), 0) for a in gaps)
    gap_rate = (gap_spaces + SMOOTHING) / (sum(gaps.values()) + 1)
    thai_spaces, thai_places = sum(edits.get((a, " "), 0) for a in spaced), sum(spaced.values())
    thai_share = (thai_spaces + SMOOTHING) / (thai_places + 2 * SMOOTHING)
    words, swaps = printed.pop(WORD, 0), edits.get((WORD, WORD), 0)
    alone = {a: n for a, n in printed.items() if not _is_stacked(a) and not _is_moved(a)}
    opportunities = {**printed, "": sum(alone.values())}
    rows = [(WORD, WORD, swaps, math.log((swaps + SMOOTHING) / (words + 2 * SMOOTHING)))] if words else []
    if thai_places:
        rows.append((THAI_GAP, " ", thai_spaces, math.log(thai_share)))
    for a, seen in sorted(outcomes.items()):
        total = opportunities.get(a, sum(seen.values())) + SMOOTHING * (len(seen) + 1)
        rows += [(a, b, n, math.log((n + SMOOTHING) / total)) for b, n in sorted(seen.items())]
        if not _is_moved(a):
            rows.append((a, OTHER, 0, math.log(SMOOTHING / total / ALPHABET)))
    if gaps:
        rows.append(("", GAP, gap_spaces, math.log(gap_rate)))
    for cells, rate, least in ((gaps, gap_rate, GAP_MIN_PRINTED), (spaced, thai_share, SPACED_MIN_PLACES)):
        for a, n in sorted(cells.items()):
            if n >= least:
                held = edits.get((a, " "), 0)
                rows.append((a, " ", held, math.log((held + SMOOTHING) / (n + SMOOTHING / rate))))
    errors = sum(n for (a, b), n in edits.items()
                 if a != b and a != WORD and not _is_stacked(a) and not _is_moved(a) and not _is_gap(a)
                 and not _is_spaced(a))
    kept = sum(alone.values()) - errors
    rows.append((OTHER, OTHER, errors, math.log((errors + SMOOTHING) / (kept + errors + 1) / ALPHABET)))
    return rows


def write_table(path: Path, edits: Counter, printed: Counter, header: Sequence[str]) -> None:
    """Write the channel table (table_rows) to `path` with `header` lines as comments."""
    lines = ["# OCR confusion channel: log P(read | printed), one Thai code point (or one stacked pair of marks) at a time.", *(f"# {h}" for h in header),
             "# Columns: printed, read (code points; empty printed = an insertion, empty read = a drop, "
             f"{OTHER} = anything else), count, log probability, as shown.", "printed\tread\tcount\tlog_prob\tshown"]
    for a, b, n, logp in table_rows(edits, printed):
        lines.append(f"{_cell(a)}\t{_cell(b)}\t{n}\t{logp:.4f}\t{a or '∅'}→{b or '∅'}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class Channel:
    """The learned table, answering log P(read | printed) for whole texts (memoised)."""

    def __init__(self, rows: Iterable[tuple[str, str, int, float]]):
        self.logp: dict[tuple[str, str], float] = {}
        self.counts: dict[tuple[str, str], int] = {}
        for a, b, n, logp in rows:
            self.logp[(a, b)] = logp
            self.counts[(a, b)] = n
        self.unseen_char = self.logp.get((OTHER, OTHER), math.log(1e-4))
        self.keep = {a: logp for (a, b), logp in self.logp.items() if a == b}
        self.stacked = frozenset(a for a, _ in self.logp if _is_stacked(a))
        self.moved = {a: logp for (a, b), logp in self.logp.items() if _is_moved(a) and b == a[::-1]}
        self.space_after = {a[0]: logp for (a, b), logp in self.logp.items() if _is_gap(a) and b == " "}
        self.space_prior_after = {a[0]: logp for (a, b), logp in self.logp.items() if _is_spaced(a) and b == " "}
        self.word_floor = self.logp.get((WORD, WORD), -math.inf) - math.log(WORD_NEIGHBOURS)
        lost = sorted(logp for (a, b), logp in self.logp.items() if len(a) == 1 and not b)
        self.lost_char = lost[len(lost) // 2] if lost else self.unseen_char  # the median printed character's
        self._cache: dict[tuple[str, str], float] = {}
        self._skeletons: dict[str, str] = {}

    def __getstate__(self) -> dict:
        return {"logp": self.logp, "counts": self.counts, "unseen_char": self.unseen_char,
                "word_floor": self.word_floor, "keep": self.keep, "lost_char": self.lost_char,
                "stacked": self.stacked, "moved": self.moved, "space_after": self.space_after,
                "space_prior_after": self.space_prior_after}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._cache, self._skeletons = {}, {}

    def space_inserted(self, after: str) -> float:
        """Return log P(a space read | none printed) at the place after the character
        `after`: its own row where the table learned one (gap_steps: Tesseract reads a
        space where glyphs stand apart, far more often after some characters than after
        others), else the rate over all such places (the row "" -> GAP), else, in a table
        with neither, the insertion of a space anywhere."""
        found = self.space_after.get(after, self.logp.get(("", GAP)))
        return found if found is not None else self.step("", " ")

    def step(self, a: str, b: str) -> float:
        """Return log P(b read | a printed) for one alignment step (see edit_ops)."""
        found = self.logp.get((a, b))
        if found is not None:
            return found
        if a == b:
            return 0.0 if (a, OTHER) not in self.logp else math.log(0.99)
        return self.logp.get((a, OTHER), self.unseen_char)

    def log_prob(self, read: str, truth: str) -> float:
        """Return log P(`read` | `truth` printed): the steps of their alignment summed, but
        never below `word_floor`. Tesseract also reads a whole word as another it knows
        ("เครื่อง" for "เครือ"), which no sum of single-character slips explains; the
        learned share of words so read, over WORD_NEIGHBOURS words it could have chosen,
        is the floor for each place the texts differ (`_edit_places`), for texts alike
        in length (`_alike_in_length`): a word lost or added is no such swap. And OCR
        sometimes reads junk where a smudge or a shadow is, whatever was printed: a
        reading is never less likely than that share times its characters drawn at
        random from ALPHABET, the same for every candidate, so junk in one copy cannot
        outweigh the language model. But a reading that is a sliver of the text (what it
        read is mostly in it, `_sliver_of`) is no junk: it lost the rest, each character
        at the channel's typical cost of losing one (`lost_char`), so that it is not as
        likely under a long text as under the sliver."""
        key = (read, truth)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            ops = opcodes(truth, read)
            found = self._steps(truth, read, ops)
            if _alike_in_length(read, truth, ops):
                found = max(found, self.word_floor * _edit_places(ops))
            if read != truth:
                junk = self.word_floor + len(read) * math.log(1 / ALPHABET)
                if _sliver_of(read, truth):
                    junk += (len(truth) - len(read)) * self.lost_char
                found = max(found, junk)
            self._cache[key] = found
        return found

    def slip_log_prob(self, read: str, truth: str) -> float:
        """Return log P(`read` | `truth` printed) as single-character slips alone (`step`
        summed over their alignment), without the floors `log_prob` puts under it: a
        whole word read as another is as likely one way as the other, while slips say
        which way OCR errs (a tone mark or SARA AM lost far more often than added)."""
        return self._steps(truth, read, opcodes(truth, read))

    def stacked_step(self, printed: str, read: str) -> float | None:
        """Return log P(`read` | the stacked pair `printed`, its two characters read
        together), None where the table never saw the pair read so:
        then the two characters' own steps answer, so that a junk run read inside a pair
        costs what it costs anywhere."""
        return self.logp.get((printed, read))

    def _steps(self, truth: str, read: str, ops: Opcodes) -> float:
        """The sum of `step` over the alignment `ops` of `truth` with `read` (edit_ops),
        kept runs summed directly, each stacked pair the table knows read as one
        (stacked_step) in place of its two characters' steps where the table saw the pair
        read so."""
        total = self._plain_steps(truth, read, ops)
        if self.moved and _may_move_marks(truth, read, ops):
            total = self._with_moves(truth, read, total)
        if not self.stacked:
            return total
        pairs = [at for at in _stacked_at(truth) if truth[at - 1:at + 1] in self.stacked]
        if not pairs:
            return total
        for at in pairs:
            span = _pair_steps(truth, read, ops, at)
            together = self.stacked_step(truth[at - 1:at + 1], "".join(r for _, r in span))
            if together is not None:
                total += together - sum(self.step(p, r) for p, r in span)
        return total

    def _with_moves(self, truth: str, read: str, total: float) -> float:
        """Return log P(`read` | `truth`) as the steps' sum `total`, or, where `read`
        reads marks on the wrong letter (_unmoved) and the table knows each such move,
        the text with the marks put back read by steps plus each move's row, if likelier."""
        back, moves = _unmoved(truth, read)
        if not moves or any(m not in self.moved for m, _ in moves):
            return total
        moved = self._plain_steps(truth, back, opcodes(truth, back))
        return max(total, moved + sum(self.moved[m] for m, _ in moves))

    def _plain_steps(self, truth: str, read: str, ops: Opcodes) -> float:
        """The sum of `step` over the alignment `ops` of `truth` with `read` (edit_ops),
        kept runs summed directly."""
        keep, step, total = self.keep, self.step, 0.0
        for tag, src_start, src_end, dest_start, dest_end in ops:
            if tag == "equal":
                for ch in truth[src_start:src_end]:
                    found = keep.get(ch)
                    total += found if found is not None else step(ch, ch)
                continue
            printed, seen = truth[src_start:src_end], read[dest_start:dest_end]
            if tag == "replace":
                total += sum(step(a, b) for a, b in zip(printed, seen))
            elif tag == "delete":
                total += sum(step(a, "") for a in printed)
            else:
                total += sum(step("", b) for b in seen)
        return total

    @cached_property
    def _fold(self) -> dict[int, str | None]:
        """The skeleton's translation table: droppable marks to None, look-alikes to one."""
        parent: dict[str, str] = {}

        def root(ch: str) -> str:
            while parent.get(ch, ch) != ch:
                ch = parent[ch]
            return ch

        dropped: set[str] = set()
        printed: Counter[str] = Counter()
        for (a, _), n in self.counts.items():
            printed[a] += n
        for (a, b), n in self.counts.items():
            if a == b or n < SKELETON_MIN_COUNT or not all(_THAI.fullmatch(ch) for ch in a + b):
                continue
            if not a or not b:
                mark = a or b
                if mark in MARK_CHARACTERS and (not a or n / printed[a] >= SKELETON_MIN_SHARE):
                    dropped.add(mark)
            elif len(a) == len(b) == 1 and n / printed[a] >= SKELETON_MIN_SUBSTITUTION_SHARE:
                ra, rb = root(a), root(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        dropped |= {ch for ch in parent if root(ch) in dropped}
        table: dict[int, str | None] = {ord(ch): None for ch in dropped}
        for ch in parent:
            if ch not in dropped and root(ch) != ch:
                table[ord(ch)] = root(ch)
        return table

    @cached_property
    def _misread_from(self) -> dict[str, tuple[str, ...]]:
        """For each Thai character, the Thai characters the table saw printed and read as
        it, commonest first."""
        seen: dict[str, list[tuple[int, str]]] = {}
        for (a, b), n in self.counts.items():
            if n and len(a) == len(b) == 1 and a != b and _THAI.fullmatch(a) and _THAI.fullmatch(b):
                seen.setdefault(b, []).append((n, a))
        return {b: tuple(a for _, a in sorted(v, reverse=True)) for b, v in seen.items()}

    @cached_property
    def lost_letters(self) -> tuple[str, ...]:
        """Return the Thai characters this channel has seen dropped (at least LOST_MIN_COUNT
        times) that the skeleton keeps, likeliest to be lost first: what may have been
        printed where OCR read nothing, which no skeleton match restores."""
        lost = [(logp, a) for (a, b), logp in self.logp.items()
                if not b and len(a) == 1 and _THAI.fullmatch(a) and self.counts[(a, b)] >= LOST_MIN_COUNT
                and self._fold.get(ord(a), a) is not None]
        return tuple(a for _, a in sorted(lost, reverse=True))

    def space_between(self, before: str, after: str) -> float:
        """Return the prior that a space is printed between the characters `before` and
        `after`: between two Thai letters or marks, the share of such places after
        `before` that the printed reports' text spaces (its SPACED row, else the THAI_GAP
        row over all of them: Thai runs its words together, and a line of words is far
        more often one word after another than a space; after THANTHAKHAT, which ends a
        word, about one in six); elsewhere, or with no such row, the share of spaces
        among all printed characters."""
        found = self.space_prior_after.get(before, self.logp.get((THAI_GAP, " ")))
        if found is not None and _THAI.fullmatch(before) and _THAI.fullmatch(after):
            return math.exp(found)
        return self.space_share

    @cached_property
    def space_share(self) -> float:
        """Return the share of spaces among the printed characters the table was learned
        from: the prior that a space is printed at a gap not between two Thai characters
        (space_between)."""
        printed = sum(n for (a, _), n in self.counts.items() if len(a) == 1 and a != OTHER)
        spaces = sum(n for (a, _), n in self.counts.items() if a == " ")
        return (spaces + SMOOTHING) / (printed + 2 * SMOOTHING)

    def misread_from(self, read: str) -> tuple[str, ...]:
        """Return the characters this channel has seen read as `read` (one Thai letter or
        mark), commonest first: what may have been printed where OCR read it."""
        return self._misread_from.get(read, ())

    def skeleton(self, text: str) -> str:
        """Return `text` with what this channel confuses folded together (remembered for
        SKELETON_CACHE_SIZE texts: a document's words are asked for again and again, and
        translating Thai through a table costs ten times a look-up)."""
        found = self._skeletons.get(text)
        if found is None:
            if len(self._skeletons) >= SKELETON_CACHE_SIZE:
                self._skeletons.clear()
            found = self._skeletons[text] = text.translate(self._fold)
        return found

    def confusions(self) -> list[tuple[str, str]]:
        """Return the folds the skeleton makes, as (character, what it counts as; "" = none)."""
        return sorted((chr(k), v or "") for k, v in self._fold.items())


def _pair_steps(truth: str, read: str, ops: Opcodes, at: int) -> list[tuple[str, str]]:
    """Return the steps (as edit_ops gives them) of the alignment `ops` of `truth` with
    `read` that print truth[at - 1] and truth[at], with what was inserted between them."""
    out: list[tuple[str, str]] = []
    for tag, src_start, src_end, dest_start, dest_end in ops:
        if tag == "insert":
            if src_start == at:
                out += (("", ch) for ch in read[dest_start:dest_end])
            continue
        for i in range(max(src_start, at - 1), min(src_end, at + 1)):
            out.append((truth[i], "" if tag == "delete" else read[dest_start + i - src_start]))
    return out


def _edit_places(ops: Opcodes) -> int:
    """Return how many words' worth of places a reading differs from the printed text at,
    by their alignment `ops` (Levenshtein.opcodes(truth, read)): runs of edits (two with at most one kept character between
    them are one run), each counting once per SWAP_CHARS printed characters it spans (a
    Thai word's mean length)."""
    runs: list[list[int]] = []
    for tag, src_start, src_end, _, _ in ops:
        if tag == "equal":
            continue
        if runs and src_start - runs[-1][1] <= 1:
            runs[-1][1] = src_end
        else:
            runs.append([src_start, src_end])
    return sum(max(1, math.ceil((end - start) / SWAP_CHARS)) for start, end in runs)


def _sliver_of(read: str, truth: str) -> bool:
    """Return whether `read` is shorter than `truth` and SLIVER_KEPT of its characters
    are in it, in order: a copy that lost part of the text rather than read junk."""
    if len(read) >= len(truth):
        return False
    common = (len(read) + len(truth) - Indel.distance(read, truth)) // 2
    return common >= SLIVER_KEPT * len(read)


def _alike_in_length(read: str, truth: str, ops: Opcodes) -> bool:
    """True when `read` could be `truth` read as another word: both non-empty, different,
    no more than SWAP_MAX_LENGTH_CHANGE characters apart in length (a lost or an extra
    word is no swap), and what `read` has in place of `truth`'s characters Thai letters
    and marks or digits (Latin letters or symbols where those were printed are junk,
    which costs the same under every text, not a word Tesseract chose from its Thai
    word list). `ops` is their alignment (Levenshtein.opcodes(truth, read))."""
    if not read or not truth or read == truth or abs(len(read) - len(truth)) > SWAP_MAX_LENGTH_CHANGE:
        return False
    return all(_SWAP_READ.fullmatch(read[dest_start:dest_end])
               for tag, _, _, dest_start, dest_end in ops if tag != "equal")


def load_channel(path: Path = DATA_FILE) -> Channel:
    """Return the channel stored at `path` (the shipped table unless told)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("printed\t"):
            continue
        a, b, n, logp, *_ = line.split("\t")
        rows.append((_uncell(a), _uncell(b), int(n), float(logp)))
    return Channel(rows)


def load_copy_correlation(path: Path = COPY_CORRELATION_FILE) -> float:
    """Return how alike the copies of one print are misread: the intraclass correlation
    of misreading that bench/learn_copy_correlation.py measured and stored at `path`."""
    return float(json.loads(path.read_text(encoding="utf-8"))["copy_correlation"])


def shares(scores: Iterable[float], temperature: float = 1.0) -> list[float]:
    """Return the softmax of log `scores` at `temperature`, in their order: each
    candidate's posterior share, where the scores are log prior plus log likelihood."""
    scores = list(scores)
    top = max(scores)
    exps = [math.exp((s - top) / temperature) for s in scores]
    norm = sum(exps)
    return [e / norm for e in exps]
