"""BBC News topic benchmark: discourse's default topic model against scikit-learn baselines.

Data: ``bbc-news/bbc_fulltext.jsonl.gz`` under ``/work/shared/datasets`` or
``../shared/datasets`` (relative to the repository root); the 2,125 articles with
``duplicate_of`` null, whole articles, K = 5, the ``text`` field.

Measures
--------
* NMI between each article's dominant topic and its category (scikit-learn
  ``normalized_mutual_info_score``, arithmetic mean).
* Mean NPMI of each topic's top-10 terms, with document co-occurrence on the same corpus and
  the model's own tokenisation (discourse terms for ours, the vectoriser's tokens for the
  baselines); ``discourse.themes.npmi_coherence`` (Bouma 2009; pairs never co-occurring = -1).

Rows
----
* ``discourse default`` (the bar: NMI >= 0.85, NPMI >= 0.35): ``TopicModel(5, unit="document",
  random_state=0)``, every other parameter at its default (phrases counted beside their words,
  pronouns no terms, min_df=2, max_df=0.95, TF-IDF with sublinear tf, NMF from NNDSVD, top
  terms by relevance with lambda 0.6).
* ``default before issue 16``: the default of the previous release: a phrase replaces its
  words and pronouns are terms (``keep_phrase_words=False, stoplist=load_stoplist(pronouns=True)``).
* ``no phrases, min_df=5, max_df=0.5``: the non-default setting that met the bar before.
* ``default, lambda=1``: top terms ranked by weight alone.
* ``default, LDA``.
* ``sklearn NMF``: ``TfidfVectorizer(stop_words="english", min_df=5, max_df=0.5)`` on the raw
  text, ``NMF(5, init="nndsvd")``.
* ``sklearn LDA``: ``CountVectorizer`` with the same settings, ``LatentDirichletAllocation(5)``.

Parses: ``selective`` is what ``discourse topics`` / ``discourse analyze`` give the topic
model (the library's default parse: every token's lexical lemma, phrases from adjacent content
words); ``full`` is a lemmatizer-only spaCy parse of every whole text (the tagger's lemmas).
The bar must hold on both.

Run: ``PYTHONPATH=src python benchmarks/bench_bbc_topics.py [both|selective|full]`` (default
``both``; a first run parses, ~2-3 min on 2 cores; later runs read the parse cache in
``.discourse-cache``). Exit status 1 when the default misses the bar.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = (Path("/work/shared/datasets"), ROOT.parent / "shared" / "datasets", ROOT / ".." / "shared" / "datasets")
K = 5
BAR_NMI = 0.85
BAR_NPMI = 0.35
MODES = ("selective", "full")


def find_data() -> Path | None:
    """Path of the BBC file, or None."""
    for base in CANDIDATES:
        p = base / "bbc-news" / "bbc_fulltext.jsonl.gz"
        if p.is_file():
            return p
    return None


def run_mode(df, mode: str) -> bool:  # noqa: ANN001 - a pandas DataFrame
    """Fit every row on one parse of the articles; print the table; True if the default passes."""
    import numpy as np
    import pandas as pd
    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.metrics import normalized_mutual_info_score

    from discourse import parse
    from discourse.corpus import Corpus
    from discourse.themes import TopicModel, load_stoplist, npmi_coherence

    corpus = Corpus.from_frame(df[["id", "category", "title", "text"]], text_field="text", id_field="id")
    t0 = time.time()
    if mode == "full":
        parsed = parse(corpus, mode="full", components=["lemmatizer"], cache_dir=ROOT / ".discourse-cache", batch_size=64)
    else:
        parsed = parse(corpus, mode=mode, cache_dir=ROOT / ".discourse-cache", batch_size=64)
    print(f"\nparse mode: {mode} ({time.time() - t0:.1f} s; {parsed.n_parsed} parsed, {parsed.n_cached} from cache)")
    category = dict(zip(df["id"].astype(str), df["category"], strict=True))
    rows = []

    def ours(name: str, **params: object) -> None:
        t = time.time()
        tm = TopicModel(K, unit="document", random_state=0, **params).fit(parsed)
        dom = tm.dominant_topics()
        nmi = normalized_mutual_info_score([category[d] for d in dom["doc_id"]], dom["topic"])
        top = [list(g["term"]) for _, g in tm.top_terms(10).groupby("topic", sort=True)]
        npmi = float(np.mean(npmi_coherence(top, tm.dtm_)))
        rows.append((name, nmi, npmi, tm.dtm_.matrix.shape[1], time.time() - t, top))

    def baseline(name: str, kind: str) -> None:
        t = time.time()
        vec_kw = {"stop_words": "english", "min_df": 5, "max_df": 0.5}
        counts = CountVectorizer(**vec_kw).fit(df["text"])
        binary = counts.transform(df["text"])
        vocab = counts.get_feature_names_out()
        if kind == "nmf":
            tv = TfidfVectorizer(**vec_kw)
            x = tv.fit_transform(df["text"])
            est = NMF(K, init="nndsvd", max_iter=500, random_state=0)
        else:
            x = binary
            est = LatentDirichletAllocation(K, random_state=0)
        w = est.fit_transform(x)
        nmi = normalized_mutual_info_score(df["category"], w.argmax(axis=1))
        top = [[str(vocab[j]) for j in np.argsort(-r, kind="stable")[:10]] for r in est.components_]
        npmi = float(np.mean(npmi_coherence(top, binary, list(vocab))))
        rows.append((name, nmi, npmi, len(vocab), time.time() - t, top))

    ours("discourse default")
    ours("default before issue 16", keep_phrase_words=False, stoplist=load_stoplist(pronouns=True))
    ours("no phrases, min_df=5, max_df=0.5", phrases=False, min_df=5, max_df=0.5)
    ours("default, lambda=1", relevance=1.0)
    ours("default, LDA", model="lda")
    baseline("sklearn NMF (TF-IDF, raw text)", "nmf")
    baseline("sklearn LDA (counts, raw text)", "lda")

    table = pd.DataFrame([r[:5] for r in rows], columns=["model", "NMI", "NPMI@10", "n_terms", "seconds"])
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    for name, *_, top in rows[:2]:
        print(f"top terms, {name}:")
        for i, t in enumerate(top, 1):
            print(f"  {i}: {', '.join(t)}")
    best = table.iloc[0]
    ok = bool(best["NMI"] >= BAR_NMI and best["NPMI@10"] >= BAR_NPMI)
    print(f"bar (NMI >= {BAR_NMI}, NPMI >= {BAR_NPMI}), default configuration, {mode} parse: "
          f"NMI {best['NMI']:.3f}, NPMI {best['NPMI@10']:.3f}: {'PASS' if ok else 'FAIL'}")
    return ok


def main(mode: str = "both") -> int:
    """Run the benchmark on one parse or both; return 0 (1 if the default misses the bar)."""
    modes = MODES if mode == "both" else (mode,)
    if any(m not in MODES for m in modes):
        print(f"bench_bbc_topics: parse mode must be both, selective or full, not {mode!r}")
        return 2
    path = find_data()
    if path is None:
        print("bench_bbc_topics: BBC News dataset not found under /work/shared/datasets or ../shared/datasets; skipped")
        return 0
    import pandas as pd

    warnings.simplefilter("ignore")
    df = pd.read_json(path, lines=True)
    df = df[df["duplicate_of"].isna()].reset_index(drop=True)
    print(f"BBC News: {len(df)} articles (duplicate_of null), {df['category'].nunique()} categories, K={K}")
    results = {m: run_mode(df, m) for m in modes}
    ok = all(results.values())
    print(f"\n{'PASS' if ok else 'FAIL'}: " + ", ".join(f"{m} {'PASS' if r else 'FAIL'}" for m, r in results.items()))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "both"))
