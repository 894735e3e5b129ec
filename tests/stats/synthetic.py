"""Synthetic sentence tables for the statistics tests (no spaCy)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def clustered_sentences(
    rng: np.random.Generator,
    n_docs: int,
    *,
    mean_share: float = 1 / 7,
    concentration: float = 7.0,
    mean_size: int = 20,
    frame: str = "victim",
    group: str | None = None,
) -> pd.DataFrame:
    """A sentence table whose documents each have their own share of ``frame`` (Beta-distributed
    around ``mean_share``): sentences of a document are alike, as in real corpora."""
    a = mean_share * concentration
    p = rng.beta(a, concentration - a, size=n_docs)
    sizes = rng.poisson(mean_size, size=n_docs) + 1
    k = rng.binomial(sizes, p)
    doc = np.repeat(np.arange(n_docs), sizes)
    flags = np.concatenate([np.r_[np.ones(kk, bool), np.zeros(s - kk, bool)] for kk, s in zip(k, sizes, strict=True)])
    prefix = f"{group}-" if group else ""
    table = pd.DataFrame({"doc_id": [f"{prefix}d{d}" for d in doc], "frames": [[frame] if f else [] for f in flags]})
    if group is not None:
        table["outlet"] = group
    table.attrs["frames"] = [frame]
    return table
