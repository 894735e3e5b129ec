"""Frame shares corrected for the machine's errors with a hand-coded sample: prediction-powered
inference (PPI; Angelopoulos, Bates, Fannjiang, Jordan and Zrnic, *Science* 382, 2023) with power
tuning (PPI++; Angelopoulos, Duchi and Zrnic, 2023), for a mean.

The estimator
-------------
The machine labels every unit (a sentence that mentions men) of a population of N; people code a
simple random sample of n of them. For one frame let ``Y`` be the coder's 0/1 and ``Yhat`` the
machine's. With ``U`` the N - n units nobody coded::

    share_corrected = lam * mean_U(Yhat) + mean_coded(Y - lam * Yhat)

``mean_coded(Y - lam * Yhat)`` (the *rectifier*) corrects the machine's share by its average
error on the coded sample, so the estimate is unbiased whatever the machine's recall or
false-positive rate. ``lam = 1`` is the original PPI estimator (``method="ppi"``). With
``method="ppi++"`` (default, as ``ppi_py.ppi_mean_ci``), ``lam`` is estimated to minimise the
variance, ``lam = cov_coded(Y, Yhat) / ((1 + n / (N - n)) var_all(Yhat))`` clipped to [0, 1]: a
machine that tells little about the coders' codes gets little weight, and ``lam = 0`` is the
estimate from the coded sample alone. The interval is normal:
``share_corrected +- z * sqrt(lam^2 var_U(Yhat) / (N - n) + var_coded(Y - lam Yhat) / n)``.
With ``clusters``, both variances are cluster-robust (sums of deviations within a document,
``G / (G - 1)`` correction), so documents, not sentences, are the independent units of the
machine term; this is the same estimator with a sandwich variance.

Assumptions
-----------
* The coded units are a simple random sample of the population (within each group when the
  shares are per group: a sample stratified by the group, or any simple random sample, whose
  coded units within a group are then a simple random sample of it given their number).
* Coders apply the codebook the way the share should be read: the corrected share estimates
  the share *the coders* would give every unit.
* The normal approximation holds: it needs a coded sample that is not tiny and that shows the
  machine's errors. With fewer than about 30 coded units in a group, or a frame that is rare in
  the coded sample, the interval can be too narrow; ``note`` says so. When the coded sample
  shows no disagreement at all for a frame, the sample variance of the rectifier is 0; its
  variance is never taken below that of one disagreement in n + 1 coded units, so the interval
  does not collapse to a point (the only departure from ``ppi_py``). Fewer than 2 coded units:
  no estimate. Every unit coded: the coders' share (``lam = 0``), with the interval of a simple
  random sample.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import DiscourseError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ESTIMATE_COLUMNS", "PPI_METHODS", "estimate_shares", "ppi_mean"]

#: The estimators of :func:`ppi_mean`.
PPI_METHODS: tuple[str, ...] = ("ppi++", "ppi")
#: Columns of :func:`estimate_shares` after the group column.
ESTIMATE_COLUMNS: tuple[str, ...] = (
    "frame",
    "n",
    "n_coded",
    "share_naive",
    "share_corrected",
    "ci_low",
    "ci_high",
    "method",
    "std_error",
    "lam",
    "share_coded",
    "note",
)
#: Fewer coded units than this in a group: the interval carries a warning note.
SMALL_CODED = 30


def _cluster_var_of_mean(x: np.ndarray, clusters: np.ndarray) -> float:
    """Cluster-robust variance of the mean of ``x`` (units grouped by ``clusters``)."""
    n = len(x)
    _, index = np.unique(clusters, return_inverse=True)
    g = int(index.max()) + 1 if n else 0
    if g < 2:
        return float(np.var(x) / n) if n else math.nan
    sums = np.bincount(index, weights=x - x.mean(), minlength=g)
    return float(g / (g - 1) * np.sum(sums**2) / n**2)


def ppi_mean(
    y_coded: Any,
    yhat_coded: Any,
    yhat_uncoded: Any,
    *,
    method: str = "ppi++",
    confidence: float = 0.95,
    clusters_coded: Any = None,
    clusters_uncoded: Any = None,
) -> dict[str, Any]:
    """The prediction-powered estimate of a share and its interval (see the module docstring).

    Parameters
    ----------
    y_coded, yhat_coded : array of shape (..., n)
        The coders' and the machine's 0/1 for the coded units. Leading axes are independent
        problems (vectorised: e.g. 1,000 simulated populations at once).
    yhat_uncoded : array of shape (..., N - n)
        The machine's 0/1 for the units nobody coded.
    method : {"ppi++", "ppi"}, default "ppi++"
    confidence : float, default 0.95
    clusters_coded, clusters_uncoded : array of shape (n,) and (N - n,), optional
        Document of each unit: cluster-robust variances (one problem only, no leading axes).

    Returns
    -------
    dict
        ``estimate``, ``ci_low``, ``ci_high``, ``std_error``, ``lam`` (arrays of the leading
        shape, or floats), not clipped to [0, 1].
    """
    if method not in PPI_METHODS:
        raise DiscourseError(f"method: {method!r}; choose 'ppi++' (power-tuned, default) or 'ppi'")
    if not 0 < confidence < 1:
        raise DiscourseError(f"confidence: {confidence!r} is not between 0 and 1; pass e.g. 0.95")
    y = np.asarray(y_coded, dtype=float)
    f = np.asarray(yhat_coded, dtype=float)
    fu = np.asarray(yhat_uncoded, dtype=float)
    if y.shape != f.shape or y.shape[:-1] != fu.shape[:-1]:
        raise DiscourseError("ppi_mean: y_coded and yhat_coded need the same shape, and yhat_uncoded the same leading shape")
    n, m = y.shape[-1], fu.shape[-1]
    if n < 2:
        nan = np.full(y.shape[:-1], np.nan)
        out = {"estimate": nan, "ci_low": nan, "ci_high": nan, "std_error": nan, "lam": nan}
        return {k: float(v) for k, v in out.items()} if y.ndim == 1 else out
    if m == 0:  # every unit coded: the coders' share, the machine has nothing to add (lam = 0)
        lam = np.zeros(y.shape[:-1])
    elif method == "ppi":
        lam = np.ones(y.shape[:-1])
    else:
        cov = ((y - y.mean(-1, keepdims=True)) * (f - f.mean(-1, keepdims=True))).mean(-1)
        var_all = np.concatenate([f, fu], axis=-1).var(-1, ddof=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            lam = np.where(var_all > 0, cov / ((1 + n / m) * np.where(var_all > 0, var_all, 1.0)), 0.0)
        lam = np.clip(lam, 0.0, 1.0)
    lam_ = lam[..., None]
    rect = y - lam_ * f
    estimate = (lam * fu.mean(-1) if m else 0.0) + rect.mean(-1)
    floor = (1.0 / (n + 1)) * (1.0 - 1.0 / (n + 1)) / n
    if clusters_coded is not None and clusters_uncoded is not None and y.ndim == 1:
        var_machine = float(lam) ** 2 * _cluster_var_of_mean(fu, np.asarray(clusters_uncoded)) if m else 0.0
        var_rect = max(_cluster_var_of_mean(rect, np.asarray(clusters_coded)), floor)
    else:
        var_machine = lam**2 * fu.var(-1) / m if m else np.zeros(y.shape[:-1])
        var_rect = np.maximum(rect.var(-1) / n, floor)
    se = np.sqrt(var_machine + var_rect)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    out = {"estimate": estimate, "ci_low": estimate - z * se, "ci_high": estimate + z * se, "std_error": se, "lam": lam}
    if y.ndim == 1:
        out = {k: float(v) for k, v in out.items()}
    return out


def _lists(values: Any) -> list[list[str]]:
    out = []
    for v in values:
        if isinstance(v, str):
            out.append([x for x in v.replace(",", ";").split(";") if x and x != "none"])
        elif isinstance(v, list | tuple | set | frozenset | np.ndarray):
            out.append([str(x) for x in v if str(x) != "none"])
        else:
            out.append([])
    return out


def estimate_shares(
    predictions: pd.DataFrame,
    coded: pd.DataFrame,
    *,
    by: str | None = None,
    frames: Sequence[str] | None = None,
    method: str = "ppi++",
    confidence: float = 0.95,
    cluster: str | None = "doc_id",
    key: str = "id",
) -> pd.DataFrame:
    """Per group and frame: the machine's share, and the share corrected with the coded sample.

    Parameters
    ----------
    predictions : pandas.DataFrame
        The population: one row per unit the machine labelled (a sentence mentioning men), with
        ``key``, ``frames`` (a list, or names joined by ``;``), the group column ``by`` and the
        cluster column when used. Rows whose ``mentions_men`` is false (when the column exists)
        are outside the population and left out.
    coded : pandas.DataFrame
        The coded sample: ``key``, ``labels`` (a list, or ``;``-joined; ``none`` or empty for no
        frame) and optionally ``mentions_men`` (a unit a coder says does not mention men carries
        no frame). Its keys must be keys of ``predictions``.
    by : str, optional
        Group column of ``predictions``; shares per level, plus a stratified ``all`` row.
    frames : sequence of str, optional
        Default ``predictions.attrs["frames"]``, else every frame seen in either table.
    method : {"ppi++", "ppi"}, default "ppi++"
        See :func:`ppi_mean`.
    confidence : float, default 0.95
    cluster : str or None, default "doc_id"
        Document column for cluster-robust variances; ignored when ``predictions`` lacks it.
    key : str, default "id"
        The column joining the two tables.

    Returns
    -------
    pandas.DataFrame
        ``<by>`` (or ``group``), ``frame``, ``n`` (units in the group), ``n_coded``,
        ``share_naive`` (the machine's share), ``share_corrected``, ``ci_low``, ``ci_high``
        (clipped to [0, 1]), ``method``, ``std_error``, ``lam``, ``share_coded`` (the coders'
        share in the coded sample alone), ``note``. A last row per group, ``frame =
        "mentions_men"``, estimates the share of units the coders say mention men, when the
        codes say. With ``by``, the ``all`` group combines the groups as strata: ``sum_g (N_g /
        N) share_g``, variance ``sum_g (N_g / N)^2 se_g^2``.

    Raises
    ------
    DiscourseError
        A missing column, coded keys that are not in the predictions, duplicate keys.
    """
    import pandas as pd

    for name, table, need in (("predictions", predictions, (key, "frames")), ("coded", coded, (key, "labels"))):
        if not isinstance(table, pd.DataFrame):
            raise DiscourseError(f"{name}: pass a DataFrame")
        missing = [c for c in need if c not in table.columns]
        if missing:
            raise DiscourseError(f"{name}: no column {missing[0]!r}; it needs {', '.join(need)}")
    if by is not None and by not in predictions.columns:
        raise DiscourseError(f"by: no column {by!r} in the predictions; choose one of {', '.join(map(str, predictions.columns))}")
    pred = predictions
    if "mentions_men" in pred.columns:
        pred = pred[pred["mentions_men"].fillna(False).astype(bool)]
    keys = pred[key].astype(str)
    if keys.duplicated().any():
        raise DiscourseError(f"predictions: duplicate {key} {keys[keys.duplicated()].iloc[0]!r}; every unit needs its own key")
    ckeys = coded[key].astype(str)
    if ckeys.duplicated().any():
        raise DiscourseError(f"coded: {key} {ckeys[ckeys.duplicated()].iloc[0]!r} is coded twice; keep one code per unit (adjudicate first)")
    outside = sorted(set(ckeys) - set(keys))
    if outside:
        raise DiscourseError(f"coded: {key} {outside[0]!r} (and {len(outside) - 1} more) not among the predicted units; code a sample of the predictions' {key}s")
    pred_lists = _lists(pred["frames"])
    code_lists = dict(zip(ckeys, _lists(coded["labels"]), strict=True))
    names = list(frames) if frames is not None else list(predictions.attrs.get("frames", []))
    if not names:
        names = sorted({f for fs in pred_lists for f in fs} | {f for fs in code_lists.values() for f in fs})
    men_codes: dict[str, bool] | None = None
    if "mentions_men" in coded.columns:
        men = coded["mentions_men"]
        men_codes = {k: (True if v is None or (isinstance(v, float) and math.isnan(v)) else bool(v)) for k, v in zip(ckeys, men, strict=True)}
        code_lists = {k: (v if men_codes[k] else []) for k, v in code_lists.items()}
    is_coded = keys.isin(code_lists).to_numpy()
    clusters = pred[cluster].astype(str).to_numpy() if cluster is not None and cluster in pred.columns else None
    group_col = by if by is not None else "group"
    # a missing group value is a group of its own, named "(missing)"
    groups = pred[by].astype(object).where(pred[by].notna(), "(missing)").to_numpy() if by is not None else np.array(["all"] * len(pred), dtype=object)
    levels = list(pd.unique(groups))
    key_arr = keys.to_numpy()
    suffix = f", clustered by {cluster}" if clusters is not None else ""
    rows = []
    items = [*names, "mentions_men"] if men_codes is not None else list(names)
    per_level: dict[Any, dict[str, dict[str, Any]]] = {}
    for level in levels:
        mask = groups == level
        per_level[level] = {}
        for frame in items:
            if frame == "mentions_men":
                yhat = np.ones(int(mask.sum()))
                y_all = np.array([men_codes.get(k, True) for k in key_arr[mask]], dtype=float)  # type: ignore[union-attr]
            else:
                yhat = np.array([frame in fs for fs, m in zip(pred_lists, mask, strict=True) if m], dtype=float)
                y_all = np.array([frame in code_lists.get(k, ()) for k in key_arr[mask]], dtype=float)
            c = is_coded[mask]
            res = ppi_mean(
                y_all[c], yhat[c], yhat[~c], method=method, confidence=confidence,
                clusters_coded=clusters[mask][c] if clusters is not None else None,
                clusters_uncoded=clusters[mask][~c] if clusters is not None else None,
            )
            n_coded = int(c.sum())
            notes = []
            if n_coded < 2:
                notes.append("fewer than 2 coded units: no corrected share")
            elif n_coded == int(mask.sum()):
                notes.append("every unit coded: the coders' share")
            elif n_coded < SMALL_CODED:
                notes.append(f"only {n_coded} coded units: the normal interval may be too narrow")
            elif 0 < y_all[c].sum() < 5 or (y_all[c] != yhat[c]).sum() == 0:
                notes.append("few coded units with the frame or no disagreement: the interval is rough")
            row = {
                group_col: level,
                "frame": frame,
                "n": int(mask.sum()),
                "n_coded": n_coded,
                "share_naive": float(yhat.mean()) if len(yhat) else math.nan,
                "share_corrected": res["estimate"],
                "std_error": res["std_error"],
                "lam": res["lam"],
                "share_coded": float(y_all[c].mean()) if n_coded else math.nan,
                "method": method + suffix,
                "note": "; ".join(notes),
            }
            per_level[level][frame] = row
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    if by is not None and len(levels) > 1:
        total = len(pred)
        per_level["all"] = {}
        for frame in items:
            parts = [per_level[lv][frame] for lv in levels]
            w = np.array([p["n"] / total for p in parts])
            est = float(np.sum(w * np.array([p["share_corrected"] for p in parts])))
            se = float(np.sqrt(np.sum(w**2 * np.array([p["std_error"] for p in parts]) ** 2)))
            naive = float(np.sum(w * np.array([p["share_naive"] for p in parts])))
            per_level["all"][frame] = {
                group_col: "all", "frame": frame, "n": total, "n_coded": int(sum(p["n_coded"] for p in parts)),
                "share_naive": naive, "share_corrected": est, "std_error": se, "lam": math.nan,
                "share_coded": math.nan, "method": f"{method}{suffix}, stratified by {by}",
                "note": "; ".join(sorted({p["note"] for p in parts if p["note"]})),
            }
    for level_rows in per_level.values():
        for row in level_rows.values():
            est, se = row["share_corrected"], row["std_error"]
            lo, hi = (est - z * se, est + z * se) if np.isfinite(se) else (math.nan, math.nan)
            row["ci_low"] = min(1.0, max(0.0, lo)) if np.isfinite(lo) else math.nan
            row["ci_high"] = min(1.0, max(0.0, hi)) if np.isfinite(hi) else math.nan
            row["share_corrected"] = min(1.0, max(0.0, est)) if np.isfinite(est) else math.nan
            rows.append(row)
    out = pd.DataFrame(rows, columns=[group_col, *ESTIMATE_COLUMNS])
    out.attrs["frames"] = names
    return out
