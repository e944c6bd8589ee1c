"""Where a printed line wrapped inside a phrase, so that its lines join without a space.

Thai puts no space between words, only between phrases, and a phrase longer than the
text is wide has to wrap inside it. OCR reads each printed line apart, and joining them
with a space would put one in the middle of the phrase ("...คุณภาพอย่าง ต่อเนื่อง"),
which every copy of the same print then shares. A line that holds no space and ends at
the text's right margin (within MARGIN_CHARS of its mean character width, and short of
it by less than the next line's first phrase would take: had that fitted, the print
would have set it there) is one phrase that did not fit, and the line after it
continues it. A line that stops short of the margin ended where its text ended, and
joins with a space.

A line with a space in it may have wrapped at a space, as a program that breaks lines
only at spaces sets Thai, or between two words of a phrase, as a word processor or a
browser does; the end of a line shows no difference. The copy's own lines do, in the
middle of a line: whether its print sets the line's last word and the next line's first
word side by side with a space or without (`PrintedCopy.sets_together`). Without that
the line joins with a space. What stays ambiguous is a line of the source that ended by
chance within reach of the margin; it is joined.

A copy whose print shows it breaks lines between words (a line so joined:
`PrintedCopy.breaks_words`) may have broken any of its lines there: where a line ends
short of the margin by less than the next word, and the copy's text sets the two words
apart mid-line no more often than together (`PrintedCopy.unconfirmed_spaces`), whether
the print had a space there is a guess. Most places between two Thai words have none,
so the lines join without one, and the vote doubts a value that keeps that place, with
a space or without. So do they where the copy sets the second word after a space more
often than after a letter elsewhere: a word set after a space in one phrase ("คน
เรียบร้อยแล้ว", in every row of a table) follows another word without one
("งบประมาณเรียบร้อยแล้ว"), and only the two words side by side mid-line tell (on the
bench's word-breaking prints such a space was wrong four times in five). Every copy of
one print breaks its lines alike, so copies that agree there are no evidence either
way; the archive's other lines may be (line_end_spacing).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .lm import cluster_cuts, dictionary_words
from .model import Line
from .thai_script import THAI_CONSONANTS, THAI_MARKS, THAI_SPELLING

MARGIN_CHARS = 2.0  # how many of a line's mean character widths short of the margin still run to it
MARGIN_SEEN_CHARS = 4.0  # how near the furthest line's end two more lines' ends show it is the text's margin
WORD_MAX_CHARS = 24  # the longest word looked for at a line's end or start
LABEL_CHARS = 30  # how far into a line a colon or "=" makes its start a label ("รหัสโครงการ :", "... =")
_LABEL_MARK = re.compile("[:=]")
_THAI_END = re.compile(f"(?![ฯๆ])[{THAI_SPELLING}]$")  # tried at the last character; "กรุงเทพฯ", "ต่างๆ": a space follows
_THAI_START = re.compile(f"(?![{THAI_MARKS}])[{THAI_SPELLING}]")  # no mark: it would join the line before's last letter
_MARK = re.compile(f"[{THAI_MARKS}]")
_TONE_MARKS = re.compile("[\u0e48-\u0e4c]")  # tone marks and THANTHAKHAT: no vowel, a letter with them alone is no syllable
_NUMBERED_HEADING = re.compile(r"[0-9]+\.(?:[0-9]+\.?)*\s")  # "1.3 หลักการและเหตุผล", "2. รายงาน...", not "150 คน"
_ATTACHED_MARK = re.compile("\u0e2f(?![\u0e01-\u0e2e])")  # PAIYANNOI ending the word before it ("ฯลฯ", "ฯพณฯ" stand apart)
WORD_END_MARK = "\u0e2f"  # PAIYANNOI: "โครงการฯ", a name shortened
_MARKED = re.compile(  # a phrase and the mark ending it, glued or opening the next line ("ฯลฯ", "ฯพณฯ" none)
    f"(?<![{THAI_SPELLING}])((?:(?!{WORD_END_MARK})[{THAI_SPELLING}]){{2,}})\n?{WORD_END_MARK}(?![{THAI_CONSONANTS}])")
Box = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class TextEnd:
    """Where the lines of one page end, in the frame their boxes are in: the furthest a
    line's end reaches along the reading direction (`_end`), and whether the page lies
    turned 180 degrees in that frame (it was read turned: its lines then end on the left
    and follow each other upwards)."""

    reach: int
    turned: bool


Margins = dict[tuple[str, int], TextEnd]


@dataclass(frozen=True, slots=True)
class PrintedCopy:
    """What one copy shows of how its print sets text: where the text ends on each of
    its pages, and its lines' texts (one a line), where it sets words together or apart."""

    margins: Margins
    text: str = ""
    breaks_words: bool = False  # a line wraps between two words of a phrase that are not one word
    unconfirmed_spaces: tuple[str, ...] = ()  # where it does, "last first" at line ends that may be such wraps
    breaks_at_spaces: bool = False  # a line wraps at a space though the next word would have fitted on it
    possible_wraps: tuple[str, ...] = ()  # where neither shows, "last first" at line ends that may be such wraps
    joined_ends: tuple[str, ...] = ()  # "last first" at the line ends its text joins without a space (`joins`)
    spaced_ends: tuple[str, ...] = ()  # ... and at those it joins with one
    sure_joins: tuple[str, ...] = ()  # "last first" at the line ends it joins without a space, no guess there
    sure_spaces: tuple[str, ...] = ()  # ... and at those it joins with one
    opening_guesses: tuple[str, ...] = ()  # "last first" at guessed line ends where "last" opens a phrase

    def side_by_side(self, left: str, right: str, opens_phrase: bool = False) -> tuple[int, int]:
        """Return how often the copy's print, in the middle of a line, sets the words
        `left` and `right` side by side together, and with a space between them. Where
        `left` opens a phrase (`opens_phrase`: a space before it), only the two with
        `left` opening a phrase there too count: a print sets the same words together in
        one phrase and apart in another ("จัดนิทรรศการ คัดเลือก ครูดีเด่น",
        "ประกวดคัดเลือกครูดีเด่น")."""
        together, apart = _side_by_side(left, right, opens_phrase)
        return len(together.findall(self.text)), len(apart.findall(self.text))

    def phrases_marked(self) -> tuple[str, ...]:
        """Return the phrases the copy's print ends with PAIYANNOI, each once, sorted: the
        run of Thai before the mark, glued to it or with the mark opening the next line (a
        print carries it over alone): "ขออนุมัติโครงการ" of "ขออนุมัติโครงการฯ". "ฯลฯ" and
        "ฯพณฯ" give none, and nor does a mark after a space ("ต่าง ฯ" is "ต่าง ๆ" misread)."""
        return tuple(sorted({m.group(1) for m in _MARKED.finditer(self.text)}))

    def sets_together(self, left: str, right: str, opens_phrase: bool = False) -> bool:
        """True when the copy's print sets `left` and `right` together more often than
        with a space between them (`side_by_side`)."""
        together, apart = self.side_by_side(left, right, opens_phrase)
        return together > apart


@lru_cache(maxsize=1 << 12)
def _side_by_side(left: str, right: str, opens_phrase: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return the patterns of `left` and `right` side by side, together and with a
    space between them; where `opens_phrase`, with `left` after a space or a line's start."""
    start = r"(?<!\S)" if opens_phrase else ""
    return re.compile(start + re.escape(left + right)), re.compile(start + re.escape(f"{left} {right}"))


def printed_copy(*sections: Iterable[Line]) -> PrintedCopy:
    """Return what one copy's lines, given section by section (each in reading order),
    show of its print: their right_margins, their texts, whether a line wraps between
    two words of a phrase (`_between_words`) that are not one word together (a program that breaks lines only
    at spaces cuts a phrase longer than the line at the margin, inside a word or not:
    "คุณ|ภาพ"; a word processor never cuts a word), and if so, the spaces at its line
    ends that may be such wraps with nothing in the copy to confirm them
    (`_unconfirmed_space`); if not, whether a line shows the print breaks only at spaces
    (`_left_room_for_a_word`), and if nothing shows either, the spaces at its line ends
    where a print that breaks between words could have broken (`possible_wraps`: the
    archive's other prints may say it is one, run.archive_breaks_words). A line and the
    next are a line end within a section only: a section's heading between them, left
    out of the sections, is no text that runs on."""
    parts = [list(section) for section in sections]
    lines = [line for part in parts for line in part]
    copy = PrintedCopy(right_margins(lines), "\n".join(line.text for line in lines))
    pairs = [(line, after) for part in parts for line, after in zip(part, part[1:])
             if after.where.line == line.where.line + 1 or _on_the_next_page(line, after)]
    ends = [end for end in (_line_end(line, after, copy, None) for line, after in pairs) if end is not None]
    breaks_words = any(_wraps_between_words(end, copy) for end in ends
                       if end[0][-2:] + end[1][:2] in copy.text)  # as _between_words asks first
    if breaks_words:
        copy = replace(copy, breaks_words=True, unconfirmed_spaces=_unconfirmed_spaces(ends, copy))
    elif any(_left_room_for_a_word(*end) for end in ends):
        copy = replace(copy, breaks_at_spaces=True)
    else:
        copy = replace(copy, possible_wraps=tuple(sorted({wrap for end in ends if (wrap := _possible_wrap(*end))})))
    return _with_line_ends(copy, ends)


def _with_line_ends(copy: PrintedCopy, ends: Sequence[tuple[str, str, float]]) -> PrintedCopy:
    """Return `copy` with "last first", the words either side of each of its line ends
    (`_line_end`), sorted into those its text joins without a space and those it joins
    with one (`joins`): every copy of one print wraps its lines in the same places, so
    where two copies of a report join one differently, one of them judged the margin
    wrong (document.contested_wraps). Ends at a word of one character that takes room
    are left out: such a key stands inside too many other words. The same two words at
    every line end that is no guess (neither an unconfirmed space nor a possible wrap)
    are kept apart too, as `sure_joins` and `sure_spaces`, whatever room they take: a
    guessed place keyed by the same words may stand beside a paragraph's end ("ติดตามผล",
    "การ..." on the next line), and how the archive sets the words mid-line must not
    set that one too (line_end_spacing.LineEnds). A guessed line end whose first word
    opens a phrase there (a space before it on the line) is kept in `opening_guesses`:
    the archive's lines then count only where that word opens a phrase too, as the copy's
    own count does (PrintedCopy.side_by_side)."""
    joined: set[str] = set()
    spaced: set[str] = set()
    sure: dict[bool, set[str]] = {True: set(), False: set()}
    opening: set[str] = set()
    guesses = {*copy.unconfirmed_spaces, *copy.possible_wraps}
    for end in ends:
        last, first, opens_phrase = _words_at(end[0], end[1])
        key, joins_here = f"{last} {first}", _joins_end(end, copy)
        if min(_room(last), _room(first)) >= 2:
            (joined if joins_here else spaced).add(key)
        guessed = key in guesses and (_possible_wrap(*end) == key
                                      or copy.breaks_words and _unconfirmed_at(end, copy) == key)
        if not guessed:
            sure[joins_here].add(key)
        elif opens_phrase:
            opening.add(key)
    return replace(copy, joined_ends=tuple(sorted(joined)), spaced_ends=tuple(sorted(spaced)),
                   sure_joins=tuple(sorted(sure[True])), sure_spaces=tuple(sorted(sure[False])),
                   opening_guesses=tuple(sorted(opening)))


def _unconfirmed_spaces(ends: Sequence[tuple[str, str, float]], copy: PrintedCopy) -> tuple[str, ...]:
    """Return "last first" at each line end (_line_end) where a print that breaks lines
    between words may have broken with nothing in the copy to say whether it had a space
    there (_unconfirmed_at), sorted."""
    return tuple(sorted({_unconfirmed_at(end, copy) for end in ends} - {""}))


def _unconfirmed_at(end: tuple[str, str, float], copy: PrintedCopy) -> str:
    """Return _unconfirmed_space of a line end (_line_end) that neither runs on nor shows
    a wrap between two words the copy sets together, else ""."""
    return "" if _runs_on(*end) or _between_words(*end, copy) else _unconfirmed_space(*end, copy)


def _possible_wrap(text: str, head: str, short: float) -> str:
    """Return "last first", the words either side of a line end that a print breaking
    lines between words could have broken at (it ends short of the margin by less than
    the next line's first word and a space; a first word of two letters' room at least,
    as in _unconfirmed_space, the last a syllable at least, "มี ผู้เข้าร่วม": a consonant
    alone, "ณ" or "ก่", stands inside too many words), else "". Unlike _unconfirmed_space it does
    not ask the copy's text whether the two stand apart elsewhere: it is asked of every
    copy that shows nothing, and the doubt it brings is checked by a person."""
    if _runs_on(text, head, short):
        return ""
    last, first, _ = _words_at(text, head)
    if short > _room(first) + 1 or _room(first) < 2 or len(_TONE_MARKS.sub("", last)) < 2:
        return ""
    return f"{last} {first}"


def _left_room_for_a_word(text: str, head: str, short: float) -> bool:
    """True when a line that holds a space (so the print could have broken there) ends
    short of the margin by more than the next line's first word and a space take, but
    less than its first phrase takes: a print that breaks lines between words would have
    set that word on the line, one that breaks only at spaces could not set the phrase.
    A next line that opens with a label (a colon or "=" within LABEL_CHARS: a row's
    figures, "ความก้าวหน้าของงานฯ = 40.00 %") starts a field of the form, not a wrapped
    phrase, and a numbered heading ("1.3 หลักการและเหตุผล") ends where its text does, the
    next line opening a paragraph. The next line's first phrase must be made of words of
    the list (`_made_of_words`): a phrase OCR garbled ("เรยบรือยสัว" for "เรียบร้อยแล้ว",
    "โลก็จกรรม" for "จัดกิจกรรม") opens with a fragment that takes less room than the
    word printed there."""
    if " " not in text or _LABEL_MARK.search(head, 0, LABEL_CHARS) or _NUMBERED_HEADING.match(text):
        return False
    phrase = head.split(" ", 1)[0]
    _, first, _ = _words_at(text, head)
    if not _made_of_words(phrase):
        return False
    return _room(first) + 1 < short <= _room(phrase) and _room(phrase) > _room(first) + 2


@lru_cache(maxsize=1 << 14)
def _made_of_words(phrase: str) -> bool:
    """True when `phrase` is words of pythainlp's list end to end, each cut where a
    cluster ends (lm.cluster_cuts) and no longer than WORD_MAX_CHARS."""
    words, cuts = dictionary_words(), cluster_cuts(phrase)
    reached = {0}
    for start in cuts:
        if start in reached:
            reached.update(end for end in cuts if start < end <= start + WORD_MAX_CHARS and phrase[start:end] in words)
    return len(phrase) in reached


def _wraps_between_words(end: tuple[str, str, float], copy: PrintedCopy) -> bool:
    """True when a line, ending as `end` (_line_end) says, wraps into the next between two
    words of a phrase (`_between_words`) that are not one word together
    (`_inside_a_word`), and no program that breaks lines only at spaces would have cut the
    phrase there: one does only at the margin, and only a phrase too long for a line of
    its own (`_too_long_for_a_line`)."""
    if _runs_on(*end) or not _between_words(*end, copy) or _inside_a_word(end[0], end[1]):
        return False
    text, head, short = end
    return short > MARGIN_CHARS or not _too_long_for_a_line(text, head, short)


def _too_long_for_a_line(text: str, head: str, short: float) -> bool:
    """True when the phrase cut at a line's end (the line's text after its last space,
    and the next line's first phrase) takes more room than the line holds (its text and
    how far it ends short of the margin, in characters that take room)."""
    return _room(text.rsplit(" ", 1)[-1]) + _room(head.split(" ", 1)[0]) > _room(text) + short


def right_margins(lines: Iterable[Line]) -> Margins:
    """Return where the text ends on each (source, page) of `lines`, one copy's lines in
    reading order: the furthest any line of the copy's pages that lie the same way
    reaches, when another line ends within MARGIN_CHARS of its mean character width of
    it, or two more within MARGIN_SEEN_CHARS (one wide line among short ones shows no
    margin; a print that breaks lines between words ends them ragged, the longest a
    short word apart, and two lines a few characters apart may both stop short of it).
    A copy's pages share one print's margins; a page alone may hold a single full line.
    Scanned pages only: text without boxes has no margin to run to."""
    pages: dict[tuple[str, int], list[tuple[Box, str]]] = {}
    for line in lines:
        text = line.text.strip()
        if line.where.box is not None and text:
            pages.setdefault((line.where.source, line.where.page), []).append((line.where.box, text))
    turned = {key: _reads_upwards([box for box, _ in found]) for key, found in pages.items()}
    reach: dict[bool, int] = {}
    for way in (False, True):
        ends = [(_end(box, way), _char_width(box, text))
                for key, found in pages.items() if turned[key] == way for box, text in found]
        if not ends:
            continue
        far, char = max(ends)
        if sum(end >= far - MARGIN_CHARS * char for end, _ in ends) >= 2 \
                or sum(end >= far - MARGIN_SEEN_CHARS * char for end, _ in ends) >= 3:
            reach[way] = far
    return {key: TextEnd(reach[way], way) for key, way in turned.items() if way in reach}


def _end(box: Box, turned: bool) -> int:
    """Return where a line ends along the reading direction, larger further on: its right
    edge, or on a page read turned its left edge, negated."""
    return -box[0] if turned else box[2]


def _char_width(box: Box, text: str) -> float:
    """Return a line's mean width of a character that takes room along it."""
    return (box[2] - box[0]) / max(1, _room(text))


@lru_cache(maxsize=1 << 16)
def _room(text: str) -> int:
    """Return how many characters of `text` take room along its line: a mark above or
    below a letter takes none."""
    return len(text) - len(_MARK.findall(text))


def _reads_upwards(boxes: Sequence[Box]) -> bool:
    """True when most steps from one line to the next go up the page: a page read turned
    180 degrees, its boxes where the lines lie on the scan (a block Tesseract gives out of
    order, a page number read last, is one step)."""
    return sum(later[1] < earlier[1] for earlier, later in zip(boxes, boxes[1:])) * 2 > len(boxes) - 1


def runs_on(line: Line, after: Line, printed: PrintedCopy, value: str | None = None) -> bool:
    """True when `after` continues the phrase `line` ends with: `line`'s text (or the
    `value` it ends with, after a label) is one phrase of Thai (no space in it) that
    ends within MARGIN_CHARS of the line's mean character width of where the page's
    text ends, short of it by less than the width of `after`'s first phrase (had that
    fitted, the print would have set it there), and `after` opens with a Thai letter
    or vowel (not a mark) on the same page of the same file or the next page."""
    end = _line_end(line, after, printed, value)
    return end is not None and _runs_on(*end)


def joins(line: Line, after: Line, printed: PrintedCopy, value: str | None = None) -> bool:
    """True when `after` continues `line`'s text (or the `value` it ends with, after a
    label) with no space between them: a phrase runs on past the margin (`runs_on`), or
    the line wrapped between two words of a phrase: it ends short of the page's margin
    by less than `after`'s first word and a space (a print that breaks lines at words
    would have set that word on the line had it fitted), and the copy's print sets its
    last word and that word together (PrintedCopy.sets_together), or, in a print that
    breaks lines between words, the space there is one of its unconfirmed spaces: most
    places between two Thai words have none, and a print that breaks lines at any of
    them breaks at a space no more often than elsewhere. Words are
    the longest of pythainlp's word list at the two ends (last_word, first_word), of two characters
    at least that take room (for an unconfirmed space, the next line's first word). A
    line of the same page (or opening the next) that opens with PAIYANNOI (ฯ, not "ฯลฯ" or
    "ฯพณฯ") continues the word before it whatever the margin: the mark shortens that word
    ("โครงการฯ"), and a print that breaks lines between words may carry it over alone."""
    text = (line.text if value is None else value).strip()
    if text and _THAI_END.match(text, len(text) - 1) and _ATTACHED_MARK.match(after.text.strip()) \
            and _may_run_into(line, after):
        return True
    end = _line_end(line, after, printed, value)
    return end is not None and _joins_end(end, printed)


def _joins_end(end: tuple[str, str, float], printed: PrintedCopy) -> bool:
    """`joins` of a line end (`_line_end`)."""
    return _runs_on(*end) or _between_words(*end, printed) or (
        printed.breaks_words and _unconfirmed_space(*end, printed) in printed.unconfirmed_spaces)


def _line_end(line: Line, after: Line, printed: PrintedCopy, value: str | None) -> tuple[str, str, float] | None:
    """Return the text `line` ends with (`value`, or its own), the text `after` starts
    with, and how far `line` ends short of the page's margin (_short_of_margin); None
    where the two cannot be one text run on."""
    text, head = (line.text if value is None else value).strip(), after.text.strip()
    short = _short_of_margin(line, after, printed.margins, text)
    return None if short is None else (text, head, short)


def _runs_on(text: str, head: str, short: float) -> bool:
    return " " not in text and short <= min(MARGIN_CHARS, _room(head.split(" ", 1)[0]))


def _between_words(text: str, head: str, short: float, printed: PrintedCopy) -> bool:
    phrase = head.split(" ", 1)[0]
    if short > _room(phrase) + 1 or text[-2:] + head[:2] not in printed.text:
        return False  # the next word is no longer than its phrase; the two words side by side hold these characters
    last, first, opens_phrase = _words_at(text, head)
    if short > _room(first) + 1:
        return False
    return min(_room(first), _room(last)) >= 2 and printed.sets_together(last, first, opens_phrase)


def _words_at(text: str, head: str) -> tuple[str, str, bool]:
    """Return the words either side of a line end: the last of `text` and the first of
    `head` (the longest of pythainlp's word list at each end), and whether the last
    opens a phrase (a space before it in `text`)."""
    tail = text.rsplit(" ", 1)[-1]
    last = last_word(tail)
    return last, first_word(head.split(" ", 1)[0]), last == tail and " " in text


def _inside_a_word(text: str, head: str) -> bool:
    """True when the last word of `text` and the first of `head` make one word of
    pythainlp's word list."""
    last, first, _ = _words_at(text, head)
    return last + first in dictionary_words()


def _unconfirmed_space(text: str, head: str, short: float, printed: PrintedCopy) -> str:
    """Return "last first", the words either side of a line end, where the line ends
    short of the margin by less than the next line's first word and a space (a print
    that breaks lines between words could have broken there) and the copy's print sets
    the two words apart mid-line no more often than together: whether it had a space
    there nothing in the copy says. Else "". A word the copy sets after a space
    elsewhere ("คน เรียบร้อยแล้ว") may follow another word without one
    ("งบประมาณเรียบร้อยแล้ว"): how often it opens a phrase is not asked."""
    last, first, opens_phrase = _words_at(text, head)
    if short > _room(first) + 1 or _room(first) < 2:
        return ""  # a letter ("ณ") stands inside too many words to key a place by
    together, apart = printed.side_by_side(last, first, opens_phrase)
    if apart > together:
        return ""
    return f"{last} {first}"


def _short_of_margin(line: Line, after: Line, margins: Margins, text: str) -> float | None:
    """Return how far `line` (whose text, or the value it ends with, is `text`) ends
    short of its page's margin, in its mean character widths, where it ends in Thai and
    `after` opens with a Thai letter or vowel (not a mark) on the same page of the same
    file or the next page (`_may_run_into`); None where the two cannot be one text run
    on, or no margin is known."""
    box, head = line.where.box, after.text.strip()
    if box is None or not text or not _THAI_END.match(text, len(text) - 1) or not _THAI_START.match(head) \
            or not _may_run_into(line, after):
        return None
    end = margins.get((line.where.source, line.where.page))
    if end is None or box[2] <= box[0]:
        return None
    return (end.reach - _end(box, end.turned)) / _char_width(box, line.text.strip())


def _may_run_into(line: Line, after: Line) -> bool:
    """True when `after` may go on with `line`'s text: on the same page of the same file,
    or opening the next page (`_on_the_next_page`)."""
    return (after.where.source, after.where.page) == (line.where.source, line.where.page) \
        or _on_the_next_page(line, after)


def _on_the_next_page(line: Line, after: Line) -> bool:
    """True when `after` is on the page after `line`'s in the same file. Asked of two lines
    of one text that follow each other (one section's, a page's header and number left
    out: `line` is its page's last, `after` the next page's first), the last line of a
    page wraps into the first of the next as any line into the next, at the same margin."""
    return after.where.source == line.where.source and after.where.page == line.where.page + 1


@lru_cache(maxsize=1 << 14)
def first_word(phrase: str) -> str:
    """Return the longest word of pythainlp's word list that `phrase` starts with, cut
    where a cluster ends (lm.cluster_cuts), or the phrase itself when none is."""
    words = dictionary_words()
    for end in reversed(cluster_cuts(phrase)):
        if 1 < end <= WORD_MAX_CHARS and phrase[:end] in words:
            return phrase[:end]
    return phrase


@lru_cache(maxsize=1 << 14)
def last_word(phrase: str) -> str:
    """Return the longest word of pythainlp's word list that `phrase` ends with, cut
    where a cluster starts (lm.cluster_cuts), or the phrase itself when none is."""
    words = dictionary_words()
    for start in cluster_cuts(phrase):
        if start < len(phrase) - 1 and len(phrase) - start <= WORD_MAX_CHARS and phrase[start:] in words:
            return phrase[start:]
    return phrase


def join_lines(lines: Sequence[Line], printed: PrintedCopy) -> str:
    """Return the texts of `lines` joined as printed: with nothing where a line's text
    goes on in the next (`joins`), with a space elsewhere."""
    out = ""
    kept = [ln for ln in lines if ln.text]
    for i, line in enumerate(kept):
        if i:
            out += "" if joins(kept[i - 1], line, printed) else " "
        out += line.text
    return out
