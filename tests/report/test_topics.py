"""Figures of topics and key terms: sorted bars, labelled panels, readable with many groups,
the 5 % line on keyness, the score that chooses K and a warning on the edge of the range."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from discourse.errors import DiscourseError, DiscourseWarning  # noqa: E402
from discourse.report.style import MAX_HEIGHT, PALETTE, save_figure  # noqa: E402
from discourse.report.topics import (  # noqa: E402
    Z_CRITICAL,
    check_k_range,
    plot_k_selection,
    plot_keyness,
    plot_top_terms,
    plot_topic_prevalence,
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def top_terms():
    # ranked by relevance (rank), weights in another order
    return pd.DataFrame({
        "topic": [1, 1, 1, 2, 2, 2],
        "rank": [1, 2, 3, 1, 2, 3],
        "term": ["ally", "woman", "fight", "boy", "care", "learn"],
        "weight": [0.1, 0.3, 0.2, 0.5, 0.4, 0.6],
    })


def test_top_terms_are_sorted_by_the_value_drawn_and_titled_with_labels():
    labels = pd.DataFrame({"topic": [1, 2], "label": ["allies", "boys and care"]})
    axes = plot_top_terms(top_terms(), labels=labels)
    first, second = axes.flat[0], axes.flat[1]
    assert [t.get_text() for t in first.get_yticklabels()] == ["woman", "fight", "ally"]
    widths = [p.get_width() for p in first.patches]
    assert widths == sorted(widths, reverse=True)
    assert first.get_title() == "1: allies" and second.get_title() == "2: boys and care"
    assert first.get_xlabel() == "Term weight in topic"
    # without labels: the topic's three best terms by rank
    axes = plot_top_terms(top_terms())
    assert axes.flat[0].get_title() == "1: ally, woman, fight"


def test_top_terms_fit_a_page_with_many_topics():
    rows = [(t, r, f"t{t}w{r}", 1.0 / r) for t in range(1, 21) for r in range(1, 11)]
    axes = plot_top_terms(pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"]))
    assert axes.flat[0].figure.get_size_inches()[1] <= MAX_HEIGHT


def prevalence(groups, by="doc_id", topics=(1, 2, 3)):
    rows = []
    for i, g in enumerate(groups):
        for t in topics:
            s = 0.1 + 0.05 * ((i + t) % 5)
            rows.append({by: g, "topic": t, "label": f"label {t}", "share": s, "ci_low": s - 0.05, "ci_high": s + 0.05, "n_units": 5})
    return pd.DataFrame(rows)


def test_prevalence_of_many_documents_uses_panels_not_recycled_colours():
    groups = [f"doc{i:02d}" for i in range(20)]
    ax = plot_topic_prevalence(prevalence(groups))
    fig = ax.figure
    assert [a.get_title() for a in fig.axes] == ["1: label 1", "2: label 2", "3: label 3"]
    assert len(ax.get_yticklabels()) == 20
    colours = {to_hex(line.get_color()) for a in fig.axes for line in a.get_lines() if line.get_marker() == "o"}
    assert colours == {PALETTE[0].lower()}
    assert all(a.get_legend() is None for a in fig.axes)
    assert fig.get_size_inches()[1] <= MAX_HEIGHT


def _bands(ax):
    return [c for c in ax.collections if isinstance(c, PolyCollection)]


def test_prevalence_over_time_draws_lines_with_bands():
    ax = plot_topic_prevalence(prevalence([2018, 2019, 2020, 2021], by="year"))
    line = next(line for line in ax.get_lines() if line.get_marker() == "o")
    assert list(line.get_xdata()) == [2018, 2019, 2020, 2021]
    assert _bands(ax)  # the interval band
    assert ax.figure.get_supxlabel() == "year"
    # ISO dates in a column named date; and forced on with over_time
    ax = plot_topic_prevalence(prevalence(["2020-01-01", "2020-02-01"], by="date"))
    assert _bands(ax)
    ax = plot_topic_prevalence(prevalence(["2020", "2021"], by="wave"), over_time=True)
    assert _bands(ax)
    # a column not named like time stays groups
    ax = plot_topic_prevalence(prevalence([2018, 2019], by="outlet_code"))
    assert not _bands(ax)
    assert {t.get_text() for t in ax.get_yticklabels()} == {"2018", "2019"}
    with pytest.raises(DiscourseError, match="years or dates"):
        plot_topic_prevalence(prevalence(["left", "right"], by="side"), over_time=True)


def test_pooled_prevalence_is_one_panel():
    ax = plot_topic_prevalence(prevalence(["all documents"], by="corpus"))
    assert len(ax.figure.axes) == 1
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1: label 1", "2: label 2", "3: label 3"]


def keyness_table():
    z = [5.0, 3.0, 2.5, 1.5, 0.5, -1.0, -2.5, -4.0]
    return pd.DataFrame({"target": "a", "term": [f"w{i}" for i in range(len(z))], "z": z})


def test_keyness_marks_the_5_percent_line_and_sets_weaker_terms_apart():
    ax = plot_keyness(keyness_table(), n=10)
    xs = {round(float(line.get_xdata()[0]), 2) for line in ax.get_lines() if line.get_linestyle() == "--"}
    assert xs == {Z_CRITICAL, -Z_CRITICAL}
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7"]
    y = ax.get_yticks()
    gaps = np.diff(y)
    assert gaps[2] > 1 and gaps[5] > 1 and gaps[[0, 1, 3, 4, 6]].max() == 1  # a gap before and after the terms with |z| < 1.96
    grey = [to_hex(p.get_facecolor()) for p in ax.patches][3:6]
    assert len(set(grey)) == 1 and grey[0] not in (PALETTE[0].lower(), PALETTE[1].lower())
    assert any("not significant" in t.get_text() for t in ax.texts)
    assert ax.get_ylabel() == "Term" and "a vs rest" in ax.get_xlabel()


def k_table(chosen):
    ks = [3, 4, 5, 6]
    return pd.DataFrame({
        "k": ks,
        "coherence": [0.1, 0.2, 0.15, 0.05],
        "diversity": [1.0, 0.9, 0.9, 0.8],
        "exclusivity": [0.8, 0.85, 0.9, 0.95],
        "stability": [0.5, 0.6, 0.55, 0.4],
        "score": [0.33, 1.0, 0.67, 0.0],
        "chosen": [k == chosen for k in ks],
    })


def test_k_selection_plots_the_score_that_chooses_k():
    with warnings.catch_warnings():
        warnings.simplefilter("error", DiscourseWarning)
        axes = plot_k_selection(k_table(4))
    assert axes.shape == (2, 2)
    score = axes[0, 0]
    assert "score" in score.get_title().lower()
    assert list(score.get_lines()[0].get_ydata()) == [0.33, 1.0, 0.67, 0.0]
    assert score.figure._suptitle.get_text() == "Chosen K = 4"


def test_k_on_the_edge_of_the_range_warns():
    for chosen, word in ((6, "largest"), (3, "smallest")):
        with pytest.warns(DiscourseWarning, match=f"K = {chosen} is the {word} K tried"):
            axes = plot_k_selection(k_table(chosen))
        assert word in axes[0, 0].figure._suptitle.get_text()
    assert check_k_range(k_table(4)) is None
    message = check_k_range(k_table(6), warn=False)
    assert "--k 3-8" in message
    # a table of two Ks has no inside
    assert check_k_range(k_table(4).head(2), warn=False) is None


def test_topic_figures_are_byte_stable(tmp_path):
    for name, draw in (
        ("terms", lambda: plot_top_terms(top_terms()).flat[0]),
        ("prevalence", lambda: plot_topic_prevalence(prevalence(["a", "b"]))),
        ("keyness", lambda: plot_keyness(keyness_table())),
        ("k", lambda: plot_k_selection(k_table(4)).flat[0]),
    ):
        a = save_figure(draw(), tmp_path / "a" / name)
        b = save_figure(draw(), tmp_path / "b" / name)
        for pa, pb in zip(a, b, strict=True):
            assert pa.read_bytes() == pb.read_bytes(), (name, pa.suffix)
