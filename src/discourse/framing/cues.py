"""How a cue of the codebook matches a mention of men: the frame rules.

The method is rule-based and transparent. :func:`discourse.mentions.iter_mentions` finds every
reference to men and the role links of each (agent / patient / attribute / possessor /
comitative of some predicate). A frame applies to a mention when one of the frame's cues in the
codebook (``data/codebook.yaml``, see :mod:`discourse.codebook`) matches one of its links:

1. the link's role equals the cue's role;
2. the predicate's lemma (or a fallback base form) is one of the cue's lemmas, or a multi-word
   cue matches the predicate and its compound / adjective modifiers ("mental health");
3. if the cue has ``targets``: one of them appears among the predicate's complements (its
   subtree without its subject, coordinated predicates and the mention itself), and so does
   one of its ``also_targets`` if it has them; a target that is itself possessed by a men
   mention ("men's rights") does not count. With
   ``target_rule: when_present`` a bare predicate ("men can be allies") passes, but one with an
   of / to / for / compound / possessive complement needs a target ("an ally of the senator"
   does not);
4. none of the cue's ``blocked_by`` words is a direct dependent of the predicate or the object
   of one of its prepositions ("engage in violence", "falsely accused").

For ally and beneficiary cues a target must name the cause (``_not_the_cause``): not an equality
word qualified by another cause ("marriage equality", "racial equity"); for ally, not a harm done
to men ("abuse targeted towards men") or one the speakers underwent ("the harassment they
endured"), not a person conjoined with the men ("women and men who supported X"), not a ribbon
that is not white. A person-noun ally label possessed by men ("their allies") is an ally of men.
With ``count_standard: false`` a match on a verb that describes the unit of a ratio ("78 cents for
every dollar earned by men": :func:`ratio_standard`) does not count.

Because cues are tied to the men's role, "violence against men" (men as patient) and "violence
by men" (men as agent) get different frames, and a frame word that applies to women in the
same sentence ("women are victims ... men") does not label the men.

Negation: a match on a negated link is kept as evidence with ``negated=True`` but does not
count (``counts=False``), unless the negated clause is a reported belief ("the notion that men
cannot be victims"), which the text puts forward in order to contest it, or the cue has
``polarity: negated`` (it is about the denial itself: "the shelters did not accept men").

Opposed harms: a counted perpetrator match whose predicate lies below the predicate of a
counted ally match of the same sentence does not count ("men pledged to end men's violence
against women" is ally, not perpetrator).

Tier 2 (recall back-off, codebook ``tier2``; ``enabled: false`` turns it off): when tier 1
gives a sentence that mentions men no counted frame F, a STRONG cue word of F listed under
``tier2.cues.F`` may still assign F if it lies within ``tier2.max_distance`` dependency edges of
a men mention, is not negated, its own subject / possessor / copula subject is not a woman,
girl or she, none of its ``blocked_by`` words modifies it ("insurance benefit"), a
capitalised "Allies" is not taken, and its direction fits: ``undergoer`` cues (victim,
beneficiary) must not have the men as their doer ("he abused her" is not victim),
``doer`` cues (perpetrator, ally) must have them as doer - active subject, passive by-phrase,
possessor, or subject of a copula with the cue noun ("he is a predator", "his assault").
Tier-2 rows carry the cue's own id (``victim.tier2.1``) and ``via="tier2"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..docs import doc_text, per_word
from .codebook import PREDICATE_POS, Codebook, Cue
from .lexicon import base_forms, token_bases
from .mentions import Mention
from .roles import (
    Link,
    _conditional_main,
    _hypothetical,
    _is_person_noun,
    _is_undergoer_noun,
    _negative_prefix,
    _not_asserted,
    contested,
    negated,
    question,
    scare_quoted,
    self_negated,
)

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Token

__all__ = ["cue_heads", "frame_rows", "match_cue", "predicate_words", "ratio_standard", "sentence_text", "tier1_rows", "tier2_rows"]


def sentence_text(token: Token) -> str:
    """The stripped text of the token's sentence (sliced from the document's text, without a
    Token object per word as ``Span.text`` makes)."""
    sent = token.sent
    return doc_text(token.doc)[sent.start_char : sent.end_char].strip()


_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")


_BARE_DEPS = ("poss", "compound")


_BARE_PREPS = ("of", "to", "for", "from")


#: Dependencies that start a clause: a phrase-scoped cue does not look inside them (a verb-tagged
#: word in another relation, such as a mis-tagged object noun, is part of the phrase).
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "csubjpass", "parataxis", "pcomp", "conj", "ROOT", "dep"})


#: Subordinators of side clauses (cause, concession, condition, result): a "complement" scope
#: does not look inside them ("... so that women could ...").
_SIDE_MARKS = frozenset({"so", "that", "because", "since", "although", "though", "if", "unless", "whereas", "while", "as", "whether", "lest", "once", "after", "before", "until"})


#: Prepositions whose object is not the patient of a verb cue (``predicate: verb``): "for X",
#: "on X", "at X" (a verb's own patient is its object; "against men" stays: "discriminate against").
_NOT_VERB_PATIENT_PREPS = frozenset({"for", "on", "upon", "onto", "at", "about", "to", "toward", "towards"})


_GOAL_PREPS = frozenset({"in", "into", "on", "toward", "towards", "for", "against", "as", "around", "about"})


def _modifier_words(token: Token) -> set[str]:
    words: set[str] = set()
    stack = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
    while stack:
        t = stack.pop()
        words |= token_bases(t)
        stack.extend(c for c in t.children if c.dep_ in ("compound", "amod", "nmod"))
    return words


def _cue_word(cue: Cue, pred: Token) -> str:
    bases = token_bases(pred)
    hit = bases & cue.lemmas
    if hit:
        return sorted(hit)[0]
    for phrase in cue.phrases:
        if phrase[-1] in bases and set(phrase[:-1]) <= _modifier_words(pred):
            return " ".join(phrase)
    return ""


def _zone(pred: Token, mention: Token, scope: str = "clause", possessor: bool = False) -> list[Token]:
    """Complements of ``pred``: its dependents' subtrees without subject, conjuncts and mention.

    ``scope="phrase"`` does not descend into clauses (verbs) below the predicate;
    ``scope="complement"`` descends into infinitives, gerunds and relative clauses, not into
    content clauses, adverbial clauses or parataxis. A participle
    or relative clause also sees the noun it modifies ("the issues impacting men"); a
    predicative adjective or noun its copula's subject ("equality is good for men"); and with
    ``possessor``, a subject noun what its verb says ("men's involvement advances equality").
    """
    of_phrase = mention.dep_ == "pobj" and mention.head.lower_ == "of" and mention.head.head == pred
    skip = set(t.i for t in mention.subtree) if mention.head == pred or mention == pred else {mention.i}
    if of_phrase:
        skip = {t.i for t in mention.head.subtree}
    out = []
    stack = [c for c in pred.children if c.dep_ not in _SUBJECT_DEPS and c.dep_ not in ("punct", "cc", "conj")]
    if (mention.head == pred and mention.dep_ in ("dobj", "obj", "dative", "nsubjpass")) or of_phrase:
        # a goal phrase the parser hung on the object ("engage men in the pursuit of equality",
        # "the role of men in ending violence")
        goals = [c for c in mention.children if c.dep_ == "prep" and c.lower_ in _GOAL_PREPS]
        for g in goals:
            skip -= {t.i for t in g.subtree}
        stack += goals
    if pred.dep_ in ("acl", "relcl") and pred.head.i not in skip:
        out.append(pred.head)
    if scope == "clause" and pred.pos_ == "VERB" and mention.head == pred and mention.dep_ in ("dobj", "dative"):
        # "gender equality benefits men": what does it to the men
        stack += [c for c in pred.children if c.dep_ in ("nsubj", "csubj")]
    if pred.pos_ == "VERB" and mention.dep_ == "pobj" and mention.head.head == pred and (mention.head.dep_ == "agent" or (mention.head.lower_ == "by" and any(c.dep_ == "auxpass" for c in pred.children))):
        # "violence is mostly committed by men": what the by-agent does is the passive subject
        stack += [c for c in pred.children if c.dep_ == "nsubjpass" and c.i not in skip]
    if pred.dep_ in ("acomp", "attr") and pred.head.lemma_ == "be" and mention.i not in {t.i for c in pred.head.children if c.dep_ in ("nsubj", "csubj") for t in c.subtree}:
        # "equality is good for men": the subject is what the adjective says is good for them
        stack += [c for c in pred.head.children if c.dep_ in ("nsubj", "csubj") and c.i not in skip]
    if possessor and pred.dep_ in ("nsubj", "nsubjpass") and pred.head.pos_ in ("VERB", "AUX"):
        # "men's involvement can advance gender equality": what the men's X does
        stack += [c for c in pred.head.children if c.i != pred.i and c.dep_ not in _SUBJECT_DEPS and c.dep_ not in ("punct", "cc", "aux", "auxpass", "neg")]
    while stack:
        t = stack.pop()
        if t.i in skip:
            continue
        # a phrase keeps participles on its nouns ("initiatives related to equality") but no
        # clause ("commit to act against violence", "an indication that there was an issue")
        if scope == "phrase" and t.pos_ in ("VERB", "AUX") and t.dep_ in _CLAUSE_DEPS and not (t.dep_ == "acl" and t.tag_ in ("VBN", "VBG")):
            continue
        # the act's own complements (infinitives, gerunds, relative clauses), not a reported
        # content or a side clause ("teach boys that women ...", "so that women could ...")
        if scope == "complement" and (
            t.dep_ in ("ccomp", "parataxis", "csubj")
            or (t.dep_ == "conj" and t.pos_ in ("VERB", "AUX"))
            or (t.dep_ == "advcl" and any(x.dep_ == "mark" and x.lower_ in _SIDE_MARKS for x in t.children))
        ):
            continue
        out.append(t)
        stack.extend(t.children)
    return out


def _objects(pred: Token, mention: Token) -> list[Token]:
    """The heads of what ``pred`` is done to or about: its direct objects, its passive subject or
    the noun its passive participle modifies, and the objects of its
    prepositions (and of its particle's), with their conjuncts and compound / adjective
    modifiers ("challenge gender norms", "speak out against sexual harassment"), not words
    deeper down ("denounce marches against assault", "fought extradition in a rape case")."""
    heads = [c for c in pred.children if c.dep_ in ("dobj", "obj", "attr", "oprd", "dative", "nsubjpass") and c.i != mention.i]
    if pred.dep_ in ("acl", "amod") and pred.tag_ == "VBN" and pred.head.i != mention.i:
        heads.append(pred.head)  # what a passive participle is done to ("women killed by men")
    for p in (c for c in pred.children if c.dep_ in ("prep", "agent", "prt")):
        heads += [x for x in p.children if x.dep_ in ("pobj", "pcomp") and x.i != mention.i]
        heads += [x for q in p.children if q.dep_ == "prep" for x in q.children if x.dep_ == "pobj"]
    out: list[Token] = []
    for h in heads:
        for t in [h, *h.conjuncts]:
            out.append(t)
            out.extend(m for m in t.children if m.dep_ in ("compound", "amod", "nmod"))
    return out


#: Frames whose targets name a cause (equality, women, ending a harm): a target that is not that
#: cause does not count for them (:func:`_not_the_cause`).
_CAUSE_FRAMES = frozenset({"ally", "beneficiary"})

#: Causes other than gender equality that an equality word can name ("marriage equality", "equal
#: marriage", "racial equity", "LGBT equality", "income inequality").
_OTHER_CAUSES = frozenset({
    "marriage", "lgbt", "lgbtq", "lgbtqia", "lgbtq+", "lgbti", "gay", "lesbian", "bisexual", "transgender", "trans",
    "racial", "race", "income", "wealth", "economic", "educational", "health", "vaccine", "voting", "religious",
})
_EQUALITY_WORDS = frozenset({"equality", "equal", "equity", "inequality", "inequity", "equitable", "right"})

#: Verbs of undergoing: "the harassment they endured" is a harm its speakers suffered.
_UNDERGOING = frozenset({"endure", "suffer", "experience", "face", "survive", "undergo", "sustain", "receive"})

#: Prepositions that name whom a harm is done to ("abuse against / towards men").
_UNDERGOER_PREPS = frozenset({"against", "towards", "toward", "on", "upon", "at", "of", "to"})


#: Words that lessen a harm ("less stress", "fewer symptoms of anxiety", "lower levels of depression").
_LESSENING = frozenset({"less", "fewer", "lower", "lesser", "reduced", "decreased", "diminished", "declining", "falling"})
#: Nouns that measure a harm ("lower *levels* of depression", "fewer *signs* of trauma").
_HARM_AMOUNTS = frozenset({"level", "rate", "symptom", "sign", "case", "incidence", "amount", "degree", "instance", "episode", "number", "frequency", "feeling"})


def _lessened(t: Token) -> bool:
    """True when the harm ``t`` is named as lessened: "men report less stress", "fathers show
    lower levels of depression" say the men undergo less of it, not that they undergo it (a good
    lessened, "less support", is not a target of the harm cues and is left alone)."""
    def lessened(tok: Token) -> bool:
        return any(c.dep_ in ("amod", "advmod") and c.lower_ in _LESSENING for c in tok.children)

    if lessened(t):
        return True
    head = t.head
    return t.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in _HARM_AMOUNTS and lessened(head.head)


def _not_the_cause(t: Token, men: set[int], frame: str, mention: Token) -> bool:
    """A target word of an ally or beneficiary cue that names something other than the cause of
    gender equality: an equality word qualified by another cause ("marriage equality", "equal
    marriage", "racial equity", "income inequality"); and for ally, a ribbon that is not white
    (the White Ribbon campaign: not "his Purple Heart ribbon"), and, since its harm targets are
    harms to end, a harm done to men ("abuse targeted towards men", "violence against boys": men's
    own cause, a victim frame) or one its speakers underwent ("the harassment they endured", "the
    rape he suffered": victims who speak up) or a person conjoined with the men, who does it with
    them ("black women and black men who supported her"). A beneficiary's goods may be the
    men's ("every dollar paid to men")."""
    bases = token_bases(t)
    if bases & _EQUALITY_WORDS:
        mods = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod")]
        if any(token_bases(m) & _OTHER_CAUSES for m in mods):
            return True
        if t.dep_ == "amod" and token_bases(t.head) & _OTHER_CAUSES:
            return True
    if frame != "ally":
        return False
    if "ribbon" in bases and not any(m.lower_ == "white" for m in t.children):
        # a ribbon stands for the White Ribbon campaign only when white ("his Purple Heart ribbon")
        return True
    if t.i in {c.i for c in mention.conjuncts}:
        # "black women and black men who supported Clinton": women who do it with the men
        return True
    for c in t.children:
        if c.dep_ == "relcl" and c.lemma_.lower() in _UNDERGOING:
            return True
        # "abuse against men", "abuse targeted towards men"
        preps = [c] if c.dep_ == "prep" else [x for x in c.children if x.dep_ in ("prep", "agent")] if c.dep_ == "acl" else []
        for p in preps:
            if p.lower_ in _UNDERGOER_PREPS and any(o.i in men or any(k.i in men for k in o.conjuncts) for o in p.children if o.dep_ == "pobj"):
                return True
    return False


#: Units a ratio is stated per ("78 cents for every dollar earned by men").
_RATIO_UNITS = frozenset({"dollar", "cent", "pound", "penny", "euro", "buck", "rupee", "yen", "franc", "peso"})


def ratio_standard(pred: Token) -> bool:
    """``pred`` (a verb of earning or paying) describes the unit a ratio is stated per: "women earn
    78 cents for every dollar earned by men", "for each dollar a man makes", "72 cents for every
    dollar paid to males". The men there are the standard of the comparison (cue key
    ``count_standard``)."""
    if pred.dep_ not in ("acl", "relcl"):
        return False
    unit = pred.head
    return (
        bool(token_bases(unit) & _RATIO_UNITS)
        and any(c.dep_ == "det" and c.lower_ in ("every", "each", "a", "per") for c in unit.children)
        and unit.dep_ == "pobj"
        and unit.head.lower_ in ("for", "per", "to")
    )


def _possessed_by_men(token: Token, men: set[int]) -> bool:
    for c in token.children:
        if c.dep_ == "poss" and c.i in men:
            return True
        if c.dep_ == "prep" and c.lower_ == "of" and any(p.i in men for p in c.children):
            return True
    return False


def match_cue(cue: Cue, link: Link, mention: Token, men: set[int] | None = None, people: frozenset[str] = frozenset()) -> str:
    """The cue word if ``cue`` matches ``link`` of ``mention``, else ``""``.

    Parameters
    ----------
    cue : Cue
    link : Link
        One of the mention's role links (see :func:`discourse.mentions.role_links`).
    mention : spacy.tokens.Token
        The mention's head token.
    men : set of int, optional
        Token indices of all men mentions in the document (targets they possess do not count,
        unless the target is a person: "their wives").
    people : frozenset of str
        Person nouns (the lexicon's ``other_people``).
    """
    pred = link.predicate
    if pred is None or link.role != cue.role:
        return ""
    if cue.predicate != "any" and pred.pos_ not in PREDICATE_POS[cue.predicate]:
        return ""
    word = _cue_word(cue, pred)
    if not word:
        return ""
    if cue.predicate == "verb" and link.role == "patient" and link.prep in _NOT_VERB_PATIENT_PREPS:
        # a verb's patient is its object or passive subject: "hit on older guys" (flirt), "kill
        # stories for Trump", "the bill that fails to deliver for him" are not harms to the men
        return ""
    men = men or set()
    if cue.blocked_by:
        near = [c for c in pred.children if c.dep_ not in _SUBJECT_DEPS and c.i != mention.i]
        near += [p for c in near if c.dep_ in ("prep", "agent") for p in c.children if p.dep_ in ("pobj", "pcomp")]
        # the object's own prepositional objects ("has the advantage in the race")
        near += [p for o in pred.children if o.dep_ in ("dobj", "attr", "prt") and o.i != mention.i for c in o.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
        near += [c for c in pred.children if c.dep_ == "prep"]
        if any(token_bases(t) & cue.blocked_by for t in near):
            return ""
    if cue.targets:
        if cue.target_scope == "object":
            # the harm or cause must be what the act is done to, not a word deeper down
            zone = _objects(pred, mention)
            also_zone = _zone(pred, mention, "phrase", link.role == "possessor")
        else:
            zone = _zone(pred, mention, cue.target_scope, link.role == "possessor")
            also_zone = zone
        # the thing the men possess is a target when it is itself the patient ("change men's behaviour")
        own = {mention.head.i, mention.head.head.i, mention.i} if link.via.endswith("+possessed") else set()

        def found(words: frozenset[str]) -> bool:
            # a target in scare quotes is held at a distance ("a 'safe space'")
            return any(
                token_bases(t) & words and not scare_quoted(t) and (cue.men_as_targets or t.i in own or (t.i not in men and (not _possessed_by_men(t, men) or token_bases(t) & people or t.i in own)))
                and not (cue.frame in _CAUSE_FRAMES and _not_the_cause(t, men, cue.frame, mention))
                and not (cue.frame == "victim" and _lessened(t))
                for t in zone
            )

        if own and mention.i in own:
            zone = [*zone, mention]  # a thing the men have that is itself the patient ("encourage male participation")
        if "+reflexive" in link.via:
            zone = [*zone, mention]  # the reflexive object is itself a complement ("accused of exposing himself")
        if found(cue.targets):
            if not cue.also_targets:
                return word
            zone = also_zone
            return word if found(cue.also_targets) else ""
        if cue.target_rule == "when_present":
            complements = [
                c for c in pred.children
                if (c.dep_ in _BARE_DEPS or (c.dep_ == "prep" and c.lower_ in _BARE_PREPS)) and c.i not in men and c.lower_ != "male"
            ]
            if cue.frame == "ally" and word not in _ALLYSHIP:
                # "men see the men at the top as their allies": a person an ally of men, not of equality
                # (the possessive may sit on the first of coordinated nouns: "their friends and allies")
                owners = [pred, pred.head] if pred.dep_ == "conj" else [pred]
                complements += [c for o in owners for c in o.children if c.dep_ == "poss" and c.i in men and c.i != mention.i and not _female_clause(o)]
            return word if not complements else ""
        return ""
    return word


#: Words for the practice of allyship (not a person): the men's own ("their allyship") is theirs.
_ALLYSHIP = frozenset({"allyship", "ally-ship"})


#: Acts done to a person that a "male X" names as undergone by men ("male rape"); "male abuse",
#: "male harassment" stay ambiguous (possessor), like "male violence".
_MALE_UNDERGONE = frozenset({"rape", "assault", "objectification", "exploitation", "molestation", "sexualization", "sexualisation", "trafficking", "victimization", "victimisation"})


def _male_prefix(token: Token) -> str:
    """"anti" or "non" when the "male" of a "male X" mention is written "anti-male" / "non-male"
    (``roles._negative_prefix``), else ""."""
    for c in token.children:
        if c.dep_ in ("amod", "compound") and c.lower_ in ("male", "males") and _negative_prefix(c):
            return c.doc[c.i - 2].lower_
    return ""


_AGENT_SUFFIXES = ("er", "or", "ist", "ant", "ent", "ian", "ee")


@lru_cache(maxsize=4096)
def cue_heads(cue: Cue) -> frozenset[str]:
    """Words one of which a predicate must have among its base forms for ``cue`` to match it."""
    return frozenset(cue.lemmas) | frozenset(p[-1] for p in cue.phrases)


#: Mention kinds whose own word a cue reads, through the links ``_mention_matches`` adds, and
#: the roles of those links (``male_noun``: attribute or possessor, by the attribute lemmas).
#: ``predicate_words`` reads this too: the frame cache keys depend on it.
_OWN_WORD_ROLES: dict[str, tuple[str, ...]] = {"male_noun": ("attribute", "possessor"), "group": ("attribute",)}


def _mention_matches(
    m: Mention, codebook: Codebook, men: set[int], people: frozenset[str], by_role: Mapping[str, Sequence[Cue]] | None = None, named_ref: bool = False,
    named_tokens: set[int] | frozenset[int] = frozenset(),
) -> list[dict[str, Any]]:
    links = list(m.links)
    if m.kind == "male_noun":
        # "male victims" (a person noun: attribute) vs "male violence" (a thing: possessor)
        # a person noun (of the lexicon, or a role people have) is people too ("male colleagues",
        # "male athletes")
        person = bool(token_bases(m.token) & codebook.lemmas_for_role("attribute")) or m.token.lower_.rstrip("s").endswith(_AGENT_SUFFIXES) or _is_person_noun(m.token, people)
        attribute, possessor = _OWN_WORD_ROLES["male_noun"]
        # "male rape", "male sexual assault", "male objectification": an act done to someone has
        # the men as its undergoer, not its doer (unlike "male violence", "male dominance")
        own_role = attribute if person else ("patient" if _is_undergoer_noun(m.token) and m.token.lemma_.lower() in _MALE_UNDERGONE else possessor)
        prefix = _male_prefix(m.token)
        if prefix == "non":
            return []  # "non-male staff" are not men
        if prefix == "anti":
            # "anti-male sexism", "anti-male nonsense": the thing is against men, not theirs, and
            # what is said of it ("sexist anti-male nonsense") is not said of them
            own_role = "patient"
            links = []
        links.insert(0, Link(own_role, m.token, "", self_negated(m.token), "", False, "male_noun"))
        if not person:
            # "male offenses brought to light": what a thing does is not the men's; what is
            # done to it is ("male femininity is despised", "encourage male participation")
            links = links[:1] + [replace(lk, via=lk.via + "+possessed") if lk.role == "patient" else lk for lk in links[1:] if lk.role in ("patient", "attribute")]
        links[0] = replace(links[0], contested=contested(m.token))
    elif m.kind == "group":
        # a men word that is itself a cue ("the gunman", "a patriarch")
        (role,) = _OWN_WORD_ROLES["group"]
        links.append(Link(role, m.token, "", self_negated(m.token), "", False, "self", contested(m.token)))
    best: dict[str, dict[str, Any]] = {}
    for link in links:
        if m.kind == "named" and link.predicate is not None and m.start_char <= link.predicate.idx < m.end_char:
            continue  # a word of the name itself ("Bronze Age Pervert", "Mr Wolf") describes nobody
        # a cue matches only if its word is a base form of the predicate (match_cue's
        # _cue_word); the base forms are computed once per link
        bases = token_bases(link.predicate) if link.predicate is not None else frozenset()
        # only cues of the link's role can match it (match_cue checks that first)
        for cue in by_role.get(link.role, ()) if by_role is not None else codebook.cues():
            if cue.polarity == "negated" and not link.negated:
                continue
            if cue.specific_men and not _specific(m):
                continue
            if not cue.some_men and _some_of(m.token):
                continue
            if (not cue.named_men and (m.kind == "named" or _title_of_name(m, named_tokens))) or (not cue.named_pronouns and named_ref):
                continue
            if not bases & cue_heads(cue):
                continue
            word = match_cue(cue, link, m.token, men, people)
            if not word:
                continue
            if cue.context and not _in_sentence(m.token, cue.context):
                continue
            # "the myth that men are violent" does not say they are; "the myth that men cannot be
            # victims" says they can
            counts = (
                (not link.negated and not link.contested)
                or (link.negated and link.reported)
                or cue.polarity == "negated"
                or (link.denied and cue.count_denials)
                or (link.deontic and cue.count_deontic)
            ) and not (link.attributed and not cue.count_attributed) and not (link.claimed and not cue.count_claimed) and not (
                not cue.count_standard and ratio_standard(link.predicate)
            )
            if counts and cue.frame in _CONTRAST_FRAMES and link.via == "male_noun" and _gender_contrast(m.token):
                counts = False
            if counts and cue.polarity == "negated" and _personal_refusal(link):
                counts = False
            if counts and cue.frame in _CONTRAST_FRAMES and _sweeping_charge(m.token):
                counts = False
            prev = best.get(cue.frame)
            if prev is not None and (prev["counts"] or not counts):
                continue
            best[cue.frame] = {
                "_pred": link.predicate.i if link.predicate is not None else -1,
                "frame": cue.frame,
                "cue": word,
                "rule_id": cue.id,
                "cue_class": cue.cue_class,
                "role": link.role,
                "via": link.via,
                "negated": link.negated,
                "reported": link.reported,
                "modality": link.modality,
                "counts": counts,
            }
    return [best[f] for f in codebook.frame_names if f in best]


#: Plain words for a man, which describe rather than title a named man (``_title_of_name``).
_PLAIN_MEN = frozenset({"man", "boy", "guy", "male", "gentleman", "lad", "fellow", "dude", "bloke", "chap"})


def _title_of_name(m: Mention, named_tokens: set[int] | frozenset[int]) -> bool:
    """A men noun that is the title or description of a man mentioned by name: in apposition to
    the name, or coordinated with it ("chairman and CEO Roger Smith", "Senator Smith, a former
    congressman", "Smith, a native son of Ohio"). It is that named man (``named_men``); a
    relative picked out through someone else ("her son Barron") is not a title."""
    t = m.token
    # "her son Barron", "his brother John": a relative, picked out by his relation to someone;
    # "an innocent man, Donald Smith": a plain word for a man is no title
    if m.kind != "group" or t.tag_ != "NN" or any(c.dep_ == "poss" for c in t.children) or t.lower_ in _PLAIN_MEN:
        return False
    first = t
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    near = [first.head] if first.dep_ in ("appos", "compound") else []
    near += [c for x in (first, *first.conjuncts) for c in x.children if c.dep_ in ("appos", "conj")]
    # a selective parse has no entities: a proper noun there is the name even when the name
    # finder missed it ("chairman and CEO Roger Smith")
    return any(x.i in named_tokens or x.pos_ == "PROPN" for x in near)


#: Modals under which a withheld act is advised, supposed or possible, not done ("the party
#: must not support him", "lesbians might not support him", "he would not be protected"); not
#: "could", whose negation is most often a past inability ("he couldn't find one").
_UNREAL_MODALS = frozenset({"must", "should", "ought", "might", "may", "would"})
#: Speakers whose refusal is a personal stance in a dialogue ("I don't respect men who ...",
#: "you don't believe him"), not support withheld from men by others.
_PERSONAL_SUBJECTS = frozenset({"i", "you"})


def _personal_refusal(link: Link) -> bool:
    """A negated-polarity match (support withheld: "nobody listens to men", "the shelters did
    not accept men") that is not a withholding that happens to the men: advised, supposed or
    possible under a modal ("must not support him", "might not support him"), an imperative
    ("don't believe men who deny it"), or the speaker's own stance ("I don't respect men who
    ...", "you don't trust him")."""
    if _UNREAL_MODALS & set(link.modality.split(",")):
        return True
    pred = link.predicate
    verb = pred if pred.pos_ in ("VERB", "AUX") else pred.head
    # the subject of the withholding verb, or of the verb it is the infinitive of ("I don't want
    # to support him"); not of a verb it is coordinated with ("I understand why ..., but why is
    # there no support for men?")
    for v in (verb, verb.head if verb.dep_ == "xcomp" else verb):
        subjects = [x for x in v.children if x.dep_ in ("nsubj", "nsubjpass", "expl")]
        if any(x.lower_ in _PERSONAL_SUBJECTS for x in subjects):
            return True
        if subjects:
            return False
    # an imperative: a bare verb with no subject heading its sentence ("don't believe men")
    return verb.tag_ == "VB" and verb.dep_ == "ROOT" and not any(x.dep_ == "aux" and x.tag_ == "MD" for x in verb.children)


def _sweeping_charge(token: Token) -> bool:
    """A charge against every man or men alone ("all men are rapists", "every man is a
    predator", "only men are the offenders"): a sweeping generalisation that a text quotes,
    mocks or rejects far more often than it makes. Not "not only men", nor men narrowed by a
    relative clause ("all men who hit women are cowards")."""
    # the men narrowed by what they do ("all men who hit women"), not "all men you don't know"
    if any(c.dep_ == "relcl" and any(x.dep_ in ("nsubj", "nsubjpass") and x.lower_ in ("who", "that") for x in c.children) for c in token.children):
        return False
    kids = list(token.children)
    if any(c.dep_ in ("det", "predet", "amod") and c.lower_ in ("all", "every") for c in kids):
        return True
    doc = token.doc
    return any(
        c.dep_ in ("advmod", "amod") and c.lower_ == "only" and c.i < token.i and not (c.i > 0 and doc[c.i - 1].lower_ in ("not", "n't"))
        for c in kids
    )


#: Frames whose "male X" is only a comparison standard when the sentence sets a "female X"
#: against it (``_gender_contrast``), and which a sweeping charge does not make
#: (``_sweeping_charge``).
_CONTRAST_FRAMES = frozenset({"perpetrator"})
_FEMALE_MODIFIERS = frozenset({"female", "feminine"})


def _gender_contrast(token: Token) -> bool:
    """The sentence of a "male X" mention also speaks of "female X" (the same noun): it compares
    the sexes on X ("female traffickers outnumber male traffickers", "male violence is reported,
    female violence is not", "a biased picture of male violence vs female violence"); the men
    are one side of a comparison or of a double standard, not charged with X by the text."""
    lemma = token.lemma_.lower()
    return any(
        t.i != token.i and t.lemma_.lower() == lemma and any(c.dep_ in ("amod", "compound") and c.lower_ in _FEMALE_MODIFIERS for c in t.children)
        for t in token.sent
    )


_SINGULAR_HE = frozenset({"he", "him", "his", "himself"})


def _named_referents(mentions: Sequence[Mention]) -> set[tuple[str, int]]:
    """``(doc_id, token index)`` of every he / him / his whose nearest preceding men mention (in
    its own or the previous sentence) is a man mentioned by name: the pronoun is that named man
    (a cue with ``named_pronouns: false`` does not take him)."""
    out: set[tuple[str, int]] = set()
    prev: Mention | None = None
    for m in sorted(mentions, key=lambda x: (x.doc_id, x.token.i)):
        if prev is not None and prev.doc_id != m.doc_id:
            prev = None
        if m.kind == "pronoun" and m.token.lower_ in _SINGULAR_HE and prev is not None and prev.kind == "named" and m.sent_id - prev.sent_id <= 1:
            out.add((m.doc_id, m.token.i))
        if not (m.kind == "pronoun" and (m.doc_id, m.token.i) in out):
            prev = m
    return out


#: Determiners that limit a men noun to some of the men (cue key ``some_men``).
_SOME = frozenset({"some", "certain", "few", "several"})


def _some_of(t: Token) -> bool:
    """"some men", "certain men", "a few men", "some of the men": a part of the men, not men."""
    if any(c.dep_ in ("det", "amod", "nummod") and c.lower_ in _SOME for c in t.children):
        return True
    return t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in _SOME


def _in_sentence(token: Token, words: frozenset[str]) -> bool:
    """One of ``words`` is a base form of a word of ``token``'s sentence (a cue's ``context``)."""
    return any(token_bases(t) & words for t in token.sent)


def _specific(m: Mention) -> bool:
    """A particular man: a named man, he / him / his, or a singular men noun with a definite or
    possessive determiner ("the man", "my father"); not men in general ("men", "a man")."""
    if m.kind in ("named", "pronoun"):
        return m.token.lower_ not in ("they", "them", "their", "theirs", "themselves")
    t = m.token
    return t.tag_ in ("NN", "NNP") and any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "any", "every", "each", "no") for c in t.children)


_FEMALE = frozenset({"she", "her", "herself", "hers", "woman", "women", "girl", "wife", "mother",
                     "daughter", "sister", "girlfriend", "lady", "female", "femininity"})


_PERSON_UNDERGOERS = frozenset({"victim", "casualty", "survivor"})


_ALLEGATIONS = frozenset({"allegation", "accusation", "charge", "claim", "complaint"})


def _female_clause(noun: Token) -> bool:
    """The subject of the verb a predicative or "as" noun belongs to is a woman ("women see men as
    their allies": "their" is the women's)."""
    verb = noun.head
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    return any(_is_female(x) for x in _subjects(verb))


def _is_female(t: Token) -> bool:
    return bool(token_bases(t) & _FEMALE) or t.lower_ in _FEMALE


def _subjects(verb: Token) -> list[Token]:
    cur = verb
    for _ in range(3):
        subj = [c for c in cur.children if c.dep_ in ("nsubj", "csubj")]
        if subj:
            if cur.dep_ == "relcl" and subj[0].lower_ in ("who", "that", "which"):
                return [cur.head]
            return subj
        if cur.dep_ in ("conj", "xcomp", "advcl") and cur.head.i != cur.i:
            cur = cur.head
        elif cur.dep_ in ("relcl", "acl"):
            return [cur.head]
        else:
            break
    return []


_HARMED_NOUNS = frozenset({"victim", "target", "prey", "casualty", "survivor"})


_PERSON_CUES = frozenset({"ally", "champion", "feminist", "predator", "advocate", "friend", "partner"})


def _slots(t: Token) -> tuple[list[Token], list[Token]]:
    """(doers, undergoers) of a tier-2 cue word."""
    doers: list[Token] = []
    under: list[Token] = []
    # a participle on a noun is passive ("women abused by men"), unless it has its own subject
    # ("allegations that he had abused women")
    own_subject = any(c.dep_ in ("nsubj", "csubj") for c in t.children)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children) or (t.tag_ == "VBN" and t.dep_ in ("amod", "acl") and not own_subject)
    by = [p for c in t.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for p in c.children if p.dep_ == "pobj"]
    if t.pos_ == "NOUN":
        # "discrimination from their brethren": who it comes from does it
        by += [p for c in t.children if c.dep_ == "prep" and c.lower_ == "from" for p in c.children if p.dep_ == "pobj"]
    doers += by
    if t.pos_ in ("VERB", "AUX") or (t.tag_ == "VBN"):
        if passive:
            under += [c for c in t.children if c.dep_ == "nsubjpass"]
            if t.dep_ in ("amod", "acl"):
                under.append(t.head)
        else:
            doers += _subjects(t)
            under += [c for c in t.children if c.dep_ in ("dobj", "obj", "dative")]
        return doers, under
    # a noun or adjective
    poss = [c for c in t.children if c.dep_ == "poss"]
    pred = []
    if t.dep_ in ("attr", "acomp", "oprd") or (t.dep_ in ("advmod", "prt") and t.head.lemma_ == "be"):
        pred += [c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if t.dep_ == "pobj" and t.head.lower_ == "as":
        h = t.head.head
        pred += [h] if h.pos_ in ("NOUN", "PROPN", "PRON") else _subjects(h)
    if t.dep_ == "compound" and t.head.lemma_.lower() in _HARMED_NOUNS:
        # "a rape survivor" underwent the rape
        under.append(t.head)
    elif t.dep_ == "amod" and t.lower_.endswith("ed") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
        # a participle adjective on a noun says what was done to it ("abused men", "assaulted boys")
        under.append(t.head)
    elif t.dep_ == "compound" and not (t.lower_.rstrip("s").endswith(_AGENT_SUFFIXES) or t.lemma_.lower() in _PERSON_CUES):
        # an act naming a kind of thing is not done by it ("rape cases", "abuse claims"); a person
        # noun still names who it is ("predator priests")
        pass
    elif t.dep_ in ("appos", "amod", "compound") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
        pred.append(t.head)
    of = [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    # "assault allegations against him", "allegations of assault against him"
    h = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "of" else t.head
    if t.dep_ in ("compound", "pobj") and token_bases(h) & _ALLEGATIONS:
        # the accused, not the accuser ("his allegations" are the ones he makes)
        doers += [p for c in h.children if c.dep_ == "prep" and c.lower_ == "against" for p in c.children if p.dep_ == "pobj"]
    # a person noun's possessor is who it serves or harms ("his champion", "his abuser"), except
    # for the harmed ("his victims": he harmed them)
    if t.lemma_.lower() not in _HARMED_NOUNS and (t.lower_.rstrip("s").endswith(_AGENT_SUFFIXES) or t.lemma_.lower() in _PERSON_CUES):
        return doers + pred, under + poss + pred + of
    return doers + poss + pred, under + poss + pred + of


def _tier2_negated(t: Token) -> bool:
    cur = t
    for _ in range(3):
        if negated(cur):
            return True
        if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _tree_distance(a: Token, b: Token) -> int:
    up = {}
    cur, d = a, 0
    while True:
        up[cur.i] = d
        if cur.head.i == cur.i:
            break
        cur, d = cur.head, d + 1
    cur, d = b, 0
    while cur.i not in up:
        if cur.head.i == cur.i:
            return 99
        cur, d = cur.head, d + 1
    return d + up[cur.i]


def _tier2_word(cue: Cue, t: Token, bases: frozenset[str] | None = None) -> str:
    bases = token_bases(t) if bases is None else bases
    hit = bases & cue.lemmas
    if hit:
        return sorted(hit)[0]
    for phrase in cue.phrases:
        if phrase[-1] in bases and t.i >= len(phrase) - 1:
            before = [x.lower_ for x in t.doc[t.i - len(phrase) + 1 : t.i]]
            if before == list(phrase[:-1]):
                return " ".join(phrase)
    return ""


def _word_hits(doc: Any, words: frozenset[str], memo: dict[tuple[int, int], bool]) -> np.ndarray:
    """True for the tokens of ``doc`` with one of ``words`` among their base forms (``_bases``),
    computed once per distinct (form, lemma)."""
    from spacy.attrs import LEMMA, LOWER

    return per_word(doc.to_array([LOWER, LEMMA]), doc.vocab.strings, lambda low, lem: bool(base_forms(low, lem) & words), memo, bool)


def tier2_rows(mentions: Sequence[Mention], book: Codebook, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # tier 1 already judged the frame in this sentence (counted, or negated: "not all men are abusers")
    counted = {(r["doc_id"], r["sent_id"], r["frame"]) for r in rows}
    by_sent: dict[tuple[str, int], list[tuple[int, Mention]]] = {}
    counters: dict[str, int] = {}
    for m in mentions:
        n = counters.get(m.doc_id, 0)
        counters[m.doc_id] = n + 1
        by_sent.setdefault((m.doc_id, m.sent_id), []).append((n, m))
    cue_words = frozenset(w for c in book.tier2 for w in c.lemmas) | frozenset(p[-1] for c in book.tier2 for p in c.phrases)
    import numpy as np

    out: list[dict[str, Any]] = []
    named_refs = _named_referents(mentions)
    hit_masks: dict[str, np.ndarray] = {}
    memo: dict[tuple[int, int], bool] = {}
    for (doc_id, sent_id), ms in by_sent.items():
        men = {m.token.i for _, m in ms}
        sent = ms[0][1].token.sent
        done: set[str] = set()
        bases_of: dict[int, frozenset[str]] = {}  # base forms of each token, once
        doc = sent.doc
        hits = hit_masks.get(doc_id)
        if hits is None:
            hits = hit_masks[doc_id] = _word_hits(doc, cue_words, memo)
        # only words with a tier-2 cue word among their base forms can match
        for i in (np.flatnonzero(hits[sent.start : sent.end]) + sent.start).tolist():
            t = doc[i]
            bases_of[t.i] = token_bases(t)
            for cue in book.tier2:
                if cue.frame in done or (doc_id, sent_id, cue.frame) in counted:
                    continue
                bases = bases_of.get(t.i)
                if bases is None:
                    bases = bases_of[t.i] = token_bases(t)
                word = _tier2_word(cue, t, bases)
                if not word or t.i in men:
                    continue
                if t.dep_ == "prt":  # "better off": the particle hangs on the adjective
                    t = t.head
                if cue.frame == "ally" and t.text[:1].isupper() and t.i > sent.start and token_bases(t) & {"ally", "allied"}:
                    continue
                mods = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod", "dobj", "prep", "npadvmod", "advmod")]
                # and the objects of its prepositions ("abuse of power")
                mods += [p for c in mods if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
                if cue.blocked_by and any(token_bases(c) & cue.blocked_by for c in mods):
                    continue
                # nor one asked or supposed ("it's not as if a male wrestler assaulted police")
                if _tier2_negated(t) or question(t) or _hypothetical(t):
                    continue
                # nor a harm named as lessened ("men reported less loneliness")
                if cue.frame == "victim" and _lessened(t):
                    continue
                # nor what follows from a supposition, nor a word the text does not put forward
                if _conditional_main(t) or _not_asserted(t, ""):
                    continue
                doers, under = _slots(t)

                def is_men(x: Token, men: set[int] = men) -> bool:
                    return x.i in men or any(c.i in men for c in x.conjuncts)

                if cue.direction == "experiencer":
                    slot = under + [p for c in t.children if c.dep_ == "prep" and c.lower_ in ("for", "to") for p in c.children if p.dep_ == "pobj"]
                    if t.pos_ == "VERB" and not any(c.dep_ in ("dobj", "obj", "nsubjpass") for c in t.children):
                        slot += doers  # intransitive "men benefit"
                    if any(_is_female(x) for x in slot) or not any(is_men(x) for x in slot):
                        continue
                    near = [(n, m) for n, m in ms if any(m.token.i == x.i or m.token.i in {c.i for c in x.conjuncts} for x in slot)]
                elif cue.direction == "doer":
                    if any(_is_female(x) for x in doers) or not any(is_men(x) for x in doers):
                        continue
                    near = [(n, m) for n, m in ms if any(m.token.i == x.i or m.token.i in {c.i for c in x.conjuncts} for x in doers)]
                else:
                    if cue.direction == "undergoer" and any(is_men(x) for x in doers):
                        continue
                    if any(_is_female(x) for x in under):
                        continue
                    if t.lemma_.lower() in _PERSON_UNDERGOERS and not any(is_men(x) for x in under):
                        continue  # a person noun must be predicated of the men ("men are victims")
                    if t.lemma_.lower() in _PERSON_UNDERGOERS and any(is_men(p) for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children):
                        continue
                    near = [(n, m) for n, m in ms if _tree_distance(t, m.token) <= book.tier2_distance]
                if not cue.named_men:
                    near = [(n, m) for n, m in near if m.kind != "named"]
                if not cue.named_pronouns:
                    near = [(n, m) for n, m in near if (m.doc_id, m.token.i) not in named_refs]
                if not near:
                    continue
                n, m = min(near, key=lambda nm: _tree_distance(t, nm[1].token))
                done.add(cue.frame)
                out.append(
                    {
                        "doc_id": doc_id, "sent_id": sent_id, "sentence": sent.text.strip(), "mention_id": n,
                        "mention": m.text, "kind": m.kind, "frame": cue.frame, "cue": word, "rule_id": cue.id,
                        "cue_class": cue.cue_class, "role": cue.role, "via": "tier2", "negated": False, "reported": False, "modality": "",
                        "counts": True,
                    }
                )
    return out


def frame_rows(mentions: Sequence[Mention], book: Codebook, people: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    rows = tier1_rows(mentions, book, people)
    if book.tier2_enabled and book.tier2:
        rows += tier2_rows(mentions, book, rows)
    return rows


def tier1_rows(mentions: Sequence[Mention], book: Codebook, people: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    rows = []
    men_by_doc: dict[str, set[int]] = {}
    for m in mentions:
        men_by_doc.setdefault(m.doc_id, set()).add(m.token.i)
    by_role: dict[str, list[Cue]] = {}
    for cue in book.cues():
        by_role.setdefault(cue.role, []).append(cue)
    counters: dict[str, int] = {}
    hits: list[tuple[Mention, int, dict[str, Any]]] = []
    named_refs = _named_referents(mentions)
    # token indices of the names of named men, per document (``_title_of_name``)
    named_by_doc: dict[str, set[int]] = {}
    for m in mentions:
        if m.kind == "named":
            named_by_doc.setdefault(m.doc_id, set()).update(t.i for t in m.token.doc.char_span(m.start_char, m.end_char, alignment_mode="expand") or [m.token])
    for m in mentions:
        n = counters.get(m.doc_id, 0)
        counters[m.doc_id] = n + 1
        hits.extend((m, n, hit) for hit in _mention_matches(m, book, men_by_doc[m.doc_id], people, by_role, (m.doc_id, m.token.i) in named_refs, named_by_doc.get(m.doc_id, frozenset())))
    _opposed_harms(hits)
    for m, n, hit in hits:
        hit.pop("_pred")
        rows.append({"doc_id": m.doc_id, "sent_id": m.sent_id, "sentence": sentence_text(m.token), "mention_id": n, "mention": m.text, "kind": m.kind, **hit})
    return rows


def _opposed_harms(hits: Sequence[tuple[Mention, int, dict[str, Any]]]) -> None:
    """A harm that men act against in the same sentence does not make them its perpetrators:
    "men pledged to end men's violence against women" is ally, not perpetrator. A counted
    perpetrator match whose predicate lies below the predicate of a counted ally match of the
    same sentence stops counting."""
    ally: dict[tuple[str, int], list[Any]] = {}
    for m, _, hit in hits:
        if hit["frame"] == "ally" and hit["counts"] and hit["_pred"] >= 0:
            ally.setdefault((m.doc_id, m.sent_id), []).append(m.token.doc[hit["_pred"]])
    if not ally:
        return
    for m, _, hit in hits:
        preds = ally.get((m.doc_id, m.sent_id))
        if hit["frame"] != "perpetrator" or not hit["counts"] or not preds or hit["_pred"] < 0:
            continue
        harm = m.token.doc[hit["_pred"]]
        if any(p in harm.ancestors for p in preds):
            hit["counts"] = False


def predicate_words(mentions: Iterable[Mention]) -> dict[str, set[str]]:
    """Per role, the base forms of every word a tier-1 cue of that role can be tested on: each
    predicate of a mention's role links (``_cue_word``), and the mention's own word in the roles
    of the links ``_mention_matches`` adds (``_OWN_WORD_ROLES``). See :mod:`discourse.framecache`."""
    words: dict[str, set[str]] = {}
    for m in mentions:
        for role in _OWN_WORD_ROLES.get(m.kind, ()):
            words.setdefault(role, set()).update(token_bases(m.token))
        for link in m.links:
            if link.predicate is not None:
                words.setdefault(link.role, set()).update(token_bases(link.predicate))
    return words
