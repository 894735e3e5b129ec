"""The roles men take in the predicates that govern them, read from the dependency parse.

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

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .lexicon import token_bases

if TYPE_CHECKING:

    from spacy.tokens import Token

__all__ = ["CONTESTING", "ROLES", "Link", "negated", "role_links"]


#: Roles a mention can take (see the module docstring).
ROLES: tuple[str, ...] = ("agent", "patient", "attribute", "possessor", "comitative", "mention")


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


def _modals(token: Token) -> list[str]:
    return [c.lemma_.lower() for c in token.children if c.tag_ == "MD" or (c.dep_ == "aux" and c.lemma_.lower() in ("can", "could", "may", "might", "must", "shall", "should", "will", "would", "ought", "need"))]


def negated(token: Token) -> bool:
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
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in _NEG_RAISERS and negated(cur.head):
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
    neg = neg or negated(verb) or _scope_negated(verb) or (verb.dep_ == "xcomp" and negated(verb.head))
    modal = modal + _modals(verb)
    rep = _reported(verb, belief)
    attrs = _copula_attrs(verb) if role == "agent" else []
    if attrs:
        for a in attrs:
            out.append(Link("attribute", a, "", neg or negated(a), ",".join(modal), rep, via))
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
            return [Link("patient", gov.head, gov.lower_, neg or negated(gov.head), "", _reported(gov.head, belief), via + "+possessed")]
    elif possessed.dep_ in ("dobj", "nsubjpass"):
        return [Link("patient", gov, "", neg or negated(gov), ",".join(_modals(gov)), _reported(gov, belief), via + "+possessed")]
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
    own_neg = negated(base) or negated(token) or any(c.dep_ == "det" and c.lower_ == "no" for c in base.children)
    if dep in ("nsubj", "csubj"):
        links.extend(_clause_links(head, "agent", via, own_neg, [], belief))
        # "limit the role a man can play": the noun a relative clause on the men's own action
        # modifies is theirs, like "men's role"
        owner = head.head
        if (
            head.dep_ == "relcl"
            and self_nouns is not None
            and token_bases(owner) & self_nouns
            and owner.dep_ in ("dobj", "nsubjpass")
            and not any(c.dep_ in ("dobj",) for c in head.children)
        ):
            links.append(Link("patient", owner.head, "", own_neg or negated(owner.head), ",".join(_modals(owner.head)), _reported(owner.head, belief), via + "+possessed"))
        # "for men to engage", "encourage men to speak out" parsed as subject of the infinitive
        if head.dep_ in ("ccomp", "xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
            links.append(Link("patient", head.head, "", own_neg or negated(head.head), ",".join(_modals(head.head)), _reported(head.head, belief), via + "+infinitive"))
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
                        links.extend(_clause_links(g, "agent", via + "+control", own_neg or negated(head), _modals(head), belief))
        for c in head.children:
            infinitive = c.dep_ == "advcl" and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)
            if (c.dep_ in ("xcomp", "ccomp") or infinitive) and c.pos_ in ("VERB", "AUX") and not any(x.dep_ in _SUBJ for x in c.children):
                links.extend(_clause_links(c, "agent", via + "+control", own_neg or negated(head), _modals(head), belief))
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
        neg = own_neg or negated(gov) or negated(prep)
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
                links.append(Link("patient", gov.head, p, neg or negated(gov.head), ",".join(_modals(gov.head)), _reported(gov.head, belief), via + "+copula"))
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
            if self_nouns is not None and token_bases(gov) & self_nouns and gov.lemma_.lower() not in person_nouns:
                links.extend(_possessed_links(gov, neg, via, belief))
        else:
            links.append(Link("mention", gov, p, neg, "", False, via))
    elif dep == "poss":
        links.append(Link("possessor", head, "'s", own_neg, "", _reported(head, belief), via))
        # the possessed thing is itself harmed/helped: "limit men's emotional expression"
        passes_on = head.lemma_.lower() not in person_nouns and (self_nouns is None or bool(token_bases(head) & self_nouns))
        if passes_on:
            links.extend(_possessed_links(head, own_neg, via, belief))
    elif dep == "attr" and head.pos_ in ("AUX", "VERB"):
        subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        for s in subj:
            links.append(Link("attribute", s, "", own_neg or negated(head), ",".join(_modals(head)), _reported(head, belief), via + "+inverse"))
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
                    links.append(Link("attribute", a, "as", own_neg or negated(host), "", False, via + "+as"))
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
