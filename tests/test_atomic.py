import os
import stat

import pytest

from pipeline.atomic import atomic_write


def test_the_file_appears_whole_with_the_umask_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        path = atomic_write(tmp_path / "sub" / "a.csv", lambda h: h.write("x,y\n"))
    finally:
        os.umask(old)
    assert path.read_text() == "x,y\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


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
