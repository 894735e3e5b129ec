"""Every cue class of the codebook and every structural role rule, on sentences written for these
tests (not taken from any coded set), through the real pipeline (``discourse.label_sentences``).

Each case names the frame and the class that must fire (``frame/class`` in the evidence), or the
frames that must *not* be counted (hard negatives: other senses, negation, reported claims).
"""

from __future__ import annotations

import pytest

from discourse.framing.codebook import load_codebook
from tests.framing.labelled import assert_class_counts, assert_no_frame, label_by_text

# (sentence, frame, class) : the frame counts, carried by a cue of that class
POSITIVE = [
    # ally
    ("Many men support women's right to equal pay.", "ally", "support_advocacy"),
    ("He has long championed gender equality in the workplace.", "ally", "support_advocacy"),
    ("We need men who believe survivors.", "ally", "support_advocacy"),
    ("His lifelong advocacy for women's rights earned him an award.", "ally", "support_advocacy"),
    ("He has fought for survivors since helping to pass the Violence Against Women Act.", "ally", "support_advocacy"),
    ("Fathers can work for gender equality at home.", "ally", "engagement_action"),
    ("Men must take responsibility for ending violence against women.", "ally", "engagement_action"),
    ("Young men can drive change in gender norms.", "ally", "engagement_action"),
    ("Boys should challenge sexism in their schools.", "ally", "opposing_harm"),
    ("The men marched against violence against women.", "ally", "opposing_harm"),
    ("Local fathers campaign to end child marriage and female genital mutilation.", "ally", "opposing_harm"),
    ("Men pledged to end men's violence against women.", "ally", "opposing_harm"),
    ("Young men can prevent sexual harassment.", "ally", "opposing_harm"),
    ("The programme trains young men to prevent sexual harassment.", "ally", "engaged_called"),
    ("The charity engages boys in discussions about gender equality.", "ally", "engaged_called"),
    ("We must encourage male participation in the campaign.", "ally", "engaged_called"),
    ("She urged men to join the fight for equality.", "ally", "engaged_called"),
    ("Men can be strong allies.", "ally", "ally_identity"),
    ("Male allies spoke at the meeting.", "ally", "ally_identity"),
    ("He is a feminist.", "ally", "ally_identity"),
    ("Her husband is supportive of women's careers.", "ally", "ally_identity"),
    ("Men are part of the solution.", "ally", "role_contribution"),
    ("Men have a role to play in ending sexism.", "ally", "role_contribution"),
    ("Men's involvement in gender equality is growing.", "ally", "role_contribution"),
    ("More fathers now take paternity leave.", "ally", "care_sharing"),
    ("Men should share the housework.", "ally", "care_sharing"),
    ("Women worked with men for equal rights.", "ally", "partnership"),
    ("Thousands of men wore white ribbons.", "ally", "campaigns_pledges"),
    ("He signed the pledge to end violence against women.", "ally", "campaigns_pledges"),
    # beneficiary
    ("Gender equality benefits men too.", "beneficiary", "gains_from_equality"),
    ("Equality is good for men.", "beneficiary", "gains_from_equality"),
    ("Feminism frees men from rigid roles.", "beneficiary", "gains_from_equality"),
    ("Fathers who take leave are happier.", "beneficiary", "wellbeing_outcomes"),
    ("Involved fathers live longer.", "beneficiary", "wellbeing_outcomes"),
    ("Fathers who take leave are less likely to be depressed.", "beneficiary", "wellbeing_outcomes"),
    ("Fathers who share care are closer to their children.", "beneficiary", "wellbeing_outcomes"),
    ("In more gender-equal societies, men experience better mental health.", "beneficiary", "wellbeing_outcomes"),
    ("Men earn more than women for the same work.", "beneficiary", "privilege_power"),
    ("Men hold most of the seats on company boards.", "beneficiary", "privilege_power"),
    ("Men are promoted faster than women.", "beneficiary", "privilege_power"),
    ("Men enjoy privileges that women lack.", "beneficiary", "privilege_power"),
    ("Men are the beneficiaries of gender inequality.", "beneficiary", "privilege_power"),
    ("Women are paid 80 cents for every dollar paid to men.", "beneficiary", "privilege_power"),
    ("The new law allows fathers to take paternity leave.", "beneficiary", "rights_resources"),
    ("Fathers are now entitled to paternity leave.", "beneficiary", "rights_resources"),
    # victim
    ("Boys are abused at home more often than we think.", "victim", "violence_abuse"),
    ("Violence against men is rarely reported.", "victim", "violence_abuse"),
    ("He was stabbed by his wife.", "victim", "violence_abuse"),
    ("Men are mocked for showing emotion.", "victim", "shaming_stigma"),
    ("There is a lot of hatred of men online.", "victim", "shaming_stigma"),
    ("People think less of him.", "victim", "shaming_stigma"),
    ("Male circumcision is still common.", "victim", "shaming_stigma"),
    ("The suppression of his emotions left scars.", "victim", "shaming_stigma"),
    ("Male vulnerability is despised.", "victim", "shaming_stigma"),
    ("Boys shouldn't be shamed for crying.", "victim", "shaming_stigma"),
    ("Being a man is hard these days.", "victim", "violence_abuse"),
    ("Feminists say white men are their enemy number one.", "victim", "shaming_stigma"),
    ("His murder shocked the town.", "victim", "violence_abuse"),
    ("The policy was causing him harm.", "victim", "violence_abuse"),
    ("She cut him off from his children.", "victim", "violence_abuse"),
    ("Boys are taught to hide their emotions.", "victim", "norms_imposed"),
    ("Society expects men to be the breadwinners.", "victim", "norms_imposed"),
    ("The expectation that men must be tough harms everyone.", "victim", "norms_imposed"),
    ("Men are not allowed to cry.", "victim", "norms_imposed"),
    ("Fathers are portrayed as bumbling idiots in adverts.", "victim", "stereotyped_demeaned"),
    ("Men are seen as predators.", "victim", "stereotyped_demeaned"),
    ("Nobody listens to men.", "victim", "neglect_unheard"),
    ("There are few shelters for men.", "victim", "neglect_unheard"),
    ("There is a lack of support for men.", "victim", "neglect_unheard"),
    ("Many men are reluctant to seek help.", "victim", "neglect_unheard"),
    ("Men don't talk about their feelings.", "victim", "neglect_unheard"),
    ("Judges prefer mothers over fathers in custody cases.", "victim", "neglect_unheard"),
    ("Men face stigma when they seek therapy.", "victim", "harms_undergone"),
    ("Men suffer in silence.", "victim", "harms_undergone"),
    ("Rigid gender norms limit boys.", "victim", "harms_undergone"),
    ("The divorce drove him to despair.", "victim", "harms_undergone"),
    ("He was falsely accused of rape.", "victim", "unfair_institutions"),
    ("Fathers lose custody of their children.", "victim", "unfair_institutions"),
    ("Men receive harsher sentences than women.", "victim", "unfair_institutions"),
    ("Boys are falling behind at school.", "victim", "unfair_institutions"),
    ("Men account for three quarters of suicides.", "victim", "health_burden"),
    ("Men were 80 percent of suicides last year.", "victim", "health_burden"),
    ("Men's mental health is in crisis.", "victim", "health_burden"),
    ("Many men feel isolated.", "victim", "victim_identity"),
    ("A fifth of the victims were men.", "victim", "victim_identity"),
    ("Male victims are often ignored.", "victim", "victim_identity"),
    # a get-passive subject undergoes the act; "male rape" is rape of males
    ("Men getting brutally raped is never discussed.", "victim", "violence_abuse"),
    ("Male rape is rarely prosecuted.", "victim", "violence_abuse"),
    # a named man is not enough for victim, but "my father" and a he / him without a name before it are
    ("My father said that the guards beat him.", "victim", "violence_abuse"),
    ("The guards beat him every night.", "victim", "violence_abuse"),
    # perpetrator
    ("He raped her.", "perpetrator", "violence_abuse"),
    ("He hit me.", "perpetrator", "violence_abuse"),
    ("He beat his son.", "perpetrator", "violence_abuse"),
    # a harm to a person needs the person as what is done to (object, passive subject, the noun of a participle)
    ("Look at the numbers of women killed by men.", "perpetrator", "violence_abuse"),
    ("The women were killed by their husbands.", "perpetrator", "violence_abuse"),
    ("The women were abused by their husbands.", "perpetrator", "violence_abuse"),
    ("She received threats from men.", "perpetrator", "violence_abuse"),
    ("The staff reported harassment by male managers.", "perpetrator", "violence_abuse"),
    ("Allegations of assault against him surfaced in May.", "perpetrator", "accused"),
    ("The film follows a convicted rapist trying to rebuild his life.", "perpetrator", "perpetrator_identity"),
    ("He answered by saying he had never assaulted anyone.", "perpetrator", "violence_abuse"),
    ("He kissed her without consent.", "perpetrator", "violence_abuse"),
    ("Men's violence against women is common.", "perpetrator", "violence_abuse"),
    ("He controlled his wife's money and isolated her.", "perpetrator", "coercive_control"),
    ("Rules were devised by men to keep women oppressed.", "perpetrator", "coercive_control"),
    ("Men treat women as objects.", "perpetrator", "everyday_sexism"),
    ("Some men talk down to women at work.", "perpetrator", "everyday_sexism"),
    ("He behaved in sexist ways.", "perpetrator", "everyday_sexism"),
    ("These men hate women.", "perpetrator", "misogyny_hatred"),
    ("Many men believe that women belong in the kitchen.", "perpetrator", "misogyny_hatred"),
    ("Men commit most violent crime.", "perpetrator", "responsibility_complicity"),
    ("Men who stay silent about abuse are part of the problem.", "perpetrator", "responsibility_complicity"),
    ("He avoided accountability for decades.", "perpetrator", "responsibility_complicity"),
    ("Men make up most perpetrators of domestic abuse.", "perpetrator", "responsibility_complicity"),
    ("We must change men's attitudes towards women.", "perpetrator", "conduct_to_change"),
    ("He was accused of sexual harassment.", "perpetrator", "accused"),
    ("He denied the assault.", "perpetrator", "accused"),
    ("He issued a statement denying the assault.", "perpetrator", "accused"),
    ("He denied the allegation, saying he never harassed anyone.", "perpetrator", "violence_abuse"),
    ("He was involved in the assault.", "perpetrator", "responsibility_complicity"),
    ("He insisted that he had never harassed anyone.", "perpetrator", "violence_abuse"),
    ("She was afraid of her husband.", "perpetrator", "feared"),
    ("Most perpetrators are men.", "perpetrator", "perpetrator_identity"),
    ("Abusive husbands rarely change.", "perpetrator", "perpetrator_identity"),
    # "even if" / "especially if": the main clause still holds
    ("Even if he is acquitted, he is a dangerous predator.", "perpetrator", "perpetrator_identity"),
    ("Men feel lost, especially if they are unemployed.", "victim", "victim_identity"),
    ("Men are the enemy.", "perpetrator", "perpetrator_identity"),
]

# (sentence, frames that must not be counted)
NEGATIVE = [
    # generic words without an equality target
    ("He has had many sexual partners.", ["ally"]),
    ("My husband is supportive.", ["ally"]),
    ("He'll help me with the chores.", ["ally"]),
    ("Feminists want men to change.", ["ally"]),
    ("His involvement in the scandal is clear.", ["ally"]),
    ("He is a close ally of the senator.", ["ally"]),
    ("He joined the campaign last year.", ["ally"]),
    # self-descriptions, scare quotes, negation
    ("He claims to be an ally of women.", ["ally"]),
    ("He calls himself a feminist.", ["ally"]),
    ("He is a so-called ally of women.", ["ally"]),
    ("He is not a genuine ally.", ["ally"]),
    ("He is not a male ally.", ["ally"]),
    ("He is a \"feminist\" who mocks women's rights.", ["ally"]),
    # claims reported in order to reject them
    ("She implies all men are rapists.", ["perpetrator"]),
    ("The media portrays men as violent predators.", ["perpetrator"]),
    ("Campaigners reject the myth that men are naturally violent.", ["perpetrator"]),
    ("Stereotypes about male dominance are everywhere.", ["perpetrator"]),
    ("Boys are taught to be aggressive.", ["perpetrator"]),
    # a pledge to end men's violence is not perpetrator
    ("Men pledged to end men's violence against women.", ["perpetrator"]),
    # other senses
    ("He beat him in the final.", ["perpetrator", "victim"]),
    ("She hopes to beat Trump in November.", ["victim"]),
    ("He was slapped with a lawsuit.", ["victim"]),
    ("He has denounced marches against sexual assault.", ["ally"]),
    ("Kelly asked Trump about his misogyny.", ["ally"]),
    ("He'll do plenty of chores to help me out.", ["ally"]),
    ("The growth in turnout benefited Republicans and Mr. Jones.", ["beneficiary"]),
    ("Unmarried fathers have no parental rights.", ["beneficiary"]),
    ("She attacked him in a speech on Tuesday.", ["victim"]),
    ("He shot a film about the war.", ["perpetrator"]),
    ("He suffered a defeat in the election.", ["victim"]),
    ("Biden benefits from the chaos.", ["beneficiary"]),
    ("He has the advantage in the race.", ["beneficiary"]),
    ("He is the main beneficiary of the chaos.", ["beneficiary"]),
    ("He was freed on bail.", ["beneficiary"]),
    ("He is happy.", ["beneficiary"]),
    ("He was charged with tax fraud.", ["perpetrator"]),
    ("He was responsible for the project.", ["perpetrator"]),
    ("Men commit a lot more violence than women.", ["ally"]),
    ("He killed himself last year.", ["perpetrator"]),
    ("Fathers who take paternity leave help normalise shared caregiving.", ["beneficiary"]),
    ("Men are expected to listen to their wives.", ["ally"]),
    ("He got more votes than his rival.", ["beneficiary"]),
    ("He was hit by a car.", ["victim"]),
    ("He insulted his neighbour, and then left without hurting anyone.", ["perpetrator"]),
    ("If he is convicted, he will appeal.", ["perpetrator"]),
    ("He supposedly attempted to assault her.", ["perpetrator"]),
    ("There were allegations of harassment against him.", ["victim"]),
    ("He said he was a feminist.", ["ally"]),
    ("In these courts a man is arrested on her word alone.", ["perpetrator"]),
    ("Men are perceived as sexual predators.", ["perpetrator"]),
    ("His death shocked the town.", ["victim"]),
    ("Boys shouldn't be violent.", ["perpetrator"]),
    ("Men have yet to organise a feminist movement.", ["ally"]),
    ("They dont support women's rights.", ["ally"]),
    # ally: naming, courtesy, non-conformity, topics and causes other than equality
    ("He started calling her sexist.", ["ally"]),
    ("Men should respect women.", ["ally"]),
    ("Men who break gender norms face stigma.", ["ally"]),
    ("Men who reject their gender roles are mocked.", ["ally"]),
    ("He is a civil rights activist.", ["ally"]),
    ("He is part of the movement for civil rights.", ["ally"]),
    ("His book on feminism sold well.", ["ally"]),
    ("In a post on feminism, he argued that the pay gap is a choice.", ["ally"]),
    ("He has written papers bashing feminism.", ["ally"]),
    # others engaging a man mentioned by name (news: "involved in a fight", a name taken for a man's)
    ("The university trained Mr. Lee on consent.", ["ally"]),
    ("Mr. Lee was involved in a fight over the harassment policy.", ["ally"]),
    # well-being without equality, gender or care in the sentence; "male privilege" as a topic
    ("Men should chase their happiness.", ["beneficiary"]),
    ("Psychology has a new approach to building healthier men.", ["beneficiary"]),
    ("We had to offer him the benefit of the doubt.", ["beneficiary"]),
    ("Freedom Works gave him a 15% rating.", ["beneficiary"]),
    ("It offered a soft landing place for politicians like Mr. Jones.", ["beneficiary"]),
    ("Men getting brutally raped is never discussed.", ["perpetrator"]),
    ("Male sexual assault is often used to shut down women.", ["perpetrator"]),
    ("The girls planned to hit on older guys at the party.", ["victim"]),
    ("There is a public discussion about male privilege.", ["beneficiary"]),
    # the main clause of a conditional, a comparison, a word of a name
    ("If a man speaks his mind, he is a chauvinist pig.", ["perpetrator"]),
    ("They talk about men like they are rapists.", ["perpetrator"]),
    ("An internet personality known as Bronze Age Pervert posted that he lifts weights.", ["perpetrator"]),
    # a man mentioned by name is not framed as a victim (news: contests, politics)
    ("The new strategy failed Mr. Nixon badly.", ["victim"]),
    ("Others want someone better placed to beat Mr. Kasich.", ["victim"]),
    ("Mr. Kasich is struggling against a tenacious challenger.", ["victim"]),
    ("Mr. Nixon said that the guards beat him.", ["victim"]),
    ("Mr. Kasich spoke on Monday. He is struggling.", ["victim"]),
]

# mentions that are not men
NOT_MEN = [
    "It is the hand of God that holds the project until He is ready.",
    "Anyone who knows a dangerous person can share his concerns.",
    "She set a new record in the men's triple jump.",
    "I have always been a supporter of men's rights.",
    "Everyone who works hard can earn his place.",
]


@pytest.fixture(scope="module")
def labelled():
    texts = [s for s, _, _ in POSITIVE] + [s for s, _ in NEGATIVE] + NOT_MEN
    return label_by_text(texts)


@pytest.mark.parametrize(("sentence", "frame", "cue_class"), POSITIVE, ids=[f"{f}/{c}:{s[:40]}" for s, f, c in POSITIVE])
def test_class_fires(labelled, sentence, frame, cue_class):
    assert_class_counts(labelled[sentence], frame, cue_class)


@pytest.mark.parametrize(("sentence", "frames"), NEGATIVE, ids=[s[:50] for s, _ in NEGATIVE])
def test_hard_negative(labelled, sentence, frames):
    assert_no_frame(labelled[sentence], frames)


@pytest.mark.parametrize("sentence", NOT_MEN)
def test_not_men(labelled, sentence):
    assert not labelled[sentence]["mentions_men"]


def test_every_class_is_tested():
    book = load_codebook()
    tested = {(f, c) for _, f, c in POSITIVE}
    assert {(f, c) for f, c, _ in book.cue_classes()} <= tested


def test_evidence_table_reports_the_class(nlp):
    from discourse.framing.frames import FRAME_COLUMNS, label_frames

    df = label_frames({"d": nlp("Boys are mocked for crying. Men earn more than women.")})
    assert "cue_class" in FRAME_COLUMNS and list(df.columns[: len(FRAME_COLUMNS)]) == list(FRAME_COLUMNS)
    assert set(zip(df["frame"], df["cue_class"], strict=True)) >= {("victim", "shaming_stigma"), ("beneficiary", "privilege_power")}
