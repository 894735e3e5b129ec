"""Validate frame labels against hand-coded sentences.

Gold is JSON lines ``{"id", "text", "labels": [...]}`` (``[]`` or ``["none"]`` = no frame),
optionally with ``"mentions_men": bool``. Each gold text is labelled as an isolated passage
(:func:`discourse.frames.label_sentences`) unless predictions are passed in.

Metrics, for each codebook frame treated as a binary decision per sentence:

- precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2PR / (P + R); a value whose
  denominator is 0 is 0 (as scikit-learn's ``zero_division=0``), except that a frame with no
  gold and no predicted sentence gets NaN and is left out of the macro average;
- support = number of gold sentences with the frame;
- Cohen's kappa = (p_o - p_e) / (1 - p_e), with p_o the observed agreement and p_e the
  agreement expected from the two marginal rates (NaN when p_e = 1);
- macro-F1 = unweighted mean of the frames' F1.

Men-mention precision / recall / F1 are computed over the gold lines that carry
``mentions_men``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..corpus import iter_jsonl
from ..errors import CorpusError
from .codebook import Codebook, load_codebook

if TYPE_CHECKING:
    import pandas as pd
    from spacy.language import Language

__all__ = ["EvaluationResult", "binary_scores", "evaluate", "format_report", "read_gold"]


@dataclass
class EvaluationResult:
    """What :func:`evaluate` returns.

    Attributes
    ----------
    per_frame : pandas.DataFrame
        frame, precision, recall, f1, support, kappa, tp, fp, fn, tn.
    macro_f1 : float
    mentions : dict or None
        precision, recall, f1, support (gold sentences mentioning men), n (lines with
        ``mentions_men``); None when gold has no ``mentions_men``.
    disagreements : pandas.DataFrame
        id, text, gold, predicted, gold_mentions_men, predicted_mentions_men, evidence.
    n : int
        Gold sentences.
    frames : list of str
    """

    per_frame: Any
    macro_f1: float
    mentions: dict[str, float] | None
    disagreements: Any
    n: int
    frames: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (disagreements as a list of records)."""
        def clean(v: Any) -> Any:
            return None if isinstance(v, float) and math.isnan(v) else v

        return {
            "n": self.n,
            "frames": list(self.frames),
            "macro_f1": clean(self.macro_f1),
            "per_frame": [{k: clean(v) for k, v in r.items()} for r in self.per_frame.to_dict("records")],
            "mentions": None if self.mentions is None else {k: clean(v) for k, v in self.mentions.items()},
            "disagreements": self.disagreements.to_dict("records"),
        }


def read_gold(gold: str | Path | Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Read gold records from a JSON-lines file or an iterable of dicts (ids default to line numbers)."""
    records: list[dict[str, Any]] = []
    if isinstance(gold, str | Path):
        path = Path(gold)
        if not path.is_file():
            refs = path.with_name(path.stem + ".refs.jsonl")
            if refs.is_file():
                raise CorpusError(f"{path}: not built; the repository keeps references only ({refs.name}): run python {refs.parent / 'materialise.py'} and evaluate {refs.parent / 'build' / path.name}")
            raise CorpusError(f"{path}: gold file not found; pass a JSON-lines file of {{id, text, labels}}")
        if path.name.endswith(".refs.jsonl"):
            raise CorpusError(f"{path}: a file of references without texts; run python {path.parent / 'materialise.py'} and evaluate {path.parent / 'build' / path.name.replace('.refs', '')}")
        for lineno, rec in iter_jsonl(path):
            records.append(_check(rec, f"{path}: line {lineno}", str(lineno)))
    else:
        for i, rec in enumerate(gold):
            records.append(_check(dict(rec), f"gold record {i}", str(i)))
    return records


def _check(rec: Any, where: str, default_id: str) -> dict[str, Any]:
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
        raise CorpusError(f"{where}: needs an object with a string 'text'")
    labels = rec.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise CorpusError(f"{where}: 'labels' must be a list of frame names ([] or [\"none\"] for no frame)")
    out = dict(rec)
    out["id"] = str(rec.get("id", default_id))
    out["labels"] = sorted({x for x in labels if x not in ("none", "")})
    if "mentions_men" in rec and not isinstance(rec["mentions_men"], bool):
        raise CorpusError(f"{where}: 'mentions_men' must be true or false")
    return out


def binary_scores(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, float]:
    """Precision, recall, F1, Cohen's kappa and the confusion counts of two boolean sequences."""
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if p and not g)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g and not p)
    tn = len(gold) - tp - fp - fn
    n = len(gold)
    if tp + fp + fn == 0:
        precision = recall = f1 = math.nan
    else:
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if n:
        po = (tp + tn) / n
        pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
        kappa = (po - pe) / (1 - pe) if pe < 1 else math.nan
    else:
        kappa = math.nan
    return {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn, "kappa": kappa, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def evaluate(
    gold: str | Path | Iterable[Mapping[str, Any]],
    *,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    nlp: Language | None = None,
    predictions: Iterable[Mapping[str, Any]] | pd.DataFrame | None = None,
    lexicon: str | Path | None = None,
    model: str | Path | None = None,
) -> EvaluationResult:
    """Score the frame labeller (or given predictions) against gold sentences.

    Parameters
    ----------
    gold : path or iterable of dict
        JSON-lines file or records ``{"id", "text", "labels", ["mentions_men"]}``.
    codebook : path, dict or Codebook, optional
        Frames to score (default: the packaged codebook); gold labels outside it are ignored.
    nlp : spacy.Language, optional
        A loaded pipeline for :func:`discourse.framing.label_sentences`; default: each text is
        parsed as ``discourse analyze`` parses.
    predictions : records or DataFrame, optional
        ``id``, ``frames`` (list), optional ``mentions_men`` and ``evidence``; when given, no text
        is parsed.
    lexicon : path, optional
        Men lexicon; default the packaged one.
    model : str or Path, optional
        spaCy pipeline for the default parse.

    Returns
    -------
    EvaluationResult
    """
    import pandas as pd

    records = read_gold(gold)
    book = load_codebook(codebook)
    names = book.frame_names
    if predictions is None:
        from .label import label_passages

        preds = label_passages({r["id"]: r["text"] for r in records}, nlp, codebook=book, lexicon=lexicon, model=model)
    else:
        preds = predictions.to_dict("records") if isinstance(predictions, pd.DataFrame) else [dict(p) for p in predictions]
    by_id = {str(p["id"]): p for p in preds}
    missing = [r["id"] for r in records if r["id"] not in by_id]
    if missing:
        raise CorpusError(f"predictions: no prediction for gold id {missing[0]!r}; predict every gold line")
    rows = []
    for frame in names:
        g = [frame in r["labels"] for r in records]
        p = [frame in by_id[r["id"]].get("frames", []) for r in records]
        rows.append({"frame": frame, **binary_scores(g, p)})
    per_frame = pd.DataFrame(rows, columns=["frame", "precision", "recall", "f1", "support", "kappa", "tp", "fp", "fn", "tn"])
    f1s = [f for f in per_frame["f1"] if not math.isnan(f)]
    macro = sum(f1s) / len(f1s) if f1s else math.nan
    with_m = [r for r in records if "mentions_men" in r]
    mentions = None
    if with_m:
        s = binary_scores([r["mentions_men"] for r in with_m], [bool(by_id[r["id"]].get("mentions_men", False)) for r in with_m])
        mentions = {"precision": s["precision"], "recall": s["recall"], "f1": s["f1"], "support": s["support"], "n": len(with_m)}
    dis = []
    for r in records:
        p = by_id[r["id"]]
        pf = sorted(f for f in p.get("frames", []) if f in names)
        gf = [f for f in r["labels"] if f in names]
        pm = bool(p.get("mentions_men", False))
        gm = r.get("mentions_men")
        if pf != gf or (gm is not None and gm != pm):
            dis.append({"id": r["id"], "text": r["text"], "gold": gf, "predicted": pf, "gold_mentions_men": gm, "predicted_mentions_men": pm, "evidence": p.get("evidence", "")})
    disagreements = pd.DataFrame(dis, columns=["id", "text", "gold", "predicted", "gold_mentions_men", "predicted_mentions_men", "evidence"])
    return EvaluationResult(per_frame, macro, mentions, disagreements, len(records), names)


def format_report(result: EvaluationResult) -> str:
    """A plain-text table of an :class:`EvaluationResult`."""
    def f(v: float) -> str:
        return "  n/a" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:5.2f}"

    width = max([len("frame"), *(len(x) for x in result.per_frame["frame"])])
    lines = [f"{'frame':<{width}}  prec   rec    F1  kappa  support", "-" * (width + 38)]
    for r in result.per_frame.itertuples(index=False):
        lines.append(f"{r.frame:<{width}}  {f(r.precision)} {f(r.recall)} {f(r.f1)}  {f(r.kappa)}  {int(r.support):7d}")
    lines.append("-" * (width + 38))
    lines.append(f"{'macro-F1':<{width}}  {'':5} {'':5} {f(result.macro_f1)}")
    if result.mentions is not None:
        m = result.mentions
        lines.append(f"{'men mentions':<{width}}  {f(m['precision'])} {f(m['recall'])} {f(m['f1'])}  {'':5}  {int(m['support']):7d}")
    lines.append(f"{result.n} sentences, {len(result.disagreements)} disagreements")
    return "\n".join(lines)
