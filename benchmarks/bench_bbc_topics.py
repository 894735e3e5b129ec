"""BBC News topic benchmark: discourse's topic model against scikit-learn baselines.

Data: ``bbc-news/bbc_fulltext.jsonl.gz`` under ``/work/shared/datasets`` or
``../shared/datasets`` (relative to the repository root); the 2,125 articles with
``duplicate_of`` null, whole articles, K = 5, the ``text`` field.

Measures
--------
* NMI between each article's dominant topic and its category (scikit-learn
  ``normalized_mutual_info_score``, arithmetic mean).
* Mean NPMI of each topic's top-10 terms, with document co-occurrence on the same corpus and
  the model's own tokenisation (discourse terms for ours, the vectoriser's tokens for the
  baselines); ``discourse.topics.npmi_coherence`` (Bouma 2009; pairs never co-occurring = -1).

Rows
----
* ``discourse NMF`` (the bar: NMI >= 0.85, NPMI >= 0.35): ``TopicModel(5, unit="document",
  phrases=False, min_df=5, max_df=0.5)`` on lemmas (lemmatizer-only spaCy parse), default
  relevance ranking (lambda 0.6) of top terms.
* ``discourse NMF, phrases``: the same with collocations merged (the package default).
* ``discourse NMF, lambda=1``: top terms ranked by weight alone.
* ``discourse LDA``.
* ``sklearn NMF``: ``TfidfVectorizer(stop_words="english", min_df=5, max_df=0.5)`` on the raw
  text, ``NMF(5, init="nndsvd")``.
* ``sklearn LDA``: ``CountVectorizer`` with the same settings, ``LatentDirichletAllocation(5)``.

Run: ``PYTHONPATH=src python benchmarks/bench_bbc_topics.py [full|selective]`` (first run
parses, ~1.5 min on 2 cores; later runs read the parse cache in ``.discourse-cache``);
``selective`` measures the features ``discourse analyze`` gives the topic model.
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


def find_data() -> Path | None:
    """Path of the BBC file, or None."""
    for base in CANDIDATES:
        p = base / "bbc-news" / "bbc_fulltext.jsonl.gz"
        if p.is_file():
            return p
    return None


def main(mode: str = "full") -> int:
    """Run the benchmark; print the comparison table; return 0 (1 if the bar is missed).

    ``mode``: ``full`` (a lemmatizer-only parse of every text, the tagger's lemmas) or
    ``selective`` / ``sentences`` (what ``discourse analyze`` parses: topics read the lexical
    lemma, phrases are collocations of adjacent content words).
    """
    if mode not in ("full", "selective", "sentences"):
        print(f"bench_bbc_topics: parse mode must be full, selective or sentences, not {mode!r}")
        return 2
    path = find_data()
    if path is None:
        print("bench_bbc_topics: BBC News dataset not found under /work/shared/datasets or ../shared/datasets; skipped")
        return 0
    import numpy as np
    import pandas as pd
    from discourse.parsing import parse
    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.metrics import normalized_mutual_info_score

    from discourse.corpus import Corpus
    from discourse.themes.topics import TopicModel, _top_indices, npmi_coherence

    warnings.simplefilter("ignore")
    df = pd.read_json(path, lines=True)
    df = df[df["duplicate_of"].isna()].reset_index(drop=True)
    print(f"BBC News: {len(df)} articles (duplicate_of null), {df['category'].nunique()} categories, K={K}")
    corpus = Corpus.from_frame(df[["id", "category", "title", "text"]], text_field="text", id_field="id")
    t0 = time.time()
    if mode == "full":
        parsed = parse(corpus, components=["lemmatizer"], cache_dir=ROOT / ".discourse-cache", batch_size=64)
    else:  # what discourse analyze parses: topics read the lexical lemma, phrases are runs of content words
        parsed = parse(corpus, mode=mode, cache_dir=ROOT / ".discourse-cache", batch_size=64)
    print(f"parse mode: {mode}")
    print(f"parse: {time.time() - t0:.1f} s ({parsed.n_parsed} parsed, {parsed.n_cached} from cache)")
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
            assert list(tv.get_feature_names_out()) == list(vocab)
            est = NMF(K, init="nndsvd", max_iter=500, random_state=0)
        else:
            x = binary
            est = LatentDirichletAllocation(K, random_state=0)
        w = est.fit_transform(x)
        nmi = normalized_mutual_info_score(df["category"], w.argmax(axis=1))
        top = [[str(vocab[j]) for j in r] for r in _top_indices(est.components_, 10)]
        npmi = float(np.mean(npmi_coherence(top, binary, list(vocab))))
        rows.append((name, nmi, npmi, len(vocab), time.time() - t, top))

    ours("discourse NMF", phrases=False, min_df=5, max_df=0.5)
    ours("discourse NMF, phrases", phrases=True, min_df=5, max_df=0.5)
    ours("discourse NMF, lambda=1", phrases=False, min_df=5, max_df=0.5, relevance=1.0)
    ours("discourse LDA", model="lda", phrases=False, min_df=5, max_df=0.5)
    baseline("sklearn NMF (TF-IDF, raw text)", "nmf")
    baseline("sklearn LDA (counts, raw text)", "lda")

    table = pd.DataFrame([r[:5] for r in rows], columns=["model", "NMI", "NPMI@10", "n_terms", "seconds"])
    print()
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print()
    for name, *_, top in rows[:1]:
        print(f"top terms, {name}:")
        for i, t in enumerate(top, 1):
            print(f"  {i}: {', '.join(t)}")
    best = table.iloc[0]
    ok = best["NMI"] >= BAR_NMI and best["NPMI@10"] >= BAR_NPMI
    print(f"\nbar (NMI >= {BAR_NMI}, NPMI >= {BAR_NPMI}) for 'discourse NMF': {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "full"))
