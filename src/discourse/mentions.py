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
    A name (a run of proper nouns as the tagger marks them, see ``_Names``; no named-entity
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

Roles
-----
The role says how the men take part in the predicate that governs them (see :func:`role_links`):

``agent``
    nominal subject of an active verb; "by men" in a passive or after a noun ("violence by
    men"; not "stood by him"); subject of a relative clause ("men who stand with women"); a
    participle modifying the mention ("men working to end violence"); a subject shared by
    coordinated verbs; the subject (or object) carried into an infinitive complement ("men want
    to help", "encourage men to speak out", "prevent men from speaking out"); the subject
    carried into a subjectless adverbial clause or gerund ("used his platform to promote
    equality", "a key role in ending violence", "praised for speaking out"; with an object,
    only by / through / while ... gerunds: "stop her from screaming" is hers); a reflexive
    object of any verb but a self-harming one ("he forced himself on her").
``patient``
    direct or indirect object; passive subject ("boys are shamed"); object of against / for /
    to / towards / on / at ("violence against men", "good for men"); a passive participle
    modifying the mention ("men affected by"); the thing a man possesses when it is itself the
    object of a verb and is part of the person's self or conduct (``possessed_self`` in the
    lexicon: "stereotypes that limit men's emotional expression", "ruined his life", "limit
    the role a man can play"; not "help his case", not a person: "beat their wives"); a
    reflexive object of a self-harming verb ("he killed himself"); the men a feeling is
    about ("afraid of her husband").
``attribute``
    copular predicate ("men are victims", "men can become allies", "men feel empowered");
    "as X" after a verb whose subject is the men ("men serve as role models"); appositive
    ("Douglass, a supporter"); adjective on the mention ("abusive husbands"); the noun of a
    "male X" mention itself.
``possessor``
    "men's X", "X of men" ("men's mental health", "the rights of men").
``comitative``
    object of with / between / among ("work with men", "partnerships between men and women").
``mention``
    none of the above (a heading, a vocative, a list item).

A mention coordinated with another ("men and boys", "women and men") or introduced by
"including" / "such as" / "especially" takes the role of the first conjunct or of the noun it
specifies. Each link records ``negated`` (a negation on the predicate, on a copula, on a
governing verb it was carried from, or "not all men" / "no men" on the mention itself),
``modality`` (can / should / must / will ... on the predicate or the verb it was carried from)
and ``reported`` (the predicate is in a clause under a belief word, e.g. "the myth that men
cannot be victims"; see ``scope`` in the codebook; not when the believer is a named person or
a personal pronoun: "he insisted he had never harassed anyone" is his denial). A clause under a
negated "mean / say / think ..." is negated ("this doesn't mean every man is a rapist"), and
so is an infinitive under a negated verb ("did not want to help men") or under a verb that
entails it did not happen ("refused to support", "failed to help"; gerunds after "without",
after "falsely accused of" or "acquitted of").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _yaml
from .errors import CodebookError, PipelineError

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    import pandas as pd
    from spacy.tokens import Doc, Span, Token

__all__ = [
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
    "as_docs",
]

#: Roles a mention can take (see the module docstring).
ROLES: tuple[str, ...] = ("agent", "patient", "attribute", "possessor", "comitative", "mention")

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

LEXICON_PATH = Path(__file__).parent / "data" / "men_lexicon.yaml"

_COPULAS = frozenset({"be", "become", "remain", "seem", "appear", "feel", "stay", "look", "sound", "prove", "turn"})
_NEG_WORDS = frozenset({"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor", "hardly"})
_SPECIFIERS = frozenset({"include", "including", "like", "especially", "particularly", "among", "notably"})
_QUANTIFIERS = frozenset({"many", "most", "some", "all", "few", "one", "none", "majority", "minority", "number", "percent", "%", "half", "third", "quarter", "proportion", "share", "lot", "each", "any", "both", "group", "gang", "crowd", "mob", "band", "handful", "dozen", "dozens", "hundreds", "thousands", "millions", "couple", "pair", "generation", "two", "three", "several", "series"})
_PATIENT_PREPS = frozenset({"against", "for", "to", "toward", "towards", "on", "upon", "at", "onto", "about"})
_NEG_SUBJECTS = frozenset({"nobody", "noone", "none", "nothing", "no-one"})
_COMITATIVE_PREPS = frozenset({"with", "between", "among", "alongside", "beside"})
_SUBJ = ("nsubj", "nsubjpass", "csubj", "expl")
#: A reflexive object of these verbs is the men harming themselves ("he killed himself"); with
#: any other verb it is the subject acting ("he forced himself on her").
_SELF_HARM = frozenset({"kill", "hurt", "harm", "injure", "cut", "starve", "isolate", "blame", "hate", "shoot", "hang", "drown", "punish", "poison", "burn", "stab", "neglect", "sacrifice", "destroy", "overwork", "exhaust", "medicate", "lose", "drink", "torture", "shame", "doubt"})
#: Verbs that entail their complement did not happen ("he refused to support", "failed to help").
_NEG_IMPLICATIVES = frozenset({"refuse", "fail", "decline", "deny", "avoid", "neglect", "forget", "hesitate", "resist", "reject"})
#: A clause under a negated one of these is not asserted ("this doesn't mean that men are ...",
#: "I don't think men are the enemy").
_NEG_RAISERS = frozenset({"mean", "imply", "say", "suggest", "think", "believe", "follow", "prove", "indicate", "signify", "entail", "make"})
#: Prepositions whose gerund complement shares the subject of the verb ("support women by
#: listening", "a role in ending violence", "praised for speaking out").
_GERUND_PREPS = frozenset({"by", "in", "through", "via", "while", "after", "before", "for", "from", "on", "of", "at", "into", "toward", "towards", "about", "without"})
#: Manner and time prepositions: their gerund shares the subject even when the verb has an object
#: ("he supports women by listening"); with other prepositions the object does it ("stop me
#: from screaming").
_MANNER_PREPS = frozenset({"by", "through", "via", "while", "after", "before", "without"})
#: Gerunds under these prepositions did not happen ("without helping", "instead of helping").
_GERUND_NEG_PREPS = frozenset({"without", "instead"})
#: Gerunds under these verbs are allegations ("accused of assaulting"); with "falsely" or under
#: an exonerating verb they are denied.
_ALLEGING = frozenset({"accuse", "charge", "convict", "suspect", "allege", "arrest", "indict", "sentence", "jail", "investigate", "sue", "prosecute", "blame"})
_EXONERATING = frozenset({"acquit", "clear", "exonerate", "absolve"})
_FALSELY = frozenset({"falsely", "wrongly", "wrongfully", "unjustly", "mistakenly"})
_DEFAULT_BELIEF = frozenset({"myth", "notion", "belief", "idea", "misconception", "assumption", "stereotype", "perception", "narrative", "believe", "assume", "think", "claim"})


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


@dataclass(frozen=True)
class Link:
    """How a mention takes part in one predicate.

    Attributes
    ----------
    role : str
        One of :data:`ROLES`.
    predicate : Token or None
        The governing word (verb, noun, adjective) or ``None`` for role ``mention``.
    prep : str
        The preposition linking them ("" if none).
    negated : bool
    modality : str
        Modal verbs, comma-separated ("" if none).
    reported : bool
        The predicate sits in a clause under a belief word (``scope.belief_words``).
    via : str
        How the link was found (``direct``, ``conj``, ``xcomp``, ``relcl`` ...).
    contested : bool
        The predicate sits in a clause under a word that calls the claim false (myth,
        misconception, stereotype, trope ...: "the myth that men are naturally violent"): an
        affirmative claim there does not count, a negated one does.
    """

    role: str
    predicate: Any
    prep: str = ""
    negated: bool = False
    modality: str = ""
    reported: bool = False
    via: str = "direct"
    contested: bool = False


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


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read a men lexicon YAML file (default: the packaged ``data/men_lexicon.yaml``).

    Raises
    ------
    CodebookError
        If the file is missing, is not valid YAML or a list is malformed.
    """
    return _load_lexicon(str(path) if path is not None else str(LEXICON_PATH))


@lru_cache(maxsize=8)
def _load_lexicon(path: str) -> Lexicon:
    import yaml

    p = Path(path)
    if not p.is_file():
        raise CodebookError(f"{p}: men lexicon not found; pass an existing YAML file")
    try:
        data = _yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise CodebookError(f"{p}{where}: not valid YAML ({getattr(exc, 'problem', exc)}); fix the syntax") from None
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


def as_docs(docs: Any) -> list[tuple[str, Doc]]:
    """Normalise the ``docs`` argument: a mapping ``doc_id -> Doc``, one Doc, or Docs.

    A sequence of Docs gets ids ``"0"``, ``"1"`` ...; every Doc must have a dependency parse
    (a sentence-mode parse, see :func:`discourse.parsing.parse`, may leave sentences without one).
    """
    from spacy.tokens import Doc as SpacyDoc

    from .parsing import SENTENCES_KEY

    if isinstance(docs, SpacyDoc):
        pairs = [("0", docs)]
    elif isinstance(docs, Mapping):
        pairs = [(str(k), v) for k, v in docs.items()]
    elif isinstance(docs, Iterable) and not isinstance(docs, str | bytes):
        pairs = [(str(i), d) for i, d in enumerate(docs)]
    else:
        raise TypeError(f"docs must be a ParsedCorpus, a mapping doc_id -> Doc, a Doc or Docs, not {type(docs).__name__}")
    for doc_id, doc in pairs:
        if not isinstance(doc, SpacyDoc):
            raise TypeError(f"docs[{doc_id!r}] is a {type(doc).__name__}, not a spaCy Doc")
        if len(doc) and not doc.has_annotation("DEP") and SENTENCES_KEY not in doc.user_data:
            raise PipelineError(
                f"docs[{doc_id!r}] has no dependency parse; parse with a pipeline that has the 'parser' component (discourse.parse(..., components=None))"
            )
    return pairs


# --------------------------------------------------------------------------------------------
# word helpers


def _bases(token: Token) -> frozenset[str]:
    """Lemma and fall-back base forms of a token (covers lemmatiser slips like shamed -> sham)."""
    return _base_forms(token.lower_, token.lemma_)


@lru_cache(maxsize=1 << 16)
def _base_forms(lower: str, lemma: str) -> frozenset[str]:
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


#: Group nouns whatever the lexicon says.
_ALWAYS_GROUP = frozenset({"men", "man", "boys", "boy", "males", "male"})


def _is_group(token: Token, lex: Lexicon) -> bool:
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    lower = token.lower_
    if lower in _ALWAYS_GROUP:
        return True
    return bool(_bases(token) & lex.group_nouns) and token.lemma_.lower() not in ("manhood", "fatherhood")


def _is_male_noun(token: Token, lex: Lexicon) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("amod", "compound") and c.lower_ in lex.male_adjectives for c in token.children
    )


def _generic_pair(token: Token) -> bool:
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


def _window_start(token: Token) -> int:
    """First token index of the previous sentence (or of this one)."""
    sent = token.sent
    if sent.start == 0:
        return 0
    return token.doc[sent.start - 1].sent.start


# --------------------------------------------------------------------------------------------
# roles


def _modals(token: Token) -> list[str]:
    return [c.lemma_.lower() for c in token.children if c.tag_ == "MD" or (c.dep_ == "aux" and c.lemma_.lower() in ("can", "could", "may", "might", "must", "shall", "should", "will", "would", "ought", "need"))]


def _negated(token: Token) -> bool:
    """Clause negation on ``token``; "not only / just / merely / simply" and "not as X (but as Y)"
    negate a constituent, not the predicate, and are ignored."""
    doc = token.doc
    for c in token.children:
        # "nobody listens to men", "no one helps boys"
        if c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in _NEG_SUBJECTS or (c.lower_ == "one" and any(d.lower_ == "no" for d in c.children))):
            return True
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and c.lower_ in ("never", "no")):
            nxt = doc[c.i + 1].lower_ if c.i + 1 < len(doc) else ""
            if c.lower_ in ("not", "n't") and nxt in ("only", "just", "merely", "simply", "as", "solely", "because"):
                continue
            return True
    return False


def _scope_negated(token: Token) -> bool:
    """The clause of ``token`` is the complement of a negated "mean / say / think ..."."""
    cur = token
    for _ in range(3):
        if cur.dep_ == "conj":
            cur = cur.head
            continue
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in _NEG_RAISERS and _negated(cur.head):
            return True
        break
    return False


def _gerund_complements(verb: Token) -> list[tuple[Token, bool]]:
    """Subjectless clauses that share ``verb``'s subject, with whether each is denied.

    Adverbial clauses ("used his platform to promote equality"), gerunds after a preposition
    ("by advocating", "praised for speaking out") and after a preposition on the object or on a
    predicate adjective ("a key role in ending violence", "instrumental in advancing").
    """
    lemma = verb.lemma_.lower()
    denied_here = lemma in _EXONERATING or (lemma in _ALLEGING and any(c.lower_ in _FALSELY for c in verb.children))
    hosts = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "attr", "acomp") and c.pos_ in ("NOUN", "ADJ", "PROPN")]
    out: list[tuple[Token, bool]] = []
    for host in hosts:
        for c in host.children:
            if c.dep_ == "advcl" and host == verb and c.pos_ in ("VERB", "AUX") and not any(x.dep_ in _SUBJ for x in c.children):
                if any(x.dep_ == "mark" and x.lower_ in ("if", "unless", "than", "as", "like") for x in c.children):
                    continue
                out.append((c, denied_here))
            elif c.dep_ == "prep" and c.lower_ in _GERUND_PREPS | _GERUND_NEG_PREPS:
                if host == verb and c.lower_ not in _MANNER_PREPS and any(x.dep_ in ("dobj", "dative") for x in verb.children):
                    continue  # "stop me from screaming", "praise him for helping": the object does it
                for g in c.children:
                    if g.dep_ == "pcomp" and g.pos_ in ("VERB", "AUX") and g.tag_ == "VBG" and not any(x.dep_ in _SUBJ for x in g.children):
                        denied = denied_here or c.lower_ in _GERUND_NEG_PREPS or (c.lower_ == "of" and c.head.lower_ == "instead")
                        out.append((g, denied))
    return out


def _copula_attrs(verb: Token) -> list[Token]:
    """Predicative complements of a copular verb (and their conjuncts)."""
    if verb.lemma_.lower() not in _COPULAS:
        return []
    out = []
    for c in verb.children:
        if c.dep_ in ("attr", "acomp", "oprd"):
            out.append(c)
            out.extend(x for x in c.conjuncts if x.i > c.i)
    return out


def _as_attrs(verb: Token) -> list[Token]:
    out = []
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "as":
            for p in c.children:
                if p.dep_ == "pobj":
                    out.append(p)
                    out.extend(x for x in p.conjuncts if x.i > p.i)
    return out


def _believer_is_named(verb: Token) -> bool:
    """The subject of a belief verb is a particular person ("he insisted", "Trump claims"): the
    text reports their view rather than contesting a common belief ("many people assume")."""
    return any(c.dep_ == "nsubj" and (c.pos_ == "PROPN" or c.lower_ in ("he", "she", "i", "we", "they", "you")) for c in verb.children)


#: Belief words that call their complement false ("the myth that ...").
CONTESTING = frozenset({"myth", "misconception", "fallacy", "stereotype", "trope", "cliche", "cliché", "misbelief", "lie", "falsehood", "canard", "caricature"})


def _contested(token: Token) -> bool:
    """``token``'s clause is the complement of a word that calls it false ("the myth that ...")."""
    cur = token
    for _ in range(6):
        if cur.head == cur:
            return False
        # a complement clause ("the myth that men ..."), not a relative one ("stereotypes that
        # constrain men")
        if cur.dep_ in ("ccomp", "acl", "appos") and cur.head.lemma_.lower() in CONTESTING:
            return True
        cur = cur.head
    return False


def _reported(token: Token, belief: frozenset[str]) -> bool:
    cur = token
    steps = 0
    while cur.head != cur and steps < 6:
        if cur.dep_ in ("ccomp", "acl", "relcl", "xcomp", "advcl", "pcomp", "pobj", "prep", "conj", "mark") and cur.head.lemma_.lower() in belief:
            if cur.head.pos_ in ("VERB", "AUX") and _believer_is_named(cur.head):
                return False
            return True
        cur = cur.head
        steps += 1
    return False


def _clause_links(verb: Token, role: str, via: str, neg: bool, modal: list[str], belief: frozenset[str], depth: int = 0) -> list[Link]:
    """Links for a mention that is ``role`` (agent/patient) of ``verb``, plus what that implies."""
    out: list[Link] = []
    # "did not want to help men", "did not have to allow him": a negated verb above an infinitive
    neg = neg or _negated(verb) or _scope_negated(verb) or (verb.dep_ == "xcomp" and _negated(verb.head))
    modal = modal + _modals(verb)
    rep = _reported(verb, belief)
    attrs = _copula_attrs(verb) if role == "agent" else []
    if attrs:
        for a in attrs:
            out.append(Link("attribute", a, "", neg or _negated(a), ",".join(modal), rep, via))
            if depth <= 3:
                for x in a.children:
                    if x.dep_ == "xcomp" and x.pos_ in ("VERB", "AUX"):
                        sub = "patient" if any(y.dep_ == "auxpass" for y in x.children) else "agent"
                        out.extend(_clause_links(x, sub, via + "+xcomp", neg, modal, belief, depth + 1))
    else:
        out.append(Link(role, verb, "", neg, ",".join(modal), rep, via))
    if role in ("agent", "patient"):
        for a in _as_attrs(verb):
            if role == "agent" or any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
                out.append(Link("attribute", a, "as", neg, ",".join(modal), rep, via + "+as"))
    if depth > 3:
        return out
    # subject shared by coordinated verbs ("men beat and control ..."); only for subjects
    if role == "agent" or (role == "patient" and any(c.dep_ == "nsubjpass" for c in verb.children)):
        for conj in verb.children:
            if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX") and not any(c.dep_ in _SUBJ for c in conj.children):
                sub_role = "patient" if any(c.dep_ == "auxpass" for c in conj.children) else role
                out.extend(_clause_links(conj, sub_role, via + "+conj", neg, modal, belief, depth + 1))
    # control: subject of "want to help", object of "encourage men to speak out"; "refuse to
    # help" entails the help did not happen
    implicative = verb.lemma_.lower() in _NEG_IMPLICATIVES
    # with an object, the object does the infinitive ("enabling them to thrive")
    object_control = role == "agent" and any(c.dep_ in ("dobj", "dative") for c in verb.children)
    for c in verb.children:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and not object_control:
            sub_role = "patient" if any(x.dep_ == "auxpass" for x in c.children) else "agent"
            out.extend(_clause_links(c, sub_role, via + "+xcomp", neg or implicative, modal, belief, depth + 1))
    # the subject of the verb also does what its subjectless adverbial clauses and gerunds say
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if (role == "agent" or (role == "patient" and passive)) and "+control" not in via:
        for g, denied in _gerund_complements(verb):
            sub_role = "patient" if any(x.dep_ == "auxpass" for x in g.children) else "agent"
            out.extend(_clause_links(g, sub_role, via + "+gerund", neg or denied or implicative, modal, belief, depth + 1))
    return out


def _base_of(token: Token) -> tuple[Token, str]:
    """The token whose dependency gives the role: first conjunct, or the noun a 'including X' specifies."""
    cur, via = token, "direct"
    for _ in range(6):
        if cur.dep_ == "conj" and cur.head.pos_ in ("NOUN", "PROPN", "PRON"):
            cur, via = cur.head, "conj"
            continue
        if cur.dep_ == "pobj" and cur.head.lower_ in _SPECIFIERS and cur.head.head != cur.head:
            host = cur.head.head
            if host.pos_ in ("VERB", "AUX"):
                # "good for society, including men": the parser hung "including" on the verb;
                # the specified noun is the one right before it
                k = cur.head.i - 1
                while k > host.sent.start and host.doc[k].is_punct:
                    k -= 1
                prev = host.doc[k]
                if prev.pos_ not in ("NOUN", "PROPN", "PRON"):
                    break
                host = prev
            cur, via = host, "specifier"
            continue
        if cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.lower_ in _QUANTIFIERS:
            cur, via = cur.head.head, "quantifier"
            continue
        if cur.dep_ == "appos" and cur.head.pos_ in ("NOUN", "PROPN", "PRON"):
            cur, via = cur.head, "appos"
            continue
        # "we as men are forgotten": the mention is the pronoun it qualifies
        if cur.dep_ == "pobj" and cur.head.lower_ == "as" and cur.head.head.pos_ == "PRON" and cur.head.head.dep_ in ("nsubj", "nsubjpass", "dobj"):
            cur, via = cur.head.head, "as"
            continue
        # "As a man, I was ignored": a fronted "as" phrase qualifies a first-person subject
        if cur.dep_ == "pobj" and cur.head.lower_ == "as" and cur.head.dep_ == "prep" and cur.head.i < cur.head.head.i:
            subj = [c for c in cur.head.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("i", "we")]
            if subj:
                cur, via = subj[0], "as"
                continue
        break
    return cur, via


def _possessed_links(possessed: Token, neg: bool, via: str, belief: frozenset[str]) -> list[Link]:
    """The possessor of a harmed or helped thing is that verb's patient ("limit men's emotional
    expression", "violence against their bodies")."""
    gov = possessed.head
    if possessed.dep_ == "pobj":
        if gov.lower_ in _PATIENT_PREPS:
            return [Link("patient", gov.head, gov.lower_, neg or _negated(gov.head), "", _reported(gov.head, belief), via + "+possessed")]
    elif possessed.dep_ in ("dobj", "nsubjpass"):
        return [Link("patient", gov, "", neg or _negated(gov), ",".join(_modals(gov)), _reported(gov, belief), via + "+possessed")]
    return []


def role_links(
    token: Token,
    belief_words: Iterable[str] | None = None,
    people: Iterable[str] | None = None,
    possessed_self: Iterable[str] | None = None,
) -> list[Link]:
    """All the ways the men referred to by ``token`` take part in predicates of its sentence.

    The first link is the primary role reported by :func:`find_mentions`; see the module
    docstring for the rules.

    Parameters
    ----------
    token : spacy.tokens.Token
        Head token of a mention.
    belief_words : iterable of str, optional
        Lemmas whose complement clause is a reported belief (default: myth, notion, belief ...).
    people : iterable of str, optional
        Person nouns; a possessed person ("their wives") does not pass its patient role on to
        the possessor.
    possessed_self : iterable of str, optional
        Nouns for a part of a person's self or conduct (life, health, voice, behaviour ...):
        only these pass a patient role on to their possessor ("ruined his life", "changing
        men's attitudes"; not "help his case", "an attack on his judgment"). Default: any noun
        that is not a person.
    """
    belief = frozenset(belief_words) if belief_words is not None else _DEFAULT_BELIEF
    person_nouns = frozenset(people) if people is not None else frozenset()
    self_nouns = frozenset(possessed_self) if possessed_self is not None else None
    base, via = _base_of(token)
    links: list[Link] = []
    dep = base.dep_
    head = base.head
    own_neg = _negated(base) or _negated(token) or any(c.dep_ == "det" and c.lower_ == "no" for c in base.children)
    if dep in ("nsubj", "csubj"):
        links.extend(_clause_links(head, "agent", via, own_neg, [], belief))
        # "limit the role a man can play": the noun a relative clause on the men's own action
        # modifies is theirs, like "men's role"
        owner = head.head
        if (
            head.dep_ == "relcl"
            and self_nouns is not None
            and _bases(owner) & self_nouns
            and owner.dep_ in ("dobj", "nsubjpass")
            and not any(c.dep_ in ("dobj",) for c in head.children)
        ):
            links.append(Link("patient", owner.head, "", own_neg or _negated(owner.head), ",".join(_modals(owner.head)), _reported(owner.head, belief), via + "+possessed"))
        # "for men to engage", "encourage men to speak out" parsed as subject of the infinitive
        if head.dep_ in ("ccomp", "xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
            links.append(Link("patient", head.head, "", own_neg or _negated(head.head), ",".join(_modals(head.head)), _reported(head.head, belief), via + "+infinitive"))
    elif dep == "nsubjpass":
        links.extend(_clause_links(head, "patient", via, own_neg, [], belief))
    elif dep in ("dobj", "dative", "obj", "iobj", "oprd"):
        if token.lower_ in ("himself", "themselves") and head.lemma_.lower() not in _SELF_HARM:
            # "he forced himself on her": the subject acting, not the men undergoing
            links.extend(_clause_links(head, "agent", via + "+reflexive", own_neg, [], belief))
        else:
            links.extend(_clause_links(head, "patient", via, own_neg, [], belief))
        # object control: "encourage men to become allies", "prevent men from speaking out"
        # (the frame is how the men are portrayed, so a prevented act still frames them)
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("from", "into", "of") and token.lower_ not in ("himself", "themselves"):
                for g in c.children:
                    if g.dep_ == "pcomp" and g.tag_ == "VBG" and not any(x.dep_ in _SUBJ for x in g.children):
                        links.extend(_clause_links(g, "agent", via + "+control", own_neg or _negated(head), _modals(head), belief))
        for c in head.children:
            infinitive = c.dep_ == "advcl" and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)
            if (c.dep_ in ("xcomp", "ccomp") or infinitive) and c.pos_ in ("VERB", "AUX") and not any(x.dep_ in _SUBJ for x in c.children):
                links.extend(_clause_links(c, "agent", via + "+control", own_neg or _negated(head), _modals(head), belief))
    elif dep == "pobj":
        prep = head
        p = prep.lower_
        # "good for women and for men": the second preposition is a conjunct of the first
        while prep.dep_ == "conj" and prep.head.pos_ == "ADP":
            prep = prep.head
        gov = prep.head
        if prep.dep_ == "conj" and gov.pos_ in ("VERB", "AUX"):
            # "beneficial for women, but for society": the parser hung the second one on the verb
            same = [c for c in gov.children if c.dep_ in ("acomp", "attr") and any(x.dep_ == "prep" and x.lower_ == p for x in c.children)]
            if same:
                gov = same[0]
        neg = own_neg or _negated(gov) or _negated(prep)
        passive_by = prep.dep_ == "agent" or (p == "by" and gov.tag_ == "VBN" and (gov.dep_ in ("acl", "amod") or any(c.dep_ == "auxpass" for c in gov.children)))
        if passive_by and gov.pos_ in ("VERB", "AUX"):
            links.extend(_clause_links(gov, "agent", via + "+by", neg, [], belief))
        elif passive_by or (p == "by" and gov.pos_ == "NOUN"):
            # "violence by men"
            links.append(Link("agent", gov, "by", neg, "", _reported(gov, belief), via))
        elif p == "by":
            # "stood by him", "by his side": not a by-agent
            links.append(Link("mention", gov, p, neg, "", False, via))
        elif p in _PATIENT_PREPS:
            links.append(Link("patient", gov, p, neg, ",".join(_modals(gov)), _reported(gov, belief), via))
            if gov.dep_ in ("acomp", "attr") and gov.head.pos_ in ("AUX", "VERB"):
                links.append(Link("patient", gov.head, p, neg or _negated(gov.head), ",".join(_modals(gov.head)), _reported(gov.head, belief), via + "+copula"))
        elif p in _COMITATIVE_PREPS:
            links.append(Link("comitative", gov, p, neg, ",".join(_modals(gov)), _reported(gov, belief), via))
            if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ in ("dobj", "pobj"):
                links.append(Link("comitative", gov.head, p, neg, "", _reported(gov.head, belief), via + "+noun"))
        elif p == "of" and gov.pos_ == "ADJ":
            # "afraid of a powerful man", "proud of him": the men are what the feeling is about
            links.append(Link("patient", gov, p, neg, ",".join(_modals(gov)), _reported(gov, belief), via))
        elif p == "of" and gov.pos_ in ("NOUN", "PROPN", "PRON"):
            links.append(Link("possessor", gov, "of", neg, "", _reported(gov, belief), via))
            # "suicide claims the lives of young men", like "men's lives"
            if self_nouns is not None and _bases(gov) & self_nouns and gov.lemma_.lower() not in person_nouns:
                links.extend(_possessed_links(gov, neg, via, belief))
        else:
            links.append(Link("mention", gov, p, neg, "", False, via))
    elif dep == "poss":
        links.append(Link("possessor", head, "'s", own_neg, "", _reported(head, belief), via))
        # the possessed thing is itself harmed/helped: "limit men's emotional expression"
        passes_on = head.lemma_.lower() not in person_nouns and (self_nouns is None or bool(_bases(head) & self_nouns))
        if passes_on:
            links.extend(_possessed_links(head, own_neg, via, belief))
    elif dep == "attr" and head.pos_ in ("AUX", "VERB"):
        subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        for s in subj:
            links.append(Link("attribute", s, "", own_neg or _negated(head), ",".join(_modals(head)), _reported(head, belief), via + "+inverse"))
    # "men as allies", "the recognition of men as allies", "advocating for men as allies"
    as_hosts = [base]
    if dep == "pobj" and head.head != head:
        as_hosts.append(head.head)
    elif dep == "poss":
        as_hosts.append(head)
    for host in as_hosts:
        if host == base or host.pos_ in ("NOUN", "PROPN") or dep == "pobj":
            for a in _as_attrs(host):
                if not any(lk.predicate == a for lk in links):
                    links.append(Link("attribute", a, "as", own_neg or _negated(host), "", False, via + "+as"))
    # on the mention itself: relative clauses, participles, adjectives, appositives
    for c in base.children:
        if c.dep_ == "relcl":
            rel_subj = [x for x in c.children if x.dep_ in ("nsubj", "nsubjpass") and x.tag_ in ("WP", "WDT") or x.lower_ == "that" and x.dep_ in ("nsubj", "nsubjpass")]
            rel_obj = [x for x in c.children if x.dep_ in ("dobj",) and x.tag_ in ("WP", "WDT")]
            if rel_subj:
                role = "patient" if rel_subj[0].dep_ == "nsubjpass" else "agent"
                links.extend(_clause_links(c, role, "relcl", own_neg, [], belief))
            elif rel_obj or not any(x.dep_ in _SUBJ for x in c.children):
                links.extend(_clause_links(c, "patient" if rel_obj else "agent", "relcl", own_neg, [], belief))
        elif c.dep_ == "acl" and c.pos_ in ("VERB", "AUX"):
            role = "patient" if c.tag_ == "VBN" else "agent"
            links.extend(_clause_links(c, role, "participle", own_neg, [], belief))
        elif c.dep_ == "amod" and c.pos_ in ("ADJ", "VERB") and c.lower_ not in ("male",):
            links.append(Link("attribute", c, "", own_neg, "", False, "adjective"))
        elif c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN"):
            links.append(Link("attribute", c, "", own_neg, "", False, "appositive"))
    if token != base:
        for c in token.children:
            if c.dep_ == "amod" and c.pos_ == "ADJ" and c.lower_ != "male":
                links.append(Link("attribute", c, "", own_neg, "", False, "adjective"))
    if not links:
        links.append(Link("mention", None, "", own_neg, "", False, via))
    return [replace(lk, contested=True) if lk.predicate is not None and _contested(lk.predicate) else lk for lk in links]


# --------------------------------------------------------------------------------------------
# finding mentions


_FEMALE = "female"


class _Names:
    """Candidate personal names of a Doc: runs of proper nouns, as the tagger marks them.

    A run is a sequence of tokens tagged ``PROPN`` inside one sentence (two joined by a hyphen
    without spaces count as one: "Jean-Paul"), with leading honorifics (Mr, Ms, King ...) left
    out of the name: they become the word before it. A run is not a name when a word of it is in
    the lexicon's ``not_name_words`` (days, months, organisation and place words: "Supreme
    Court", "White House"), when a word is written in capitals (an acronym: "FBI"), or when it
    does not start with a capital letter. Whether a name is a man's is decided by
    :func:`_name_evidence`.

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
        titles = frozenset().union(*_titles(lex))
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
            from .selection import sentence_bounds

            self._starts = [a for a, _ in sentence_bounds(self._doc)]
        k = bisect.bisect_right(self._starts, i) - 1
        end = self._starts[k + 1] if k + 1 < len(self._starts) else len(self._doc)
        return self._starts[k], end


def _in_proper_name(token: Token) -> bool:
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


def _salient(ent: Span, names: _Names, sent_start: int) -> bool:
    """The name is the subject of its clause or the first name in its sentence (which starts at
    token ``sent_start``): a following he/she most likely refers to it (a centering heuristic)."""
    return _is_subject(ent) or not names.first[sent_start : ent.start].any()


@lru_cache(maxsize=8)
def _titles(lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """The lexicon's men's and women's honorifics without their final full stop."""
    return frozenset(h.rstrip(".") for h in lex.honorifics), frozenset(h.rstrip(".") for h in lex.feminine_honorifics)


def _name_evidence(ent: Span, lex: Lexicon, names: _Names) -> str:
    """Why the name ``ent`` is a man (``honorific:...``, ``given_name:...``, ``pronoun:...``),
    ``"female"`` when the name, a title or the nearest pronoun says it is a woman, or ``""``."""
    import numpy as np

    doc = ent.doc
    first = ent[0]
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if not first.text[:1].isalpha() or ent.root.pos_ != "PROPN" or (prev is not None and prev.text in ("#", "@")):
        return ""  # "#MeToo", "@handle"
    male_titles, female_titles = _titles(lex)
    if first.lower_.rstrip(".") in female_titles and len(ent) > 1:
        return _FEMALE
    if prev is not None and prev.lower_.rstrip(".") in female_titles and prev.pos_ in ("PROPN", "NOUN"):
        return _FEMALE
    if first.lower_ in lex.female_given_names and len(ent) > 1:
        return _FEMALE
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
        if masc[t.i] and not _generic_pair(t):
            return f"pronoun:{t.text}"
        if fem[t.i]:
            return _FEMALE
    # a pronoun before the name in the same sentence, when the name is the subject: "His work
    # done, Mill argued ..." (not "He criticised Biden")
    if not _is_subject(ent):
        return ""
    if (fem[start : ent.start] & ~inside[start : ent.start]).any():
        return _FEMALE
    for i in np.flatnonzero(masc[start : ent.start]).tolist():
        t = doc[start + i]
        if not _generic_pair(t):
            return f"pronoun:{t.text}"
    return ""


def _plural_antecedent(token: Token, men_tokens: set[int], lex: Lexicon) -> Token | None:
    """Nearest preceding person noun in this or the previous sentence, or None.

    An object pronoun ("them") never takes the subject of its own clause as antecedent ("men
    ... rape them" is not the men: that would be "themselves").
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
    for i in range(token.i - 1, _window_start(token) - 1, -1):
        if i in bound:
            continue
        t = doc[i]
        if i in men_tokens and t.lower_ not in lex.masculine_pronouns:
            if t.tag_ in ("NNS", "NNPS") or t.lower_ in lex.plural_pronouns or any(c.dep_ == "conj" for c in t.children) or t.dep_ == "conj":
                return t
            continue
        if t.pos_ in ("NOUN", "PROPN") and t.tag_ in ("NNS", "NNPS") and t.dep_ not in ("compound", "amod") and _bases(t) & lex.other_people:
            return t
        if t.lower_ in lex.feminine_pronouns and t.pos_ == "PRON":
            return None
    return None


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
    for doc_id, doc in as_docs(docs):
        out.extend(_doc_mentions(doc_id, doc, lex, belief, memo))
    return out


def _scanned(doc: Doc) -> np.ndarray:
    """Indexes of the tokens to look for mentions in: all, or those of the parsed sentences of a
    selective parse (:mod:`discourse.selection` parses every sentence a mention can be in)."""
    import numpy as np

    from .parsing import SENTENCES_KEY

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
    if lower in _ALWAYS_GROUP or _base_forms(lower, lemma) & lex.group_nouns:
        out |= _CAND_GROUP
    if lower in lex.masculine_pronouns:
        out |= _CAND_MASC
    if lower in lex.plural_pronouns:
        out |= _CAND_PLURAL
    return out


def distinct_pairs(pairs: np.ndarray) -> tuple[list[int], list[int], np.ndarray]:
    """The distinct rows of an ``(n, 2)`` uint64 array as two lists, and each row's index into them
    (exact, through ``fastpipes._group_rows``: ``np.unique(axis=0)`` is many times slower)."""
    from .fastpipes import _group_rows

    codes, first = _group_rows(pairs)
    return pairs[first, 0].tolist(), pairs[first, 1].tolist(), codes


def _per_word(pairs: np.ndarray, strings: Any, value: Callable[[str, str], Any], memo: dict[tuple[int, int], Any], dtype: Any) -> np.ndarray:
    """``value(lower, lemma)`` for every row of an ``(n, 2)`` array of LOWER / LEMMA hashes,
    computed once per distinct pair (and kept in ``memo`` across documents)."""
    import numpy as np

    if not len(pairs):
        return np.zeros(0, dtype=dtype)
    lows, lems, inverse = distinct_pairs(pairs)
    values = np.empty(len(lows), dtype=dtype)
    for i, (low, lem) in enumerate(zip(lows, lems, strict=True)):
        val = memo.get((low, lem))
        if val is None:
            val = memo[(low, lem)] = value(strings[low], strings[lem] if lem else "")
        values[i] = val
    return values[inverse]


def _candidates(doc: Doc, lex: Lexicon, memo: dict[tuple[int, int], int]) -> tuple[np.ndarray, np.ndarray]:
    """Word classes (``_CAND_*`` bits) of every token, and the male-adjective heads as a mask."""
    import numpy as np
    from spacy.attrs import DEP, HEAD, LEMMA, LOWER

    n = len(doc)
    if not n:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    arr = doc.to_array([LOWER, LEMMA, HEAD, DEP])
    strings = doc.vocab.strings
    classes = _per_word(arr[:, :2], strings, lambda low, lem: _word_classes(lex, low, lem), memo, np.int64)
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
            from .features import _doc_text

            a, b = self.bounds[si]
            offset, last = self.doc[a].idx, self.doc[b - 1]
            text = _doc_text(self.doc)[offset : last.idx + len(last)]
            spans = self.spans[si] = [(m.start() + offset, m.end() + offset) for p in self.patterns for m in p.finditer(text)]
        return any(s <= token.idx < e for s, e in spans)


def _doc_mentions(doc_id: str, doc: Doc, lex: Lexicon, belief: frozenset[str] | None, memo: dict[tuple[int, int], int] | None = None) -> list[Mention]:
    from .features import _doc_text
    from .selection import sentence_bounds

    scanned = _scanned(doc)
    if not len(scanned):
        return []  # a selective parse that parsed nothing here: no mention by construction
    classes, male_heads = _candidates(doc, lex, {} if memo is None else memo)
    bounds = sentence_bounds(doc)
    excluded = _Exclusions(doc, lex, bounds)
    sent_index = {a: i for i, (a, _) in enumerate(bounds)}
    found: dict[int, tuple[int, int, str, str, Token, bool, str]] = {}
    # named men
    names = _Names(doc, lex)
    persons = names.spans
    evid = {ent.start: _name_evidence(ent, lex, names) for ent in persons}
    # a surname carries a man's evidence to its other mentions unless a woman has it too
    by_surname: dict[str, list[Span]] = {}
    for ent in persons:
        by_surname.setdefault(ent[-1].lower_, []).append(ent)
    for ent in persons:
        ev = evid[ent.start]
        if not ev:
            same = by_surname[ent[-1].lower_]
            men_names = [e for e in same if evid[e.start] not in ("", _FEMALE)]
            female = any(evid[e.start] == _FEMALE for e in same)
            # only a bare surname or the same full name ("Clinton", not "Hillary Clinton")
            if men_names and not female and (len(ent) == 1 or any(e.text == ent.text for e in men_names)):
                ev = f"coreference:{men_names[0].text}"
        if ev == _FEMALE:
            continue
        if ev and ent[0] not in excluded:
            root = ent.root
            found[root.i] = (ent.start_char, ent.end_char, "named", ent.text, root, False, ev)
    # only tokens a rule can fire on (every other token of the loop below does nothing)
    first = scanned[((classes[scanned] & (_CAND_GROUP | _CAND_MASC)) != 0) | male_heads[scanned]] if len(scanned) else scanned
    for i in first.tolist():
        t = doc[i]
        if i in found or t in excluded:
            continue
        if _in_proper_name(t):
            continue
        if _is_group(t, lex):
            kind = "possessive" if (t.dep_ == "poss" or any(c.tag_ == "POS" for c in t.children)) else "group"
            if t.lower_ in ("male", "males") and t.pos_ != "NOUN":
                continue
            start, end = t.idx, t.idx + len(t.text)
            found[i] = (start, end, kind, t.text, t, False, "lexicon")
        elif male_heads[i] and _is_male_noun(t, lex):
            mod = min((c for c in t.children if c.lower_ in lex.male_adjectives), key=lambda c: c.i)
            found[i] = (mod.idx, t.idx + len(t.text), "male_noun", _doc_text(doc)[mod.idx : t.idx + len(t.text)], t, False, "lexicon")
        elif t.lower_ in lex.masculine_pronouns and t.pos_ == "PRON" and not _generic_pair(t):
            generic = _generic_he(t, found, lex, names)
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


def _generic_he(token: Token, found: Mapping[int, Any], lex: Lexicon, names: _Names) -> bool:
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
