"""Frame use as a function of covariates: :func:`frame_regression` (a binomial GLM per frame with
standard errors clustered by document, in the spirit of stm's ``estimateEffect``).

Methods
-------
For each frame, a logistic regression (statsmodels GLM, binomial family, logit link) of
"the sentence carries the frame" (0/1) on the covariates, over the sentences that mention men.
Standard errors are cluster-robust by document (statsmodels ``cov_type="cluster"``: the
sandwich estimator with the small-sample correction ``G/(G-1) * (N-1)/(N-K)``), because
sentences of one document are not independent; tests and intervals use the normal
distribution. Coefficients are log odds ratios (``odds_ratio = exp(estimate)``). Categorical
covariates are dummy-coded against a reference level (default the most frequent). When a frame
never (or always) occurs in a level, the estimates diverge (separation): such rows carry a
``note`` and should not be read.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import DiscourseError
from .bootstrap import check_sentences, frame_matrix, frame_names

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["REGRESSION_COLUMNS", "frame_regression"]

#: Columns of :func:`frame_regression`.
REGRESSION_COLUMNS: tuple[str, ...] = (
    "frame",
    "term",
    "estimate",
    "std_error",
    "z",
    "p_value",
    "ci_low",
    "ci_high",
    "odds_ratio",
    "n_sentences",
    "n_documents",
    "note",
)


def _design(data: pd.DataFrame, covariates: Sequence[str], reference: Mapping[str, Any]) -> pd.DataFrame:
    """A design matrix with an intercept: numbers as they are, other columns dummy-coded."""
    import pandas as pd

    parts = [pd.Series(1.0, index=data.index, name="Intercept")]
    for col in covariates:
        values = data[col]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            parts.append(values.astype(float).rename(col))
            continue
        levels = values.astype(str)
        counts = levels.value_counts()
        ref = str(reference[col]) if col in reference else sorted(counts.index, key=lambda v: (-counts[v], v))[0]
        if ref not in counts.index:
            raise DiscourseError(f"reference: {reference[col]!r} is not a level of {col!r}; choose one of {', '.join(sorted(counts.index))}")
        for level in sorted(counts.index):
            if level != ref:
                parts.append((levels == level).astype(float).rename(f"{col}[T.{level}]"))
    return pd.concat(parts, axis=1)


def frame_regression(
    sentences: pd.DataFrame,
    formula: str | None = None,
    *,
    covariates: Sequence[str] | None = None,
    reference: Mapping[str, Any] | None = None,
    frames: Sequence[str] | None = None,
    cluster: str = "doc_id",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """A binomial GLM per frame on covariates, with standard errors clustered by document.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentence table (:func:`discourse.sentence_frames`) with the covariate columns.
    formula : str, optional
        The right-hand side of a statsmodels formula, e.g. ``"C(bias_text) + year"`` (a leading
        ``~`` is allowed; quote odd column names with ``Q("name")``). Give this or ``covariates``.
    covariates : sequence of str, optional
        Columns to enter as they are (numbers) or dummy-coded (anything else).
    reference : mapping, optional
        Reference level per categorical covariate (with ``covariates``; default the most
        frequent level).
    frames : sequence of str, optional
        Default the codebook's.
    cluster : str, default "doc_id"
        Standard errors are clustered on this column.
    confidence : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Tidy: ``frame``, ``term``, ``estimate`` (log odds), ``std_error`` (cluster-robust),
        ``z``, ``p_value``, ``ci_low``, ``ci_high``, ``odds_ratio``, ``n_sentences``,
        ``n_documents``, ``note`` (empty, or why the row should not be read). Rows with a missing
        covariate are left out.

    Raises
    ------
    DiscourseError
        Neither or both of ``formula`` and ``covariates``, an unknown column, a bad formula.
    """
    import pandas as pd
    import statsmodels.api as sm
    import statsmodels.formula.api as smf
    from statsmodels.tools.sm_exceptions import PerfectSeparationError, PerfectSeparationWarning

    check_sentences(sentences, cluster)
    if (formula is None) == (covariates is None):
        raise DiscourseError("frame_regression: pass formula= (e.g. 'C(bias_text) + year') or covariates= (a list of columns), not both")
    if not 0 < confidence < 1:
        raise DiscourseError(f"confidence: {confidence!r} is not between 0 and 1; pass e.g. 0.95")
    names = frame_names(sentences, frames)
    indicators = frame_matrix(sentences, names)[:, : len(names)].astype(float)
    data = sentences.reset_index(drop=True)
    if covariates is not None:
        covariates = [covariates] if isinstance(covariates, str) else list(covariates)
        check_sentences(sentences, *covariates)
        keep = data[covariates].notna().all(axis=1).to_numpy()
        design = _design(data[keep], covariates, dict(reference or {}))
    else:
        rhs = formula.strip().lstrip("~").strip()
        if not rhs:
            raise DiscourseError("formula: empty; pass the right-hand side, e.g. 'C(bias_text)'")
        keep = np.ones(len(data), dtype=bool)
        design = None
    groups = pd.factorize(data[cluster].astype(str))[0]
    rows: list[dict[str, Any]] = []
    for j, frame in enumerate(names):
        y = indicators[keep, j]
        base = {"frame": frame, "n_sentences": int(keep.sum()), "n_documents": int(len(np.unique(groups[keep])))}
        if y.sum() == 0 or y.sum() == len(y):
            rows.append({**base, "term": "", "note": f"the frame occurs in {'no' if y.sum() == 0 else 'every'} sentence: nothing to model"})
            continue
        note = ""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if design is not None:
                    model = sm.GLM(y, design, family=sm.families.Binomial())
                else:
                    frame_data = data.assign(_frame=indicators[:, j])
                    model = smf.glm(f"_frame ~ {rhs}", frame_data, family=sm.families.Binomial())
                used = groups[keep] if design is not None else groups[np.asarray(model.data.row_labels, dtype=int)]
                fit = model.fit(cov_type="cluster", cov_kwds={"groups": used})
            except PerfectSeparationError:
                rows.append({**base, "term": "", "note": "perfect separation: the frame is determined by a covariate; no estimates"})
                continue
            except Exception as exc:  # a formula statsmodels cannot read
                if design is None and not isinstance(exc, np.linalg.LinAlgError):
                    raise DiscourseError(f"formula: {rhs!r} could not be used ({type(exc).__name__}: {exc}); check the column names (Q('odd name'))") from None
                rows.append({**base, "term": "", "note": f"the model could not be fitted ({type(exc).__name__})"})
                continue
        mu = np.asarray(fit.mu, dtype=float)
        separated = bool(np.any(mu < 1e-6) or np.any(mu > 1 - 1e-6))
        if separated or any(issubclass(w.category, PerfectSeparationWarning) for w in caught) or not np.all(np.isfinite(fit.bse)):
            note = "separation: the frame (almost) never or always occurs in a level; do not read these estimates"
        base["n_sentences"] = int(fit.nobs)
        base["n_documents"] = int(len(np.unique(used)))
        ci = fit.conf_int(alpha=1 - confidence)
        for term in fit.params.index:
            est = float(fit.params[term])
            rows.append(
                {
                    **base,
                    "term": str(term),
                    "estimate": est,
                    "std_error": float(fit.bse[term]),
                    "z": float(fit.tvalues[term]),
                    "p_value": float(fit.pvalues[term]),
                    "ci_low": float(ci.loc[term, 0]),
                    "ci_high": float(ci.loc[term, 1]),
                    "odds_ratio": math.exp(est) if est < 700 else math.inf,
                    "note": note,
                }
            )
    return pd.DataFrame(rows, columns=list(REGRESSION_COLUMNS))
