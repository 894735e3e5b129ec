"""A cheap check that a document is English text, the one language the frame analysis reads.

No language model: English prose is full of function words (*the, of, that, with, would ...*)
that other languages do not use. In samples of news articles (BBC, AllSides: 3,000 texts) and
Reddit posts (1,000), at least 12 % of the words of every text of 30 words or more are in
:data:`ENGLISH_FUNCTION_WORDS`; in the example texts spaCy ships for 60 other languages (French,
German, Spanish, Dutch, the Scandinavian, Slavic and Baltic languages ...) at most 3.2 %. The
line is drawn at 5 % (:data:`MIN_ENGLISH_SHARE`). Words other languages share (*a, i, in, an,
on, for, at, no, so, me, also, was, will, her, over, do, even, time*) are left out of the list;
URLs and e-mail addresses are not words; a text mostly in another script (Cyrillic, Greek,
Chinese ...) is not English whatever its words. (In a sample of Usenet posts, the texts below 5 %
are program listings, encoded files and signatures.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .corpus import Document

__all__ = ["ENGLISH_FUNCTION_WORDS", "MIN_ENGLISH_SHARE", "english_share", "not_english"]

#: Function words of English that other languages do not have as common words.
ENGLISH_FUNCTION_WORDS = frozenset(
    """the of and to that is with this have from they not but which their has you been would
    there who more can about said than when what them only other some out after these could our
    two first any how like such then those most now your just did does because very should must
    where while through between before being both many much were it its are by be as she him us
    my if up or had why get got know think want going people new year years well way anyone anybody
    something nothing every each own same too never again always however since""".split()
)
#: A text with a smaller share of English function words among its words does not look English.
MIN_ENGLISH_SHARE = 0.05
#: Fewer words than this say too little to tell (a title, a list of names): taken as English.
MIN_WORDS = 30
#: Characters of a text read (from its start): enough words to tell, at any length of text.
SAMPLE_CHARS = 5000

_WORD = re.compile(r"[^\W\d_]+")
_LINK = re.compile(r"\S*(?:://|www\.|@)\S*")


def english_share(text: str, sample_chars: int = SAMPLE_CHARS) -> tuple[float, int]:
    """The share of English function words among the words of ``text`` (its first
    ``sample_chars`` characters), and the number of words read.

    A text whose letters are mostly outside ASCII (Cyrillic, Greek, Chinese ...) has share 0,
    and counts at least half its letters as words (Chinese and Japanese write no spaces).

    Examples
    --------
    >>> round(english_share("The men of the village said that they would help.")[0], 2)
    0.7
    >>> english_share("Les hommes du village ont dit qu'ils aideraient.")[0]
    0.0
    """
    sample = _LINK.sub(" ", text[:sample_chars])
    words = _WORD.findall(sample.lower())
    if not words:
        return 0.0, 0
    letters = sum(len(w) for w in words)
    if sum(len(w) for w in words if w.isascii()) < 0.5 * letters:
        return 0.0, max(len(words), letters // 2)  # another script (Chinese writes no spaces): 60 letters tell
    return sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words), len(words)


def not_english(documents: Iterable[Document], min_share: float = MIN_ENGLISH_SHARE) -> list[str]:
    """The doc_ids of the documents that do not look like English text (see the module).

    Parameters
    ----------
    documents : iterable of Document
        A :class:`~discourse.corpus.Corpus` or some of its documents.
    min_share : float, default 0.05
        The smallest share of English function words an English text has.

    Returns
    -------
    list of str
        In the order given; texts of fewer than 30 words are never listed.
    """
    out = []
    for doc in documents:
        share, n_words = english_share(doc.text)
        if n_words >= MIN_WORDS and share < min_share:
            out.append(doc.doc_id)
    return out
