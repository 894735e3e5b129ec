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
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .errors import DiscourseError, PipelineError
from .features import StopList, as_docs, learn_phrases, load_stoplist, make_units, unit_terms

__all__ = [
    "log_odds_dirichlet",
    "keyness",
    "keyness_table",
    "kwic",
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
    units = make_units(docs, "document")
    pm = learn_phrases(units.spans, stoplist=stoplist) if phrases else None
    return {d: Counter(unit_terms(span, stoplist=stoplist, phrases=pm)) for d, span in zip(units.table["doc_id"], units.spans, strict=True)}


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


def keyness_table(
    docs: Any,
    *,
    by: str | None = None,
    n: int = 25,
    metadata: pd.DataFrame | None = None,
    stoplist: StopList | None = None,
    phrases: bool = True,
    min_count: int = 2,
) -> pd.DataFrame:
    """Key terms of every document (or every ``by`` group) against the rest, tidy.

    Term counts are computed once. Returns the top ``n`` terms by ``z`` per target with a
    ``target`` column first (and ``by`` naming what the targets are).
    """
    dd = as_docs(docs)
    groups = _groups(docs, dd, by, metadata)
    counts = _doc_counts(dd, stoplist or load_stoplist(), phrases)
    frames = []
    values = [g for g in dict.fromkeys(groups.values()) if g is not None]
    if len(values) < 2:
        raise DiscourseError("keyness needs at least two documents or groups; add documents or choose another by=")
    for g in values:
        ct: Counter[str] = Counter()
        cr: Counter[str] = Counter()
        for d, gg in groups.items():
            if gg is None:
                continue
            (ct if gg == g else cr).update(counts[d])
        kt = log_odds_dirichlet(dict(ct), dict(cr))
        kt = kt[(kt["count_target"] + kt["count_reference"]) >= min_count].head(n)
        frames.append(kt.assign(target=g, by=by or "doc_id"))
    out = pd.concat(frames, ignore_index=True)
    return out[["by", "target", *KEYNESS_COLUMNS]]


# --------------------------------------------------------------------------------------------
# Concordance
# --------------------------------------------------------------------------------------------
def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


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
    if not isinstance(term, str) or not term.strip():
        raise DiscourseError(f"term must be a non-empty word or phrase, not {term!r}")
    if not isinstance(window, int) or window < 0:
        raise DiscourseError(f"window must be a non-negative number of tokens, not {window!r}")
    if match not in ("any", "lemma", "word"):
        raise DiscourseError(f"match must be 'any', 'lemma' or 'word', not {match!r}")
    parts = term.lower().replace("\u2019", "'").split()
    rows = []
    for doc_id, doc in as_docs(docs).items():
        toks = [t for t in doc if not t.is_space]
        sent_of: dict[int, int] = {}
        sents = list(doc.sents)
        for si, s in enumerate(sents):
            for t in s:
                sent_of[t.i] = si
        for i in range(len(toks) - len(parts) + 1):
            ok = True
            for j, p in enumerate(parts):
                t = toks[i + j]
                w, lem = t.lower_.replace("\u2019", "'"), t.lemma_.lower()
                hit = (w == p or lem == p) if match == "any" else (lem == p if match == "lemma" else w == p)
                if not hit:
                    ok = False
                    break
            if not ok:
                continue
            first, last = toks[i], toks[i + len(parts) - 1]
            left = toks[max(0, i - window) : i]
            right = toks[i + len(parts) : i + len(parts) + window]
            si = sent_of[first.i]
            rows.append((
                doc_id,
                si,
                first.i,
                _clean(" ".join(t.text for t in left)),
                doc[first.i : last.i + 1].text,
                _clean(" ".join(t.text for t in right)),
                _clean(sents[si].text),
            ))
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "token", "left", "keyword", "right", "sentence"])


# --------------------------------------------------------------------------------------------
# Collocates of the words for men
# --------------------------------------------------------------------------------------------
_SUBJ = {"nsubj"}
_OBJ = {"dobj", "dative", "nsubjpass", "obj", "iobj"}


def _is_man(tok: Any, words: frozenset[str]) -> bool:
    return tok.lower_ in words or tok.lemma_.lower() in words


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

    for doc_id, doc in dd.items():
        for tok in doc:
            if not _is_man(tok, words):
                continue
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
