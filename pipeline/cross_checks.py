"""A document's values checked against its other parts: the dates its progress reports
can bear, from the project's own start and end, and the total spent, against the
reports' spent figures that add up to it. pipeline.document applies both."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .model import ReconciledReport, Resolved
from .values import plain_number
from .vote import TIE_CONFIDENCE

REPORT_LEAD, REPORT_LAG = timedelta(days=62), timedelta(days=366)
SUM_CONFIDENCE = 0.9


def report_window(fields: dict[str, Resolved], bounds: tuple[str, str] | None) -> tuple[str, str] | None:
    """Return the ISO dates a progress report can bear: from REPORT_LEAD before the
    project starts to REPORT_LAG after it ends (reports are filed late); None when the
    project's own dates are unknown. `bounds` names the document fields holding those
    dates (the template's ProgressSpec.window; None: the template sets no bound)."""
    if bounds is None:
        return None
    start, end = fields.get(bounds[0]), fields.get(bounds[1])
    if start is None or end is None or not start.value or not end.value:
        return None
    first = date.fromisoformat(str(start.value)) - REPORT_LEAD
    last = date.fromisoformat(str(end.value)) + REPORT_LAG
    return first.isoformat(), last.isoformat()


def check_total(resolved: Resolved, reports: Sequence[ReconciledReport], column: str) -> Resolved:
    """Return the vote on a document's total spent (`resolved`) checked against the
    reports' spent figures (`column`), which on the form add up to it, or, printed as a
    running total, end at it. Where the vote chose another reading, a copy's reading
    that agrees wins (rule "sum": two parts of the form agree, which a digit misread in
    most copies cannot fake; SUM_CONFIDENCE), when no figure is itself in doubt (needs
    review); otherwise a total that agrees with neither is kept and flagged. Nothing is
    checked unless every report from 1 on has its figure: a report every copy lost
    would leave the sum short."""
    figures = [rep.fields.get(column) for rep in reports]
    if not reports or [rep.report_no for rep in reports] != list(range(1, len(reports) + 1)) \
            or any(f is None or f.value is None for f in figures):
        return resolved
    total, last = _satang(sum(float(f.value) for f in figures)), _satang(figures[-1].value)
    if resolved.value is not None and _satang(resolved.value) in (total, last):
        return resolved
    agreeing = [c.value for c in resolved.candidates if _satang(c.value) in (total, last)]
    if agreeing and not any(f.needs_review for f in figures):
        return replace(resolved, value=agreeing[0], rule="sum", voted=resolved.value, confidence=SUM_CONFIDENCE,
                       needs_review=False)
    said = f"the progress reports' spent figures add up to {plain_number(Decimal(str(total))):,}"
    return replace(resolved, needs_review=True, confidence=min(resolved.confidence, TIE_CONFIDENCE),
                   warnings=(*resolved.warnings, said))


def _satang(baht: Any) -> float:
    """Return an amount of baht to the satang, so sums of floats compare as printed."""
    return round(float(baht), 2)
