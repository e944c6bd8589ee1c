"""The public Python API: `reconcile(inputs, ...)` returns the output tables as DataFrames.

`cli.py` is a thin shell around this; anything a script can do with the command line it
can do here, and more (the reconciled documents themselves are on the Result). The run
itself is pipeline.run; the settings and their checks are pipeline.options.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import fields, replace
from pathlib import Path

from .errors import UsageError
from .options import Options
from .run import Result, run

__all__ = ["Options", "Result", "UsageError", "reconcile"]


def reconcile(
    inputs: str | os.PathLike | Iterable[str | os.PathLike], out: str | Path | None = None,
    options: Options | None = None, **kwargs,
) -> Result:
    """Reconcile every report found in `inputs` (a file or folder, or several) and return
    the tables.

    When `out` is given the four CSV files are written there too, and the review page
    report.html unless options.report is False. Keyword arguments are Options fields
    (template, dictionaries, jobs, lang, dpi, preprocess, cache, use_cache, progress,
    corrections, learn, report, executor, scheduler, page_timeout, raw_csv, keep_tables,
    crop_pages, text_layer, use_lm); given with `options`, they override its fields (the caller's Options
    object is not changed).
    Raises UsageError for bad arguments (an unknown keyword among them); a bad input
    file only adds a failure row.
    """
    _check_keywords(kwargs)
    options = replace(options, **kwargs) if options is not None else Options(**kwargs)
    one = isinstance(inputs, (str, os.PathLike)) or not isinstance(inputs, Iterable)  # one that is no path: refused
    paths = [inputs] if one else list(inputs)
    if not all(isinstance(p, (str, os.PathLike)) for p in paths):
        raise UsageError(f"reconcile() reads a file or folder, or a list of them, not {inputs!r}")
    return run(paths, Path(out) if out is not None else None, options)


def _check_keywords(kwargs: dict[str, object]) -> None:
    """Raise UsageError naming any keyword that is no Options field, and the valid ones
    (a misspelt setting must not be a TypeError from deep inside dataclasses)."""
    valid = [f.name for f in fields(Options)]
    unknown = [name for name in kwargs if name not in valid]
    if unknown:
        raise UsageError(f"reconcile() got unknown setting(s) {', '.join(map(repr, unknown))}; "
                         f"the settings are {', '.join(valid)}")
