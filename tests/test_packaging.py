"""A regular (not editable) install, run from another folder, gives the checkout's outputs:
the bundled dictionaries are package data. Slow (builds and installs the package)."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "text"
TABLES = ("documents", "progress_reports", "variants", "failures")


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    return p


def test_an_installed_copy_gives_the_checkouts_tables_byte_for_byte(tmp_path):
    venv = tmp_path / "fresh"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    python = venv / "bin" / "python"
    # This environment's pip installs into the fresh one (its --python), which so needs no pip of its own.
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(ROOT)], tmp_path)
    # The dependencies come from this environment; the package itself only from the install.
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path)
                .stdout.strip())
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    where = run([str(python), "-c", "import pipeline; print(pipeline.__file__)"], tmp_path).stdout
    assert str(site) in where and str(ROOT) not in where
    installed = run([str(python), "-c", "import pipeline.dictionary as d; print(sorted(p.name for p in d.DEFAULT_DIR.glob('*.txt')))"],
                    tmp_path).stdout
    assert "given_names.txt" in installed and "bma_agencies.txt" in installed
    run([str(python), "-m", "pipeline", str(SAMPLES), "--out", str(tmp_path / "installed"), "--no-report"], tmp_path)
    run([sys.executable, "-m", "pipeline", str(SAMPLES), "--out", str(tmp_path / "checkout"), "--no-report"], ROOT)
    for table in TABLES:
        name = f"{table}.csv"
        assert (tmp_path / "installed" / name).read_bytes() == (tmp_path / "checkout" / name).read_bytes(), table
