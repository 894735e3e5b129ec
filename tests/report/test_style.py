from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from discourse.report.style import PALETTE, new_figure, save_figure  # noqa: E402


def _figure():
    fig, ax = new_figure("single")
    ax.bar(["ally", "victim"], [0.5, 0.2], color=PALETTE[:2])
    ax.set_xlabel("frame")
    ax.set_ylabel("share")
    return fig


def test_journal_widths():
    fig, _ = new_figure("double", 3.0)
    assert tuple(fig.get_size_inches()) == (7.2, 3.0)
    with pytest.raises(ValueError, match="width must be one of"):
        new_figure("triple")


def test_save_figure_is_byte_stable(tmp_path):
    a = save_figure(_figure(), tmp_path / "a" / "fig.pdf")
    b = save_figure(_figure(), tmp_path / "b" / "fig")
    assert [p.suffix for p in a] == [".pdf", ".svg", ".png"]
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.suffix
    assert b"CreationDate" not in a[0].read_bytes()
    with pytest.raises(ValueError, match="formats"):
        save_figure(_figure(), tmp_path / "c", formats=("gif",))
