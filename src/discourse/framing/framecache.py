"""Frame results cached per document, so that a re-run after a codebook edit re-labels only the
documents the edit can change.

:func:`discourse.frames.frame_analysis` (and ``discourse analyze``) keeps, for every document
whose parse came from the parse cache, three JSON entries under ``<cache_dir>/frames/``:

mentions
    The mention rows, the text of every sentence that holds a mention, the *words* of those
    sentences (every base form of every token: lemma, lower-cased form and the fall-back forms of
    ``mentions._bases``) and, per role, the *predicate words* (the base forms of every
    predicate a mention's role links of that role reach, and of the mention words a cue reads
    itself: a ``male_noun`` or ``group`` mention). Key: the document's parse
    cache key (its text and everything that decided its parse), the men lexicon, the codebook's
    ``belief_words`` and the code of the frame engine.
tier 1
    The tier-1 evidence rows. Key: the mentions key, the codebook's frame names, and every tier-1
    cue that can match in this document.
tier 2
    The tier-2 evidence rows (only while tier 2 is enabled). Key: the tier-1 key, the tier-2
    distance, and every tier-2 cue that can match in this document.

A tier-1 cue *can match* in a document when one of its words (a lemma, or the last word of a
phrase) is among the document's predicate words of the cue's role: every tier-1 test starts
there (``frames._cue_word`` on the predicate of a link of the cue's role, the attribute lemmas
on a ``male_noun`` mention's word). A tier-2 cue can match when one of its words is among the
document's words (``frames._tier2_word`` reads any word of the sentence). A frame is always read
inside the sentence of its mention (dependency trees do not cross sentences). Such a cue enters
the key *projected* on the document: its settings; its lemmas that are predicate words of its
role (tier 1) or words (tier 2); its phrases whose words are all words and whose last word is a
predicate word of its role (tier 1); and its targets, also-targets and blocking words that are
words (its class, like its other settings, enters whole). Every test of those lists is a test of such a word, so a key holds every part of the codebook that
can change the document's rows, and nothing else: adding or removing a cue word re-labels only
the documents in which a mention's predicate of the cue's role has that word (tier 1) or a
mention's sentence has it (tier 2); switching tier 2 off drops the tier-2 rows without reading
any document. A changed lexicon, belief list, frame list or engine version makes new keys for
every document. A document labelled on a Dask cluster has no predicate words in its entry: its
words stand in for those of every role (keys as precise as the sentence words allow).

Entries are written atomically; an unreadable one is recomputed. ``--no-cache`` (``cache_dir=None``
in the API) skips the cache.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import ContentCache, digest, source_digest
from .cues import cue_heads

if TYPE_CHECKING:
    from .codebook import Codebook, Cue
    from .document import DocumentRows
    from .lexicon import Lexicon

__all__ = ["ENGINE_MODULES", "FrameCache", "engine_fingerprint"]

#: Modules whose code decides the frame rows (their source is part of every key).
ENGINE_MODULES = ("lexicon", "names", "roles", "mentions", "codebook", "cues", "frames", "framecache")


def engine_fingerprint() -> str:
    """A hash of the frame engine's code: a changed rule makes new keys everywhere."""
    return source_digest(f"{__package__}.{name}" for name in ENGINE_MODULES)


class _CueIndex:
    """Cues of one tier, found by their words and projected on a document's words."""

    def __init__(self, cues: Sequence[Cue]) -> None:
        self.cues = list(cues)
        self.by_word: dict[str, list[int]] = {}
        self.settings: list[str] = []
        self.word_lists: list[dict[str, frozenset[str]]] = []
        self.roles = [cue.role for cue in self.cues]
        for i, cue in enumerate(self.cues):
            for word in cue_heads(cue):
                self.by_word.setdefault(word, []).append(i)
            fields = {f.name: getattr(cue, f.name) for f in dataclasses.fields(cue) if f.name not in ("note", "phrases")}
            self.word_lists.append({k: v for k, v in fields.items() if isinstance(v, frozenset)})
            settings = {k: v for k, v in fields.items() if not isinstance(v, frozenset)}
            # serialised once: a key hashes the same text for every document
            self.settings.append(json.dumps(settings, ensure_ascii=False, sort_keys=True, default=sorted))

    def relevant(self, words: set[str], heads: Mapping[str, set[str]] | None = None) -> list[Any]:
        """The projections of the cues that can match a document with these words, in codebook
        order. With ``heads`` (role -> predicate words): a cue one of whose lemmas or phrase
        heads is a predicate word of its role, with its lemmas among those, its phrases within
        ``words`` ending in one of those and its other word lists among ``words``. Without:
        ``words`` stand in for the predicate words of every role."""
        hit: set[int] = set()
        if heads is None:
            for w in words:
                idx = self.by_word.get(w)
                if idx:
                    hit.update(idx)
        else:
            for role, role_words in heads.items():
                for w in role_words:
                    hit.update(i for i in self.by_word.get(w, ()) if self.roles[i] == role)
        out = []
        for i in sorted(hit):
            own = words if heads is None else heads.get(self.roles[i], set())
            lists = {k: sorted(v & (own if k == "lemmas" else words)) for k, v in self.word_lists[i].items()}
            lists["phrases"] = [list(p) for p in self.cues[i].phrases if p[-1] in own and words.issuperset(p)]
            out.append([self.settings[i], lists])
        return out


class FrameCache:
    """Per-document frame results under ``root / "frames"`` (see the module docstring).

    Parameters
    ----------
    root : str or Path
        The cache folder (the parse cache's).
    book : Codebook
    lexicon : Lexicon
    """

    def __init__(self, root: str | Path, book: Codebook, lexicon: Lexicon) -> None:
        self.entries = ContentCache(root, "frames")
        self.book = book
        self.base = digest("mentions", engine_fingerprint(), lexicon.fingerprint(), sorted(book.belief_words))
        self.tier1 = _CueIndex(book.cues())
        self.tier2 = _CueIndex(book.tier2) if book.tier2_enabled and book.tier2 else None
        self._read: set[str] = set()  # mentions entries a lookup read (store need not check them)

    # keys ------------------------------------------------------------------------------------
    def mentions_key(self, parse_key: str) -> str:
        """Key of the mentions entry of the document with this parse cache key."""
        return digest(self.base, parse_key)

    def tier1_key(self, mentions_key: str, words: set[str], predicates: Mapping[str, set[str]] | None = None) -> str:
        """Key of the tier-1 entry, given the document's words and its predicate words per role
        (None: the words, for every role)."""
        return digest("tier1", mentions_key, self.book.frame_names, self.tier1.relevant(words, predicates))

    def tier2_key(self, tier1_key: str, words: set[str]) -> str | None:
        """Key of the tier-2 entry; None while tier 2 is off."""
        if self.tier2 is None:
            return None
        return digest("tier2", tier1_key, self.book.tier2_distance, self.tier2.relevant(words))

    # entries ---------------------------------------------------------------------------------
    def get(self, key: str) -> Any:
        """The entry under ``key``, or None (absent or unreadable)."""
        return self.entries.get(key)

    def put(self, key: str, value: Any) -> None:
        """Write an entry (atomically; without fsync: a lost entry is only recomputed)."""
        self.entries.put(key, value)

    def lookup(self, parse_key: str) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]] | None:
        """``(mentions entry, tier-1 rows, tier-2 rows)`` of a document when all are cached."""
        akey = self.mentions_key(parse_key)
        entry = self.get(akey)
        if entry is None:
            return None
        self._read.add(akey)
        words = set(entry["words"])
        predicates = entry.get("predicates")
        bkey = self.tier1_key(akey, words, None if predicates is None else {role: set(ws) for role, ws in predicates.items()})
        tier1 = self.get(bkey)
        if tier1 is None:
            return None
        ckey = self.tier2_key(bkey, words)
        tier2 = self.get(ckey) if ckey is not None else []
        if tier2 is None:
            return None
        return entry, tier1, tier2

    def store(self, parse_key: str, rows: DocumentRows) -> None:
        """Write the entries of a document just labelled (rows without a document id). Its
        predicate words per role may be unknown (None): its words then stand in. The mentions
        entry is written only when it is not there yet (a codebook edit leaves it)."""
        words = rows.words
        predicates = rows.predicates
        akey = self.mentions_key(parse_key)
        if akey not in self._read and self.get(akey) is None:
            entry = {"mentions": list(rows.mentions), "texts": [[r["sent_id"], r["sentence"], r["start_char"], r["end_char"]] for r in rows.sentences], "words": sorted(words)}
            if predicates is not None:
                entry["predicates"] = {role: sorted(ws) for role, ws in sorted(predicates.items())}
            self.put(akey, entry)
        bkey = self.tier1_key(akey, words, predicates)
        self.put(bkey, list(rows.tier1))
        ckey = self.tier2_key(bkey, words)
        if ckey is not None:
            self.put(ckey, list(rows.tier2))
