"""Build one canonical record from a group of witnesses: align, then vote every field."""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any


from .align import ReportReadings, key_reports
from .correct import Corrector
from .corrections import HUMAN, Correction, correct_document, correct_fields
from .cross_checks import (check_budget, check_name_mentions, check_phones, check_progress_order, check_project_dates,
                           check_reports, check_tiny_amounts, check_total, doubted, outside_window, report_window)
from .dictionary import Dictionary
from .model_store import load_corrector
from .model import (
    Candidate, Dispute, DocumentGroup, Option, ReconciledDocument, ReconciledReport, Reading, Resolved, SetAside,
    Where, WitnessRecord,
)
from .line_end_spacing import LineEnds, joined_where_never_apart, set_as_archive, undecided
from .missing import missing_cells, missing_fields, missing_reports
from .number_doubts import doubt_reread_numbers, reread_doubts
from .phrases import check_phrases
from .spellings import Spellings
from .template import Template
from .thai_script import THAI_DIGITS, THAI_SPELLING, marks_put_on, spelt_as_thai_never_is
from .values import (cell_date_repaired, family_particles_joined, is_specks, junk_tail, name_parts_after_titles,
                     part_speck, split_person, without_end_specks, without_loose_specks, without_name_debris,
                     word_marks_read_as_letters)
from .text_vote import placed_again, vote_text
from .vote import (
    MODEL_ALONE_MAX_CONFIDENCE, REVIEW_BELOW, SINGLE_CONFIDENCE, TIE_CONFIDENCE, Known, Tokenize, no_evidence, read_at,
    vote_value,
)
from .wraps import WORD_END_MARK, last_word

NEAR_MISS_MIN_CHARS = 3
PERSON_KINDS = ("person", "family")  # the kinds of entry a part of a person's name is checked against
UNLISTED_NAME_CONFIDENCE = 0.9
LISTED_SINGLE_CONFIDENCE = 0.8
LISTED_SURE = 0.99
NAME_SURE_SHARE = 0.75  # a name part in no list that the copies spell otherwise passes unreviewed only when this share of their weight reads it
DATE_SURE_SHARE = 0.75  # a date the copies split on passes unreviewed only when this share of their weight reads it
TEXT_CACHE_SIZE = 1 << 13  # distinct texts whose tokens and dictionary share a voter remembers (long texts: kept few)
SCAN_EDGE_PX = 1  # a line whose ink starts this close to the scan's left or top edge may go on beyond it


class FieldVoter:
    """Knows, for each field, how its readings are tokenised, what counts as known, and
    whether the language model and OCR channel (correct.Corrector) decide its text."""

    def __init__(self, template: Template, dictionary: Dictionary, use_lm: bool = True,
                 model_cache: Path | None = None):
        self.template = template
        self.dictionary = dictionary
        self.types = {**template.field_types, **template.report_field_types}
        self.use_lm = use_lm
        self.model_cache = model_cache
        self._remembered: dict[str, dict[str, Any]] = {"tokens": {}, "known": {}}
        # Whether the archive's prints break lines between words (run.archive_breaks_words),
        # and the fields and cells its forms print (run.archive_fields; None: every one the
        # template names), set once every copy is read, before any report is voted.
        self.archive_breaks_words = False
        self.archive_fields: frozenset[str] | None = None
        # The phrases the archive's copies read with PAIYANNOI after them (run.archive_marked_phrases).
        self.archive_marked_phrases: frozenset[str] = frozenset()
        # How the archive's lines set the words either side of its copies' line ends
        # (line_end_spacing.archive_spacing: how many times together, and apart).
        self.archive_spacing: dict[str, tuple[int, int]] = {}

    @cached_property
    def corrector(self) -> Corrector:
        """The noisy-channel model over pythainlp's words and every dictionary entry
        (made once, on first use, or read from `model_cache` where an earlier run left
        it: model_store; it travels with the voter to a worker).

        Its hundreds of thousands of objects live as long as the process, so once built
        they are moved out of the garbage collector's generations (gc.freeze): walking
        them at every full collection cost more than the model's own work."""
        entries = [e for kind in self.dictionary.entries.values() for e in kind]
        corrector = load_corrector(entries, self.model_cache)
        gc.collect()
        gc.freeze()
        return corrector

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_remembered": {"tokens": {}, "known": {}}}  # a worker starts its own

    def _remember(self, kind: str, text: str, compute: Callable[[str], Any]) -> Any:
        """Return compute(text), remembered per kind for TEXT_CACHE_SIZE texts: the copies
        of a report, and the stretches voted on, repeat the same texts many times."""
        cache = self._remembered[kind]
        found = cache.get(text)
        if found is None:
            if len(cache) >= TEXT_CACHE_SIZE:
                cache.clear()
            found = cache[text] = compute(text)
        return found

    def _text_tokens(self, text: str) -> list[str]:
        return list(self._remember("tokens", text, lambda t: tuple(self.dictionary.tokens(t))))

    def _text_known(self, text: Any) -> float:
        return self._remember("known", text, self.dictionary.known_share)

    def _name_part_known(self, part: Any) -> float:
        return float(self.dictionary.is_known(str(part).strip(), PERSON_KINDS))

    def _agency_known(self, text: Any) -> float:
        parts = [p.strip() for p in str(text).split("/") if p.strip()]
        if not parts:
            return 0.0
        return sum(map(self._agency_entry, parts)) / len(parts)

    def _agency_entry(self, part: str) -> bool:
        return self.dictionary.is_known(part.strip(), ("agency", "place", "school"))

    def _agency_tokens(self, text: str) -> list[str]:
        out: list[str] = []
        for i, part in enumerate(text.split(" / ")):
            out += [" / ", part] if i else [part]
        return out

    def _person_tokens(self, text: str) -> list[str]:
        return split_person(text, self.template.person_titles)

    def plan(self, field: str) -> tuple[Tokenize | None, Known, bool, bool]:
        """Return (tokeniser or None for whole-value voting, dictionary evidence, whether a
        dictionary entry may beat its misspellings (see vote.prefer_entry), whether the
        language model decides) for a field, by its value type. A person's name is no
        phrase of the language: its parts are corrected only to an entry
        (`correct_names`). Where the language model decides free text, it does what the
        dictionary's share of known words did, and better, and its segmentation cuts the
        text for the alignment (LanguageModel.tokens): the words it then judges, found
        once for both (the reconcile stage ran a tenth faster than with pythainlp's newmm
        on the synthetic bench, and the accuracy bench read every value alike)."""
        kind = self.types.get(field)
        if kind == "person":
            return self._person_tokens, self._name_part_known, True, False
        if kind == "agency":
            return self._agency_tokens, self._agency_known, True, self.use_lm
        if kind == "text" and self.use_lm:
            return self.corrector.lm.tokens, no_evidence, False, True
        if kind == "text":
            return self._text_tokens, self._text_known, False, False
        return None, lambda _v: 0.0, False, False

    def spellings(self, group: DocumentGroup) -> Spellings | None:
        """Return how the group's copies spell the words of its text fields and narratives
        (spellings.Spellings), for the language model; None without it."""
        if not self.use_lm:
            return None
        texts = [r.value for rec in group.records for name, r in rec.fields.items()
                 if self.types.get(name) == "text" and isinstance(r.value, str)]
        texts += [n.text.value for rec in group.records for n in rec.narratives if isinstance(n.text.value, str)]
        return Spellings(texts, self.corrector, len(group.records))

    def vote(self, field: str, readings: Sequence[Reading], spellings: Spellings | None = None,
             guessed_spaces: frozenset[str] = frozenset(), contested: frozenset[str] = frozenset(),
             people: frozenset[str] = frozenset(), line_ends: LineEnds | None = None) -> Resolved:
        """Return the resolved value of one field from all its readings, with the
        dictionary's mappings applied to a text value (see apply_mappings); text the
        language model decides is then checked phrase by phrase (phrases.check_phrases)
        and may take the document's own spellings. Free text is
        voted without the specks a copy read after its last word (values.without_loose_specks):
        a smudge one copy reads as "| —" and another as "." would otherwise win a tie of
        copies as the longer reading; but a lone letter a copy read where another reads a
        mark that ends the word (ฯ, ๆ) is that mark carried onto a line of its own
        (values.word_marks_read_as_letters), a value that ends so at most
        MODEL_ALONE_MAX_CONFIDENCE sure, with a warning, and no surer than a tie where
        half the copies or more read the same letter there (copies that agree on a
        letter may have read one); free text one copy alone read, without the junk
        it read after its last word (values.junk_tail: "2” 27 ad «a y", a signature or
        a stamp), with a warning that names it (copies of the same text outvote such
        junk as it is); a person's name without the end of its label a copy
        read before it, the specks and lone letters it read after it, and the spaces it
        read in its title (values.without_name_debris); an agency
        without the specks a copy read after a part that is an entry
        (agency_without_specks). Free text that keeps a space the copies' print may have
        had or not (`guessed_spaces`) needs review (doubt_guessed_spaces), and so does
        free text that holds a line end its copies joined differently (`contested`:
        contested_wraps), with a space or without, and text that holds a number no copy
        reads (doubt_numbers_no_copy_read). Either line end is set as the archive's other
        lines set its two words where they decide it (line_end_spacing.set_as_archive),
        and is then no longer doubted; a guessed place they never set apart is joined
        (line_end_spacing.joined_where_never_apart), doubted all the same. `line_ends`
        holds the archive's counts and the report's sure line ends (report_line_ends;
        None: the archive's counts alone). A person's name in free text is read as the
        record's own `people` (record_people) where it is one of them misread
        (name_in_text). A reading that holds no value (a copy that read nothing there) is
        left out where another holds one; where none does, the value is unread."""
        if any(r.value is None for r in readings):
            readings = [r for r in readings if r.value is not None]
            if not readings:
                return Resolved(field, None, 0.0, "unread", True, ())
        tokenize, known, snap, lm = self.plan(field)
        read = [r.value for r in readings]
        clean = {"text": without_loose_specks,
                 "person": lambda v: without_name_debris(v, self.template.person_titles)}.get(self.types.get(field, ""))
        marks_mended: set[str] = set()
        if clean is not None:
            cleaned = [_with_value(r, clean(r.value)) if isinstance(r.value, str) else r for r in readings]
            if self.types.get(field) == "text" and all(isinstance(r.value, str) for r in readings):
                mended = word_marks_read_as_letters([r.value for r in readings], [r.value for r in cleaned])
                marks_mended = {v[len(r.value):].strip() for r, v in zip(cleaned, mended) if v != r.value}
                letters_read = {r.witness: r.value[len(c.value):].strip() for r, c, v in zip(readings, cleaned, mended)
                                if v != c.value}
                cleaned = [_with_value(r, value) for r, value in zip(cleaned, mended)]
            readings = cleaned
        junk = junk_tail(readings[0].value) if self.types.get(field) == "text" and len(readings) == 1 \
            and isinstance(readings[0].value, str) else ""
        if junk:
            readings = [_with_value(readings[0], readings[0].value[:-len(junk)])]
        if self.types.get(field) == "agency":
            readings = self.agency_without_specks(readings)
        if tokenize is None:
            resolved = vote_value(field, readings, known)
        else:
            resolved = vote_text(field, readings, tokenize, known, snap, self.corrector if lm else None)
            if lm:
                resolved = check_phrases(resolved, readings, self.corrector, spellings, self.template.person_titles,
                                          lambda part: self.name_in_text(part, people), self.listed_name_near)
            resolved = doubt_lone_number_at_end(doubt_numbers_no_copy_read(resolved, readings), readings)
            if self.types.get(field) == "text":
                resolved = doubt_carried_mark(resolved, read, self.archive_marked_phrases)
        resolved = apply_mappings(resolved, self.dictionary)
        if snap and self.use_lm and field != "agency":
            resolved = self.correct_names(resolved)
        if self.types.get(field) == "person":
            resolved = self.doubt_split_unlisted(self.doubt_unlisted_names(self.doubt_by_slips(resolved, readings)))
            resolved = self.doubt_extra_name_parts(resolved)
        if self.types.get(field) == "date":
            resolved = doubt_split_date(resolved)
        if self.types.get(field) == "text" and (guessed_spaces or contested):
            ends = line_ends or LineEnds(self.archive_spacing)
            resolved = set_as_archive(resolved, ends, guessed_spaces | contested)
            guessed_spaces = undecided(guessed_spaces, ends, resolved.value)
            contested = undecided(contested, ends, resolved.value)
            resolved = joined_where_never_apart(resolved, ends, guessed_spaces)
        if self.types.get(field) == "text" and guessed_spaces:
            resolved = doubt_guessed_spaces(resolved, guessed_spaces)
        if self.types.get(field) == "text" and contested:
            resolved = doubt_contested_wraps(resolved, readings, contested)
        if marks_mended and isinstance(resolved.value, str) and resolved.value.endswith(tuple(marks_mended)):
            one_letter = 2 * max(Counter(" ".join(t.split()) for t in letters_read.values()).values()) >= len(readings)
            confidence = min(resolved.confidence, TIE_CONFIDENCE if one_letter else MODEL_ALONE_MAX_CONFIDENCE)
            read = ", ".join(f"{witness} read {tail!r}" for witness, tail in sorted(letters_read.items()))
            resolved = replace(resolved, confidence=confidence,
                               needs_review=resolved.needs_review or confidence < REVIEW_BELOW,
                               warnings=(*resolved.warnings, f"the final '{resolved.value[-1]}' is read by some copies and "
                                         f"a letter alone by the others ({read}), as OCR reads a mark a line carried "
                                         "alone; the votes count those copies for the mark"))
        if junk:
            resolved = replace(resolved, warnings=(*resolved.warnings, f"what the one copy read after the last word, "
                                                   f"'{junk.strip()}', is taken for junk (a signature, a stamp, a smudge) "
                                                   "and left out"))
        return self.vouch_listed(self.check_entries(resolved)) if snap else resolved

    def agency_without_specks(self, readings: Sequence[Reading]) -> list[Reading]:
        """Return the readings of an agency with the tail a copy read after a part that is
        an entry, where the part with it is none (values.part_speck), left out when the
        tail is specks alone (no agency's name ends in a comma) or another copy reads
        the same part, in the same place of a path of as many parts, with no letter or
        digit after the entry ("... 7" against "...,"). Otherwise only the specks that
        end the tail go (" 2," and " 2" agree): a letter or number after an entry that no
        copy reads without ("ฝ่ายโยธา 2" in every copy, or "... 7" against "... 1") may be
        print a dictionary lacks, and stays to be flagged (check_entries, the vote)."""
        paths = [str(r.value).split(" / ") if isinstance(r.value, str) else None for r in readings]
        cuts = [[part_speck(p, self._agency_entry) for p in path] if path else None for path in paths]

        def read_bare(j: int, i: int, n: int, head: str) -> bool:
            path, cut = paths[j], cuts[j]
            if path is None or cut is None or len(path) != n:
                return False
            piece = cut[i]
            return path[i].strip() == head or (piece is not None and piece[0] == head and is_specks(piece[1]))

        out = []
        for k, (reading, path, cut) in enumerate(zip(readings, paths, cuts)):
            if path is None or cut is None:
                out.append(reading)
                continue
            others = [j for j in range(len(paths)) if j != k]
            parts = []
            for i, (part, found) in enumerate(zip(path, cut)):
                if found is None:
                    parts.append(part)
                elif is_specks(found[1]) or any(read_bare(j, i, len(path), found[0]) for j in others):
                    parts.append(found[0])
                else:
                    parts.append(found[0] + without_end_specks(found[1]))
            out.append(_with_value(reading, " / ".join(parts)))
        return out

    def doubt_by_slips(self, resolved: Resolved, readings: Sequence[Reading]) -> Resolved:
        """Return `resolved` no surer than the posterior of its value against the other
        readings that are listed names, by the OCR channel's slips (with the model;
        NameJudge.printed_posterior): a majority that reads a name without a mark one copy
        has is likelier wrong when the name with the mark is a name too."""
        if not self.use_lm or len(resolved.candidates) < 2 or resolved.rule in (HUMAN, "mapping"):
            return resolved
        others = [c.value for c in resolved.candidates if c.value != resolved.value
                  and isinstance(c.value, str) and not self.unlisted_parts(resolved.field, c.value)]
        if not others:
            return resolved
        posterior = self.corrector.names.printed_posterior(resolved.value, others, [(r.value, r.weight) for r in readings])
        if posterior >= resolved.confidence:
            return resolved
        return replace(resolved, confidence=round(posterior, 4), needs_review=posterior < REVIEW_BELOW)

    def doubt_unlisted_names(self, resolved: Resolved) -> Resolved:
        """Return `resolved` at most UNLISTED_NAME_CONFIDENCE sure when a part of the name
        is in no dictionary: its spelling rests on the copies alone, and copies of one
        print misread a mark alike (a dropped tone mark leaves a name that is no less a
        name); a listed name's spelling the list confirms."""
        if not isinstance(resolved.value, str) or resolved.rule in (HUMAN, "mapping") \
                or resolved.confidence <= UNLISTED_NAME_CONFIDENCE:
            return resolved
        if not self.unlisted_parts(resolved.field, resolved.value):
            return resolved
        return replace(resolved, confidence=UNLISTED_NAME_CONFIDENCE)

    def doubt_split_unlisted(self, resolved: Resolved) -> Resolved:
        """Return `resolved`, a person's name some copy read with another spelling of a
        part no dictionary holds, in need of review with a warning unless NAME_SURE_SHARE
        of the copies' weight reads those parts so (its confidence is left as it is): no
        list can say which spelling a rare surname has ("อ้นท้วม", read "อันท้วม" by two
        copies of three, a tone mark taken for MAI HAN-AKAT), and copies of one print
        misread a part alike as often as not. A copy that reads the title otherwise
        ("นาง", "นางสาว") reads those parts as they are."""
        if not isinstance(resolved.value, str) or len(resolved.candidates) < 2 or resolved.needs_review \
                or resolved.rule in (HUMAN, "mapping"):
            return resolved
        unlisted = set(self.unlisted_parts(resolved.field, resolved.value))
        if not unlisted:
            return resolved
        share, others = agreeing_share(resolved, lambda c: c.value == resolved.value or isinstance(c.value, str)
                                       and unlisted <= set(self.name_parts(resolved.field, c.value)[0]))
        if share >= NAME_SURE_SHARE:
            return resolved
        return replace(resolved, needs_review=True, warnings=(
            *resolved.warnings, f"copies spell a name no list holds otherwise ({', '.join(others)})"))

    def doubt_extra_name_parts(self, resolved: Resolved) -> Resolved:
        """Return `resolved`, a person's name read with more parts than a given name and a
        family name (one that opens with a particle, "ณ อยุธยา", is one part; a rank or
        title, "พ.ต.ท.", and a note in brackets after the name are none), in need of
        review, no surer than a tie and with a warning naming the parts, unless each part
        is a list entry (a user's directory may hold a middle name): OCR read a fragment
        twice ("รณชิต จิ จิ๋วแหยม") or put a space inside a part, and copies of one print do
        so alike, so that they agree on it."""
        if not isinstance(resolved.value, str) or resolved.rule in (HUMAN, "mapping"):
            return resolved
        parts, kinds = self.name_parts(resolved.field, resolved.value)
        parts = family_particles_joined(name_parts_after_titles(parts))
        if len(parts) <= 2 or all(self.dictionary.is_known(p, kinds) for p in parts):
            return resolved
        return replace(resolved, confidence=min(resolved.confidence, TIE_CONFIDENCE), needs_review=True, warnings=(
            *resolved.warnings, f"the name reads {len(parts)} parts ({', '.join(parts)}), where a name has a given "
                                "name and a family name: a fragment read twice, or a space inside a part?"))

    def vouch_listed(self, resolved: Resolved) -> Resolved:
        """Return `resolved`, a name or agency one copy alone read, LISTED_SINGLE_CONFIDENCE
        sure and not in need of review when each part of it is a dictionary entry that
        no other entry lies within the OCR channel's reach of (NameJudge.listed_posterior
        at least LISTED_SURE): a single copy's misreading lands on a listed spelling only
        by another listed name, and none is near. A part in no list of the field's kinds
        (name_parts), a warning (check_entries' near misses) or a doubt already lowering
        it below SINGLE_CONFIDENCE (suspect text) leaves it as it was."""
        if not self.use_lm or resolved.rule != "single" or resolved.warnings or not isinstance(resolved.value, str) \
                or resolved.confidence < SINGLE_CONFIDENCE:
            return resolved
        parts, kinds = self.name_parts(resolved.field, resolved.value)
        judge = self.corrector.names
        if not parts or any(judge.listed_posterior(p, self.dictionary, kinds) < LISTED_SURE for p in parts):
            return resolved
        return replace(resolved, confidence=max(resolved.confidence, LISTED_SINGLE_CONFIDENCE), needs_review=False)

    def name_in_text(self, part: str, people: frozenset[str] = frozenset()) -> str:
        """Return what a part of a person's name in free text should read: the entry the
        channel strongly supports (NameJudge.entry, as in a name's own field), else the
        part of the record's own `people` it strongly supports (NameJudge.mention), else the
        lexicon's reading (Corrector.propose) if it only puts marks back (marks_put_on)
        and is all words where the part has letters no word covers ("รณฤทธิ" for
        "รณฤทธิ์"); else `part`: never common words ("ด้านซ่อม"), nor an entry the lexicon's
        reading lands on without that support (a name no list holds, "สิรวัฒน์", is no
        misreading of the listed "สิริวัฒน์"), nor a reading that drops a letter the name
        has ("สุวรรณ" of "สุวรรณี")."""
        if not self._unlisted(part, PERSON_KINDS):
            return part
        found = self.corrector.names.entry(part, self.dictionary, PERSON_KINDS) or self.corrector.names.mention(part, people)
        if found is not None:
            return found[0]
        reading = self.corrector.propose(part)
        lm = self.corrector.lm
        return reading if marks_put_on(part, reading) and lm.score(reading).unknown == 0 < lm.score(part).unknown \
            else part

    def record_people(self, fields: dict[str, Resolved]) -> frozenset[str]:
        """Return the parts of the names the record's person fields among `fields` read,
        that a name list holds, of fields not in need of review: whom its text most
        likely names, spelled as a list confirms."""
        out: set[str] = set()
        for name, resolved in fields.items():
            if self.types.get(name) == "person" and isinstance(resolved.value, str) and not resolved.needs_review:
                parts, kinds = self.name_parts(name, resolved.value)
                out.update(p for p in parts if self.dictionary.is_known(p, kinds))
        return frozenset(out)

    def listed_name_near(self, part: str) -> str | None:
        """Return the listed name the lexicon reads `part`, a part of a person's name in
        free text that no list holds, as (Corrector.propose), or None: the channel does
        not support it strongly enough to change the name (name_in_text), and a name no
        list holds is as likely, so the text is flagged, not changed."""
        if not self._unlisted(part, PERSON_KINDS):
            return None
        reading = self.corrector.propose(part)
        return reading if reading != part and self.dictionary.is_known(reading, PERSON_KINDS) else None

    def unlisted_parts(self, field: str, value: str) -> list[str]:
        """Return the parts of a name, long enough to judge, that no dictionary holds."""
        parts, kinds = self.name_parts(field, value)
        return [p for p in parts if self._unlisted(p, kinds)]

    def _unlisted(self, part: str, kinds: tuple[str, ...]) -> bool:
        """True when `part` is long enough to judge (NEAR_MISS_MIN_CHARS) and no entry of `kinds`."""
        return len(part) >= NEAR_MISS_MIN_CHARS and not self.dictionary.is_known(part, kinds)

    def lost_marks(self, field: str, value: str, near: set[str]) -> list[tuple[str, str]]:
        """Return (part, reading) for each part of a person's name in no list and not in
        `near` (those close to an entry) that reads better with a mark or letter OCR loses
        put back ("อันทัวม" as "อันท่วม": Corrector.propose, better_than)."""
        respelled = [(p, self.corrector.propose(p)) for p in self.unlisted_parts(field, value) if p not in near]
        return [(p, q) for p, q in respelled if q != p and self.corrector.better_than(q, p)]

    def name_parts(self, field: str, value: str) -> tuple[list[str], tuple[str, ...]]:
        """Return the parts of a name or agency that a dictionary could hold, and the
        kinds of entry they are checked against."""
        if self.types.get(field) == "agency":
            return [p.strip() for p in value.split("/")], ("agency",)
        parts = [p for p in self._person_tokens(value) if p.strip() and p not in self.template.person_titles]
        return parts, PERSON_KINDS

    def near_misses(self, field: str, value: str) -> list[tuple[str, str]]:
        """Return (part, entry) for each part of a name or agency that is no dictionary
        entry but is close to one: what every copy may have misread alike."""
        parts, kinds = self.name_parts(field, value)
        out = []
        for part in parts:
            if len(part) >= NEAR_MISS_MIN_CHARS and not self.dictionary.is_known(part, ("person", "family", "agency", "place", "school")):
                entry = self.dictionary.near_entry(part, kinds)
                if entry is not None:
                    out.append((part, entry))
        return out

    def correct_names(self, resolved: Resolved) -> Resolved:
        """Return `resolved` with each name part that is no entry replaced by the one entry
        the channel strongly supports (NameJudge.entry; rule `lm`, the voted value
        kept); a part with no such entry is left for check_entries to flag."""
        if not isinstance(resolved.value, str) or resolved.rule in (HUMAN, "mapping"):
            return resolved
        value, changes, posterior = resolved.value, [], 1.0
        _, kinds = self.name_parts(resolved.field, value)
        for part in self.unlisted_parts(resolved.field, value):
            found = self.corrector.names.entry(part, self.dictionary, kinds)
            if found is not None:
                entry, share = found
                value = value.replace(part, entry, 1)
                posterior = min(posterior, share)
                changes.append(Dispute(value.find(entry), entry, "lm", (
                    Option(entry, posterior=round(share, 4)), Option(part, posterior=round(1 - share, 4)))))
        if not changes:
            return resolved
        confidence = round(min(resolved.confidence, posterior, MODEL_ALONE_MAX_CONFIDENCE), 4)
        return replace(resolved, value=value, rule="lm", voted=resolved.value, confidence=confidence,
                       needs_review=confidence < REVIEW_BELOW,
                       disputes=(*placed_again(resolved.disputes, resolved.value, value), *changes))

    def check_entries(self, resolved: Resolved) -> Resolved:
        """Return `resolved`, flagged for review with a warning, when a part of the name or
        agency it holds is a near miss of a dictionary entry (see near_misses), or, with
        the language model, a part of a person's name in no list reads better with a mark
        OCR loses put back (see lost_marks), or a part of a person's name in no list is
        spelt as Thai never is (thai_script.spelt_as_thai_never_is). The value is not
        changed here: a name is never invented; its confidence drops to that of a tie
        between the copies' reading and the other."""
        if not isinstance(resolved.value, str) or resolved.rule in (HUMAN, "mapping"):
            return resolved
        misses = self.near_misses(resolved.field, resolved.value)
        person = self.types.get(resolved.field) == "person"
        lost = self.lost_marks(resolved.field, resolved.value, {part for part, _ in misses}) \
            if self.use_lm and person else []
        misspelt: list[tuple[str, str]] = []
        if person:
            parts, kinds = self.name_parts(resolved.field, resolved.value)
            misspelt = [(part, odd) for part in parts if (odd := spelt_as_thai_never_is(part)) is not None
                        and not self.dictionary.is_known(part, kinds)]
        if not misses and not lost and not misspelt:
            return resolved
        warnings = tuple(f"{part!r} is in no name list and reads better as {reading!r}: OCR may have lost a mark"
                         for part, reading in lost)
        warnings += tuple(f"{part!r} is no dictionary entry but is close to {entry!r}" for part, entry in misses)
        warnings += tuple(f"{part!r} is spelt as no Thai word is ({odd!r}): OCR misread a mark"
                          for part, odd in misspelt)
        return doubted(resolved, *warnings)


def _with_value(reading: Reading, value: Any) -> Reading:
    """Return `reading` holding `value`: itself when the value is the same (most are; a
    copy of a frozen dataclass costs more than the comparison)."""
    return reading if value == reading.value else replace(reading, value=value)


def apply_mappings(resolved: Resolved, dictionary: Dictionary) -> Resolved:
    """Return `resolved` with the dictionary's WRONG -> RIGHT lines applied to its value.

    A mapping fixes what every copy misread alike, which no vote can; the value then
    carries rule "mapping", the voted value and each replacement as evidence. The
    confidence stays the vote's: it measures how far the copies agreed.
    """
    if not isinstance(resolved.value, str):
        return resolved
    value, applied = dictionary.apply_mappings(resolved.value)
    if not applied:
        return resolved
    return replace(
        resolved, value=value, rule="mapping", voted=resolved.value,
        mapped=applied, disputes=tuple(placed_again(resolved.disputes, resolved.value, value)),
    )


def doubt_split_date(resolved: Resolved) -> Resolved:
    """Return `resolved`, a date some copy read as another date, in need of review with
    a warning unless DATE_SURE_SHARE of the copies' weight reads it (its confidence
    stays the weights' share): a day's digit misread makes another valid date
    ("2020-10-21" for "2020-10-27", a 7 whose stroke faded, in two copies of three),
    which neither its parser nor the checks of the reports' order and window can see."""
    if len(resolved.candidates) < 2 or resolved.rule in (HUMAN, "mapping") or resolved.needs_review:
        return resolved
    share, others = agreeing_share(resolved, lambda c: c.value == resolved.value)
    if share >= DATE_SURE_SHARE:
        return resolved
    return replace(resolved, needs_review=True, warnings=(
        *resolved.warnings, f"copies read other dates ({', '.join(others)}): a misread digit makes another valid date"))


def agreeing_share(resolved: Resolved, agrees: Callable[[Candidate], bool]) -> tuple[float, list[str]]:
    """Return the share of the copies' weight whose reading `agrees` with `resolved`'s
    value (1.0 where they weigh nothing), and the readings that do not: how far a value
    the copies split on can be trusted, and what to name in its warning."""
    total = sum(c.weight for c in resolved.candidates)
    held = sum(c.weight for c in resolved.candidates if agrees(c))
    return (held / total if total > 0 else 1.0), [str(c.value) for c in resolved.candidates if not agrees(c)]


def doubt_guessed_spaces(resolved: Resolved, guessed_spaces: frozenset[str]) -> Resolved:
    """Return `resolved`, text holding one of `guessed_spaces` ("last first": where a
    line of a print that breaks lines between words ended, with nothing in the copy to
    say whether the print had a space there; wraps.joins read it without, or, where only
    the archive or another copy says the print breaks so, the text kept it and the vote
    joined it where the archive never sets the two words apart:
    line_end_spacing.joined_where_never_apart) with or without its space, doubted
    (cross_checks.doubted) with a warning naming them: every copy of one print breaks its
    lines in the same places, so however many copies agree there, it is a guess. The
    place is looked for in the vote's value too (`voted`), where the language model
    changed a word at it ("น้า" read for "น้ำ")."""
    if not isinstance(resolved.value, str):
        return resolved
    texts = [t for t in (resolved.value, resolved.voted) if isinstance(t, str)]
    kept = sorted(g for g in guessed_spaces if any(g in t or g.replace(" ", "") in t for t in texts))
    if not kept:
        return resolved
    return doubted(resolved, f"a line of the print ended at {', '.join(map(repr, kept))}: the print breaks lines "
                             "between words (or the archive's prints do), so whether it had a space there is a guess")


def contested_wraps(records: Sequence[WitnessRecord]) -> frozenset[str]:
    """Return the line ends ("last first") one copy of a report joined without a space and
    another with one (WitnessRecord.joined_ends, spaced_ends). Every copy of one print
    wraps its lines in the same places, so the copies' vote there weighs two judgements
    of where a line ended against the margin, not two readings of the print."""
    joined = {end for rec in records for end in rec.joined_ends}
    return frozenset(joined.intersection(end for rec in records for end in rec.spaced_ends))


def report_line_ends(records: Sequence[WitnessRecord], spacing: dict[str, tuple[int, int]]) -> LineEnds:
    """Return what says how the report's text sets the words at its line ends: the
    archive's counts (`spacing`, run.learn_archive) and its copies' line ends that are no
    guess (WitnessRecord.sure_joins, sure_spaces), and the guessed ones whose first word
    opened a phrase (WitnessRecord.opening_guesses)."""
    return LineEnds(spacing, frozenset(e for rec in records for e in rec.sure_joins),
                    frozenset(e for rec in records for e in rec.sure_spaces),
                    frozenset(e for rec in records for e in rec.opening_guesses))


def doubt_contested_wraps(resolved: Resolved, readings: Sequence[Reading], contested: frozenset[str]) -> Resolved:
    """Return `resolved`, text holding one of the `contested` line ends (contested_wraps)
    with or without its space, doubted (cross_checks.doubted) with a warning naming them,
    where its own `readings` hold that place both ways, one with the space and one
    without: a copy's ends are keyed by their words, which the document may hold
    elsewhere too ("คุณ ภาพ" in every "คุณภาพ")."""
    if not isinstance(resolved.value, str):
        return resolved
    texts = [r.value for r in readings if isinstance(r.value, str)]
    kept = sorted(end for end in contested if (end in resolved.value or end.replace(" ", "") in resolved.value)
                  and any(end in t for t in texts) and any(end.replace(" ", "") in t for t in texts))
    if not kept:
        return resolved
    return doubted(resolved, f"the copies joined a line's end at {', '.join(map(repr, kept))} differently, one "
                             "with a space and one without: whether the print had a space there is a guess")


_NUMBER_RUN = re.compile(r"\d+(?:\s?[.,]\s?\d+)*")  # digits, and a separator with a space OCR read beside it


def numbers_read(text: str) -> set[str]:
    """Return the numbers of `text`, each without the spaces OCR reads beside its
    separators ("265, 000" is "265,000"); digits a space alone parts are two numbers
    ("ครั้งที่ 3 170 คน")."""
    return {re.sub(r"\s", "", m.group()) for m in _NUMBER_RUN.finditer(text)}


def doubt_numbers_no_copy_read(resolved: Resolved, readings: Sequence[Reading]) -> Resolved:
    """Return `resolved`, text that holds a number no copy reads (numbers_read), doubted
    (cross_checks.doubted) with a warning naming it: the text is voted stretch by
    stretch, and a copy that reads a number cut otherwise ("265, 000 .บาท" against
    "265,000 บาท") aligns its second half with what follows, so that the stretches put
    together can hold a number twice ("265,000 000 .บาท"). A number each copy reads on
    its own, the right one taken from each, is left as it is. Asked of the vote's own
    text, before a dictionary's mappings put in what they know."""
    if not isinstance(resolved.value, str):
        return resolved
    read = set().union(*(numbers_read(r.value) for r in readings if isinstance(r.value, str)))
    unread = sorted(numbers_read(resolved.value) - read)
    if not unread:
        return resolved
    return doubted(resolved, f"no copy reads the number {', '.join(map(repr, unread))}: the text put together "
                             "from the copies' stretches may hold a number twice or cut")


_LONE_NUMBER_AT_END = re.compile(r"(?<=\S)\s+(\d{1,2})$")  # "โครงการฯ 4": a short number alone after the last word
_NUMBER_AT_END = re.compile(r"\d[A-Za-z]?[.,:;]?$")  # a copy's number there: glued ("ครั้งที่4"), a letter for a digit ("8o"), a speck after it ("4.")
_REPEAT_MARK = "\u0e46"  # MAI YAMOK, "ๆ"
_GLYPH_AFTER_RUN = re.compile(  # "โครงการฯ", or the mark read alone: "โครงการ 4"
    f"((?:(?!{WORD_END_MARK})[{THAI_SPELLING}])+)({WORD_END_MARK}|\\s+[{THAI_SPELLING}0-9{THAI_DIGITS}])$")
_LAST_THAI_RUN = re.compile(f"[{THAI_SPELLING}]+$")


def doubt_lone_number_at_end(resolved: Resolved, readings: Sequence[Reading]) -> Resolved:
    """Return `resolved`, text that ends in a short number alone after its last word
    that some copy did not read there, doubted (cross_checks.doubted) with a warning
    naming it: a speck, a stamp or a mark a line carried alone reads as a digit ("4" for
    a lone "ฯ"), and where the copy that read it outweighs the others stretch by stretch
    (the others read the line worse) nothing else doubts it. A number every copy reads
    at the end ("ครั้งที่ 4", with the space or without) is left as it is, and so is one
    every copy reads a number at, digits apart ("ร้อยละ 80" and "ร้อยละ 30"): something is
    printed there, and the vote on its digits already weighs the copies."""
    if not isinstance(resolved.value, str) or len(readings) < 2:
        return resolved
    found = _LONE_NUMBER_AT_END.search(resolved.value)
    if found is None:
        return resolved
    number = found.group(1)
    if all(isinstance(r.value, str) and _NUMBER_AT_END.search(r.value) is not None for r in readings):
        return resolved
    return doubted(resolved, f"the number {number!r} after the last word is not read there by every copy: a speck or "
                             "a stamp reads as a digit")


def doubt_carried_mark(resolved: Resolved, read: Sequence[Any], marked: frozenset[str]) -> Resolved:
    """Return `resolved`, text whose last phrase (its last run of Thai) the archive's
    copies read with PAIYANNOI after it elsewhere (`marked`: "ขออนุมัติโครงการฯ"), where
    the value has no mark there and some copy read the mark, or one letter, digit or mark
    alone, after its last word (`read`, the copies' texts before specks were taken out:
    "...โครงการฯ", "...โครงการ 4", "...โครงการ ๆ", whatever they misread before it),
    doubted (cross_checks.doubted) with a warning: a print that breaks lines between
    words carries the mark alone onto the next line, where copies lose it or read it as
    a letter or a digit, and the copies that read nothing there outvote the one that
    read something. So is such text ending in MAI YAMOK ("...โครงการ ๆ", the mark alone
    put back as the copies read it: values.word_marks_read_as_letters). After a phrase
    the archive never marks, such a glyph is a speck ("เรียบร้อยแล้ว 7", "การดำเนินโครงการ |").
    Run before a user's mappings (apply_mappings): a mapping that puts the mark back
    leaves the warning on the value it mapped."""
    value = resolved.value
    if not isinstance(value, str) or not marked or value.endswith(WORD_END_MARK):
        return resolved
    if value.endswith(_REPEAT_MARK):
        found = _LAST_THAI_RUN.search(value[:-1].rstrip())
        if found is None or found.group(0) not in marked:
            return resolved
        return doubted(resolved, f"the text ends in '{_REPEAT_MARK}' after {found.group(0)!r}, which the archive's "
                                 f"copies print as '{found.group(0)}{WORD_END_MARK}' elsewhere: OCR reads one mark "
                                 "carried alone onto a line as the other")
    found = _LAST_THAI_RUN.search(value)
    word = found.group(0) if found else ""
    if word not in marked:
        return resolved
    glyphs = sorted({tail.group(2).strip() for text in read if isinstance(text, str)
                     and (tail := _GLYPH_AFTER_RUN.search(text.rstrip())) is not None
                     and last_word(tail.group(1)) == last_word(word)})
    if not glyphs:
        return resolved
    return doubted(resolved, f"a copy read {', '.join(map(repr, glyphs))} after {word!r}, which the archive's "
                             f"copies print as '{word}{WORD_END_MARK}' elsewhere: a mark the print carried onto the "
                             "next line, which the other copies lost?")


def vote_report_date(voter: FieldVoter, readings: Sequence[Reading], window: tuple[str, str] | None) -> Resolved:
    """Return the vote on a report's date, with readings outside `window` set aside.

    OCR misreads a year's digit in several copies at once ("2566" for "2564"); a date
    years away from the project cannot be right, so it does not vote while any reading
    inside the window remains. What was set aside, and why, stays in the evidence. A date
    every reading puts outside is voted as read: cross_checks.check_report_window flags it.
    """
    field = voter.template.progress.column("date")
    inside = [r for r in readings if window is None or window[0] <= str(r.value) <= window[1]]
    outside = [r for r in readings if r not in inside]
    if not inside or not outside:
        return doubt_repaired_dates(voter.vote(field, readings), readings)
    assert window is not None  # only a window sets readings outside
    resolved = voter.vote(field, inside)
    set_aside = tuple(SetAside(r.value, r.witness, outside_window(window)) for r in outside)
    return doubt_repaired_dates(replace(resolved, set_aside=set_aside, needs_review=True, read_at=read_at(readings)),
                                readings)


def doubt_repaired_dates(resolved: Resolved, readings: Sequence[Reading]) -> Resolved:
    """Return `resolved`, a report's date, doubted (cross_checks.doubted) where every
    reading of its value was read only by putting back a slash OCR lost or read as a 7
    (values.cell_date_repaired): the digits beside such a slash were read where the print
    is damaged ("21/1172562" for 27/11/2562)."""
    voting = [r for r in readings if r.value == resolved.value]
    if not voting or not all(cell_date_repaired(r.raw) for r in voting):
        return resolved
    return doubted(resolved, f"read only with a slash put back where OCR lost it or read a 7 "
                             f"({', '.join(sorted({r.raw for r in voting}))}): check the day and the month")


def _reconciled_report(rr: ReportReadings, vote: Callable[[str, Sequence[Reading]], Resolved],
                       fields_voted: Sequence[str]) -> ReconciledReport:
    """Return one progress report voted field by field, with what alignment set aside
    and its warnings kept on the values, which then need review (confidence at most that
    of a tie). A field whose every reading was set aside has no value, rule "set_aside";
    one some copy printed but no copy read a value in has none either, rule "unread", so
    that an empty cell the print had filled is flagged, not left blank as if never
    printed (a cell no copy read anything of is missing.missing_cells'). `fields_voted` are the
    template's progress-report fields, in order."""
    fields: dict[str, Resolved] = {}
    for f in fields_voted:
        readings, aside = rr.readings.get(f), tuple(rr.set_aside.get(f, ()))
        if not readings and not aside:
            if rr.unread.get(f):
                fields[f] = _unread(f, rr.unread[f])
            continue
        res = vote(f, readings) if readings else Resolved(f, None, 0.0, "set_aside", True, ())
        if aside or rr.warnings:
            res = doubted(replace(res, set_aside=res.set_aside + aside), *rr.warnings)
        fields[f] = res
    return ReconciledReport(rr.report_no, fields, len(rr.witnesses))


def _unread(field: str, printed: Sequence[tuple[str, Where]]) -> Resolved:
    """Return the value of a field the copies printed (witness id, where) but none read:
    no value, needing review, with where each copy printed it for the review page."""
    copies = sorted({witness for witness, _ in printed})
    return Resolved(field, None, 0.0, "unread", True, (),
                    warnings=(f"printed but read as no value in {', '.join(copies)}: read it from the scan",),
                    read_at=tuple(printed))


def reconcile_group(group: DocumentGroup, voter: FieldVoter, doc_id: str,
                    corrections: Sequence[Correction] = ()) -> ReconciledDocument:
    """Return the canonical record of one document group, with every value's evidence:
    voted (vote_group), with a person's `corrections` of it applied, then checked
    (check_document), so that the checks judge the values as corrected, and with the
    cells of its reports no copy read flagged (missing_cells), as are the rows its copies
    print that no report was read from (missing_reports)."""
    doc = correct_document(vote_group(group, voter, doc_id, corrections), corrections)
    cells, printed = voter.template.report_fields, voter.archive_fields
    return missing_reports(missing_cells(check_document(doc, voter.template), cells, printed), group.records,
                           cells, printed)


def guessed_spaces(records: Sequence[WitnessRecord], archive_breaks_words: bool) -> frozenset[str]:
    """Return the places ("last first") where a line of the copies' print ended and
    nothing says whether the print had a space there: the unconfirmed spaces of copies
    whose print breaks lines between words, and, where no copy of the report shows its
    print breaks only at spaces and another copy of it or the archive's prints break
    between words (`archive_breaks_words`), the possible wraps of the copies that show
    neither (every copy of one report is one print, broken alike)."""
    guessed = {space for rec in records for space in rec.unconfirmed_spaces}
    shows = {rec.line_breaks for rec in records}
    if (archive_breaks_words or "words" in shows) and "spaces" not in shows:
        guessed.update(space for rec in records if not rec.line_breaks for space in rec.possible_wraps)
    return frozenset(guessed)


def _doubt_guessed_pages(records: Sequence[WitnessRecord]) -> Callable[[Resolved, Sequence[Reading]], Resolved]:
    """Return a check that doubts a value every reading of which lies on pages its copy
    may not own (Witness.guessed_pages: which of two copies they go with, the pages could
    not tell), with a warning naming them, unless two such readings agree on it (copies
    of a stack scanned back to front; another report's pages put behind two copies would
    seldom read alike); any other value is returned as it is."""
    guessed = {rec.id: set(rec.witness.guessed_pages) for rec in records if rec.witness.guessed_pages}

    def doubt(resolved: Resolved, readings: Sequence[Reading]) -> Resolved:
        if not guessed or not readings or not all(
                (r.where.source, r.where.page) in guessed.get(r.witness, ()) for r in readings):
            return resolved
        if sum(r.value == resolved.value for r in readings) >= 2:
            return resolved  # two copies paired alike by guess read it alike: a stack's, not another report's
        pages = sorted({(r.where.source, r.where.page) for r in readings})
        return doubted(resolved, f"read only on {', '.join(f'{s} page {p}' for s, p in pages)}, which may be "
                                 "another copy's pages (see failures.csv, stage order)")
    return doubt


def doubt_at_scan_edge(resolved: Resolved, readings: Sequence[Reading]) -> Resolved:
    """Return `resolved`, doubted with a warning naming the pages, where every reading
    that holds its value (every reading, for voted text no copy read whole) lies on a
    line whose ink touches the scan's left or top edge (within SCAN_EDGE_PX; boxes are
    in the scan's own frame, so on a page read turned that edge may be where the line
    ends): a page fed askew or cropped too close loses what was printed beyond the
    edge, and every copy scanned so reads what is left alike ("5,000" of "195,000" at a
    cut line's start). A print's text keeps a margin; the right and bottom edges are
    not known from the boxes alone. Any other value is returned as it is."""
    if resolved.value is None or resolved.rule in (HUMAN, "mapping"):
        return resolved
    holding = [r for r in readings if r.value == resolved.value] or readings
    for r in holding:
        box = r.where.box
        if box is None or box[0] > SCAN_EDGE_PX and box[1] > SCAN_EDGE_PX:
            return resolved
    if not holding:
        return resolved
    pages = ", ".join(f"{source} page {page}" for source, page in sorted({(r.where.source, r.where.page) for r in holding}))
    return doubted(resolved, f"read on a line that runs to the edge of the scan ({pages}): the scan may have cut off "
                             "what was printed beyond it")


def vote_group(group: DocumentGroup, voter: FieldVoter, doc_id: str,
               corrections: Sequence[Correction] = ()) -> ReconciledDocument:
    """Return one document group voted field by field and report by report, unchecked;
    its reports' dates weighed against the project's dates as a person's `corrections`
    set them (report_window), though the corrections themselves are correct_document's.
    Where the reports' dates place them (key_reports), that window counts only when
    neither of the project's dates needs review. Each value is doubted where its readings
    lie only on pages their copy may not own (_doubt_guessed_pages), only on lines cut
    by the scan's edge (doubt_at_scan_edge), or where a number of it reads otherwise
    alone (number_doubts)."""
    fields: dict[str, Resolved] = {}
    spellings = voter.spellings(group)
    guessed = guessed_spaces(group.records, voter.archive_breaks_words)
    contested = contested_wraps(group.records)
    line_ends = report_line_ends(group.records, voter.archive_spacing)
    doubt_pages = _doubt_guessed_pages(group.records)
    numbers = reread_doubts(group.records)

    def doubt(resolved: Resolved, readings: Sequence[Reading]) -> Resolved:
        return doubt_reread_numbers(doubt_at_scan_edge(doubt_pages(resolved, readings), readings), readings, numbers)

    people: frozenset[str] = frozenset()
    for name in voter.template.document_fields:
        readings = [rec.fields[name] for rec in group.records if name in rec.fields]
        if readings:
            fields[name] = doubt(voter.vote(name, readings, spellings, guessed, contested, people, line_ends), readings)
            if voter.types.get(name) == "person":
                people = voter.record_people(fields)
    missing = missing_fields(voter.template, group.records, fields, voter.archive_fields)
    fields = {name: fields.get(name) or missing[name] for name in voter.template.document_fields
              if name in fields or name in missing}
    progress = voter.template.progress
    corrected = correct_fields(fields, corrections)
    window = report_window(corrected, progress.window)
    sure_bounds = window is not None and progress.window is not None and \
        not any(corrected[b].needs_review for b in progress.window)
    placing = window if sure_bounds else None

    people = voter.record_people(fields)

    def vote(field: str, readings: Sequence[Reading]) -> Resolved:
        if field == progress.column("date"):
            return doubt(vote_report_date(voter, readings, window), readings)
        return doubt(voter.vote(field, readings, spellings, guessed, contested, people, line_ends), readings)

    reports = tuple(_reconciled_report(rr, vote, voter.template.report_fields)
                    for rr in key_reports(group.records, placing))
    return ReconciledDocument(
        doc_id=doc_id,
        fields=fields,
        reports=reports,
        witnesses=tuple(rec.id for rec in group.records),
        sources=tuple(sorted({f for rec in group.records for f in rec.witness.files or (rec.witness.source,)})),
    )


def check_document(doc: ReconciledDocument, template: Template) -> ReconciledDocument:
    """Return `doc` with the project's start checked against its end
    (cross_checks.check_project_dates), its progress reports against each other and the
    project's dates (check_reports), their spent figures against the document's amounts
    (check_tiny_amounts), their progress against each other's where it is cumulative
    (check_progress_order), its total spent against theirs (check_total), both against its
    budget (check_budget), each person's name against the same person named in its
    text (check_name_mentions), and its phones against what a phone can be and each
    other (check_phones). What a person set is never doubted (cross_checks.doubted)."""
    progress = template.progress
    fields = check_project_dates(dict(doc.fields), progress.window)
    reports = check_reports(doc.reports, report_window(fields, progress.window), progress.column("date"))
    if progress.cumulative:
        reports = check_progress_order(reports, progress.column("progress"))
    total = progress.spent_total
    reports = check_tiny_amounts(reports, fields.get(total) if total is not None else None, progress.column("spent"))
    if total is not None and total in fields:
        fields[total], reports = check_total(fields[total], reports, progress.column("spent"))
    if progress.budget is not None:
        fields, reports = check_budget(fields, reports, progress.budget, total, progress.column("spent"))
    types = {**template.field_types, **template.report_field_types}
    fields, reports = check_name_mentions(fields, reports, [f for f, t in types.items() if t == "person"],
                                          [f for f, t in types.items() if t == "text"], template.person_titles)
    fields = check_phones(fields, [f for f, t in template.field_types.items() if t == "phone"])
    return replace(doc, fields=fields, reports=reports)
