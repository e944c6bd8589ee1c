"""Read each number on a page again, alone, to doubt a digit read as its look-alike.

In some Thai faces (Purisa, Laksaman) Tesseract reads a 7 as 1 (now and then a 5 as 9)
inside a date or an amount, at the same confidence as a right reading, and every copy
of one print alike: no vote sees it. The same word cut from the page and read on its
own as one word of digits mostly reads the 7 (bench/RESULTS.md, "Digits read again
from a number's word box"). So every number word of the page's reading that holds a 1,
7, 5 or 9 is read again so; where the second reading differs from the first only by
such look-alikes, the line keeps a NumberDoubt, which the vote turns into a warning on
the value read from it (number_doubts.doubt_reread_numbers). Where a third reading, as one
line, agrees with the second, the doubt says so (`agreed`): on the bench's pages that
held for 34 of 48 misreads flagged and for none of 10 right numbers flagged.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import regex
from PIL import Image, ImageOps

from .deadline import Deadline
from .model import Box, NumberDoubt, OcrLine
from .tesseract import Tesseract
from .tsv import rows_box, tsv_line_rows

READ_AS = "tha"  # the model whose digits were measured; eng reads Purisa's 7 as 1 as the page reading does
DIGITS = "0123456789,.-/:"
NUMBER_WORD = regex.compile(r"^[0-9,./:\-]*[0-9][0-9,./:\-]*$")
LOOK_ALIKE = frozenset({("1", "7"), ("7", "1"), ("5", "9"), ("9", "5")})  # (read, read again)
DOUBTFUL_DIGITS = frozenset("1579")
DATE_SHAPE = regex.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4})")
SEVEN_BY_A_SLASH = regex.compile(r"7(?=/)|(?<=/)7")
SLASHES_READ_AS_SEVEN = 2  # at most this many 7s too many beside a date's slashes are taken out
INK_GAP = 12  # px at 300 dpi: wider than a gap inside a number, narrower than a space
PAD, VPAD = 8, 4
BORDER = 16


def _bare(text: str) -> str:
    """Return a word's text without its spaces and the punctuation at its ends."""
    return "".join(text.split()).strip(",./:-")


def _no_date(text: str) -> bool:
    """Return whether `text` is shaped as a day/month/year date that no calendar has (a
    month over 12, a day over 31)."""
    return (m := DATE_SHAPE.fullmatch(text)) is not None and not (1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 12)


def look_alikes(read: str, again: str) -> bool:
    """Return whether `again` differs from `read` only by digits Tesseract confuses in
    some faces (LOOK_ALIKE, each in either direction), at least one of them: the same
    length, the same punctuation in the same places; never where `again` is a date no
    calendar has and `read` one it has ("21/11/2561" read alone "21/17/2561")."""
    return len(read) == len(again) and read != again and all(
        a == b or (a, b) in LOOK_ALIKE for a, b in zip(read, again)) and not (_no_date(again) and not _no_date(read))


def slashes_put_back(read: str, again: str) -> str:
    """Return a date's reading alone with the slashes it read as 7s put back, where that
    makes it differ from the page's reading `read` by look-alike digits alone (or not
    at all), in one way only: a slanted slash read alone is now and then a 7, in its
    place ("0770272565") or beside it ("07/702/2565", "07/12/72563"), as the page reading
    reads it in a cell (values.parse_cell_date). Any other reading is returned as it
    is. On the bench's words this doubted 48 look-alike misreads for 38, with no more
    right words doubted (bench/RESULTS.md); such a doubt is never `agreed`
    (reread_numbers)."""
    if again == read or not DATE_SHAPE.fullmatch(read):
        return again
    shapes = frontier = {again}
    for _ in range(min(SLASHES_READ_AS_SEVEN, len(again) - len(read))):
        frontier = {s[:m.start()] + s[m.end():] for s in frontier for m in SEVEN_BY_A_SLASH.finditer(s)}
        shapes = shapes | frontier
    fits = {"".join("/" if r == "/" and a == "7" else a for r, a in zip(read, s)) for s in shapes if len(s) == len(read)}
    fits = {s for s in fits if s == read or look_alikes(read, s)}
    return fits.pop() if len(fits) == 1 else again


def number_words(tsv: str) -> list[tuple[str, Box]]:
    """Return the words of a Tesseract TSV that are numbers (digits with ", . / : -")
    holding a digit that has a look-alike, each with its box (left, top, right, bottom)."""
    words = []
    for row in (row for rows in tsv_line_rows(tsv) for row in rows):
        text = _bare(row["text"])
        if text and NUMBER_WORD.match(text) and not DOUBTFUL_DIGITS.isdisjoint(text):
            words.append((text, rows_box([row])))
    return words


def _whole(number: str) -> regex.Pattern:
    """Return the pattern of `number` standing as a whole number, not part of a longer
    one ("9" is not in "9.5" nor in "19")."""
    return regex.compile(rf"(?<!\d)(?<!\d[.,/:\-]){regex.escape(number)}(?!\d)(?![.,/:\-]\d)")


def number_in(number: str, text: str) -> regex.Match | None:
    """Return where `number` first stands in `text` as a whole number, or None."""
    return _whole(number).search(text)


def settled(line: OcrLine) -> str:
    """Return the line's text with each number whose doubt two readings alone agreed on
    (NumberDoubt.agreed) as they read it, where the number stands once in the line (of
    two, which one was misread is not kept): on the bench's pages such agreement held
    for 34 misreads and no right number. The doubt stays with the line, so the value
    read from it still needs review."""
    text = line.text
    for doubt in line.numbers:
        found = list(_whole(doubt.read).finditer(text)) if doubt.agreed and look_alikes(doubt.read, doubt.again) else []
        if len(found) == 1:
            text = text[:found[0].start()] + doubt.again + text[found[0].end():]
    return text


def _line_of(lines: Sequence[OcrLine], text: str, box: Box) -> int | None:
    """Return the index of the line whose box holds the word's centre and whose text
    holds the word (a line a re-read replaced may no longer), the one whose middle is
    nearest the word's of two whose boxes overlap (a page a little askew), or None."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    held = [(abs((b[1] + b[3]) / 2 - y), i) for i, ln in enumerate(lines) if (b := ln.box) is not None
            and b[0] <= x <= b[2] and b[1] <= y <= b[3] and text in ln.text]
    return min(held)[1] if held else None


def ink_span(page: Image.Image, box: Box) -> Box:
    """Return the word's box widened left and right to where its ink ends (Tesseract's
    `tha` word boxes often stop inside a number's last digit), by at most the box's
    height each way: a rule or an underline touching the number runs on."""
    left, top, right, bottom = box
    reach = max(1, bottom - top)
    ink = (np.asarray(page.crop((0, top, page.width, bottom)).convert("L")) < 128).any(axis=0)
    last, first = min(page.width, box[2] + reach), max(0, box[0] - reach)
    while right < last and ink[right:right + INK_GAP].any():
        right += 1
    while left > first and ink[max(0, left - INK_GAP):left].any():
        left -= 1
    return left, top, right, bottom


def _crop(page: Image.Image, box: Box) -> Image.Image:
    """Return the word cut from the page with a margin, on a white border."""
    left, top, right, bottom = box
    im = page.crop((max(0, left - PAD), max(0, top - VPAD), min(page.width, right + PAD),
                    min(page.height, bottom + VPAD))).convert("L")
    return ImageOps.expand(im, BORDER, fill=255)


def reread_numbers(page: Image.Image, lines: list[OcrLine], tsv: str, tesseract: Tesseract,
                   deadline: Deadline | None = None) -> list[OcrLine]:
    """Return the lines of one reading of `page` (with its TSV), each number word that
    reads otherwise alone kept as a doubt on the line it lies on (OcrLine.numbers).

    A number word (number_words) is read again as one word of digits (a date's slashes
    read as 7s put back: slashes_put_back); where that differs from the page's reading
    by look-alike digits alone, it is read a third time as one line of digits, and the
    doubt is `agreed` when the third reading is the second, neither mended: a mended
    reading agreeing took a right "17/03/2565" for "11/03/2565" on the main draw. A word whose line a
    re-read replaced is not read again. Read at twice the size, the second reading
    flagged 40 misreads for 38 at the page's size (before slashes were put back) and
    cost twice the time (bench/RESULTS.md)."""
    words = [(at, text, _crop(page, ink_span(page, box))) for text, box in number_words(tsv)
             if (at := _line_of(lines, text, box)) is not None]
    if not words:
        return lines
    reader = type(tesseract)(READ_AS, tesseract.engine, tesseract.threads)
    again = [_bare(t) for t in reader.texts([im for _, _, im in words], 8, deadline, DIGITS)]
    doubted = [(word, read, mended) for word, read in zip(words, again)
               if look_alikes(word[1], mended := slashes_put_back(word[1], read))]
    third = [_bare(t) for t in reader.texts([im for (_, _, im), _, _ in doubted], 7, deadline, DIGITS)]
    doubts: dict[int, list[NumberDoubt]] = {}
    for ((at, text, _), read, mended), check in zip(doubted, third):
        doubts.setdefault(at, []).append(NumberDoubt(text, mended, check == read == mended))
    return [ln._replace(numbers=(*ln.numbers, *doubts[i])) if i in doubts else ln for i, ln in enumerate(lines)]
