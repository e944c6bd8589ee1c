"""The built language model and channel (correct.Corrector), kept beside the page cache.

Building the model from pythainlp's corpora and the dictionaries takes about a second,
which is most of a cached re-run of a small archive. It is stored pickled in the page
cache's folder under a key made of everything it is built from (this package's version,
pythainlp's, the channel table and every dictionary entry), so a changed dictionary or
channel builds a new one and a stale one is never read. The file is the user's own, in
the same folder as the OCR cache, and is trusted as that cache is. Each is some
megabytes, so storing one removes all but the KEEP_MODELS most recently used.

A process also keeps the last IN_PROCESS models it built or read, by the same key: a
second run in one process (the API called again, a notebook, the test suite) takes the
model as it is, its memo tables warm, instead of building or reading it again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import threading
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import __version__
from .channel import DATA_FILE, load_channel
from .correct import Corrector
from .lm import LanguageModel

logger = logging.getLogger(__name__)


KEEP_MODELS = 3  # stored models kept per folder: the newest by use (the current dictionaries' and a few before)
IN_PROCESS = 2  # models a process keeps in memory, the most recently used
MODEL_CODE = ("lm.py", "channel.py", "correct.py", "skeleton_index.py", "name_judge.py", "thai_script.py", "ordinals.py")  # the model's own code is part of its key


def model_key(entries: Sequence[str], channel_file: Path = DATA_FILE) -> str:
    """Return the key of the model built from `entries` and the channel at `channel_file`
    by this code."""
    try:
        pythainlp = version("pythainlp")
    except PackageNotFoundError:
        pythainlp = "?"
    digest = hashlib.sha256(f"{__version__}\0{pythainlp}\0".encode())
    for name in MODEL_CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    digest.update(channel_file.read_bytes())
    for entry in sorted(set(entries)):
        digest.update(entry.encode("utf-8") + b"\0")
    return digest.hexdigest()[:24]


def build_corrector(entries: Sequence[str]) -> Corrector:
    """Return a newly built model over `entries` and the shipped channel."""
    return Corrector(LanguageModel(list(entries)), load_channel())


def load_corrector(entries: Sequence[str], folder: Path | None) -> Corrector:
    """Return the model over `entries`: the one this process last used with the same data
    (then also stored in `folder` if it is not there yet), else read from `folder` when it
    holds one built from the same data, else built (and stored there for the next run
    when `folder` is given)."""
    key = model_key(entries)
    with _in_process_lock:  # threads of one process (the API, a Dask worker's) share the models
        corrector = _in_process.pop(key, None)
        if corrector is None:
            corrector = _read_or_build(entries, key, folder)
        elif folder is not None:
            _kept_in(_model_path(folder, key), corrector)
        _in_process[key] = corrector
        while len(_in_process) > IN_PROCESS:
            del _in_process[next(iter(_in_process))]
    return corrector


_in_process: dict[str, Corrector] = {}  # by model_key, the most recently used last
_in_process_lock = threading.Lock()


def _model_path(folder: Path, key: str) -> Path:
    """Return where the model of `key` is stored in `folder`."""
    return folder / f"language-model-{key}.pickle"


def _read_or_build(entries: Sequence[str], key: str, folder: Path | None) -> Corrector:
    """Return the model stored in `folder` under `key`, else a newly built one (stored there)."""
    if folder is None:
        return build_corrector(entries)
    path = _model_path(folder, key)
    try:
        with open(path, "rb") as fh:
            corrector = pickle.load(fh)
        if isinstance(corrector, Corrector):
            logger.debug("language model read from %s", path)
            _touch(path)
            return corrector
    except FileNotFoundError:
        pass
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError) as exc:
        logger.info("language model at %s unreadable (%s); built again", path, exc)
    corrector = build_corrector(entries)
    _store(corrector, path)
    return corrector


def _kept_in(path: Path, corrector: Corrector) -> None:
    """See that the model this process holds is stored at `path` too, for the next
    process: marked as used where it is, written where it is not."""
    if path.exists():
        _touch(path)
    else:
        _store(corrector, path)


def _store(corrector: Corrector, path: Path) -> None:
    """Write the model to `path` atomically; a folder that cannot be written costs only
    the saving, never the run."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".language-model-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(corrector, fh, pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        logger.debug("language model stored at %s", path)
        _prune(path.parent)
    except OSError as exc:
        logger.info("language model not stored at %s (%s)", path, exc)
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _touch(path: Path) -> None:
    """Mark a stored model as just used, so pruning keeps it (a read-only folder: no matter)."""
    try:
        os.utime(path)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    """Remove the stored models of `folder` but the KEEP_MODELS last used (by mtime): each
    changed dictionary or release stores a new one, and the old ones would pile up."""
    models = []
    for path in folder.glob("language-model-*.pickle"):
        try:
            models.append((path.stat().st_mtime, path))
        except OSError:
            continue
    for _, path in sorted(models, reverse=True)[KEEP_MODELS:]:
        try:
            path.unlink()
            logger.debug("old language model %s removed", path)
        except OSError as exc:
            logger.info("old language model %s not removed (%s)", path, exc)
