"""Frame codebooks: loading and validating the role-tied cue lexicons.

A codebook is a YAML file (or a dict of the same shape) with a ``frames`` mapping; the packaged
one is ``data/codebook.yaml`` (ally, beneficiary, victim, perpetrator), whose header documents
every key. Each frame has a ``description`` and its cues, grouped by meaning into named ``classes``
(each with a ``description`` and a non-empty list of ``cues``: "shaming", "privilege_power" ...;
the class is reported with every match as ``cue_class``, so a researcher sees which kind of
wording fired), and/or a plain list of ``cues`` (class ``""``). Each cue ties a
list of ``lemmas`` to the ``role`` the men play relative to that word (see
:data:`discourse.mentions.ROLES`), optionally with ``targets`` (one must appear among the cue
word's complements), ``target_rule`` (``required`` or ``when_present``), ``target_scope``
(``clause``: anywhere below the cue word; ``complement``: not inside content or adverbial
clauses below it; ``phrase``: not inside clauses below it) and ``blocked_by``
(words that cancel the cue when they are its direct complement) and ``polarity`` (``any``, the
default, or ``negated``: the cue matches only a negated link, and that match counts - "they
didn't accept men", "nobody listens to men") and ``predicate`` (``any``, the default, ``verb``,
``noun`` or ``adjective``: the part of speech the cue word must have - "violence by men" is a
noun cue, "he attacked the proposal" a verb) and ``also_targets`` (a second word list one of which
must appear among the complements too: "take responsibility" + "violence"). A tier-2 cue may name
the ``class`` of its frame it belongs to. An optional ``scope`` section
lists ``belief_words`` (a negated clause under them is a reported belief, not a denial), and an
optional ``lists`` section is free space for YAML anchors.

Every problem raises :class:`~discourse.errors.CodebookError` with one line naming the file and
the field (``frames.ally.cues[2].role``) and saying what to do.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CodebookError
from ..io import read_yaml

__all__ = ["CUE_ROLES", "TARGET_SCOPES", "TIER2_DIRECTIONS", "Codebook", "Cue", "Frame", "DEFAULT_CODEBOOK", "load_codebook"]

#: Roles a cue may name (``mention`` is not a role a cue can tie to).
CUE_ROLES: tuple[str, ...] = ("agent", "patient", "attribute", "possessor", "comitative", "topic")

DEFAULT_CODEBOOK = Path(__file__).resolve().parent.parent / "data" / "codebook.yaml"

_CUE_KEYS = {"id", "role", "lemmas", "targets", "also_targets", "men_as_targets", "count_denials", "count_deontic", "specific_men", "named_men", "named_pronouns", "count_attributed", "count_claimed", "count_standard", "some_men", "context", "target_rule", "target_scope", "blocked_by", "polarity", "predicate", "note"}
#: Parts of speech a cue's ``predicate`` key may name, with the spaCy POS tags they cover.
PREDICATE_POS: dict[str, frozenset[str]] = {
    "any": frozenset(),
    "verb": frozenset({"VERB", "AUX"}),
    "noun": frozenset({"NOUN", "PROPN"}),
    "adjective": frozenset({"ADJ"}),
}
_FRAME_KEYS = {"description", "cues", "classes", "named_men", "named_pronouns", "count_attributed", "count_claimed"}
_CLASS_KEYS = {"description", "cues"}
#: A class name: lower-case words joined by underscores ("privilege_power").
_CLASS_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_TOP_KEYS = {"frames", "scope", "lists", "version", "name", "tier2"}
_TIER2_KEYS = {"enabled", "max_distance", "cues"}
_TIER2_CUE_KEYS = {"id", "role", "lemmas", "direction", "blocked_by", "note", "class"}
#: Where a cue's targets are looked for (see the codebook header).
TARGET_SCOPES: tuple[str, ...] = ("clause", "complement", "phrase", "object")
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
        ``"clause"``, ``"complement"`` or ``"phrase"`` (see :data:`TARGET_SCOPES`).
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
    cue_class : str
        The semantic class of its frame the cue belongs to (``""`` for a cue outside classes).
    also_targets : frozenset of str
        Empty, or words one of which must appear among the complements as well as a target
        ("take responsibility for ending violence": responsibility + violence).
    men_as_targets : bool
        A men mention, or a thing men possess, may be the target ("he beat his son", "men
        pledged to end men's violence"); by default such targets do not count ("men support
        men", "a men's rights advocate").
    count_denials : bool
        A match negated by the man's own reported denial counts ("he said he had never
        assaulted anyone": he is shown accused of it).
    count_deontic : bool
        A match negated by "should / must not be" counts ("men shouldn't be shamed for
        crying": it happens, and ought not to).
    specific_men : bool
        The cue matches particular men only (a named man, he / him, "my father", "the man"),
        not men in general ("men accused of rape").
    context : frozenset of str
        Empty, or words one of which must appear somewhere in the mention's sentence (a topic
        gate: well-being words frame men as gaining from equality only where the sentence speaks
        of equality, gender or care: "in more gender-equal societies men experience better
        mental health", not "men chase their happiness").
    named_men : bool
        The cue may match a man mentioned by name (default true). False (a frame's
        ``named_men: false``, or the cue's own key): a name is not enough; a named public figure
        "beaten" in an election, "attacked" in a speech or "failed" by a strategy is not framed as
        a victim (he / him and men nouns still count).
    named_pronouns : bool
        The cue may match a he / him / his whose nearest men mention before it (same or previous
        sentence) is a man mentioned by name (default true). False: the pronoun is that named
        man, and is not taken either ("Biden ... he faces a crisis").
    count_attributed : bool
        A match in a claim about men in general that someone other than the writer makes counts
        (default true). False (a frame's ``count_attributed: false``, or the cue's own key):
        "feminists say men are rapists", "my teacher told us men are violent" do not frame the
        men as the text's own claim (see :func:`discourse.framing.roles._attributed`).
    count_claimed : bool
        A match in what someone other than the writer claims or insists, about any men, counts
        (default true). False (a frame's ``count_claimed: false``, or the cue's own key): "she
        claimed her father was an advocate of women's rights" does not make him an ally.
    count_standard : bool
        A match in a phrase that makes the men the standard of a ratio counts (default true).
        False: "women earn 78 cents for every dollar earned by men", "for each dollar paid to
        men" do not count (the men are the yardstick of a pay gap, not its subject; see
        :func:`discourse.framing.cues.ratio_standard`).
    some_men : bool
        A mention limited to some of the men ("some men", "certain men", "a few men", "some of
        the men") may match (default true). False: "some men are privileged, but ..." does not
        frame men as a group (a concession that privilege is not a matter of gender).
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
    cue_class: str = ""
    also_targets: frozenset[str] = frozenset()
    men_as_targets: bool = False
    count_denials: bool = False
    count_deontic: bool = False
    specific_men: bool = False
    named_men: bool = True
    context: frozenset[str] = frozenset()
    named_pronouns: bool = True
    count_attributed: bool = True
    count_claimed: bool = True
    count_standard: bool = True
    some_men: bool = True


@dataclass(frozen=True)
class Frame:
    """A frame: its description, its cues and the semantic classes they are grouped in.

    Attributes
    ----------
    name : str
    description : str
    cues : tuple of Cue
        Every tier-1 cue of the frame, class by class, in file order.
    classes : dict of str to str
        Class name -> description, in file order (empty when the frame has no classes).
    """

    name: str
    description: str
    cues: tuple[Cue, ...]
    classes: Mapping[str, str] = field(default_factory=dict)


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

    def cue_classes(self) -> list[tuple[str, str, str]]:
        """``(frame, class, description)`` of every cue class, frame by frame, in file order."""
        return [(f.name, c, d) for f in self.frames.values() for c, d in f.classes.items()]

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
        if isinstance(w, bool) or w is None:
            raise CodebookError(f"{src}: {where}[{i}] was read as {w!r}: quote the word in the YAML (\"off\", \"no\", \"false\")")
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
            raise CodebookError(f"{src}: frames.{fname}: unknown key {sorted(bad)[0]!r}; a frame has description, classes or cues, named_men, named_pronouns, count_attributed and count_claimed")
        desc = fdata.get("description")
        if not isinstance(desc, str) or not desc.strip():
            raise CodebookError(f"{src}: frames.{fname}.description is missing; describe the frame in one sentence")
        named = _switch(fdata, "named_men", True, f"frames.{fname}", src)
        named_pron = _switch(fdata, "named_pronouns", True, f"frames.{fname}", src)
        attributed = _switch(fdata, "count_attributed", True, f"frames.{fname}", src)
        claimed = _switch(fdata, "count_claimed", True, f"frames.{fname}", src)
        groups = _cue_groups(fdata, fname, src)
        classes = {cname: cdesc for cname, cdesc, _, _ in groups if cname}
        cues = []
        for cname, _, where_g, items in groups:
            for i, cdata in enumerate(items):
                cues.append(_cue(cdata, f"{where_g}[{i}]", fname, cname, len(cues), seen_ids, src, named, named_pron, attributed, claimed))
        frames[fname] = Frame(fname, " ".join(desc.split()), tuple(cues), classes)
    tier2, enabled, distance = _validate_tier2(data.get("tier2"), frames, seen_ids, src)
    return Codebook(frames, frozenset(belief), src, tier2, enabled, distance)


def _switch(data: Mapping[str, Any], key: str, default: bool, where: str, src: str) -> bool:
    """A true/false key of the codebook (``default`` when absent), or a one-line error naming it."""
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise CodebookError(f"{src}: {where}.{key} must be true or false")
    return value


def _cue_groups(fdata: Mapping[str, Any], fname: str, src: str) -> list[tuple[str, str, str, list[Any]]]:
    """``(class, description, where, cue list)`` of a frame: its classes in file order, then its
    plain ``cues`` list (class ``""``)."""
    cues_data = fdata.get("cues")
    classes_data = fdata.get("classes")
    if cues_data is None and classes_data is None:
        raise CodebookError(f"{src}: frames.{fname}: no cues; give classes (name -> description and cues) or a cues list")
    groups: list[tuple[str, str, str, list[Any]]] = []
    if classes_data is not None:
        if not isinstance(classes_data, Mapping) or not classes_data:
            raise CodebookError(f"{src}: frames.{fname}.classes must be a non-empty mapping of class name -> description and cues")
        for name, kdata in classes_data.items():
            cname = str(name)
            where = f"frames.{fname}.classes.{cname}"
            if not _CLASS_NAME.fullmatch(cname):
                raise CodebookError(f"{src}: {where}: {cname!r} is not a class name; use lower-case words joined by underscores (privilege_power)")
            if not isinstance(kdata, Mapping):
                raise CodebookError(f"{src}: {where} must be a mapping with description and cues")
            bad = set(kdata) - _CLASS_KEYS
            if bad:
                raise CodebookError(f"{src}: {where}: unknown key {sorted(bad)[0]!r}; a class has description and cues")
            cdesc = kdata.get("description")
            if not isinstance(cdesc, str) or not cdesc.strip():
                raise CodebookError(f"{src}: {where}.description is missing; say in one sentence what the class's wording means")
            items = kdata.get("cues")
            if not isinstance(items, list) or not items:
                raise CodebookError(f"{src}: {where}.cues: empty cue list; give at least one cue (role + lemmas) or drop the class")
            groups.append((cname, " ".join(cdesc.split()), f"{where}.cues", items))
    if cues_data is not None:
        if not isinstance(cues_data, list) or not cues_data:
            raise CodebookError(f"{src}: frames.{fname}.cues: empty cue list; give at least one cue (role + lemmas)")
        groups.append(("", "", f"frames.{fname}.cues", cues_data))
    return groups


def _cue(
    cdata: Any, where: str, fname: str, cname: str, n: int, seen_ids: set[str], src: str, named_default: bool = True, pronouns_default: bool = True,
    attributed_default: bool = True, claimed_default: bool = True,
) -> Cue:
    """One validated tier-1 cue of frame ``fname`` and class ``cname`` (``n``: its place in the
    frame; ``named_default`` / ``pronouns_default``: the frame's ``named_men`` / ``named_pronouns``)."""
    _check_keys(cdata, _CUE_KEYS, f"{src}: {where}", "role and lemmas")
    role = cdata.get("role")
    if role not in CUE_ROLES:
        raise CodebookError(f"{src}: {where}.role: unknown role {role!r}; use one of {', '.join(CUE_ROLES)}")
    lemmas = _words(cdata.get("lemmas"), f"{where}.lemmas", src)
    targets = _words(cdata.get("targets"), f"{where}.targets", src, allow_empty=True)
    also = _words(cdata.get("also_targets"), f"{where}.also_targets", src, allow_empty=True)
    if also and not targets:
        raise CodebookError(f"{src}: {where}.also_targets given without targets; add targets or drop also_targets")
    rule = cdata.get("target_rule", "required")
    if rule not in ("required", "when_present"):
        raise CodebookError(f"{src}: {where}.target_rule: {rule!r} is not 'required' or 'when_present'")
    if "target_rule" in cdata and not targets:
        raise CodebookError(f"{src}: {where}.target_rule given without targets; add targets or drop target_rule")
    scope_ = cdata.get("target_scope", "clause")
    if scope_ not in TARGET_SCOPES:
        raise CodebookError(f"{src}: {where}.target_scope: {scope_!r} is not one of {', '.join(TARGET_SCOPES)}")
    blocked = _words(cdata.get("blocked_by"), f"{where}.blocked_by", src, allow_empty=True)
    context = _words(cdata.get("context"), f"{where}.context", src, allow_empty=True)
    polarity = cdata.get("polarity", "any")
    if polarity not in ("any", "negated"):
        raise CodebookError(f"{src}: {where}.polarity: {polarity!r} is not 'any' or 'negated'")
    pos = cdata.get("predicate", "any")
    if pos not in PREDICATE_POS:
        raise CodebookError(f"{src}: {where}.predicate: {pos!r} is not one of {', '.join(PREDICATE_POS)}")
    men_targets, denials, deontic, specific, named, named_pron, attributed, claimed, standard, some = (
        _switch(cdata, key, default, where, src)
        for key, default in (("men_as_targets", False), ("count_denials", False), ("count_deontic", False),
                             ("specific_men", False), ("named_men", named_default), ("named_pronouns", pronouns_default),
                             ("count_attributed", attributed_default), ("count_claimed", claimed_default), ("count_standard", True), ("some_men", True))
    )
    cid = str(cdata.get("id") or f"{fname}.{role}.{n}")
    if cid in seen_ids:
        raise CodebookError(f"{src}: {where}.id: duplicate cue id {cid!r}; make ids unique")
    seen_ids.add(cid)
    singles = frozenset(w for w in lemmas if " " not in w)
    phrases = tuple(tuple(w.split()) for w in lemmas if " " in w)
    return Cue(
        cid, fname, role, singles, phrases, frozenset(targets), rule, scope_, frozenset(blocked), str(cdata.get("note") or "").strip(), polarity,
        predicate=pos, cue_class=cname, also_targets=frozenset(also), men_as_targets=men_targets, count_denials=denials, count_deontic=deontic, specific_men=specific,
        named_men=named, context=frozenset(context), named_pronouns=named_pron, count_attributed=attributed,
        count_claimed=claimed, count_standard=standard, some_men=some,
    )


def _validate_tier2(data: Any, frames: Mapping[str, Frame], seen_ids: set[str], src: str) -> tuple[tuple[Cue, ...], bool, int]:
    if data is None:
        return (), False, 3
    if not isinstance(data, Mapping):
        raise CodebookError(f"{src}: tier2 must be a mapping (enabled, max_distance, cues)")
    bad = set(data) - _TIER2_KEYS
    if bad:
        raise CodebookError(f"{src}: tier2: unknown key {sorted(bad)[0]!r}; use enabled, max_distance or cues")
    enabled = _switch(data, "enabled", True, "tier2", src)
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
            cname = str(cdata.get("class", ""))
            if cname and cname not in frames[fname].classes:
                known = ", ".join(frames[fname].classes) or "none"
                raise CodebookError(f"{src}: {where}.class: {cname!r} is not a class of frame {fname}; use one of its classes ({known})")
            cid = str(cdata.get("id") or f"{fname}.tier2.{i + 1}")
            if cid in seen_ids:
                raise CodebookError(f"{src}: {where}.id: duplicate cue id {cid!r}; make ids unique")
            seen_ids.add(cid)
            singles = frozenset(w for w in lemmas if " " not in w)
            phrases = tuple(tuple(w.split()) for w in lemmas if " " in w)
            out.append(
                Cue(
                    cid, fname, role, singles, phrases, frozenset(), "required", "clause", frozenset(blocked), str(cdata.get("note") or "").strip(), "any", direction,
                    cue_class=cname, named_men=all(c.named_men for c in frames[fname].cues),
                    named_pronouns=all(c.named_pronouns for c in frames[fname].cues),
                )
            )
    return tuple(out), enabled, distance
