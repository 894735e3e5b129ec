"""Agreement between coders: :func:`agreement` (Krippendorff's alpha per frame) and
:func:`disagreements` (the sentences to adjudicate).

Each frame is a nominal 0/1 decision per sentence (1: the coder ticked the frame; a sentence a
coder says does not mention men carries no frame), ``mentions_men`` is another, and ``frame set``
is the whole set of frames as one nominal category. For each, over the sentences coded by at
least two coders (units coded by one coder cannot be compared and are left out):

* Krippendorff's alpha, nominal (the ``krippendorff`` package): ``1 - D_o / D_e``, observed
  over expected disagreement from the coincidence matrix of the pairable values; 1 is perfect
  agreement, 0 agreement at chance. Any number of coders, missing codes allowed. Undefined
  (NaN) when every code is the same value;
* percent agreement: the share of those sentences on which every coder gave the same value (a
  frame nobody ticks anywhere has 100% agreement and no alpha: report both).

A common reading (Krippendorff 2004): alpha >= 0.8 reliable, 0.667-0.8 for tentative
conclusions only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import DiscourseError
from .codes import read_codes

if TYPE_CHECKING:
    import pandas as pd

    from ..framing.codebook import Codebook

__all__ = ["AGREEMENT_COLUMNS", "agreement", "coder_tables", "disagreements"]

#: Columns of :func:`agreement`.
AGREEMENT_COLUMNS: tuple[str, ...] = ("item", "alpha", "percent_agreement", "n_units", "n_coders", "n_positive", "note")


def coder_tables(coders: Sequence[Any], names: Sequence[str] | None = None) -> list[pd.DataFrame]:
    """Each coder's codes (:func:`discourse.validation.read_codes`), named uniquely."""
    if isinstance(coders, str) or len(coders) < 2:
        raise DiscourseError("coders: pass two or more coders' files (or tables) to compare")
    if names is not None and len(names) != len(coders):
        raise DiscourseError(f"names: {len(names)} names for {len(coders)} coders; give one name per coder")
    tables = [read_codes(c, coder=names[i] if names is not None else None) for i, c in enumerate(coders)]
    for i, t in enumerate(tables):
        if t.empty:
            raise DiscourseError(f"coders: coder {i + 1} ({coders[i] if isinstance(coders[i], str) else 'table'}) has no coded sentence; export or fill the codes first")
    used: dict[str, int] = {}
    for t in tables:
        name = str(t["coder"].iloc[0]) if len(t) else "coder"
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:
            name = f"{name} ({used[name]})"
        t["coder"] = name
    return tables


def _items(tables: Sequence[pd.DataFrame], frames: Sequence[str] | None, codebook: Any) -> list[str]:
    if frames is not None:
        return list(frames)
    if codebook is not None:
        from ..framing.codebook import load_codebook

        return load_codebook(codebook).frame_names
    seen = sorted({f for t in tables for fs in t["labels"] for f in fs})
    from ..framing.codebook import load_codebook

    packaged = load_codebook().frame_names
    return [f for f in packaged] + [f for f in seen if f not in packaged]


def _values(tables: Sequence[pd.DataFrame], units: list[str], item: str) -> np.ndarray:
    """The reliability matrix (coders x units) of one item: 0/1 (or a category code), NaN = not coded."""
    data = np.full((len(tables), len(units)), np.nan)
    pos = {u: j for j, u in enumerate(units)}
    sets: dict[tuple[str, ...], int] = {}
    for i, t in enumerate(tables):
        for uid, men, labels in zip(t["id"], t["mentions_men"], t["labels"], strict=True):
            j = pos[uid]
            labels = [] if men is False else labels
            if item == "mentions_men":
                data[i, j] = 1.0 if men is not False else 0.0
            elif item == "frame set":
                data[i, j] = sets.setdefault(tuple(sorted(labels)), len(sets))
            else:
                data[i, j] = 1.0 if item in labels else 0.0
    return data


def agreement(
    coders: Sequence[Any],
    *,
    names: Sequence[str] | None = None,
    frames: Sequence[str] | None = None,
    codebook: str | Codebook | None = None,
) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) and percent agreement per frame, ``mentions_men`` and the frame set.

    Parameters
    ----------
    coders : sequence of path, DataFrame or records
        Two or more coders' codes (gold JSON lines such as the coding page exports, a filled
        coding sheet CSV, or ``discourse label`` output for the machine as a coder; see
        :func:`discourse.validation.read_codes`). Sentences are matched by ``doc_id:sent_id``
        when the records carry them, else by ``id``.
    names : sequence of str, optional
        The coders' names (default: their ``coder`` field or file name).
    frames : sequence of str, optional
        The frames to score; default ``codebook``'s, else the packaged codebook's frames and
        any other frame the coders used.
    codebook : path or Codebook, optional

    Returns
    -------
    pandas.DataFrame
        ``item`` (``mentions_men``, each frame, ``frame set``), ``alpha``,
        ``percent_agreement``, ``n_units`` (sentences coded by two or more coders),
        ``n_coders``, ``n_positive`` (sentences on which at least one coder ticked the frame),
        ``note``. See the module docstring.

    Raises
    ------
    DiscourseError
        Fewer than two coders, or no sentence coded by two of them.
    """
    import krippendorff
    import pandas as pd

    tables = coder_tables(coders, names)
    units = sorted({u for t in tables for u in t["id"]})
    items = ["mentions_men", *_items(tables, frames, codebook), "frame set"]
    rows = []
    for item in items:
        data = _values(tables, units, item)
        coded = (~np.isnan(data)).sum(axis=0)
        pairable = data[:, coded >= 2]
        n_units = pairable.shape[1]
        if n_units == 0:
            raise DiscourseError("coders: no sentence is coded by two coders; check that the files code the same sample (same ids)")
        same = np.array([len(set(col[~np.isnan(col)].tolist())) == 1 for col in pairable.T])
        note = ""
        values = set(pairable[~np.isnan(pairable)].tolist())
        if len(values) < 2:
            alpha = math.nan
            note = "every code is the same value: alpha is undefined"
        else:
            alpha = float(krippendorff.alpha(reliability_data=pairable, level_of_measurement="nominal"))
        positive = int(np.sum(np.nanmax(pairable, axis=0) > 0)) if item != "frame set" else math.nan
        rows.append(
            {
                "item": item,
                "alpha": alpha,
                "percent_agreement": float(same.mean()),
                "n_units": int(n_units),
                "n_coders": len(tables),
                "n_positive": positive,
                "note": note,
            }
        )
    out = pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))
    out["n_positive"] = out["n_positive"].astype("Int64")  # a count ("frame set" has none): never printed as 40.0
    out.attrs["coders"] = [str(t["coder"].iloc[0]) if len(t) else "" for t in tables]
    return out


def disagreements(
    coders: Sequence[Any],
    *,
    names: Sequence[str] | None = None,
    frames: Sequence[str] | None = None,
    codebook: str | Codebook | None = None,
) -> pd.DataFrame:
    """The sentences coded by two or more coders who did not agree, for adjudication.

    Parameters
    ----------
    coders, names, frames, codebook
        As in :func:`agreement`.

    Returns
    -------
    pandas.DataFrame
        ``id``, ``text`` (when a coder's file carries it), ``items`` (what they disagree on,
        ``;``-joined), then per coder ``<coder>: mentions_men`` and ``<coder>: labels``
        (``;``-joined, ``none`` for no frame, empty when that coder did not code it).
    """
    import pandas as pd

    tables = coder_tables(coders, names)
    units = sorted({u for t in tables for u in t["id"]})
    items = ["mentions_men", *_items(tables, frames, codebook)]
    matrices = {item: _values(tables, units, item) for item in items}
    texts: dict[str, str] = {}
    for t in tables:
        for uid, text in zip(t["id"], t["text"], strict=True):
            if text and uid not in texts:
                texts[uid] = text
    by_coder = [dict(zip(t["id"], zip(t["mentions_men"], t["labels"], strict=True), strict=True)) for t in tables]
    rows = []
    for j, uid in enumerate(units):
        differ = []
        for item, data in matrices.items():
            col = data[:, j]
            col = col[~np.isnan(col)]
            if len(col) >= 2 and len(set(col.tolist())) > 1:
                differ.append(item)
        if not differ:
            continue
        row: dict[str, Any] = {"id": uid, "text": texts.get(uid, ""), "items": ";".join(differ)}
        for t, codes in zip(tables, by_coder, strict=True):
            name = str(t["coder"].iloc[0])
            men, labels = codes.get(uid, (None, None))
            row[f"{name}: mentions_men"] = "" if labels is None else ("no" if men is False else "yes")
            row[f"{name}: labels"] = "" if labels is None else (";".join(labels) or "none")
        rows.append(row)
    columns = ["id", "text", "items"] + [f"{str(t['coder'].iloc[0])}: {k}" for t in tables for k in ("mentions_men", "labels")]
    return pd.DataFrame(rows, columns=columns)
