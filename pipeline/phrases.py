"""The language model's check of a voted text, phrase by phrase (phrases are the runs
between spaces): spaces inside words and figures, and between words the rest of the
document reads together, taken out, words read twice across a
space read once, a list item's stop read as a comma put back, and what every copy
misread alike replaced where the document's own spelling or a lexicon text in the
channel's reach reads better (rule `lm`; vote.py's docstring gives the rules and
confidences). Run after text_vote.vote_text on free text the model decides.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from .model import Dispute, Option, Reading, Resolved
from .thai_script import THAI_BLOCK, THAI_CONSONANTS, THAI_MARKS, THAI_SPELLING
from .text_vote import placed_again
from .vote import MODEL_ALONE_MAX_CONFIDENCE, REVIEW_BELOW, TIE_CONFIDENCE

if TYPE_CHECKING:
    from .channel import Channel
    from .correct import Corrector
    from .spellings import Spellings

SINGLE_VOUCHED_CONFIDENCE = 0.75
_SPECK = re.compile("[|¦;.‘’“”`]+")
_THOUSANDS_CUT = re.compile(r"(?:^|[^\d,.])\d{1,3}(?:,\d{3})*,$")  # a figure up to a thousands comma, ending a phrase
_THOUSANDS_ON = re.compile(r"\d{3}(?:,\d{3})*(?:\.\d+)?(?![\d,])")  # ... and the groups that follow it
_ITEM_COMMA = re.compile(r"([1-9][0-9]?)[,:;]")  # a list item's number whose stop OCR read as a comma or a colon
_ITEM_BARE = re.compile(r"([1-9][0-9]?)")  # ... or lost
ITEMS_OPEN_ALIKE = 3  # characters two list items' texts open with alike ("เพื่อ..."): items of one list
FIRST_ITEM_OPENS_ALIKE = 5  # ... where the first item's number is to be put back, which no copy read
_ITEM_MARKER = re.compile(r"[1-9][0-9]?\.")  # a list item's number and its stop
_GLUED_ITEM = re.compile(f"([1-9][0-9]?)\\.(?=[{THAI_SPELLING}])")  # ... with the item's text read right after it
_ITEM_OPENING = re.compile(r"[1-9][0-9]?[.,]?")  # ... with its stop, read as a comma, or lost
_OPENS_THAI = re.compile(f"[{THAI_SPELLING}]")
# A list item's number read as junk: up to three characters that are no digit and no Thai ("a", "We", "Zz.",
# "—"), or one Thai consonant alone or with marks and a stop ("ง", "ซี๊.").
_ITEM_JUNK = re.compile(f"[^\\s\\d{THAI_BLOCK}]{{1,3}}|[{THAI_CONSONANTS}](?:[{THAI_MARKS}]*\\.)?")
SUSPECT_CONFIDENCE = 0.5
MEMO_SIZE = 1 << 13  # voted texts whose phrases' joins and suspicion are remembered (documents repeat their wording)
_BRACKET = re.compile(r"[()]")
_LIST_NUMBER_CLOSED = re.compile(r"(?:^|\s)[0-9๐-๙]{1,2}\)$")  # "1)": a list item's number, no bracket opened


def join_split_words(phrases: Sequence[str], model: Corrector,
                     titles: Sequence[str] = ()) -> tuple[list[str], list[tuple[int, str]], list[tuple[str, str]]]:
    """Return the phrases with each space that falls inside a word (Corrector.joins)
    taken out, and with each word OCR read twice across a space, first in part
    (Corrector.stutter), read once; (where, what) of each piece taken out (offsets in
    the text after the earlier ones were taken out); and (word, the phrase it opens) for
    each of those that was a whole word read again (what a count of each, or "ตามที่
    ที่ประชุม", also is: the model alone says which). A phrase
    of bars, semicolons, full stops or quotes alone after another (`_SPECK`: a table's
    rule or a smudge OCR read, "แล้ว | และ", "แล้ว . และ": no mark Thai print sets apart)
    is taken out too, and so is a space after a figure's thousands comma ("170, 000":
    Tesseract reads the comma's gap as one). The space after a title and a
    given name (`titles`, title_of) is the one before the family name: never a word's."""
    out, taken, repeats = _joined(tuple(phrases), tuple(titles), model)
    return list(out), list(taken), list(repeats)


def join_as_documented(phrases: Sequence[str], spellings: Spellings, model: Corrector,
                       titles: Sequence[str] = ()) -> tuple[list[str], list[tuple[int, str]]]:
    """Return the phrases with each space taken out where the document reads the words on
    either side together (Spellings.read_joined), and (where, " ") of each, as
    join_split_words gives them. The space after a title and a given name (`titles`)
    is the one before the family name: never taken out."""
    out: list[str] = []
    taken: list[tuple[int, str]] = []
    for phrase in phrases:
        if out and not title_of(out[-1], titles, model).strip() \
                and spellings.read_joined(out[-1], phrase, out[-2] if len(out) > 1 else ""):
            taken.append((len(" ".join(out)), " "))
            out[-1] += phrase
        else:
            out.append(phrase)
    return out, taken


@lru_cache(maxsize=MEMO_SIZE)
def _joined(phrases: tuple[str, ...], titles: tuple[str, ...],
            model: Corrector) -> tuple[tuple[str, ...], tuple[tuple[int, str], ...], tuple[tuple[str, str], ...]]:
    """join_split_words, remembered by its arguments: the same wording recurs in document
    after document, and the model's answers depend on nothing else."""
    out: list[str] = []
    taken: list[tuple[int, str]] = []
    repeats: list[tuple[str, str]] = []
    for phrase in phrases:
        if _SPECK.fullmatch(phrase) and out:
            taken.append((len(" ".join(out)), " " + phrase))
            continue
        if out and _THOUSANDS_CUT.search(out[-1]) and _THOUSANDS_ON.match(phrase):
            taken.append((len(" ".join(out)), " "))
            out[-1] += phrase
            continue
        cut = model.stutter(out[-1], phrase) if out else 0
        if out and (cut or model.joins(out[-1], phrase)) and not title_of(out[-1], titles, model).strip():
            removed = out[-1][len(out[-1]) - cut:] + " "
            if cut > 0 and model.lm.score(phrase).words[:1] == (removed[:-1],):
                repeats.append((removed[:-1], phrase))
            out[-1] = out[-1][:len(out[-1]) - cut]
            taken.append((len(" ".join(out)), removed))
            out[-1] += phrase
        else:
            out.append(phrase)
    return tuple(out), tuple(taken), tuple(repeats)


@lru_cache(maxsize=MEMO_SIZE)
def _suspicion(phrases: tuple[str, ...], model: Corrector, names: frozenset[int] = frozenset()) -> str | None:
    """Corrector.suspicion of a text's phrases (`names`: the places of a person's name),
    remembered as `_joined` is; or, of the whole text, a parenthesis with no partner."""
    found = model.suspicion(phrases, names)
    if found is None and unpaired_parenthesis(" ".join(phrases)):
        return "a parenthesis has no partner: a speck or a stroke read as one?"
    return found


def unpaired_parenthesis(text: str) -> bool:
    """True when a bracket of `text` has no partner ("จัด ) ง" for "จัดจ้าง": a stroke read
    as one; print closes what it opens), a list item's number closed alone ("1) เพื่อ")
    aside. Judged on a whole text: a stretch of it may hold one bracket of a pair."""
    depth = 0
    for m in _BRACKET.finditer(text):
        if m.group() == "(":
            depth += 1
        elif depth:
            depth -= 1
        elif not _LIST_NUMBER_CLOSED.search(text, 0, m.end()):
            return True
    return depth > 0


def title_of(phrase: str, titles: Sequence[str], model: Corrector) -> str:
    """Return the title (of `titles`, longest first) a phrase opens with when it ends in
    a full stop ("น.ส.") or the language model reads it as a word of its own ("นาย"
    "ภูดิท", not "นายก" "รัฐมนตรี"), followed by a space when the phrase is the title
    alone; "" when it opens with none."""
    title = next((t for t in titles if phrase.startswith(t)), "")
    if not title or phrase == title:
        return title and title + " "
    return title if title.endswith(".") or model.lm.score(phrase).words[:1] == (title,) else ""


def name_phrases(phrases: Sequence[str], titles: Sequence[str], model: Corrector) -> dict[int, int]:
    """Return {place: length of the title it opens with} for the phrases that are a
    person's name: a phrase that opens with a title (title_of) is the title and the
    given name, and the phrase after it the family name (after a title standing alone,
    the two after it). Most names are in no lexicon: read as words, they would be
    respelled into the nearest real ones ("ภูดิท" as "ก็ดีท")."""
    out: dict[int, int] = {}
    for i, phrase in enumerate(phrases):
        title = title_of(phrase, titles, model) if i not in out else ""
        if title.endswith(" "):
            out.update({i + 1: 0, i + 2: 0})
        elif title:
            out.update({i: len(title), i + 1: 0})
    return {i: n for i, n in out.items() if i < len(phrases)}


def item_stops(phrases: Sequence[str]) -> tuple[list[str], list[tuple[int, str, str]]]:
    """Return the phrases with a list item's number followed by a comma, a colon or a
    semicolon ("2,", "2:") read as the number and its stop ("2.") where the next phrase
    opens with Thai text and the item before or after has its stop ("1. เพื่อ... 2,
    เพื่อ..."): the items of one list are numbered alike, and OCR reads a stop as a
    comma, or as a colon where a speck stands over it. A number with no stop at all
    ("2 เพื่อ") is such an item only in a text that opens with a list, where, besides,
    its text opens as that neighbour's does (ITEMS_OPEN_ALIKE characters: "1. เพื่อพัฒนา...
    2 เพื่อส่งเสริม...") and goes on past it, no other item has its number, and the items
    before it are numbered below it and those after above (_lost_stop): a number alone
    is also text ("ทั้ง 2 เครือข่าย ดังนี้ 1. เครือข่ายที่ ...", "รวม 3 โครงการ"), but a
    list's items open alike and run in turn, and OCR loses a stop as often as it reads
    one as a comma. Then, of the list's items (a number and its stop before Thai
    text), the one numbered out of turn when all the others run 1, 2, 3... is numbered
    in turn ("1. เพื่อ... 9. เพื่อ..." as "2."): a digit misread; but not the last item
    numbered one past its turn ("1. ... 3. ..."), which may follow an item OCR lost, nor
    one whose text opens otherwise than the items' beside it ("1. เพื่อ... 2. เพื่อ...
    3. เพื่อ... ตามข้อ 7. ของระเบียบ": a clause's number).
    A number OCR read as junk (_ITEM_JUNK: "a", "Zz.", "ง"; a typewriter face's digits
    come out so) is the item's number where the item next to it says which
    (`_number_in_turn`); and a list whose first item has no number at all is given "1."
    (`_first_number_lost`).
    Also (where, as read, as fixed) of each, offsets in the text the phrases make."""
    out = list(phrases)
    for i, phrase in enumerate(phrases):
        m = _ITEM_COMMA.fullmatch(phrase) or _ITEM_BARE.fullmatch(phrase)
        if m is None or i + 1 == len(phrases) or not _OPENS_THAI.match(phrases[i + 1]):
            continue
        n = int(m.group(1))
        neighbours = [j for j, other in enumerate(phrases)
                      if other == f"{n - 1}." and j < i or other == f"{n + 1}." and j > i]
        if neighbours and (phrase[-1] in ",:;" or _lost_stop(phrases, out, i, n, neighbours)):
            out[i] = f"{n}."
    for i, phrase in enumerate(phrases):
        if _ITEM_JUNK.fullmatch(phrase) and i + 1 < len(phrases) and _OPENS_THAI.match(phrases[i + 1]):
            in_turn = _number_in_turn(out, i)
            if in_turn is not None:
                out[i] = f"{in_turn}."
    items = [i for i, phrase in enumerate(out) if _ITEM_MARKER.fullmatch(phrase)
             and i + 1 < len(out) and _OPENS_THAI.match(out[i + 1])]
    astray = [(k, i) for k, i in enumerate(items, start=1) if out[i] != f"{k}."]
    lost_before_last = astray and astray[0] == (len(items), items[-1]) and out[items[-1]] == f"{len(items) + 1}."
    if len(items) >= 2 and len(astray) == 1 and not lost_before_last:
        k, i = astray[0]
        beside = [items[j] for j in (k - 2, k) if 0 <= j < len(items)]  # the items before and after it
        if any(_open_alike(out[i + 1], out[j + 1]) for j in beside):
            out[i] = f"{k}."
    changed = [(i, read, now) for i, (read, now) in enumerate(zip(phrases, out)) if read != now]
    if _first_number_lost(out, items):  # "1." goes in as a phrase of its own, the others one place on
        out.insert(0, "1.")
        changed = [(0, "", "1."), *((i + 1, read, now) for i, read, now in changed)]
    return out, [(len(" ".join(out[:i])) + (1 if i else 0), read, now) for i, read, now in changed]


def split_list_items(phrases: Sequence[str]) -> tuple[list[str], list[int], list[int]]:
    """Return the phrases with each item of a list whose items are set differently after
    their stops ("1.เพื่อพัฒนา... 2. เพื่อส่งเสริม...") standing as its number and stop
    apart from its text, as the items read with a space do, so that item_stops sees
    every item; and where the items' numbers are among the returned phrases, those read
    glued to their text and those read apart (items_spaced_alike then sets them alike).
    A list is a run of items numbered in turn whose texts each open as the one before's
    (_listed_items); a number and a stop elsewhere ("ตามข้อ 3. ของระเบียบ", "จำนวน 2.
    คน") is left as read, and so is a list whose items are all set alike."""
    items = _listed_items(phrases)
    if all(text is None for _, text in items) or all(text is not None for _, text in items):
        return list(phrases), [], []
    listed = {i: text for i, text in items}
    out: list[str] = []
    glued: list[int] = []
    spaced: list[int] = []
    for i, phrase in enumerate(phrases):
        if i in listed and listed[i] is None:
            stop = phrase.index(".") + 1
            glued.append(len(out))
            out += [phrase[:stop], phrase[stop:]]
            continue
        if i in listed:
            spaced.append(len(out))
        out.append(phrase)
    return out, glued, spaced


def items_spaced_alike(phrases: Sequence[str], glued: Collection[int], spaced: Collection[int],
                       channel: Channel) -> tuple[list[str], list[tuple[int, str]], float]:
    """Return `phrases` (a list's items standing apart from their texts: split_list_items)
    with the space after each item's stop set alike, the way the OCR channel explains
    what was read better: a printed space lost at each item read glued to its text
    (`glued`, places of the items' numbers) against a space read where none is printed,
    after a full stop (Channel.space_inserted), at each item read apart (`spaced`): the
    items of one list are set alike, and a space after a stop is a narrow gap. Also
    (where, the space put in or taken out) of each change from what was read, offsets in
    the text the returned phrases make, and the posterior of the setting chosen, the
    sigmoid of the two settings' log likelihoods apart (1.0 where nothing changed)."""
    if not glued or not spaced:
        return list(phrases), [], 1.0
    if_spaced, if_glued = len(glued) * channel.step(" ", ""), len(spaced) * channel.space_inserted(".")
    posterior = 1 / (1 + math.exp(-abs(if_spaced - if_glued)))
    if if_spaced > if_glued:
        return list(phrases), [(len(" ".join(phrases[:i + 1])), " ") for i in sorted(glued)], posterior
    out: list[str] = []
    changes: list[tuple[int, str]] = []
    items = set(glued) | set(spaced)
    for i, phrase in enumerate(phrases):
        if i - 1 in items:
            if i - 1 in spaced:
                changes.append((len(" ".join(out)), ""))
            out[-1] += phrase
        else:
            out.append(phrase)
    return out, changes, posterior


def _read_apart(phrases: Sequence[str], glued: Sequence[int], apart: Sequence[int], inserted: int) -> list[int]:
    """Return where the items of the list that were read apart from their texts stand in
    `phrases` (split_list_items' list, as item_stops left it): the list found again, so
    that an item whose stop item_stops put back ("1, เพื่อ..." as "1.") counts with the
    others, but not a first number it put in where none was read (`inserted`, 1 or 0);
    `apart` as split_list_items found them where the list found again lacks an item read
    glued (`glued`)."""
    if not glued:
        return list(apart)
    listed = [i for i, _ in _listed_items(phrases)]
    if not set(glued) <= set(listed):
        return list(apart)
    return [i for i in listed if i not in glued and not (inserted and i == 0)]


def _placed_through(disputes: Sequence[Dispute], *texts: str) -> list[Dispute]:
    """Return `disputes`, placed in the first of `texts`, placed in the last: moved
    through each step from one text to the next (text_vote.placed_again), as the steps of
    check_phrases changed it in turn."""
    placed = list(disputes)
    for before, after in zip(texts, texts[1:]):
        placed = placed_again(placed, before, after)
    return placed


def _listed_items(phrases: Sequence[str]) -> list[tuple[int, str | None]]:
    """Return the items of the list among `phrases`: (where the item's number is, None
    where its text is glued to the stop, else the next phrase, its text). The longest run
    of items numbered in turn, each text opening as the one before's, of two items at
    least; a greater number between two items is passed over ("ตามข้อ 7." in a list of
    three), a smaller one ends the run (a second list begins). [] where there is none."""
    marked: list[tuple[int, int, str | None, str]] = []  # place, number, text apart or None, the text
    for i, phrase in enumerate(phrases):
        m = _GLUED_ITEM.match(phrase)
        if m is not None:
            marked.append((i, int(m.group(1)), None, phrase[m.end():]))
        elif _ITEM_MARKER.fullmatch(phrase) and i + 1 < len(phrases) and _OPENS_THAI.match(phrases[i + 1]):
            marked.append((i, int(phrase[:-1]), phrases[i + 1], phrases[i + 1]))
    best: list[tuple[int, int, str | None, str]] = []
    for k, first in enumerate(marked):
        run = [first]
        for item in marked[k + 1:]:
            if item[1] <= run[-1][1]:
                break
            if item[1] == run[-1][1] + 1 and _open_alike(item[3], run[-1][3]):
                run.append(item)
        if len(run) > len(best):
            best = run
    return [(i, text) for i, _, text, _ in best] if len(best) >= 2 else []


def _first_number_lost(out: Sequence[str], items: Sequence[int]) -> bool:
    """True when the text opens with Thai text where its list's first item should be: the
    first of its items (`items`, places of a number and its stop in `out`) is "2.", no
    item is "1.", and the text before it opens as that item's does, by a word's length
    at least (FIRST_ITEM_OPENS_ALIKE: "เพื่อพัฒนา... 2. เพื่อส่งเสริม..."; a text that
    refers to a clause, "การดำเนินงานตามข้อ 2. การประเมินผล", opens alike by less): the
    first line's number lost (it stands at the line's edge, where a scan's shadow or a
    binder's hole falls)."""
    return bool(items) and items[0] > 0 and out[items[0]] == "2." and "1." not in out \
        and _OPENS_THAI.match(out[0]) is not None \
        and len(os.path.commonprefix([out[0], out[items[0] + 1]])) >= FIRST_ITEM_OPENS_ALIKE


def _lost_stop(phrases: Sequence[str], out: Sequence[str], i: int, n: int, neighbours: Sequence[int]) -> bool:
    """True when the bare number `n` at place `i` is a list item whose stop OCR lost
    (item_stops): the text opens with a list item, no item (`out`: as fixed so far) has
    its number, the items run in turn around it, and its text opens as a neighbour
    item's does and goes on past what they share ("รวม 3 โครงการ" after "2. โครงการขุด..."
    is a count, not an item)."""
    if not _ITEM_OPENING.fullmatch(phrases[0]) or f"{n}." in out or not _in_turn(phrases, i, n):
        return False
    text = phrases[i + 1]
    return any(j + 1 < len(phrases) and _open_alike(text, phrases[j + 1]) and not phrases[j + 1].startswith(text)
               for j in neighbours)


def _number_in_turn(out: Sequence[str], i: int) -> int | None:
    """Return the number of the list item whose number OCR read as junk at place `i`
    (item_stops): one past the nearest item before it, or one short of the nearest
    after it where none is before, when no item has that number, the items run in turn
    around it and its text opens as that neighbour item's does; None otherwise."""
    items = [(j, int(p[:-1])) for j, p in enumerate(out) if _ITEM_MARKER.fullmatch(p) and j + 1 < len(out)]
    before = [(j, k + 1) for j, k in items if j < i]
    after = [(j, k - 1) for j, k in items if j > i]
    j, n = before[-1] if before else after[0] if after else (None, 0)
    if j is None or n < 1 or f"{n}." in out or not _in_turn(out, i, n):
        return None
    return n if _open_alike(out[i + 1], out[j + 1]) else None


def _in_turn(phrases: Sequence[str], i: int, n: int) -> bool:
    """True when every list item (a number and its stop) before place `i` is numbered
    below `n` and every one after it above."""
    return all(int(p[:-1]) < n if j < i else int(p[:-1]) > n
               for j, p in enumerate(phrases) if j != i and _ITEM_MARKER.fullmatch(p))


def _open_alike(text: str, other: str) -> bool:
    """True when two texts open with the same ITEMS_OPEN_ALIKE characters or more."""
    return len(os.path.commonprefix([text, other])) >= ITEMS_OPEN_ALIKE


def _phrase_choice(phrase: str, weights: Sequence[float], model: Corrector, spellings: Spellings | None,
                   name: Callable[[str], str] | None = None) -> tuple[str, float, tuple[Option, ...]] | None:
    """Return (what a phrase every copy agrees on should read, its share, the options
    weighed) when the document's own spelling (Spellings.respell), a lexicon text in
    the channel's reach that reads better (Corrector.better_than), or both in turn
    offer a change; None when nothing does. The document's spelling needs no model's
    word for it: the same words read elsewhere in the document are the evidence; the
    model then judges what that left, as if the copies had read it so, so that one word
    respelled does not shield another the model would correct (nor cost the lexicon's
    reading a slip the document already put right). A person's name takes, instead of the lexicon's
    reading, what `name` makes of it (a name list's entry): the lexicon's words are no
    evidence for a name. A lexicon reading that makes a dictionary word another word
    (Corrector.swaps_a_word: "ฝาย", a weir, as "ฝ่าย") is at most TIE_CONFIDENCE sure: on
    the bench it puts back what OCR lost nineteen times in twenty, but a rare word
    printed reads the same, and only the sentence's sense could tell."""
    documented = spellings.respell(phrase) if spellings is not None else phrase
    proposal = name(documented) if name is not None else model.propose(documented)
    if proposal == documented or name is None and not model.better_than(proposal, documented):
        return None if documented == phrase else (documented, 1.0, (Option(documented), Option(phrase)))
    ranked = model.rank([documented, proposal], [(documented, w) for w in weights])
    options = tuple(Option(c.text, score=c.score, posterior=round(c.posterior, 4)) for c in ranked)
    chosen, share = ranked[0].text, ranked[0].posterior
    if name is None and chosen != documented and model.swaps_a_word(chosen, documented):
        share = min(share, TIE_CONFIDENCE)
    compound = _compound_passed_over(phrase, chosen, model)
    if compound:
        share, options = min(share, TIE_CONFIDENCE), options + (Option(compound),)
    return chosen, share, options + ((Option(phrase),) if documented != phrase else ())


def _compound_passed_over(phrase: str, chosen: str, model: Corrector) -> str:
    """Return `chosen` (the model's reading of `phrase`) with two neighbouring words that
    touch one of its changes made the word-list compound OCR could have read as them
    (Corrector.compounds_in_reach), where that text is no farther from what the copies
    read than `chosen` is; "" when there is none. A unigram model cannot tell such a
    compound from the two words (docs/language-model.md, "Limits")."""
    if chosen == phrase:
        return ""
    reach = Levenshtein.distance(chosen, phrase)
    for op in Levenshtein.opcodes(phrase, chosen):
        if op.tag != "equal":
            for compound in model.compounds_in_reach(chosen, op.dest_start, op.dest_end):
                if Levenshtein.distance(compound, phrase) <= reach:
                    return compound
    return ""


def check_phrases(resolved: Resolved, readings: Sequence[Reading], model: Corrector,
                  spellings: Spellings | None = None, titles: Sequence[str] = (),
                  read_name: Callable[[str], str] = str,
                  listed_near: Callable[[str], str | None] = lambda _: None) -> Resolved:
    """Return `resolved` with spaces inside words taken out (join_split_words), and
    spaces between two words the rest of the document reads together after the same
    word (join_as_documented: the document's readings alone vouch for that, at most
    MODEL_ALONE_MAX_CONFIDENCE), and each
    phrase (a run between spaces) that reads better as a lexicon text within the
    channel's reach, or spelled as the rest of the document spells it (`spellings`),
    replaced by it (rule `lm`, the vote's value kept in `voted`), its
    confidence lowered to the posterior of what was kept where the model weighed a
    proposal (a replacement, or a whole word read twice taken out, which the model
    alone vouches for, at most MODEL_ALONE_MAX_CONFIDENCE, as is a list item's stop put
    back where no copy read one, and as is the space after a list item's stop set as
    the list's other items set it, at most the setting's posterior too (the list's
    items split from their texts first, split_list_items, so that item_stops sees them
    all; then items_spaced_alike); a word read twice where the second opens a longer
    phrase, "ตามที่ ที่ประชุม" as OCR's "การ การพัฒนา", at most TIE_CONFIDENCE, with a
    warning: Thai prints some words twice so; a list item's number put where OCR read
    junk or where it read none, at most TIE_CONFIDENCE too); a person's name after one of `titles` (name_phrases)
    only to what `read_name` makes of each part of it, and where a part of it as kept may
    be a listed name misread (`listed_near` names the entry), at most TIE_CONFIDENCE
    with a warning, as a name's own field is (FieldVoter.check_entries). Only a proposal that reads as fewer or better-known
    words may replace what the copies agree on (Corrector.better_than).

    What is left is then judged whole: text the model finds suspect (Corrector.suspect:
    a cluster no word covers, a stray symbol, a word read twice) is at most
    SUSPECT_CONFIDENCE and needs review; a single copy's text it finds nothing against
    is SINGLE_VOUCHED_CONFIDENCE (on the benchmark's two draws 73% and 88% of such
    values were right), still flagged: one copy is checked by nothing but the model."""
    value = resolved.value
    if not isinstance(value, str) or not value:
        return resolved
    weights = [r.weight for r in readings]
    phrases, joined, repeats = join_split_words(value.split(" "), model, titles)
    joins = [Dispute(at, "", "lm", (Option(""), Option(removed))) for at, removed in joined]
    documented: list[tuple[int, str]] = []
    if spellings is not None:
        split_joined = " ".join(phrases)
        phrases, documented = join_as_documented(phrases, spellings, model, titles)
        joins = [*_placed_through(joins, split_joined, " ".join(phrases)),
                 *(Dispute(at, "", "lm", (Option(""), Option(removed))) for at, removed in documented)]
    as_read = " ".join(phrases)
    phrases, glued, apart = split_list_items(phrases)
    split = " ".join(phrases)
    count = len(phrases)
    phrases, stops = item_stops(phrases)
    stopped = " ".join(phrases)
    shift = len(phrases) - count  # item_stops may put a lost "1." first
    glued = [i + shift for i in glued]
    phrases, spacing, spacing_posterior = items_spaced_alike(
        phrases, glued, _read_apart(phrases, glued, [i + shift for i in apart], shift), model.channel)
    out: list[str] = []
    guessed = repeats or documented or spacing or any(_ITEM_BARE.fullmatch(read) for _, read, _ in stops)
    numbered = any(_ITEM_JUNK.fullmatch(read) or not read for _, read, _ in stops)  # where OCR read junk, or none
    confidence = min(resolved.confidence, MODEL_ALONE_MAX_CONFIDENCE, spacing_posterior) if guessed \
        else resolved.confidence
    opening = [(word, after) for word, after in repeats if after != word]
    if opening or numbered:
        confidence = min(confidence, TIE_CONFIDENCE)
    spaced = " ".join(phrases)
    repaired = [*_placed_through(joins, as_read, split, stopped, spaced),
                *_placed_through([Dispute(at, stop, "numbering", (Option(stop), Option(comma)))
                                  for at, comma, stop in stops], stopped, spaced),
                *(Dispute(at, space, "numbering", (Option(space), Option(" " if not space else "")))
                  for at, space in spacing)]
    replaced: list[Dispute] = []  # placed in the text put together below
    names = name_phrases(phrases, titles, model)
    for i, phrase in enumerate(phrases):
        title = names.get(i)
        name = None if title is None else lambda p, n=title: p[:n] + read_name(p[n:])
        choice = _phrase_choice(phrase, weights, model, spellings, name)
        if choice is None:
            out.append(phrase)
            continue
        chosen, share, options = choice
        confidence = min(confidence, share, MODEL_ALONE_MAX_CONFIDENCE if chosen != phrase else 1.0)
        if chosen != phrase:
            replaced.append(Dispute(len(" ".join(out)) + (1 if out else 0), chosen, "lm", options))
        out.append(chosen)
    suspicion = _suspicion(tuple(out), model, frozenset(names))
    if suspicion is not None:
        confidence = min(confidence, SUSPECT_CONFIDENCE)
    elif resolved.rule == "single" and not (resolved.disputes or repaired or replaced):
        confidence = max(confidence, SINGLE_VOUCHED_CONFIDENCE)
    near_names = [(out[i][n:], entry) for i, n in names.items() if (entry := listed_near(out[i][n:])) is not None]
    if near_names:
        confidence = min(confidence, TIE_CONFIDENCE)
    fixed = " ".join(out)
    suspected: tuple[str, ...] = (f"it may be misread: {suspicion}",) \
        if suspicion is not None and confidence < REVIEW_BELOW else ()
    suspected = tuple(w for w in suspected if w not in resolved.warnings)
    suspected += tuple(f"the name '{part}' is in no list; it may be the listed '{entry}' misread"
                       for part, entry in near_names)
    if fixed == value and confidence == resolved.confidence and not suspected:
        return resolved
    disputes = (*placed_again(resolved.disputes, value, fixed), *placed_again(repaired, " ".join(phrases), fixed),
                *replaced)
    changed = fixed != value
    single = resolved.rule == "single"
    warnings = tuple(f"'{word}' read twice across a space was read once before '{after}': Thai prints some "
                     f"words twice so ('ตามที่ ที่ประชุม')" for word, after in opening)
    return replace(resolved, value=fixed, confidence=round(confidence, 4),
                   needs_review=confidence < REVIEW_BELOW or single,
                   rule="lm" if changed else resolved.rule, voted=value if changed else resolved.voted,
                   disputes=disputes, warnings=resolved.warnings + warnings + suspected)
