from __future__ import annotations

import pandas as pd
import pytest

from discourse.errors import OutputError
from discourse.io import prepare_output_dir, write_csv, write_json


def test_prepare_output_dir_accepts_new_empty_and_same_corpus(tmp_path):
    out = prepare_output_dir(tmp_path / "new", "abc")
    assert out.is_dir()
    write_json({"corpus": {"fingerprint": "abc"}}, out / "run.json")
    assert prepare_output_dir(out, "abc") == out
    with pytest.raises(OutputError, match="holds results from another corpus"):
        prepare_output_dir(out, "xyz")
    assert prepare_output_dir(out, "xyz", overwrite=True) == out


def test_output_path_that_is_a_file(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(OutputError, match="is not a folder"):
        prepare_output_dir(f, "abc")


def test_write_csv_is_atomic_and_leaves_no_temp_files(tmp_path):
    path = write_csv(pd.DataFrame({"a": [1, 2]}), tmp_path / "t.csv")
    assert path.read_text() == "a\n1\n2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_write_csv_writes_floats_as_pandas_does(tmp_path):
    import numpy as np

    rng = np.random.default_rng(0)
    n = 3000
    counts = rng.integers(0, 5, n).astype(float)
    counts[::7] = np.nan
    odd = np.array([0.0, -0.0, 1e-05, 1e20, np.inf, -np.inf, 0.1, 2.5, np.nan, 123456789.125] * (n // 10))
    df = pd.DataFrame({
        "doc_id": [f"d{i % 40}" for i in range(n)],
        "count": counts,
        "odd": odd,
        "share": rng.random(n),
        "n": np.arange(n),
        "label": ["a, b" if i % 3 else None for i in range(n)],
    })
    path = write_csv(df, tmp_path / "t.csv")
    assert path.read_bytes() == df.to_csv(index=False, lineterminator="\n").encode("utf-8")
    assert b"-0.0" in path.read_bytes() and b",inf," in path.read_bytes()
    assert df["count"].dtype == float  # the caller's frame is left as it was


def test_a_failed_write_names_the_file_keeps_the_old_one_and_leaves_no_temporary(tmp_path, monkeypatch):
    import errno
    import os

    from discourse.io import atomic_write

    target = tmp_path / "figure.png"
    target.write_bytes(b"the good figure")
    real = os.fdopen

    class Half:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")  # as write() says it: no name

    monkeypatch.setattr("discourse.io.os.fdopen", lambda fd, mode: Half(real(fd, mode)))
    with pytest.raises(OSError, match="No space left on device") as exc:
        atomic_write(target, b"x" * 1000)
    assert exc.value.errno == errno.ENOSPC and exc.value.filename == str(target)  # not the temporary file
    assert target.read_bytes() == b"the good figure"
    assert [p.name for p in tmp_path.iterdir()] == ["figure.png"]
    monkeypatch.undo()
    with pytest.raises(PermissionError, match="Permission denied") as exc:
        monkeypatch.setattr("discourse.io.tempfile.mkstemp", lambda **kw: (_ for _ in ()).throw(PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".tmp-1.png"))))
        atomic_write(target, b"new")
    assert exc.value.filename == str(target)


def test_file_mode_reads_the_umask_without_setting_it(monkeypatch):
    """Issue 17 item 5: setting the umask to read it changed it, for an instant, for every thread."""
    import os
    from pathlib import Path

    import discourse.io as dio

    if not Path("/proc/self/status").is_file():
        pytest.skip("no /proc/self/status: the umask is read once per process instead")
    old = os.umask(0o027)
    calls = []
    monkeypatch.setattr(dio.os, "umask", lambda mask: calls.append(mask) or 0o022)
    try:
        assert dio._file_mode() == 0o640
    finally:
        monkeypatch.undo()
        os.umask(old)
    assert calls == []


def test_file_mode_without_proc_sets_the_umask_once_per_process(monkeypatch):
    import os

    import discourse.io as dio

    real_read_text = dio.Path.read_text

    def no_proc(self, *args, **kwargs):
        if str(self).startswith("/proc/"):
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return real_read_text(self, *args, **kwargs)

    calls = []
    real_umask = os.umask
    monkeypatch.setattr(dio.Path, "read_text", no_proc)
    monkeypatch.setattr(dio.os, "umask", lambda mask: calls.append(mask) or real_umask(mask))
    dio._umask_mode.cache_clear()
    try:
        modes = {dio._file_mode() for _ in range(5)}
    finally:
        dio._umask_mode.cache_clear()
    assert len(modes) == 1 and len(calls) == 2  # set and put back, once
