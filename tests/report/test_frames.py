"""plot_frame_profile and plot_corpus_composition: what a journal figure needs."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from discourse.errors import DiscourseError  # noqa: E402
from discourse.report.frames import PROFILE_XLABEL, plot_corpus_composition, plot_frame_profile  # noqa: E402
from discourse.report.style import FRAME_COLOURS, MAX_HEIGHT, WIDTHS, save_figure  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def profile(groups=("a", "b"), frames=("ally", "victim"), n=4):
    rows = []
    for g in groups:
        for f, s in (*((f, 0.2) for f in frames), ("unframed", 0.6)):
            rows.append({"doc_id": g, "frame": f, "n": 1, "n_sentences": n, "share": s, "ci_low": s - 0.1, "ci_high": s + 0.1})
    return pd.DataFrame(rows)


def _dot_colours(ax):
    return {to_hex(line.get_color()) for line in ax.get_lines() if line.get_marker() == "o"}


def test_one_panel_per_frame_and_unframed_apart():
    ax = plot_frame_profile(profile())
    fig = ax.figure
    titles = [a.get_title() for a in fig.axes]
    assert titles == ["ally", "victim", "unframed"]
    assert fig.get_supxlabel() == PROFILE_XLABEL
    assert ax.get_ylabel() == "doc id"
    assert {t.get_text() for t in ax.get_yticklabels()} == {"a", "b"}
    # framed shares on their own scale (0.2 * 1.25 -> 0.25), the unframed share on 0-1
    assert fig.axes[0].get_xlim() == pytest.approx((0, 0.25))
    assert fig.axes[1].get_xlim() == pytest.approx((0, 0.25))
    assert fig.axes[2].get_xlim() == pytest.approx((0, 1))
    assert _dot_colours(fig.axes[0]) == {FRAME_COLOURS["ally"].lower()}
    assert _dot_colours(fig.axes[1]) == {FRAME_COLOURS["victim"].lower()}
    # no legend anywhere, so none over data; n beside the unframed panel
    assert all(a.get_legend() is None for a in fig.axes)
    assert [t.get_text() for t in fig.axes[2].texts] == ["4", "4", "n"]


def test_a_frame_the_codebook_adds_gets_its_own_colour():
    ax = plot_frame_profile(profile(frames=("ally", "beneficiary", "victim", "perpetrator", "provider")))
    provider = next(a for a in ax.figure.axes if a.get_title() == "provider")
    (colour,) = _dot_colours(provider)
    assert colour not in {c.lower() for c in FRAME_COLOURS.values()}


def test_many_documents_with_long_ids_fit_a_journal_page():
    ids = [f"document-{i:02d}-with-a-forty-character-identifier"[:40] for i in range(20)]
    ax = plot_frame_profile(profile(groups=ids))
    w, h = ax.figure.get_size_inches()
    assert w == WIDTHS["double"] and h <= MAX_HEIGHT
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert max(len(t) for t in labels) <= 28 and len(set(labels)) == 20
    w, h = plot_frame_profile(profile(groups=[f"d{i}" for i in range(300)])).figure.get_size_inches()
    assert h <= MAX_HEIGHT


def test_a_pooled_profile_is_one_panel_with_the_unframed_share_in_words():
    pooled = profile(groups=("all",)).rename(columns={"doc_id": "group"})
    ax = plot_frame_profile(pooled)
    assert len(ax.figure.axes) == 1
    assert [t.get_text() for t in ax.get_yticklabels()] == ["ally", "victim"]
    assert "unframed: 0.60" in ax.get_title(loc="left") and "n = 4" in ax.get_title(loc="left")
    assert ax.get_xlabel() == PROFILE_XLABEL
    assert tuple(ax.figure.get_size_inches())[0] == WIDTHS["single"]


def test_panels_go_into_the_grid_cell_of_a_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    first = plot_frame_profile(profile(), left)
    assert first.figure is fig
    assert right in fig.axes and left not in fig.axes
    assert len(fig.axes) == 4


def test_plot_needs_profile_columns():
    with pytest.raises(DiscourseError, match="missing column 'share'"):
        plot_frame_profile(pd.DataFrame({"doc_id": ["a"], "frame": ["ally"]}))
    with pytest.raises(DiscourseError, match="width must be one of"):
        plot_frame_profile(profile(), width="triple")


def test_figures_are_byte_stable(tmp_path):
    a = save_figure(plot_frame_profile(profile()), tmp_path / "a")
    b = save_figure(plot_frame_profile(profile()), tmp_path / "b")
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.suffix


def test_corpus_composition_caps_its_height():
    stats = pd.DataFrame({"doc_id": [f"doc-{i}" for i in range(80)], "n_sentences": range(80)})
    ax = plot_corpus_composition(stats)
    assert ax.figure.get_size_inches()[1] <= MAX_HEIGHT
    assert ax.get_yticklabels()[-1].get_text() == "doc-79"  # largest at the top
    with pytest.raises(DiscourseError, match="doc_id"):
        plot_corpus_composition(pd.DataFrame({"x": [1]}))
