"""Frame codebooks: loading and validating the role-tied cue lexicons.

A codebook is a YAML file (or a dict of the same shape) with a ``frames`` mapping; the packaged
one is ``data/codebook.yaml`` (ally, beneficiary, victim, perpetrator), whose header documents
every key. Each frame has a ``description`` and a non-empty list of ``cues``; each cue ties a
list of ``lemmas`` to the ``role`` the men play relative to that word (see
:data:`discourse.mentions.ROLES`), optionally with ``targets`` (one must appear among the cue
word's complements), ``target_rule`` (``required`` or ``when_present``), ``target_scope``
(``clause``: anywhere below the cue word; ``phrase``: not inside clauses below it) and ``blocked_by``
(words that cancel the cue when they are its direct complement) and ``polarity`` (``any``, the
default, or ``negated``: the cue matches only a negated link, and that match counts - "they
didn't accept men", "nobody listens to men") and ``predicate`` (``any``, the default, ``verb``,
``noun`` or ``adjective``: the part of speech the cue word must have - "violence by men" is a
noun cue, "he attacked the proposal" a verb). An optional ``scope`` section
lists ``belief_words`` (a negated clause under them is a reported belief, not a denial), and an
optional ``lists`` section is free space for YAML anchors.

Every problem raises :class:`~discourse.errors.CodebookError` with one line naming the file and
the field (``frames.ally.cues[2].role``) and saying what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CodebookError
from ..io import read_yaml

__all__ = ["CUE_ROLES", "TIER2_DIRECTIONS", "Codebook", "Cue", "Frame", "DEFAULT_CODEBOOK", "load_codebook"]

#: Roles a cue may name (``mention`` is not a role a cue can tie to).
CUE_ROLES: tuple[str, ...] = ("agent", "patient", "attribute", "possessor", "comitative")

DEFAULT_CODEBOOK = Path(__file__).resolve().parent.parent / "data" / "codebook.yaml"

_CUE_KEYS = {"id", "role", "lemmas", "targets", "target_rule", "target_scope", "blocked_by", "polarity", "predicate", "note"}
#: Parts of speech a cue's ``predicate`` key may name, with the spaCy POS tags they cover.
PREDICATE_POS: dict[str, frozenset[str]] = {
    "any": frozenset(),
    "verb": frozenset({"VERB", "AUX"}),
    "noun": frozenset({"NOUN", "PROPN"}),
    "adjective": frozenset({"ADJ"}),
}
_FRAME_KEYS = {"description", "cues"}
_TOP_KEYS = {"frames", "scope", "lists", "version", "name", "tier2"}
_TIER2_KEYS = {"enabled", "max_distance", "cues"}
_TIER2_CUE_KEYS = {"id", "role", "lemmas", "direction", "blocked_by", "note"}
#: Directions a tier-2 cue may require (see the codebook header).
TIER2_DIRECTIONS: tuple[str, ...] = ("undergoer", "experiencer", "doer", "any")
_DEFAULT_BELIEF = (
    "myth", "notion", "belief", "idea", "misconception", "assumption", "stereotype",
    "perception", "narrative", "believe", "assume", "think", "claim",
)


@dataclass(frozen=True)
class Cue:
    """One cue: words tied to a role.

    Attributes
    ----------
    id : str
        Rule id reported as evidence.
    frame : str
    role : str
        One of :data:`CUE_ROLES`.
    lemmas : frozenset of str
        Single-word cue lemmas.
    phrases : tuple of tuple of str
        Multi-word cues ("mental health" -> ("mental", "health")); the last word is the head.
    targets : frozenset of str
        Empty when the cue needs no target.
    target_rule : str
        ``"required"`` or ``"when_present"``.
    target_scope : str
        ``"clause"`` or ``"phrase"``.
    blocked_by : frozenset of str
    note : str
    polarity : str
        ``"any"`` or ``"negated"`` (matches only negated links, and such a match counts).
    direction : str
        Tier-2 cues only: ``"undergoer"`` (the men must not be the cue's doer), ``"experiencer"`` (the men must fill its undergoer slot: object, passive
        subject, possessor, copula subject, for / to phrase, or subject of an intransitive
        verb), ``"doer"`` (the
        men must be its doer: subject, possessor, by-phrase or copula subject) or ``"any"``.
    predicate : str
        ``"any"`` or the part of speech the cue word must have (``"verb"``, ``"noun"``,
        ``"adjective"``; see :data:`PREDICATE_POS`).
    """

    id: str
    frame: str
    role: str
    lemmas: frozenset[str]
    phrases: tuple[tuple[str, ...], ...] = ()
    targets: frozenset[str] = frozenset()
    target_rule: str = "required"
    target_scope: str = "clause"
    blocked_by: frozenset[str] = frozenset()
    note: str = ""
    polarity: str = "any"
    direction: str = "any"
    predicate: str = "any"


@dataclass(frozen=True)
class Frame:
    """A frame: its description and cues."""

    name: str
    description: str
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class Codebook:
    """A validated codebook.

    Attributes
    ----------
    frames : dict of str to Frame
        In file order.
    belief_words : frozenset of str
    source : str
        Where it came from (a path or ``<dict>``).
    tier2 : tuple of Cue
        Tier-2 (proximity) cues, used only when ``tier2_enabled``.
    tier2_enabled : bool
        The codebook's ``tier2.enabled`` switch.
    tier2_distance : int
        Most dependency edges between a tier-2 cue word and the men mention.
    """

    frames: Mapping[str, Frame]
    belief_words: frozenset[str]
    source: str
    tier2: tuple[Cue, ...] = ()
    tier2_enabled: bool = False
    tier2_distance: int = 3

    @property
    def frame_names(self) -> list[str]:
        """Frame names in codebook order."""
        return list(self.frames)

    def cues(self) -> list[Cue]:
        """All cues, frame by frame."""
        return [c for f in self.frames.values() for c in f.cues]

    def lemmas_for_role(self, role: str) -> frozenset[str]:
        """Every single-word cue lemma tied to ``role``."""
        return frozenset(w for c in self.cues() if c.role == role for w in c.lemmas)



def _check_keys(cdata: Any, known: frozenset[str] | set[str], where: str, needs: str) -> None:
    """A cue must be a mapping whose keys are all known."""
    if not isinstance(cdata, Mapping):
        raise CodebookError(f"{where} must be a mapping with {needs}")
    bad = set(cdata) - set(known)
    if bad:
        raise CodebookError(f"{where}: unknown key {sorted(bad)[0]!r}; known keys: {', '.join(sorted(known))}")

def load_codebook(codebook: str | Path | Mapping[str, Any] | Codebook | None = None) -> Codebook:
    """Load and validate a codebook.

    Parameters
    ----------
    codebook : str, Path, dict or Codebook, optional
        A YAML file, a dict of the same shape, or an already loaded codebook. Default: the
        packaged ``data/codebook.yaml``.

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        Missing file, bad YAML (with its line), no frames, a frame without description or with
        an empty cue list, an unknown role or key, an empty lemma list, a duplicate cue id.
    """
    if isinstance(codebook, Codebook):
        return codebook
    if codebook is None:
        codebook = DEFAULT_CODEBOOK
    if isinstance(codebook, Mapping):
        return _validate(codebook, "<codebook dict>")
    if not isinstance(codebook, str | Path):
        raise CodebookError(f"codebook must be a YAML path or a dict, not {type(codebook).__name__}")
    return _validate(read_yaml(Path(codebook), CodebookError, "codebook"), str(codebook))


def _words(value: Any, where: str, src: str, *, allow_empty: bool = False) -> list[str]:
    if value is None and allow_empty:
        return []
    if not isinstance(value, list) or (not value and not allow_empty):
        raise CodebookError(f"{src}: {where} must be a non-empty list of words")
    out = []
    for i, w in enumerate(value):
        if not isinstance(w, str | int | float) or not str(w).strip():
            raise CodebookError(f"{src}: {where}[{i}] must be a word, not {w!r}")
        out.append(" ".join(str(w).lower().split()))
    return out


def _validate(data: Any, src: str) -> Codebook:
    if not isinstance(data, Mapping):
        raise CodebookError(f"{src}: a codebook must be a mapping with a 'frames' key; see the packaged codebook.yaml")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise CodebookError(f"{src}: unknown top-level key {sorted(unknown)[0]!r}; use frames, scope or lists")
    frames_data = data.get("frames")
    if not isinstance(frames_data, Mapping) or not frames_data:
        raise CodebookError(f"{src}: 'frames' must be a non-empty mapping of frame name -> description and cues")
    scope = data.get("scope") or {}
    if not isinstance(scope, Mapping):
        raise CodebookError(f"{src}: scope must be a mapping (belief_words: [...])")
    belief = _words(scope.get("belief_words", list(_DEFAULT_BELIEF)), "scope.belief_words", src)
    frames: dict[str, Frame] = {}
    seen_ids: set[str] = set()
    for name, fdata in frames_data.items():
        fname = str(name)
        if fname in ("none", "unframed") or not fname.strip():
            raise CodebookError(f"{src}: frames.{fname}: this name is reserved; choose another frame name")
        if not isinstance(fdata, Mapping):
            raise CodebookError(f"{src}: frames.{fname} must be a mapping with description and cues")
        bad = set(fdata) - _FRAME_KEYS
        if bad:
            raise CodebookError(f"{src}: frames.{fname}: unknown key {sorted(bad)[0]!r}; a frame has description and cues")
        desc = fdata.get("description")
        if not isinstance(desc, str) or not desc.strip():
            raise CodebookError(f"{src}: frames.{fname}.description is missing; describe the frame in one sentence")
        cues_data = fdata.get("cues")
        if not isinstance(cues_data, list) or not cues_data:
            raise CodebookError(f"{src}: frames.{fname}.cues: empty cue list; give at least one cue (role + lemmas)")
        cues = []
        for i, cdata in enumerate(cues_data):
            where = f"frames.{fname}.cues[{i}]"
            _check_keys(cdata, _CUE_KEYS, f"{src}: {where}", "role and lemmas")
            role = cdata.get("role")
            if role not in CUE_ROLES:
                raise CodebookError(f"{src}: {where}.role: unknown role {role!r}; use one of {', '.join(CUE_ROLES)}")
            lemmas = _words(cdata.get("lemmas"), f"{where}.lemmas", src)
            targets = _words(cdata.get("targets"), f"{where}.targets", src, allow_empty=True)
            rule = cdata.get("target_rule", "required")
            if rule not in ("required", "when_present"):
                raise CodebookError(f"{src}: {where}.target_rule: {rule!r} is not 'required' or 'when_present'")
            if "target_rule" in cdata and not targets:
                raise CodebookError(f"{src}: {where}.target_rule given without targets; add targets or drop target_rule")
            scope_ = cdata.get("target_scope", "clause")
            if scope_ not in ("clause", "phrase"):
                raise CodebookError(f"{src}: {where}.target_scope: {scope_!r} is not 'clause' or 'phrase'")
            blocked = _words(cdata.get("blocked_by"), f"{where}.blocked_by", src, allow_empty=True)
            polarity = cdata.get("polarity", "any")
            if polarity not in ("any", "negated"):
                raise CodebookError(f"{src}: {where}.polarity: {polarity!r} is not 'any' or 'negated'")
            pos = cdata.get("predicate", "any")
            if pos not in PREDICATE_POS:
                raise CodebookError(f"{src}: {where}.predicate: {pos!r} is not one of {', '.join(PREDICATE_POS)}")
            cid = str(cdata.get("id") or f"{fname}.{role}.{i}")
            if cid in seen_ids:
                raise CodebookError(f"{src}: {where}.id: duplicate cue id {cid!r}; make ids unique")
            seen_ids.add(cid)
            singles = frozenset(w for w in lemmas if " " not in w)
            phrases = tuple(tuple(w.split()) for w in lemmas if " " in w)
            cues.append(
                Cue(cid, fname, role, singles, phrases, frozenset(targets), rule, scope_, frozenset(blocked), str(cdata.get("note") or "").strip(), polarity, predicate=pos)
            )
        frames[fname] = Frame(fname, " ".join(desc.split()), tuple(cues))
    tier2, enabled, distance = _validate_tier2(data.get("tier2"), frames, seen_ids, src)
    return Codebook(frames, frozenset(belief), src, tier2, enabled, distance)


def _validate_tier2(data: Any, frames: Mapping[str, Frame], seen_ids: set[str], src: str) -> tuple[tuple[Cue, ...], bool, int]:
    if data is None:
        return (), False, 3
    if not isinstance(data, Mapping):
        raise CodebookError(f"{src}: tier2 must be a mapping (enabled, max_distance, cues)")
    bad = set(data) - _TIER2_KEYS
    if bad:
        raise CodebookError(f"{src}: tier2: unknown key {sorted(bad)[0]!r}; use enabled, max_distance or cues")
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        raise CodebookError(f"{src}: tier2.enabled must be true or false")
    distance = data.get("max_distance", 3)
    if not isinstance(distance, int) or isinstance(distance, bool) or distance < 1:
        raise CodebookError(f"{src}: tier2.max_distance must be a positive whole number of dependency edges")
    cues_data = data.get("cues") or {}
    if not isinstance(cues_data, Mapping):
        raise CodebookError(f"{src}: tier2.cues must map frame names to cue lists")
    out: list[Cue] = []
    for fname, items in cues_data.items():
        fname = str(fname)
        if fname not in frames:
            raise CodebookError(f"{src}: tier2.cues.{fname}: no such frame; use one of {', '.join(frames)}")
        if not isinstance(items, list) or not items:
            raise CodebookError(f"{src}: tier2.cues.{fname} must be a non-empty list of cues")
        for i, cdata in enumerate(items):
            where = f"tier2.cues.{fname}[{i}]"
            _check_keys(cdata, _TIER2_CUE_KEYS, f"{src}: {where}", "lemmas and direction")
            role = cdata.get("role", "patient")
            if role not in CUE_ROLES:
                raise CodebookError(f"{src}: {where}.role: unknown role {role!r}; use one of {', '.join(CUE_ROLES)}")
            direction = cdata.get("direction", "any")
            if direction not in TIER2_DIRECTIONS:
                raise CodebookError(f"{src}: {where}.direction: {direction!r} is not one of {', '.join(TIER2_DIRECTIONS)}")
            lemmas = _words(cdata.get("lemmas"), f"{where}.lemmas", src)
            blocked = _words(cdata.get("blocked_by"), f"{where}.blocked_by", src, allow_empty=True)
            cid = str(cdata.get("id") or f"{fname}.tier2.{i + 1}")
            if cid in seen_ids:
                raise CodebookError(f"{src}: {where}.id: duplicate cue id {cid!r}; make ids unique")
            seen_ids.add(cid)
            singles = frozenset(w for w in lemmas if " " not in w)
            phrases = tuple(tuple(w.split()) for w in lemmas if " " in w)
            out.append(
                Cue(cid, fname, role, singles, phrases, frozenset(), "required", "clause", frozenset(blocked), str(cdata.get("note") or "").strip(), "any", direction)
            )
    return tuple(out), enabled, distance
