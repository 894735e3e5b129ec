"""frame_regression: a binomial GLM per frame, standard errors clustered by document."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.errors import DiscourseError
from discourse.stats import REGRESSION_COLUMNS, frame_regression
from tests.stats.synthetic import clustered_sentences


def _table() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    table = pd.concat(
        [
            clustered_sentences(rng, 40, mean_share=0.10, group="left"),
            clustered_sentences(rng, 40, mean_share=0.25, group="right"),
        ],
        ignore_index=True,
    )
    table["year"] = table["doc_id"].str.len() % 3 + 2018
    table.attrs["frames"] = ["victim", "ally"]
    return table


def test_estimates_are_the_glm_with_cluster_robust_errors():
    import statsmodels.api as sm

    table = _table()
    out = frame_regression(table, covariates=["outlet"], reference={"outlet": "left"})
    assert list(out.columns) == list(REGRESSION_COLUMNS)
    victim = out[out.frame == "victim"].set_index("term")
    y = table["frames"].map(lambda fs: "victim" in fs).astype(float).to_numpy()
    x = sm.add_constant((table["outlet"] == "right").astype(float).to_numpy())
    naive = sm.GLM(y, x, family=sm.families.Binomial()).fit()
    assert victim.loc["outlet[T.right]", "estimate"] == pytest.approx(naive.params[1])
    # clustering by document widens the errors: sentences of a document are alike
    assert victim.loc["outlet[T.right]", "std_error"] > 1.2 * naive.bse[1]
    assert victim.loc["outlet[T.right]", "odds_ratio"] == pytest.approx(np.exp(naive.params[1]))
    assert victim.loc["outlet[T.right]", "p_value"] < 0.05
    assert victim["n_documents"].iloc[0] == 80
    # a frame no sentence carries: one row saying so
    ally = out[out.frame == "ally"]
    assert len(ally) == 1 and "no sentence" in ally["note"].iloc[0]


def test_formula_and_covariates_agree():
    table = _table()
    a = frame_regression(table, covariates=["outlet", "year"], reference={"outlet": "left"}, frames=["victim"])
    b = frame_regression(table, "C(outlet, Treatment('left')) + year", frames=["victim"])
    assert a["estimate"].to_numpy() == pytest.approx(b["estimate"].to_numpy())
    assert a["std_error"].to_numpy() == pytest.approx(b["std_error"].to_numpy())


def test_separation_is_noted():
    table = _table()
    table.loc[table.outlet == "left", "frames"] = pd.Series([[] for _ in range(int((table.outlet == "left").sum()))], index=table.index[table.outlet == "left"])
    out = frame_regression(table, covariates=["outlet"], reference={"outlet": "left"}, frames=["victim"])
    assert out["note"].str.contains("separation").all()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({}, "pass formula="),
        ({"formula": "x", "covariates": ["outlet"]}, "not both"),
        ({"covariates": ["bias"]}, "no column 'bias'"),
        ({"formula": "C(nothing)"}, "formula: 'C\\(nothing\\)' could not be used"),
        ({"covariates": ["outlet"], "reference": {"outlet": "far"}}, "reference: 'far'"),
    ],
)
def test_regression_errors(kwargs, match):
    with pytest.raises(DiscourseError, match=match):
        frame_regression(_table(), **kwargs)
