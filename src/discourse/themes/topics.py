"""Topic models of passages: NMF (default) or LDA, K selection, prevalence.

Workflow
--------
>>> parsed = parse(load_corpus("corpus"), components=["lemmatizer"])       # doctest: +SKIP
>>> table = select_k(parsed, range(3, 11))                                  # doctest: +SKIP
>>> tm = TopicModel(n_topics=choose_k(table)).fit(parsed)                  # doctest: +SKIP
>>> tm.top_terms(), tm.doc_topics(), topic_prevalence(tm)                  # doctest: +SKIP

Units are paragraphs by default (see :func:`discourse.features.make_units`); document-level
shares are the units' topic shares averaged with weights equal to the units' word counts.

Models
------
``"nmf"``: scikit-learn NMF (Frobenius loss, ``nndsvd`` init) on TF-IDF with sublinear tf and
l2-normalised rows; a unit's topic coefficients are rescaled by the l2 norm of each topic's
term vector (topics put on the documents' unit-l2 scale) before being normalised to shares. ``"lda"``: scikit-learn LatentDirichletAllocation (batch variational Bayes)
on counts. Topic-term weights are each topic's row normalised to sum 1; unit-topic shares are
each unit's row normalised to sum 1 (a unit with no term keeps zeros and weight 0). Top terms
are ranked by relevance (Sievert & Shirley 2014, lambda 0.6 by default). Topics are
numbered from 1 in decreasing order of corpus prevalence. The same ``random_state`` gives
identical output.

Choosing K
----------
:func:`select_k` fits every K on the same units: all of them, or on corpora with more than
``max_units`` (default 4,000) units a seeded sample of whole documents holding at most that
many, so that choosing K costs about the same on 800 articles as on 20,000 posts. Its fits
stop at tolerance 1e-4 (the final model: 1e-5) and start from one randomized SVD per sample,
shared by the Ks. It reports, per K,

* ``coherence``: mean over topics of the mean NPMI of all pairs of the topic's top-10 terms,
  with probabilities from *co-occurrence within units* (the boolean-document reference corpus of
  Röder et al. 2015: all units of the corpus, also when the model was fitted on a sample);
  ``NPMI = log(p_ij / (p_i p_j)) / -log p_ij`` (Bouma 2009), ``-1`` for pairs that never
  co-occur;
* ``diversity``: share of unique words among all topics' top-25 terms (Dieng et al. 2020);
* ``exclusivity``: mean FREX (weight 0.7 on exclusivity) of each topic's top-10 terms, the
  stm ``exclusivity()`` score divided by 10 (Bischof & Airoldi 2012; Roberts et al. 2019);
* ``stability``: ``n_seeds`` (>= 5) refits, each on a seeded 80% sample of the (fitted) units with that
  seed as ``random_state`` (Greene et al. 2014); for every pair of runs, topics are matched
  one-to-one (Hungarian algorithm) to maximise top-10 overlap; stability is the mean matched
  overlap share over all pairs.

The rule (:func:`choose_k`): rank-normalise coherence and stability over the Ks tried (best = 1,
worst = 0, ties share the average rank), take their mean, choose the K with the highest mean;
ties go to the smaller K. The choice is sensitive to the seed even on all units (811 news
articles, K = 3..10 fitted on all units with ``random_state`` 1, 2 and 3 and three stability
refits: K = 7, 4 and 5): read the K table, not only the choice.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import DiscourseError
from .terms import (
    DocumentTermMatrix,
    StopList,
    Units,
    _df_bound,
    build_dtm,
    make_units,
)

__all__ = [
    "TopicModel",
    "topic_analysis",
    "fit_topics",
    "relevance",
    "npmi_coherence",
    "topic_diversity",
    "frex_exclusivity",
    "topic_stability",
    "select_k",
    "choose_k",
    "parse_k_range",
    "topic_prevalence",
]

MODELS = ("nmf", "lda")


# --------------------------------------------------------------------------------------------
# Fitting on a matrix
# --------------------------------------------------------------------------------------------
def _weight(matrix: sp.csr_matrix, model: str) -> sp.csr_matrix:
    if model == "lda":
        return matrix.astype(np.float64)
    from sklearn.feature_extraction.text import TfidfTransformer

    return TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2").fit_transform(matrix).tocsr()


def _fit_matrix(
    matrix: sp.csr_matrix,
    k: int,
    model: str,
    random_state: int,
    max_iter: int | None,
    *,
    tol: float = 1e-5,
) -> tuple[np.ndarray, np.ndarray, Any, np.ndarray]:
    """Fit one model; return (topic-term weights K x V, unit-topic shares n x K, estimator, p(term))."""
    return _fit_weighted(_weight(matrix, model), k, model, random_state, max_iter, tol=tol)


def _svd(x: sp.csr_matrix, k: int, random_state: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The randomized SVD scikit-learn's ``nndsvd`` initialisation computes (same call, same seed)."""
    from sklearn.utils.extmath import randomized_svd

    return randomized_svd(x, k, random_state=random_state)


def _nndsvd(svd: tuple[np.ndarray, np.ndarray, np.ndarray], k: int, eps: float = 1e-6) -> tuple[np.ndarray, np.ndarray]:
    """NNDSVD initial factors (Boutsidis & Gallopoulos 2008) of rank ``k`` from a (wider) SVD.

    The computation of scikit-learn's ``init="nndsvd"`` on the leading ``k`` singular triplets:
    with an SVD of rank exactly ``k`` and the same seed it gives the same factors, so one SVD of
    rank max(K) serves every K of a K range.
    """
    u, s, v = svd[0][:, :k], svd[1][:k], svd[2][:k]
    w = np.zeros_like(u)
    h = np.zeros_like(v)
    w[:, 0] = np.sqrt(s[0]) * np.abs(u[:, 0])
    h[0, :] = np.sqrt(s[0]) * np.abs(v[0, :])
    for j in range(1, k):
        x, y = u[:, j], v[j, :]
        x_p, y_p = np.maximum(x, 0), np.maximum(y, 0)
        x_n, y_n = np.abs(np.minimum(x, 0)), np.abs(np.minimum(y, 0))
        x_p_nrm, y_p_nrm = np.linalg.norm(x_p), np.linalg.norm(y_p)
        x_n_nrm, y_n_nrm = np.linalg.norm(x_n), np.linalg.norm(y_n)
        m_p, m_n = x_p_nrm * y_p_nrm, x_n_nrm * y_n_nrm
        if m_p > m_n:
            a, b, sigma = x_p / x_p_nrm, y_p / y_p_nrm, m_p
        else:
            a, b, sigma = x_n / x_n_nrm, y_n / y_n_nrm, m_n
        lbd = np.sqrt(s[j] * sigma)
        w[:, j] = lbd * a
        h[j, :] = lbd * b
    w[w < eps] = 0
    h[h < eps] = 0
    return w, h


def _fit_weighted(
    x: sp.csr_matrix,
    k: int,
    model: str,
    random_state: int,
    max_iter: int | None,
    *,
    tol: float = 1e-5,
    svd: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, Any, np.ndarray]:
    """:func:`_fit_matrix` on an already weighted matrix; ``svd`` (NMF only) is a shared SVD of ``x``."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    if model == "nmf":
        from sklearn.decomposition import NMF

        est = NMF(n_components=k, init="nndsvd" if svd is None else "custom", max_iter=max_iter or 1000, tol=tol, random_state=random_state)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            if svd is None:
                w = est.fit_transform(x)
            else:
                w0, h0 = _nndsvd(svd, k)
                w = est.fit_transform(x, W=w0, H=h0)
        h = est.components_
        # put topics on the documents' scale (unit l2 norm) before comparing coefficients
        w = w * np.linalg.norm(h, axis=1)[None, :]
    else:
        from sklearn.decomposition import LatentDirichletAllocation

        est = LatentDirichletAllocation(n_components=k, learning_method="batch", max_iter=max_iter or 100, random_state=random_state)
        w = est.fit_transform(x)
        h = est.components_
    beta = _row_normalise(h)
    theta = _row_normalise(w)
    mass = np.asarray(x.sum(axis=0)).ravel()
    p_term = mass / mass.sum() if mass.sum() > 0 else np.full(len(mass), 1.0 / max(len(mass), 1))
    return beta, theta, est, p_term


def _row_normalise(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    s = a.sum(axis=1, keepdims=True)
    return np.divide(a, s, out=np.zeros_like(a), where=s > 0)


def _top_indices(beta: np.ndarray, n: int) -> np.ndarray:
    # stable: ties broken by column (alphabetical vocabulary)
    return np.argsort(-beta, axis=1, kind="stable")[:, : min(n, beta.shape[1])]


def relevance(beta: np.ndarray, p_term: np.ndarray, lam: float = 0.6) -> np.ndarray:
    """Term relevance (Sievert & Shirley 2014): ``lam log beta_kw + (1 - lam) log(beta_kw / p_w)``.

    ``lam = 1`` ranks terms by their weight in the topic; lower values favour terms that are
    frequent in the topic *relative to the corpus*, pushing down words common everywhere.
    Sievert & Shirley's user study found ``lam = 0.6`` best for interpretation.
    """
    if not 0 <= lam <= 1:
        raise DiscourseError(f"relevance must be a lambda in [0, 1] (1 ranks by weight), not {lam!r}")
    tiny = np.finfo(float).tiny
    lb = np.log(np.maximum(beta, tiny))
    if lam == 1:
        return lb
    return lam * lb + (1 - lam) * (lb - np.log(np.maximum(p_term, tiny))[None, :])


def _check_k(k: Any, n_units: int, n_terms: int, param: str = "n_topics") -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise DiscourseError(f"{param} must be a positive integer, not {k!r}")
    if k > min(n_units, n_terms):
        raise DiscourseError(
            f"{param}={k} exceeds the {n_units} units x {n_terms} terms available; lower it, use smaller units or lower min_df"
        )
    return int(k)


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------
class TopicModel:
    """A topic model of document passages, with scikit-learn manners.

    Parameters
    ----------
    n_topics : int, default 8
        Number of topics K.
    model : {"nmf", "lda"}, default "nmf"
    unit : str, default "paragraph"
        ``"paragraph"``, ``"window:N"`` (N sentences) or ``"document"``; see
        :func:`discourse.features.make_units`.
    min_words : int, default 8
        Shorter paragraphs (headings) join the next unit.
    min_df, max_df : int or float, default 2, 0.95
        Document-frequency bounds over units (see :func:`discourse.features.build_dtm`).
    phrases : bool, default True
        Merge collocations ("gender equality") into single terms.
    stoplist : StopList, optional
        Default :func:`discourse.features.load_stoplist`.
    n_top : int, default 10
        Top terms per topic in tables and labels.
    relevance : float, default 0.6
        Lambda of the term relevance used to rank top terms (Sievert & Shirley 2014): 1 ranks
        by weight in the topic; 0.6 (their recommendation) pushes down words frequent in every
        topic. The ``weight`` reported is always the topic-term weight.
    max_iter : int, optional
        Iterations (default 1000 for NMF, 100 for LDA).
    random_state : int, default 0

    Attributes
    ----------
    units_ : Units
        The units modelled (``units_.sentences`` maps ``(doc_id, sent_id)`` to ``unit_id``).
    dtm_ : DocumentTermMatrix
        Counts of the units.
    vocabulary_ : list of str
    components_ : ndarray, shape (n_topics, n_terms)
        Topic-term weights, rows summing to 1.
    unit_topics_ : ndarray, shape (n_units, n_topics)
        Unit-topic shares, rows summing to 1 (0 for units without terms).
    labels_ : list of str
        A readable label per topic (its three top terms).
    term_frequency_ : ndarray
        Corpus share of each term in the modelled matrix (for relevance).
    topic_order_ : ndarray
        Estimator component of each topic (topics are sorted by prevalence).
    estimator_ : sklearn estimator
    metadata_ : pandas.DataFrame or None
        Document metadata when the documents carry it (a ParsedCorpus).
    """

    def __init__(
        self,
        n_topics: int = 8,
        *,
        model: str = "nmf",
        unit: str = "paragraph",
        min_words: int = 8,
        min_df: int | float = 2,
        max_df: int | float = 0.95,
        phrases: bool = True,
        stoplist: StopList | None = None,
        n_top: int = 10,
        relevance: float = 0.6,
        max_iter: int | None = None,
        random_state: int = 0,
    ) -> None:
        self.n_topics = n_topics
        self.model = model
        self.unit = unit
        self.min_words = min_words
        self.min_df = min_df
        self.max_df = max_df
        self.phrases = phrases
        self.stoplist = stoplist
        self.n_top = n_top
        self.relevance = relevance
        self.max_iter = max_iter
        self.random_state = random_state

    def __repr__(self) -> str:
        return f"TopicModel(n_topics={self.n_topics!r}, model={self.model!r}, unit={self.unit!r}, random_state={self.random_state!r})"

    # -- fitting ---------------------------------------------------------------------------
    def _check_params(self) -> None:
        if self.model not in MODELS:
            raise DiscourseError(f"model must be 'nmf' or 'lda', not {self.model!r}")
        if not isinstance(self.n_top, int) or self.n_top < 1:
            raise DiscourseError(f"n_top must be a positive integer, not {self.n_top!r}")
        if isinstance(self.relevance, bool) or not isinstance(self.relevance, (int, float)) or not 0 <= self.relevance <= 1:
            raise DiscourseError(f"relevance must be a lambda in [0, 1] (1 ranks by weight), not {self.relevance!r}")
        if not isinstance(self.random_state, (int, np.integer)):
            raise DiscourseError(f"random_state must be an integer seed, not {self.random_state!r}")

    def _prepare(self, docs: Any) -> tuple[Units, DocumentTermMatrix]:
        units = make_units(docs, self.unit, min_words=self.min_words)
        dtm = build_dtm(units, stoplist=self.stoplist, phrases=self.phrases, min_df=self.min_df, max_df=self.max_df)
        if dtm.matrix.shape[1] == 0:
            raise DiscourseError("min_df/max_df left no terms; lower min_df or raise max_df")
        return units, dtm

    def fit(self, docs: Any, y: None = None) -> TopicModel:
        """Cut ``docs`` into units, build the DTM and fit the model.

        Parameters
        ----------
        docs : ParsedCorpus or mapping doc_id -> spacy Doc
        y : None
            Ignored.

        Returns
        -------
        TopicModel
            ``self``.
        """
        self._check_params()
        units, dtm = self._prepare(docs)
        return self._fit_prepared(units, dtm, metadata=_metadata_of(docs))

    def _fit_prepared(self, units: Units, dtm: DocumentTermMatrix, metadata: pd.DataFrame | None = None) -> TopicModel:
        self._check_params()
        k = _check_k(self.n_topics, *dtm.matrix.shape)
        beta, theta, est, p_term = _fit_matrix(dtm.matrix, k, self.model, int(self.random_state), self.max_iter)
        weights = units.table["n_words"].to_numpy(dtype=float) * (theta.sum(axis=1) > 0)
        prevalence = (theta * weights[:, None]).sum(axis=0)
        order = np.argsort(-prevalence, kind="stable")
        self.units_ = units
        self.dtm_ = dtm
        self.vocabulary_ = list(dtm.vocabulary)
        self.components_ = beta[order]
        self.unit_topics_ = theta[:, order]
        self.estimator_ = est
        self.metadata_ = metadata
        self.n_topics_ = k
        self.topic_order_ = order
        self.term_frequency_ = p_term
        self.labels_ = _labels(self._ranking(), self.vocabulary_)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "components_"):
            raise DiscourseError("this TopicModel is not fitted yet; call .fit(docs) first")

    # -- tables ----------------------------------------------------------------------------
    @property
    def topics(self) -> list[int]:
        """Topic numbers, 1..K."""
        self._check_fitted()
        return list(range(1, self.n_topics_ + 1))

    def top_terms(self, n: int | None = None) -> pd.DataFrame:
        """Top terms per topic: ``topic``, ``rank`` (1 = top), ``term``, ``weight``.

        Terms are ranked by relevance (see the ``relevance`` parameter); ``weight`` is the term's
        weight in the topic (the topic's row of ``components_``).
        """
        self._check_fitted()
        idx = _top_indices(self._ranking(), n or self.n_top)
        rows = [
            (t + 1, r + 1, self.vocabulary_[j], float(self.components_[t, j]))
            for t in range(self.n_topics_)
            for r, j in enumerate(idx[t])
        ]
        return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])

    def _ranking(self) -> np.ndarray:
        return relevance(self.components_, self.term_frequency_, float(self.relevance))

    def topic_labels(self) -> pd.DataFrame:
        """``topic``, ``label``."""
        self._check_fitted()
        return pd.DataFrame({"topic": self.topics, "label": self.labels_})

    def unit_topics(self) -> pd.DataFrame:
        """Long table: ``unit_id``, ``doc_id``, ``topic``, ``weight`` (the unit's share)."""
        self._check_fitted()
        n, k = self.unit_topics_.shape
        return pd.DataFrame({
            "unit_id": np.repeat(self.units_.table["unit_id"].to_numpy(), k),
            "doc_id": np.repeat(self.units_.table["doc_id"].to_numpy(), k),
            "topic": np.tile(np.arange(1, k + 1), n),
            "weight": self.unit_topics_.ravel(),
        })

    def dominant_topics(self) -> pd.DataFrame:
        """Per unit: ``unit_id``, ``doc_id``, ``topic`` (largest share; 0 if the unit has no terms)."""
        self._check_fitted()
        top = self.unit_topics_.argmax(axis=1) + 1
        top[self.unit_topics_.sum(axis=1) == 0] = 0
        return pd.DataFrame({"unit_id": self.units_.table["unit_id"], "doc_id": self.units_.table["doc_id"], "topic": top})

    def doc_topics(self) -> pd.DataFrame:
        """Per document and topic: ``doc_id``, ``topic``, ``weight`` (the document's share).

        Shares are the units' shares weighted by their word counts (units without terms get
        weight 0), so they sum to 1 per document.
        """
        self._check_fitted()
        shares = _weighted_shares(self.unit_topics_, self._unit_weights(), self.units_.table["doc_id"].to_numpy())
        return shares.rename(columns={"group": "doc_id"})

    def _unit_weights(self) -> np.ndarray:
        w = self.units_.table["n_words"].to_numpy(dtype=float)
        return w * (self.unit_topics_.sum(axis=1) > 0)

    def transform(self, docs: Any) -> pd.DataFrame:
        """Topic shares of new documents' units (fold-in with the fitted vocabulary).

        Returns
        -------
        pandas.DataFrame
            ``unit_id``, ``doc_id``, ``topic``, ``weight``.
        """
        self._check_fitted()
        units = make_units(docs, self.unit, min_words=self.min_words)
        dtm = build_dtm(units, stoplist=self.dtm_.stoplist, phrases=self.dtm_.phrases or False, min_df=0, max_df=1.0)
        x = _align_columns(dtm, self.vocabulary_)
        if self.model == "nmf":
            from sklearn.feature_extraction.text import TfidfTransformer

            tf = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2").fit(self.dtm_.matrix)
            w = self.estimator_.transform(tf.transform(x))
            w = w * np.linalg.norm(self.estimator_.components_, axis=1)[None, :]
        else:
            w = self.estimator_.transform(x)
        k = self.n_topics_
        theta = _row_normalise(w)[:, self.topic_order_]
        n = theta.shape[0]
        return pd.DataFrame({
            "unit_id": np.repeat(units.table["unit_id"].to_numpy(), k),
            "doc_id": np.repeat(units.table["doc_id"].to_numpy(), k),
            "topic": np.tile(np.arange(1, k + 1), n),
            "weight": theta.ravel(),
        })


def _align_columns(dtm: DocumentTermMatrix, vocabulary: Sequence[str]) -> sp.csr_matrix:
    """``dtm``'s counts in the columns of ``vocabulary`` (terms it lacks stay 0), as float."""
    cols = {t: j for j, t in enumerate(dtm.vocabulary)}
    pairs = [(cols[t], j) for j, t in enumerate(vocabulary) if t in cols]
    src = np.array([a for a, _ in pairs], dtype=np.int64)
    dst = np.array([b for _, b in pairs], dtype=np.int64)
    select = sp.csr_matrix((np.ones(len(pairs)), (src, dst)), shape=(len(dtm.vocabulary), len(vocabulary)))
    return (dtm.matrix.astype(np.float64) @ select).tocsr()


def _metadata_of(docs: Any) -> pd.DataFrame | None:
    meta = getattr(docs, "metadata", None)
    if callable(meta):
        try:
            out = meta()
        except Exception:  # noqa: BLE001 - metadata is optional
            return None
        return out if isinstance(out, pd.DataFrame) else None
    return None


def _labels(beta: np.ndarray, vocab: Sequence[str], n: int = 3) -> list[str]:
    idx = _top_indices(beta, max(n + 2, 5))
    labels: list[str] = []
    for t in range(beta.shape[0]):
        words = [vocab[j] for j in idx[t][:n]]
        label = ", ".join(words)
        m = n
        while label in labels and m < idx.shape[1]:
            m += 1
            label = ", ".join(vocab[j] for j in idx[t][:m])
        labels.append(label)
    return labels


def _group_rows(groups: np.ndarray) -> tuple[list[Any], list[np.ndarray]]:
    """Distinct values of ``groups`` in first-seen order and the ascending row indices of each.

    One pass and one stable sort instead of a ``groups == g`` scan per group (quadratic in the
    number of documents).
    """
    lst = groups.tolist()
    values = list(dict.fromkeys(lst))
    pos = {v: i for i, v in enumerate(values)}
    codes = np.fromiter((pos[v] for v in lst), dtype=np.int64, count=len(lst))
    order = np.argsort(codes, kind="stable")
    bounds = np.cumsum(np.bincount(codes, minlength=len(values)))[:-1]
    return values, np.split(order, bounds)


def _weighted_shares(theta: np.ndarray, weights: np.ndarray, groups: np.ndarray) -> pd.DataFrame:
    k = theta.shape[1]
    values, rows = _group_rows(groups)
    shares = np.zeros((len(values), k))
    for i, m in enumerate(rows):
        w = weights[m]
        tot = w.sum()
        if tot > 0:
            shares[i] = (theta[m] * w[:, None]).sum(axis=0) / tot
    return pd.DataFrame({
        "group": [g for g in values for _ in range(k)],
        "topic": np.tile(np.arange(1, k + 1), len(values)),
        "weight": shares.ravel(),
    })


def fit_topics(docs: Any, n_topics: int = 8, **params: Any) -> TopicModel:
    """Fit a :class:`TopicModel` (``TopicModel(n_topics, **params).fit(docs)``)."""
    return TopicModel(n_topics, **params).fit(docs)


# --------------------------------------------------------------------------------------------
# Quality measures
# --------------------------------------------------------------------------------------------
def npmi_coherence(
    topics: Sequence[Sequence[str]],
    matrix: sp.spmatrix | np.ndarray | DocumentTermMatrix,
    vocabulary: Sequence[str] | None = None,
) -> np.ndarray:
    """NPMI coherence of each topic's terms, from co-occurrence within documents (units).

    For each pair of a topic's terms, ``NPMI = log(p_ij / (p_i p_j)) / -log(p_ij)`` (Bouma 2009),
    where ``p_i`` is the share of documents containing term i and ``p_ij`` the share
    containing both (the boolean-document reference of Röder et al. 2015). Pairs that never
    co-occur score -1; pairs found in every document score 1. The topic's coherence is the mean
    over its pairs.

    Parameters
    ----------
    topics : sequence of sequences of str
        Each topic's top terms (usually 10).
    matrix : sparse matrix, ndarray or DocumentTermMatrix
        Documents x terms counts (any non-zero counts as present).
    vocabulary : sequence of str, optional
        Column labels (taken from a DocumentTermMatrix).

    Returns
    -------
    numpy.ndarray
        One coherence per topic.
    """
    if isinstance(matrix, DocumentTermMatrix):
        vocabulary = matrix.vocabulary
        matrix = matrix.matrix
    if vocabulary is None:
        raise DiscourseError("vocabulary is required with a bare matrix; pass the column labels")
    index = {t: i for i, t in enumerate(vocabulary)}
    x = sp.csc_matrix(matrix)
    x = (x > 0).astype(np.float64)
    n = x.shape[0]
    out = []
    for terms in topics:
        missing = [t for t in terms if t not in index]
        if missing:
            raise DiscourseError(f"topics: term {missing[0]!r} is not in the vocabulary; use terms of the same document-term matrix")
        cols = [index[t] for t in terms]
        if len(cols) < 2:
            out.append(float("nan"))
            continue
        sub = x[:, cols]
        co = np.asarray((sub.T @ sub).todense())
        df = np.diag(co)
        scores = []
        for i, j in itertools.combinations(range(len(cols)), 2):
            dij = co[i, j]
            if dij == 0:
                scores.append(-1.0)
                continue
            p_ij = dij / n
            if p_ij >= 1.0:
                scores.append(1.0)
                continue
            pmi = math.log(p_ij / ((df[i] / n) * (df[j] / n)))
            scores.append(pmi / -math.log(p_ij))
        out.append(float(np.mean(scores)))
    return np.asarray(out)


def topic_diversity(topics: Sequence[Sequence[str]]) -> float:
    """Share of unique terms among all topics' top terms (Dieng et al. 2020; use top 25)."""
    words = [w for t in topics for w in t]
    return len(set(words)) / len(words) if words else float("nan")


def frex_exclusivity(beta: np.ndarray, n_top: int = 10, weight: float = 0.7) -> np.ndarray:
    """Mean FREX score of each topic's top terms (Bischof & Airoldi 2012; stm's exclusivity / n_top).

    ``FREX = 1 / (w / ECDF(exclusivity) + (1 - w) / ECDF(frequency))`` where, for topic k and
    term v, exclusivity is ``beta_kv / sum_k beta_kv`` and frequency is ``beta_kv``; the ECDFs are
    taken over the vocabulary within the topic. The top terms are those with the largest beta.

    Parameters
    ----------
    beta : ndarray, shape (K, V)
        Topic-term distributions (rows summing to 1).
    n_top : int, default 10
    weight : float, default 0.7
        Weight of exclusivity.

    Returns
    -------
    numpy.ndarray
        One score in (0, 1] per topic.
    """
    from scipy.stats import rankdata

    beta = np.asarray(beta, dtype=float)
    v = beta.shape[1]
    col = beta.sum(axis=0, keepdims=True)
    excl = np.divide(beta, col, out=np.zeros_like(beta), where=col > 0)
    top = _top_indices(beta, n_top)
    out = []
    for k in range(beta.shape[0]):
        e_cdf = rankdata(excl[k], method="max") / v
        f_cdf = rankdata(beta[k], method="max") / v
        frex = 1.0 / (weight / e_cdf[top[k]] + (1 - weight) / f_cdf[top[k]])
        out.append(float(frex.mean()))
    return np.asarray(out)


def _match_overlap(a: list[set[str]], b: list[set[str]], n_top: int) -> float:
    from scipy.optimize import linear_sum_assignment

    o = np.array([[len(x & y) / n_top for y in b] for x in a])
    r, c = linear_sum_assignment(-o)
    return float(o[r, c].mean())


def topic_stability(
    matrix: sp.csr_matrix,
    vocabulary: Sequence[str],
    k: int,
    *,
    model: str = "nmf",
    n_seeds: int = 5,
    sample: float = 0.8,
    n_top: int = 10,
    random_state: int = 0,
    max_iter: int | None = None,
    lam: float = 0.6,
    tol: float = 1e-5,
) -> float:
    """Mean best-match overlap of top terms across refits on seeded samples of the units.

    Run ``i`` (``i < n_seeds``) fits on a ``sample`` share of the rows drawn without replacement
    with seed ``random_state + i``, which is also its ``random_state``. Topics of every pair of
    runs are matched one-to-one to maximise the overlap of their top ``n_top`` terms (Hungarian
    algorithm); the result is the mean matched overlap share over all pairs, in [0, 1]. Top
    terms are ranked by :func:`relevance` with ``lam``. ``tol`` is the NMF convergence tolerance
    of the refits (:func:`select_k` passes its own, looser one).
    """
    return _stability(matrix, vocabulary, [k], model=model, n_seeds=n_seeds, sample=sample, n_top=n_top,
                      random_state=random_state, max_iter=max_iter, lam=lam, tol=tol)[k]


def _stability(
    matrix: sp.csr_matrix,
    vocabulary: Sequence[str],
    ks: Sequence[int],
    *,
    model: str,
    n_seeds: int,
    sample: float,
    n_top: int,
    random_state: int,
    max_iter: int | None,
    lam: float,
    tol: float,
) -> dict[int, float]:
    """:func:`topic_stability` for several K at once.

    The Ks share each seed's row sample (it does not depend on K unless K exceeds it), its
    weighting and, for NMF, one randomized SVD of rank max(K) from which every K's ``nndsvd``
    start is taken (:func:`_nndsvd`): one SVD per seed instead of one per seed and K.
    """
    if n_seeds < 2:
        raise DiscourseError(f"n_seeds must be at least 2 (5 or more recommended), not {n_seeds!r}")
    if not 0 < sample <= 1:
        raise DiscourseError(f"sample must be a share in (0, 1], not {sample!r}")
    n = matrix.shape[0]
    by_size: dict[int, list[int]] = {}
    for k in ks:
        by_size.setdefault(max(k, int(round(sample * n))), []).append(k)
    runs: dict[int, list[list[set[str]]]] = {k: [] for k in ks}
    for i in range(n_seeds):
        seed = int(random_state) + i
        for m, group in by_size.items():
            rows = np.sort(np.random.default_rng(seed).choice(n, size=m, replace=False))
            sub = matrix[rows]
            present = np.flatnonzero(sub.getnnz(axis=0))
            sub = sub[:, present]
            x = _weight(sub, model)
            svd = _svd(x, max(group), seed) if model == "nmf" and len(group) > 1 else None
            for k in group:
                beta, _, _, p_term = _fit_weighted(x, k, model, seed, max_iter, tol=tol, svd=svd)
                idx = _top_indices(relevance(beta, p_term, lam), n_top)
                runs[k].append([{vocabulary[present[j]] for j in row} for row in idx])
    return {k: float(np.mean([_match_overlap(a, b, n_top) for a, b in itertools.combinations(runs[k], 2)])) for k in ks}


# --------------------------------------------------------------------------------------------
# Choosing K
# --------------------------------------------------------------------------------------------
def parse_k_range(spec: str | int | Iterable[int]) -> list[int]:
    """Read a K or a range of Ks: ``8``, ``"8"``, ``"3-12"``, ``"4-20:2"`` or ``"3,5,8"``."""
    if isinstance(spec, (int, np.integer)) and not isinstance(spec, bool):
        ks = [int(spec)]
    elif isinstance(spec, str):
        text = spec.replace(" ", "")
        ks = []
        try:
            for part in text.split(","):
                m = re.fullmatch(r"(\d+)(?:-(\d+)(?::(\d+))?)?", part)
                if m is None:
                    raise ValueError(part)
                a = int(m.group(1))
                b = int(m.group(2)) if m.group(2) else a
                step = int(m.group(3)) if m.group(3) else 1
                if b < a or step < 1:
                    raise ValueError(part)
                ks.extend(range(a, b + 1, step))
        except ValueError:
            raise DiscourseError(f"k must be a number, a range like '3-12' (or '4-20:2') or a list like '3,5,8', not {spec!r}") from None
    elif isinstance(spec, Iterable):
        ks = [int(x) for x in spec]
    else:
        raise DiscourseError(f"k must be a number, a range like '3-12' or a list of numbers, not {spec!r}")
    ks = sorted(set(ks))
    if not ks or ks[0] < 1:
        raise DiscourseError(f"k must name positive numbers of topics, not {spec!r}")
    return ks


def _rank_normalise(values: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    v = np.asarray(values, dtype=float)
    if len(v) == 1:
        return np.ones(1)
    r = rankdata(v, method="average")
    return (r - 1) / (len(v) - 1)


def choose_k(table: pd.DataFrame) -> int:
    """The K chosen from a :func:`select_k` table.

    Rule: the highest mean of rank-normalised ``coherence`` and ``stability`` (over the Ks in
    the table, best = 1, worst = 0); ties go to the smaller K.
    """
    for col in ("k", "coherence", "stability"):
        if col not in table.columns:
            raise DiscourseError(f"table has no {col!r} column; pass the output of select_k")
    score = (_rank_normalise(table["coherence"].to_numpy()) + _rank_normalise(table["stability"].to_numpy())) / 2
    best = score.max()
    return int(table["k"].to_numpy()[np.isclose(score, best)].min())


#: Default cap on the units K selection fits on (see :func:`select_k`).
SELECT_K_MAX_UNITS = 4000


def select_k(
    docs: Any,
    ks: str | Iterable[int],
    *,
    model: str = "nmf",
    unit: str = "paragraph",
    n_seeds: int = 5,
    n_top: int = 10,
    random_state: int = 0,
    max_units: int | None = SELECT_K_MAX_UNITS,
    tol: float = 1e-4,
    **params: Any,
) -> pd.DataFrame:
    """Compare numbers of topics: coherence, diversity, exclusivity and stability per K.

    Every K is fitted on the same units: all of them, or, when there are more than
    ``max_units``, a seeded random sample of whole documents holding at most ``max_units``
    units (documents drawn in a random order with ``random_state`` until the next one would
    exceed the cap; at least one), keeping the terms that pass ``min_df`` within the sample.
    The measures of each K come from one fit on those units (coherence counts co-occurrence in
    *all* units), stability from ``n_seeds`` refits on 80% samples of them (see
    :func:`topic_stability`). NMF fits for K selection stop at tolerance ``tol`` (default 1e-4;
    the final model uses 1e-5: on 811 news articles the K table is the same to three decimals)
    and start from one randomized SVD per sample shared by the Ks (each K's ``nndsvd`` start
    from the leading K singular triplets). So K selection costs about ``(1 + n_seeds) * len(ks)``
    fits of at most ``max_units`` units, whatever the size of the corpus (on 811 news articles
    with 21,518 paragraphs: ~10-15 s for K = 3..10 on one core, ~50 s with ``max_units=None``).

    Parameters
    ----------
    docs : ParsedCorpus or mapping doc_id -> Doc
    ks : str or iterable of int
        E.g. ``range(3, 13)`` or ``"3-12"``.
    model, unit : str
        As in :class:`TopicModel`.
    n_seeds : int, default 5
        Refits for stability (at least 5 recommended).
    n_top : int, default 10
        Top terms for coherence, exclusivity and stability (diversity uses 25).
    random_state : int, default 0
        Seeds the document sample, the fits and the stability samples.
    max_units : int or None, default 4000
        Fit on a sample of whole documents with at most this many units; None: all units.
    tol : float, default 1e-4
        NMF convergence tolerance of the selection fits.
    **params
        Other :class:`TopicModel` parameters (min_df, max_df, phrases, ...).

    Returns
    -------
    pandas.DataFrame
        ``k``, ``coherence``, ``diversity``, ``exclusivity``, ``stability``, ``score`` (the mean of
        rank-normalised coherence and stability) and ``chosen`` (True for the K :func:`choose_k`
        picks). ``table.attrs["chosen_k"]`` holds the choice, ``table.attrs["n_units"]`` and
        ``table.attrs["n_documents"]`` the size of the sample the Ks were fitted on.
    """
    ks_list = parse_k_range(ks)
    base = TopicModel(ks_list[0], model=model, unit=unit, n_top=n_top, random_state=random_state, **params)
    base._check_params()
    units, dtm = base._prepare(docs)
    return _select_k_prepared(units, dtm, ks_list, base, n_seeds=n_seeds, max_units=max_units, tol=tol)


def _sample_documents(units: Units, max_units: int | None, random_state: int) -> np.ndarray | None:
    """Rows of a seeded sample of whole documents with at most ``max_units`` units (None: all)."""
    n = len(units)
    if max_units is None or n <= max_units:
        return None
    if isinstance(max_units, bool) or not isinstance(max_units, (int, np.integer)) or max_units < 1:
        raise DiscourseError(f"max_units must be a positive integer or None, not {max_units!r}")
    codes, uniques = pd.factorize(units.table["doc_id"], sort=False)
    sizes = np.bincount(codes, minlength=len(uniques))
    order = np.random.default_rng(random_state).permutation(len(uniques))
    n_docs = max(1, int(np.searchsorted(np.cumsum(sizes[order]), max_units, side="right")))
    return np.flatnonzero(np.isin(codes, order[:n_docs]))


def _select_k_prepared(
    units: Units,
    dtm: DocumentTermMatrix,
    ks_list: Sequence[int],
    base: TopicModel,
    *,
    n_seeds: int = 5,
    max_units: int | None = SELECT_K_MAX_UNITS,
    tol: float = 1e-4,
) -> pd.DataFrame:
    """:func:`select_k` on prepared units and matrix; ``base`` carries the model parameters."""
    for k in ks_list:
        _check_k(k, *dtm.matrix.shape, param="ks")
    seed = int(base.random_state)
    rows = _sample_documents(units, max_units, seed)
    matrix = dtm.matrix if rows is None else dtm.matrix[rows]
    df = matrix.getnnz(axis=0)
    # a sample keeps the terms that pass the model's min_df within it
    floor = 1 if rows is None else max(1.0, _df_bound(base.min_df, matrix.shape[0], "min_df"))
    present = np.flatnonzero(df >= floor)
    matrix = matrix[:, present].tocsr()
    vocab = [dtm.vocabulary[j] for j in present]
    for k in ks_list:
        _check_k(k, *matrix.shape, param="ks")
    x = _weight(matrix, base.model)
    svd = _svd(x, max(ks_list), seed) if base.model == "nmf" and len(ks_list) > 1 else None
    lam = float(base.relevance)
    stability = _stability(matrix, vocab, ks_list, model=base.model, n_seeds=n_seeds, sample=0.8, n_top=base.n_top,
                           random_state=seed, max_iter=base.max_iter, lam=lam, tol=tol)
    rows_out = []
    for k in ks_list:
        beta, _, _, p_term = _fit_weighted(x, k, base.model, seed, base.max_iter, tol=tol, svd=svd)
        ranking = relevance(beta, p_term, lam)
        top = _top_indices(ranking, max(base.n_top, 25))
        top10 = [[vocab[j] for j in row[: base.n_top]] for row in top]
        top25 = [[vocab[j] for j in row[:25]] for row in top]
        rows_out.append({
            "k": k,
            "coherence": float(np.mean(npmi_coherence(top10, dtm))),  # co-occurrence in all units
            "diversity": topic_diversity(top25),
            "exclusivity": float(np.mean(frex_exclusivity(beta, base.n_top))),
            "stability": stability[k],
        })
    table = pd.DataFrame(rows_out, columns=["k", "coherence", "diversity", "exclusivity", "stability"])
    table["score"] = (_rank_normalise(table["coherence"].to_numpy()) + _rank_normalise(table["stability"].to_numpy())) / 2
    chosen = choose_k(table)
    table["chosen"] = table["k"] == chosen
    table.attrs["chosen_k"] = chosen
    table.attrs["n_units"] = int(matrix.shape[0])
    table.attrs["n_documents"] = int(len(set(units.table["doc_id"].to_numpy()[rows]))) if rows is not None else int(units.table["doc_id"].nunique())
    return table


# --------------------------------------------------------------------------------------------
# Prevalence
# --------------------------------------------------------------------------------------------
def topic_prevalence(
    model: TopicModel,
    by: str = "doc_id",
    *,
    metadata: pd.DataFrame | None = None,
    n_boot: int = 1000,
    ci: float = 0.95,
    random_state: int = 0,
    max_cells: int = 2**22,
) -> pd.DataFrame:
    """Topic shares per document or metadata group, with bootstrap intervals over units.

    A group's share of a topic is the word-count-weighted mean of its units' shares. The
    interval is the percentile interval of that share over ``n_boot`` resamples of the group's
    units (with replacement). Resamples are drawn group by group from one generator seeded with
    ``random_state`` and reduced to counts per unit, so memory stays bounded (``max_cells``
    draws at a time) however large a group is.

    Parameters
    ----------
    model : TopicModel
        A fitted model.
    by : str, default "doc_id"
        ``"doc_id"`` or a metadata column.
    metadata : pandas.DataFrame, optional
        ``doc_id`` + covariates; default the metadata of the fitted documents.
    n_boot : int, default 1000
    ci : float, default 0.95
    random_state : int, default 0
    max_cells : int, default 2**22
        Largest number of unit draws held in memory at once (a group of ``n`` units is
        resampled ``max_cells // n`` replicates at a time); does not change the result.

    Returns
    -------
    pandas.DataFrame
        ``<by>``, ``topic``, ``label``, ``share``, ``ci_low``, ``ci_high``, ``n_units``.
    """
    model._check_fitted()
    if not 0 < ci < 1:
        raise DiscourseError(f"ci must be a level in (0, 1), e.g. 0.95, not {ci!r}")
    if not isinstance(n_boot, int) or n_boot < 1:
        raise DiscourseError(f"n_boot must be a positive integer, not {n_boot!r}")
    if isinstance(max_cells, bool) or not isinstance(max_cells, int) or max_cells < 1:
        raise DiscourseError(f"max_cells must be a positive integer, not {max_cells!r}")
    doc_ids = model.units_.table["doc_id"].to_numpy()
    if by == "doc_id":
        groups = doc_ids
    else:
        meta = metadata if metadata is not None else model.metadata_
        if meta is None or by not in meta.columns:
            cols = ", ".join(map(str, meta.columns)) if meta is not None else "none"
            raise DiscourseError(f"by: no metadata column {by!r} (available: {cols}); name one, or pass metadata=")
        lookup = dict(zip(meta["doc_id"].astype(str), meta[by], strict=False))
        groups = np.array([lookup.get(d) for d in doc_ids], dtype=object)
    theta = model.unit_topics_
    w = model._unit_weights()
    rng = np.random.default_rng(random_state)
    k = theta.shape[1]
    qs = [(1 - ci) / 2 * 100, (1 + ci) / 2 * 100]
    values, rows = _group_rows(groups)
    keep = [i for i, g in enumerate(values) if not (g is None or (isinstance(g, float) and math.isnan(g)))]
    shares = np.zeros((len(keep), k))
    bounds = np.full((len(keep), 2, k), np.nan)
    block: list[tuple[int, np.ndarray]] = []

    def flush() -> None:
        # percentiles of many groups at once; identical to np.nanpercentile per group without NaN
        if block:
            pos = [i for i, _ in block]
            bounds[pos] = np.moveaxis(np.percentile(np.stack([b for _, b in block]), qs, axis=1), 0, 1)
            block.clear()

    for out_i, gi in enumerate(keep):
        idx = rows[gi]
        wg, tg = w[idx], theta[idx]
        tot = wg.sum()
        shares[out_i] = (tg * wg[:, None]).sum(axis=0) / tot if tot > 0 else np.zeros(k)
        boot = _bootstrap_shares(rng, wg, tg, n_boot, max_cells)
        finite = np.isfinite(boot)
        if finite.all():
            block.append((out_i, boot))
            if len(block) >= 256:
                flush()
        elif finite.any():
            bounds[out_i] = np.nanpercentile(boot, qs, axis=0)
    flush()
    n_units = np.array([len(rows[gi]) for gi in keep], dtype=np.int64)
    return pd.DataFrame({
        by: [values[gi] for gi in keep for _ in range(k)],
        "topic": np.tile(np.arange(1, k + 1), len(keep)),
        "label": list(model.labels_) * len(keep),
        "share": shares.ravel(),
        "ci_low": bounds[:, 0, :].ravel(),
        "ci_high": bounds[:, 1, :].ravel(),
        "n_units": np.repeat(n_units, k),
    }, columns=[by, "topic", "label", "share", "ci_low", "ci_high", "n_units"])


def _bootstrap_shares(rng: np.random.Generator, wg: np.ndarray, tg: np.ndarray, n_boot: int, max_cells: int) -> np.ndarray:
    """``n_boot`` weighted mean shares of resampled units, shape (n_boot, K); NaN where no weight.

    Each replicate draws ``len(wg)`` units with replacement (``rng.integers``, row by row, so the
    draws do not depend on ``max_cells``) and is reduced to how often each unit was drawn:
    ``sum_i c_i w_i theta_i / sum_i c_i w_i``.
    """
    n = len(wg)
    k = tg.shape[1]
    wt = tg * wg[:, None]
    num = np.empty((n_boot, k))
    den = np.empty(n_boot)
    step = max(1, max_cells // max(n, 1))
    for b0 in range(0, n_boot, step):
        b1 = min(n_boot, b0 + step)
        draws = rng.integers(0, n, size=(b1 - b0, n))
        draws += (np.arange(b1 - b0) * n)[:, None]
        counts = np.bincount(draws.ravel(), minlength=(b1 - b0) * n).reshape(b1 - b0, n).astype(np.float64)
        num[b0:b1] = counts @ wt
        den[b0:b1] = counts @ wg
    return np.divide(num, den[:, None], out=np.full_like(num, np.nan), where=den[:, None] > 0)


def topic_analysis(
    docs: Any,
    k: int | str | Iterable[int] = 8,
    *,
    n_seeds: int = 5,
    select_max_units: int | None = SELECT_K_MAX_UNITS,
    select_tol: float = 1e-4,
    **params: Any,
) -> tuple[TopicModel, pd.DataFrame | None]:
    """Fit a topic model, choosing K first when ``k`` is a range: ``(model, k_table or None)``.

    One set of units and one matrix serve the K selection and the final model.

    Parameters
    ----------
    docs : ParsedCorpus or mapping doc_id -> Doc
    k : int, str or iterable of int, default 8
        A K, or a range (``"3-12"``) to choose from with :func:`select_k` (the chosen K is
        ``k_table.attrs["chosen_k"]``).
    n_seeds, select_max_units, select_tol
        ``n_seeds``, ``max_units`` and ``tol`` of :func:`select_k`.
    **params
        :class:`TopicModel` parameters (``model``, ``unit``, ``random_state`` ...).
    """
    ks = parse_k_range(k)
    base = TopicModel(ks[0], **params)
    base._check_params()
    units, dtm = base._prepare(docs)
    table = None
    chosen = ks[0]
    if len(ks) > 1:
        table = _select_k_prepared(units, dtm, ks, base, n_seeds=n_seeds, max_units=select_max_units, tol=select_tol)
        chosen = int(table.attrs["chosen_k"])
    tm = TopicModel(chosen, **params)
    tm._fit_prepared(units, dtm, metadata=_metadata_of(docs))
    return tm, table
