"""Shares corrected for the machine's errors, from files: :func:`estimate`.

Reads the machine's labels for a population (``discourse label`` output,
``machine/predictions.jsonl`` of ``discourse sample``, or an analysis' ``frame_sentences.csv``)
and hand codes for a random sample of the same units, and returns
:func:`discourse.stats.estimate_shares` (prediction-powered inference; see
:mod:`discourse.stats.ppi` for the estimator and its assumptions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .codes import read_codes, read_predictions

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["estimate"]


def estimate(
    predictions: Any,
    coded: Any,
    *,
    by: str | None = None,
    frames: Sequence[str] | None = None,
    method: str = "ppi++",
    confidence: float = 0.95,
    cluster: str | None = "doc_id",
    codebook: Any = None,
) -> pd.DataFrame:
    """Per group and frame: the machine's share and the share corrected with a coded sample.

    Parameters
    ----------
    predictions : path, DataFrame or records
        The machine's labels for every unit of the population (see
        :func:`discourse.validation.read_predictions`); extra fields are kept, and ``by`` is one.
    coded : path, DataFrame or records
        Codes for a simple random sample of those units (gold JSON lines as the coding page
        exports, or a filled coding sheet; see :func:`discourse.validation.read_codes`). With
        ``by``, a random sample within each group (``discourse sample --by``) or of the whole.
    by : str, optional
        A field of the predictions: shares per group, and a stratified ``all``.
    frames : sequence of str, optional
        Default the codebook's.
    method : {"ppi++", "ppi"}, default "ppi++"
    confidence : float, default 0.95
    cluster : str or None, default "doc_id"
        Cluster-robust variances by this field when the predictions have it.
    codebook : path or Codebook, optional
        Whose frames are reported when ``frames`` is not given (default the packaged codebook).

    Returns
    -------
    pandas.DataFrame
        The table of :func:`discourse.stats.estimate_shares`: ``<by>``, ``frame``, ``n``,
        ``n_coded``, ``share_naive``, ``share_corrected``, ``ci_low``, ``ci_high``, ``method``,
        ``std_error``, ``lam``, ``share_coded``, ``note``.
    """
    from ..framing.codebook import load_codebook
    from ..stats import estimate_shares

    pred = read_predictions(predictions, by=by)
    codes = read_codes(coded)
    names = list(frames) if frames is not None else load_codebook(codebook).frame_names
    return estimate_shares(pred, codes, by=by, frames=names, method=method, confidence=confidence, cluster=cluster)
