"""Named men: runs of proper nouns and the evidence that a name is a man's.

No named-entity recogniser runs: a name is a run of the tagger's proper nouns (``Names``), and
:func:`name_evidence` says why it is a man's (an honorific, a male given name, a following
he/his, or a man's surname), or that it is a woman's.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..docs import sentence_bounds
from .lexicon import Lexicon

if TYPE_CHECKING:

    from spacy.tokens import Doc, Span, Token

__all__ = ["FEMALE", "Names", "generic_pair", "in_proper_name", "honorifics_of", "name_evidence"]


def generic_pair(token: Token) -> bool:
    doc = token.doc
    nxt = doc[token.i + 1 : token.i + 3]
    prv = doc[max(token.i - 2, 0) : token.i]
    words = [t.lower_ for t in nxt]
    pwords = [t.lower_ for t in prv]
    if len(words) == 2 and words[0] in ("or", "/", "and") and words[1] in ("she", "her", "herself", "hers"):
        return True
    if len(pwords) == 2 and pwords[1] in ("or", "/", "and") and pwords[0] in ("she", "her", "herself", "hers", "s"):
        return True
    return token.i > 0 and doc[token.i - 1].text in ("/",) and token.i > 1 and doc[token.i - 2].lower_ == "s"


FEMALE = "female"


class Names:
    """Candidate personal names of a Doc: runs of proper nouns, as the tagger marks them.

    A run is a sequence of tokens tagged ``PROPN`` inside one sentence (two joined by a hyphen
    without spaces count as one: "Jean-Paul"), with leading honorifics (Mr, Ms, King ...) left
    out of the name: they become the word before it. A run is not a name when a word of it is in
    the lexicon's ``not_name_words`` (days, months, organisation and place words: "Supreme
    Court", "White House"), when a word is written in capitals (an acronym: "FBI"), when it ends
    in a plural proper noun ("Democrats") or holds an abbreviation with inner dots ("U.K."), or
    when it does not start with a capital letter. Whether a name is a man's is decided by
    :func:`name_evidence`.

    Attributes
    ----------
    spans : list of Span
    inside : ndarray of bool
        Per token: part of a name.
    first : ndarray of bool
        Per token: first token of a name.
    """

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        import numpy as np
        from spacy.attrs import POS, SENT_START
        from spacy.symbols import PROPN

        n = len(doc)
        self.spans: list[Span] = []
        self.inside = np.zeros(n, dtype=bool)
        self.first = np.zeros(n, dtype=bool)
        self._lex = lex
        self._doc = doc
        self._pronouns: tuple[Any, Any] | None = None
        self._starts: list[int] | None = None
        if not n:
            return
        arr = doc.to_array([POS, SENT_START])
        propn = np.flatnonzero(arr[:, 0] == PROPN).tolist()
        if not propn:
            return
        starts = arr[:, 1].astype(np.int64) == 1
        titles = frozenset().union(*honorifics_of(lex))
        runs: list[list[int]] = []
        for i in propn:
            if runs and not starts[i]:
                last = runs[-1][-1]
                if i == last + 1:
                    runs[-1].append(i)
                    continue
                if i == last + 2 and doc[last + 1].text in ("-", "\u2010", "\u2013") and not doc[last].whitespace_ and not doc[last + 1].whitespace_:
                    runs[-1] += [last + 1, i]
                    continue
            runs.append([i])
        for run in runs:
            while len(run) > 1 and doc[run[0]].lower_.rstrip(".") in titles:
                run = run[1:]
            toks = [doc[i] for i in run]
            if not toks[0].text[:1].isupper():
                continue
            if any(t.lower_ in lex.not_name_words or (len(t.text) > 1 and t.text.isupper() and t.text.isalpha()) for t in toks):
                continue
            # a plural proper noun ("Democrats", "Americans") or an abbreviation with inner
            # dots ("V.P.", "U.K.", "R-Fla.") names a group, a place or a title, not a person
            if toks[-1].tag_ == "NNPS" or any("." in t.text[:-1] for t in toks):
                continue
            a, b = run[0], run[-1] + 1
            self.spans.append(doc[a:b])
            self.inside[a:b] = True
            self.first[a] = True

    def pronouns(self) -> tuple[Any, Any]:
        """Per token: a masculine / a feminine pronoun (the word and its part of speech)."""
        if self._pronouns is None:
            import numpy as np
            from spacy.attrs import LOWER, POS
            from spacy.symbols import PRON

            doc, lex = self._doc, self._lex
            strings = doc.vocab.strings
            arr = doc.to_array([LOWER, POS]) if len(doc) else np.zeros((0, 2), dtype=np.uint64)
            pron = arr[:, 1] == PRON
            masc = np.isin(arr[:, 0], np.array([strings.add(w) for w in lex.masculine_pronouns], dtype=np.uint64)) & pron
            fem = np.isin(arr[:, 0], np.array([strings.add(w) for w in lex.feminine_pronouns], dtype=np.uint64)) & pron
            self._pronouns = (masc, fem)
        return self._pronouns

    def sentence(self, i: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence holding token ``i``."""
        if self._starts is None:
            self._starts = [a for a, _ in sentence_bounds(self._doc)]
        k = bisect.bisect_right(self._starts, i) - 1
        end = self._starts[k + 1] if k + 1 < len(self._starts) else len(self._doc)
        return self._starts[k], end


def in_proper_name(token: Token) -> bool:
    """A word tagged as a proper noun next to another ("Boys & Girls Clubs", "Men Can Stop Rape"):
    part of an organisation or title, not a reference to men; not in a heading in title case."""
    if token.pos_ != "PROPN":
        return False
    doc = token.doc
    i = token.i
    sent = token.sent
    long_words = [t for t in sent if t.is_alpha and len(t) > 3]
    if long_words and all(t.text[:1].isupper() for t in long_words):
        return False  # a heading in title case ("Successful Male Allies"): every word is capitalised
    before = doc[i - 1] if i > 0 else None
    after = doc[i + 1] if i + 1 < len(doc) else None
    if (before is not None and before.pos_ == "PROPN") or (after is not None and after.pos_ == "PROPN"):
        return True
    return after is not None and after.text in ("&", "and", "of") and i + 2 < len(doc) and doc[i + 2].pos_ == "PROPN"


def _is_subject(ent: Span) -> bool:
    """The name (or the phrase it is a compound, apposition or conjunct of) is a subject."""
    cur = ent.root
    while cur.dep_ in ("compound", "appos", "conj", "flat") and cur.head != cur:
        cur = cur.head
    return cur.dep_ in ("nsubj", "nsubjpass")


def _salient(ent: Span, names: Names, sent_start: int) -> bool:
    """The name is the subject of its clause or the first name in its sentence (which starts at
    token ``sent_start``): a following he/she most likely refers to it (a centering heuristic)."""
    return _is_subject(ent) or not names.first[sent_start : ent.start].any()


@lru_cache(maxsize=8)
def honorifics_of(lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """The lexicon's men's and women's honorifics without their final full stop."""
    return frozenset(h.rstrip(".") for h in lex.honorifics), frozenset(h.rstrip(".") for h in lex.feminine_honorifics)


def name_evidence(ent: Span, lex: Lexicon, names: Names) -> str:
    """Why the name ``ent`` is a man (``honorific:...``, ``given_name:...``, ``pronoun:...``),
    ``"female"`` when the name, a title or the nearest pronoun says it is a woman, or ``""``."""
    import numpy as np

    doc = ent.doc
    first = ent[0]
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if not first.text[:1].isalpha() or ent.root.pos_ != "PROPN" or (prev is not None and prev.text in ("#", "@")):
        return ""  # "#MeToo", "@handle"
    male_titles, female_titles = honorifics_of(lex)
    if first.lower_.rstrip(".") in female_titles and len(ent) > 1:
        return FEMALE
    if prev is not None and prev.lower_.rstrip(".") in female_titles and prev.pos_ in ("PROPN", "NOUN"):
        return FEMALE
    if first.lower_ in lex.female_given_names and len(ent) > 1:
        return FEMALE
    if first.lower_.rstrip(".") in male_titles and len(ent) > 1:
        return f"honorific:{first.text}"
    if prev is not None and prev.lower_.rstrip(".") in male_titles and prev.pos_ in ("PROPN", "NOUN"):
        return f"honorific:{prev.text}"
    if len(ent) > 1 and first.lower_ in lex.male_given_names:
        return f"given_name:{first.text}"
    start, end = names.sentence(ent.start)
    stop = end
    if stop < len(doc):
        stop = names.sentence(stop)[1]
    if not _salient(ent, names, start):
        stop = end  # a non-subject name only claims pronouns in its own sentence
    inside = names.inside
    masc, fem = names.pronouns()
    for i in np.flatnonzero(inside[ent.end : stop] | masc[ent.end : stop] | fem[ent.end : stop]).tolist():
        t = doc[ent.end + i]
        if inside[t.i]:
            break
        if masc[t.i] and not generic_pair(t):
            return f"pronoun:{t.text}"
        if fem[t.i]:
            return FEMALE
    # a pronoun before the name in the same sentence, when the name is the subject: "His work
    # done, Mill argued ..." (not "He criticised Biden")
    if not _is_subject(ent):
        return ""
    if (fem[start : ent.start] & ~inside[start : ent.start]).any():
        return FEMALE
    for i in np.flatnonzero(masc[start : ent.start]).tolist():
        t = doc[start + i]
        if not generic_pair(t):
            return f"pronoun:{t.text}"
    return ""
