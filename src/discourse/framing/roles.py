"""The roles men take in the predicates that govern them, read from the dependency parse.

Roles
-----
The role says how the men take part in the predicate that governs them (see :func:`role_links`):

``agent``
    nominal subject of an active verb; "by men" in a passive or after a noun ("violence by
    men"; not "stood by him"), or on an active verb's object ("claimed harassment by male
    co-workers"); "from men" on a harm noun ("threats from men"); "at the hands of men"; the
    accused of "allegations of assault against him"; subject of a relative clause ("men who stand with women"); a
    participle modifying the mention ("men working to end violence"); a subject shared by
    coordinated verbs; the subject (or object) carried into an infinitive complement ("men want
    to help", "encourage men to speak out", "prevent men from speaking out"); the subject
    carried into a subjectless adverbial clause or gerund ("used his platform to promote
    equality", "a key role in ending violence", "praised for speaking out"; with an object,
    only by / through / while ... gerunds: "stop her from screaming" is hers); a reflexive
    object of any verb but a self-harming one ("he forced himself on her").
``patient``
    direct or indirect object, also of coordinated verbs that share it ("they mock, belittle
    and ignore boys"); passive subject ("boys are shamed"); the "of" of an act ("the abuse of
    men", "the shaming of boys"), the possessor of an act done to him ("his murder"), a
    reflexive of a verb the men undergo ("men free themselves from", "he killed himself");
    "X over men" after a verb of preference (negated: "courts favour mothers over fathers");
    a noun "for men" whose existence is denied (negated: "no shelters for men", "few outlets
    for men to talk"); object of against / for /
    to / towards / on / at ("violence against men", "good for men"); a passive participle
    modifying the mention ("men affected by"); the thing a man possesses when it is itself the
    object of a verb and is part of the person's self or conduct (``possessed_self`` in the
    lexicon: "stereotypes that limit men's emotional expression", "ruined his life", "limit
    the role a man can play"; not "help his case", not a person: "beat their wives"); a
    reflexive object of a self-harming verb ("he killed himself"); the men a feeling is
    about ("afraid of her husband").
``attribute``
    copular predicate ("men are victims", "men can become allies", "men feel empowered"); the
    subject of an inverse copula or of a statistic ("most perpetrators are men", "a fifth of the
    victims were men", "men were 80 percent of suicides"); "as X" after a verb whose subject is
    the men ("men serve as role models"); an object predicative or verbless small clause ("left
    him broken", "made him a scapegoat"); appositive ("Douglass, a supporter"); adjective on the
    mention ("abusive husbands"); the person noun a men word is compounded with ("men
    victims"); the person noun whose participle or relative clause holds a he / his ("a
    convicted molester trying to rebuild his life"); the noun of a "male X" mention itself.
``possessor``
    "men's X", "X of men" ("men's mental health", "the rights of men").
``comitative``
    object of with / between / among ("work with men", "partnerships between men and women").
``topic``
    subject of a clause that a noun or verb takes as its content ("the expectation that men
    must provide", "role expectations demand that men be providers").
``mention``
    none of the above (a heading, a vocative, a list item).

A mention coordinated with another ("men and boys", "women and men") or introduced by
"including" / "such as" / "especially" takes the role of the first conjunct or of the noun it
specifies. Each handler covers one dependency of the mention (``_HANDLERS``). Each link records ``negated`` (a negation on the predicate, on a copula, on a
governing verb it was carried from, or "not all men" / "no men" on the mention itself),
``modality`` (can / should / must / will ... on the predicate or the verb it was carried from)
and ``reported`` (the predicate is in a clause under a belief word, e.g. "the myth that men
cannot be victims"; see ``scope`` in the codebook; not when the believer is a named person or
a personal pronoun: "he insisted he had never harassed anyone" is his denial). A clause under a
negated "mean / say / think ..." is negated ("this doesn't mean every man is a rapist"), and
so is an infinitive under a negated verb ("did not want to help men") or under a verb that
entails it did not happen ("refused to support", "failed to help"; gerunds after "without",
after "falsely accused of" or "acquitted of"), and so is what a "without" gerund says did not
happen. ``contested`` marks a label the text holds at a distance (see :class:`Link`), also a
clause under "if" / "unless" (hypothetical); ``denied`` a man's own reported denial ("he said he
had never assaulted anyone"); ``deontic`` a "should not be done" to the men.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .lexicon import token_bases

if TYPE_CHECKING:

    from spacy.tokens import Token

__all__ = ["CONTESTING", "ROLES", "Link", "negated", "contested", "role_links", "scare_quoted", "self_negated"]


#: Roles a mention can take (see the module docstring).
ROLES: tuple[str, ...] = ("agent", "patient", "attribute", "possessor", "comitative", "topic", "mention")


_COPULAS = frozenset({"be", "become", "remain", "seem", "appear", "feel", "stay", "look", "sound", "prove", "turn"})


#: Negated auxiliaries written without an apostrophe (forum spelling).
_NEG_SPELLINGS = frozenset({"dont", "doesnt", "didnt", "cant", "cannot", "wont", "isnt", "arent", "wasnt", "werent", "shouldnt", "wouldnt", "couldnt", "hasnt", "havent", "hadnt", "mustnt"})


_NEG_WORDS = frozenset({"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor", "hardly"})


_SPECIFIERS = frozenset({"include", "including", "like", "especially", "particularly", "among", "notably"})


#: Verbs whose subject comes from a source named by "from" ("the abuse comes from men").
_SOURCE_VERBS = frozenset({"come", "originate", "stem", "arise", "emanate"})
#: Bodies of people a men word possesses that act as the men ("men's groups", "a fathers' network").
_COLLECTIVES = frozenset({"group", "organisation", "organization", "network", "association", "collective", "circle", "coalition", "council", "club", "alliance", "initiative"})
_QUANTIFIERS = frozenset({"many", "most", "some", "all", "few", "one", "none", "majority", "minority", "number", "percent", "%", "half", "third", "quarter", "proportion", "share", "lot", "each", "any", "both", "group", "gang", "crowd", "mob", "band", "handful", "dozen", "dozens", "hundreds", "thousands", "millions", "couple", "pair", "generation", "two", "three", "several", "series", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "percentage", "rest", "bulk", "fraction", "per", "cent", "four", "five", "ten"})


#: Nouns of amount or kind: "a lot of X towards men" is X towards men.
_AMOUNTS = frozenset({"lot", "amount", "deal", "level", "degree", "kind", "sort", "type", "form", "wave", "torrent", "flood", "stream", "barrage", "tide", "surge", "rise", "increase"})


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
_GERUND_PREPS = frozenset({"since", "to", "by", "in", "through", "via", "while", "after", "before", "for", "from", "on", "of", "at", "into", "toward", "towards", "about", "without"})


#: Manner and time prepositions: their gerund shares the subject even when the verb has an object
#: ("he supports women by listening"); with other prepositions the object does it ("stop me
#: from screaming").
_MANNER_PREPS = frozenset({"since", "by", "through", "via", "while", "after", "before", "without"})


#: Gerunds under these prepositions did not happen ("without helping", "instead of helping").
_GERUND_NEG_PREPS = frozenset({"without", "instead"})


#: Gerunds under these verbs are allegations ("accused of assaulting"); with "falsely" or under
#: an exonerating verb they are denied.
_ALLEGING = frozenset({"accuse", "charge", "convict", "suspect", "allege", "arrest", "indict", "sentence", "jail", "investigate", "sue", "prosecute", "blame"})


_EXONERATING = frozenset({"acquit", "clear", "exonerate", "absolve"})


_FALSELY = frozenset({"falsely", "wrongly", "wrongfully", "unjustly", "mistakenly"})


#: Adjectives whose infinitive did not (or does not) happen ("unable to ask for help", "reluctant
#: to seek help", "afraid to speak").
_NEG_ADJECTIVES = frozenset({"unable", "unwilling", "reluctant", "hesitant", "afraid", "scared", "ashamed", "embarrassed", "loath", "loth", "too", "unlikely"})


#: Verbs that impose a norm: what men are taught, expected or pushed to be or do is the norm, not
#: what the text says they are ("boys are taught to be aggressive", "expected to provide").
_NORM_VERBS = frozenset({"teach", "raise", "socialize", "socialise", "condition", "train", "expect", "pressure", "pressurise", "pressurize", "push", "tell", "require", "groom", "program", "programme", "brainwash", "shame", "bully", "indoctrinate", "force"})


#: Verbs that put a label on someone: what follows "as" (or the object predicative) is the
#: label, not what the text says they are ("portrayed as predators", "branded him a misogynist").
_LABELLING = frozenset({"perceive", "view", "regard", "treat", "portray", "depict", "paint", "cast", "label", "brand", "stereotype", "caricature", "frame", "characterize", "characterise", "demonize", "demonise", "vilify", "smear", "dub", "mislabel", "pigeonhole", "typecast", "stigmatize", "stigmatise"})


#: A man's claim about himself ("claims to be an ally", "pretends to care", "poses as a
#: feminist", "calls himself a feminist").
_SELF_CLAIM = frozenset({"claim", "pretend", "profess", "purport", "pose", "masquerade", "posture", "proclaim", "style", "fancy", "bill", "tout", "market", "present", "call", "describe", "consider", "brand", "label"})


#: Verbs whose complement clause is someone's insinuation, not a claim the text makes ("she
#: implies all men are rapists").
_INSINUATING = frozenset({"imply", "insinuate", "pretend", "presume", "purport", "insinuation", "implication"})


#: Speech and belief verbs: a claim under one about *all* men ("feminists say all men are
#: rapists") is reported as a sweeping generalisation, not made by the text.
_SAYING = frozenset({"say", "claim", "think", "believe", "assume", "argue", "insist", "suggest", "declare", "tell", "call", "scream", "yell", "shout", "write", "tweet", "post", "act", "treat", "feel", "accuse", "imply", "paint", "portray"})


#: Modifiers that distance the writer from a label ("a self-proclaimed feminist", "a so-called ally").
_DISTANCING = frozenset({"supposedly", "purportedly", "ostensibly", "self-identified", "self-professed", "self-proclaimed", "so-called", "self-styled", "self-described", "self-declared", "self-appointed", "would-be", "supposed", "pseudo", "faux", "fake", "performative", "wannabe", "phony", "phoney", "professed", "purported", "ostensible"})


#: Nouns for people (with the lexicon's people and men words): a men word compounded with one
#: is the same people ("men victims", "father figures"), not a possessor.
_PERSON_HEADS = frozenset({"victim", "survivor", "ally", "feminist", "advocate", "champion", "casualty", "target", "partner", "role", "model", "leader", "figure", "perpetrator", "abuser", "rapist", "predator", "offender", "killer", "attacker", "worker", "student", "teacher", "parent", "carer", "caregiver", "nurse", "client", "patient", "prisoner", "inmate", "veteran", "soldier", "refugee", "migrant", "voter", "athlete", "player", "friend", "colleague", "peer", "mentor", "activist", "supporter", "user", "member", "mp", "politician", "official", "staff", "employee", "lawmaker", "senator", "candidate", "executive", "boss", "relative", "sibling", "cousin", "youth", "adolescent", "teen", "teenager", "resident", "participant", "respondent", "celebrity", "star", "classmate", "coworker", "citizen", "immigrant", "applicant", "graduate", "professional"})


#: Nouns naming an act done to someone: "the X of men" names who undergoes it ("the abuse of
#: men", "the killing of boys"); with other nouns the "of" phrase is a possessor ("the role of men").
#: Nouns in -ing are always such acts ("the shaming of boys").
_UNDERGOER_NOUNS = frozenset({"killer", "murderer", "abuser", "rapist", "torturer", "oppressor", "exploiter", "persecutor", "tormentor", "slayer", "butcher", "abuse", "rape", "murder", "assault", "torture", "neglect", "mistreatment", "treatment", "portrayal", "depiction", "representation", "exploitation", "victimization", "victimisation", "stigmatization", "stigmatisation", "marginalization", "marginalisation", "demonization", "demonisation", "vilification", "dehumanization", "dehumanisation", "objectification", "sexualization", "sexualisation", "exclusion", "erasure", "persecution", "oppression", "discrimination", "humiliation", "emasculation", "infantilization", "infantilisation", "circumcision", "mutilation", "conscription", "incarceration", "imprisonment", "execution", "punishment", "abandonment", "harassment", "intimidation", "scapegoating", "dismissal", "alienation", "isolation", "ridicule", "mockery", "disenfranchisement", "disposability", "expulsion", "silencing", "criminalization", "criminalisation", "pathologization", "pathologisation", "sacrifice", "slaughter", "massacre", "killing", "kidnapping", "abduction", "enslavement", "trafficking", "empowerment", "liberation", "inclusion", "engagement", "education", "mobilization", "mobilisation", "recruitment", "involvement", "suppression", "repression", "invalidation", "molestation", "hatred", "hate", "contempt", "disdain", "scorn", "distrust", "mistrust", "fear", "disgust", "resentment", "hostility", "demonising", "bashing"})


#: Nouns for something said or written: a participle on one says what its author says.
_SPEECH_ACTS = frozenset({"statement", "letter", "tweet", "post", "video", "email", "note", "speech", "op-ed", "message", "release", "response", "reply", "comment", "interview"})


#: Acts whose possessor underwent them ("his murder", "his abduction", "their conscription").
_DONE_TO_POSSESSOR = frozenset({"murder", "killing", "assassination", "execution", "abduction", "kidnapping", "torture", "persecution", "lynching", "beheading", "stabbing", "shooting", "beating", "mutilation", "castration", "circumcision", "conscription", "enslavement", "imprisonment", "incarceration", "internment", "deportation", "exile", "expulsion", "disappearance"})


#: Nouns of accusation: "allegations of assault against him" accuse him of the assault.
_ALLEGATION_NOUNS = frozenset({"allegation", "accusation", "charge", "claim", "complaint", "report", "lawsuit", "suit"})


#: Verbs of preference: "X over men" says the men are not preferred.
_PREFERRING = frozenset({"favour", "favor", "prefer", "privilege", "prioritize", "prioritise", "choose", "pick", "select", "value", "promote", "hire", "believe", "trust", "side", "elevate", "advantage"})


#: Verbs whose reflexive object undergoes the act as well as doing it ("men free themselves from").
_SELF_UNDERGO = frozenset({"free", "liberate", "emancipate", "relieve", "rid", "release", "heal", "empower", "educate", "distance", "isolate", "exclude", "silence", "deny", "limit", "restrict", "police"})


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
        misconception, stereotype, trope ...: "the myth that men are naturally violent"), or
        the text holds the label at a distance (scare quotes, "so-called", "claims to be",
        "portrayed as", "she implies all men are ..."): an affirmative claim there does not
        count, a negated one does.
    denied : bool
        The negation is the man's own denial in reported speech ("he said he had never
        assaulted anyone"): cues with ``count_denials`` count it (he is shown accused).
    deontic : bool
        A negated "should / must not be done" to the men ("men shouldn't be shamed for
        crying"): it says the thing happens and ought not to; cues with ``count_deontic``
        count it.
    attributed : bool
        The predicate sits in a claim about men in general that someone other than the writer
        makes ("feminists say men are violent", see ``_attributed``): cues with
        ``count_attributed: false`` do not count it.
    claimed : bool
        The predicate sits in what someone other than the writer claims or insists, about any
        men ("she claimed her father was an advocate", see ``_claimed``): cues with
        ``count_claimed: false`` do not count it.
    """

    role: str
    predicate: Any
    prep: str = ""
    negated: bool = False
    modality: str = ""
    reported: bool = False
    via: str = "direct"
    contested: bool = False
    denied: bool = False
    deontic: bool = False
    attributed: bool = False
    claimed: bool = False


def _modals(token: Token) -> list[str]:
    return [c.lemma_.lower() for c in token.children if c.tag_ == "MD" or (c.dep_ == "aux" and c.lemma_.lower() in ("can", "could", "may", "might", "must", "shall", "should", "will", "would", "ought", "need"))]


def negated(token: Token) -> bool:
    """Clause negation on ``token``; "not only / just / merely / simply" and "not as X (but as Y)"
    negate a constituent, not the predicate, and are ignored. A word under a "non-" or "anti-"
    prefix ("non-violent men", "anti-feminist men") is negated too."""
    doc = token.doc
    if _negative_prefix(token):
        return True
    for c in token.children:
        # "nobody listens to men", "no one helps boys"
        if c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in _NEG_SUBJECTS or (c.lower_ == "one" and any(d.lower_ == "no" for d in c.children))):
            return True
        # a curly "n’t" the parser took for something else is still the negation; so are
        # apostrophe-less spellings ("dont", "doesnt")
        word = c.lower_.replace("\u2019", "'")
        if word in _NEG_SPELLINGS and c.dep_ in ("aux", "neg", "advmod", "nsubj", "dep"):
            return True
        # "men have no rights": a verb of having whose object is "no ..."
        if c.dep_ == "dobj" and token.lemma_.lower() in ("have", "get", "receive", "find", "hold") and any(x.dep_ == "det" and x.lower_ == "no" for x in c.children):
            return True
        # "no longer": the adverb "longer" with its own "no"
        no_longer = word == "longer" and any(x.lower_ == "no" for x in c.children)
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and word in ("never", "no", "hardly", "scarcely", "barely")) or no_longer or (word in ("n't", "not") and c.i < token.i):
            nxt = doc[c.i + 1].lower_ if c.i + 1 < len(doc) else ""
            if word in ("not", "n't") and nxt in ("only", "just", "merely", "simply", "as", "solely", "because"):
                continue
            return True
    return False


#: Prefixes that negate or oppose the word they are joined to with a hyphen.
_NEGATIVE_PREFIXES = frozenset({"non", "anti"})
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})


def _negative_prefix(token: Token) -> bool:
    """``token`` is the word of "non-X" / "anti-X" (tokenised "non", "-", "X", written as one word)."""
    if token.i < 2:
        return False
    doc = token.doc
    hyphen, prefix = doc[token.i - 1], doc[token.i - 2]
    return (
        hyphen.text in _HYPHENS
        and prefix.lower_ in _NEGATIVE_PREFIXES
        and not prefix.whitespace_
        and not hyphen.whitespace_
    )


#: Verbs of perception whose bare clause a negation reaches ("never saw him attack anyone").
_PERCEIVING = frozenset({"see", "hear", "watch", "witness", "notice", "observe", "feel"})


def _scope_negated(token: Token) -> bool:
    """The clause of ``token`` is the complement of a negated "mean / say / think ..."."""
    cur = token
    for _ in range(3):
        if cur.dep_ == "conj":
            cur = cur.head
            continue
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in _NEG_RAISERS and negated(cur.head):
            return True
        # "she never saw him attack anyone": what a negated perception verb did not perceive (a
        # bare clause; "didn't notice that he had hit her" still says he did)
        if cur.dep_ in ("ccomp", "xcomp") and cur.head.lemma_.lower() in _PERCEIVING and negated(cur.head) and not any(x.dep_ == "mark" for x in cur.children):
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
    # "issued a statement denying the assault": what the statement says, its issuer says
    for obj in (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _SPEECH_ACTS):
        out.extend((g, denied_here) for g in obj.children if g.dep_ == "acl" and g.tag_ == "VBG" and not any(x.dep_ in _SUBJ for x in g.children))
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


#: Prepositions of a state ("at risk", "in crisis", "under pressure") and the nouns of hard states
#: the subject of a copula is in: the men undergo them (patient, as in "pressure on men").
_STATE_PREPS = frozenset({"at", "in", "under"})
_STATE_NOUNS = frozenset({"risk", "crisis", "pain", "danger", "distress", "despair", "poverty", "debt", "agony", "turmoil", "limbo", "peril", "jeopardy", "pressure", "mourning", "grief", "shock", "anguish", "misery", "need", "fear"})


def _copula_attrs(verb: Token) -> list[Token]:
    """Predicative complements of a copular verb (and their conjuncts)."""
    if verb.lemma_.lower() not in _COPULAS:
        return []
    out = []
    for c in verb.children:
        if c.dep_ in ("attr", "acomp", "oprd"):
            out.append(c)
            out.extend(x for x in c.conjuncts if x.i > c.i)
    # "men were 80 percent of suicides": the noun the quantity is of
    return out + [q for a in out for q in _quantified(a)]


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
        # "stereotypes about male dominance", "the myth of male violence"
        if cur.dep_ == "pobj" and cur.head.lower_ in ("about", "of", "that") and cur.head.head.lemma_.lower() in CONTESTING:
            return True
        cur = cur.head
    return False


#: Verbs that report what someone says or swears: a negated clause under one whose subject is a
#: particular person is that person's denial ("he said he never assaulted anyone").
_DENYING = frozenset({"say", "insist", "deny", "maintain", "claim", "state", "tell", "write", "argue", "swear", "repeat", "tweet", "declare", "add", "reply", "respond", "contend", "assert"})


def _own_denial(token: Token) -> bool:
    """``token``'s negated clause is a particular person's denial in reported speech."""
    cur = token
    for _ in range(4):
        if cur.head == cur:
            return False
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in _DENYING:
            speaker = cur.head
            # "responded by saying he had never harassed her": the subject of the verb above
            for _ in range(3):
                if _believer_is_named(speaker) or speaker.dep_ not in ("advcl", "pcomp", "xcomp", "conj", "acl") or speaker.head == speaker:
                    break
                # a pcomp hangs on its preposition, a participle on the noun of its verb
                # ("denied the allegation, saying he never ...")
                speaker = speaker.head.head if speaker.dep_ in ("pcomp", "acl") else speaker.head
            return _believer_is_named(speaker)
        if cur.dep_ not in ("conj", "xcomp", "aux", "ccomp", "pcomp"):
            return False
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
                # "men are reluctant to seek help": unable / reluctant / afraid ... entail it is not done
                held_back = a.lemma_.lower() in _NEG_ADJECTIVES or a.lower_ in _NEG_ADJECTIVES or (
                    a.lemma_.lower() in ("likely", "prone", "liable", "apt") and any(y.lower_ in ("less", "least") for y in a.children)
                )
                for x in a.children:
                    if x.dep_ == "xcomp" and x.pos_ in ("VERB", "AUX"):
                        sub = "patient" if any(y.dep_ == "auxpass" for y in x.children) else "agent"
                        out.extend(_clause_links(x, sub, via + "+xcomp", neg or held_back, modal, belief, depth + 1))
    else:
        out.append(Link(role, verb, "", neg, ",".join(modal), rep, via))
    if role == "agent" and verb.lemma_.lower() in _COPULAS:
        # "men are at risk", "boys are in crisis", "fathers remain under pressure"
        for x in verb.children:
            if x.dep_ == "prep" and x.lower_ in _STATE_PREPS:
                for p in x.children:
                    if p.dep_ == "pobj" and p.pos_ == "NOUN" and p.lemma_.lower() in _STATE_NOUNS:
                        out.append(Link("patient", p, x.lower_, neg or negated(p), ",".join(modal), rep, via + "+state"))
    if role in ("agent", "patient"):
        # "portrayed as predators", "poses as an ally": a label someone else (or the man himself)
        # puts on the men is not what the text says they are
        labelled = verb.lemma_.lower() in _LABELLING or (verb.lemma_.lower() in _SELF_CLAIM and role == "agent")
        for a in _as_attrs(verb):
            if role == "agent" or any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
                out.append(Link("attribute", a, "as", neg, ",".join(modal), rep, via + "+as", labelled))
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
    # "men have yet to organise": not yet done
    implicative = implicative or (verb.lemma_.lower() == "have" and any(c.lower_ == "yet" for c in verb.children))
    # with an object, the object does the infinitive ("enabling them to thrive")
    object_control = role == "agent" and any(c.dep_ in ("dobj", "dative") for c in verb.children)
    # "claims to be an ally", "pretends to support women": the man's own claim, not the text's
    # "boys are taught to be tough": the norm, not what the boys are
    norm = verb.lemma_.lower() in _NORM_VERBS and role == "patient"
    claimed = verb.lemma_.lower() in _SELF_CLAIM or norm
    for c in verb.children:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and not object_control:
            sub_role = "patient" if any(x.dep_ == "auxpass" for x in c.children) else "agent"
            sub = _clause_links(c, sub_role, via + "+xcomp", neg or implicative, modal, belief, depth + 1)
            out.extend(replace(lk, contested=True) if claimed and (lk.role == "attribute" or not norm) else lk for lk in sub)
    # the subject of the verb also does what its subjectless adverbial clauses and gerunds say
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if (role == "agent" or (role == "patient" and passive)) and "+control" not in via:
        for g, denied in _gerund_complements(verb):
            sub_role = "patient" if any(x.dep_ == "auxpass" for x in g.children) else "agent"
            out.extend(_clause_links(g, sub_role, via + "+gerund", neg or denied or implicative, modal, belief, depth + 1))
    return out


def _base_of(token: Token, person_nouns: frozenset[str] = frozenset()) -> tuple[Token, str]:
    """The token whose dependency gives the role: first conjunct, the noun a 'including X'
    specifies, the noun of a quantity ("most of the men"), the person noun a men word is
    compounded with ("men victims")."""
    cur, via = token, "direct"
    for _ in range(6):
        if cur.dep_ == "conj" and cur.head.pos_ in ("NOUN", "PROPN", "PRON"):
            cur, via = cur.head, "conj"
            continue
        if cur.dep_ == "conj" and cur.head.pos_ in ("VERB", "AUX") and cur.pos_ in ("NOUN", "PROPN") and cur.head.i < cur.i:
            # "protects women, and some men, from abuse": the parser hung the noun conjunct on
            # the verb; it is coordinated with the verb's object (or passive subject) before it
            firsts = [x for x in cur.head.children if x.dep_ in ("dobj", "dative", "nsubjpass", "attr") and x.i < cur.i and x.pos_ in ("NOUN", "PROPN", "PRON")]
            if firsts and not any(x.dep_ in _SUBJ or x.dep_ == "aux" for x in cur.children):
                cur, via = firsts[-1], "conj"
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
        # "most of the men", "110,000 of those men": the noun of a quantity or a number
        if cur.dep_ == "pobj" and cur.head.lower_ == "of" and (cur.head.head.lower_ in _QUANTIFIERS or cur.head.head.like_num or cur.head.head.pos_ == "NUM"):
            cur, via = cur.head.head, "quantifier"
            continue
        if cur.dep_ == "appos" and cur.head.pos_ in ("NOUN", "PROPN", "PRON"):
            cur, via = cur.head, "appos"
            continue
        # "victims such as men and boys": "such as" specifies the noun before it, like "including"
        if cur.dep_ == "pobj" and cur.head.lower_ == "as" and any(x.lower_ == "such" for x in cur.head.children) and cur.head.head.pos_ in ("NOUN", "PROPN", "PRON"):
            cur, via = cur.head.head, "specifier"
            continue
        # "men victims", "boy soldiers": the men are the people the head noun names
        if cur.dep_ == "compound" and token_bases(cur) & person_nouns and cur.head.pos_ in ("NOUN", "PROPN") and _is_person_noun(cur.head, person_nouns):
            cur, via = cur.head, "compound"
            continue
        # "men's groups are working to end FGM": a body of men acts as the men
        if cur.dep_ == "poss" and cur.head.lemma_.lower() in _COLLECTIVES and cur.head.pos_ == "NOUN":
            cur, via = cur.head, "collective"
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


def _is_person_noun(token: Token, person_nouns: frozenset[str]) -> bool:
    bases = token_bases(token)
    return bool(bases & person_nouns or bases & _PERSON_HEADS) or token.lower_.rstrip("s").endswith(("er", "or", "ist", "ian", "ee")) and len(token) > 4


def _is_undergoer_noun(token: Token) -> bool:
    """An act done to someone ("the abuse of men", "the shaming of boys")."""
    # a capitalised title word the tagger takes for a name is still one ("The Sexual Exploitation
    # of Men")
    return (token.pos_ == "NOUN" and (token.lower_.endswith("ing") and len(token) > 5 or bool(token_bases(token) & _UNDERGOER_NOUNS))) or (
        token.pos_ == "PROPN" and token.lower_ in _UNDERGOER_NOUNS
    )


def _possessed_links(possessed: Token, neg: bool, via: str, belief: frozenset[str]) -> list[Link]:
    """The possessor of a harmed or helped thing is that verb's patient ("limit men's emotional
    expression", "violence against their bodies")."""
    gov = possessed.head
    if possessed.dep_ == "pobj":
        if gov.lower_ in _PATIENT_PREPS:
            return [Link("patient", gov.head, gov.lower_, neg or negated(gov.head), "", _reported(gov.head, belief), via + "+possessed")]
        if gov.lower_ == "of" and _is_undergoer_noun(gov.head):
            # "the suppression of his emotions"
            return [Link("patient", gov.head, "of", neg or negated(gov.head), "", _reported(gov.head, belief), via + "+possessed")]
    elif possessed.dep_ in ("dobj", "nsubjpass"):
        return [Link("patient", gov, "", neg or negated(gov), ",".join(_modals(gov)), _reported(gov, belief), via + "+possessed")]
    return []


def self_negated(token: Token) -> bool:
    """The mention's own word is denied: "no gunman", "he is not a male ally", "not male victims"."""
    if negated(token) or any(c.dep_ in ("det", "neg", "advmod") and c.lower_ in ("no", "not", "never", "n't") for c in token.children):
        return True
    return token.dep_ in ("attr", "acomp", "oprd") and token.head.pos_ in ("AUX", "VERB") and negated(token.head)


@dataclass(frozen=True)
class _Ctx:
    """What every role handler reads about one mention."""

    token: Any
    base: Any
    via: str
    neg: bool
    belief: frozenset[str]
    people: frozenset[str]
    self_nouns: frozenset[str] | None


def _subject(c: _Ctx) -> list[Link]:
    """Nominal subject: agent of the verb (attribute of its copula), what that implies, and the
    predicate noun or adjective of a verbless small clause ("they made him a scapegoat")."""
    head = c.base.head
    if head.pos_ not in ("VERB", "AUX"):
        # "made him a scapegoat", "found men guilty": a small clause with no verb
        if head.pos_ in ("NOUN", "ADJ", "PROPN") and head.dep_ in ("ccomp", "xcomp", "oprd", "advcl"):
            small = [Link("attribute", head, "", c.neg or negated(head), "", _reported(head, c.belief), c.via + "+small_clause", _labelled(head.head))]
            if head.head.lemma_.lower() in ("cause", "give", "deal", "do", "inflict", "bring", "wish"):
                # "causing him harm": the men receive what the verb gives (a misparsed dative)
                small.append(Link("patient", head.head, "", c.neg or negated(head.head), "", _reported(head.head, c.belief), c.via + "+dative"))
            return small
        return _clause_links(head, "agent", c.via, c.neg, [], c.belief)
    if head.tag_ == "VBN" and any(x.dep_ == "auxpass" for x in head.children):
        # "men getting raped": a passive (be / get + participle) whose subject the parser left
        # as nsubj is its patient
        return _passive_subject(c)
    if head.dep_ == "auxpass" and head.head.tag_ == "VBN" and head.head.pos_ == "VERB":
        # "fathers feel sidelined by services": the parser hung the subject on the auxiliary of
        # a passive; the men are the participle's patient
        return _clause_links(head.head, "patient", c.via + "+auxpass", c.neg or negated(head), [], c.belief)
    if (
        head.tag_ == "VBG"
        and c.base.i == head.i - 1
        and c.base.pos_ == "NOUN"
        and head.dep_ in ("pcomp", "pobj", "dobj", "nsubj", "nsubjpass", "compound", "appos", "attr")
        and not any(x.dep_ in ("dobj", "dative", "ccomp", "xcomp", "aux", "auxpass", "prt", "acomp", "attr", "oprd") for x in head.children)
    ):
        # "their men shaming", "the men bashing in the media": a men noun right before a gerund
        # used as a noun, with no object, is the one it is done to, as in the compound "men-bashing"
        return [Link("patient", head, "", c.neg or negated(head), "", _reported(head, c.belief), c.via + "+gerund_compound")]
    links = _clause_links(head, "agent", c.via, c.neg, [], c.belief)
    if head.lemma_.lower() in ("have", "get"):
        # "men can have their lives ruined", "he got his reputation destroyed": what is done to a
        # part of their self or conduct (not a person or a thing: "he had his rival killed" is
        # his doing)
        for x in head.children:
            if x.dep_ in ("ccomp", "xcomp", "oprd") and x.tag_ == "VBN":
                owned = [y for y in x.children if y.dep_ in ("nsubj", "nsubjpass", "dobj") and any(z.dep_ == "poss" and z.lower_ in ("his", "their") for z in y.children)]
                if owned and c.self_nouns is not None and all(token_bases(y) & c.self_nouns and not token_bases(y) & c.people for y in owned):
                    links.append(Link("patient", x, "", c.neg or negated(head), ",".join(_modals(head)), _reported(head, c.belief), c.via + "+causative"))
    # "limit the role a man can play": the noun a relative clause on the men's own action
    # modifies is theirs, like "men's role"
    owner = head.head
    if (
        head.dep_ == "relcl"
        and c.self_nouns is not None
        and token_bases(owner) & c.self_nouns
        and owner.dep_ in ("dobj", "nsubjpass")
        and not any(x.dep_ in ("dobj",) for x in head.children)
    ):
        links.append(Link("patient", owner.head, "", c.neg or negated(owner.head), ",".join(_modals(owner.head)), _reported(owner.head, c.belief), c.via + "+possessed"))
    infinitive = any(x.dep_ == "aux" and x.lower_ == "to" for x in head.children)
    # "for men to engage", "encourage men to speak out" parsed as subject of the infinitive
    if head.dep_ in ("ccomp", "xcomp", "advcl") and infinitive:
        links.append(Link("patient", head.head, "", c.neg or negated(head.head), ",".join(_modals(head.head)), _reported(head.head, c.belief), c.via + "+infinitive"))
        # "it is painful for men to talk": what it is, it is for the men
        if any(x.dep_ == "mark" and x.lower_ == "for" for x in head.children) and any(x.dep_ in ("nsubj", "expl") and x.lower_ == "it" for x in head.head.children):
            for a in _copula_attrs(head.head):
                links.append(Link("patient", a, "for", c.neg or negated(head.head) or negated(a), ",".join(_modals(head.head)), _reported(head.head, c.belief), c.via + "+infinitive"))
    # "outlets for men to talk", "no place for boys to cry": the noun is for the men
    if head.dep_ in ("relcl", "acl") and infinitive and any(x.dep_ == "mark" and x.lower_ == "for" for x in head.children):
        noun = head.head
        links.append(Link("patient", noun, "for", c.neg or negated(noun) or _existence_denied(noun), "", _reported(noun, c.belief), c.via + "+for"))
    links.extend(_topic_links(head, c))
    return links


def _topic_links(verb: Token, c: _Ctx) -> list[Link]:
    """The men are the subject of a clause that a noun or verb takes as its content: "the
    expectation that men must provide", "society demands that boys be tough" (role ``topic``)."""
    cur = verb
    while cur.dep_ == "conj" and cur.head != cur:
        cur = cur.head
    if cur.dep_ not in ("acl", "ccomp") or cur.head == cur:
        return []
    if cur.dep_ == "acl" and not any(x.dep_ == "mark" and x.lower_ in ("that", "for") for x in cur.children) and cur.tag_ not in ("VB", "VBP", "VBZ", "VBD", "MD"):
        return []
    gov = cur.head
    if gov.pos_ not in ("NOUN", "VERB", "AUX", "PROPN"):
        return []
    return [Link("topic", gov, "", c.neg or negated(gov), ",".join(_modals(gov)), _reported(gov, c.belief), c.via + "+topic")]


def _passive_subject(c: _Ctx) -> list[Link]:
    return _clause_links(c.base.head, "patient", c.via, c.neg, [], c.belief) + _topic_links(c.base.head, c)


def _object(c: _Ctx) -> list[Link]:
    """Direct or indirect object: patient, shared with coordinated verbs that have no object of
    their own ("they mock, belittle and ignore boys"); a reflexive one is the subject acting on
    itself; object control ("encourage men to speak out"); an object predicative ("left him
    broken", "calls himself a feminist")."""
    token, head = c.token, c.base.head
    links: list[Link] = []
    reflexive = token.lower_ in ("himself", "themselves")
    if reflexive:
        # "he forced himself on her": the subject acting; "he killed himself", "men free
        # themselves from": the subject undergoing it as well
        lemma = head.lemma_.lower()
        if lemma in _SELF_HARM:
            # "he killed himself": the men undergo it
            links.extend(_clause_links(head, "patient", c.via + "+reflexive", c.neg, [], c.belief))
        else:
            acting = _clause_links(head, "agent", c.via + "+reflexive", c.neg, [], c.belief)
            # "calls himself a feminist", "sees himself as an ally": his own claim
            links.extend(replace(lk, contested=True) if lemma in _SELF_CLAIM else lk for lk in acting)
            if lemma in _SELF_UNDERGO:
                links.insert(0, Link("patient", head, "", c.neg or negated(head), ",".join(_modals(head)), _reported(head, c.belief), c.via + "+reflexive"))
    else:
        links.extend(_clause_links(head, "patient", c.via, c.neg, [], c.belief))
        if c.base.dep_ in ("dobj", "obj"):
            for other in _object_sharers(head):
                links.extend(_clause_links(other, "patient", c.via + "+shared", c.neg, [], c.belief))
    # object control: "encourage men to become allies", "prevent men from speaking out"
    # (the frame is how the men are portrayed, so a prevented act still frames them)
    for x in head.children:
        if x.dep_ == "prep" and x.lower_ in ("from", "into", "of") and not reflexive:
            for g in x.children:
                if g.dep_ == "pcomp" and g.tag_ == "VBG" and not any(y.dep_ in _SUBJ for y in g.children):
                    links.extend(_clause_links(g, "agent", c.via + "+control", c.neg or negated(head), _modals(head), c.belief))
    norm = head.lemma_.lower() in _NORM_VERBS
    for x in head.children:
        infinitive = x.dep_ == "advcl" and any(y.dep_ == "aux" and y.lower_ == "to" for y in x.children)
        if (x.dep_ in ("xcomp", "ccomp") or infinitive) and x.pos_ in ("VERB", "AUX") and not any(y.dep_ in _SUBJ for y in x.children):
            # "we teach boys to be tough": the norm, not what the boys are
            sub = _clause_links(x, "agent", c.via + "+control", c.neg or negated(head), _modals(head), c.belief)
            links.extend(replace(lk, contested=True) if norm and lk.role == "attribute" else lk for lk in sub)
    # object predicative: "left him broken", "calls himself a feminist" (a self-description)
    for x in head.children:
        if x.dep_ in ("oprd",) or (x.dep_ in ("xcomp", "ccomp") and x.pos_ in ("ADJ", "NOUN") and not any(y.dep_ in _SUBJ for y in x.children)):
            label = _labelled(head) or (reflexive and head.lemma_.lower() in _SELF_CLAIM)
            links.append(Link("attribute", x, "", c.neg or negated(head), ",".join(_modals(head)), _reported(head, c.belief), c.via + "+predicative", label))
            links.extend(Link("attribute", y, "", c.neg or negated(head), "", False, c.via + "+predicative", label) for y in x.conjuncts if y.i > x.i)
    return links


def _labelled(verb: Token) -> bool:
    return verb.lemma_.lower() in _LABELLING


def _object_sharers(verb: Token) -> list[Token]:
    """Coordinated verbs without an object of their own that share ``verb``'s object ("mock,
    belittle and ignore boys": the object hangs on the last one)."""
    out = []
    chain = [verb]
    cur = verb
    while cur.dep_ == "conj" and cur.head.pos_ in ("VERB", "AUX") and cur.head != cur:
        cur = cur.head
        chain.append(cur)
    chain.extend(x for x in verb.children if x.dep_ == "conj" and x.pos_ in ("VERB", "AUX"))
    for v in chain[1:]:
        if v.pos_ != "VERB" or any(x.dep_ in ("dobj", "obj", "ccomp", "xcomp", "attr", "acomp", "nsubjpass") for x in v.children):
            continue
        if any(x.dep_ == "prep" and x.i < verb.i and x.i > v.i for x in v.children):
            continue  # "he spoke to her and thanked men": an intransitive with its own complement
        out.append(v)
    return out


def _prep_object(c: _Ctx) -> list[Link]:
    """Object of a preposition: by-agent, from-source, patient, comitative, possessor, topic."""
    links: list[Link] = []
    prep = c.base.head
    p = prep.lower_
    # "good for women and for men": the second preposition is a conjunct of the first
    while prep.dep_ == "conj" and prep.head.pos_ == "ADP":
        prep = prep.head
    gov = prep.head
    if prep.dep_ == "conj" and gov.pos_ in ("VERB", "AUX"):
        # "beneficial for women, but for society": the parser hung the second one on the verb
        same = [x for x in gov.children if x.dep_ in ("acomp", "attr") and any(y.dep_ == "prep" and y.lower_ == p for y in x.children)]
        if same:
            gov = same[0]
    neg = c.neg or negated(gov) or negated(prep)
    belief, via = c.belief, c.via
    passive_by = (prep.dep_ == "agent" and (gov.tag_ == "VBN" or gov.pos_ == "NOUN")) or (
        p == "by" and gov.tag_ == "VBN" and (gov.dep_ in ("acl", "amod") or any(x.dep_ == "auxpass" for x in gov.children))
    )
    if passive_by and gov.pos_ in ("VERB", "AUX"):
        links.extend(_clause_links(gov, "agent", via + "+by", neg, [], belief))
    elif passive_by or (p == "by" and gov.pos_ == "NOUN"):
        # "violence by men"
        links.append(Link("agent", gov, "by", neg, "", _reported(gov, belief), via))
        links.extend(_of_act_agents(gov, "by", neg, belief, via))
    elif p == "by" and gov.pos_ == "VERB" and [x for x in gov.children if x.dep_ == "dobj" and x.pos_ == "NOUN"]:
        # "claimed harassment by male co-workers": the by-phrase names who did the object
        for obj in [x for x in gov.children if x.dep_ == "dobj" and x.pos_ == "NOUN"]:
            for noun in [obj, *obj.conjuncts]:
                links.append(Link("agent", noun, "by", neg, "", _reported(gov, belief), via + "+by_object"))
    elif p == "by":
        # "stood by him", "by his side": not a by-agent
        links.append(Link("mention", gov, p, neg, "", False, via))
    elif p == "from" and gov.pos_ == "NOUN":
        # "harassment from her boss", "threats from men": the source of the act
        links.append(Link("agent", gov, "from", neg, "", _reported(gov, belief), via + "+from"))
        links.extend(_of_act_agents(gov, "from", neg, belief, via + "+from"))
    elif p == "from" and gov.lemma_.lower() in _SOURCE_VERBS and _source_subjects(gov):
        # "most of the harassment comes from men": the subject is the act, the men its source
        for noun in _source_subjects(gov):
            # "most of the abuse comes from men": the act is the noun of the quantity
            of = [y for x in noun.children if x.dep_ == "prep" and x.lower_ == "of" for y in x.children if y.dep_ == "pobj"]
            act = of[0] if of and noun.lemma_.lower() in _QUANTIFIERS else noun
            links.append(Link("agent", act, "from", neg, "", _reported(gov, belief), via + "+source"))
    elif p == "from" and gov.pos_ == "VERB" and [x for x in gov.children if x.dep_ == "dobj" and x.pos_ == "NOUN"]:
        # "he experienced harassment from Biden", "she received threats from men"
        obj = [x for x in gov.children if x.dep_ == "dobj" and x.pos_ == "NOUN"][0]
        links.append(Link("agent", obj, "from", neg, "", _reported(gov, belief), via + "+from"))
    elif p == "of" and gov.lower_ in ("hand", "hands") and gov.dep_ == "pobj" and gov.head.lower_ == "at":
        # "abused at the hands of men", "suffered abuse at the hands of his wife"
        verb = gov.head.head
        obj = [x for x in verb.children if x.dep_ == "dobj" and x.pos_ == "NOUN"]
        if obj:
            links.append(Link("agent", obj[0], "at the hands of", neg, "", _reported(verb, belief), via + "+hands"))
        elif verb.pos_ == "NOUN" or any(x.dep_ == "auxpass" for x in verb.children) or verb.tag_ == "VBN":
            links.append(Link("agent", verb, "at the hands of", neg, "", _reported(verb, belief), via + "+hands"))
        else:
            links.append(Link("mention", gov, p, neg, "", False, via))
    elif p == "over" and (gov.lemma_.lower() in _PREFERRING or (gov.dep_ == "dobj" and gov.head.lemma_.lower() in _PREFERRING)):
        # "courts favour mothers over fathers": the men are the ones not favoured
        verb = gov if gov.lemma_.lower() in _PREFERRING else gov.head
        links.append(Link("patient", verb, "over", True, ",".join(_modals(verb)), _reported(verb, belief), via + "+over"))
    elif p == "against" and gov.pos_ == "NOUN" and gov.dep_ == "pobj" and gov.head.lower_ == "of" and gov.head.head.lemma_.lower() in _ALLEGATION_NOUNS:
        # "allegations of harassment against him": he is accused of it, not its target
        allegation = gov.head.head
        links.append(Link("patient", allegation, "against", neg or negated(allegation), "", _reported(allegation, belief), via + "+alleged"))
        links.append(Link("agent", gov, "against", neg, "", _reported(allegation, belief), via + "+alleged"))
    elif p in _PATIENT_PREPS:
        neg = neg or (gov.pos_ == "NOUN" and _existence_denied(gov))
        # "it is not good for men": the predicative word is negated with its copula
        neg = neg or (gov.dep_ in ("acomp", "attr") and gov.head.lemma_.lower() in _COPULAS and negated(gov.head))
        links.append(Link("patient", gov, p, neg, ",".join(_modals(gov)), _reported(gov, belief), via))
        if gov.dep_ in ("acomp", "attr") and gov.head.pos_ in ("AUX", "VERB"):
            links.append(Link("patient", gov.head, p, neg or negated(gov.head), ",".join(_modals(gov.head)), _reported(gov.head, belief), via + "+copula"))
        # "providing parental leave for fathers": the giving is for the men as well
        if p == "for" and gov.pos_ == "NOUN" and gov.dep_ == "dobj" and gov.head.pos_ == "VERB":
            links.append(Link("patient", gov.head, "for", neg or negated(gov.head), ",".join(_modals(gov.head)), _reported(gov.head, belief), via + "+benefactive"))
        # "a lack of support for men": the men lack it
        if gov.pos_ == "NOUN" and gov.dep_ == "pobj" and gov.head.lower_ == "of" and gov.head.head.pos_ == "NOUN":
            outer = gov.head.head
            links.append(Link("patient", outer, "of", neg or negated(outer), "", _reported(outer, belief), via + "+of"))
        # "a lot of injustice towards fathers", "a wave of hatred against men": the parser hung
        # the phrase on the quantity; it is the injustice that is towards them
        if gov.pos_ == "NOUN" and (gov.lower_ in _QUANTIFIERS or gov.lemma_.lower() in _AMOUNTS):
            for x in gov.children:
                if x.dep_ == "prep" and x.lower_ == "of":
                    for noun in (y for y in x.children if y.dep_ == "pobj" and y.pos_ == "NOUN"):
                        links.append(Link("patient", noun, p, neg or negated(noun), "", _reported(noun, belief), via + "+amount"))
    elif p in _COMITATIVE_PREPS:
        links.append(Link("comitative", gov, p, neg, ",".join(_modals(gov)), _reported(gov, belief), via))
        if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ in ("dobj", "pobj"):
            links.append(Link("comitative", gov.head, p, neg, "", _reported(gov.head, belief), via + "+noun"))
    elif p == "of" and gov.pos_ == "ADJ":
        # "afraid of a powerful man", "proud of him": the men are what the feeling is about
        links.append(Link("patient", gov, p, neg, ",".join(_modals(gov)), _reported(gov, belief), via))
    elif p == "of" and gov.pos_ == "VERB" and any(x.lower_ == "less" for x in gov.children):
        # "people will think less of him"
        links.append(Link("patient", gov, p, neg, ",".join(_modals(gov)), _reported(gov, belief), via))
    elif p == "of" and gov.pos_ in ("NOUN", "PROPN") and _is_undergoer_noun(gov):
        # "the abuse of men", "the shaming of boys": the men undergo the act
        links.append(Link("patient", gov, "of", neg, "", _reported(gov, belief), via + "+of"))
    elif p == "of" and gov.pos_ in ("NOUN", "PROPN", "PRON"):
        links.append(Link("possessor", gov, "of", neg, "", _reported(gov, belief), via))
        # "suicide claims the lives of young men", like "men's lives"
        if c.self_nouns is not None and token_bases(gov) & c.self_nouns and gov.lemma_.lower() not in c.people:
            links.extend(_possessed_links(gov, neg, via, belief))
    else:
        links.append(Link("mention", gov, p, neg, "", False, via))
    return links


#: Prepositions that name what a report, story or case is of: "stories of harassment from
#: colleagues and other men", "reports of abuse by men", "an inquiry into violence by police".
_CONTENT_PREPS = frozenset({"of", "about", "into", "regarding", "concerning", "involving"})


def _source_subjects(verb: Token) -> list[Token]:
    """The noun subjects of a verb of coming from ("the abuse comes from men"), or the quantity
    of one ("most of the abuse")."""
    return [x for x in verb.children if x.dep_ == "nsubj" and (x.pos_ == "NOUN" or x.lemma_.lower() in _QUANTIFIERS)]


def _of_act_agents(noun: Token, p: str, neg: bool, belief: frozenset[str], via: str) -> list[Link]:
    """A by / from phrase the parser hung on a noun whose of / about phrase names an act ("stories
    of harassment from men", "reports of abuse by men"): the men do that act too."""
    out = []
    for x in noun.children:
        if x.dep_ == "prep" and x.lower_ in _CONTENT_PREPS and x.i < noun.i + 8:
            for act in x.children:
                if act.dep_ == "pobj" and act.pos_ == "NOUN" and act.i < min(y.i for y in noun.children if y.dep_ == "prep" and y.lower_ == p):
                    for a in [act, *act.conjuncts]:
                        out.append(Link("agent", a, p, neg or negated(a), "", _reported(a, belief), via + "+of_act"))
    return out


def _existence_denied(noun: Token) -> bool:
    """The noun is what a negated "there is / have / exist" says is missing ("there aren't many
    outlets for men", "men don't have places to go")."""
    if any(x.lower_ in ("few", "little", "scant", "scarce", "insufficient", "inadequate", "zero") for x in noun.children) and not any(x.lower_ == "a" for x in noun.children):
        return True  # "few services for men", "little support for fathers" (not "a little help")
    return noun.dep_ in ("attr", "nsubj", "dobj") and noun.head.lemma_.lower() in ("be", "exist", "have", "get", "find") and negated(noun.head)


def _possessor(c: _Ctx) -> list[Link]:
    head = c.base.head
    links = [Link("possessor", head, "'s", c.neg, "", _reported(head, c.belief), c.via)]
    if head.lemma_.lower() in _DONE_TO_POSSESSOR:
        # "his murder", "his abduction": the act was done to him
        links.append(Link("patient", head, "'s", c.neg, "", _reported(head, c.belief), c.via + "+objective"))
    # the possessed thing is itself harmed/helped: "limit men's emotional expression"
    passes_on = head.lemma_.lower() not in c.people and (c.self_nouns is None or bool(token_bases(head) & c.self_nouns))
    if passes_on:
        links.extend(_possessed_links(head, c.neg, c.via, c.belief))
    return links


def _inverse_copula(c: _Ctx) -> list[Link]:
    """"Most perpetrators are men", "a fifth of the victims were men": the subject is predicated of the men."""
    head = c.base.head
    if head.pos_ not in ("AUX", "VERB"):
        return []
    links = []
    if head.dep_ == "csubj" and head.tag_ == "VBG" and head.head.pos_ in ("AUX", "VERB"):
        # "being a man is hard", "being male is seen as toxic": what being one is like
        for a in _copula_attrs(head.head):
            links.append(Link("patient", a, "", c.neg or negated(head.head), ",".join(_modals(head.head)), _reported(head.head, c.belief), c.via + "+being"))
    for s in (x for x in head.children if x.dep_ in ("nsubj", "nsubjpass")):
        for noun in [s, *_quantified(s)]:
            links.append(Link("attribute", noun, "", c.neg or negated(head), ",".join(_modals(head)), _reported(head, c.belief), c.via + "+inverse"))
    if head.lemma_.lower() == "be":
        # "among the victims were many men": the men are some of the victims
        for x in head.children:
            if x.dep_ == "prep" and x.lower_ in ("among", "amongst"):
                for noun in (y for y in x.children if y.dep_ == "pobj" and y.pos_ in ("NOUN", "PROPN")):
                    links.append(Link("attribute", noun, "among", c.neg or negated(head), ",".join(_modals(head)), _reported(head, c.belief), c.via + "+among"))
    return links


def _quantified(noun: Token) -> list[Token]:
    """The noun a quantity is of ("a fifth of the victims", "80 percent of suicides")."""
    if noun.lower_ not in _QUANTIFIERS and noun.lemma_.lower() not in _QUANTIFIERS:
        return []
    return [p for x in noun.children if x.dep_ == "prep" and x.lower_ == "of" for p in x.children if p.dep_ == "pobj"]


def _compound(c: _Ctx) -> list[Link]:
    """A men word modifying a noun that is not a person: "men shaming" (an act: patient),
    "father custody", "male violence" (a thing: possessor)."""
    head = c.base.head
    if head.pos_ not in ("NOUN", "PROPN"):
        return []
    if _is_undergoer_noun(head) and head.lower_.endswith("ing"):
        return [Link("patient", head, "", c.neg, "", _reported(head, c.belief), c.via + "+compound")]
    return [Link("possessor", head, "", c.neg, "", _reported(head, c.belief), c.via + "+compound")]


_HANDLERS = {
    "nsubj": _subject,
    "csubj": _subject,
    "nsubjpass": _passive_subject,
    "dobj": _object,
    "dative": _object,
    "obj": _object,
    "iobj": _object,
    "oprd": _object,
    "pobj": _prep_object,
    "poss": _possessor,
    "attr": _inverse_copula,
    "compound": _compound,
}


def _as_links(c: _Ctx) -> list[Link]:
    """"men as allies", "the recognition of men as allies", "advocating for men as allies"."""
    base, dep, head = c.base, c.base.dep_, c.base.head
    hosts = [base]
    if dep == "pobj" and head.head != head:
        hosts.append(head.head)
    elif dep == "poss":
        hosts.append(head)
    out = []
    for host in hosts:
        if host == base or host.pos_ in ("NOUN", "PROPN") or dep == "pobj":
            for a in _as_attrs(host):
                out.append(Link("attribute", a, "as", c.neg or negated(host), "", False, c.via + "+as", _labelled(host)))
    return out


def _own_links(c: _Ctx) -> list[Link]:
    """What the mention's own dependents say of the men: relative clauses, participles,
    adjectives ("abusive husbands"), appositives."""
    links: list[Link] = []
    for x in c.base.children:
        if x.dep_ == "relcl":
            rel_subj = [y for y in x.children if y.dep_ in ("nsubj", "nsubjpass") and y.tag_ in ("WP", "WDT") or y.lower_ == "that" and y.dep_ in ("nsubj", "nsubjpass")]
            rel_obj = [y for y in x.children if y.dep_ in ("dobj",) and y.tag_ in ("WP", "WDT")]
            if rel_subj and _sentential_which(rel_subj[0]):
                continue
            if rel_subj:
                role = "patient" if rel_subj[0].dep_ == "nsubjpass" else "agent"
                links.extend(_clause_links(x, role, "relcl", c.neg, [], c.belief))
            elif rel_obj or not any(y.dep_ in _SUBJ for y in x.children):
                links.extend(_clause_links(x, "patient" if rel_obj else "agent", "relcl", c.neg, [], c.belief))
        elif x.dep_ == "acl" and x.pos_ in ("VERB", "AUX"):
            role = "patient" if x.tag_ == "VBN" else "agent"
            links.extend(_clause_links(x, role, "participle", c.neg, [], c.belief))
        elif x.dep_ == "amod" and x.pos_ in ("ADJ", "VERB") and x.lower_ not in ("male",):
            links.append(Link("attribute", x, "", c.neg or _negative_prefix(x), "", False, "adjective"))
        elif x.dep_ == "appos" and x.pos_ in ("NOUN", "PROPN"):
            links.append(Link("attribute", x, "", c.neg, "", False, "appositive"))
    if c.token != c.base:
        for x in c.token.children:
            if x.dep_ == "amod" and x.pos_ == "ADJ" and x.lower_ != "male":
                links.append(Link("attribute", x, "", c.neg or _negative_prefix(x), "", False, "adjective"))
            elif x.dep_ == "acl" and x.pos_ == "VERB" and x.tag_ in ("VBG", "VBN") and c.via in ("quantifier", "specifier", "conj"):
                # "the number of men sleeping rough", "victims, including men abused as boys":
                # a participle on the mention itself, whatever noun gives its role
                links.extend(_clause_links(x, "patient" if x.tag_ == "VBN" else "agent", "participle", c.neg, [], c.belief))
        if c.via == "compound":
            # "men victims": the noun the men word is compounded with names them
            links.append(Link("attribute", c.base, "", c.neg or self_negated(c.base), "", False, "compound"))
    return links


def _sentential_which(rel: Token) -> bool:
    """A ", which ..." clause after a men mention is about what the sentence said, not about the
    men (people take "who"): "the tax will still affect them, which is a big part of feminist
    issues"."""
    return rel.lower_ == "which" and rel.i > 0 and rel.doc[rel.i - 1].text == ","


def _antecedent_links(c: _Ctx) -> list[Link]:
    """A he / his inside a participle or relative clause on a person noun, whose subject that
    noun is, is most likely that person: "a convicted child molester trying to rebuild his life"
    (attribute: molester); not an object ("feminists who make him feel ...")."""
    if c.token.lower_ not in ("he", "his") or c.token.pos_ != "PRON":
        return []
    cur = c.token
    for _ in range(6):
        if cur.head == cur:
            return []
        if cur.dep_ in ("acl", "relcl") and cur.head.pos_ == "NOUN" and _is_person_noun(cur.head, c.people):
            noun = cur.head
            own_subject = cur.dep_ == "acl" or any(x.dep_ in ("nsubj", "nsubjpass") and x.tag_ in ("WP", "WDT") for x in cur.children)
            if not own_subject:
                return []
            if any(x.lower_ in ("she", "her", "herself") for x in cur.subtree):
                return []
            return [Link("attribute", noun, "", self_negated(noun), "", _reported(noun, c.belief), "antecedent")]
        cur = cur.head
    return []


def role_links(
    token: Token,
    belief_words: Iterable[str] | None = None,
    people: Iterable[str] | None = None,
    possessed_self: Iterable[str] | None = None,
) -> list[Link]:
    """All the ways the men referred to by ``token`` take part in predicates of its sentence.

    The first link is the primary role reported by :func:`find_mentions`; see the module
    docstring for the rules. One handler per dependency of the mention (``_HANDLERS``: subject,
    passive subject, object, object of a preposition, possessor, inverse copula, compound),
    then the "as" phrases and the mention's own dependents.

    Parameters
    ----------
    token : spacy.tokens.Token
        Head token of a mention.
    belief_words : iterable of str, optional
        Lemmas whose complement clause is a reported belief (default: myth, notion, belief ...).
    people : iterable of str, optional
        Person nouns; a possessed person ("their wives") does not pass its patient role on to
        the possessor, and a men word compounded with one is those people ("men victims").
    possessed_self : iterable of str, optional
        Nouns for a part of a person's self or conduct (life, health, voice, behaviour ...):
        only these pass a patient role on to their possessor ("ruined his life", "changing
        men's attitudes"; not "help his case", "an attack on his judgment"). Default: any noun
        that is not a person.
    """
    belief = frozenset(belief_words) if belief_words is not None else _DEFAULT_BELIEF
    person_nouns = frozenset(people) if people is not None else frozenset()
    self_nouns = frozenset(possessed_self) if possessed_self is not None else None
    base, via = _base_of(token, person_nouns)
    # "there are no feminist men", "I didn't find any feminist men": what the men are said to be
    # is denied with them
    # is denied with them
    # "I don't know any man who ...": nor what the relative clause says of him
    any_det = base.dep_ in ("dobj", "attr") and any(x.dep_ == "det" and x.lower_ == "any" for x in base.children)
    own_neg = negated(base) or negated(token) or any(x.dep_ == "det" and x.lower_ == "no" for x in base.children) or (
        any_det and (_existence_denied(base) or (base.head.lemma_.lower() in ("know", "meet", "see") and negated(base.head)))
    )
    ctx = _Ctx(token, base, via, own_neg, belief, person_nouns, self_nouns)
    handler = _HANDLERS.get(base.dep_)
    links: list[Link] = handler(ctx) if handler is not None else []
    for lk in _as_links(ctx):
        if not any(x.predicate == lk.predicate for x in links):
            links.append(lk)
    links.extend(_own_links(ctx))
    links.extend(_antecedent_links(ctx))
    if not links:
        links.append(Link("mention", None, "", own_neg, "", False, via))
    sweeping = _sweeping(token)
    generic = _generic(token)
    out: list[Link] = []
    for lk in links:
        if lk.predicate is None:
            out.append(lk)
            continue
        if not lk.contested and (contested(lk.predicate) or _hypothetical(lk.predicate) or _conditional_main(lk.predicate) or (sweeping and _insinuated(lk.predicate)) or question(lk.predicate)):
            lk = replace(lk, contested=True)
        if not lk.contested and _not_asserted(lk.predicate, lk.role):
            lk = replace(lk, contested=True)
        if generic and _attributed(lk.predicate):
            lk = replace(lk, attributed=True)
        if _claimed(lk.predicate):
            lk = replace(lk, claimed=True)
        if not lk.negated and _under_without(lk.predicate):
            lk = replace(lk, negated=True)
        if lk.negated and negated(lk.predicate) and _own_denial(lk.predicate):
            lk = replace(lk, denied=True)
        passive = lk.predicate.tag_ == "VBN" and any(x.dep_ in ("auxpass", "aux") and x.lemma_ == "be" for x in lk.predicate.children)
        if lk.negated and lk.role == "patient" and {"should", "must", "ought"} & set(lk.modality.split(",")) and passive:
            lk = replace(lk, deontic=True)
        out.append(lk)
    return out


_REFLEXIVES = frozenset({"himself", "themselves", "herself", "myself", "ourselves", "yourself", "yourselves"})


def _self_described(token: Token) -> bool:
    """A verb of self-description with a reflexive object ("calls himself a feminist", "sees
    himself as an ally"), or the label it gives; or a label the man gives himself in reported
    speech ("he said he was a feminist")."""
    verb = token
    if token.dep_ == "oprd" or (token.dep_ == "pobj" and token.head.lower_ == "as"):
        verb = token.head if token.dep_ == "oprd" else token.head.head
    if verb.lemma_.lower() in _SELF_CLAIM and any(x.dep_ in ("dobj", "dative") and x.lower_ in _REFLEXIVES for x in verb.children):
        return True
    # "considers himself to be a feminist"
    if token.dep_ in ("attr", "acomp") and token.head.lemma_ == "be" and token.head.dep_ == "xcomp":
        above = token.head.head
        if above.lemma_.lower() in _SELF_CLAIM and any(x.dep_ in ("dobj", "nsubj") and x.lower_ in _REFLEXIVES for x in above.children):
            return True
    if token.dep_ in ("attr", "acomp") and token.head.lemma_ == "be" and token.head.dep_ == "ccomp":
        saying = token.head.head
        inner = [x for x in token.head.children if x.dep_ == "nsubj"]
        outer = [x for x in saying.children if x.dep_ == "nsubj"]
        if saying.lemma_.lower() in _CLAIMING and inner and not outer and saying.dep_ in ("advcl", "conj", "xcomp"):
            return _claims_of_himself(inner[0], saying)
        return saying.lemma_.lower() in _DENYING | _SELF_CLAIM and bool(inner and outer) and inner[0].lower_ in ("he", "i", "they", "we") and inner[0].lower_ == outer[0].lower_
    return False


def _claims_of_himself(inner: Token, saying: Token) -> bool:
    """A subjectless claiming participle or conjunct ("Smith testified, claiming he was the
    victim") says what the subject of the verb it hangs on claims of himself: a "he" inside it
    is that man when that subject is a name or a "he" too."""
    outer = [x for x in saying.head.children if x.dep_ == "nsubj"]
    if not outer or inner.lower_ not in ("he", "they"):
        return False
    who = outer[0]
    return who.lower_ == inner.lower_ or (inner.lower_ == "he" and who.pos_ == "PROPN")


_CLOSERS = "\"'\u201d\u2019)]*_ \t\n"


def question(token: Token) -> bool:
    """``token`` is in the main clause of a yes / no question ("Do men commit more crimes?",
    "Are women more advantaged than men?"): it asks whether the thing happens, it does not say
    so (a negated one still presupposes it: "don't men suffer too?"). Not a wh-question ("why
    are men forgotten?" takes it as given), nor a relative or content clause inside the question
    ("is it healthy for men to vent about the unfairness they experience?")."""
    if _embedded_whether(token):
        return True
    if not _ends_in_question_mark(token):
        return False
    cur = token
    for _ in range(8):
        if cur.head == cur:
            return _inverted(cur)
        if cur.dep_ not in _IN_CLAUSE:
            return False
        cur = cur.head
    return False


def _ends_in_question_mark(token: Token) -> bool:
    """``token``'s sentence ends in "?" (closing quotes, brackets and spaces aside): read from its
    last tokens, not from its text (joining a sentence, or the document, for each link is slow)."""
    sent = token.sent
    doc = token.doc
    for k in range(sent.end - 1, sent.start - 1, -1):
        text = doc[k].text.rstrip(_CLOSERS)
        if text:
            return text.endswith("?")
    return False


def _embedded_whether(token: Token) -> bool:
    """``token``'s clause is an embedded question under "whether" ("asked whether he had been
    violent", "about whether he was a predator or not"), or under "if" after a verb of asking
    ("wondered if he was a feminist"). Not one about what men can do ("the
    question of whether men can be allies" treats it as the possibility "men can be allies" is)."""
    cur = token
    for _ in range(5):
        if any(x.dep_ in ("mark", "advmod") and x.lower_ == "whether" for x in cur.children):
            return not _modals(cur)
        # "asked if he was a feminist", "wonder if men are privileged": "if" after a verb of asking
        if cur.dep_ in ("ccomp", "advcl") and cur.head.lemma_.lower() in _ASKING and any(x.dep_ == "mark" and x.lower_ == "if" for x in cur.children):
            return not _modals(cur)
        if cur.head == cur or cur.dep_ not in _IN_CLAUSE:
            return False
        cur = cur.head
    return False


#: Verbs whose "if" clause is an embedded question ("asked if he had been violent").
_ASKING = frozenset({"ask", "wonder", "inquire", "enquire", "question", "query"})


def _inverted(root: Token) -> bool:
    """The clause of ``root`` puts its auxiliary (or its copula) before its subject, with no
    wh-word before it: a yes / no question ("do men ...", "and, while we are at it, do we ...",
    "are women more advantaged than men"), but not one of possibility ("can men be allies?")."""
    subj = [x for x in root.children if x.dep_ in ("nsubj", "nsubjpass", "expl")]
    # the parser may hang the subject on the predicate adjective ("are women more advantaged")
    subj = subj or [x for a in root.children if a.dep_ in ("acomp", "attr") for x in a.children if x.dep_ in ("nsubj", "nsubjpass")]
    if not subj:
        return False
    fronted = [x for x in root.children if x.dep_ in ("aux", "auxpass") and (x.tag_ == "MD" or x.lemma_.lower() in ("be", "do", "have")) and x.i < subj[0].i]
    if root.lemma_.lower() == "be" and root.i < subj[0].i:
        fronted.append(root)
    # "can men be allies?" asks what men can be, as "men can be allies" says it
    if not fronted or any(x.lower_ in ("can", "could") for x in fronted):
        return False
    start = root.sent.start
    return not any(t.tag_ in ("WDT", "WP", "WP$", "WRB") for t in root.doc[start : fronted[0].i])


def _hypothetical(token: Token) -> bool:
    """``token`` sits in a conditional clause ("if he is convicted", "even if men were victims",
    "unless ...") or a comparison ("talk about men like they're rapists", "as if he were a
    criminal", "it's not like a woman attacked a man"): the text does not say it happened."""
    cur = token
    for _ in range(5):
        if cur.head == cur:
            return False
        if cur.dep_ == "advcl" and any(x.dep_ == "mark" and x.lower_ in ("if", "unless", "whether", "suppose", "supposing") for x in cur.children):
            return True
        # "Suppose a wife attacks her husband ...", "imagine a man hitting a woman": an
        # imperative that sets up a scenario
        if cur.dep_ in ("ccomp", "dobj", "xcomp") and cur.head.lemma_.lower() in _SUPPOSING and cur.head.tag_ == "VB" and not any(x.dep_ in ("nsubj", "aux") for x in cur.head.children):
            return True
        if cur.dep_ == "advcl" and any(x.dep_ == "mark" and x.lower_ == "like" for x in cur.children) and cur.head.lemma_.lower() not in _LIKE_THAT:
            return True
        if cur.dep_ not in ("conj", "xcomp", "ccomp", "aux", "auxpass", "dobj", "pobj", "prep", "attr", "acomp", "amod", "pcomp", "relcl", "acl", "nsubj", "nsubjpass", "advmod"):
            return False
        cur = cur.head
    return False


def _not_asserted(token: Token, role: str) -> bool:
    """Structural cases where the text does not put forward what ``token`` says of the men
    (victim and perpetrator precision, issue 14): see each helper."""
    return _in_if_clause(token) or (role == "attribute" and _named_by_other(token)) or _in_portrayal(token) or _supposed_scene(token) or _depicted(token) or _not_like(token) or _asked(token) or _simile(token) or _counterfactual(token) or _conceded(token)


def _conceded(token: Token) -> bool:
    """``token``'s clause is conceded under "no matter how / what" ("no matter how many feminist
    marches they attend, they are not exempt"): granted only to be set aside, not put forward."""
    cur = token
    for _ in range(6):
        if cur.lemma_.lower() == "matter" and any(x.lower_ == "no" for x in cur.children):
            return True
        if cur.head == cur or cur.dep_ not in _IN_CLAUSE | {"ccomp", "advcl"}:
            return False
        cur = cur.head
    return False


def _counterfactual(token: Token) -> bool:
    """``token``'s clause says what "would" happen, in a sentence that supposes something with
    "if" / "unless" ("women would be safer if men were castrated, since they wouldn't get
    harassed by men"): a consequence of the supposition hung on a clause that
    ``_conditional_main`` does not climb through (a "since" or "because" clause)."""
    cur = token
    for _ in range(8):
        if "would" in _modals(cur):
            break
        if cur.head == cur or cur.dep_ not in _IN_CLAUSE:
            return False
        cur = cur.head
    else:
        return False
    return any(t.dep_ == "mark" and t.lower_ in _SUPPOSING_MARKS and t.head.dep_ == "advcl" for t in token.sent)


def _asked(token: Token) -> bool:
    """``token`` is in a yes / no question that ``question`` does not reach: through a gerund
    of manner ("Do men sit at home abusing their wives?"), or with the auxiliary parsed as the
    subjectless root of the sentence and the clause as its complement. Not a wh-question, nor a
    clause with its own subordinator, nor a content clause of a question whose root has its own
    subject ("were they afraid people would think men suffer the most?" presupposes it)."""
    if not _ends_in_question_mark(token):
        return False
    cur, via = token, []
    for _ in range(10):
        if cur.head == cur:
            break
        if cur.dep_ == "advcl" and any(x.dep_ == "mark" for x in cur.children):
            return False
        if cur.dep_ not in _IN_CLAUSE | {"advcl", "ccomp"}:
            return False
        via.append(cur.dep_)
        cur = cur.head
    if "advcl" in via and "ccomp" not in via and _inverted(cur):
        return True
    # "Do men ... ?" with "Do" as the root and the clause hung on it
    words = [t for t in cur.sent if not t.is_punct]
    return (
        bool(words) and cur == words[0] and cur.lemma_.lower() in ("do", "be", "have") and "ccomp" in via
        and not any(x.dep_ in ("nsubj", "nsubjpass", "expl") for x in cur.children)
    )


def _simile(token: Token) -> bool:
    """``token`` describes the man of a simile ("he looked like a man falsely accused", "seemed
    like a man who had been beaten"): an image, not a man it happened to."""
    cur = token
    for _ in range(5):
        if cur.head == cur:
            return False
        head = cur.head
        if cur.dep_ == "pobj" and head.lower_ == "like" and head.head.lemma_.lower() in _LIKE_THAT:
            return True
        if cur.dep_ not in ("acl", "relcl", "amod", "compound", "conj"):
            return False
        cur = head
    return False


def _not_like(token: Token) -> bool:
    """``token`` is in the clause of "it's not like ..." ("it's not like this was a tiny woman
    attacking a huge man", "it is not like he hit her"), however the parser tags "like": the
    clause is a counterfactual the text dismisses, as "it's not as if" (``_hypothetical``)."""
    cur = token
    for _ in range(8):
        if cur.head == cur:
            return False
        head = cur.head
        if cur.dep_ in ("ccomp", "advcl") and head.lemma_.lower() == "be" and negated(head):
            subj = [x for x in head.children if x.dep_ == "nsubj"]
            like = [t for t in head.doc[head.i + 1 : cur.left_edge.i + 1] if t.lower_ == "like"]
            if subj and subj[0].lower_ in ("it", "this", "that") and like:
                return True
        if cur.dep_ not in _IN_CLAUSE | {"acl", "relcl", "ccomp", "advcl"}:
            return False
        cur = head
    return False


#: Verbs and nouns of depicting: a film, image or text shows the men so ("the training program
#: depicted a man harassing a woman", "the representation of violent men in films").
_DEPICTING_VERBS = frozenset({"depict", "portray", "dramatize", "dramatise", "caricature"})
_DEPICTING_NOUNS = frozenset({"representation", "portrayal", "depiction", "caricature"})


def _depicted(token: Token) -> bool:
    """``token`` says what a depiction shows: the man it depicts and what he does there ("the
    images depicted a man harassing a woman", "the film portrays a man who abuses his wife"),
    or the men a representation is of ("the representation of violent men in films"). A
    depiction is not the text's claim that men do it (fiction, media, training material)."""
    cur = token
    for _ in range(5):
        if cur.head == cur:
            return False
        head = cur.head
        # not "portrayed the allegations against him as smears": what he made of them
        if cur.dep_ in ("dobj", "ccomp") and head.lemma_.lower() in _DEPICTING_VERBS and not any(x.dep_ == "prep" and x.lower_ == "as" for x in head.children):
            return True
        if cur.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in _DEPICTING_NOUNS:
            return True
        if cur.dep_ not in ("amod", "acl", "relcl", "dobj", "pobj", "conj", "compound", "nsubj", "xcomp", "prep"):
            return False
        cur = head
    return False


#: Verbs that put something "as" a kind of thing ("frame it as a crime by men", "paint her as a
#: victim of males"): the "as" phrase is how they present it.
_PRESENTING_AS = frozenset({"portray", "depict", "paint", "cast", "frame", "characterize", "characterise", "interpret", "spin", "caricature", "stereotype", "mischaracterize", "mischaracterise"})


def _in_portrayal(token: Token) -> bool:
    """``token`` is inside the "as" phrase of a verb of portraying whose subject is not the
    writer ("framing racism as a problem that mostly hurts black men", "the debate frames rape as
    an issue perpetrated by men", "the media painted her as a victim of harassment from males",
    "he interpreted the drawing as a threat against his life"): the text reports a portrayal."""
    cur = token
    for _ in range(8):
        if cur.head == cur:
            return False
        if cur.dep_ == "pobj" and cur.head.lower_ == "as" and cur.head.dep_ == "prep":
            verb = cur.head.head
            if verb.lemma_.lower() in _PRESENTING_AS:
                return not any(x.dep_ == "nsubj" and x.lower_ in _FIRST_PERSON for x in verb.children)
        cur = cur.head
    return False


def _supposed_scene(token: Token) -> bool:
    """``token`` is in a scenario that an imperative at the head of the sentence sets up, when
    the parser hung it as a conjunct ("Suppose, a wife waits until ... and hits him") or as the
    clause of "say" ("Say a group pays a woman to accuse a man ..."). ``_hypothetical`` covers
    the complement of "suppose" / "imagine"."""
    cur, via = token, []
    for _ in range(8):
        if cur.head == cur:
            break
        via.append(cur.dep_)
        cur = cur.head
    else:
        return False
    lemma = cur.lemma_.lower()
    if cur.tag_ != "VB" or any(x.dep_ in ("nsubj", "aux") for x in cur.children) or not via:
        return False
    last = via[-1]
    return (lemma in _SUPPOSING and last in ("conj", "ccomp")) or (lemma == "say" and last == "ccomp" and cur.i == cur.sent.start)


#: Verbs by which someone puts a label on a person ("call him abusive", "suspect the guy to be
#: the criminal", "brand them predators").
_NAMING = frozenset({"call", "label", "brand", "dub", "suspect", "paint", "portray", "depict", "cast", "name"})


def _named_by_other(token: Token) -> bool:
    """``token`` is a label that someone other than the writer puts on the men: the object
    predicative of a verb of naming ("women call him abusive", "calls him a jerk, abusive"), or
    the predicate of an infinitive under one ("everyone suspects the guy to be the criminal").
    The text reports the label; it does not say the men are so. The writer's own naming ("I
    call him a predator") is the writer's claim, and a source the text identifies ("Kelly called
    him a predator", "his former staffers call him a champion for women") is testimony
    (``_identified_source``)."""
    cur = token
    while cur.dep_ == "conj" and cur.head != cur:
        cur = cur.head
    if cur.dep_ == "oprd":
        verb = cur.head
    elif cur.dep_ in ("attr", "acomp") and cur.head.lemma_.lower() == "be" and cur.head.dep_ in ("ccomp", "xcomp"):
        verb = cur.head.head
    else:
        return False
    if verb.lemma_.lower() not in _NAMING:
        return False
    # who names: the verb's subject, or that of the verb it depends on ("couldn't bring herself
    # to call him a predator", "women told me to dump him, called him abusive")
    namer = verb
    for _ in range(3):
        subjects = [x for x in namer.children if x.dep_ in ("nsubj", "nsubjpass") and x.lower_ != "it"]
        if subjects:
            return not _identified_source(subjects[0])
        if namer.dep_ == "acl":
            # a participle on the noun that does it ("the journalist called him ..." misparsed)
            return not _identified_source(namer.head)
        if namer.dep_ not in ("xcomp", "conj", "ccomp", "advcl") or namer.head == namer:
            break
        namer = namer.head
    return True


def _identified_source(who: Token) -> bool:
    """The subject of a saying or naming is a source the text identifies, whose word it reports
    as testimony: the writer ("I"), a name ("Kelly"), a he / she, a particular person ("the
    journalist"), or people picked out through someone ("his former staffers", "a group of her
    colleagues"); not people in general ("women", "everyone", "they", "you")."""
    if who.lower_ in _ANYONE:
        return False
    if who.tag_ in ("NNS", "NNPS") and who.pos_ != "PROPN":
        return any(x.dep_ == "poss" or x.pos_ == "PROPN" for x in who.subtree if x.i != who.i)
    return True


#: Subjects that are people in general, not an identified source (``_identified_source``).
_ANYONE = frozenset({"you", "they", "everyone", "everybody", "people", "someone", "somebody", "anyone", "anybody", "many", "some", "others", "society", "one"})


#: Dependencies of an embedded question ("ask if ...", "wonder if ...").
_QUESTION_DEPS = frozenset({"ccomp", "csubj", "pcomp", "xcomp", "dobj"})
#: Subordinators of a supposition: a clause that has one is supposed, not said to happen.
_SUPPOSING_MARKS = frozenset({"if", "unless"})


def _in_if_clause(token: Token) -> bool:
    """``token`` is inside a clause that carries its own "if" / "unless", wherever the parser
    hung that clause: "If a man hits someone he might ..." is often parsed with the if-clause
    as the root of the sentence (no comma), which ``_hypothetical`` (an adverbial clause under
    a main clause) does not see."""
    cur = token
    for _ in range(6):
        # not an embedded question ("we ask if men can be allies": ``_embedded_whether``'s kind)
        if cur.dep_ not in _QUESTION_DEPS and any(x.dep_ == "mark" and x.lower_ in _SUPPOSING_MARKS for x in cur.children):
            return True
        if cur.head == cur or cur.dep_ not in _IN_CLAUSE:
            return False
        cur = cur.head
    return False


#: Imperatives that set up an imagined scenario (``_hypothetical``).
_SUPPOSING = frozenset({"suppose", "imagine", "picture", "pretend", "assume"})


#: Verbs after which "like" means "that" ("I feel like there is a rule ...").
_LIKE_THAT = frozenset({"feel", "seem", "look", "sound", "appear"})


def _restrictive_if(clause: Token) -> bool:
    """"especially if", "only if", "even if": the clause narrows or concedes, it does not suppose."""
    return any(x.dep_ in ("advmod", "mark") and x.lower_ in ("especially", "particularly", "only", "even", "except") for x in clause.children)


#: Dependencies that keep a word inside the clause of the verb above it (``_conditional_main``).
_IN_CLAUSE = frozenset({"attr", "acomp", "oprd", "dobj", "obj", "dative", "pobj", "prep", "agent", "amod", "compound", "nmod", "xcomp", "conj", "aux", "auxpass", "nsubj", "nsubjpass", "advmod", "npadvmod", "appos"})


def _conditional_main(token: Token) -> bool:
    """``token``'s clause is the main clause of a conditional ("if a man speaks up, he is a
    chauvinist pig", "if boys grow up in violence, men commit it"): what follows from a
    supposition is not said to happen either. Not with "even if" (the main clause holds anyway)."""
    cur, path = token, {token.i}
    for _ in range(6):
        for x in cur.children:
            if x.dep_ == "advcl" and x.i not in path:
                marks = {m.lower_ for m in x.children if m.dep_ in ("mark", "advmod")}
                if "if" in marks and "as" not in marks and not _restrictive_if(x):
                    return True
        if cur.dep_ not in _IN_CLAUSE or cur.head == cur:
            return False
        cur = cur.head
        path.add(cur.i)
    return False


def _under_without(token: Token) -> bool:
    """``token`` is in what a "without ..." gerund says did not happen ("without feeling like
    I'm emasculating him", "he left without hurting anyone")."""
    cur = token
    for _ in range(5):
        if cur.head == cur:
            return False
        if cur.dep_ == "pcomp" and cur.head.lower_ == "without":
            return True
        cur = cur.head
    return False


def contested(token: Token) -> bool:
    """The word is held at a distance: under a myth / stereotype word, in scare quotes, under
    "so-called" or a self-description (see :class:`Link`)."""
    return _contested(token) or _distanced(token) or _self_described(token) or _defined(token)


def _defined(token: Token) -> bool:
    """The word is in what a term is defined as ("misandry is defined as a hatred of men", "the
    dictionary defines androphobia as fear of men"): a definition says what a word means, not
    that the thing happens."""
    cur = token
    for _ in range(4):
        if cur.head == cur:
            return False
        if cur.dep_ == "pobj" and cur.head.lower_ == "as" and cur.head.head.lemma_.lower() in ("define", "redefine"):
            return True
        if cur.dep_ not in ("pobj", "prep", "dobj", "compound", "amod", "nmod", "conj"):
            return False
        cur = cur.head
    return False


def _sweeping(token: Token) -> bool:
    """"all men", "every man": a claim about every man (see ``_insinuated``)."""
    return any(x.dep_ in ("det", "predet", "amod") and x.lower_ in ("all", "every") for x in token.children) or token.lower_ in ("everyman",)


def _generic(token: Token) -> bool:
    """Men in general: a bare or quantified plural ("men", "most men", "young males") or "a man",
    "any man"; not particular men ("the men", "these boys", "her husband", "he", a name)."""
    if token.pos_ != "NOUN":
        return False
    dets = [x.lower_ for x in token.children if x.dep_ in ("det", "poss", "predet")]
    if token.tag_ == "NNS":
        return not any(d not in ("all", "most", "many", "some", "no", "any") for d in dets)
    return bool(dets) and all(d in ("a", "an", "any", "every") for d in dets)


#: Verbs and nouns that put a claim in someone's mouth (``_attributed``).
_ATTRIBUTING = frozenset({
    "say", "claim", "insist", "argue", "assert", "maintain", "contend", "state", "declare", "tell",
    "teach", "preach", "lecture", "believe", "assume", "think", "suppose", "presume", "view",
    "imply", "insinuate", "suggest", "accuse", "scream", "yell", "shout", "tweet", "post",
    "argument", "assertion", "fantasy", "narrative", "rhetoric", "talk", "accusation", "notion",
    "idea", "generalization", "generalisation", "blame", "label", "brand",
})
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_INSTRUCTING = frozenset({"teach", "tell", "preach", "lecture"})


def _own_or_sourced(word: Token) -> bool:
    """The speaker of a saying word is the writer ("I think", "we argue") or a source named the
    way news names one, with a verb of saying ("Khan said"): the text stands behind the claim
    or reports testimony. A named holder of a belief ("Princeton believes men are ...") is not
    a source of testimony."""
    testimony = word.lemma_.lower() in _TESTIFYING
    return any(x.dep_ in ("nsubj", "poss") and (x.lower_ in _FIRST_PERSON or (testimony and x.pos_ == "PROPN")) for x in word.children)


#: Verbs of saying that report testimony when a named source is their subject.
_TESTIFYING = frozenset({"say", "tell", "state", "declare", "claim", "insist", "maintain", "assert", "contend", "argue", "tweet", "post"})


def _attributed(token: Token) -> bool:
    """``token``'s clause is a claim about men in general that someone else makes ("feminists
    claim men are privileged", "my teacher says men are violent", "the argument that men should
    be paid more", "talk about how privileged men are"): the text reports the claim, often in
    order to reject it. Not the writer's own ("I think men are ..."): a first-person speaker
    asserts it."""
    cur = token
    for _ in range(5):
        if cur.head == cur:
            return False
        head = cur.head
        # the writer's own saying word may itself be reported ("she said that we should teach
        # men ..."): look further up
        # "teach / tell men to do X" instructs them; "teach that men are X" claims it
        instructed = cur.dep_ == "xcomp" and head.lemma_.lower() in _INSTRUCTING
        if cur.dep_ in ("ccomp", "xcomp", "acl", "appos", "pcomp", "oprd") and head.lemma_.lower() in _ATTRIBUTING and not instructed and not _own_or_sourced(head):
            return True
        if cur.dep_ == "pcomp" and head.dep_ == "prep" and head.head.lemma_.lower() in _ATTRIBUTING and not _own_or_sourced(head.head):
            return True
        if cur.dep_ not in ("conj", "xcomp", "ccomp", "aux", "auxpass", "acomp", "attr", "advcl", "relcl", "pobj", "prep", "dobj", "nsubj", "nsubjpass", "advmod", "amod", "mark"):
            return False
        cur = head
    return False


#: Verbs and nouns of claiming: what they report is someone's claim, held at a distance.
_CLAIMING = frozenset({"claim", "insist", "purport", "profess", "contend"})


def _claimed(token: Token) -> bool:
    """``token``'s clause is what someone other than the writer claims or insists ("she claimed
    her father was an advocate of women's rights", "her opponent's claim that he stood up for
    women"): cues with ``count_claimed: false`` do not count it."""
    cur = token
    for _ in range(5):
        if cur.head == cur:
            return False
        head = cur.head
        if cur.dep_ in ("ccomp", "acl", "appos", "xcomp", "relcl") and head.lemma_.lower() in _CLAIMING:
            return not any(x.dep_ in ("nsubj", "poss") and x.lower_ in _FIRST_PERSON for x in head.children)
        if cur.dep_ not in ("conj", "xcomp", "ccomp", "aux", "auxpass", "acomp", "attr", "advcl", "pobj", "prep", "agent", "dobj", "nsubj", "nsubjpass", "advmod", "amod", "mark", "pcomp"):
            return False
        cur = head
    return False


def _insinuated(token: Token) -> bool:
    """``token``'s clause is what someone says, thinks or implies about all men ("she implies
    all men are rapists", "feminists say all men are predators")."""
    cur = token
    for _ in range(4):
        if cur.head == cur:
            return False
        if cur.dep_ in ("ccomp", "xcomp", "advcl", "conj", "oprd") and cur.head.lemma_.lower() in _SAYING | _INSINUATING:
            return True
        cur = cur.head
    return False


def _distanced(token: Token) -> bool:
    """A label the text holds at a distance: in scare quotes ('a "victim"') or under "so-called",
    "self-proclaimed", "fake" ..."""
    # "he supposedly attempted to assault her": the adverb on the verb above
    hosts = [token] + ([token.head] if token.dep_ in ("xcomp", "conj") and token.head.pos_ in ("VERB", "AUX") else [])
    for x in (c for h in hosts for c in h.children):
        if x.dep_ in ("amod", "advmod", "compound", "nmod") and x.i < token.i:
            # "so-called" is three tokens: so / - / called
            words = "".join(t.lower_ for t in x.subtree if t.i < token.i)
            if x.lower_ in _DISTANCING or x.lemma_.lower() in _DISTANCING or words in _DISTANCING:
                return True
    return scare_quoted(token)


_QUOTES = frozenset({'"', "“", "”", "‘", "’", "'", "«", "»"})


def scare_quoted(token: Token) -> bool:
    """The word sits alone (or in a phrase of at most three words) between quotation marks."""
    sent = token.sent
    doc = token.doc
    left = right = None
    for k in range(token.i - 1, max(sent.start, token.i - 4) - 1, -1):
        if doc[k].text in _QUOTES and doc[k].tag_ != "POS":
            left = k
            break
    for k in range(token.i + 1, min(sent.end, token.i + 4)):
        if doc[k].text in _QUOTES and doc[k].tag_ != "POS":
            right = k
            break
    if left is None or right is None:
        return False
    inside = [t for t in doc[left + 1 : right] if not t.is_punct]
    return 0 < len(inside) <= 3
