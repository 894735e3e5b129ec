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
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from ..errors import DiscourseError
from .params import (
    Boolean,
    Interval,
    NotFittedError,
    Options,
    ParameterError,
    Satisfies,
    validate_params,
)
from .terms import (
    _TERM_HINTS,
    DocumentTermMatrix,
    StopList,
    TermMatrix,
    TermVectorizer,
    Units,
    _df_bound,
)

__all__ = [
    "TopicModel",
    "topic_analysis",
    "topic_features",
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


def _top_terms(ranking: np.ndarray, vocab: Sequence[str], n: int) -> list[list[int]]:
    """Columns of each topic's top ``n`` terms by ``ranking`` (ties: column order), a phrase
    standing for the words and shorter phrases inside it.

    The matrix counts a phrase's words beside it (:func:`discourse.themes.build_dtm`), so a
    topic would list "supreme", "court" and "supreme court": a term inside a listed phrase is
    left out, and a phrase listed after its words takes their place.
    """
    order = np.argsort(-ranking, axis=1, kind="stable")
    out = []
    for row in order:
        picked: list[int] = []
        padded: list[str] = []
        for j in row:
            term = f" {vocab[j]} "
            if any(term in p for p in padded):
                continue
            if term.count(" ") > 2:  # a phrase: the words and phrases inside it go
                keep = [i for i, p in enumerate(padded) if p not in term]
                picked = [picked[i] for i in keep]
                padded = [padded[i] for i in keep]
            picked.append(int(j))
            padded.append(term)
            if len(picked) >= n:
                break
        out.append(picked)
    return out


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


def _check_k(k: Any, n_units: int, n_terms: int, param: str = "n_topics", caller: str = "TopicModel") -> int:
    validate_params(caller, {param: k}, {param: [Interval(int, 1, None)]}, {param: "give a number of topics, e.g. 8"})
    if k > min(n_units, n_terms):
        raise ParameterError(
            f"{caller}: {param} must be at most {min(n_units, n_terms)} here (the {n_units} units x {n_terms} terms available), "
            f"not {k!r}; lower it, use smaller units or lower min_df"
        )
    return int(k)


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------
class TopicModel(TransformerMixin, BaseEstimator):
    """A topic model of document passages, with scikit-learn manners.

    ``fit`` takes parsed documents (cut into units and counted by a :class:`TermVectorizer`
    with this model's feature parameters) or the matrix a ``TermVectorizer`` made, so it works
    alone and in a ``Pipeline``::

        TopicModel(8).fit(parsed)
        Pipeline([("terms", TermVectorizer()), ("topics", TopicModel(8))]).fit(parsed)  # the same topics

    Every parameter is stored as given; the work is done in ``fit``, which checks them
    (:mod:`discourse.themes.params`); ``get_params``, ``set_params`` and
    ``sklearn.base.clone`` work as for any scikit-learn estimator. The feature parameters
    (``unit``, ``min_words``, ``min_df``, ``max_df``, ``phrases``, ``stoplist``,
    ``keep_phrase_words``) are those of the vectorizer ``fit`` builds for documents; a matrix
    passed to ``fit`` already has its features.

    Parameters
    ----------
    n_topics : int, default 8
        Number of topics K.
    model : {"nmf", "lda"}, default "nmf"
    unit : str, default "paragraph"
        ``"paragraph"``, ``"window:N"`` (N sentences) or ``"document"``; see
        :func:`discourse.themes.make_units`.
    min_words : int, default 8
        Shorter paragraphs (headings) join the next unit.
    min_df, max_df : int or float, default 2, 0.95
        Document-frequency bounds over units (see :func:`discourse.themes.build_dtm`).
    phrases : bool, default True
        Learn collocations ("gender equality") and count them as terms.
    stoplist : StopList, optional
        Default :func:`discourse.themes.load_stoplist` (pronouns are no terms).
    n_top : int, default 10
        Top terms per topic in tables and labels.
    relevance : float, default 0.6
        Lambda of the term relevance used to rank top terms (Sievert & Shirley 2014): 1 ranks
        by weight in the topic; 0.6 (their recommendation) pushes down words frequent in every
        topic. The ``weight`` reported is always the topic-term weight.
    max_iter : int, optional
        Iterations (default 1000 for NMF, 100 for LDA).
    random_state : int, default 0
    keep_phrase_words : bool, default True
        Count a phrase's words beside it (see :func:`discourse.themes.build_dtm`); top-term lists
        then show the phrase in place of its words.

    Attributes
    ----------
    units_ : Units
        The units modelled (``units_.sentences`` maps ``(doc_id, sent_id)`` to ``unit_id``).
    dtm_ : DocumentTermMatrix
        Counts of the units.
    vectorizer_ : TermVectorizer or None
        The fitted vectorizer of the documents (None for a matrix without one).
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
    weighting_ : sklearn TfidfTransformer or None
        The TF-IDF weighting of the counts (NMF).
    n_topics_ : int
    n_features_in_ : int
    metadata_ : pandas.DataFrame or None
        Document metadata when the documents carry it (a ParsedCorpus).
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        **{name: TermVectorizer._parameter_constraints[name] for name in ("unit", "min_words", "min_df", "max_df", "stoplist", "keep_phrase_words")},
        "n_topics": [Interval(int, 1, None)],
        "model": [Options(MODELS)],
        "phrases": [Boolean()],
        "n_top": [Interval(int, 1, None)],
        "relevance": [Interval("real", 0, 1)],
        "max_iter": [Interval(int, 1, None), None],
        "random_state": [Interval(int, None, None)],
    }
    _parameter_hints: ClassVar[dict[str, str]] = {
        **_TERM_HINTS,
        "n_topics": "give the number of topics, e.g. n_topics=8, or choose it from a range with select_k",
        "model": "use 'nmf' (the default) or 'lda'",
        "phrases": "pass True to learn collocations or False for none",
        "n_top": "give a number of terms, e.g. n_top=10",
        "relevance": "1 ranks top terms by their weight in the topic, 0.6 (the default) favours terms particular to it",
        "max_iter": "give a number of iterations, or None for the default (1000 NMF, 100 LDA)",
        "random_state": "give an integer seed, e.g. random_state=0",
    }

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
        keep_phrase_words: bool = True,
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
        self.keep_phrase_words = keep_phrase_words

    # -- fitting ---------------------------------------------------------------------------
    def _check_params(self) -> None:
        validate_params(type(self).__name__, self.get_params(deep=False), self._parameter_constraints, self._parameter_hints)

    def _vectorizer(self) -> TermVectorizer:
        """The vectorizer of this model's feature parameters (unfitted)."""
        return TermVectorizer(
            unit=self.unit,
            min_words=self.min_words,
            stoplist=self.stoplist,
            phrases=self.phrases,
            keep_phrase_words=self.keep_phrase_words,
            min_df=self.min_df,
            max_df=self.max_df,
        )

    def _prepare(self, X: Any) -> tuple[Units, DocumentTermMatrix, pd.DataFrame | None, TermVectorizer | None]:
        """Units, counts, metadata and vectorizer of ``X`` (documents or a matrix)."""
        if isinstance(X, TermMatrix) and X.units is not None and X.vectorizer is not None:
            return X.units, _dtm_of(X, X.vectorizer), X.metadata, X.vectorizer
        if sp.issparse(X) or isinstance(X, np.ndarray):
            units, dtm = _bare_matrix(X, type(self).__name__)
            return units, dtm, None, None
        vec = self._vectorizer()
        x = vec.fit_transform(X)
        return x.units, _dtm_of(x, vec), x.metadata, vec

    def fit(self, X: Any, y: None = None) -> TopicModel:
        """Fit the model on documents or on a term matrix.

        Parameters
        ----------
        X : ParsedCorpus, mapping doc_id -> spacy Doc, Units, or sparse matrix
            Parsed documents (cut into units and counted with this model's feature
            parameters), or counts: a :class:`TermMatrix` from :class:`TermVectorizer` (as in a
            ``Pipeline``) or any non-negative units x terms matrix (its columns named ``x0``,
            ``x1`` ..., its rows ``"0"``, ``"1"`` ...).
        y : None
            Ignored.

        Returns
        -------
        TopicModel
            ``self``.
        """
        self._check_params()
        units, dtm, metadata, vec = self._prepare(X)
        return self._fit_prepared(units, dtm, metadata=metadata, vectorizer=vec)

    def fit_transform(self, X: Any, y: None = None, **fit_params: Any) -> np.ndarray:
        """:meth:`fit`, then the unit-topic shares found by the fit (``unit_topics_``).

        :meth:`transform` of the same documents folds them in again with the fitted topics,
        which can differ slightly (as with scikit-learn's NMF).
        """
        return self.fit(X).unit_topics_.copy()

    def _fit_prepared(
        self,
        units: Units,
        dtm: DocumentTermMatrix,
        metadata: pd.DataFrame | None = None,
        vectorizer: TermVectorizer | None = None,
    ) -> TopicModel:
        self._check_params()
        k = _check_k(self.n_topics, *dtm.matrix.shape)
        beta, theta, est, p_term = _fit_matrix(dtm.matrix, k, self.model, int(self.random_state), self.max_iter)
        weights = units.table["n_words"].to_numpy(dtype=float) * (theta.sum(axis=1) > 0)
        prevalence = (theta * weights[:, None]).sum(axis=0)
        order = np.argsort(-prevalence, kind="stable")
        self.units_ = units
        self.dtm_ = dtm
        self.vectorizer_ = vectorizer
        self.vocabulary_ = list(dtm.vocabulary)
        self.components_ = beta[order]
        self.unit_topics_ = theta[:, order]
        self.estimator_ = est
        self.weighting_ = _weighting(dtm.matrix) if self.model == "nmf" else None
        self.metadata_ = metadata
        self.n_topics_ = k
        self.n_features_in_ = int(dtm.matrix.shape[1])
        self.topic_order_ = order
        self.term_frequency_ = p_term
        self.labels_ = _labels(self._ranking(), self.vocabulary_)
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "components_")

    def _check_fitted(self) -> None:
        if not hasattr(self, "components_"):
            raise NotFittedError(f"{type(self).__name__}: this model is not fitted yet; call .fit(docs) first")

    # -- new documents ---------------------------------------------------------------------
    def _matrix_of(self, X: Any) -> tuple[sp.csr_matrix, Units]:
        """Counts of ``X`` in the fitted columns, and its units."""
        if isinstance(X, TermMatrix) and X.units is not None:
            x, units = sp.csr_matrix(X), X.units
        elif sp.issparse(X) or isinstance(X, np.ndarray):
            units, dtm = _bare_matrix(X, type(self).__name__)
            x = dtm.matrix
        else:
            if self.vectorizer_ is None:
                raise ParameterError(
                    f"{type(self).__name__}: X must be a term matrix like the one fitted, not documents; "
                    "this model was fitted on a matrix: count the documents with the same vectorizer (pipeline.transform(docs))"
                )
            out = self.vectorizer_.transform(X)
            x, units = sp.csr_matrix(out), out.units
        if x.shape[1] != self.n_features_in_:
            raise ParameterError(
                f"{type(self).__name__}: X must have the {self.n_features_in_} fitted term columns, not {x.shape[1]}; "
                "count the documents with the vectorizer the model was fitted after"
            )
        return x.astype(np.float64), units

    def _shares(self, x: sp.csr_matrix) -> np.ndarray:
        if self.model == "nmf":
            w = self.estimator_.transform(self.weighting_.transform(x))
            w = w * np.linalg.norm(self.estimator_.components_, axis=1)[None, :]
        else:
            w = self.estimator_.transform(x)
        return _row_normalise(w)[:, self.topic_order_]

    def transform(self, X: Any) -> np.ndarray:
        """Topic shares of the units of new documents (fold-in with the fitted vocabulary).

        Parameters
        ----------
        X : ParsedCorpus, mapping doc_id -> spacy Doc, Units, or sparse matrix
            Documents (counted by ``vectorizer_``) or a term matrix with the fitted columns.

        Returns
        -------
        numpy.ndarray, shape (n_units, n_topics)
            Rows sum to 1 (0 for a unit without a fitted term); columns are topics 1..K.
            :meth:`unit_topics` gives the same as a table with unit and document ids.
        """
        self._check_fitted()
        x, _ = self._matrix_of(X)
        return self._shares(x)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """``topic1`` ... ``topicK``: the columns of :meth:`transform`."""
        self._check_fitted()
        return np.asarray([f"topic{t}" for t in self.topics], dtype=object)

    # -- tables ----------------------------------------------------------------------------
    @property
    def topics(self) -> list[int]:
        """Topic numbers, 1..K."""
        self._check_fitted()
        return list(range(1, self.n_topics_ + 1))

    def top_terms(self, n: int | None = None) -> pd.DataFrame:
        """Top terms per topic: ``topic``, ``rank`` (1 = top), ``term``, ``weight``.

        Terms are ranked by relevance (see the ``relevance`` parameter); a phrase stands for
        the words inside it (a topic lists "supreme court", not also "supreme" and "court");
        ``weight`` is the term's weight in the topic (the topic's row of ``components_``).
        """
        self._check_fitted()
        idx = _top_terms(self._ranking(), self.vocabulary_, n or self.n_top)
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

    def unit_topics(self, X: Any = None) -> pd.DataFrame:
        """Long table: ``unit_id``, ``doc_id``, ``topic``, ``weight`` (the unit's share).

        Of the fitted units, or of the units of new documents ``X`` (as :meth:`transform`).
        """
        self._check_fitted()
        if X is None:
            theta, table = self.unit_topics_, self.units_.table
        else:
            x, units = self._matrix_of(X)
            theta, table = self._shares(x), units.table
        n, k = theta.shape
        return pd.DataFrame({
            "unit_id": np.repeat(table["unit_id"].to_numpy(), k),
            "doc_id": np.repeat(table["doc_id"].to_numpy(), k),
            "topic": np.tile(np.arange(1, k + 1), n),
            "weight": theta.ravel(),
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


def _weighting(matrix: sp.csr_matrix) -> Any:
    """The fitted TF-IDF weighting of NMF (what :func:`_weight` applies)."""
    from sklearn.feature_extraction.text import TfidfTransformer

    return TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2").fit(matrix)


def _dtm_of(x: TermMatrix, vec: TermVectorizer) -> DocumentTermMatrix:
    """The DocumentTermMatrix of a labelled matrix (its data not copied)."""
    units = x.units
    assert units is not None
    return DocumentTermMatrix(
        matrix=sp.csr_matrix(x),
        vocabulary=[str(t) for t in vec.get_feature_names_out()],
        unit_ids=list(units.table["unit_id"]),
        doc_ids=list(units.table["doc_id"]),
        stoplist=vec.stoplist_,
        phrases=vec.phrases_,
        pruned=vec.pruned_,
    )


def _bare_matrix(x: Any, caller: str) -> tuple[Units, DocumentTermMatrix]:
    """Units and counts of a matrix without labels: rows ``"0"``, ``"1"`` ..., columns ``x0`` ...

    A row's weight (its ``n_words``) is the sum of its counts.
    """
    from sklearn.utils.validation import check_array

    m = sp.csr_matrix(check_array(x, accept_sparse="csr", dtype=np.float64))
    if m.nnz and m.data.min() < 0:
        raise ParameterError(f"{caller}: X must be counts (non-negative), not a matrix with negative values; pass term counts, e.g. from TermVectorizer")
    n, v = m.shape
    ids = [str(i) for i in range(n)]
    table = pd.DataFrame({
        "unit_id": ids,
        "doc_id": ids,
        "unit": 0,
        "sent_start": 0,
        "sent_end": 0,
        "start_char": 0,
        "end_char": 0,
        "n_words": np.asarray(m.sum(axis=1)).ravel(),
        "text": "",
    })
    sentences = pd.DataFrame(columns=["doc_id", "sent_id", "unit_id", "start_char", "end_char"])
    units = Units(kind="document", size=1, table=table, sentences=sentences, spans=[])
    empty = StopList(words=frozenset(), keep=frozenset())
    dtm = DocumentTermMatrix(matrix=m, vocabulary=[f"x{j}" for j in range(v)], unit_ids=ids, doc_ids=ids, stoplist=empty)
    return units, dtm


def _labels(ranking: np.ndarray, vocab: Sequence[str], n: int = 3) -> list[str]:
    idx = _top_terms(ranking, vocab, max(n + 2, 5))
    labels: list[str] = []
    for t in range(ranking.shape[0]):
        label = ", ".join(vocab[j] for j in idx[t][:n])
        m = n
        while label in labels and m < len(idx[t]):
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
    n_jobs: int | None = None,
) -> float:
    """Mean best-match overlap of top terms across refits on seeded samples of the units.

    Run ``i`` (``i < n_seeds``) fits on a ``sample`` share of the rows drawn without replacement
    with seed ``random_state + i``, which is also its ``random_state``. Topics of every pair of
    runs are matched one-to-one to maximise the overlap of their top ``n_top`` terms (Hungarian
    algorithm); the result is the mean matched overlap share over all pairs, in [0, 1]. Top
    terms are ranked by :func:`relevance` with ``lam``. ``tol`` is the NMF convergence tolerance
    of the refits (:func:`select_k` passes its own, looser one). The runs are independent:
    ``n_jobs`` processes fit them (the result does not depend on ``n_jobs``).
    """
    return _stability(matrix, vocabulary, [k], model=model, n_seeds=n_seeds, sample=sample, n_top=n_top,
                      random_state=random_state, max_iter=max_iter, lam=lam, tol=tol, n_jobs=n_jobs)[k]


_STABILITY_CONSTRAINTS: dict[str, list[Any]] = {
    "n_seeds": [Interval(int, 2, None)],
    "sample": [Interval("real", 0, 1, closed="right")],
    "n_jobs": [Satisfies(lambda v: isinstance(v, int) and not isinstance(v, bool) and v != 0, "a non-zero integer (-1: all cores)"), None],
}
_STABILITY_HINTS = {
    "n_seeds": "give at least 2 refits (5 or more recommended)",
    "sample": "give the share of units each refit sees, e.g. 0.8",
    "n_jobs": "give a number of processes, e.g. n_jobs=2, or -1 for one per core (1: no extra process)",
}


def _parallel(tasks: Sequence[Any], n_jobs: int | None) -> list[Any]:
    """Run independent tasks ``(function, args, kwargs)`` in ``n_jobs`` processes, results in order.

    joblib's default backend (loky) unless a ``joblib.parallel_config`` says otherwise; ``n_jobs``
    None takes the number from that context (1 outside one), as scikit-learn's estimators do.

    Each task limits its BLAS to one thread (:func:`_one_thread`), in this process and in the
    workers alike, so that the numbers do not depend on ``n_jobs``.
    """
    from joblib import Parallel, effective_n_jobs

    if len(tasks) <= 1 or effective_n_jobs(n_jobs) == 1:
        return [f(*a, **kw) for f, a, kw in tasks]
    # None: joblib's setting (1 unless inside joblib.parallel_config(n_jobs=...)), as in scikit-learn
    return list(Parallel(n_jobs=n_jobs, prefer="processes")(tasks))


def _one_thread() -> Any:
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _stability_run(
    matrix: sp.csr_matrix,
    vocabulary: Sequence[str],
    ks: Sequence[int],
    *,
    seed: int,
    model: str,
    sample: float,
    n_top: int,
    max_iter: int | None,
    lam: float,
    tol: float,
) -> dict[int, list[list[int]]]:
    """One stability refit of every K: per K, the columns of each topic's top terms.

    The Ks share the seed's row sample (it does not depend on K unless K exceeds it), its
    weighting and, for NMF, one randomized SVD of rank max(K) from which every K's ``nndsvd``
    start is taken (:func:`_nndsvd`): one SVD per seed instead of one per seed and K.
    """
    n = matrix.shape[0]
    by_size: dict[int, list[int]] = {}
    for k in ks:
        by_size.setdefault(max(k, int(round(sample * n))), []).append(k)
    out: dict[int, list[list[int]]] = {}
    with _one_thread():
        for m, group in by_size.items():
            rows = np.sort(np.random.default_rng(seed).choice(n, size=m, replace=False))
            sub = matrix[rows]
            present = np.flatnonzero(sub.getnnz(axis=0))
            sub = sub[:, present]
            vocab = [vocabulary[j] for j in present]
            x = _weight(sub, model)
            svd = _svd(x, max(group), seed) if model == "nmf" and len(group) > 1 else None
            for k in group:
                beta, _, _, p_term = _fit_weighted(x, k, model, seed, max_iter, tol=tol, svd=svd)
                out[k] = [[int(present[j]) for j in row] for row in _top_terms(relevance(beta, p_term, lam), vocab, n_top)]
    return out


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
    n_jobs: int | None = None,
) -> dict[int, float]:
    """:func:`topic_stability` for several K at once (one :func:`_stability_run` per seed)."""
    validate_params("topic_stability", {"n_seeds": n_seeds, "sample": sample, "n_jobs": n_jobs}, _STABILITY_CONSTRAINTS, _STABILITY_HINTS)
    runs = _parallel(_stability_tasks(matrix, vocabulary, ks, model=model, n_seeds=n_seeds, sample=sample, n_top=n_top,
                                      random_state=random_state, max_iter=max_iter, lam=lam, tol=tol), n_jobs)
    return _stability_scores(runs, vocabulary, ks, n_top)


def _stability_tasks(matrix: sp.csr_matrix, vocabulary: Sequence[str], ks: Sequence[int], *, n_seeds: int, random_state: int, **kw: Any) -> list[Any]:
    return [(_stability_run, (matrix, vocabulary, list(ks)), {"seed": int(random_state) + i, **kw}) for i in range(n_seeds)]


def _stability_scores(runs: Sequence[dict[int, list[list[int]]]], vocabulary: Sequence[str], ks: Sequence[int], n_top: int) -> dict[int, float]:
    out = {}
    for k in ks:
        sets = [[{vocabulary[j] for j in topic} for topic in run[k]] for run in runs]
        out[k] = float(np.mean([_match_overlap(a, b, n_top) for a, b in itertools.combinations(sets, 2)]))
    return out


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
    n_jobs: int | None = None,
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
    n_jobs : int or None, default None
        Processes for the fits: the Ks on the sample and each stability refit are independent
        tasks (``1 + n_seeds`` of them), run by joblib (``loky`` processes); ``-1`` uses every
        core, None (the default) the number of an enclosing ``joblib.parallel_config`` (1 outside
        one, as in scikit-learn). The table is the same for any ``n_jobs`` (each task computes
        with one BLAS thread, in this process too).
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
    _check_select(n_seeds=n_seeds, max_units=max_units, tol=tol, n_jobs=n_jobs)
    units, dtm, _, _ = base._prepare(docs)
    return _select_k_prepared(units, dtm, ks_list, base, n_seeds=n_seeds, max_units=max_units, tol=tol, n_jobs=n_jobs)


_SELECT_CONSTRAINTS: dict[str, list[Any]] = {
    "n_seeds": _STABILITY_CONSTRAINTS["n_seeds"],
    "max_units": [Interval(int, 1, None), None],
    "tol": [Interval("real", 0, None, closed="neither")],
    "n_jobs": _STABILITY_CONSTRAINTS["n_jobs"],
}
_SELECT_HINTS = {
    **_STABILITY_HINTS,
    "max_units": "give the largest number of units to fit the Ks on, e.g. 4000, or None for all",
    "tol": "give a small positive tolerance, e.g. 1e-4",
}


def _check_select(caller: str = "select_k", **params: Any) -> None:
    validate_params(caller, params, _SELECT_CONSTRAINTS, _SELECT_HINTS)


def _sample_documents(units: Units, max_units: int | None, random_state: int) -> np.ndarray | None:
    """Rows of a seeded sample of whole documents with at most ``max_units`` units (None: all)."""
    _check_select(max_units=max_units)
    n = len(units)
    if max_units is None or n <= max_units:
        return None
    codes, uniques = pd.factorize(units.table["doc_id"], sort=False)
    sizes = np.bincount(codes, minlength=len(uniques))
    order = np.random.default_rng(random_state).permutation(len(uniques))
    n_docs = max(1, int(np.searchsorted(np.cumsum(sizes[order]), max_units, side="right")))
    return np.flatnonzero(np.isin(codes, order[:n_docs]))


def _fit_ks(
    matrix: sp.csr_matrix,
    vocab: Sequence[str],
    ks: Sequence[int],
    *,
    model: str,
    seed: int,
    max_iter: int | None,
    tol: float,
    lam: float,
    n_top: int,
) -> dict[int, tuple[list[list[str]], list[list[str]], float]]:
    """Fit every K on ``matrix`` from one randomized SVD (NMF): per K the top ``n_top`` and
    top-25 terms of each topic and the mean FREX exclusivity."""
    out = {}
    with _one_thread():
        x = _weight(matrix, model)
        svd = _svd(x, max(ks), seed) if model == "nmf" and len(ks) > 1 else None
        for k in ks:
            beta, _, _, p_term = _fit_weighted(x, k, model, seed, max_iter, tol=tol, svd=svd)
            ranking = relevance(beta, p_term, lam)
            top10 = [[vocab[j] for j in row] for row in _top_terms(ranking, vocab, n_top)]
            top25 = [[vocab[j] for j in row] for row in _top_terms(ranking, vocab, 25)]
            out[k] = (top10, top25, float(np.mean(frex_exclusivity(beta, n_top))))
    return out


def _select_k_prepared(
    units: Units,
    dtm: DocumentTermMatrix,
    ks_list: Sequence[int],
    base: TopicModel,
    *,
    n_seeds: int = 5,
    max_units: int | None = SELECT_K_MAX_UNITS,
    tol: float = 1e-4,
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """:func:`select_k` on prepared units and matrix; ``base`` carries the model parameters."""
    for k in ks_list:
        _check_k(k, *dtm.matrix.shape, param="ks", caller="select_k")
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
        _check_k(k, *matrix.shape, param="ks", caller="select_k")
    lam = float(base.relevance)
    # independent tasks: the Ks on the sample (one shared SVD), then one per stability refit
    fits = (_fit_ks, (matrix, vocab, list(ks_list)), {"model": base.model, "seed": seed, "max_iter": base.max_iter, "tol": tol, "lam": lam, "n_top": base.n_top})
    stab = _stability_tasks(matrix, vocab, ks_list, model=base.model, n_seeds=n_seeds, sample=0.8, n_top=base.n_top,
                            random_state=seed, max_iter=base.max_iter, lam=lam, tol=tol)
    out = _parallel([fits, *stab], n_jobs)
    per_k, runs = out[0], out[1:]
    stability = _stability_scores(runs, vocab, ks_list, base.n_top)
    rows_out = []
    for k in ks_list:
        top10, top25, exclusivity = per_k[k]
        rows_out.append({
            "k": k,
            "coherence": float(np.mean(npmi_coherence(top10, dtm))),  # co-occurrence in all units
            "diversity": topic_diversity(top25),
            "exclusivity": exclusivity,
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


def topic_features(docs: Any, **params: Any) -> TermMatrix:
    """The units and term counts :func:`topic_analysis` fits on, from parsed documents.

    Pass the result to :func:`topic_analysis` (or :meth:`TopicModel.fit`) with the same
    parameters instead of the documents: the same model, and the Docs are not needed there (a
    :class:`TermMatrix` pickles; ``discourse analyze`` fits the topics in another process this way).

    Parameters
    ----------
    docs : ParsedCorpus or mapping doc_id -> Doc
    **params
        :class:`TopicModel` parameters; only the feature ones (``unit``, ``min_words``,
        ``stoplist``, ``phrases``, ``keep_phrase_words``, ``min_df``, ``max_df``) matter.
    """
    model = TopicModel(2, **params)
    model._check_params()
    return model._vectorizer().fit_transform(docs)


def topic_analysis(
    docs: Any,
    k: int | str | Iterable[int] = 8,
    *,
    n_seeds: int = 5,
    select_max_units: int | None = SELECT_K_MAX_UNITS,
    select_tol: float = 1e-4,
    n_jobs: int | None = None,
    **params: Any,
) -> tuple[TopicModel, pd.DataFrame | None]:
    """Fit a topic model, choosing K first when ``k`` is a range: ``(model, k_table or None)``.

    One set of units and one matrix serve the K selection and the final model.

    Parameters
    ----------
    docs : ParsedCorpus, mapping doc_id -> Doc, or TermMatrix
        Parsed documents, or their :func:`topic_features` (made with the same parameters).
    k : int, str or iterable of int, default 8
        A K, or a range (``"3-12"``) to choose from with :func:`select_k` (the chosen K is
        ``k_table.attrs["chosen_k"]``).
    n_seeds, select_max_units, select_tol, n_jobs
        ``n_seeds``, ``max_units``, ``tol`` and ``n_jobs`` of :func:`select_k` (``n_jobs``
        processes fit the K selection; the final model is one fit).
    **params
        :class:`TopicModel` parameters (``model``, ``unit``, ``random_state`` ...).
    """
    ks = parse_k_range(k)
    base = TopicModel(ks[0], **params)
    base._check_params()
    _check_select("topic_analysis", n_seeds=n_seeds, max_units=select_max_units, tol=select_tol, n_jobs=n_jobs)
    units, dtm, metadata, vec = base._prepare(docs)
    table = None
    chosen = ks[0]
    if len(ks) > 1:
        table = _select_k_prepared(units, dtm, ks, base, n_seeds=n_seeds, max_units=select_max_units, tol=select_tol, n_jobs=n_jobs)
        chosen = int(table.attrs["chosen_k"])
    tm = TopicModel(chosen, **params)
    tm._fit_prepared(units, dtm, metadata=metadata, vectorizer=vec)
    return tm, table
