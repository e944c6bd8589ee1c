"""Thai word, name and place dictionaries: loading, and lookups used as evidence in votes.

Format of a dictionary file (UTF-8, one entry a line):
    # comment
    entry                 an entry of type "word"
    person:วรวิทย์         typed entries: person (given name), family, place, school,
    family:เทียงธรรม        agency, word
    ปานข้า -> ปานขำ         a mapping: a systematic misreading and its correction
A folder stands for every *.txt file in it.

A mapping is applied to the chosen value of every text field, free text included, as a
literal replacement that never splits a Thai syllable (a match followed by a vowel or
tone mark, or preceded by a leading vowel เ แ โ ใ ไ, is left alone). Write the whole misread word ("ปานข้า", not "ข้า"):
a short WRONG would also hit correct words that contain it.
"""

from __future__ import annotations

import bisect
import codecs
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import platformdirs
from pythainlp.corpus import thai_words
from rapidfuzz import fuzz, process
from pythainlp.tokenize import word_tokenize

from . import __version__
from .channel import Channel, load_channel
from .errors import MissingDependencyError, UsageError
from .model import Mapped
from .normalize import normalize_text
from .thai_script import THAI_BLOCK, THAI_FOLLOWING, THAI_LEADING_VOWELS

TYPES = ("person", "family", "place", "school", "agency", "word")
PARSE_CACHE = Path(
    os.environ.get("THAI_OCR_DICTIONARY_CACHE", platformdirs.user_cache_dir("thai-ocr-reconcile"))
) / "dictionaries"
PARSE_RULES = 2  # part of a parsed file's cache key: parses made by other rules are not read
TOKEN_CACHE_SIZE = 200_000
PREFIX_KEY_CHARS = 10  # characters at a position by which SortedWords remembers the words found there
PREFIX_MEMO_SIZE = 1 << 16
NEAR_ENTRY_MIN_SCORE = 85.0


@lru_cache(maxsize=1)
def _shipped_channel() -> Channel:
    return load_channel()


def ocr_skeleton(text: str) -> str:
    """Return `text` with what OCR confuses on Thai print folded together, as the learned
    OCR channel says (channel.Channel.skeleton): two readings with the same skeleton
    may be one printed word misread."""
    return _shipped_channel().skeleton(text)


DEFAULT_DIR = Path(os.environ.get("THAI_OCR_DICTIONARIES", Path(__file__).parent / "dictionaries"))


_SPACE_RUNS = re.compile(r"(\s+)")
_THAI_CHARS = re.compile(f"[{THAI_BLOCK}]")


class SortedWords:
    """A word list that answers the one question pythainlp's newmm asks its Trie (which
    words start at this position?) by binary search in the sorted list.

    It stands in for pythainlp.util.Trie as `custom_dict`: building that trie of 80,000
    words is a Python loop over every character (about 0.9 s, most of a cached re-run),
    where sorting takes a few hundredths of a second; a lookup costs one bisection per
    character of the match instead of one dictionary step.
    """

    def __init__(self, words: Iterable[str]):
        self.words = sorted(set(words))
        self._memo: dict[str, tuple[str, ...]] = {}

    def __getstate__(self) -> dict:
        return {"words": self.words}

    def __setstate__(self, state: dict) -> None:
        self.words, self._memo = state["words"], {}

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """Return the words that `text` has at `start`, shortest first (as Trie.prefixes).

        Remembered by the PREFIX_KEY_CHARS characters at `start` whenever the answer
        depends on no character beyond them (nine searches in ten): the tokeniser asks
        again and again at the same few thousand beginnings of words."""
        key = text[start:start + PREFIX_KEY_CHARS]
        found = self._memo.get(key)
        if found is None:
            found, read = self._search(text, start)
            if read <= len(key):
                if len(self._memo) >= PREFIX_MEMO_SIZE:
                    self._memo.clear()
                self._memo[key] = found
        return list(found)

    def _search(self, text: str, start: int) -> tuple[tuple[str, ...], int]:
        """Return the words at `start` and how many characters from `start` the answer
        depends on: up to the first prefix no word has, or, when the text ended first, the
        rest of the text counted with its end (PREFIX_KEY_CHARS + 1 unless the rest is shorter)."""
        words, found, lo = self.words, [], 0
        for end in range(start + 1, len(text) + 1):
            prefix = text[start:end]
            lo = bisect.bisect_left(words, prefix, lo)
            if lo == len(words) or not words[lo].startswith(prefix):
                return tuple(found), end - start
            if words[lo] == prefix:
                found.append(prefix)
        rest = len(text) - start
        return tuple(found), rest if rest < PREFIX_KEY_CHARS else PREFIX_KEY_CHARS + 1

    def __contains__(self, word: object) -> bool:
        i = bisect.bisect_left(self.words, word) if isinstance(word, str) else len(self.words)
        return i < len(self.words) and self.words[i] == word

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self) -> Iterator[str]:
        return iter(self.words)


@dataclass
class Dictionary:
    """Entries by type plus mappings; answers "is this reading a known word or name?"."""

    entries: dict[str, set[str]] = field(default_factory=lambda: {t: set() for t in TYPES})
    user_entries: dict[str, set[str]] = field(default_factory=lambda: {t: set() for t in TYPES})
    mappings: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _token_cache: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _choices: dict[tuple[str, ...], list[str]] = field(default_factory=dict, repr=False, compare=False)
    _skeletons: dict[tuple[str, ...], dict[str, list[str]]] = field(default_factory=dict, repr=False, compare=False)

    def add_file(self, path: Path, user: bool = False) -> None:
        """Read one dictionary file; a malformed line is a UsageError naming file and line.
        A `user` file's entries (a --dict list) are also kept apart in `user_entries`: a
        list of the very people and places of one archive is stronger evidence than the
        shipped lists."""
        try:
            data = path.read_bytes()
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            at = exc.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)  # utf-8-sig counts after the mark
            line = data[:at].count(b"\n") + 1
            raise UsageError(f"dictionary {path}, line {line}: not UTF-8 text (byte {data[at]:#04x}); save the "
                             "file as UTF-8") from exc
        except OSError as exc:
            raise UsageError(f"dictionary {path}: cannot read it ({exc.strerror or exc})") from exc
        entries, mappings, warnings = _cached_parse(data, lambda: _parse(text, path))
        self.warnings += [f"dictionary {path}, {warning}" for warning in warnings]
        for kind, words in entries.items():
            self.entries[kind].update(words)
            if user:
                self.user_entries[kind].update(words)
        self.mappings.update(mappings)
        self.files.append(str(path))
        for cached in ("all_words", "trie", "mapping_pattern"):
            self.__dict__.pop(cached, None)
        self._token_cache.clear()
        self._choices.clear()
        self._skeletons.clear()

    @cached_property
    def all_words(self) -> frozenset[str]:
        """Every entry of every type plus pythainlp's bundled Thai word list."""
        words = set(thai_words())
        for kind in TYPES:
            words |= self.entries[kind]
        return frozenset(words)

    @cached_property
    def trie(self) -> SortedWords:
        """Tokeniser word index: pythainlp's words plus ours (custom_dict replaces, so merge)."""
        return SortedWords(self.all_words)

    def tokens(self, text: str) -> list[str]:
        """Return pythainlp newmm word tokens of `text`, spaces kept as their own tokens.

        Tokenised phrase by phrase, each phrase memoised (up to TOKEN_CACHE_SIZE): a
        report's copies repeat most phrases exactly, so only the phrases OCR changed
        cost a tokenisation, the vote's main cost. So no token spans a space, even
        where a dictionary entry has one ("ปีงบประมาณ พ.ศ." gives two words).
        """
        out: list[str] = []
        for piece in _SPACE_RUNS.split(text):
            if not piece:
                continue
            if piece.isspace():
                out.append(piece)
                continue
            cached = self._token_cache.get(piece)
            if cached is None:
                if len(self._token_cache) >= TOKEN_CACHE_SIZE:
                    self._token_cache.clear()
                cached = self._token_cache[piece] = tuple(
                    word_tokenize(piece, custom_dict=self.trie, engine="newmm", keep_whitespace=True))
            out.extend(cached)
        return out

    def known_share(self, text: str) -> float:
        """Return the share of Thai characters in `text` covered by dictionary words (0..1)."""
        thai_total = len(_THAI_CHARS.findall(text))
        if not thai_total:
            return 0.0
        words = self.all_words
        covered = sum(len(_THAI_CHARS.findall(tok)) for tok in self.tokens(text) if tok in words)
        return covered / thai_total

    @cached_property
    def mapping_pattern(self) -> re.Pattern[str] | None:
        """One regex for every WRONG side, longest first, that cannot cut a syllable."""
        if not self.mappings:
            return None
        alternatives = "|".join(re.escape(w) for w in sorted(self.mappings, key=lambda w: (-len(w), w)))
        return re.compile(f"(?<![{THAI_LEADING_VOWELS}])(?:{alternatives})(?![{THAI_FOLLOWING}])")

    def apply_mappings(self, text: str) -> tuple[str, tuple[Mapped, ...]]:
        """Return `text` with every mapping applied, and what was replaced where.

        This is how an error every copy shares gets fixed: voting cannot see it, so only
        a person's WRONG -> RIGHT line can change the value (and variants.csv says so).
        """
        if self.mapping_pattern is None:
            return text, ()
        applied = tuple(Mapped(m.group(), self.mappings[m.group()], m.start())
                        for m in self.mapping_pattern.finditer(text))
        if not applied:
            return text, ()
        return self.mapping_pattern.sub(lambda m: self.mappings[m.group()], text), applied

    def near_entry(self, text: str, kinds: tuple[str, ...], min_score: float = NEAR_ENTRY_MIN_SCORE) -> str | None:
        """Return the entry of `kinds` most like `text` when `text` itself is no entry: a
        sign that every copy may share a misreading of it. Like means the same
        `ocr_skeleton` (what OCR confuses, folded: "อันทัวม" and "อ้นท้วม") or a
        rapidfuzz ratio of at least `min_score`; of those, the one with the highest
        ratio. None when `text` is an entry or nothing is that close."""
        if self.is_known(text, kinds):
            return None
        choices = self._choices.get(kinds)
        if choices is None:
            choices = self._choices[kinds] = sorted(set().union(*(self.entries[k] for k in kinds)))
        skeletons = self._skeletons.get(kinds)
        if skeletons is None:
            skeletons = self._skeletons[kinds] = {}
            for entry in choices:
                skeletons.setdefault(ocr_skeleton(entry), []).append(entry)
        close = list(skeletons.get(ocr_skeleton(text), ()))
        match = process.extractOne(text, choices, scorer=fuzz.ratio, score_cutoff=min_score)
        if match:
            close.append(match[0])
        return max(close, key=lambda entry: (fuzz.ratio(text, entry), entry)) if close else None

    def is_known(self, text: str, kinds: Iterable[str] = TYPES) -> bool:
        """True when `text` is itself an entry of one of `kinds`."""
        return any(text in self.entries[k] for k in kinds)


Parsed = tuple[dict[str, list[str]], dict[str, str], list[str]]
_PREFIX = re.compile(r"[A-Za-z_]+")  # what a type prefix looks like, known or not


def _parse(text: str, path: Path) -> Parsed:
    """Return (entries by type, mappings, warnings) of one dictionary file's text,
    normalised. A mapping line needs one arrow with text either side (else a UsageError
    naming the line). A warning ("line N: ...") names a line whose prefix is no type (a
    misspelt `persn:`: it is read as a word, as a line without a prefix is), a word
    mapped a second time (the later line is used) and a one-letter WRONG (it changes
    that letter wherever it stands)."""
    entries: dict[str, list[str]] = {t: [] for t in TYPES}
    mappings: dict[str, str] = {}
    mapped_on: dict[str, int] = {}
    warnings: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "->" in line:
            wrong, _, right = (normalize_text(x) for x in line.partition("->"))
            if not wrong or not right or "->" in right:
                raise UsageError(f"dictionary {path}, line {number}: a mapping needs 'WRONG -> RIGHT', one arrow")
            if wrong in mappings and mappings[wrong] != right:
                warnings.append(f"line {number}: {wrong!r} was mapped to {mappings[wrong]!r} on line "
                                f"{mapped_on[wrong]}; this line's {right!r} is used")
            if len(wrong) == 1:
                warnings.append(f"line {number}: the mapping {wrong!r} -> {right!r} changes that one character "
                                "wherever it stands in a text value")
            mappings[wrong], mapped_on[wrong] = right, number
            continue
        kind, sep, entry = line.partition(":")
        if not sep or kind.strip() not in TYPES:
            if sep and _PREFIX.fullmatch(kind.strip()):
                warnings.append(f"line {number}: unknown type {kind.strip()!r} (the types are {', '.join(TYPES)}); "
                                f"the line is read as the word {line!r}")
            kind, entry = "word", line
        entry = normalize_text(entry)
        if entry:
            entries[kind.strip()].append(entry)
    return entries, mappings, warnings


def _cached_parse(data: bytes, parse: Callable[[], Parsed]) -> Parsed:
    """Return a dictionary file's parse, from PARSE_CACHE when these exact bytes were
    parsed before by this version (normalising 20,000 entries is most of a warm re-run's
    fixed cost). A cache that cannot be read or written is skipped, never an error."""
    key = hashlib.sha256(data + f"{__version__}:{PARSE_RULES}".encode()).hexdigest()
    path = PARSE_CACHE / f"{key}.json"
    try:
        entries, mappings, warnings = json.loads(path.read_text(encoding="utf-8"))
        return entries, mappings, warnings
    except (OSError, ValueError):
        pass
    parsed = parse()
    try:
        PARSE_CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(parsed, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
    return parsed


def load_dictionaries(paths: Iterable[str | Path] = (), use_default: bool = True) -> Dictionary:
    """Return a Dictionary of the project's dictionaries/ plus the user's files or folders."""
    dictionary = Dictionary()
    if use_default and not any(DEFAULT_DIR.glob("*.txt")):
        raise MissingDependencyError(f"the bundled dictionaries are missing ({DEFAULT_DIR} holds no .txt file): "
                                     "reinstall thai-ocr-reconcile; results without them differ")
    sources = ([DEFAULT_DIR] if use_default else []) + [Path(p) for p in paths]
    read: set[Path] = set()  # a file named twice (itself and its folder, or --dict given again) is read once
    for source in sources:
        user = source != DEFAULT_DIR
        if source.is_dir():
            files = sorted(source.glob("*.txt"))
            if user and not files:
                dictionary.warnings.append(f"dictionary {source}: the folder holds no .txt file")
        elif source.is_file():
            files = [source]
        else:
            raise UsageError(f"dictionary {source}: no such file or folder")
        for path in files:
            if path.resolve() not in read:
                read.add(path.resolve())
                dictionary.add_file(path, user)
    return dictionary
