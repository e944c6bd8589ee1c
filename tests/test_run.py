"""A run on the local process pool writes the same bytes as a run in one process."""

import random
import sys
from pathlib import Path

import pytest

from pipeline.template import load_template

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))

TABLES = ("documents.csv", "progress_reports.csv", "variants.csv", "failures.csv")
NOISE = {"ด": "ต", "บ": "ป", "ี": "ิ", "่": "", "0": "o"}


def _noisy(text: str, rng: random.Random) -> str:
    """`text` with a few characters misread, as OCR would, so the copies disagree."""
    return "".join(NOISE.get(ch, ch) if rng.random() < 0.02 else ch for ch in text)


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """Eight invented reports, three noisy copies each, two reports to a file, and a file
    with no copy in it (a failures.csv row)."""
    from generate import TITLE, form_lines, invent_report

    folder = tmp_path_factory.mktemp("in")
    rng = random.Random(5)
    reports = [form_lines(invent_report(rng)) for _ in range(8)]
    for n in range(0, len(reports), 2):
        text = [ln for lines in reports[n:n + 2] for _ in range(3) for ln in (TITLE, *(_noisy(x, rng) for x in lines))]
        (folder / f"r{n}.txt").write_text("\n".join(text), encoding="utf-8")
    (folder / "empty.txt").write_text("ไม่มีรายงาน\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def in_one_process(archive, tmp_path_factory) -> Path:
    from pipeline import api

    out = tmp_path_factory.mktemp("one")
    api.reconcile([archive], out=out, jobs=1, keep_tables=False)
    return out


def test_the_pool_reads_and_reconciles_to_the_same_bytes(archive, in_one_process, tmp_path, monkeypatch):
    """Copies read and reports reconciled by two workers, one copy and one report per task
    (so tasks finish out of order), give the tables of a run in one process, byte for byte."""
    from pipeline import batches, copies, executor, executor_choice, run
    from pipeline.api import reconcile

    monkeypatch.setattr(copies, "COPIES_PER_TASK", 1)
    monkeypatch.setattr(batches, "POOL_BATCH_DOCUMENTS", 1)
    pools: list[executor.LocalPool] = []
    make = executor_choice.make_executor
    monkeypatch.setattr(run, "make_executor", lambda *a, **k: pools.append(make(*a, **k)) or pools[-1])
    result = reconcile([archive], out=tmp_path, jobs=2, keep_tables=True)
    assert isinstance(pools[0], executor.LocalPool) and len(pools[0].worker_pids()) == 2  # the pool did the work
    assert result.n_documents == 8 and len(result.reconciled) == 8
    for name in TABLES:
        assert (tmp_path / name).read_bytes() == (in_one_process / name).read_bytes(), name
    assert list(result.documents["doc_id"]) == [d.doc_id for d in result.reconciled]


def test_the_review_page_shortlists_the_same_reports_from_the_pool(archive, in_one_process, tmp_path, monkeypatch):
    """The page's reports, chosen from documents that came back pickled, are those a run
    in one process chooses, in the same order."""
    from pipeline import batches, run
    from pipeline.api import reconcile

    monkeypatch.setattr(batches, "POOL_BATCH_DOCUMENTS", 3)
    monkeypatch.setattr(run, "REVIEW_DOCUMENTS", 3)
    reconcile([archive], out=tmp_path / "pool", jobs=2, keep_tables=False)
    reconcile([archive], out=tmp_path / "one", jobs=1, keep_tables=False)
    pages = [(tmp_path / d / "report.html").read_text(encoding="utf-8") for d in ("pool", "one")]
    assert pages[0] == pages[1] and "5 more are in the CSV files" in pages[0]



def test_the_review_page_is_the_same_when_late_tasks_send_back_fewer_reports(archive, tmp_path, monkeypatch):
    """With more tasks than the pool's window, tasks made once the shortlist is full carry
    its cutoff; the page is still the one a run in one process makes."""
    from pipeline import batches, run
    from pipeline.api import reconcile

    monkeypatch.setattr(batches, "POOL_BATCH_DOCUMENTS", 1)  # eight tasks, more than the pool's window
    monkeypatch.setattr(run, "REVIEW_DOCUMENTS", 2)
    reconcile([archive], out=tmp_path / "one", jobs=1, keep_tables=False)
    reconcile([archive], out=tmp_path / "pool", jobs=2, keep_tables=False)
    pages = [(tmp_path / d / "report.html").read_text(encoding="utf-8") for d in ("pool", "one")]
    assert pages[0] == pages[1] and "6 more are in the CSV files" in pages[0]


def test_a_batch_sends_back_only_the_reports_ranking_before_the_cutoff():
    from pipeline.batches import ReviewShortlist, batch_result
    from pipeline.model import Candidate, ReconciledDocument, Resolved

    def doc(doc_id: str, to_review: int) -> ReconciledDocument:
        fields = {f"f{i}": Resolved(f"f{i}", "x", 0.5 if i < to_review else 1.0, "weighted", i < to_review,
                                    (Candidate("x", 1.0, ("a#1",)),)) for i in range(4)}
        return ReconciledDocument(doc_id, fields, (), ("a#1",), ("a.txt",))

    first = batch_result([doc("A", 3), doc("B", 1)], pack=True, template=load_template())
    shortlist = ReviewShortlist(2)
    shortlist.add(first)
    assert shortlist.cutoff() == (-1, "B")
    late = batch_result([doc("C", 0), doc("D", 2), doc("E", 1)], pack=True, template=load_template(),
                        cutoff=shortlist.cutoff())
    assert [d is not None for d in late.docs] == [False, True, False]  # E ranks after B: (-1, "E") > (-1, "B")
    assert late.to_review == (0, 2, 1) and len(late.rows["documents"]) == 3  # every report's rows still come
    shortlist.add(late)
    assert [d.doc_id for d in shortlist.documents()] == ["A", "D"]


def test_the_archive_prints_what_copies_of_half_its_reports_read_however_often_one_was_scanned():
    from pipeline.model import Reading, Where, Witness, WitnessRecord
    from pipeline.run import archive_fields

    where = Where("a.txt", 1, 1)

    def copy(wid, code, names):
        fields = {"project_code": Reading("project_code", code, code, wid, where, 1.0)} if code else {}
        return WitnessRecord(Witness(wid, "a.txt", where, {}), fields, (), (), fields_read=frozenset(names))

    seed = [copy(f"s#{i}", "50210000-3491", {"project_code", "strategy_goal", "report.narrative"}) for i in range(4)]
    others = [copy("a#1", "46125503-6960", {"project_code", "report.narrative"}),
              copy("b#1", "84765312-6961", {"project_code"})]
    assert archive_fields([*seed, *others], "project_code") == {"project_code", "report.narrative"}
    assert archive_fields([*seed, others[0]], "project_code") == {"project_code", "strategy_goal", "report.narrative"}
    no_code = copy("c#1", None, {"strategy_goal"})
    assert archive_fields([*seed, others[1], no_code], "project_code") == {"project_code", "strategy_goal"}


def test_the_archive_marks_a_phrase_with_paiyannoi_once_two_copies_read_it_so():
    """One copy's slip ("ต่าง ฯ" for "ต่าง ๆ", a mark misread) is no print; a mark after a
    space is not counted at all, glued or opening the next line it is."""
    from pipeline.model import Line, Where, Witness, WitnessRecord
    from pipeline.run import archive_marked_phrases
    from pipeline.wraps import printed_copy

    def record(n, *texts):
        lines = [Line(t, Where(f"c{n}.pdf", 1, i, (200, 100 * i, 2300, 100 * i + 60))) for i, t in enumerate(texts, 1)]
        witness = Witness(f"c{n}.pdf#1", f"c{n}.pdf", Where(f"c{n}.pdf", 1, 1), {}, 1.0)
        return WitnessRecord(witness, {}, (), (), marked_phrases=printed_copy(lines).phrases_marked())

    one = [record(0, "ขออนุมัติโครงการฯ", "หน่วยงานต่าง ฯ")]
    assert archive_marked_phrases(one) == frozenset()
    two = [*one, record(1, "ขออนุมัติโครงการ", "ฯ หน่วยงานต่าง ฯ")]
    assert archive_marked_phrases(two) == frozenset({"ขออนุมัติโครงการ"})


def test_the_archive_learns_how_its_print_spaces_a_line_ends_words_alike_from_records_and_from_the_spill(
        template, dictionary):
    """The archive's lines decide a guessed line end's space (line_end_spacing), whether
    the copies are in memory or only their grouping views are, the rest on disk."""
    from pipeline.document import FieldVoter
    from pipeline.model import Where, Witness, WitnessRecord
    from pipeline.run import learn_archive
    from pipeline.spill import RecordSpill

    def record(n, text, guessed=()):
        witness = Witness(f"c{n}.pdf#1", f"c{n}.pdf", Where(f"c{n}.pdf", 1, 1), {}, 1.0)
        return WitnessRecord(witness, {}, (), (), unconfirmed_spaces=guessed, line_texts=text)

    records = [record(0, "งานเรียบร้อยแล้ว\nและสรุปผล", ("แล้ว และ",)),
               record(1, "จัดประชุมเรียบร้อยแล้ว และรายงานผล\nคุณภาพอย่างต่อเนื่อง"),
               record(2, "จัดซื้อวัสดุเรียบร้อยแล้ว และส่งมอบ", ("คุณภาพ อย่าง",))]
    in_memory = FieldVoter(template, dictionary, use_lm=False)
    learn_archive(in_memory, records)
    assert in_memory.archive_spacing == {"แล้ว และ": (0, 2)}  # "คุณภาพอย่าง" once: as never seen
    spilled = FieldVoter(template, dictionary, use_lm=False)
    with RecordSpill() as spill:
        learn_archive(spilled, [spill.add(r) for r in records], spill)
    assert spilled.archive_spacing == in_memory.archive_spacing
