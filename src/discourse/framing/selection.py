"""Which sentences the frame analysis reads: chosen before the tagger and the parser run.

``discourse.parse(..., mode="selective")`` runs only the tokenizer and the senter over every
text, and tok2vec, the tagger and the parser (then the attribute_ruler and the lemmatizer) only
over the sentences that :func:`discourse.mentions.find_mentions`,
:func:`discourse.frames.frame_tables` and :func:`discourse.keyterms.collocates` can take
anything from. :class:`SentenceSelector` decides which, in two rounds, so that the mentions,
frames and collocates of a selective parse equal those of a parse in which *every* sentence
went through the same components the same way (``mode="sentences"``; tested on the seed
corpus).

Every rule below over-approximates a rule of :mod:`discourse.mentions`: it looks at word forms
and their lexical lemmas only (round 1), or at the names found in the sentences parsed in
round 1 (round 2):

Round 1
    * a sentence with a word for men: a group noun of the lexicon (lexical lemma or fallback
      base form, see ``lexicon.bases``), a ``male_adjectives`` word ("male" allies) or a
      masculine pronoun;
    * a sentence with an honorific (Mr, Sir ...) or a male given name, and the sentence after
      one that ends in an honorific ("Mr." | "Smith said"), with the one it ends: a name there
      may be a named man;
    * the sentence before one with a masculine pronoun: a name there can get its evidence from
      the pronoun ("Smith spoke. He said ..."), and a generic "he" looks back into it;
    * after a selected sentence, the next one if it holds a feminine pronoun (it can stop the
      pronoun evidence of a name), repeated while that holds.

Round 2, after round 1 is tagged and parsed
    * a sentence holding the surname of a name that has evidence of being a man (a later
      "Smith" is a named man by coreference, unless a woman has that surname), and the
      sentence after it if that holds she / her (it can make a name a woman's);
    * a sentence with they / them / their whose own or previous sentence holds a candidate
      mention (a word for men, a named man, or such a plural pronoun: chains of "they" follow
      their antecedent);
    * a sentence with a collocate word (``keep`` of the stop list: masculinity, patriarchy,
      Mr ...).

Sentences nobody selects keep no part of speech and *no* dependency annotation (missing heads,
not a made-up tree); their sentence boundaries are the senter's.

If you add a kind of mention to :mod:`discourse.mentions`, add the words that can start it here
(and run ``tests/test_selection.py``): the selective parse is exact only while this module sees
every sentence a mention rule can read.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import source_digest
from ..docs import per_word
from .lexicon import Lexicon, base_forms, load_lexicon
from .names import FEMALE, Names, honorifics_of, name_evidence

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Doc

__all__ = ["SentenceSelector", "selector_code_digest"]

#: Modules whose code decides which sentences must be parsed: this one, and the mention rules it
#: must cover (a changed rule changes the sentences a mention can be read from).
SELECTOR_MODULES = ("selection", "lexicon", "names", "roles", "mentions")


def selector_code_digest() -> str:
    """A hash of the code of :data:`SELECTOR_MODULES` (part of :meth:`SentenceSelector.fingerprint`)."""
    return source_digest(f"{__package__}.{name}" for name in SELECTOR_MODULES)

GROUP, MALE_ADJ, MASC, FEM, PLURAL, HONORIFIC, GIVEN, KEEP = (1 << i for i in range(8))
MEN = GROUP | MALE_ADJ | MASC
_ALWAYS_GROUP = frozenset({"men", "man", "boys", "boy", "males", "male"})


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
            Words whose sentences are parsed too (collocates, see
            :func:`discourse.themes.collocates`); :func:`discourse.parse` passes the ``keep``
            list of the stop list. Default none.
        """
        lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
        return cls(lex, frozenset(w.lower() for w in (keep or ())))

    def fingerprint(self) -> str:
        """A hash of everything that decides the selection (part of the parse cache key): the code
        of the selection and mention rules, every list of the lexicon (the name rules read
        several) and ``keep``."""
        h = hashlib.sha256(f"selector-{selector_code_digest()}".encode())
        self.lexicon.hash_into(h)
        h.update(("\x00keep=" + "\x01".join(sorted(self.keep))).encode("utf-8"))
        return h.hexdigest()

    # ----------------------------------------------------------------------------------------
    def _word_flags(self, lower: str, lemma: str) -> int:
        lex = self.lexicon
        flags = 0
        if lower in _ALWAYS_GROUP or base_forms(lower, lemma) & lex.group_nouns:
            flags |= GROUP
        if lower in lex.male_adjectives:
            flags |= MALE_ADJ
        if lower in lex.masculine_pronouns:
            flags |= MASC
        if lower in lex.feminine_pronouns:
            flags |= FEM
        if lower in lex.plural_pronouns:
            flags |= PLURAL
        if lower.rstrip(".") in honorifics_of(lex)[0]:  # the titles mentions.name_evidence reads
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

        return per_word(doc.to_array([LOWER, LEMMA]), doc.vocab.strings, self._word_flags, self._flags, np.int64)

    def round_one(self, doc: Doc, bounds: Sequence[tuple[int, int]], flags: np.ndarray) -> frozenset[int]:
        """Sentences tagged and parsed first (see the module docstring)."""
        import numpy as np

        n = len(bounds)
        if not n:
            return frozenset()
        sent = np.bitwise_or.reduceat(flags, [s for s, _ in bounds]) if len(flags) else np.zeros(n, dtype=np.int64)
        chosen: set[int] = set()
        for i in range(n):
            hon_before = i > 0 and bool(flags[bounds[i][0] - 1] & HONORIFIC)
            if sent[i] & (MEN | HONORIFIC | GIVEN) or (i + 1 < n and sent[i + 1] & MASC) or hon_before:
                chosen.add(i)
            if hon_before:
                chosen.add(i - 1)
            if i in chosen and i + 1 < n and sent[i + 1] & FEM:
                chosen.add(i + 1)
        return frozenset(chosen)

    def round_two(self, doc: Doc, bounds: Sequence[tuple[int, int]], flags: np.ndarray, first: frozenset[int]) -> frozenset[int]:
        """Sentences to add once the round-1 sentences are tagged and parsed and their names known."""
        import numpy as np
        from spacy.attrs import LOWER

        n = len(bounds)
        if not n:
            return frozenset()
        strings = doc.vocab.strings
        names = Names(doc, self.lexicon)
        surnames: set[int] = set()
        starts = [s for s, _ in bounds]
        named = np.zeros(n, dtype=bool)
        for ent in names.spans:
            if name_evidence(ent, self.lexicon, names) not in ("", FEMALE):
                surnames.add(strings[ent[-1].lower_])
                named[bisect.bisect_right(starts, ent.start) - 1] = True
        sent = np.bitwise_or.reduceat(flags, starts) if len(flags) else np.zeros(n, dtype=np.int64)
        if surnames:
            lower = doc.to_array([LOWER])
            has_surname = np.logical_or.reduceat(np.isin(lower, np.fromiter(surnames, dtype=lower.dtype)), starts)
        else:
            has_surname = np.zeros(n, dtype=bool)
        # a later "Smith" is a named man by coreference; a she / her in the next sentence can make
        # a name there a woman's, which stops the surname's coreference
        coref = {i for i in range(n) if has_surname[i] and i not in first}
        coref |= {i + 1 for i in coref if i + 1 < n and sent[i + 1] & FEM and i + 1 not in first}
        chosen = set(coref)
        previous = False
        for i in range(n):
            candidate = bool(sent[i] & MEN) or bool(named[i]) or i in coref
            if sent[i] & PLURAL and (candidate or previous):
                chosen.add(i)
                candidate = True
            if sent[i] & KEEP:
                chosen.add(i)
            previous = candidate
        return frozenset(chosen - first)
