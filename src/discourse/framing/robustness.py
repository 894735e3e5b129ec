"""How much does a frame comparison depend on single codebook rules?

A comparison of articles is only worth publishing if it does not hinge on one cue. The
leave-one-cue-out analysis here drops each rule of the codebook in turn (as if a researcher had
written the codebook without it), recomputes every group's frame profile from the evidence
already found - nothing is re-parsed - and reports how far each share moves and whether any
group's dominant frame changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..errors import DiscourseError
from ..stats import frame_profile

__all__ = ["dominant_frames", "leave_one_cue_out", "without_rules"]


def dominant_frames(profile: pd.DataFrame, by: str = "doc_id") -> pd.Series:
    """The frame with the largest share in each group (ties -> first in codebook order;
    ``"unframed"`` when no frame occurs in the group).

    Parameters
    ----------
    profile : pandas.DataFrame
        Output of :func:`discourse.frames.frame_profile`.
    by : str, default "doc_id"
        The profile's group column.

    Returns
    -------
    pandas.Series
        Indexed by group.
    """
    if by not in profile.columns:
        raise DiscourseError(f"by: no column {by!r} in the profile; pass the column frame_profile grouped by")
    framed = profile[profile["frame"] != "unframed"]
    idx = framed.groupby(by, sort=False)["share"].idxmax()
    top = framed.loc[idx].set_index(by)
    return top["frame"].where(top["share"] > 0, "unframed")


def without_rules(sentences: pd.DataFrame, evidence: pd.DataFrame, rule_ids: Sequence[str]) -> pd.DataFrame:
    """The sentence table as it would be if the given codebook rules did not exist.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Output of :func:`discourse.frames.sentence_frames`.
    evidence : pandas.DataFrame
        Output of :func:`discourse.frames.label_frames` on the same documents.
    rule_ids : sequence of str
        Rules (``rule_id``) to drop.

    Returns
    -------
    pandas.DataFrame
        A copy of ``sentences`` whose ``frames`` lists only frames still supported by a counting
        evidence row of another rule.
    """
    for name, table, cols in (
        ("sentences", sentences, ("doc_id", "sent_id", "frames")),
        ("evidence", evidence, ("doc_id", "sent_id", "frame", "rule_id", "counts")),
    ):
        missing = [c for c in cols if c not in table.columns]
        if missing:
            raise DiscourseError(f"{name}: missing column(s) {', '.join(missing)}; pass the tables from sentence_frames and label_frames")
    kept = evidence[evidence["counts"].astype(bool) & ~evidence["rule_id"].isin(list(rule_ids))]
    support: dict[tuple[str, int], set[str]] = {}
    for doc_id, sent_id, frame in kept[["doc_id", "sent_id", "frame"]].itertuples(index=False):
        support.setdefault((doc_id, int(sent_id)), set()).add(frame)
    out = sentences.copy()
    out["frames"] = [
        sorted(set(fs) & support.get((d, int(s)), set()))
        for d, s, fs in out[["doc_id", "sent_id", "frames"]].itertuples(index=False)
    ]
    out.attrs = dict(sentences.attrs)
    return out


def leave_one_cue_out(sentences: pd.DataFrame, evidence: pd.DataFrame, by: str = "doc_id") -> pd.DataFrame:
    """Drop each codebook rule in turn and measure how the frame profile moves.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Output of :func:`discourse.frames.sentence_frames`.
    evidence : pandas.DataFrame
        Output of :func:`discourse.frames.label_frames` on the same documents.
    by : str, default "doc_id"
        Grouping column.

    Returns
    -------
    pandas.DataFrame
        One row per rule that fired: ``rule_id``, ``frame``, ``n_evidence`` (counting evidence
        rows), ``max_abs_change`` (largest change of any group's share of any frame),
        ``dominant_changed`` (True if some group's dominant frame changes), ``changed_groups``
        (those groups, ``;``-separated). Sorted by ``max_abs_change``, largest first.
    """
    base = frame_profile(sentences, by=by)
    base_dom = dominant_frames(base, by)
    key = [by, "frame"]
    counting = evidence[evidence["counts"].astype(bool)]
    rows = []
    for rule_id, part in counting.groupby("rule_id", sort=True):
        variant = frame_profile(without_rules(sentences, evidence, [rule_id]), by=by)
        merged = base.merge(variant, on=key, suffixes=("", "_variant"))
        change = (merged["share"] - merged["share_variant"]).abs().max()
        dom = dominant_frames(variant, by)
        changed = [str(g) for g in base_dom.index if dom.get(g) != base_dom[g]]
        rows.append(
            {
                "rule_id": rule_id,
                "frame": part["frame"].iloc[0],
                "n_evidence": len(part),
                "max_abs_change": float(change),
                "dominant_changed": bool(changed),
                "changed_groups": ";".join(changed),
            }
        )
    cols = ["rule_id", "frame", "n_evidence", "max_abs_change", "dominant_changed", "changed_groups"]
    return pd.DataFrame(rows, columns=cols).sort_values("max_abs_change", ascending=False, kind="stable").reset_index(drop=True)
