"""Run settings (Options), checked once when they are made, for the API and the CLI alike."""

from __future__ import annotations

import os
from dataclasses import dataclass
from numbers import Integral, Real
from pathlib import Path

from .crops import DEFAULT_MAX_PAGES as DEFAULT_CROP_PAGES
from .errors import UsageError
from .ocr import DEFAULT_PAGE_TIMEOUT
from .preprocess import DEFAULT_STEPS, parse_steps
from .template import DEFAULT_TEMPLATE
from .text_layer import MODES as TEXT_LAYER_MODES

EXECUTORS = ("local", "dask")
MIN_DPI = 50


@dataclass(frozen=True)
class Options:
    """Run settings shared by the API and the CLI (OCR settings apply to scanned inputs).

    `keep_tables=False` (the CLI's choice) keeps memory bounded on a large archive: the
    tables are written to the --out folder batch by batch and not returned whole.
    `crop_pages` caps the scanned pages rasterised per run for the review page's crops
    (0: no crops; see pipeline.crops). `executor` None means local, or dask when a
    `scheduler` is given. `preprocess` may be a comma-separated string, as on the
    command line. `text_layer` "use" reads a PDF page from its own text layer when that
    holds Thai text; "ignore", the default, OCRs every page (pipeline.text_layer).
    `use_lm=False` turns the language model and OCR channel off: text is then decided
    by the copies' weights alone (docs/language-model.md).
    Bad values raise UsageError naming the command-line option.
    """

    template: str | Path = DEFAULT_TEMPLATE
    dictionaries: tuple[str | Path, ...] = ()
    jobs: int | None = None
    lang: str = "tha+eng"
    dpi: int = 300
    preprocess: tuple[str, ...] | str = DEFAULT_STEPS
    cache: str | Path | None = None
    use_cache: bool = True
    progress: bool = False
    corrections: str | Path | None = None
    learn: str | Path | None = None
    report: bool = True
    executor: str | None = None
    scheduler: str | None = None
    page_timeout: float = DEFAULT_PAGE_TIMEOUT
    raw_csv: bool = False
    keep_tables: bool = True
    crop_pages: int = DEFAULT_CROP_PAGES
    text_layer: str = "ignore"
    use_lm: bool = True

    def __post_init__(self) -> None:
        for name, value in _checked(self).items():
            object.__setattr__(self, name, value)

    @property
    def workers(self) -> int:
        """The number of parallel workers: `jobs`, or this machine's cores when unset."""
        return self.jobs or os.cpu_count() or 1


def _checked(o: Options) -> dict[str, object]:
    """Return the normalised values of `o`'s fields that need it; raise UsageError for a
    value no run can use."""
    for name, kind in (("jobs", Integral), ("dpi", Integral), ("crop_pages", Integral), ("page_timeout", Real)):
        value = getattr(o, name)
        if (value is not None or name != "jobs") and (isinstance(value, bool) or not isinstance(value, kind)):
            raise UsageError(f"--{name.replace('_', '-')} must be {'a number' if kind is Real else 'a whole number'}, "
                             f"not {value!r}")
    if o.jobs is not None and o.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {o.jobs}")
    if o.dpi < MIN_DPI:
        raise UsageError(f"--dpi must be at least {MIN_DPI}, not {o.dpi}")
    if o.page_timeout < 0:
        raise UsageError(f"--page-timeout must be 0 (no limit) or more seconds, not {o.page_timeout}")
    if o.crop_pages < 0:
        raise UsageError(f"--crop-pages must be 0 (no crops) or more pages, not {o.crop_pages}")
    if o.text_layer not in TEXT_LAYER_MODES:
        raise UsageError(f"--text-layer must be {' or '.join(TEXT_LAYER_MODES)}, not {o.text_layer!r}")
    if o.executor not in (None, *EXECUTORS):
        raise UsageError(f"unknown executor {o.executor!r}; expected {' or '.join(EXECUTORS)}")
    if o.scheduler and o.executor == "local":
        raise UsageError("--scheduler sends the work to a Dask cluster: it cannot be used with --executor local")
    steps = o.preprocess if isinstance(o.preprocess, str) else ",".join(o.preprocess) or "none"
    try:
        preprocess = parse_steps(steps)
    except ValueError as exc:
        raise UsageError(f"--preprocess: {exc}") from None
    dictionaries = (o.dictionaries,) if isinstance(o.dictionaries, (str, Path)) else tuple(o.dictionaries)
    return {"preprocess": preprocess, "dictionaries": dictionaries,
            "executor": o.executor or ("dask" if o.scheduler else "local")}
