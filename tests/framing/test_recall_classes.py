"""Recall pass: the wider vocabulary of each semantic class and the role patterns added for wording
the codebook's first examples did not cover, on sentences written for these tests (not taken from
any coded set), through the real pipeline (``discourse.label_sentences``).

Each positive names the frame and class that must count; each control is a near sentence that
must not get the frame (another sense, another role, a person as object, ...).
"""

from __future__ import annotations

import pytest

from tests.framing.labelled import assert_class_counts, assert_no_frame, label_by_text

# (sentence, frame, class): the frame counts, carried by a cue of that class
POSITIVE = [
    # victim: hardship vocabulary after face / experience / live / suffer
    ("Young fathers face many hurdles when they try to see their children.", "victim", "harms_undergone"),
    ("Too many boys live in misery and neglect.", "victim", "harms_undergone"),
    ("Older men often live in quiet desperation.", "victim", "harms_undergone"),
    # victim: the men's own experience of a harm
    ("Men's experiences of domestic violence are rarely studied.", "victim", "harms_undergone"),
    ("His ordeal lasted for years.", "victim", "health_burden"),
    # victim: subjected / exposed to harm, protected from it
    ("Many boys are subjected to bullying at school.", "victim", "harms_undergone"),
    ("The new law protects men from domestic abuse too.", "victim", "harms_undergone"),
    # victim: it is hard / painful for men; have it hard
    ("It is painful for men to talk about their childhood.", "victim", "violence_abuse"),
    ("Men have it hard in the family courts.", "victim", "harms_undergone"),
    ("Hundreds of men sleep rough in the city every night.", "victim", "harms_undergone"),
    ("Young men are disproportionately affected by knife crime.", "victim", "harms_undergone"),
    # victim: agent nouns whose "of" names the undergoer; states men are in
    ("Heart disease is the biggest killer of men.", "victim", "violence_abuse"),
    ("Men are at higher risk of heart disease.", "victim", "violence_abuse"),
    ("Many young fathers are under enormous pressure.", "victim", "violence_abuse"),
    # victim, tier 2: a hardship noun near men who are not its doer
    ("Loneliness among older men is rising.", "victim", "harms_undergone"),
    # victim: hostility and injustice toward men
    ("The bigotry against young men on that forum is tiring.", "victim", "shaming_stigma"),
    ("The teachers berate boys for being loud.", "victim", "shaming_stigma"),
    ("The company's policy is discriminatory to men.", "victim", "violence_abuse"),
    ("The family courts are biased against fathers.", "victim", "violence_abuse"),
    ("The system is stacked against young men.", "victim", "violence_abuse"),
    # victim: paid or valued less; needs not met
    ("Male nurses are paid less than their colleagues.", "victim", "unfair_institutions"),
    ("Men need more support after a divorce.", "victim", "neglect_unheard"),
    ("Men often lack support after a divorce.", "victim", "neglect_unheard"),
    ("Fathers don't get respect from the courts.", "victim", "neglect_unheard"),
    # victim: identity words
    ("Many young men feel unappreciated and scared.", "victim", "victim_identity"),
    # beneficiary: ahead in goods, holding a field, having it easy, favoured; gains from equality
    ("Boys get more attention from their teachers.", "beneficiary", "privilege_power"),
    ("Men are given more opportunities to lead.", "beneficiary", "privilege_power"),
    ("Men still dominate the tech industry.", "beneficiary", "privilege_power"),
    ("Men are overrepresented in parliament.", "beneficiary", "privilege_power"),
    ("Men are overrepresented in prisons.", "victim", "unfair_institutions"),
    ("She falsely claimed that her husband had hit her.", "victim", "unfair_institutions"),
    ("Man denied life-saving treatment by the health service.", "victim", "unfair_institutions"),
    # perpetrator: identity adjectives and nouns
    ("Creepy men kept messaging her.", "perpetrator", "perpetrator_identity"),
    ("Her uncle was handsy and lecherous.", "perpetrator", "perpetrator_identity"),
    ("Her father was cruel and menacing.", "perpetrator", "perpetrator_identity"),
    # perpetrator: acts named as nouns, harm left unpunished, control of women
    ("Women shared reports of harassment by men at the company.", "perpetrator", "violence_abuse"),
    ("He put his hand under her clothes.", "perpetrator", "violence_abuse"),
    ("Men who get away with harassing women do it again.", "perpetrator", "responsibility_complicity"),
    ("Men trolled and pestered the women journalists online.", "perpetrator", "coercive_control"),
]

# (sentence, frames that must not count)
CONTROLS = [
    ("He faces many hurdles in the primary race against Smith.", ["victim"]),  # a named man's contest (named_pronouns)
    ("Women severely hurt by men often distrust them.", ["victim"]),  # the men hurt them
    ("He hurt his wife.", ["victim"]),  # his wife is hurt, not he
    ("She defended him in the face of the allegations.", ["victim"]),  # defending an accused man
    ("Men need to support women at work.", ["victim"]),  # a clause, not a need for support
    ("Men are encouraged to embrace empathy and vulnerability.", ["victim"]),  # encouraged, not a norm imposed
    ("The boys were bullied at school.", ["perpetrator"]),  # "bullied" is not the noun "bully"
    ("Women are paid less than men.", ["victim"]),  # "than men": the men are not paid less
    ("He paid less attention to the news.", ["victim"]),  # "pay attention"
    ("There are reports of support by men for the bill.", ["perpetrator"]),  # no harm named
    ("Men have it good in this country.", ["victim"]),  # not hard
    ("He followed her advice and left.", ["perpetrator"]),  # "follow" is not a control verb
    ("Creepy stories were shared by the men around the fire.", ["perpetrator"]),  # creepy stories, not men
    ("He left behind a wife and two sons.", ["victim"]),  # he left them: agent
]

# (sentence, frame, class): role patterns
STRUCTURAL = [
    # "N of ACT from / by men": the by / from phrase hung on the noun of the report
    ("Women came forward with stories of abuse from coaches, doctors and other men.", "perpetrator", "violence_abuse"),
    # a number before "of men" is a quantity, like "most of the men"
    ("Some 4,000 of those men were innocent.", "victim", "victim_identity"),
    # "their men shaming": a men noun right before a gerund used as a noun is its undergoer
    ("She was known for her men shaming on social media.", "victim", "shaming_stigma"),
    # "victims such as men and boys": "such as" specifies the noun before it
    ("Victims such as men and boys are often ignored.", "victim", "harms_undergone"),
    # "among the victims were men": an inverse copula with "among"
    ("Among the victims were several young men.", "victim", "victim_identity"),
    # "women, and some men, ...": a noun conjunct the parser hung on the verb
    ("The courts ignore women, and some men, in these cases.", "victim", "harms_undergone"),
    # "violence is committed by men": a by-agent's act is the passive subject
    ("Most domestic violence is committed by men.", "perpetrator", "responsibility_complicity"),
    # "men can have their lives ruined": what is done to a part of their self
    ("Men can have their lives ruined by a single rumour.", "victim", "harms_undergone"),
    # "fathers feel sidelined": a subject the parser hung on the auxiliary of a passive
    ("Fathers feel sidelined by maternity services.", "victim", "harms_undergone"),
    # "the number of men sleeping rough": the participle on the men, whatever gives their role
    ("The number of men sleeping rough has risen.", "victim", "harms_undergone"),
    # "a lot of injustice towards fathers": the phrase hung on the amount is on its noun
    ("There is a lot of injustice towards fathers in custody cases.", "victim", "shaming_stigma"),
]

STRUCTURAL_CONTROLS = [
    ("Men bashing the drums were loud.", ["victim"]),  # the gerund has an object: the men do it
    ("There was a study of violence against women by men's groups.", ["victim"]),
    ("Among the donors were several young men.", ["victim"]),
    ("Men are a risk to women on that street.", ["victim"]),  # a risk, not at risk
    ("He dominated the debate.", ["beneficiary"]),  # not a field or its posts
    ("The justice system is biased towards men.", ["victim"]),  # in their favour
    ("He had his rival killed.", ["victim"]),  # his doing: a person, not a part of his self
    ("He denied her access to the children.", ["victim"]),  # he denies; she is refused
    ("He denied the allegation.", ["victim"]),
    ("She claimed that her husband had hit her.", ["victim"]),  # not said to be false
    ("Men have it easy, critics say, but they are wrong.", ["beneficiary"]),  # no "have it easy" cue: mostly quoted to contest it
    ("Women who help men are mocked online.", ["beneficiary"]),  # help is not a gain from equality
    ("Men get little credit for making life easier.", ["beneficiary"]),  # not "more"
    ("Men have more suicides than women.", ["beneficiary"]),  # more of a harm is not a good
    ("Her abuser was a man.", ["victim"]),  # "her abuser", no "of men"
    ("The men were in power for decades.", ["victim"]),  # not a hard state
    ("There was a wave of support for men.", ["victim"]),
    ("The pledge was committed to by the men's group.", ["perpetrator"]),
]


@pytest.fixture(scope="module")
def labelled():
    texts = [s for s, _, _ in POSITIVE + STRUCTURAL] + [s for s, _ in CONTROLS + STRUCTURAL_CONTROLS]
    return label_by_text(texts)


@pytest.mark.parametrize(("sentence", "frame", "cue_class"), POSITIVE + STRUCTURAL, ids=[s[:50] for s, _, _ in POSITIVE + STRUCTURAL])
def test_recall_class_fires(labelled, sentence, frame, cue_class):
    assert_class_counts(labelled[sentence], frame, cue_class)


@pytest.mark.parametrize(("sentence", "frames"), CONTROLS + STRUCTURAL_CONTROLS, ids=[s[:50] for s, _ in CONTROLS + STRUCTURAL_CONTROLS])
def test_recall_control(labelled, sentence, frames):
    assert_no_frame(labelled[sentence], frames)
