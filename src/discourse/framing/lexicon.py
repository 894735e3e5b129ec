"""The men lexicon: the words for men, names and pronouns the mention rules read (``data/men_lexicon.yaml``).

A researcher reads and edits the YAML file; :func:`load_lexicon` reads it anew on every call
(building the lexicon is cached by the file's content), and :meth:`Lexicon.fingerprint` hashes
every list (part of the cache keys of parses and frame rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CodebookError
from ..io import parse_yaml

if TYPE_CHECKING:

    from spacy.tokens import Token

__all__ = ["LEXICON_PATH", "Lexicon", "base_forms", "load_lexicon", "token_bases"]


LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "men_lexicon.yaml"


@dataclass(frozen=True)
class Lexicon:
    """The men lexicon (see ``data/men_lexicon.yaml``)."""

    group_nouns: frozenset[str]
    male_adjectives: frozenset[str]
    honorifics: frozenset[str]
    masculine_pronouns: frozenset[str]
    feminine_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    generic_antecedents: frozenset[str]
    other_people: frozenset[str]
    male_given_names: frozenset[str]
    exclusions: tuple[tuple[re.Pattern[str], str], ...]
    source: str = "men_lexicon.yaml"
    female_given_names: frozenset[str] = frozenset()
    feminine_honorifics: frozenset[str] = frozenset()
    possessed_self: frozenset[str] | None = None
    not_name_words: frozenset[str] = frozenset()

    def fingerprint(self) -> str:
        """A hash of every list of the lexicon (not of where it was read from)."""
        import hashlib

        h = hashlib.sha256(b"lexicon")
        self.hash_into(h)
        return h.hexdigest()

    def hash_into(self, h: Any) -> None:
        """Feed every list of the lexicon to the ``hashlib`` object ``h``."""
        import dataclasses

        for f in dataclasses.fields(self):
            if f.name == "source":
                continue
            value = getattr(self, f.name)
            if isinstance(value, frozenset):
                value = sorted(value)
            elif f.name == "exclusions":
                value = [(p.pattern, why) for p, why in value]
            h.update(f"\x00{f.name}={value!r}".encode())


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read a men lexicon YAML file (default: the packaged ``data/men_lexicon.yaml``).

    The file is read on every call, so an edited lexicon is never served stale; building the
    lexicon is cached by the file's content.

    Raises
    ------
    CodebookError
        If the file is missing, is not valid YAML or a list is malformed.
    """
    p = Path(path) if path is not None else LEXICON_PATH
    if not p.is_file():
        raise CodebookError(f"{p}: men lexicon not found; pass an existing YAML file")
    return _lexicon_from(p.read_bytes(), str(p))


@lru_cache(maxsize=8)
def _lexicon_from(content: bytes, source: str) -> Lexicon:
    """The lexicon of a file's content (the cache key; ``source`` names the file in messages)."""
    p = Path(source)
    data = parse_yaml(content, p, CodebookError, "men lexicon")
    if not isinstance(data, dict):
        raise CodebookError(f"{p}: the lexicon must be a mapping of lists; see the packaged men_lexicon.yaml")

    def words(key: str, required: bool = True) -> frozenset[str]:
        value = data.get(key)
        if value is None and not required:
            return frozenset()
        if not isinstance(value, list) or not value or not all(isinstance(w, str) for w in value):
            raise CodebookError(f"{p}: {key} must be a non-empty list of words")
        return frozenset(w.strip().lower() for w in value)

    exclusions = []
    for i, item in enumerate(data.get("exclusions") or []):
        if not isinstance(item, dict) or "pattern" not in item:
            raise CodebookError(f"{p}: exclusions[{i}] must be a mapping with a 'pattern' (and a 'why')")
        try:
            exclusions.append((re.compile(str(item["pattern"]), re.IGNORECASE), str(item.get("why", ""))))
        except re.error as exc:
            raise CodebookError(f"{p}: exclusions[{i}].pattern is not a valid regular expression ({exc}); fix it") from None
    return Lexicon(
        group_nouns=words("group_nouns"),
        male_adjectives=words("male_adjectives"),
        honorifics=words("honorifics", required=False),
        masculine_pronouns=words("masculine_pronouns"),
        feminine_pronouns=words("feminine_pronouns"),
        plural_pronouns=words("plural_pronouns", required=False),
        generic_antecedents=words("generic_antecedents", required=False),
        other_people=words("other_people", required=False),
        male_given_names=words("male_given_names", required=False),
        exclusions=tuple(exclusions),
        source=str(p),
        female_given_names=words("female_given_names", required=False),
        feminine_honorifics=words("feminine_honorifics", required=False),
        possessed_self=words("possessed_self", required=False) or None,
        not_name_words=words("not_name_words", required=False),
    )


def token_bases(token: Token) -> frozenset[str]:
    """Lemma and fall-back base forms of a token (covers lemmatiser slips like shamed -> sham)."""
    return base_forms(token.lower_, token.lemma_)


@lru_cache(maxsize=1 << 16)
def base_forms(lower: str, lemma: str) -> frozenset[str]:
    out = {lemma.lower(), lower}
    if lower == "men":
        out.add("man")
    if lower.endswith("men") and len(lower) > 4:
        out.add(lower[:-3] + "man")
    if lower.endswith("ies"):
        out.add(lower[:-3] + "y")
    if lower.endswith("s"):
        out.add(lower[:-1])
    if lower.endswith("es"):
        out.add(lower[:-2])
    if lower.endswith("ed"):
        out |= {lower[:-1], lower[:-2]}
        if len(lower) > 4 and lower[-3] == lower[-4]:
            out.add(lower[:-3])
        if lower.endswith("ied"):
            out.add(lower[:-3] + "y")
    if lower.endswith("ing"):
        out |= {lower[:-3], lower[:-3] + "e"}
        if len(lower) > 5 and lower[-4] == lower[-5]:
            out.add(lower[:-4])
    return frozenset(out)
