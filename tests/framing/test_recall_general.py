"""Recall of general framing wording found missing on sentences written in the styles the codebook
was not written on (NGO and health pages, news, forums): the wider classes and role patterns added
for them, each with a near control that must not get the frame. Sentences written for these tests,
through the real pipeline (``discourse.label_sentences``).
"""

from __future__ import annotations

import pytest

from tests.framing.labelled import assert_class_counts, assert_no_frame, label_by_text

# (sentence, frame, class): the frame counts, carried by a cue of that class
POSITIVE = [
    # ally: acting on the gap between women and men
    ("Fathers who share the care help close the gender gap.", "ally", "opposing_harm"),
    ("Male managers narrowed the pay gap in their teams.", "ally", "opposing_harm"),
    # ally: FGM under its other name
    ("Men in the village are working to end female genital cutting.", "ally", "opposing_harm"),
    # ally: a pledge against sexual violence
    ("The boys signed a pledge to end sexual violence.", "ally", "campaigns_pledges"),
    # ally: engaging men in maternal and reproductive health
    ("The programme involves men in maternal health.", "ally", "engaged_called"),
    # ally: men backing women's own goals; respectful relationships as a cause
    ("Many husbands now encourage their wives to pursue careers.", "ally", "support_advocacy"),
    ("Fathers should support their daughters' education.", "ally", "support_advocacy"),
    ("Older men in the project teach boys about respectful relationships.", "ally", "engaged_called"),
    # ally: men as agents of change where the sentence is about gender
    ("Programmes that mobilise men as agents of change reduce violence against women.", "ally", "ally_identity"),
    # ally: arguing or campaigning for women or equality; backing a law for women
    ("Fathers campaign for girls' safety.", "ally", "support_advocacy"),
    ("He argued for equal representation of women on the board.", "ally", "support_advocacy"),
    ("Several male MPs backed the bill to criminalise upskirting.", "ally", "support_advocacy"),
    ("Brothers who defend their sisters' right to education are rare.", "ally", "support_advocacy"),
    # ally: a share of the raising of children
    ("Fathers are taking an active role in raising their children.", "ally", "care_sharing"),
    # beneficiary: handed power by an order of gender; better health where care is shared
    ("Patriarchy gives men power over women.", "beneficiary", "privilege_power"),
    ("Involved fathers tend to have better mental health.", "beneficiary", "wellbeing_outcomes"),
    ("Men disproportionately occupy positions of power in academia.", "beneficiary", "privilege_power"),
    ("Men hold three quarters of the seats in parliament.", "beneficiary", "privilege_power"),
    ("Men enjoy more leisure time than women.", "beneficiary", "privilege_power"),
    # victim: services out of reach
    ("Men have little access to support after a bereavement.", "victim", "neglect_unheard"),
    # victim: what kills or harms men; men picked out for harm
    ("Suicide is the leading cause of death for young men.", "victim", "health_burden"),
    ("Young men are targeted by gang violence.", "victim", "violence_abuse"),
    ("Boys are singled out for abuse.", "victim", "violence_abuse"),
    # perpetrator: harassment in words and messages, images shared without consent
    ("Men made sexual comments about her.", "perpetrator", "everyday_sexism"),
    ("He sent her threatening messages after she left.", "perpetrator", "everyday_sexism"),
    ("Online misogyny is driven largely by young men.", "perpetrator", "responsibility_complicity"),
    ("Her boyfriend constantly checked her phone.", "perpetrator", "coercive_control"),
    ("Some men still believe that a husband may discipline his wife.", "perpetrator", "misogyny_hatred"),
    ("He shared intimate photos of her without her consent.", "perpetrator", "violence_abuse"),
]

# (sentence, frames that must not count)
CONTROLS = [
    ("He closed the gap on the leaders in the final lap.", ["ally"]),  # a gap, no gender
    ("Fathers campaign to stop cutting school budgets.", ["ally"]),  # cutting, not genital cutting
    ("He signed a pledge to cut taxes.", ["ally"]),
    ("He supports a buyback program for guns linked to domestic violence.", ["ally"]),  # violence alone: no women named
    ("The programme involves men in road safety.", ["ally"]),
    ("Fathers play a big role in the family.", ["ally"]),  # a role, no care named
    ("This is a cause for men to celebrate.", ["victim"]),
    ("The advertising campaign targets young men.", ["victim"]),  # no harm named
    ("He denied her access to the children.", ["victim"]),  # he withholds it
    ("He denied the allegation.", ["victim"]),
    ("He made a comment about the budget.", ["perpetrator"]),  # a remark, nothing abusive
    ("He shared photos of the trip with her.", ["perpetrator"]),  # no consent named
    ("He helped her with the shopping.", ["ally"]),  # no goal of hers named
    ("He supported his wife through her cancer treatment.", ["ally"]),
    ("The election gave him power over the party.", ["beneficiary"]),  # no gender named
    ("Men have better jobs than they used to.", ["beneficiary"]),  # no equality or care in the sentence
    ("He was an agent of change at the bank.", ["ally"]),  # nothing about gender
    ("Men have access to the gym.", ["victim"]),  # access, not limited
    ("Young men drive fast cars.", ["perpetrator"]),
    ("Men mostly hold jobs in construction.", ["beneficiary"]),
    ("He argued with his wife about money.", ["ally"]),  # with: a quarrel
    ("He works for a woman who owns a bakery.", ["ally"]),  # an employer
    ("They fought over women and land.", ["ally"]),
    ("He called the women liars.", ["ally"]),  # a person as object: not for them
    ("The guy gently pushed the girl away.", ["ally"]),
    ("He supports red flag laws and funding for research on gun violence.", ["ally"]),  # no law for women
    ("He checked his phone before the meeting.", ["perpetrator"]),  # his own
]

# (sentence, frame, class): role patterns
STRUCTURAL = [
    # a body of men acts as the men
    ("Men's groups are working to end violence against women.", "ally", "opposing_harm"),
    # "the abuse comes from men": the subject is the act, the men its source
    ("Most of the abuse comes from men they know.", "perpetrator", "violence_abuse"),
    # a person noun of the lexicon after "male" is people, not a thing the men have
    ("Her male colleagues harassed her.", "perpetrator", "violence_abuse"),
    ("Male colleagues made sexual comments about her.", "perpetrator", "everyday_sexism"),
    ("Male athletes joined the campaign to end violence against women.", "ally", "campaigns_pledges"),
    # titles held by men are men words
    ("The imam spoke out against forced marriage.", "ally", "opposing_harm"),
    # "male members", "male politicians": people, with the roles people have
    ("The union's male members voted to support equal pay.", "ally", "support_advocacy"),
]

STRUCTURAL_CONTROLS = [
    ("Men's shoes are sold out.", ["ally", "beneficiary", "victim", "perpetrator"]),
    ("Most of the funding comes from men.", ["perpetrator"]),  # no act named
    ("The idea came from men in the office.", ["perpetrator"]),
    ("There was a study of violence against women by men's groups.", ["victim"]),
    ("Male violence against women is endemic.", ["victim"]),  # a thing the men do: possessor
]


@pytest.fixture(scope="module")
def labelled():
    texts = [s for s, _, _ in POSITIVE + STRUCTURAL] + [s for s, _ in CONTROLS + STRUCTURAL_CONTROLS]
    return label_by_text(texts)


@pytest.mark.parametrize(("sentence", "frame", "cue_class"), POSITIVE + STRUCTURAL)
def test_counts(labelled, sentence, frame, cue_class):
    assert_class_counts(labelled[sentence], frame, cue_class)


@pytest.mark.parametrize(("sentence", "frames"), CONTROLS + STRUCTURAL_CONTROLS)
def test_controls(labelled, sentence, frames):
    assert_no_frame(labelled[sentence], frames)
