"""Find references to men in parsed text, with their syntactic role.

:func:`find_mentions` returns one row per reference to men. The words come from a data file
(``data/men_lexicon.yaml``) that a researcher can edit; the rules are:

Kinds of mention
----------------
``group``
    A noun whose lemma is a men group noun (men, boys, fathers, husbands, brothers, sons, dads,
    guys ...). A verb "man" ("to man a post") is never a noun and never matches.
``possessive``
    A group noun with a possessive marker ("men's mental health").
``male_noun``
    A noun modified by "male" ("male allies", "male victims"): the noun is the mention, so its
    own lemma can be a frame cue.
``named``
    A name (a run of proper nouns as the tagger marks them, see ``Names``; no named-entity
    recogniser runs) shown to be a man by an honorific right before it (Mr, Sir, Lord, King ...;
    evidence ``honorific:<word>``), by a first name from the lexicon's ``male_given_names``
    (evidence ``given_name:<name>``; full names only, unisex names are not listed), or by the
    first third-person singular pronoun after it being he/his/him/himself (evidence
    ``pronoun:<word>``; in the same or the next sentence when the name is the subject or the
    first person named in its sentence, else in its own sentence only), or by another mention
    of the same surname in the document that has such evidence (evidence
    ``coreference:<name>``; only a bare surname or the same full name, and never when a woman
    in the text has that surname). A name with a woman's first name or title
    (``female_given_names``, ``feminine_honorifics``) or whose nearest pronoun is she/her is
    not a man; "#MeToo" and other hashtags are never names.
``pronoun``
    he/him/his/himself (never the generic pairs "he or she", "his or her", "him or herself",
    "s/he"). The flag ``generic`` is set when no man is mentioned before it in the same or the
    previous sentence but a generic person noun is ("a person ... he"). they/them/their count
    when the nearest preceding person noun (a men mention or one of ``other_people`` in the
    lexicon) in the same or the previous sentence is a men mention, or is coordinated with one
    ("men and women ... their"). An object pronoun ("them") never takes the subject of its
    own clause as antecedent ("men ... could assault them" is not the men). This is a
    heuristic, not coreference resolution.

Not mentions: words inside an ``exclusions`` pattern of the lexicon ("the Rights of Man",
"man-made", "X-Men", "mankind", holiday and movement names), and group nouns tagged as proper
nouns next to another proper noun (an organisation or title: "Boys & Girls Clubs").

The roles of each mention are found by :func:`discourse.framing.roles.role_links`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..docs import SENTENCES_KEY, as_docs, doc_text, per_word, sentence_bounds
from .lexicon import LEXICON_PATH, Lexicon, base_forms, load_lexicon, token_bases
from .names import FEMALE, Names, generic_pair, in_proper_name, name_evidence
from .roles import ROLES, Link, role_links

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    import pandas as pd
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "LEXICON_PATH",
    "MENTION_COLUMNS",
    "ROLES",
    "Lexicon",
    "Link",
    "Mention",
    "find_mentions",
    "iter_mentions",
    "load_lexicon",
    "mention_rows",
    "role_links",
]


#: Columns of :func:`find_mentions`.
MENTION_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "sent_id",
    "mention_id",
    "start_char",
    "end_char",
    "text",
    "kind",
    "lemma",
    "role",
    "predicate",
    "negated",
    "modality",
    "reported",
    "generic",
    "evidence",
)


@dataclass(frozen=True)
class Mention:
    """One reference to men."""

    doc_id: str
    sent_id: int
    start_char: int
    end_char: int
    text: str
    kind: str
    lemma: str
    token: Any
    generic: bool = False
    evidence: str = ""
    links: tuple[Link, ...] = field(default_factory=tuple)


#: Group nouns whatever the lexicon says.
_ALWAYS_GROUP = frozenset({"men", "man", "boys", "boy", "males", "male"})


def _is_group(token: Token, lex: Lexicon) -> bool:
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    lower = token.lower_
    if lower in _ALWAYS_GROUP:
        return True
    return bool(token_bases(token) & lex.group_nouns) and token.lemma_.lower() not in ("manhood", "fatherhood")


def _is_male_noun(token: Token, lex: Lexicon) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("amod", "compound") and c.lower_ in lex.male_adjectives for c in token.children
    )


def _window_start(token: Token) -> int:
    """First token index of the previous sentence (or of this one)."""
    sent = token.sent
    if sent.start == 0:
        return 0
    return token.doc[sent.start - 1].sent.start


def _plural_antecedent(token: Token, men_tokens: set[int], lex: Lexicon) -> Token | None:
    """Nearest preceding person noun in this or the previous sentence, or None.

    An object pronoun ("them") never takes the subject of its own clause as antecedent ("men
    ... rape them" is not the men: that would be "themselves"), nor the noun its relative
    clause or participle hangs on ("men who threaten them").
    """
    doc = token.doc
    bound: set[int] = set()
    if token.dep_ in ("dobj", "dative", "iobj", "pobj") and token.lower_ in ("them", "him"):
        verb = token.head.head if token.dep_ == "pobj" else token.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects and verb.dep_ in ("xcomp", "ccomp"):
            # an infinitive's understood subject: "allow men to hurt them", "men want to hurt them"
            subjects = [c for c in verb.head.children if c.dep_ == "dobj"] or [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        for c in subjects:
            bound |= {x.i for x in c.subtree}
        # a relative clause or participle on a noun: that noun is its subject ("men who
        # threaten them", "a train of men to rape them", "men hitting them")
        if verb.dep_ in ("relcl", "acl") and (not subjects or all(c.lower_ in ("who", "that", "which") for c in subjects)):
            bound |= {verb.head.i} | {x.i for x in verb.head.conjuncts}
    for i in range(token.i - 1, _window_start(token) - 1, -1):
        if i in bound:
            continue
        t = doc[i]
        if i in men_tokens and t.lower_ not in lex.masculine_pronouns:
            if _compared(t):
                continue
            if t.tag_ in ("NNS", "NNPS") or t.lower_ in lex.plural_pronouns or any(c.dep_ == "conj" for c in t.children) or t.dep_ == "conj":
                return t
            continue
        if t.pos_ in ("NOUN", "PROPN") and t.tag_ in ("NNS", "NNPS") and t.dep_ not in ("compound", "amod") and token_bases(t) & lex.other_people:
            if _compared(t):
                continue
            return t
        if t.lower_ in lex.feminine_pronouns and t.pos_ == "PRON":
            return None
    return None


def _compared(token: Token) -> bool:
    """``token`` is the standard of a comparison ("weaker than men", "than men are"): a "they"
    after it refers back to what is compared, not to it ("women may be weaker than men, but
    they ...")."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "than":
        return True
    return token.dep_ in ("nsubj", "nsubjpass") and any(x.dep_ == "mark" and x.lower_ == "than" for x in head.children)


def iter_mentions(docs: Any, lexicon: Lexicon | str | Path | None = None, belief_words: Iterable[str] | None = None) -> list[Mention]:
    """Mentions of men with their tokens and all role links (the objects behind :func:`find_mentions`).

    Parameters
    ----------
    docs : ParsedCorpus, mapping doc_id -> Doc, Doc or sequence of Docs
        Parsed with a dependency parser.
    lexicon : Lexicon, str or Path, optional
        Default: the packaged ``men_lexicon.yaml``.
    belief_words : iterable of str, optional
        See :func:`role_links`.

    Returns
    -------
    list of Mention
    """
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    belief = frozenset(belief_words) if belief_words is not None else None
    out: list[Mention] = []
    memo: dict[tuple[int, int], int] = {}
    for doc_id, doc in as_docs(docs, need_parse=True).items():
        out.extend(_doc_mentions(doc_id, doc, lex, belief, memo))
    return out


def _scanned(doc: Doc) -> np.ndarray:
    """Indexes of the tokens to look for mentions in: all, or those of the parsed sentences of a
    selective parse (:mod:`discourse.selection` parses every sentence a mention can be in)."""
    import numpy as np

    record = doc.user_data.get(SENTENCES_KEY)
    if record is None or record.get("mode") != "selective":
        return np.arange(len(doc))
    starts = list(record["starts"])
    ends = starts[1:] + [len(doc)]
    parts = [np.arange(starts[s], ends[s]) for s in record["parsed"]]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


_CAND_GROUP, _CAND_MASC, _CAND_PLURAL = 1, 2, 4


def _word_classes(lex: Lexicon, lower: str, lemma: str) -> int:
    """Which mention rules can fire on a word (a necessary condition, from its form only)."""
    out = 0
    if lower in _ALWAYS_GROUP or base_forms(lower, lemma) & lex.group_nouns:
        out |= _CAND_GROUP
    if lower in lex.masculine_pronouns:
        out |= _CAND_MASC
    if lower in lex.plural_pronouns:
        out |= _CAND_PLURAL
    return out


def _candidates(doc: Doc, lex: Lexicon, memo: dict[tuple[int, int], int]) -> tuple[np.ndarray, np.ndarray]:
    """Word classes (``_CAND_*`` bits) of every token, and the male-adjective heads as a mask."""
    import numpy as np
    from spacy.attrs import DEP, HEAD, LEMMA, LOWER

    n = len(doc)
    if not n:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    arr = doc.to_array([LOWER, LEMMA, HEAD, DEP])
    strings = doc.vocab.strings
    classes = per_word(arr[:, :2], strings, lambda low, lem: _word_classes(lex, low, lem), memo, np.int64)
    # tokens with an amod / compound child from male_adjectives (what _is_male_noun needs)
    words = np.array([strings[w] for w in lex.male_adjectives], dtype=np.uint64)
    deps = np.array([strings["amod"], strings["compound"]], dtype=np.uint64)
    mods = np.flatnonzero(np.isin(arr[:, 0], words) & np.isin(arr[:, 3], deps))
    heads = np.zeros(n, dtype=bool)
    if len(mods):
        targets = mods + arr[mods, 2].astype(np.int64)
        heads[targets[(targets >= 0) & (targets < n)]] = True
    return classes, heads


class _Exclusions:
    """The lexicon's exclusion patterns, matched within the sentence of a token (lazily: only
    sentences holding a candidate mention are searched)."""

    def __init__(self, doc: Doc, lex: Lexicon, bounds: Sequence[tuple[int, int]]) -> None:
        self.doc = doc
        self.patterns = [p for p, _why in lex.exclusions]
        self.starts = [a for a, _ in bounds]
        self.bounds = bounds
        self.spans: dict[int, list[tuple[int, int]]] = {}

    def __contains__(self, token: Token) -> bool:
        if not self.patterns:
            return False
        si = bisect.bisect_right(self.starts, token.i) - 1
        spans = self.spans.get(si)
        if spans is None:

            a, b = self.bounds[si]
            offset, last = self.doc[a].idx, self.doc[b - 1]
            text = doc_text(self.doc)[offset : last.idx + len(last)]
            spans = self.spans[si] = [(m.start() + offset, m.end() + offset) for p in self.patterns for m in p.finditer(text)]
        return any(s <= token.idx < e for s, e in spans)


#: A line of names alone (a byline, a photo credit, a heading naming a man) has at most this many words.
_NAME_LINE_WORDS = 6


def _name_line(ent: Span) -> bool:
    """Whether the name stands in a "sentence" of proper nouns and punctuation alone, with no
    verb (a byline, a credit, a heading): it names a man but says nothing of him, so it is not
    a sentence that mentions men (it would only add to the denominator of every share)."""
    sent = ent.sent
    if len(sent) > 4 * _NAME_LINE_WORDS:
        return False
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    if not words or len(words) > _NAME_LINE_WORDS:
        return False
    return all(t.pos_ == "PROPN" for t in words)


def _doc_mentions(doc_id: str, doc: Doc, lex: Lexicon, belief: frozenset[str] | None, memo: dict[tuple[int, int], int] | None = None) -> list[Mention]:

    scanned = _scanned(doc)
    if not len(scanned):
        return []  # a selective parse that parsed nothing here: no mention by construction
    classes, male_heads = _candidates(doc, lex, {} if memo is None else memo)
    bounds = sentence_bounds(doc)
    excluded = _Exclusions(doc, lex, bounds)
    sent_index = {a: i for i, (a, _) in enumerate(bounds)}
    found: dict[int, tuple[int, int, str, str, Token, bool, str]] = {}
    # named men
    names = Names(doc, lex)
    persons = names.spans
    evid = {ent.start: name_evidence(ent, lex, names) for ent in persons}
    # a surname carries a man's evidence to its other mentions unless a woman has it too
    by_surname: dict[str, list[Span]] = {}
    for ent in persons:
        by_surname.setdefault(ent[-1].lower_, []).append(ent)
    for ent in persons:
        ev = evid[ent.start]
        if not ev:
            same = by_surname[ent[-1].lower_]
            men_names = [e for e in same if evid[e.start] not in ("", FEMALE)]
            female = any(evid[e.start] == FEMALE for e in same)
            # only a bare surname or the same full name ("Clinton", not "Hillary Clinton")
            if men_names and not female and (len(ent) == 1 or any(e.text == ent.text for e in men_names)):
                ev = f"coreference:{men_names[0].text}"
        if ev == FEMALE:
            continue
        if ev and ent[0] not in excluded and not _name_line(ent):
            root = ent.root
            found[root.i] = (ent.start_char, ent.end_char, "named", ent.text, root, False, ev)
    # only tokens a rule can fire on (every other token of the loop below does nothing)
    first = scanned[((classes[scanned] & (_CAND_GROUP | _CAND_MASC)) != 0) | male_heads[scanned]] if len(scanned) else scanned
    for i in first.tolist():
        t = doc[i]
        if i in found or t in excluded:
            continue
        if in_proper_name(t):
            continue
        if _is_group(t, lex):
            kind = "possessive" if (t.dep_ == "poss" or any(c.tag_ == "POS" for c in t.children)) else "group"
            if t.lower_ in ("male", "males") and t.pos_ != "NOUN":
                continue
            start, end = t.idx, t.idx + len(t.text)
            found[i] = (start, end, kind, t.text, t, False, "lexicon")
        elif male_heads[i] and _is_male_noun(t, lex):
            mod = min((c for c in t.children if c.lower_ in lex.male_adjectives), key=lambda c: c.i)
            found[i] = (mod.idx, t.idx + len(t.text), "male_noun", doc_text(doc)[mod.idx : t.idx + len(t.text)], t, False, "lexicon")
        elif t.lower_ in lex.masculine_pronouns and t.pos_ == "PRON" and not generic_pair(t):
            if _deity(t, found):
                continue
            generic = _generic_he(t, found, lex, names)
            if generic and _bound_by_quantifier(t, found):
                continue
            found[i] = (t.idx, t.idx + len(t.text), "pronoun", t.text, t, generic, "masculine pronoun")
    # they/them/their after the other mentions are known (left to right)
    plural = scanned[(classes[scanned] & _CAND_PLURAL) != 0] if len(scanned) else scanned
    for i in plural.tolist():
        t = doc[i]
        if t.pos_ == "PRON" and t not in excluded:
            ante = _plural_antecedent(t, set(found), lex)
            if ante is not None and (ante.i in found or any(c.i in found for c in ante.conjuncts)):
                found[i] = (t.idx, t.idx + len(t.text), "pronoun", t.text, t, False, f"antecedent:{ante.text}@{ante.idx}")
    out = []
    for i in sorted(found):
        start, end, kind, text, tok, generic, ev = found[i]
        links = tuple(role_links(tok, belief, lex.other_people | lex.group_nouns, lex.possessed_self))
        lemma = tok.lemma_.lower() if kind != "named" else text
        out.append(Mention(doc_id, sent_index[tok.sent.start], start, end, text, kind, lemma, tok, generic, ev, links))
    return out


#: Words for God: a "He" / "His" that refers back to one is not a man.
_DEITY = frozenset({"god", "lord", "allah", "almighty", "creator", "jehovah", "yahweh"})


#: Quantified antecedents that make "he / his" a variable, not a man ("everyone who is angry
#: with his brother", "anyone ... can share his concerns").
_QUANTIFIED = frozenset({"anyone", "anybody", "everyone", "everybody", "whoever", "nobody", "each", "every", "whosoever", "whomever"})


def _deity(token: Token, found: Mapping[int, Any]) -> bool:
    """A capitalised He / Him / His inside a sentence (the reverent capital), or a pronoun whose
    nearest preceding candidate in this or the previous sentence is God."""
    if token.text[:1].isupper() and token.i > token.sent.start and not token.text.isupper():
        prev = token.doc[token.i - 1]
        if prev.text not in ('"', "“", "'", "‘", "(", ":", "-", "—", "*"):
            return True
    doc = token.doc
    for i in range(token.i - 1, _window_start(token) - 1, -1):
        if i in found:
            return False
        if doc[i].lower_ in _DEITY:
            return True
    return False


def _bound_by_quantifier(token: Token, found: Mapping[int, Any]) -> bool:
    """The nearest preceding antecedent of a generic "he" is "anyone", "everyone" ..."""
    doc = token.doc
    for i in range(token.i - 1, _window_start(token) - 1, -1):
        if i in found:
            return False
        if doc[i].lower_ in _QUANTIFIED:
            return True
    return False


def _generic_he(token: Token, found: Mapping[int, Any], lex: Lexicon, names: Names) -> bool:
    doc = token.doc
    for i in range(token.i - 1, _window_start(token) - 1, -1):
        if i in found:
            return False
        t = doc[i]
        if names.inside[i]:
            return False
        if t.pos_ in ("NOUN", "PRON") and t.tag_ in ("NN", "NNP") or t.lower_ in lex.generic_antecedents:
            if t.lemma_.lower() in lex.generic_antecedents:
                return True
    return False


def find_mentions(docs: Any, lexicon: Lexicon | str | Path | None = None) -> pd.DataFrame:
    """One row per reference to men, with its kind, role and governing predicate.

    Parameters
    ----------
    docs : ParsedCorpus, mapping doc_id -> Doc, Doc or sequence of Docs
        Parsed with a dependency parser (see :func:`discourse.parsing.parse`).
    lexicon : Lexicon, str or Path, optional
        The men lexicon; default the packaged ``data/men_lexicon.yaml``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MENTION_COLUMNS`: ``doc_id``, ``sent_id`` (0-based index of the sentence
        in its document), ``mention_id`` (0-based within the document), ``start_char`` /
        ``end_char`` (offsets in ``doc.text``), ``text``, ``kind`` (group, possessive,
        male_noun, named, pronoun), ``lemma``, ``role`` (see :data:`ROLES`), ``predicate``
        (lemma of the governing word, "" if none), ``negated``, ``modality``, ``reported``,
        ``generic`` (a "he" with a generic antecedent) and ``evidence`` (why it is a mention:
        lexicon, honorific:..., pronoun:..., antecedent:...).

    Raises
    ------
    PipelineError
        If a document has no dependency parse.
    """
    import pandas as pd

    return pd.DataFrame(mention_rows(iter_mentions(docs, lexicon)), columns=list(MENTION_COLUMNS))


def mention_rows(mentions: Iterable[Mention]) -> list[dict[str, Any]]:
    """The rows of :func:`find_mentions` (``mention_id`` counts within each document)."""
    rows = []
    counters: dict[str, int] = {}
    for m in mentions:
        link = m.links[0]
        n = counters.get(m.doc_id, 0)
        counters[m.doc_id] = n + 1
        rows.append(
            {
                "doc_id": m.doc_id,
                "sent_id": m.sent_id,
                "mention_id": n,
                "start_char": m.start_char,
                "end_char": m.end_char,
                "text": m.text,
                "kind": m.kind,
                "lemma": m.lemma,
                "role": link.role,
                "predicate": link.predicate.lemma_.lower() if link.predicate is not None else "",
                "negated": link.negated,
                "modality": link.modality,
                "reported": link.reported,
                "generic": m.generic,
                "evidence": m.evidence,
            }
        )
    return rows
