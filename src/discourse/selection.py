"""Which sentences the frame analysis reads: chosen before the parser and the NER run.

``discourse.parse(..., mode="selective")`` runs the light components (tokenizer, tok2vec,
tagger, senter, attribute_ruler, lemmatizer) over every text and the parser and the
named-entity recogniser only over the sentences that :func:`discourse.mentions.find_mentions`,
:func:`discourse.frames.frame_tables` and :func:`discourse.keyterms.collocates` can take
anything from. :class:`SentenceSelector` decides which, in two rounds, so that the mentions,
frames and collocates of a selective parse equal those of a parse in which *every* sentence
went through the parser and the NER the same way (``mode="sentences"``; tested on the seed
corpus).

Every rule below over-approximates a rule of :mod:`discourse.mentions` (it looks at word forms
only, never at the part of speech, which the parser can still change through the
attribute_ruler):

Round 1 (NER + parser)
    * a sentence with a word for men: a group noun of the lexicon (lemma or fallback base form,
      see ``mentions._bases``), a ``male_adjectives`` word ("male" allies) or a masculine
      pronoun;
    * a sentence with an honorific (Mr, Sir ...) or a male given name, or whose previous
      sentence ends in an honorific ("Mr." | "Smith said"): a PERSON there may be a named man;
    * the sentence before one with a masculine pronoun: a name there can get its evidence from
      the pronoun ("Smith spoke. He said ..."), and a generic "he" looks back into it;
    * after a selected sentence, the next one if it holds a feminine pronoun (it can stop the
      pronoun evidence of a name), repeated while that holds.
Round 2, after the round-1 NER and parse
    * NER + parser: a sentence holding the surname of a PERSON that has evidence of being a man
      (a later "Smith" is a named man by coreference, unless a woman has that surname), and the
      sentence after it if that holds she / her (it can make a name a woman's);
    * parser only: a sentence with they / them / their whose own or previous sentence holds a
      candidate mention (a word for men, a PERSON, or such a plural pronoun: chains of "they"
      follow their antecedent); a sentence with a collocate word (``keep`` of the stop list:
      masculinity, patriarchy, Mr ...); the sentence holding the honorific before a name.

Sentences nobody selects keep the light annotation and *no* dependency annotation (missing
heads, not a made-up tree); their sentence boundaries are the senter's.

If you add a kind of mention to :mod:`discourse.mentions`, add the words that can start it here
(and run ``tests/test_selection.py``): the selective parse is exact only while this module sees
every sentence a mention rule can read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .mentions import _FEMALE, Lexicon, _bases, _name_evidence, _per_word, load_lexicon

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Doc

__all__ = ["SELECTOR_VERSION", "Selection", "SentenceSelector", "sentence_bounds"]

#: Bumped whenever the rules above change (it is part of the parse cache key).
SELECTOR_VERSION = "1"

GROUP, MALE_ADJ, MASC, FEM, PLURAL, HONORIFIC, GIVEN, KEEP = (1 << i for i in range(8))
MEN = GROUP | MALE_ADJ | MASC
_ALWAYS_GROUP = frozenset({"men", "man", "boys", "boy", "males", "male"})


class _Word(NamedTuple):
    """What ``mentions._bases`` reads from a token."""

    lower_: str
    lemma_: str


class Selection(NamedTuple):
    """Sentences (indexes into ``list(doc.sents)``) to run the NER and the parser on."""

    ner: frozenset[int]
    parse: frozenset[int]


@dataclass(frozen=True)
class SentenceSelector:
    """Chooses the sentences of a document that the parser and the NER must see.

    Attributes
    ----------
    lexicon : Lexicon
        The men lexicon the mention rules use.
    keep : frozenset of str
        Words whose sentences are parsed for :func:`discourse.keyterms.collocates`.
    """

    lexicon: Lexicon
    keep: frozenset[str] = frozenset()
    _flags: dict[tuple[int, int], int] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def default(cls, lexicon: Lexicon | str | Path | None = None, keep: Iterable[str] | None = None) -> SentenceSelector:
        """The selector for ``discourse analyze``: the men lexicon and the stop list's ``keep``.

        Parameters
        ----------
        lexicon : Lexicon, str or Path, optional
            Default: the packaged ``men_lexicon.yaml``.
        keep : iterable of str, optional
            Collocate words; default the ``keep`` list of the packaged stop list.
        """
        lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
        if keep is None:
            from .features import load_stoplist

            keep = load_stoplist().keep
        return cls(lex, frozenset(w.lower() for w in keep))

    def fingerprint(self) -> str:
        """A hash of everything that decides the selection (part of the parse cache key): the
        rules' version, every list of the lexicon (the name rules read several) and ``keep``."""
        h = hashlib.sha256(f"selector-{SELECTOR_VERSION}".encode())
        self.lexicon.hash_into(h)
        h.update(("\x00keep=" + "\x01".join(sorted(self.keep))).encode("utf-8"))
        return h.hexdigest()

    # ----------------------------------------------------------------------------------------
    def _word_flags(self, lower: str, lemma: str) -> int:
        lex = self.lexicon
        flags = 0
        if lower in _ALWAYS_GROUP or _bases(_Word(lower, lemma)) & lex.group_nouns:  # type: ignore[arg-type]
            flags |= GROUP
        if lower in lex.male_adjectives:
            flags |= MALE_ADJ
        if lower in lex.masculine_pronouns:
            flags |= MASC
        if lower in lex.feminine_pronouns:
            flags |= FEM
        if lower in lex.plural_pronouns:
            flags |= PLURAL
        if lower.rstrip(".") in {h.rstrip(".") for h in lex.honorifics}:  # as mentions._name_evidence
            flags |= HONORIFIC
        if lower in lex.male_given_names:
            flags |= GIVEN
        if lower in self.keep or lemma.lower() in self.keep:
            flags |= KEEP
        return flags

    def token_flags(self, doc: Doc) -> np.ndarray:
        """One bit mask per token (the module's word classes)."""
        import numpy as np
        from spacy.attrs import LEMMA, LOWER

        return _per_word(doc.to_array([LOWER, LEMMA]), doc.vocab.strings, self._word_flags, self._flags, np.int64)

    def round_one(self, doc: Doc, bounds: Sequence[tuple[int, int]], flags: np.ndarray) -> Selection:
        """Sentences the NER and the parser see first (see the module docstring)."""
        import numpy as np

        n = len(bounds)
        if not n:
            return Selection(frozenset(), frozenset())
        sent = np.bitwise_or.reduceat(flags, [s for s, _ in bounds]) if len(flags) else np.zeros(n, dtype=np.int64)
        ner: set[int] = set()
        parse: set[int] = set()
        for i in range(n):
            hon_before = i > 0 and bool(flags[bounds[i][0] - 1] & HONORIFIC)
            if sent[i] & (MEN | HONORIFIC | GIVEN) or (i + 1 < n and sent[i + 1] & MASC) or hon_before:
                ner.add(i)
            if hon_before:
                parse.add(i - 1)
            if i in ner and i + 1 < n and sent[i + 1] & FEM:
                ner.add(i + 1)
        return Selection(frozenset(ner), frozenset(ner | parse))

    def round_two(self, doc: Doc, bounds: Sequence[tuple[int, int]], flags: np.ndarray, first: Selection) -> Selection:
        """Sentences to add once the round-1 sentences are parsed and their entities known."""
        import numpy as np
        from spacy.attrs import ENT_TYPE, LOWER

        n = len(bounds)
        if not n:
            return Selection(frozenset(), frozenset())
        strings = doc.vocab.strings
        surnames: set[int] = set()
        for ent in doc.ents:
            if ent.label_ == "PERSON" and _name_evidence(ent, self.lexicon) not in ("", _FEMALE):
                surnames.add(strings[ent[-1].lower_])
        starts = [s for s, _ in bounds]
        sent = np.bitwise_or.reduceat(flags, starts) if len(flags) else np.zeros(n, dtype=np.int64)
        arr = doc.to_array([LOWER, ENT_TYPE])
        person = strings["PERSON"]
        has_person = np.logical_or.reduceat(arr[:, 1] == person, starts)
        if surnames:
            has_surname = np.logical_or.reduceat(np.isin(arr[:, 0], np.fromiter(surnames, dtype=arr.dtype)), starts)
        else:
            has_surname = np.zeros(n, dtype=bool)
        ner = {i for i in range(n) if has_surname[i] and i not in first.ner}
        # a she / her in the next sentence can make a name there a woman's, which stops the
        # surname's coreference; the scan stops at a PERSON, so that sentence needs the NER too
        ner |= {i + 1 for i in ner if i + 1 < n and sent[i + 1] & FEM and i + 1 not in first.ner}
        parse = set(ner)
        previous = False
        for i in range(n):
            candidate = bool(sent[i] & MEN) or bool(has_person[i]) or i in ner
            if sent[i] & PLURAL and (candidate or previous):
                parse.add(i)
                candidate = True
            if sent[i] & KEEP:
                parse.add(i)
            previous = candidate
        return Selection(frozenset(ner), frozenset(parse - first.parse))


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` token offsets of every sentence, in order."""
    return [(s.start, s.end) for s in doc.sents]
