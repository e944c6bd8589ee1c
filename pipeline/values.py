"""Parse printed values into typed, comparable values (one function per value type).

Every parser returns None when the text does not hold a value of its type, so a damaged
reading is left out of the vote rather than voted as garbage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import regex

from .lm import WORD_MARKS
from .normalize import normalize_text, trim
from .thai_script import THAI_CONSONANTS, THAI_MARKS

BE_OFFSET = 543
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "S": "5"})
_CODE = regex.compile(r"(\d{8})\s*[-–—_.:~=]?\s*(\d{4})")
_CODE_DASH_AS_DIGIT = regex.compile(r"(?<!\d)(\d{8})\d(\d{4})(?!\d)")  # 13 digits: the dash read as one
_DIGIT_GAP = regex.compile(r"(?<=\d) +(?=\d)")
_YEAR_BE = regex.compile(r"\b(2[45]\d\d)\b")
_DATE_ISO = regex.compile(r"\b(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})\b")
_DATE_DMY = regex.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b")
_DATE_SLASH_MISREAD = (  # (day, month, year) of a cell's date with a slash lost or read as a 7
    regex.compile(r"(\d{1,2})/(\d{2})7?((?:25|20)\d{2})"),
    regex.compile(r"(\d{2})7(\d{2})/((?:25|20)\d{2})"),
    regex.compile(r"(\d{2})7(\d{2})7((?:25|20)\d{2})"),
)
_DATE_THAI = regex.compile(r"(\d{1,2})\s*([\p{Thai}.]+?)\s*(?:พ\.ศ\.\s*)?(\d{4})")
_DOTTED_THOUSANDS = regex.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")
_DOTTED_THOUSANDS_BAHT = regex.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:\.\d{3})+(?=(?:\.\d{1,2})?\s*(?:\.-)?\s*บาท)")
_SPACED_THOUSANDS = regex.compile(r"(?<=\d)\s(?=\d{3}(?:\s\d{3})*(?!\d)(?:\.\d{1,2})?\s*(?:\.-)?\s*(?:บาท|$))")
_COMMA_SPACED_THOUSANDS = regex.compile(  # "330, 000 บาท": a space read after the thousands comma
    r"(?<=(?<![\d,])\d{1,3}(?:,\s*\d{3}){0,6}),\s+(?=\d{3}(?:,\s*\d{3}){0,6}(?!\d)(?:\.\d{1,2})?\s*(?:\.-)?\s*(?:บาท|$))")
_SPACED_POINT = regex.compile(r"(?<=\d)\s?([.,])\s?(?=\d)")
_END_DEBRIS = (regex.compile(r"[\s.:*|;{}_'\"]+"), regex.compile(r"(?r)[\s*|;{}_'\"]+"))  # at the start, at the end
_SPECK_MARKS = "|¦—–=;:.,_~*`^"  # what OCR makes of a rule or a smudge, but quotes and the dash (below)
_SPECK = rf"[{_SPECK_MARKS}'\"-]+"  # a word of bars, dashes, dots and the like
_LONE_THAI = r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]"  # a Thai letter or mark alone
_UNQUOTED_SPECK = rf"[{_SPECK_MARKS}-]+"  # ... but for quotes, which a letter may stand between ('"ก"')
_LOOSE_SPECKS = regex.compile(
    rf"(?:\s+(?:{_SPECK}|(?:{_UNQUOTED_SPECK})?(?![\u0e01-\u0e2e]\.){_LONE_THAI}(?:{_UNQUOTED_SPECK})?))+$"
    rf"|\s+[|¦]+(?:\s+(?:{_SPECK}|{_LONE_THAI}\.?|[A-Za-z]{{1,3}}))*$"
    rf"|(?<={_LONE_THAI})(?<!(?:^|\s)[-–—]\S*(?:\s+\S+){{0,3}})[-–—]+$")
_PART_TAIL = regex.compile(rf"(?:\s*{_SPECK}|\s+[A-Za-z0-9]{{1,3}})+")  # specks, or a short Latin or digit word
_PART_TAIL_END = regex.compile(f"(?:{_PART_TAIL.pattern})$")
_PART_TAIL_LAST = regex.compile(r"[|¦—–=;:.,_~*'\"`^\-A-Za-z0-9]")  # what a tail can end with
_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\p{N}]")
JUNK_WORD_MAX_CHARS = 5
_JUNK_WORD = regex.compile(  # no Thai letter; or one Thai letter glued to digits or symbols, no full stop ("ม.")
    rf"[^\s\u0e00-\u0e7f]{{1,{JUNK_WORD_MAX_CHARS}}}"
    rf"|(?=\S{{2,{JUNK_WORD_MAX_CHARS}}}$)[^\s.\u0e00-\u0e7f]*[\u0e01-\u0e2e][\u0e30-\u0e4e]*[^\s.\u0e00-\u0e7f]+")
_LOWER_LATIN = regex.compile(r"[a-z]{1,3}")  # OCR's junk letters: an acronym is capitals, a word longer
# Units a figure is given in, and "x" between a shape's sides ("6 x 120 ม."): letters a report prints.
_UNITS = frozenset("a am ch cm g h kg km kw l m mg ml mm pm ppm s sq v w x".split())
_QUOTES_AND_MARKS = "«»“”‘’'\"[](){}.,;:"
_SYMBOL = regex.compile(r"[«»“”‘’'\"\[\]{}/\\|;,]")
_FIGURE = regex.compile(r"[0-9][0-9.,]*")
_THAI_LETTER = regex.compile(r"[\u0e01-\u0e2e]")
_END_SPECKS = regex.compile(rf"(?:\s*{_SPECK})+$")
_NAME_TAIL_SPECK = regex.compile(r"(?:\s+[\u0e01-\u0e2e][\u0e47-\u0e4e]*)+$")  # a consonant under marks that are no vowel
_NAME_TAIL_JUNK = regex.compile(  # after a name part that follows a space: no letter, one Latin letter, two small ones
    r"(?<=\s[\u0e01-\u0e4e]+)(?:\s+(?>(?:[^\s\p{L}]*[A-Za-z][^\s\p{L}]*|[^\s\p{L}]+|[a-z]{2})(?!\S)))+$")
_NAME_INNER_SPECKS = regex.compile(rf"(?<=\S)(?: +{_SPECK})+(?= +\S)")  # a word of specks between two parts
_NAME_LONE_BRACKET = regex.compile(r"(?<=\S) +([\[\]{}])(?= +\S)")  # a square or curly bracket alone between two parts
_PARTNER = {"[": "]", "]": "[", "{": "}", "}": "{"}
_PHONE_JOINERS = regex.compile(r"[\s-]")
_WHITESPACE = regex.compile(r"\s")
_PHONE = regex.compile(r"\d[\d\s-]*\d|\d")
_SPACE_RUN = regex.compile(r"\s{2,}|[^\S ]")
_DANGLING_MARK = regex.compile(f"[{THAI_MARKS}]")
_MONEY = regex.compile(r"\d[\d,]*(?:\.\d{1,2})?")
_PCT = regex.compile(r"\d{1,3}(?:[.,]\d{1,2})?")
_THAI_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."),
            ("พฤษภาคม", "พ.ค."), ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."), ("สิงหาคม", "ส.ค."),
            ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."), ("พฤศจิกายน", "พ.ย."), ("ธันวาคม", "ธ.ค."),
        ],
        start=1,
    )
    for name in names
}


def parse_project_code(text: str) -> str | None:
    """Return a project code as "NNNNNNNN-NNNN", repairing letters OCR reads for digits,
    spaces OCR puts between them, and a dash it read as a digit (thirteen digits in a
    row: "3972767105066", whose first eight and last four are the code's)."""
    digits = _DIGIT_GAP.sub("", text.translate(_OCR_DIGITS))
    m = _CODE_DASH_AS_DIGIT.search(digits) or _CODE.search(digits)
    return f"{m.group(1)}-{m.group(2)}" if m else None


def parse_code(text: str, pattern: regex.Pattern[str]) -> str | None:
    """Return the first stretch of `text` that a code field's `pattern` (its template's)
    matches, or None: the template says what a code looks like."""
    m = pattern.search(text)
    return m.group(0) if m and m.group(0) else None


def parse_be_year(text: str) -> int | None:
    """Return a Buddhist Era year (2400-2599) printed in the text."""
    m = _YEAR_BE.search(text)
    return int(m.group(1)) if m else None


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    if year > 2400:
        year -= BE_OFFSET
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=1 << 12)
def parse_date(text: str) -> str | None:
    """Return an ISO 8601 date (CE) from "2020-10-01 00:00:00", "26/10/2563" or "4 มกราคม 2564".

    Years above 2400 are Buddhist Era and are converted (พ.ศ. = ค.ศ. + 543).
    """
    if m := _DATE_ISO.search(text):
        d = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    elif m := _DATE_DMY.search(text):
        d = _make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    elif (m := _DATE_THAI.search(text)) and m.group(2) in _THAI_MONTHS:
        d = _make_date(int(m.group(3)), _THAI_MONTHS[m.group(2)], int(m.group(1)))
    else:
        return None
    return d.isoformat() if d else None


def parse_cell_date(text: str) -> str | None:
    """Return parse_date of a table cell's date with its white space taken out first: OCR
    puts spaces between a printed date's digits and slashes ("26 / 10/2563"); and loses
    the slash before the year ("15/022565": a two-digit month, then a year of the
    Buddhist or the Christian Era) or reads a slanted slash as a 7 ("07701/2565",
    "07/0172565", both slashes "3171272563"), where the digits left are a two-digit
    day or month in its place. A date read so was printed where the print is damaged
    (cell_date_repaired)."""
    return _cell_date(text)[0]


def cell_date_repaired(text: str) -> bool:
    """True when parse_cell_date reads `text` only by putting back a slash OCR lost or
    read as a 7: the digits beside it were read where the print is damaged."""
    return _cell_date(text)[1]


@lru_cache(maxsize=1 << 12)
def _cell_date(text: str) -> tuple[str | None, bool]:
    """Return parse_cell_date of `text` and whether a slash had to be put back for it."""
    bare = _WHITESPACE.sub("", text)
    if found := parse_date(bare):
        return found, False
    for pattern in _DATE_SLASH_MISREAD:
        if m := pattern.fullmatch(bare):
            found = parse_date(f"{m.group(1)}/{m.group(2)}/{m.group(3)}")
            return found, found is not None
    return None, False


def plain_number(value: Decimal) -> int | float:
    """Return an int when the amount is whole, else a float: "plain numbers" for CSV."""
    return int(value) if value == value.to_integral_value() else float(value)


@lru_cache(maxsize=1 << 12)
def parse_money(text: str) -> int | float | None:
    """Return an amount in baht from "270,000 บาท" or "90,000.- บาท".

    Baht have two decimal places (satang), so a point followed by exactly three digits
    is a thousands comma OCR misread as a point: "355.000" is 355,000; so is a space
    OCR read for the comma, or read after it, in a number that ends the text or stands
    before "บาท" ("545 000 บาท", "330, 000 บาท"; not "180,000 200 คน").
    """
    text = _COMMA_SPACED_THOUSANDS.sub(",", text)
    m = _MONEY.search(_DOTTED_THOUSANDS.sub(",", _SPACED_THOUSANDS.sub(",", text)))
    if not m:
        return None
    try:
        return plain_number(Decimal(m.group(0).replace(",", "")))
    except InvalidOperation:
        return None


@lru_cache(maxsize=1 << 12)
def parse_percent(text: str) -> int | float | None:
    """Return a percentage in [0, 100] from "25.00 %" (a comma for the point, or a space beside it, is fine)."""
    m = _PCT.search(_SPACED_POINT.sub(r"\1", text))
    if not m:
        return None
    value = Decimal(m.group(0).replace(",", "."))
    return plain_number(value) if 0 <= value <= 100 else None


def clean_text_value(text: str) -> str:
    """Return a free-text value without placeholder asterisks, label debris, and specks
    that OCR reads as bars, braces or quotes at either end, and with an amount of baht
    whose thousands OCR set off by a full stop written with a comma ("305.000 บาท": no
    amount of baht has three decimals).

    `text` is cut from normalised lines (every line is normalised as it is read), so
    only what the cut can spoil is repaired: runs of spaces, and a vowel or tone mark
    left dangling at the start; the full normaliser runs only then.
    """
    text = _SPACE_RUN.sub(" ", trim(text, *_END_DEBRIS))
    if "." in text:
        text = _DOTTED_THOUSANDS_BAHT.sub(lambda m: m.group().replace(".", ","), text)
    if text and _DANGLING_MARK.match(text):
        return normalize_text(text)
    return text


LETTER_LABELLED = ("ประเภท", "ข้อ", "ระดับ", "แบบ", "กลุ่ม", "บัญชี", "หมวด", "ชั้น", "ภาค", "ตอน", "ส่วน", "ชุด")
# words a letter follows as a label: "ใบอนุญาตประเภท ก", "ตามข้อ ข", "ระดับ ค"
_LABEL_LETTER = regex.compile(rf"(?:{'|'.join(LETTER_LABELLED)})\s+[{THAI_CONSONANTS}](?!\S)")


def without_loose_specks(text: str) -> str:
    """Return free text without the specks standing alone after its last word: words of
    bars, dashes, dots and the like, or a lone Thai letter or mark, alone or glued to
    such specks but quotes (" :ะ", " ย,"), each after a space (what OCR makes of a table rule or a
    smudge at the end of a line; "ฯ", "ๆ" and "฿" alone are words and stay, and so does
    a consonant with a full stop, an abbreviation: "10.00 น."); after a bar (a table's
    rule), also up to three Latin letters or a Thai letter with a dot: "แล้ว | oe",
    "แล้ว | | ย."; and a dash glued to the last Thai word ("วัดหัวลำโพง-"): Thai
    breaks no word with a hyphen, and an amount's dash follows its figure ("500.-"),
    unless a word up to three before opens with a dash (an amount in words,
    "-ห้าร้อยบาทถ้วน-", "-ห้าร้อย บาทถ้วน-").
    A letter between quotes is a word ('กลุ่ม "ข"'), and so is one after a word that takes
    a letter as its label (LETTER_LABELLED: "ระดับ ค"). What stands alone after the last
    word once such a tail is gone goes too ("แล้ว ก | a": the bar and its letters, then "ก")."""
    kept = max((m.end() for m in _LABEL_LETTER.finditer(text)), default=0)
    while (shorter := _LOOSE_SPECKS.sub("", text)) != text:
        if len(shorter) < kept:
            return text[:kept]
        text = shorter
    return text


_LONE_LETTER_TAIL = regex.compile(r"\s+[\u0e01-\u0e2e](?:\s.*)?")  # a lone consonant, then what else was stripped
_MARKED_END = regex.compile(rf"(.*\S)(\s?)([{''.join(WORD_MARKS)}])")  # a text ending in ฯ or ๆ (set apart or not)


def word_marks_read_as_letters(read: Sequence[str], cleaned: Sequence[str]) -> list[str]:
    """Return `cleaned` (each copy's free text as without_loose_specks left it, `read`
    before), with a mark that ends a word (ฯ, ๆ) put back after the last phrase of each
    copy that read a lone consonant there, which without_loose_specks dropped, where
    another copy reads the same last phrase with that mark after it ("โครงการ ง" and
    "โครงการ ด" beside "โครงการฯ"), and every copy read something after it: a print that
    breaks lines between words may carry the mark alone onto the next line, where OCR,
    with no word around it, reads it as a letter. Where some copy read the phrase with
    nothing after it, nothing is put back. The mark is set as the copy that read it
    sets it ("ต่าง ๆ"). `cleaned` is returned as it is where a copy's value is no text."""
    lone = [raw != text and raw.startswith(text) and _LONE_LETTER_TAIL.fullmatch(raw[len(text):]) is not None
            for raw, text in zip(read, cleaned)]
    if not any(lone):
        return list(cleaned)
    marked = [_MARKED_END.fullmatch(text) for text in cleaned]
    if not all(m is not None or is_lone for m, is_lone in zip(marked, lone)):
        return list(cleaned)
    out = list(cleaned)
    for i, text in enumerate(cleaned):
        if not lone[i]:
            continue
        phrase = text.rsplit(" ", 1)[-1]
        endings = {m.group(2) + m.group(3) for m in marked if m is not None and m.group(1).rsplit(" ", 1)[-1] == phrase}
        if len(phrase) > 1 and len(endings) == 1:
            out[i] = text + endings.pop()
    return out


def junk_tail(text: str) -> str:
    """Return the tail of free text after its last Thai word that is junk, "" when there
    is none: two words or more, each of at most JUNK_WORD_MAX_CHARS characters and no
    Thai letter (digits, Latin letters, symbols) or of one Thai letter glued to digits or
    symbols but a full stop ("ม7", "ม/"; "ม." is a unit, "ป.6" a grade), two of them
    runs of lowercase Latin letters, or one and a symbol (a quote, a bracket, a slash, a
    comma: "2” 27 ad «a y", ", a"), which a unit after a figure (_UNITS: "2.5 km",
    "30 km / h", "6 x 120 ม.") is not: what OCR makes of a signature, a stamp or a smudge below a
    cell's last line. An acronym ("PM 2.5"), a figure ("จำนวน 200 คน"), a Latin word
    longer than that ("Smart City") and a word alone ("e-GP") are no such tail."""
    words = text.split(" ")
    k = len(words)
    while k > 1 and _JUNK_WORD.fullmatch(words[k - 1]):
        k -= 1
    tail = words[k:]
    if len(tail) < 2 or not _THAI_LETTER.search(words[k - 1]):
        return ""
    lower, before = 0, words[k - 1]
    for w in tail:
        bare = w.strip(_QUOTES_AND_MARKS)
        unit = w.rstrip(".") in _UNITS and (_FIGURE.fullmatch(before) is not None or before == "/" or before in _UNITS)
        lower += _LOWER_LATIN.fullmatch(bare) is not None and not unit
        before = w
    symbols = any(_SYMBOL.search(w) for w in tail)
    return " " + " ".join(tail) if lower >= 2 or lower and symbols else ""


def part_speck(part: str, is_entry: Callable[[str], bool]) -> tuple[str, str] | None:
    """Return (entry, tail) when `part` of an agency path is no entry (`is_entry`) but one
    followed by what OCR makes of a rule or smudge at the line's end: specks ("ฝ่ายโยธา,")
    or a word of at most three Latin letters or digits after a space ("ฝ่ายโยธา 7"); the
    shortest such tail ("ฝ่ายโยธา 2" and "," when "ฝ่ายโยธา 2" is an entry). None otherwise."""
    if not part or not _PART_TAIL_LAST.match(part, len(part) - 1):
        return None
    longest = _PART_TAIL_END.search(part)
    if longest is None or longest.start() == 0 or is_entry(part):
        return None
    for i in range(len(part) - 1, longest.start() - 1, -1):
        head = part[:i].rstrip()
        if head and _PART_TAIL.fullmatch(part, i) and is_entry(head):
            return head, part[len(head):]
    return None


def is_specks(text: str) -> bool:
    """True when `text` holds no letter or digit."""
    return not _LETTER_OR_DIGIT.search(text)


def without_end_specks(text: str) -> str:
    """Return `text` without the specks (and spaces) it ends with."""
    return _END_SPECKS.sub("", text)


def clean_agency(text: str) -> str:
    """Return an agency path "A / B / C" with one space around each slash."""
    parts = [clean_text_value(p) for p in text.split("/")]
    return " / ".join(p for p in parts if p)


def parse_person(
    text: str, titles: tuple[str, ...], phone_label: regex.Pattern[str]
) -> tuple[str | None, str | None]:
    """Return (name with its title, phone) from "น.ส.ณัฐพิมล สิริภักดิ์กุล โทร 6628".

    The name is printed as the form prints it: the title glued to the given name, one
    space before the family name. `titles` must be ordered longest first.
    """
    text = clean_text_value(text)
    phone = None
    if m := phone_label.search(text):
        if digits := _PHONE.search(text, m.end()):
            phone = _PHONE_JOINERS.sub("", digits.group(0))
        text = text[: m.start()]
    name = text.strip(" .:-")
    title = next((t for t in titles if name.startswith(t)), "")
    formatted = title + " ".join(name[len(title):].split())
    return (formatted or None), phone


def without_name_debris(name: str, titles: tuple[str, ...]) -> str:
    """Return a person's name without what a copy read of the label before it ("ป : "
    of "ผู้ประสานงาน สยป :"): when the text after its last colon starts with a title,
    that text (a name is printed title first, and no name holds a colon); without a
    lone consonant after its last part, bare or under a tone mark or ์, with no vowel
    ("อรอินทร์ ร์": no name part is a single consonant; "ลี" and "ชู" are names); without
    what a copy read after a family name (a part after a space) where that holds no
    letter ("บุญมนต์ |", a table's rule) or one Latin letter, specks beside it or not, or
    two small ones ("อรอินทร์ i", "i.": a speck read so; a Latin name part, "Li", "Ng",
    starts with a capital); without a word of specks between two parts ("นายรักชาติ '
    ไชยพันธุ์": no name part is punctuation alone), and so is a square or curly bracket
    with no partner ("นายจักรกฤษ์ [ ฮวดศิริ"; a round one may open a note of the
    person's post, "( ผอ.เขต", its partner lost); and with the spaces OCR put beside the
    full stops of a title taken out ("น. ส.", "น.ส ." for "น.ส."): a title is printed as
    one word."""
    _, colon, after = name.rpartition(":")
    after = _title_unspaced(after.strip(), titles)
    name = after if colon and after.startswith(titles) else _title_unspaced(name, titles)
    name = _NAME_LONE_BRACKET.sub(lambda m: m.group() if _PARTNER[m.group(1)] in name else "",
                                  _NAME_INNER_SPECKS.sub("", name))
    while True:  # "ใจดี | ร์": each kind of debris may stand before the other
        cleaned = _NAME_TAIL_SPECK.sub("", _NAME_TAIL_JUNK.sub("", name))
        if cleaned == name:
            return name
        name = cleaned


def _title_unspaced(name: str, titles: tuple[str, ...]) -> str:
    """Return `name` with the title it opens with written as the title is, where OCR
    read spaces beside the title's full stops."""
    if " " not in name or name.startswith(titles):
        return name
    for title, pattern in _spaced_titles(titles):
        m = pattern.match(name)
        if m is not None:
            return title + name[m.end():]
    return name


@lru_cache(maxsize=16)
def _spaced_titles(titles: tuple[str, ...]) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """Return each title that ends in a full stop and the pattern of it with spaces beside
    its full stops, not followed by another letter or two and a full stop (the start of
    a longer title no list holds: "พล. ต. อ.", police general, is no "พล.ต.")."""
    return tuple((t, regex.compile(r"\s*\.\s*".join(map(regex.escape, t[:-1].split("."))) + r"\s*\."
                                   + r"(?!\s*[\u0e01-\u0e2e]{1,2}\s*\.)"))  # "พล. ต. อ.": a longer title
                 for t in titles if t.endswith("."))


RANK_SUFFIXES = ("หญิง",)  # a rank held by a woman: "ร.ต.ท.หญิง", "ว่าที่ ร.ต.หญิง"
FAMILY_PARTICLES = ("ณ",)  # words a two-word family name opens with: "ณ อยุธยา", "ณ ป้อมเพชร"


def name_parts_after_titles(parts: Sequence[str]) -> list[str]:
    """Return the parts of a person's name without a note in brackets after it
    ("(ผอ.เขตบางกะปิ)") and without every part up to its last abbreviation: a rank or a
    title the template's list lacks ("พ.ต.ท.", "นพ."), and a rank's RANK_SUFFIXES after
    it ("ว่าที่ ร.ต. หญิง")."""
    kept: list[str] = []
    for part in parts:
        if part.startswith("("):
            break
        kept.append(part)
    last = max((i for i, part in enumerate(kept) if "." in part), default=-1)
    kept = kept[last + 1:]
    while kept and kept[0] in RANK_SUFFIXES:
        kept.pop(0)
    return kept


def family_particles_joined(parts: Sequence[str]) -> list[str]:
    """Return the parts of a person's name (without its title) with each FAMILY_PARTICLES
    word joined to the part after it by a space: one family name of two words."""
    out: list[str] = []
    for part in parts:
        if out and out[-1] in FAMILY_PARTICLES:
            out[-1] += " " + part
        else:
            out.append(part)
    return out


def split_person(name: str, titles: tuple[str, ...]) -> list[str]:
    """Return a name as alignment tokens [title, given, " ", family, ...].

    Voting a name part by part lets the given name and the family name each take the
    majority reading even when no single copy has both right.
    """
    title = next((t for t in titles if name.startswith(t)), "")
    out = [title] if title else []
    for i, part in enumerate(name[len(title):].split(" ")):
        if i:
            out.append(" ")
        out.append(part)
    return out
