"""Key terms, concordances and the collocates of the words for men.

Keyness
-------
:func:`keyness` compares a target (a document, several, or a metadata group) with a
reference (by default everything else) using the weighted log-odds ratio with an informative
Dirichlet prior of Monroe, Colaresi & Quinn (2008, "Fightin' words", eqs. 16, 18-20). For term w
with counts ``y_t``, ``y_r`` in target and reference (totals ``n_t``, ``n_r``) and prior
``alpha_w`` (``alpha_0 = sum_w alpha_w``)::

    delta_w = log((y_t + a_w) / (n_t + a_0 - y_t - a_w)) - log((y_r + a_w) / (n_r + a_0 - y_r - a_w))
    var_w   = 1 / (y_t + a_w) + 1 / (y_r + a_w)
    z_w     = delta_w / sqrt(var_w)

The informative prior is the pooled corpus (target + reference) scaled to ``prior_size``
pseudo-counts: ``a_w = prior_size * (y_t + y_r) / (n_t + n_r)``. By default ``prior_size`` is a
tenth of the pooled corpus size, so the prior weighs a tenth as much as the data: it shrinks
rare terms towards the corpus rate without swamping the counts. The effect size is Hardie's (2014) log
ratio, ``log2((y_t / n_t) / (y_r / n_r))`` with 0.5 in place of a zero count.

Terms are those of :mod:`discourse.features` (lemmas and phrases, the protected stop list).
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..docs import as_docs, doc_text, sentence_starts
from ..errors import DiscourseError, DiscourseWarning, PipelineError
from .terms import StopList, _FeatureCache, _learn_phrases, load_stoplist, make_units

__all__ = [
    "log_odds_dirichlet",
    "keyness",
    "keyness_table",
    "kwic",
    "kwic_table",
    "collocates",
    "RELATIONS",
]

KEYNESS_COLUMNS = [
    "term",
    "count_target",
    "count_reference",
    "freq_target",
    "freq_reference",
    "log_odds",
    "se",
    "z",
    "log_ratio",
]

#: Relations of :func:`collocates`.
RELATIONS = ("does", "is", "has", "done_to")


def log_odds_dirichlet(
    target: pd.Series | dict[str, float],
    reference: pd.Series | dict[str, float],
    *,
    prior: pd.Series | dict[str, float] | None = None,
    prior_size: float | None = None,
) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008).

    Parameters
    ----------
    target, reference : Series or dict term -> count
    prior : Series or dict term -> pseudo-count, optional
        The ``alpha_w`` themselves. Default: the pooled counts scaled to ``prior_size``.
    prior_size : float, optional
        ``alpha_0`` for the default prior; default a tenth of the pooled corpus size.

    Returns
    -------
    pandas.DataFrame
        ``term``, ``count_target``, ``count_reference``, ``freq_target``, ``freq_reference``
        (per 1,000 terms), ``log_odds`` (delta), ``se``, ``z``, ``log_ratio``; by ``z``
        descending (terms of the target first).
    """
    yt = pd.Series(target, dtype=float)
    yr = pd.Series(reference, dtype=float)
    terms = yt.index.union(yr.index)
    yt = yt.reindex(terms, fill_value=0.0)
    yr = yr.reindex(terms, fill_value=0.0)
    nt, nr = yt.sum(), yr.sum()
    if nt <= 0 or nr <= 0:
        side = "target" if nt <= 0 else "reference"
        raise DiscourseError(f"{side} has no terms; choose a {side} with text")
    if prior is None:
        pooled = yt + yr
        size = 0.1 * float(nt + nr) if prior_size is None else float(prior_size)
        if size <= 0:
            raise DiscourseError(f"prior_size must be positive, not {prior_size!r}")
        a = pooled / pooled.sum() * size
    else:
        a = pd.Series(prior, dtype=float).reindex(terms, fill_value=0.0)
        if (a <= 0).any():
            bad = a[a <= 0].index[0]
            raise DiscourseError(f"prior: term {bad!r} has no positive pseudo-count; give every term a prior > 0")
    a0 = a.sum()
    delta = np.log((yt + a) / (nt + a0 - yt - a)) - np.log((yr + a) / (nr + a0 - yr - a))
    var = 1.0 / (yt + a) + 1.0 / (yr + a)
    se = np.sqrt(var)
    ratio = np.log2((yt.where(yt > 0, 0.5) / nt) / (yr.where(yr > 0, 0.5) / nr))
    out = pd.DataFrame({
        "term": terms.astype(str),
        "count_target": yt.to_numpy().astype(int) if np.all(np.mod(yt, 1) == 0) else yt.to_numpy(),
        "count_reference": yr.to_numpy().astype(int) if np.all(np.mod(yr, 1) == 0) else yr.to_numpy(),
        "freq_target": (yt / nt * 1000).to_numpy(),
        "freq_reference": (yr / nr * 1000).to_numpy(),
        "log_odds": delta.to_numpy(),
        "se": se.to_numpy(),
        "z": (delta / se).to_numpy(),
        "log_ratio": ratio.to_numpy(),
    })
    return out.sort_values(["z", "term"], ascending=[False, True], ignore_index=True)


def _doc_counts(docs: dict[str, Any], stoplist: StopList, phrases: bool) -> dict[str, Counter[str]]:
    """Term counts of each document (phrases learnt on the documents), as :func:`unit_terms` gives."""
    units = make_units(docs, "document")
    cache = _FeatureCache(stoplist, 2)  # min_chars: the default of learn_phrases and unit_terms
    # learn_phrases' defaults; the runs found while learning are reused for the terms
    pm = _learn_phrases(units.spans, cache, min_count=3, threshold=0.1, max_len=3, keep_runs=True) if phrases else None
    return {d: Counter(cache.terms(span, pm)) for d, span in zip(units.table["doc_id"], units.spans, strict=True)}


def _groups(docs: Any, dd: dict[str, Any], by: str | None, metadata: pd.DataFrame | None) -> dict[str, Any]:
    if by is None or by == "doc_id":
        return {d: d for d in dd}
    meta = metadata
    if meta is None and callable(getattr(docs, "metadata", None)):
        meta = docs.metadata()
    if meta is None or by not in meta.columns:
        cols = ", ".join(map(str, meta.columns)) if meta is not None else "none"
        raise DiscourseError(f"by: no metadata column {by!r} (available: {cols}); name one, or pass metadata=")
    lookup = dict(zip(meta["doc_id"].astype(str), meta[by], strict=False))
    return {d: lookup.get(d) for d in dd}


def keyness(
    docs: Any,
    target: str | Sequence[str] | Any,
    *,
    by: str | None = None,
    reference: str | Sequence[str] | Any | None = None,
    metadata: pd.DataFrame | None = None,
    stoplist: StopList | None = None,
    phrases: bool = True,
    prior_size: float | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Key terms of a target against a reference (log-odds with informative Dirichlet prior).

    Parameters
    ----------
    docs : ParsedCorpus or mapping doc_id -> Doc
    target : str, value or list
        With ``by=None``: a doc_id or a list of doc_ids. With ``by=column``: a value (or list of
        values) of that metadata column.
    by : str, optional
        Metadata column defining groups.
    reference : str, value or list, optional
        Same kind as ``target``; default everything not in the target.
    metadata : pandas.DataFrame, optional
        ``doc_id`` + covariates; default ``docs.metadata()``.
    stoplist : StopList, optional
        Default :func:`discourse.features.load_stoplist` (the words for men are kept).
    phrases : bool, default True
        Merge collocations learnt from ``docs``.
    prior_size : float, optional
        ``alpha_0`` of the prior; default a tenth of the pooled corpus size.
    min_count : int, default 1
        Drop terms with fewer occurrences in target and reference together.

    Returns
    -------
    pandas.DataFrame
        See :func:`log_odds_dirichlet`; positive ``z`` = key for the target.

    Examples
    --------
    >>> keyness(parsed, "care-engaging-men")                              # doctest: +SKIP
    >>> keyness(parsed, by="genre", target="blog post")                   # doctest: +SKIP
    """
    dd = as_docs(docs)
    groups = _groups(docs, dd, by, metadata)
    tset = set(target) if isinstance(target, (list, tuple, set)) else {target}
    what = "doc_id" if by is None else f"{by!r} value"
    if not any(g in tset for g in groups.values()):
        known = ", ".join(sorted(map(str, set(groups.values()))))[:200]
        raise DiscourseError(f"target: no document has {what} {target!r} (known: {known}); pick one of those")
    if reference is None:
        rset = {g for g in groups.values() if g not in tset}
    else:
        rset = set(reference) if isinstance(reference, (list, tuple, set)) else {reference}
    if not any(g in rset for g in groups.values()):
        raise DiscourseError(f"reference: no document left as reference for target {target!r}; give a reference or a smaller target")
    if tset & rset:
        raise DiscourseError(f"reference overlaps target ({sorted(map(str, tset & rset))[0]!r}); make them disjoint")
    counts = _doc_counts(dd, stoplist or load_stoplist(), phrases)
    ct: Counter[str] = Counter()
    cr: Counter[str] = Counter()
    for d, g in groups.items():
        if g in tset:
            ct.update(counts[d])
        elif g in rset:
            cr.update(counts[d])
    out = log_odds_dirichlet(dict(ct), dict(cr), prior_size=prior_size)
    if min_count > 1:
        out = out[(out["count_target"] + out["count_reference"]) >= min_count].reset_index(drop=True)
    return out


def _count_matrix(dd: dict[str, Any], stoplist: StopList, phrases: bool) -> tuple[sp.csr_matrix, np.ndarray, list[str]]:
    """Documents x terms counts (rows in ``dd`` order, vocabulary sorted), as :func:`_doc_counts`."""
    counts = _doc_counts(dd, stoplist, phrases)
    vocab = sorted({t for c in counts.values() for t in c})
    col = {t: j for j, t in enumerate(vocab)}
    indptr = [0]
    indices: list[int] = []
    data: list[int] = []
    for d in dd:
        c = counts.get(d, {})
        indices.extend(col[t] for t in c)
        data.extend(c.values())
        indptr.append(len(indices))
    x = sp.csr_matrix((np.asarray(data, dtype=np.int64), np.asarray(indices, dtype=np.int64), np.asarray(indptr)), shape=(len(dd), len(vocab)))
    x.sum_duplicates()
    return x, np.asarray(vocab, dtype=object), list(dd)


def keyness_table(
    docs: Any,
    *,
    by: str | None = None,
    n: int = 25,
    metadata: pd.DataFrame | None = None,
    stoplist: StopList | None = None,
    phrases: bool = True,
    min_count: int = 2,
    min_docs: int = 1,
) -> pd.DataFrame:
    """Key terms of every document (or every ``by`` group) against the rest, tidy.

    Term counts are computed once, as a sparse documents x terms matrix; each target's table is
    what :func:`keyness` gives for it against all other groups (the same log-odds, prior and
    ordering), keeping the top ``n`` terms by ``z`` (ties: alphabetical) among terms with at
    least ``min_count`` occurrences. Returns them with a ``target`` column first (and ``by``
    naming what the targets are).

    Cost is linear in the corpus: the statistics are computed only for the terms a target uses
    plus the ``n`` best of the terms it does not use. With the pooled prior a term absent
    from the target has ``z`` strictly decreasing in its corpus count, so those are the ``n``
    rarest eligible terms (ties alphabetical), and the result equals scoring every term.

    ``min_docs`` keeps a term a target uses only if it occurs in at least that many of the
    target's documents: with ``by`` an outlet or a period, ``min_docs=2`` drops words that one
    article repeats (a caption credit, a name in one story) from the top of the list. Terms the
    target does not use are unaffected; with one document per target (``by=None``) leave it at 1.
    """
    if isinstance(min_docs, bool) or not isinstance(min_docs, (int, np.integer)) or min_docs < 1:
        raise DiscourseError(f"min_docs must be a positive integer, not {min_docs!r}")
    dd = as_docs(docs)
    groups = _groups(docs, dd, by, metadata)
    values = [g for g in dict.fromkeys(groups.values()) if g is not None]
    if len(values) < 2:
        raise DiscourseError("keyness needs at least two documents or groups; add documents or choose another by=")
    x, vocab, doc_ids = _count_matrix(dd, stoplist or load_stoplist(), phrases)
    gpos = {g: i for i, g in enumerate(values)}
    rows = [i for i, d in enumerate(doc_ids) if groups[d] is not None]
    member = sp.csr_matrix(
        (np.ones(len(rows)), ([gpos[groups[doc_ids[i]]] for i in rows], rows)), shape=(len(values), len(doc_ids))
    )
    y = (member @ x).tocsr()  # groups x terms counts (exact in float64)
    y.sum_duplicates()
    y.sort_indices()
    total = np.asarray(y.sum(axis=0)).ravel()
    used = np.flatnonzero(total > 0)  # the terms log_odds_dirichlet sees: in target or reference
    y = y[:, used].tocsr()
    if min_docs > 1:  # groups x terms: documents of the group holding the term (same sparsity as y)
        nd = (member @ (x > 0).astype(np.float64)).tocsr()
        nd.sum_duplicates()
        nd.sort_indices()
        nd = nd[:, used].tocsr()
    total = total[used]
    vocab = vocab[used]
    grand = float(total.sum())
    # the default prior of log_odds_dirichlet: pooled counts scaled to a tenth of the corpus
    a = total / total.sum() * (0.1 * grand)
    a0 = a.sum()
    eligible = total >= min_count
    # terms by z when absent from a target: rarest first, then alphabetical (see docstring)
    absent_order = np.flatnonzero(eligible)[np.argsort(total[eligible], kind="stable")]
    cols = {c: [] for c in ["target", *KEYNESS_COLUMNS]}
    empty: list[Any] = []
    for gi, g in enumerate(values):
        lo, hi = y.indptr[gi], y.indptr[gi + 1]
        present = y.indices[lo:hi]
        nt = float(y.data[lo:hi].sum())
        nr = grand - nt
        if nt <= 0:
            # a document with no countable term (a bare link, a quoted header) has no key terms;
            # the other targets still do
            empty.append(g)
            continue
        if nr <= 0:
            raise DiscourseError("reference has no terms; choose a reference with text")
        extra = absent_order[: n + len(present)]
        extra = extra[~np.isin(extra, present, assume_unique=True)][:n]
        mask = eligible[present]
        if min_docs > 1:
            mask = mask & (nd.data[nd.indptr[gi] : nd.indptr[gi + 1]] >= min_docs)
        cand = np.concatenate([present[mask], extra])
        yt = np.concatenate([y.data[lo:hi][mask], np.zeros(len(extra))])
        yr = total[cand] - yt
        ac = a[cand]
        delta = np.log((yt + ac) / (nt + a0 - yt - ac)) - np.log((yr + ac) / (nr + a0 - yr - ac))
        se = np.sqrt(1.0 / (yt + ac) + 1.0 / (yr + ac))
        z = delta / se
        top = np.lexsort((cand, -z))[:n]  # z descending, then the (sorted) vocabulary
        c = cand[top]
        ytt, yrr = yt[top], yr[top]
        cols["target"].extend([g] * len(top))
        cols["term"].extend(vocab[c].tolist())
        cols["count_target"].append(ytt.astype(np.int64))
        cols["count_reference"].append(yrr.astype(np.int64))
        cols["freq_target"].append(ytt / nt * 1000)
        cols["freq_reference"].append(yrr / nr * 1000)
        cols["log_odds"].append(delta[top])
        cols["se"].append(se[top])
        cols["z"].append(z[top])
        cols["log_ratio"].append(np.log2((np.where(ytt > 0, ytt, 0.5) / nt) / (np.where(yrr > 0, yrr, 0.5) / nr)))
    if empty:
        warnings.warn(
            f"keyness_table: {len(empty)} target(s) with no terms left out (first: {empty[0]!r})",
            DiscourseWarning,
            stacklevel=2,
        )
    if not cols["term"]:
        raise DiscourseError("no target has terms; keyness needs documents with text")
    out = pd.DataFrame({
        "by": by or "doc_id",
        "target": cols["target"],
        "term": pd.Series(cols["term"], dtype=object).astype(str),
        **{c: np.concatenate(cols[c]) for c in KEYNESS_COLUMNS[1:]},
    })
    return out[["by", "target", *KEYNESS_COLUMNS]]


# --------------------------------------------------------------------------------------------
# Concordance
# --------------------------------------------------------------------------------------------
def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


KWIC_COLUMNS = ["doc_id", "sent_id", "token", "left", "keyword", "right", "sentence"]


class _KwicLexicon:
    """Which form and lemma hashes :func:`kwic` equates with a query word, over the Docs indexed.

    A token's form matches ``p`` when its lower-cased form with curly apostrophes straightened is
    ``p``, its lemma when the lower-cased lemma is ``p``. Each distinct hash is turned into its
    string once (not once per token); a query becomes arrays of hashes to compare with.
    """

    def __init__(self) -> None:
        self._seen: tuple[set[int], set[int]] = (set(), set())
        self._by_text: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
        self._texts: dict[int, str] = {}

    def add(self, strings: Any, lower: np.ndarray, lemma: np.ndarray) -> None:
        """Register the hashes of one Doc's tokens."""
        for kind, values in ((0, lower), (1, lemma)):
            seen, by_text = self._seen[kind], self._by_text[kind]
            new = set(values.tolist()).difference(seen)  # (iterates the document's few hashes)
            seen |= new
            for h in new:
                raw = strings[h] if h else ""
                text = raw.replace("\u2019", "'") if kind == 0 else raw.lower()
                by_text.setdefault(text, []).append(h)

    def text_of(self, doc: Any, orth: int) -> str:
        """The string of a token form hash (``Token.text``), read once."""
        text = self._texts.get(orth)
        if text is None:
            text = self._texts[orth] = doc.vocab.strings[orth]
        return text

    def hashes(self, p: str, kind: int) -> list[np.uint64]:
        """Hashes of forms (``kind`` 0) or lemmas (1) that match ``p``."""
        return [np.uint64(h) for h in self._by_text[kind].get(p, ())]


class _KwicIndex:
    """The non-space tokens of one Doc as arrays of form and lemma hashes, for repeated searches.

    Read from token arrays (no Token object per token); a search compares hashes
    (:class:`_KwicLexicon`), and Tokens are made only for the lines written.
    """

    __slots__ = ("doc", "lex", "toks", "lower", "lemma", "orth", "_sent_starts")

    def __init__(self, doc: Any, lex: _KwicLexicon) -> None:
        from spacy.attrs import IS_SPACE, LOWER, ORTH

        from .terms import lemma_attr

        self.doc = doc
        self.lex = lex
        # the lemma terms are made of (a sentence-mode parse: the lexical lemma of every token)
        arr = doc.to_array([LOWER, lemma_attr(doc), IS_SPACE, ORTH]) if len(doc) else np.zeros((0, 4), dtype=np.uint64)
        keep = arr[:, 2] == 0
        self.toks = np.flatnonzero(keep).tolist()  # token indices of the non-space tokens
        self.lower = arr[keep, 0]
        self.lemma = arr[keep, 1]
        self.orth = arr[keep, 3]
        lex.add(doc.vocab.strings, self.lower, self.lemma)
        self._sent_starts: list[int] | None = None

    def find(self, parts: list[str], match: str, limit: int | None = None) -> list[int]:
        """Positions (in ``toks``) where ``parts`` match, in order; at most ``limit``."""
        if not parts:
            return []
        last = len(self.toks) - len(parts)

        def hits_of(p: str) -> np.ndarray:
            hit = np.zeros(len(self.toks), dtype=bool)
            # a word has one or a few matching hashes: == per hash beats np.isin on short documents
            if match in ("any", "word"):
                for h in self.lex.hashes(p, 0):
                    hit |= self.lower == h
            if match in ("any", "lemma"):
                for h in self.lex.hashes(p, 1):
                    hit |= self.lemma == h
            return hit

        ok = hits_of(parts[0])
        cand = np.flatnonzero(ok[: last + 1]) if last >= 0 else np.zeros(0, dtype=np.int64)
        for j, p in enumerate(parts[1:], start=1):
            if not len(cand):
                break
            cand = cand[hits_of(p)[cand + j]]
        out = cand.tolist()
        return out if limit is None else out[:limit]

    def row(self, doc_id: str, i: int, n_parts: int, window: int) -> tuple[Any, ...]:
        """One concordance line (the columns of :func:`kwic`) for the match at ``toks[i]``."""
        from bisect import bisect_right


        doc = self.doc
        toks = self.toks
        if self._sent_starts is None:
            self._sent_starts = sentence_starts(doc)
        starts = self._sent_starts
        first, last = doc[toks[i]], doc[toks[i + n_parts - 1]]
        words = self.lex.text_of
        left = " ".join(words(doc, h) for h in self.orth[max(0, i - window) : i].tolist())
        right = " ".join(words(doc, h) for h in self.orth[i + n_parts : i + n_parts + window].tolist())
        si = bisect_right(starts, first.i) - 1
        end = starts[si + 1] if si + 1 < len(starts) else len(doc)
        text = doc_text(doc)
        tail = doc[end - 1]
        return (
            doc_id,
            si,
            first.i,
            _clean(left),  # the token texts of the context
            text[first.idx : last.idx + len(last.text)],  # doc[first.i : last.i + 1].text
            _clean(right),
            _clean(text[doc[starts[si]].idx : tail.idx + len(tail.text)]),  # the sentence Span's text
        )


def _kwic_args(term: Any, window: Any, match: Any) -> list[str]:
    if not isinstance(term, str) or not term.strip():
        raise DiscourseError(f"term must be a non-empty word or phrase, not {term!r}")
    if not isinstance(window, int) or window < 0:
        raise DiscourseError(f"window must be a non-negative number of tokens, not {window!r}")
    if match not in ("any", "lemma", "word"):
        raise DiscourseError(f"match must be 'any', 'lemma' or 'word', not {match!r}")
    return term.lower().replace("\u2019", "'").split()


def kwic(docs: Any, term: str, window: int = 8, *, match: str = "any") -> pd.DataFrame:
    """Keyword in context: every occurrence of a word or phrase with its context.

    Parameters
    ----------
    docs : ParsedCorpus or mapping doc_id -> Doc
    term : str
        A word or a phrase ("gender equality"), case-insensitive.
    window : int, default 8
        Tokens of context on each side (within the document; spaces excluded).
    match : {"any", "lemma", "word"}, default "any"
        Compare each token's lemma, its word form, or either (so ``"man"`` finds "men").

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``sent_id`` (index in ``list(doc.sents)``), ``token`` (index of the first
        matched token), ``left``, ``keyword``, ``right``, ``sentence``.
    """
    parts = _kwic_args(term, window, match)
    rows = []
    lex = _KwicLexicon()
    for doc_id, doc in as_docs(docs).items():
        index = _KwicIndex(doc, lex)
        rows.extend(index.row(doc_id, i, len(parts), window) for i in index.find(parts, match))
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def kwic_table(
    docs: Any,
    keyterms: pd.DataFrame,
    *,
    by: str | None = None,
    metadata: pd.DataFrame | None = None,
    n_terms: int = 5,
    n_lines: int = 3,
    window: int = 8,
) -> pd.DataFrame:
    """Concordance evidence for a key-terms table: the first lines of each target's top terms.

    For every target of ``keyterms`` (from :func:`keyness_table`, in its order) and each of its
    ``n_terms`` terms with the largest ``z`` (ties: the table's order, i.e. alphabetical), the
    first ``n_lines`` lines of :func:`kwic` searched within the target's own documents (the
    document itself, or the documents of the ``by`` group). Each document is indexed once for
    all its terms, and the search stops at ``n_lines`` hits.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`kwic` plus ``target`` and ``term``.
    """
    dd = as_docs(docs)
    if by is None or by == "doc_id":
        members: dict[Any, list[str]] = {}
    else:
        groups = _groups(docs, dd, by, metadata)
        members = {}
        for d, g in groups.items():
            members.setdefault(str(g), []).append(d)
    rows: list[tuple[Any, ...]] = []
    lex = _KwicLexicon()
    if keyterms.empty:
        return pd.DataFrame(rows, columns=[*KWIC_COLUMNS, "target", "term"])
    kt = keyterms.reset_index(drop=True)
    codes, _ = pd.factorize(kt["target"], sort=False)
    kt = kt.iloc[np.lexsort((np.arange(len(kt)), -kt["z"].to_numpy(), codes))]  # per target: z descending, stable
    for target, part in kt.groupby("target", sort=False):
        ids = ([str(target)] if str(target) in dd else []) if not members else members.get(str(target), [])
        if not ids:
            continue
        indexes = [(d, _KwicIndex(dd[d], lex)) for d in ids]
        for term in part["term"].head(n_terms):
            parts = _kwic_args(str(term), window, "any")
            found = 0
            for d, index in indexes:
                for i in index.find(parts, "any", n_lines - found):
                    rows.append((*index.row(d, i, len(parts), window), target, term))
                    found += 1
                if found >= n_lines:
                    break
    return pd.DataFrame(rows, columns=[*KWIC_COLUMNS, "target", "term"])


# --------------------------------------------------------------------------------------------
# Collocates of the words for men
# --------------------------------------------------------------------------------------------
_SUBJ = {"nsubj"}
_OBJ = {"dobj", "dative", "nsubjpass", "obj", "iobj"}


def _is_man(tok: Any, words: frozenset[str]) -> bool:
    return tok.lower_ in words or tok.lemma_.lower() in words


def _man_word_indices(doc: Any, words: frozenset[str], lemma_memo: dict[int, bool]) -> list[int]:
    """Indices of the tokens :func:`_is_man` accepts, found from token arrays (no Token per token)."""
    from spacy.attrs import LEMMA, LOWER
    from spacy.strings import get_string_id

    if not len(doc):
        return []
    strings = doc.vocab.strings
    arr = doc.to_array([LOWER, LEMMA])
    # form: the LOWER hash of a man-word; lemma: lower-cased lemma string in words
    form_hashes = np.array([get_string_id(w) for w in words], dtype=np.uint64)
    hit = np.isin(arr[:, 0], form_hashes)
    lemmas = np.unique(arr[:, 1])
    for h in lemmas.tolist():
        if h not in lemma_memo:
            lemma_memo[h] = strings[h].lower() in words if h else False
    good = np.array([h for h in lemmas.tolist() if lemma_memo[h]], dtype=np.uint64)
    if len(good):
        hit |= np.isin(arr[:, 1], good)
    return np.flatnonzero(hit).tolist()


def _verb_and_conjuncts(verb: Any) -> list[Any]:
    out = [verb]
    for c in verb.conjuncts:
        if c.pos_ in ("VERB", "AUX"):
            out.append(c)
    return out


def collocates(
    docs: Any,
    *,
    terms: Iterable[str] | None = None,
    stoplist: StopList | None = None,
    examples: bool = False,
) -> pd.DataFrame:
    """What the words for men do, are, have and undergo, per document (needs a dependency parse).

    A *man-word* is a token whose form or lemma is in ``terms`` (default: the protected words
    of the stop list: men, man, boys, he, him, his, fathers ...); a man-word conjoined with
    one ("men and boys") counts too. Relations:

    * ``does``: verbs whose subject (``nsubj``) is a man-word, or whose passive agent
      ("by men") is one; conjoined verbs ("men lead and support") included;
    * ``is``: adjectives and nouns predicated of a man-word subject of a copula ("men are
      strong", "men are allies") and adjectives modifying a man-word ("young men");
    * ``has``: nouns a man-word possesses ("his role", "men's health") and objects of *have*
      with a man-word subject;
    * ``done_to``: verbs whose object or passive subject is a man-word ("engage men", "men are
      targeted").

    Parameters
    ----------
    docs : ParsedCorpus or mapping doc_id -> Doc
        Parsed with the dependency parser.
    terms : iterable of str, optional
        The man-words; default the ``keep`` list of the stop list.
    stoplist : StopList, optional
    examples : bool, default False
        Add an ``example`` column with one sentence per row.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``relation``, ``collocate`` (lemma), ``count`` (and ``example``), by document,
        relation and count descending.

    Raises
    ------
    PipelineError
        If the documents have no dependency parse.
    """
    dd = as_docs(docs)
    words = frozenset(w.lower() for w in terms) if terms is not None else (stoplist or load_stoplist()).keep
    for doc_id, doc in dd.items():
        if len(doc) and not doc.has_annotation("DEP"):
            raise PipelineError(
                f"docs: {doc_id!r} has no dependency parse; collocates needs the parser, so parse with components=None (all) or including 'parser'"
            )
    found: Counter[tuple[str, str, str]] = Counter()
    example: dict[tuple[str, str, str], str] = {}

    def add(doc_id: str, rel: str, tok: Any, sent: Any) -> None:
        lemma = tok.lemma_.lower()
        if not lemma or not re.match(r"^[a-z][a-z'-]*$", lemma):
            return
        key = (doc_id, rel, lemma)
        found[key] += 1
        example.setdefault(key, _clean(sent.text))

    lemma_memo: dict[int, bool] = {}
    for doc_id, doc in dd.items():
        for i in _man_word_indices(doc, words, lemma_memo):
            tok = doc[i]
            sent = tok.sent
            # conjuncts take the dependency of the first conjunct ("men and boys engage")
            anchor = tok
            while anchor.dep_ == "conj" and anchor.head != anchor:
                anchor = anchor.head
            dep, head = anchor.dep_, anchor.head
            if dep in _SUBJ:
                if head.lemma_ == "be":
                    preds = [c for c in head.children if c.dep_ in ("acomp", "attr")]
                    for p in preds:
                        for q in [p, *p.conjuncts]:
                            if q.pos_ in ("ADJ", "NOUN", "PROPN"):
                                add(doc_id, "is", q, sent)
                else:
                    for v in _verb_and_conjuncts(head):
                        if v.pos_ == "VERB":  # not modals or a bare copula
                            add(doc_id, "does", v, sent)
                    if head.lemma_ == "have":
                        for c in head.children:
                            if c.dep_ in ("dobj", "obj") and c.pos_ in ("NOUN", "PROPN"):
                                add(doc_id, "has", c, sent)
            elif dep in _OBJ and head.pos_ in ("VERB", "AUX"):
                add(doc_id, "done_to", head, sent)
            elif dep == "pobj" and head.dep_ == "agent" and head.head.pos_ in ("VERB", "AUX"):
                add(doc_id, "does", head.head, sent)
            elif dep == "poss" and head.pos_ in ("NOUN", "PROPN"):
                add(doc_id, "has", head, sent)
            for c in tok.children:
                if c.dep_ == "amod" and c.pos_ == "ADJ":
                    add(doc_id, "is", c, sent)
    rows = [(d, r, c, n) + ((example[(d, r, c)],) if examples else ()) for (d, r, c), n in found.items()]
    cols = ["doc_id", "relation", "collocate", "count"] + (["example"] if examples else [])
    out = pd.DataFrame(rows, columns=cols)
    if out.empty:
        return out
    order = {d: i for i, d in enumerate(dd)}
    rel_order = {r: i for i, r in enumerate(RELATIONS)}
    out = out.assign(_d=out["doc_id"].map(order), _r=out["relation"].map(rel_order))
    out = out.sort_values(["_d", "_r", "count", "collocate"], ascending=[True, True, False, True])
    return out.drop(columns=["_d", "_r"]).reset_index(drop=True)
