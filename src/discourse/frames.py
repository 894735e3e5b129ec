"""Label how texts frame men: per mention, per sentence, per group, and for any text.

The method is rule-based and transparent. :func:`discourse.mentions.iter_mentions` finds every
reference to men and the role links of each (agent / patient / attribute / possessor /
comitative of some predicate). A frame applies to a mention when one of the frame's cues in the
codebook (``data/codebook.yaml``, see :mod:`discourse.codebook`) matches one of its links:

1. the link's role equals the cue's role;
2. the predicate's lemma (or a fallback base form) is one of the cue's lemmas, or a multi-word
   cue matches the predicate and its compound / adjective modifiers ("mental health");
3. if the cue has ``targets``: one of them appears among the predicate's complements (its
   subtree without its subject, coordinated predicates and the mention itself); a target that
   is itself possessed by a men mention ("men's rights") does not count. With
   ``target_rule: when_present`` a bare predicate ("men can be allies") passes, but one with an
   of / to / for / compound / possessive complement needs a target ("an ally of the senator"
   does not);
4. none of the cue's ``blocked_by`` words is a direct dependent of the predicate or the object
   of one of its prepositions ("engage in violence", "falsely accused").

Because cues are tied to the men's role, "violence against men" (men as patient) and "violence
by men" (men as agent) get different frames, and a frame word that applies to women in the
same sentence ("women are victims ... men") does not label the men.

Negation: a match on a negated link is kept as evidence with ``negated=True`` but does not
count (``counts=False``), unless the negated clause is a reported belief ("the notion that men
cannot be victims"), which the text puts forward in order to contest it, or the cue has
``polarity: negated`` (it is about the denial itself: "the shelters did not accept men").

Tier 2 (recall back-off, codebook ``tier2``; ``enabled: false`` turns it off): when tier 1
gives a sentence that mentions men no counted frame F, a STRONG cue word of F listed under
``tier2.cues.F`` may still assign F if it lies within ``tier2.max_distance`` dependency edges of
a men mention, is not negated, its own subject / possessor / copula subject is not a woman,
girl or she, none of its ``blocked_by`` words modifies it ("insurance benefit"), a
capitalised "Allies" is not taken, and its direction fits: ``undergoer`` cues (victim,
beneficiary) must not have the men as their doer ("he abused her" is not victim),
``doer`` cues (perpetrator, ally) must have them as doer - active subject, passive by-phrase,
possessor, or subject of a copula with the cue noun ("he is a predator", "his assault").
Tier-2 rows carry the cue's own id (``victim.tier2.1``) and ``via="tier2"``.

Sentences: :func:`sentence_frames` gives every sentence that mentions men the set of frames
that count for at least one of its mentions ("unframed" when none). :func:`frame_profile`
turns that table into shares per group with Wilson score intervals.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .codebook import PREDICATE_POS, Codebook, Cue, load_codebook
from .corpus import iter_jsonl
from .errors import CorpusError, DiscourseError, OutputError
from .mentions import Link, Mention, _bases, as_docs, iter_mentions, load_lexicon

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Token

__all__ = [
    "frame_analysis",
    "frame_tables",
    "FRAME_COLUMNS",
    "PROFILE_COLUMNS",
    "frame_profile",
    "label_frames",
    "label_jsonl",
    "label_sentences",
    "match_cue",
    "sentence_frames",
    "wilson_interval",
]

#: Columns of :func:`label_frames` (before metadata columns).
FRAME_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "sent_id",
    "sentence",
    "mention_id",
    "mention",
    "kind",
    "frame",
    "cue",
    "rule_id",
    "role",
    "via",
    "negated",
    "reported",
    "modality",
    "counts",
)

#: Columns of :func:`frame_profile` after the group column.
PROFILE_COLUMNS: tuple[str, ...] = ("frame", "n", "n_sentences", "share", "ci_low", "ci_high")

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")
_BARE_DEPS = ("poss", "compound")
_BARE_PREPS = ("of", "to", "for")
_GOAL_PREPS = frozenset({"in", "into", "on", "toward", "towards", "for", "against", "as", "around", "about"})


# --------------------------------------------------------------------------------------------
# matching


def _modifier_words(token: Token) -> set[str]:
    words: set[str] = set()
    stack = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
    while stack:
        t = stack.pop()
        words |= _bases(t)
        stack.extend(c for c in t.children if c.dep_ in ("compound", "amod", "nmod"))
    return words


def _cue_word(cue: Cue, pred: Token) -> str:
    bases = _bases(pred)
    hit = bases & cue.lemmas
    if hit:
        return sorted(hit)[0]
    for phrase in cue.phrases:
        if phrase[-1] in bases and set(phrase[:-1]) <= _modifier_words(pred):
            return " ".join(phrase)
    return ""


def _zone(pred: Token, mention: Token, scope: str = "clause") -> list[Token]:
    """Complements of ``pred``: its dependents' subtrees without subject, conjuncts and mention.

    ``scope="phrase"`` does not descend into clauses (verbs) below the predicate. A participle
    or relative clause also sees the noun it modifies ("the issues impacting men").
    """
    of_phrase = mention.dep_ == "pobj" and mention.head.lower_ == "of" and mention.head.head == pred
    skip = set(t.i for t in mention.subtree) if mention.head == pred or mention == pred else {mention.i}
    if of_phrase:
        skip = {t.i for t in mention.head.subtree}
    out = []
    stack = [c for c in pred.children if c.dep_ not in _SUBJECT_DEPS and c.dep_ not in ("punct", "cc", "conj")]
    if (mention.head == pred and mention.dep_ in ("dobj", "obj", "dative", "nsubjpass")) or of_phrase:
        # a goal phrase the parser hung on the object ("engage men in the pursuit of equality",
        # "the role of men in ending violence")
        goals = [c for c in mention.children if c.dep_ == "prep" and c.lower_ in _GOAL_PREPS]
        for g in goals:
            skip -= {t.i for t in g.subtree}
        stack += goals
    if pred.dep_ in ("acl", "relcl") and pred.head.i not in skip:
        out.append(pred.head)
    while stack:
        t = stack.pop()
        if t.i in skip:
            continue
        # a phrase keeps participles on its nouns ("initiatives related to equality") but no
        # clause ("commit to act against violence", "an indication that there was an issue")
        if scope == "phrase" and t.pos_ in ("VERB", "AUX") and not (t.dep_ in ("amod", "compound") or (t.dep_ == "acl" and t.tag_ in ("VBN", "VBG"))):
            continue
        out.append(t)
        stack.extend(t.children)
    return out


def _possessed_by_men(token: Token, men: set[int]) -> bool:
    for c in token.children:
        if c.dep_ == "poss" and c.i in men:
            return True
        if c.dep_ == "prep" and c.lower_ == "of" and any(p.i in men for p in c.children):
            return True
    return False


def match_cue(cue: Cue, link: Link, mention: Token, men: set[int] | None = None, people: frozenset[str] = frozenset()) -> str:
    """The cue word if ``cue`` matches ``link`` of ``mention``, else ``""``.

    Parameters
    ----------
    cue : Cue
    link : Link
        One of the mention's role links (see :func:`discourse.mentions.role_links`).
    mention : spacy.tokens.Token
        The mention's head token.
    men : set of int, optional
        Token indices of all men mentions in the document (targets they possess do not count,
        unless the target is a person: "their wives").
    people : frozenset of str
        Person nouns (the lexicon's ``other_people``).
    """
    pred = link.predicate
    if pred is None or link.role != cue.role:
        return ""
    if cue.predicate != "any" and pred.pos_ not in PREDICATE_POS[cue.predicate]:
        return ""
    word = _cue_word(cue, pred)
    if not word:
        return ""
    men = men or set()
    if cue.blocked_by:
        near = [c for c in pred.children if c.dep_ not in _SUBJECT_DEPS and c.i != mention.i]
        near += [p for c in near if c.dep_ in ("prep", "agent") for p in c.children if p.dep_ in ("pobj", "pcomp")]
        near += [c for c in pred.children if c.dep_ == "prep"]
        if any(_bases(t) & cue.blocked_by for t in near):
            return ""
    if cue.targets:
        zone = _zone(pred, mention, cue.target_scope)
        # the thing the men possess is a target when it is itself the patient ("change men's behaviour")
        own = {mention.head.i, mention.head.head.i} if link.via.endswith("+possessed") else set()
        if any(_bases(t) & cue.targets and t.i not in men and (not _possessed_by_men(t, men) or _bases(t) & people or t.i in own) for t in zone):
            return word
        if cue.target_rule == "when_present":
            complements = [
                c for c in pred.children
                if (c.dep_ in _BARE_DEPS or (c.dep_ == "prep" and c.lower_ in _BARE_PREPS)) and c.i not in men and c.lower_ != "male"
            ]
            return word if not complements else ""
        return ""
    return word


_AGENT_SUFFIXES = ("er", "or", "ist", "ant", "ent", "ian", "ee")


@lru_cache(maxsize=4096)
def _cue_heads(cue: Cue) -> frozenset[str]:
    """Words one of which a predicate must have among its base forms for ``cue`` to match it."""
    return frozenset(cue.lemmas) | frozenset(p[-1] for p in cue.phrases)


def _sentence_text(token: Token) -> str:
    """The stripped text of the token's sentence (sliced from the document's text, without a
    Token object per word as ``Span.text`` makes)."""
    from .features import _doc_text

    sent = token.sent
    return _doc_text(token.doc)[sent.start_char : sent.end_char].strip()


#: Mention kinds whose own word a cue reads, through the links ``_mention_matches`` adds, and
#: the roles of those links (``male_noun``: attribute or possessor, by the attribute lemmas).
#: ``_predicate_words`` reads this too: the frame cache keys depend on it.
_OWN_WORD_ROLES: dict[str, tuple[str, ...]] = {"male_noun": ("attribute", "possessor"), "group": ("attribute",)}


def _mention_matches(
    m: Mention, codebook: Codebook, men: set[int], people: frozenset[str], by_role: Mapping[str, Sequence[Cue]] | None = None
) -> list[dict[str, Any]]:
    links = list(m.links)
    if m.kind == "male_noun":
        # "male victims" (a person noun: attribute) vs "male violence" (a thing: possessor)
        person = bool(_bases(m.token) & codebook.lemmas_for_role("attribute")) or m.token.lower_.rstrip("s").endswith(_AGENT_SUFFIXES)
        attribute, possessor = _OWN_WORD_ROLES["male_noun"]
        links.insert(0, Link(attribute if person else possessor, m.token, "", False, "", False, "male_noun"))
    elif m.kind == "group":
        # a men word that is itself a cue ("the gunman", "a patriarch")
        (role,) = _OWN_WORD_ROLES["group"]
        links.append(Link(role, m.token, "", False, "", False, "self"))
    best: dict[str, dict[str, Any]] = {}
    for link in links:
        # a cue matches only if its word is a base form of the predicate (match_cue's
        # _cue_word); the base forms are computed once per link
        bases = _bases(link.predicate) if link.predicate is not None else frozenset()
        # only cues of the link's role can match it (match_cue checks that first)
        for cue in by_role.get(link.role, ()) if by_role is not None else codebook.cues():
            if cue.polarity == "negated" and not link.negated:
                continue
            if not bases & _cue_heads(cue):
                continue
            word = match_cue(cue, link, m.token, men, people)
            if not word:
                continue
            # "the myth that men are violent" does not say they are; "the myth that men cannot be
            # victims" says they can
            counts = (not link.negated and not link.contested) or (link.negated and link.reported) or cue.polarity == "negated"
            prev = best.get(cue.frame)
            if prev is not None and (prev["counts"] or not counts):
                continue
            best[cue.frame] = {
                "frame": cue.frame,
                "cue": word,
                "rule_id": cue.id,
                "role": link.role,
                "via": link.via,
                "negated": link.negated,
                "reported": link.reported,
                "modality": link.modality,
                "counts": counts,
            }
    return [best[f] for f in codebook.frame_names if f in best]


def _metadata(docs: Any) -> pd.DataFrame | None:
    meta = getattr(docs, "metadata", None)
    if callable(meta):
        return meta()
    return None


def _with_metadata(df: pd.DataFrame, docs: Any) -> pd.DataFrame:
    meta = _metadata(docs)
    if meta is None or "doc_id" not in meta.columns:
        return df
    keep = [c for c in meta.columns if c == "doc_id" or c not in df.columns]
    return df.merge(meta[keep].astype({"doc_id": str}), on="doc_id", how="left")


# --------------------------------------------------------------------------------------------
# public API


def label_frames(
    docs: Any,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    *,
    lexicon: str | Path | None = None,
    scheduler: Any = None,
) -> pd.DataFrame:
    """One row per (mention, frame) with its evidence.

    Parameters
    ----------
    docs : ParsedCorpus, mapping doc_id -> Doc, Doc or sequence of Docs
        Parsed with a dependency parser.
    codebook : path, dict or Codebook, optional
        Default: the packaged ``data/codebook.yaml``.
    lexicon : path, optional
        Men lexicon; default the packaged one.
    scheduler : str or dask.distributed.Client, optional
        Label on a Dask cluster, sharded by document (see :func:`frame_analysis`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FRAME_COLUMNS` (``sentence`` is the sentence text, ``cue`` the matched
        word, ``rule_id`` the cue id, ``role`` the men's role, ``via`` how the link was found,
        ``counts`` False for a negated match), then the corpus metadata when ``docs`` is a
        :class:`~discourse.parsing.ParsedCorpus`.
    """
    return frame_analysis(docs, codebook, lexicon=lexicon, scheduler=scheduler)[1]


def frame_tables(
    docs: Any,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    *,
    lexicon: str | Path | None = None,
    scheduler: Any = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both frame tables from one pass over the mentions: ``(evidence, sentences)``.

    ``evidence`` is what :func:`label_frames` returns and ``sentences`` what
    :func:`sentence_frames` returns; use this when you need both. See :func:`frame_analysis`
    for ``scheduler``.
    """
    _, evidence, sentences = frame_analysis(docs, codebook, lexicon=lexicon, scheduler=scheduler)
    return evidence, sentences


def frame_analysis(
    docs: Any,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    *,
    lexicon: str | Path | None = None,
    scheduler: Any = None,
    progress: bool = False,
    cache_dir: str | Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Mentions, frame evidence and sentence frames from one pass: ``(mentions, evidence, sentences)``.

    ``mentions`` has the columns of :func:`discourse.mentions.find_mentions` (its ``reported``
    flag uses the codebook's ``scope.belief_words``, as the frames do), ``evidence`` is what
    :func:`label_frames` returns and ``sentences`` what :func:`sentence_frames` returns.
    ``discourse analyze`` uses this.

    Parameters
    ----------
    docs : ParsedCorpus, mapping doc_id -> Doc, Doc or sequence of Docs
    codebook : path, dict or Codebook, optional
    lexicon : path, optional
    scheduler : str or dask.distributed.Client, optional
        Label on a Dask cluster, sharded by document (see :mod:`discourse.distributed`); the
        tables equal those of a local run.
    progress : bool, default False
        Show a progress bar (documents) on stderr.
    cache_dir : str or Path, optional
        Keep each document's rows in this cache folder (the parse cache's) and reuse them while
        neither the document's parse nor any part of the lexicon or codebook that can change
        them has changed (see :mod:`discourse.framecache`): after a codebook edit, only the
        documents that use the edited cues' words are labelled again. Only for a
        :class:`~discourse.parsing.ParsedCorpus` read through the parse cache, and not with
        ``scheduler``; default: no cache.
    """
    import pandas as pd

    from .mentions import MENTION_COLUMNS
    from .parsing import ParsedCorpus

    book = load_codebook(codebook)
    lex = load_lexicon(lexicon)
    keys = docs.cache_keys if isinstance(docs, ParsedCorpus) else {}
    if scheduler is None and cache_dir is not None and keys:
        from .framecache import FrameCache

        cache = FrameCache(cache_dir, book, lex)
        # documents are read from the parse cache only when their rows are not cached
        lazy = [(doc_id, functools.partial(docs.__getitem__, doc_id)) for doc_id in docs]
        mention_rows, rows, sent_rows = _analysis_rows(lazy, book, lex, progress=progress, cache=cache, keys=keys)
        counts = {"documents_from_cache": cache.hits, "documents_labelled": cache.misses}
    elif scheduler is None:
        pairs = as_docs(docs)
        mention_rows, rows, sent_rows = _analysis_rows(pairs, book, lex, progress=progress)
        counts = {"documents_from_cache": 0, "documents_labelled": len(pairs)}
    else:
        mention_rows, rows, sent_rows, counts = _dask_rows(docs, book, lex, scheduler, progress, cache_dir if keys else None, keys)
    mentions = pd.DataFrame(mention_rows, columns=list(MENTION_COLUMNS))
    evidence = _with_metadata(pd.DataFrame(rows, columns=list(FRAME_COLUMNS)), docs)
    cols = ["doc_id", "sent_id", "sentence", "n_mentions", "frames", *book.frame_names]
    sentences = _with_metadata(pd.DataFrame(sent_rows, columns=cols), docs)
    sentences.attrs["frames"] = list(book.frame_names)
    evidence.attrs["frame_cache"] = counts
    return mentions, evidence, sentences


def _dask_rows(
    docs: Any, book: Codebook, lex: Any, scheduler: Any, progress: bool, cache_dir: str | Path | None, keys: Mapping[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], dict[str, int]]:
    """:func:`frame_analysis` on a Dask cluster: documents whose rows are in the frame cache are
    not shipped; the others are labelled on the workers and their rows cached here."""
    from .distributed import dask_client, label_shards

    cache = None
    hits: dict[str, tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]] = {}
    if cache_dir is not None:
        from .framecache import FrameCache

        cache = FrameCache(cache_dir, book, lex)
        for doc_id in docs:
            hit = cache.lookup(keys[doc_id]) if doc_id in keys else None
            if hit is not None:
                hits[doc_id] = hit
        pairs = [(doc_id, docs[doc_id]) for doc_id in docs if doc_id not in hits]
    else:
        pairs = as_docs(docs)
    with dask_client(scheduler) as client:
        m_rows, e_rows, s_rows = label_shards(client, pairs, book, lex, progress=progress) if pairs else ([], [], [])
    by_doc: dict[str, tuple[list[Any], list[Any], list[Any]]] = {doc_id: ([], [], []) for doc_id, _ in pairs}
    for part, rows in enumerate((m_rows, e_rows, s_rows)):
        for r in rows:
            by_doc[r["doc_id"]][part].append(r)
    if cache is not None:
        for doc_id, doc in pairs:
            if doc_id in keys:
                mrows, erows, srows = by_doc[doc_id]
                tier1 = [r for r in erows if r["via"] != "tier2"]
                tier2 = [r for r in erows if r["via"] == "tier2"]
                cache.store(keys[doc_id], doc, mrows, srows, tier1, tier2)
    out: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
    for doc_id in [d for d, _ in pairs] if cache is None else docs:
        if doc_id in hits:
            for acc, part in zip(out, _cached_rows(hits[doc_id], book), strict=True):
                acc.extend(part)
        else:
            for acc, part in zip(out, by_doc[doc_id], strict=True):
                acc.extend(part)
    return out[0], out[1], out[2], {"documents_from_cache": len(hits), "documents_labelled": len(pairs)}


def _analysis_rows(
    pairs: Sequence[tuple[str, Any]], book: Codebook, lex: Any, progress: bool = False, cache: Any = None, keys: Mapping[str, str] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Mention, evidence and sentence rows of documents, one document at a time.

    ``pairs`` holds ``(doc_id, Doc)`` or ``(doc_id, callable returning the Doc)``: with a
    :class:`~discourse.framecache.FrameCache` and the documents' parse cache ``keys``, a document
    whose rows are all cached is not read at all.
    """
    from .mentions import mention_rows
    from .parsing import _progress_bar

    mentions_out: list[dict[str, Any]] = []
    rows_out: list[dict[str, Any]] = []
    sents_out: list[dict[str, Any]] = []
    tier2_on = bool(book.tier2_enabled and book.tier2)
    bar = _progress_bar(len(pairs), "frames", progress)
    for doc_id, doc in pairs:
        key = keys.get(doc_id) if cache is not None and keys is not None else None
        hit = cache.lookup(key) if key is not None else None
        if hit is not None:
            mrows, rows, srows = _cached_rows(hit, book)
            mentions_out += mrows
            rows_out += rows
            sents_out += srows
            cache.hits += 1
        else:
            doc = doc() if callable(doc) else doc
            mentions = iter_mentions({doc_id: doc}, lex, book.belief_words)
            tier1 = _tier1_rows(mentions, book, lex.other_people)
            tier2 = _tier2_rows(mentions, book, tier1) if tier2_on else []
            mrows = mention_rows(mentions)
            srows = _sentence_rows(mentions, tier1 + tier2, book)
            mentions_out += mrows
            rows_out += tier1 + tier2
            sents_out += srows
            if key is not None:
                cache.store(key, doc, mrows, srows, tier1, tier2, _predicate_words(mentions))
                cache.misses += 1
        bar.update(1)
    bar.close()
    return mentions_out, rows_out, sents_out


_FEMALE = frozenset({"she", "her", "herself", "hers", "woman", "women", "girl", "wife", "mother",
                     "daughter", "sister", "girlfriend", "lady", "female", "femininity"})
_PERSON_UNDERGOERS = frozenset({"victim", "casualty", "survivor"})
_ALLEGATIONS = frozenset({"allegation", "accusation", "charge", "claim", "complaint"})


def _is_female(t: Token) -> bool:
    return bool(_bases(t) & _FEMALE) or t.lower_ in _FEMALE


def _subjects(verb: Token) -> list[Token]:
    cur = verb
    for _ in range(3):
        subj = [c for c in cur.children if c.dep_ in ("nsubj", "csubj")]
        if subj:
            if cur.dep_ == "relcl" and subj[0].lower_ in ("who", "that", "which"):
                return [cur.head]
            return subj
        if cur.dep_ in ("conj", "xcomp", "advcl") and cur.head.i != cur.i:
            cur = cur.head
        elif cur.dep_ in ("relcl", "acl"):
            return [cur.head]
        else:
            break
    return []


_HARMED_NOUNS = frozenset({"victim", "target", "prey", "casualty", "survivor"})
_PERSON_CUES = frozenset({"ally", "champion", "feminist", "predator", "advocate", "friend", "partner"})


def _slots(t: Token) -> tuple[list[Token], list[Token]]:
    """(doers, undergoers) of a tier-2 cue word."""
    doers: list[Token] = []
    under: list[Token] = []
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children) or (t.tag_ == "VBN" and t.dep_ in ("amod", "acl"))
    by = [p for c in t.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for p in c.children if p.dep_ == "pobj"]
    doers += by
    if t.pos_ in ("VERB", "AUX") or (t.tag_ == "VBN"):
        if passive:
            under += [c for c in t.children if c.dep_ == "nsubjpass"]
            if t.dep_ in ("amod", "acl"):
                under.append(t.head)
        else:
            doers += _subjects(t)
            under += [c for c in t.children if c.dep_ in ("dobj", "obj", "dative")]
        return doers, under
    # a noun or adjective
    poss = [c for c in t.children if c.dep_ == "poss"]
    pred = []
    if t.dep_ in ("attr", "acomp", "oprd") or (t.dep_ in ("advmod", "prt") and t.head.lemma_ == "be"):
        pred += [c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if t.dep_ == "pobj" and t.head.lower_ == "as":
        h = t.head.head
        pred += [h] if h.pos_ in ("NOUN", "PROPN", "PRON") else _subjects(h)
    if t.dep_ == "compound" and t.head.lemma_.lower() in _HARMED_NOUNS:
        # "a rape survivor" underwent the rape
        under.append(t.head)
    elif t.dep_ in ("appos", "amod", "compound") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
        pred.append(t.head)
    of = [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    # "assault allegations against him", "allegations of assault against him"
    h = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "of" else t.head
    if t.dep_ in ("compound", "pobj") and _bases(h) & _ALLEGATIONS:
        doers += [p for c in h.children if c.dep_ == "prep" and c.lower_ == "against" for p in c.children if p.dep_ == "pobj"]
        doers += [c for c in h.children if c.dep_ == "poss"]
    # a person noun's possessor is who it serves or harms ("his champion", "his abuser"), except
    # for the harmed ("his victims": he harmed them)
    if t.lemma_.lower() not in _HARMED_NOUNS and (t.lower_.rstrip("s").endswith(_AGENT_SUFFIXES) or t.lemma_.lower() in _PERSON_CUES):
        return doers + pred, under + poss + pred + of
    return doers + poss + pred, under + poss + pred + of


def _tier2_negated(t: Token) -> bool:
    from .mentions import _negated

    cur = t
    for _ in range(3):
        if _negated(cur):
            return True
        if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _tree_distance(a: Token, b: Token) -> int:
    up = {}
    cur, d = a, 0
    while True:
        up[cur.i] = d
        if cur.head.i == cur.i:
            break
        cur, d = cur.head, d + 1
    cur, d = b, 0
    while cur.i not in up:
        if cur.head.i == cur.i:
            return 99
        cur, d = cur.head, d + 1
    return d + up[cur.i]


def _tier2_word(cue: Cue, t: Token, bases: frozenset[str] | None = None) -> str:
    bases = _bases(t) if bases is None else bases
    hit = bases & cue.lemmas
    if hit:
        return sorted(hit)[0]
    for phrase in cue.phrases:
        if phrase[-1] in bases and t.i >= len(phrase) - 1:
            before = [x.lower_ for x in t.doc[t.i - len(phrase) + 1 : t.i]]
            if before == list(phrase[:-1]):
                return " ".join(phrase)
    return ""


def _word_hits(doc: Any, words: frozenset[str], memo: dict[tuple[int, int], bool]) -> np.ndarray:
    """True for the tokens of ``doc`` with one of ``words`` among their base forms (``_bases``),
    computed once per distinct (form, lemma)."""
    from spacy.attrs import LEMMA, LOWER

    from .mentions import _base_forms, _per_word

    return _per_word(doc.to_array([LOWER, LEMMA]), doc.vocab.strings, lambda low, lem: bool(_base_forms(low, lem) & words), memo, bool)


def _tier2_rows(mentions: Sequence[Mention], book: Codebook, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # tier 1 already judged the frame in this sentence (counted, or negated: "not all men are abusers")
    counted = {(r["doc_id"], r["sent_id"], r["frame"]) for r in rows}
    by_sent: dict[tuple[str, int], list[tuple[int, Mention]]] = {}
    counters: dict[str, int] = {}
    for m in mentions:
        n = counters.get(m.doc_id, 0)
        counters[m.doc_id] = n + 1
        by_sent.setdefault((m.doc_id, m.sent_id), []).append((n, m))
    cue_words = frozenset(w for c in book.tier2 for w in c.lemmas) | frozenset(p[-1] for c in book.tier2 for p in c.phrases)
    import numpy as np

    out: list[dict[str, Any]] = []
    hit_masks: dict[str, np.ndarray] = {}
    memo: dict[tuple[int, int], bool] = {}
    for (doc_id, sent_id), ms in by_sent.items():
        men = {m.token.i for _, m in ms}
        sent = ms[0][1].token.sent
        done: set[str] = set()
        bases_of: dict[int, frozenset[str]] = {}  # base forms of each token, once
        doc = sent.doc
        hits = hit_masks.get(doc_id)
        if hits is None:
            hits = hit_masks[doc_id] = _word_hits(doc, cue_words, memo)
        # only words with a tier-2 cue word among their base forms can match
        for i in (np.flatnonzero(hits[sent.start : sent.end]) + sent.start).tolist():
            t = doc[i]
            bases_of[t.i] = _bases(t)
            for cue in book.tier2:
                if cue.frame in done or (doc_id, sent_id, cue.frame) in counted:
                    continue
                bases = bases_of.get(t.i)
                if bases is None:
                    bases = bases_of[t.i] = _bases(t)
                word = _tier2_word(cue, t, bases)
                if not word or t.i in men:
                    continue
                if t.dep_ == "prt":  # "better off": the particle hangs on the adjective
                    t = t.head
                if cue.frame == "ally" and t.text[:1].isupper() and t.i > sent.start and _bases(t) & {"ally", "allied"}:
                    continue
                if cue.blocked_by and any(_bases(c) & cue.blocked_by for c in t.children if c.dep_ in ("compound", "amod", "nmod", "dobj", "prep", "npadvmod", "advmod")):
                    continue
                if _tier2_negated(t):
                    continue
                doers, under = _slots(t)

                def is_men(x: Token, men: set[int] = men) -> bool:
                    return x.i in men or any(c.i in men for c in x.conjuncts)

                if cue.direction == "experiencer":
                    slot = under + [p for c in t.children if c.dep_ == "prep" and c.lower_ in ("for", "to") for p in c.children if p.dep_ == "pobj"]
                    if t.pos_ == "VERB" and not any(c.dep_ in ("dobj", "obj", "nsubjpass") for c in t.children):
                        slot += doers  # intransitive "men benefit"
                    if any(_is_female(x) for x in slot) or not any(is_men(x) for x in slot):
                        continue
                    near = [(n, m) for n, m in ms if any(m.token.i == x.i or m.token.i in {c.i for c in x.conjuncts} for x in slot)]
                elif cue.direction == "doer":
                    if any(_is_female(x) for x in doers) or not any(is_men(x) for x in doers):
                        continue
                    near = [(n, m) for n, m in ms if any(m.token.i == x.i or m.token.i in {c.i for c in x.conjuncts} for x in doers)]
                else:
                    if cue.direction == "undergoer" and any(is_men(x) for x in doers):
                        continue
                    if any(_is_female(x) for x in under):
                        continue
                    if t.lemma_.lower() in _PERSON_UNDERGOERS and not any(is_men(x) for x in under):
                        continue  # a person noun must be predicated of the men ("men are victims")
                    if t.lemma_.lower() in _PERSON_UNDERGOERS and any(is_men(p) for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children):
                        continue
                    near = [(n, m) for n, m in ms if _tree_distance(t, m.token) <= book.tier2_distance]
                if not near:
                    continue
                n, m = min(near, key=lambda nm: _tree_distance(t, nm[1].token))
                done.add(cue.frame)
                out.append(
                    {
                        "doc_id": doc_id, "sent_id": sent_id, "sentence": sent.text.strip(), "mention_id": n,
                        "mention": m.text, "kind": m.kind, "frame": cue.frame, "cue": word, "rule_id": cue.id,
                        "role": cue.role, "via": "tier2", "negated": False, "reported": False, "modality": "",
                        "counts": True,
                    }
                )
    return out


def _frame_rows(mentions: Sequence[Mention], book: Codebook, people: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    rows = _tier1_rows(mentions, book, people)
    if book.tier2_enabled and book.tier2:
        rows += _tier2_rows(mentions, book, rows)
    return rows


def _tier1_rows(mentions: Sequence[Mention], book: Codebook, people: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    rows = []
    men_by_doc: dict[str, set[int]] = {}
    for m in mentions:
        men_by_doc.setdefault(m.doc_id, set()).add(m.token.i)
    by_role: dict[str, list[Cue]] = {}
    for cue in book.cues():
        by_role.setdefault(cue.role, []).append(cue)
    counters: dict[str, int] = {}
    for m in mentions:
        n = counters.get(m.doc_id, 0)
        counters[m.doc_id] = n + 1
        for hit in _mention_matches(m, book, men_by_doc[m.doc_id], people, by_role):
            rows.append(
                {
                    "doc_id": m.doc_id,
                    "sent_id": m.sent_id,
                    "sentence": _sentence_text(m.token),
                    "mention_id": n,
                    "mention": m.text,
                    "kind": m.kind,
                    **hit,
                }
            )
    return rows


def sentence_frames(
    docs: Any,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    *,
    lexicon: str | Path | None = None,
) -> pd.DataFrame:
    """One row per sentence that mentions men, with the set of frames that count in it.

    Parameters
    ----------
    docs : ParsedCorpus, mapping doc_id -> Doc, Doc or sequence of Docs
    codebook : path, dict or Codebook, optional
    lexicon : path, optional

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``sent_id``, ``sentence``, ``n_mentions``, ``frames`` (sorted list of frame
        names; empty = unframed), then one boolean column per codebook frame, then metadata.
        The codebook's frame names are kept in ``df.attrs["frames"]`` for :func:`frame_profile`.
        This is the denominator table: sentences that mention men but carry no frame are rows.
    """
    return frame_tables(docs, codebook, lexicon=lexicon)[1]


def _sentence_rows(mentions: Sequence[Mention], rows: Sequence[Mapping[str, Any]], book: Codebook) -> list[dict[str, Any]]:
    """One row per sentence holding a mention, with the frames its counting evidence supports."""
    texts: dict[tuple[str, int], str] = {}
    plain = []
    for m in mentions:
        if (m.doc_id, m.sent_id) not in texts:
            texts[(m.doc_id, m.sent_id)] = _sentence_text(m.token)
        plain.append({"doc_id": m.doc_id, "sent_id": m.sent_id})
    return _sentence_table(plain, texts, rows, book)


def _predicate_words(mentions: Iterable[Mention]) -> dict[str, set[str]]:
    """Per role, the base forms of every word a tier-1 cue of that role can be tested on: each
    predicate of a mention's role links (``_cue_word``), and the mention's own word in the roles
    of the links ``_mention_matches`` adds (``_OWN_WORD_ROLES``). See :mod:`discourse.framecache`."""
    words: dict[str, set[str]] = {}
    for m in mentions:
        for role in _OWN_WORD_ROLES.get(m.kind, ()):
            words.setdefault(role, set()).update(_bases(m.token))
        for link in m.links:
            if link.predicate is not None:
                words.setdefault(link.role, set()).update(_bases(link.predicate))
    return words


def _cached_rows(hit: tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]], book: Codebook) -> tuple[list[Any], list[Any], list[Any]]:
    """Mention, evidence and sentence rows of one document from its frame cache entries
    (``FrameCache.lookup``); the sentence rows are rebuilt as :func:`_sentence_rows` makes them."""
    entry, tier1, tier2 = hit
    texts = {int(i): t for i, t in entry["texts"]}
    mention_rows = entry["mentions"]
    rows = tier1 + tier2
    sentences = _sentence_table(mention_rows, {(r["doc_id"], r["sent_id"]): texts[r["sent_id"]] for r in mention_rows}, rows, book)
    return mention_rows, rows, sentences


def _sentence_table(
    mentions: Sequence[Mapping[str, Any]], texts: Mapping[tuple[str, int], str], rows: Sequence[Mapping[str, Any]], book: Codebook
) -> list[dict[str, Any]]:
    frames_of: dict[tuple[str, int], set[str]] = {}
    for r in rows:
        if r["counts"]:
            frames_of.setdefault((r["doc_id"], r["sent_id"]), set()).add(r["frame"])
    sent_rows: dict[tuple[str, int], dict[str, Any]] = {}
    for m in mentions:
        key = (m["doc_id"], m["sent_id"])
        if key not in sent_rows:
            found = frames_of.get(key, set())
            sent_rows[key] = {
                "doc_id": key[0],
                "sent_id": key[1],
                "sentence": texts[key],
                "n_mentions": 0,
                "frames": sorted(found),
                **{f: f in found for f in book.frame_names},
            }
        sent_rows[key]["n_mentions"] += 1
    return list(sent_rows.values())


def wilson_interval(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``k / n``.

    ``centre = (p + z²/2n) / (1 + z²/n)``, ``half = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)``,
    with ``z`` the normal quantile for ``confidence``. Unlike the normal (Wald) interval it
    stays inside [0, 1] and behaves for small n and shares near 0 or 1. Returns (nan, nan) for
    n = 0.
    """
    if n <= 0:
        return (math.nan, math.nan)
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # exactly 0 for k = 0 and 1 for k = n (the formula leaves rounding noise such as 1e-17)
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return (low, high)


def frame_profile(
    sentences: pd.DataFrame,
    by: str = "doc_id",
    *,
    frames: Sequence[str] | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Share of men-mentioning sentences carrying each frame, per group, with Wilson intervals.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The output of :func:`sentence_frames` (one row per sentence that mentions men; the
        denominator), with the metadata column ``by``.
    by : str, default "doc_id"
        Grouping column (``doc_id`` or any metadata column); ``None`` pools all sentences
        (group column ``group`` = "all").
    frames : sequence of str, optional
        Frames to report; default ``sentences.attrs["frames"]`` (the codebook's).
    confidence : float, default 0.95
        Confidence level of the Wilson score interval (see :func:`wilson_interval`); sentences
        are treated as independent, so intervals are optimistic when sentences of one document
        are alike.

    Returns
    -------
    pandas.DataFrame
        Columns ``<by>``, ``frame``, ``n`` (sentences with the frame), ``n_sentences``
        (sentences mentioning men in the group), ``share`` = n / n_sentences, ``ci_low``,
        ``ci_high``; one row per group and frame, plus an ``unframed`` row (sentences with no
        frame). Shares of a group can sum to more than 1: frames co-occur.
    """
    import pandas as pd

    if not isinstance(sentences, pd.DataFrame) or "frames" not in sentences.columns:
        raise DiscourseError("sentences: pass the table from sentence_frames(...) (it needs a 'frames' column)")
    names = list(frames) if frames is not None else list(sentences.attrs.get("frames", []))
    if not names:
        names = sorted({f for fs in sentences["frames"] for f in fs})
    group_col = by if by is not None else "group"
    if by is not None and by not in sentences.columns:
        raise DiscourseError(f"by: no column {by!r} in the sentence table; use doc_id or one of {', '.join(map(str, sentences.columns))}")
    data = sentences if by is not None else sentences.assign(group="all")
    rows = []
    for group, part in data.groupby(group_col, sort=False, dropna=False):
        n_sent = len(part)
        sets = [set(fs) for fs in part["frames"]]
        for frame in [*names, "unframed"]:
            k = sum(1 for s in sets if not s) if frame == "unframed" else sum(1 for s in sets if frame in s)
            lo, hi = wilson_interval(k, n_sent, confidence)
            rows.append({group_col: group, "frame": frame, "n": k, "n_sentences": n_sent, "share": k / n_sent if n_sent else math.nan, "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(rows, columns=[group_col, *PROFILE_COLUMNS])


@lru_cache(maxsize=1)
def _default_nlp() -> Language:
    from .parsing import load_pipeline

    return load_pipeline()


def label_sentences(
    texts: Iterable[str] | Mapping[str, str],
    nlp: Language | None = None,
    *,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    lexicon: str | Path | None = None,
    batch_size: int = 64,
) -> pd.DataFrame:
    """Label any texts, each treated as an isolated passage.

    Parameters
    ----------
    texts : iterable of str, or mapping id -> text
        Passages (sentences or short paragraphs). Ids are ``0, 1, ...`` for a plain iterable.
    nlp : spacy.Language, optional
        A pipeline with a parser and NER; default :func:`discourse.parsing.load_pipeline`
        (loaded once).
    codebook : path, dict or Codebook, optional
    lexicon : path, optional
    batch_size : int, default 64

    Returns
    -------
    pandas.DataFrame
        ``id``, ``text``, ``mentions_men`` (bool), ``frames`` (sorted list of frame names).
    """
    import pandas as pd

    out = _label_passages(texts, nlp, codebook, lexicon, batch_size)
    return pd.DataFrame(out, columns=["id", "text", "mentions_men", "frames"])


def _label_passages(
    texts: Iterable[str] | Mapping[str, str],
    nlp: Language | None,
    codebook: str | Path | Mapping[str, Any] | Codebook | None,
    lexicon: str | Path | None,
    batch_size: int = 64,
) -> list[dict[str, Any]]:
    """Label passages; each record also carries ``evidence`` (the counted frame rows)."""
    if isinstance(texts, Mapping):
        ids = [str(k) for k in texts]
        values = [str(v) for v in texts.values()]
    else:
        values = [str(t) for t in texts]
        ids = [str(i) for i in range(len(values))]
    book = load_codebook(codebook)
    lex = load_lexicon(lexicon)
    pipe = nlp if nlp is not None else _default_nlp()
    docs = dict(zip(ids, pipe.pipe(values, batch_size=batch_size), strict=True))
    mentions = iter_mentions(docs, lex, book.belief_words)
    rows = _frame_rows(mentions, book, lex.other_people)
    frames_of: dict[str, set[str]] = {}
    evidence: dict[str, list[str]] = {}
    for r in rows:
        tag = f"{r['frame']}:{r['rule_id']}({r['mention']} {r['role']} {r['cue']})"
        if r["counts"]:
            frames_of.setdefault(r["doc_id"], set()).add(r["frame"])
        else:
            tag = "negated " + tag
        evidence.setdefault(r["doc_id"], []).append(tag)
    mentioned: dict[str, list[str]] = {}
    for m in mentions:
        mentioned.setdefault(m.doc_id, []).append(m.text)
    return [
        {
            "id": i,
            "text": t,
            "mentions_men": i in mentioned,
            "frames": sorted(frames_of.get(i, set())),
            "mentions": mentioned.get(i, []),
            "evidence": "; ".join(evidence.get(i, [])),
        }
        for i, t in zip(ids, values, strict=True)
    ]


def label_jsonl(
    in_path: str | Path,
    out_path: str | Path,
    *,
    nlp: Language | None = None,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    text_field: str = "text",
) -> int:
    """Label a JSON-lines file of passages; write each line back with the labels added.

    Every input line is an object with ``"text"`` (and usually ``"id"``); the output line is the
    same object with ``"mentions_men": bool`` and ``"frames": [sorted frame names]`` set. Blank
    lines are skipped. The input file is never overwritten.

    Parameters
    ----------
    in_path, out_path : str or Path
    nlp : spacy.Language, optional
    codebook : path, dict or Codebook, optional
    text_field : str, default "text"

    Returns
    -------
    int
        Lines written.

    Raises
    ------
    OutputError
        If ``out_path`` is the input file.
    CorpusError
        If the input is missing, a line is not a JSON object, or lacks the text field.
    """
    src, dst = Path(in_path), Path(out_path)
    if not src.is_file():
        raise CorpusError(f"{src}: input file not found; pass a JSON-lines file")
    if dst.exists() and dst.resolve() == src.resolve() or dst.absolute() == src.absolute():
        raise OutputError(f"{dst}: the output file is the input file; write the labels to another path")
    records: list[dict[str, Any]] = []
    for lineno, rec in iter_jsonl(src):
        if not isinstance(rec.get(text_field), str):
            raise CorpusError(f"{src}: line {lineno} needs a string {text_field!r} field")
        records.append(rec)
    labels = label_sentences([r[text_field] for r in records], nlp, codebook=codebook)
    dst.parent.mkdir(parents=True, exist_ok=True)
    with dst.open("w", encoding="utf-8") as fh:
        for rec, (_, row) in zip(records, labels.iterrows(), strict=True):
            out = {**rec, "mentions_men": bool(row["mentions_men"]), "frames": list(row["frames"])}
            fh.write(json.dumps(out, ensure_ascii=False) + "\n")
    return len(records)
