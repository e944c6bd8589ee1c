"""Accuracy: does reconciling K copies beat every single copy, and plain majority voting?

Builds synthetic archives with samples/generate.py (N invented reports, K_MAX printed and
scanned copies of each, at several noise levels; every third copy of a pair of reports
shares one binder PDF), OCRs every page once with the pipeline (real Tesseract), then
scores against the truth, for K = 1, 2, 3, 5, 8 copies of each report:
  - single copy: every copy reconciled alone (the median over copies is quoted);
  - oracle: the best single copy of the K for each report, picked knowing the truth;
  - plain majority: the most common whole value of each field among the K copies' own
    readings (no alignment, no dictionary, ties to the first copy);
  - pipeline --no-lm: the full reconciliation of the K copies, text decided by the
    copies' weights alone;
  - pipeline: the same with the Thai language model and OCR channel (the default);
  - pipeline + bench/mappings.txt: the same with the two mapping lines a person adds
    after one look at the review page (the shared misreading of น้ำ): the review loop.
A third of the people named in the invented reports are held out of the dictionaries
(their given and family names removed from the entries the pipeline loads), so names
are judged known and unknown apart. `--ocr-cache DIR` keeps each archive's OCR'd pages,
so a re-run reads and scores the same OCR without running Tesseract again.
Scores: exact-match accuracy of structured fields (document fields and progress-report
fields apart, samples/score.py), character error rate of free text over grapheme
clusters and Thai word error rate (pythainlp newmm). The same runs give the confidence
calibration table: how often values are right, by confidence, and what
needs_review catches.

Run: `make bench` (full) or `.venv/bin/python bench/accuracy.py --quick`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

from generate import CopySpec, FileSpec, ReportTruth, invent_report, write_archive  # noqa: E402
from render import FONT  # noqa: E402
from score import (DOCUMENT_FIELDS, REPORT_FIELDS, char_errors, free_text_pairs,  # noqa: E402
                   structured_checks, word_errors)

from pipeline.ocr_settings import OcrSettings  # noqa: E402
from pipeline.options import Options  # noqa: E402
from pipeline.copies import read_witnesses  # noqa: E402
from pipeline.run import document_jobs, iter_pages, learn_archive, reconcile_jobs  # noqa: E402
from pipeline.dictionary import Dictionary, load_dictionaries  # noqa: E402
from pipeline.document import FieldVoter  # noqa: E402
from pipeline.export import tables  # noqa: E402
from pipeline.model import WitnessRecord  # noqa: E402
from pipeline.template import load_template  # noqa: E402
from pipeline.tesseract import tesseract_version  # noqa: E402
from accuracy_report import MAPPED, METHODS, NAME_FIELDS, PIPELINE, PLAIN, Score, write_report  # noqa: E402

MAPPINGS = Path(__file__).resolve().parent / "mappings.txt"
FREE_TEXT = ("principle", "objectives", "narrative")
SEED = 20261125


def score(truth: Sequence[dict], frames: dict[str, pd.DataFrame]) -> Score:
    """Return the Score of output tables against the truth of the reports they should hold."""
    s = Score()
    for check in structured_checks(truth, frames["documents"], frames["progress_reports"]):
        if check.report_no is None:
            s.doc_ok, s.doc_n = s.doc_ok + check.ok, s.doc_n + 1
        else:
            s.rep_ok, s.rep_n = s.rep_ok + check.ok, s.rep_n + 1
    for _, want, got in free_text_pairs(truth, frames["documents"], frames["progress_reports"]):
        ce, cn = char_errors(want, got)
        we, wn = word_errors(want, got)
        s.char_err, s.char_n, s.word_err, s.word_n = s.char_err + ce, s.char_n + cn, s.word_err + we, s.word_n + wn
    return s


@dataclass
class Archive:
    """One noise level's archive: the truth and every copy's witness record."""

    noise: str
    truth: list[dict]
    copies: dict[tuple[int, int], WitnessRecord] = field(default_factory=dict)
    pages: int = 0
    ocr_seconds: float = 0.0


def archive_files(n_reports: int, k_max: int, noise: str) -> list[FileSpec]:
    """Return the files of an archive: copy c of report r alone, except every third copy,
    which two neighbouring reports share in one binder."""
    files = []
    for c in range(k_max):
        r = 0
        while r < n_reports:
            if c % 3 == 2 and r + 1 < n_reports:
                files.append(FileSpec(f"{noise}_c{c}_binder_r{r}_r{r + 1}.pdf", [CopySpec(r, noise), CopySpec(r + 1, noise)]))
                r += 2
            else:
                files.append(FileSpec(f"{noise}_c{c}_r{r}.pdf", [CopySpec(r, noise)]))
                r += 1
    return files


@dataclass
class Scanned:
    """One noise level's archive as OCR gave it: the truth, every page read (or the error
    that stopped an input), and which (report, copy) each file's pages belong to. This is
    what `--ocr-cache` keeps, so a re-run re-reads the same OCR with today's segmentation
    and extraction."""

    noise: str
    truth: list[dict]
    pages: list
    where: dict[tuple[str, int], tuple[int, int]]
    n_pages: int
    ocr_seconds: float


def scan(noise: str, reports: Sequence[ReportTruth], k_max: int, tmp: Path, seed: int, options: Options,
         font: Path = FONT, breaks: str = "spaces") -> Scanned:
    """Print (in the typeface `font`, lines broken as `breaks` says), scan and OCR one
    archive; return its pages and where each copy lies."""
    folder = tmp / noise
    files = archive_files(len(reports), k_max, noise)
    manifest = write_archive(folder, reports, files, seed=seed, font=font, breaks=breaks)
    where: dict[tuple[str, int], tuple[int, int]] = {}
    for spec, entry in zip(files, manifest.files):
        copy_no = int(spec.name.split("_c")[1].split("_")[0])
        for held in entry["copies"]:
            for page in range(held["first_page"], held["first_page"] + held["pages"]):
                where[(entry["files"][0], page)] = (held["report"], copy_no)
    paths = [folder / entry["files"][0] for entry in manifest.files]
    started = time.perf_counter()
    pages = list(iter_pages(paths, options))
    return Scanned(noise, json.loads(manifest.to_json())["reports"], pages, where,
                   sum(h["pages"] for e in manifest.files for h in e["copies"]), time.perf_counter() - started)


def read_archive(scanned: Scanned) -> Archive:
    """Return the archive's witness records keyed by (report, copy), read from its OCR'd pages."""
    records, failures = read_witnesses(iter(scanned.pages), load_template())
    archive = Archive(scanned.noise, scanned.truth, pages=scanned.n_pages, ocr_seconds=scanned.ocr_seconds)
    for failure in failures:
        print(f"  {scanned.noise}: {failure.error}", file=sys.stderr)
    for rec in records:
        key = scanned.where.get((Path(rec.witness.source).name, rec.witness.start.page))
        if key is not None and key not in archive.copies:
            archive.copies[key] = rec
    return archive


def majority_frames(per_copy: Sequence[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Return output tables made by plain majority: for each field the most common whole
    value among the copies' own readings, ties going to the earliest copy."""
    def pick(values: list) -> object:
        present = [v for v in values if v is not None and not (isinstance(v, float) and pd.isna(v))]
        if not present:
            return None
        counts = Counter(map(str, present))
        best = max(counts.values())
        return next(v for v in present if counts[str(v)] == best)

    docs = [f["documents"].iloc[0] for f in per_copy if len(f["documents"])]
    doc_row = {col: pick([d[col] for d in docs]) for col in ("project_code", *DOCUMENT_FIELDS, *FREE_TEXT[:2])}
    reports = pd.concat([f["progress_reports"] for f in per_copy if len(f["progress_reports"])] or [pd.DataFrame()])
    rows = []
    if len(reports):
        for number, same in reports.groupby("report_no", sort=True):
            rows.append({"project_code": doc_row["project_code"], "report_no": number,
                         **{col: pick(list(same[col])) for col in (*REPORT_FIELDS, "narrative")}})
    return {"documents": pd.DataFrame([doc_row]),
            "progress_reports": pd.DataFrame(rows, columns=["project_code", "report_no", *REPORT_FIELDS, "narrative"])}


@dataclass(frozen=True)
class Judged:
    """One output value judged against the truth, for the calibration table."""

    k: int
    field: str
    confidence: float
    needs_review: bool
    correct: bool
    rule: str
    method: str = PIPELINE
    key: tuple = ()
    held_out: bool = False
    value: str = ""
    truth: str = ""
    votes: str = ""

    @property
    def free_text(self) -> bool:
        return self.field in FREE_TEXT


def calibration_rows(truth: dict, frames: dict[str, pd.DataFrame], k: int, method: str = PIPELINE,
                     held_out: frozenset[str] = frozenset()) -> list[Judged]:
    """Return every value of one pipeline document that the truth knows (structured
    fields and free text, exact match), judged; a name is `held_out` when a part of the
    true name was held out of the dictionaries."""
    variants = frames["variants"]
    doc_ids = frames["documents"].loc[frames["documents"]["project_code"] == truth["project_code"], "doc_id"]
    out = []
    true_reports = {r["report_no"]: r for r in truth["reports"]}
    mine = variants[variants["doc_id"].isin(set(doc_ids))]
    for row in mine.itertuples():
        if pd.isna(row.report_no):
            if row.field in ("principle", "objectives"):
                want = " ".join(truth[row.field])
            elif row.field in truth:
                want = truth[row.field]
            else:
                continue
        else:
            report = true_reports.get(int(row.report_no))
            want = report[row.field] if report else None
        ok = want is not None and _same_value(want, row.value)
        unknown = row.field in NAME_FIELDS and any(part in held_out for part in str(want).split())
        key = (truth["project_code"], row.field, None if pd.isna(row.report_no) else int(row.report_no))
        out.append(Judged(k, row.field, float(row.confidence), bool(row.needs_review), ok, row.rule, method, key,
                          unknown, str(row.value), str(want), str(row.votes)))
    return out


def _same_value(want: object, got: object) -> bool:
    if isinstance(want, (int, float)):
        try:
            return abs(float(got) - float(want)) < 1e-9
        except (TypeError, ValueError):
            return False
    return " ".join(str(want).split()) == " ".join(str(got).split())


@dataclass
class Outcome:
    """Everything one archive gave: scores by (K, method), and calibration rows."""

    scores: dict[tuple[int, str], Score]
    calibration: list[Judged]


@dataclass
class Voters:
    """One voter per way of reconciling (built once: the language model is built on first use)."""

    plain: FieldVoter
    lm: FieldVoter
    mapped: FieldVoter
    held_out: frozenset[str] = frozenset()

    def reconcile(self, voter: FieldVoter, records: Sequence[WitnessRecord]) -> dict[str, pd.DataFrame]:
        return tables(reconcile_jobs(document_jobs(records), voter), [])


def evaluate(archive: Archive, ks: Sequence[int], voters: Voters) -> Outcome:
    """Score every method at every K on one archive (calibration: both pipelines), each
    report voted as in a run over the whole archive (its prints' line breaking and what
    its forms print learnt from every copy: run.learn_archive)."""
    for voter in (voters.plain, voters.lm, voters.mapped):
        learn_archive(voter, list(archive.copies.values()))
    singles: dict[tuple[int, int], dict[str, pd.DataFrame]] = {}
    single_scores: dict[tuple[int, int], Score] = {}
    for key, rec in archive.copies.items():
        singles[key] = voters.reconcile(voters.plain, [rec])
        single_scores[key] = score([archive.truth[key[0]]], singles[key])
    scores: dict[tuple[int, str], Score] = {}
    calibration = []
    for k in ks:
        total = {m: Score() for m in METHODS}
        for r, truth in enumerate(archive.truth):
            mine = [archive.copies[(r, c)] for c in range(k) if (r, c) in archive.copies]
            copy_scores = [single_scores[(r, c)] for c in range(k) if (r, c) in archive.copies]
            all_copies = [s for (rr, _), s in single_scores.items() if rr == r]
            total["single copy (median)"] += _median(all_copies)
            total["oracle best single copy"] += _oracle(copy_scores)
            total["plain majority"] += score([truth], majority_frames(
                [singles[(r, c)] for c in range(k) if (r, c) in archive.copies]))
            for method, voter in ((PLAIN, voters.plain), (PIPELINE, voters.lm), (MAPPED, voters.mapped)):
                frames = voters.reconcile(voter, mine)
                total[method] += score([truth], frames)
                if method != MAPPED:
                    calibration += calibration_rows(truth, frames, k, method, voters.held_out)
        for method, s in total.items():
            scores[(k, method)] = s
    return Outcome(scores, calibration)


def _median(scores: Sequence[Score]) -> Score:
    """The copy of median structured accuracy (ties by free-text CER)."""
    ranked = sorted(scores, key=lambda s: (s.structured, -s.cer))
    return _copy(ranked[(len(ranked) - 1) // 2]) if ranked else Score()


def _oracle(scores: Sequence[Score]) -> Score:
    """The best copy, judged by the truth: most structured values right, then lowest CER."""
    return _copy(max(scores, key=lambda s: (s.structured, -s.cer))) if scores else Score()


def _copy(s: Score) -> Score:
    out = Score()
    out += s
    return out


def held_out_names(reports: Sequence[ReportTruth]) -> frozenset[str]:
    """Return the given and family names of every third person named in the reports (in
    the order invented): names the bench holds out of the dictionaries."""
    people = [r.responsible_name for r in reports] + [r.coordinator_name for r in reports]
    held = set()
    for person in people[::3]:
        held.update(person.split()[-1:])
        held.update(_given(person))
    return frozenset(held)


def _given(person: str) -> list[str]:
    first = person.split()[0]
    for title in ("นางสาว", "น.ส.", "นาย", "นาง"):
        if first.startswith(title):
            return [first[len(title):]]
    return [first]


def without(dictionary: Dictionary, names: frozenset[str]) -> Dictionary:
    """Return `dictionary` with `names` removed from its person and family entries."""
    for kind in ("person", "family"):
        dictionary.entries[kind] -= names
    return dictionary


def cached_build(cache: Path | None, noise: str, reports: Sequence[ReportTruth], k_max: int, tmp: Path, seed: int,
                 options: Options, font: Path = FONT, breaks: str = "spaces") -> Archive:
    """Return the archive's witness records, its pages (printed in `font`, lines broken as
    `breaks` says) OCR'd again or taken from `cache` when the same reports were OCR'd
    there before in the same typeface and line breaking with the same OCR settings (every
    field of OcrSettings: a new re-read is a new setting) and Tesseract (the reading
    always runs; the OCR time printed is the first run's)."""
    if cache is None:
        return read_archive(scan(noise, reports, k_max, tmp, seed, options, font, breaks))
    settings = OcrSettings(lang=options.lang, dpi=options.dpi, preprocess=tuple(options.preprocess))
    reading = (*astuple(settings), tesseract_version(options.lang))
    printing = (noise, [r.project_code for r in reports], k_max, seed, reading)
    if font != FONT:
        printing += (font.stem,)
    if breaks != "spaces":
        printing += (breaks,)
    key = hashlib.sha256(repr(printing).encode()).hexdigest()[:16]
    path = cache / f"{noise}_{key}.pages.pickle"
    if path.exists():
        return read_archive(Scanned(**pickle.loads(path.read_bytes())))
    scanned = scan(noise, reports, k_max, tmp, seed, options, font, breaks)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(vars(scanned)))  # a dict: this module may run as __main__
    return read_archive(scanned)


def write_values(path: Path, outcomes: dict[str, Outcome], keep: Callable[[Judged], bool],
                 votes: bool = False) -> None:
    """Write the values of `outcomes` that `keep` selects with what was printed, one row
    each (and the votes JSON with `votes`): what to read when a figure moves."""
    rows = [{"noise": noise, "k": j.k, "method": j.method, "project_code": j.key[0], "field": j.field,
             "report_no": j.key[2], "rule": j.rule, "confidence": j.confidence, "needs_review": j.needs_review,
             "correct": j.correct, "value": j.value, "truth": j.truth, **({"votes": j.votes} if votes else {})}
            for noise, outcome in outcomes.items() for j in outcome.calibration if keep(j)]
    pd.DataFrame(rows).to_csv(path, index=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one noise level, 2 reports, K up to 3 (a few minutes)")
    ap.add_argument("--reports", type=int, default=None, help="reports per noise level")
    ap.add_argument("--ks", default=None, help="copies per report to score, comma-separated (default 1,2,3,5,8)")
    ap.add_argument("--ocr-cache", type=Path, default=None, help="folder keeping each archive's OCR'd pages")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=SEED,
                    help="random seed of the invented reports and their scans: another seed is another bench draw")
    ap.add_argument("--no-write", action="store_true", help="print the tables only; leave bench/RESULTS.md alone")
    ap.add_argument("--wrong", type=Path, default=None, metavar="CSV",
                    help="also write every wrong value (both pipelines, every K) with the truth and the votes JSON to "
                         "this CSV")
    ap.add_argument("--flagged", type=Path, default=None, metavar="CSV",
                    help="also write every value the pipeline flagged (every K), right or wrong, with the truth and "
                         "the votes JSON (its warnings say why) to this CSV")
    ap.add_argument("--font", default=FONT.stem, choices=sorted(p.stem for p in FONT.parent.glob("*.ttf")),
                    metavar="FACE", help=f"the typeface the reports are printed in, a file of {FONT.parent} "
                                         f"without .ttf (default {FONT.stem}): another face is another print")
    ap.add_argument("--breaks", default="spaces", choices=("spaces", "words"),
                    help="where printed lines may break: at spaces only (default), or at any word boundary as a "
                         "word processor or a browser sets Thai")
    args = ap.parse_args()
    levels = ("medium",) if args.quick else ("light", "medium", "heavy")
    ks = tuple(int(k) for k in args.ks.split(",")) if args.ks else (1, 2, 3) if args.quick else (1, 2, 3, 5, 8)
    n_reports = args.reports or (2 if args.quick else 4)
    options = Options(jobs=args.jobs, use_cache=False)
    rng = random.Random(args.seed)
    invented = {noise: [invent_report(rng) for _ in range(n_reports)] for noise in levels}
    held_out = held_out_names([r for reports in invented.values() for r in reports])
    template = load_template()
    voters = Voters(FieldVoter(template, without(load_dictionaries(), held_out), use_lm=False),
                    FieldVoter(template, without(load_dictionaries(), held_out)),
                    FieldVoter(template, without(load_dictionaries([MAPPINGS]), held_out)), held_out)
    outcomes, archives = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        for i, noise in enumerate(levels):
            scan_seed = (100 if args.seed == SEED else args.seed) + i
            archive = cached_build(args.ocr_cache, noise, invented[noise], max(ks), Path(tmp), scan_seed, options,
                                   FONT.with_stem(args.font), args.breaks)
            archives.append(archive)
            print(f"{noise}: {archive.pages} pages OCR'd in {archive.ocr_seconds:.0f} s, "
                  f"{len(archive.copies)} of {n_reports * max(ks)} copies found", file=sys.stderr)
            started = time.perf_counter()
            outcomes[noise] = evaluate(archive, ks, voters)
            print(f"{noise}: scored in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if args.wrong is not None:
        write_values(args.wrong, outcomes, lambda j: not j.correct, votes=True)
    if args.flagged is not None:
        write_values(args.flagged, outcomes, lambda j: j.method == PIPELINE and j.needs_review, votes=True)

    write_report(outcomes, archives, ks, quick=args.quick or args.no_write, command=" ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
