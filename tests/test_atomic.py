import os
import stat
import subprocess
import sys
import threading

import pytest

from pipeline.atomic import atomic_write


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_the_file_appears_whole_with_the_umask_permissions(tmp_path, umask, mode):
    path = tmp_path / "sub" / "a.csv"
    write = f"from pathlib import Path; from pipeline.atomic import atomic_write; atomic_write(Path({str(path)!r}), lambda h: h.write('x,y\\n'))"
    subprocess.run([sys.executable, "-c", write], check=True, umask=umask)  # this process's umask is left alone
    assert path.read_text() == "x,y\n"
    assert _mode(path) == mode


def test_a_file_another_thread_creates_during_a_write_gets_the_usual_permissions(tmp_path, monkeypatch):
    (tmp_path / "before").touch()
    usual = _mode(tmp_path / "before")
    created_meanwhile = []
    real_umask = os.umask

    def umask_then_another_thread_creates_a_file(mask: int) -> int:
        old = real_umask(mask)
        probe = tmp_path / f"meanwhile-{len(created_meanwhile)}"
        worker = threading.Thread(target=probe.touch)
        worker.start()
        worker.join()
        created_meanwhile.append(_mode(probe))
        return old

    monkeypatch.setattr(os, "umask", umask_then_another_thread_creates_a_file)
    atomic_write(tmp_path / "a.csv", lambda h: h.write("x\n"))
    assert all(mode == usual for mode in created_meanwhile), [oct(m) for m in created_meanwhile]
    assert _mode(tmp_path / "a.csv") == usual


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("old\n")

    def boom(handle):
        handle.write("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, boom)
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]
