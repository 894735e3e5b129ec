"""Precision rules (issue 14, precision in the wild): each rule blocks a class of false positives
seen in counted evidence of real corpora, on sentences written for these tests; each has a
control on which the true use still counts."""

from __future__ import annotations

import pytest

from discourse import label_sentences
from discourse.framing.codebook import load_codebook
from tests.framing.labelled import label_by_text

# (sentence the rule blocks, frame that must not count, control that still counts it)
CASES = [
    # a "non-" or "anti-" prefix negates or opposes the word it is joined to
    ("Non-violent men are the majority.", "perpetrator", "Violent men are a danger to women."),
    ("He was a non-abusive husband.", "perpetrator", "He was an abusive husband."),
    ("Anti-feminist men marched in the city.", "ally", "Feminist men marched in the city."),
    # abuse of a substance harms the man himself, not others
    ("He spoke openly about his drug abuse.", "perpetrator", "He apologised for his abuse of his wife."),
    ("His alcohol abuse ruined his career.", "perpetrator", "His abuse of his children went on for years."),
    # a yes / no question asks whether it happens; the statement says so
    ("Do men commit more violent crimes than women?", "perpetrator", "Men commit more violent crimes than women."),
    ("Are boys more privileged than girls?", "beneficiary", "Boys are more privileged than girls."),
    # a charge against men in general put in someone else's mouth (count_attributed: false) ...
    ("My teacher told us that men are violent.", "perpetrator", "I think that men are violent."),
    ("Feminists claim that men are violent.", "perpetrator", "Smith said that older boys abused him."),
    # ... but not a charge against a particular man
    ("The activist says that men are rapists.", "perpetrator", "She said that he raped her."),
    ("Does he hit his wife?", "perpetrator", "He hits his wife."),
    # ... and "can men be ...?" asks what men can be, as "men can be allies" says it
    # an embedded question under "whether"
    ("The court asked whether he had been violent.", "perpetrator", "He had been violent."),
    # a public figure his opponents fear is not framed as a perpetrator (feared: named_men false)
    ("Voters are afraid of Mr Johnson.", "perpetrator", "She was afraid of her husband."),
    # power or a portrayal, not harm
    ("Men are dominant in politics.", "perpetrator", "Men believe that they are superior to women."),
    # an imperative that sets up a scenario
    ("Imagine a man hitting a woman in public.", "perpetrator", "A man hit a woman in public."),
    # a claim the writer makes inside someone else's report is still reported
    ("She said that we should warn girls that men are predators.", "perpetrator", "We should warn girls that men are predators."),
    # a named holder of a belief is not a source of testimony
    ("The university believes that male students are potential rapists.", "perpetrator", "Smith said that older boys abused him."),
    # a politician's conduct named with a harm word is not harm to a person
    ("Voters were angered by his abuse of power.", "perpetrator", "Voters were angered by his abuse of his wife."),
    ("His latest rhetorical attack on the press drew criticism.", "perpetrator", "His attack on the nurse drew criticism."),
    ("His political attacks on the press drew criticism.", "perpetrator", "His attack on the nurse drew criticism."),
    # "the male gaze" is a way of looking in media, not an act of men
    ("The film caters to the male gaze.", "perpetrator", "The film shows male violence against women."),
    # "choke back tears", "expose himself as a fraud": not harm
    ("He choked back tears.", "perpetrator", "He choked her."),
    ("He was exposing himself as a fraud.", "perpetrator", "He exposed himself to a woman on the train."),
    # tier 2: a participle adjective makes the noun its undergoer ("abused men"); an act
    # compounded with a noun has no doer there ("rape cases")
    ("The shelter for abused men closed.", "perpetrator", "He abused his stepson for years."),
    ("The report covers rape cases involving men.", "perpetrator", "He raped a woman."),
    # tier 2: a participle with its own subject is active ("allegations that he had abused
    # women"); who a harm comes from does it ("discrimination from their brethren")
    ("He resigned amid allegations that he had abused women.", "victim", "Boys abused by priests rarely speak out."),
    ("They tolerated the discrimination from their Southern brethren.", "victim", "Men face discrimination from employers."),
    # tier 2 takes no word in a supposition or comparison either
    ("It's not as if a big male wrestler assaulted police.", "perpetrator", "A big male wrestler assaulted police."),
    # "men don't get it": understanding, not support withheld
    ("Men don't get it.", "victim", "Men don't get any support."),
    # a definition says what a word means, not that the thing happens
    ("Misandry is defined as a hatred of men.", "victim", "Misandry is a hatred of men."),
    ("Androphobia is defined as a fear of men.", "perpetrator", "Many women fear men."),
    # a negated perception verb reaches its bare clause
    ("She never saw him attack anyone.", "perpetrator", "She saw him attack a woman."),
    # "didn't find any X men": what the men are said to be is denied with them
    ("I didn't find any feminist men.", "ally", "I found some feminist men."),
    ("I don't know any man who thinks a woman owes him sex.", "perpetrator", "I know a man who thinks a woman owes him sex."),
    # an act done to men in a title the tagger reads as names ("The Sexual Exploitation of Men")
    ("The Sexual Exploitation of Men in War", "perpetrator", "The Violence of Men"),
    # someone else's claim that a man supports women (ally: count_claimed: false)
    ("She claimed her father was an advocate of women's rights.", "ally", "Her father was an advocate of women's rights."),
    ("His rival insisted that he would support equal pay.", "ally", "He would support equal pay."),
    # an "if" clause the parser made the root of the sentence is still a supposition
    ("If a man slaps someone he may regret it later.", "perpetrator", "A man slapped someone and regretted it later."),
    # a "they" after "than men" refers to what is compared, not to the men
    ("Women may be smaller than men, but they can still hurt them badly.", "perpetrator", "Men may be bigger than women, and they can hurt them badly."),
    # an object "them" is not the noun its own relative clause hangs on
    ("Women deal with specific men who physically threaten them.", "victim", "Boys who were abused often hide it; adults who hurt them are rarely punished."),
    # a label people in general put on the man ("they call him abusive"); the writer's own, and
    # that of a source the text identifies, still count
    ("The neighbours call him abusive.", "perpetrator", "I call him a predator."),
    ("Many women call him abusive.", "perpetrator", "The journalist called him a sexual predator."),
    # "male X" set against "female X": the men are one side of a comparison
    ("In some places, female traffickers outnumber male traffickers.", "perpetrator", "Male traffickers prey on girls."),
    # a title in apposition to, or coordinated with, a name is the named man (victim: named_men false)
    ("Former club chairman and owner Tom Brady has died.", "victim", "The old man died alone in his flat."),
    ("Tom Brady, a native son of Ohio, has died.", "victim", "Reporters criticised attacks on her teenage son Barron."),
    # support withheld under a modal, by an imperative or as the speaker's own stance
    ("The party must not support him.", "victim", "The shelters did not accept men."),
    ("I don't respect men who lie.", "victim", "Nobody respects men who cry."),
    ("Don't believe men who deny it.", "victim", "Nobody believes men who report abuse."),
    # a man's own claim to be a victim, in a subjectless "claiming ..." participle
    ("He spoke after her, claiming he was the victim of a conspiracy.", "victim", "He spoke after her; he was the victim of a conspiracy."),
    # inside the "as" phrase of a verb of portraying: a portrayal the text reports
    ("Critics frame poverty as a problem that mostly hurts young men.", "victim", "Poverty mostly hurts young men."),
    ("The debate frames it as a crime perpetrated by men on women.", "perpetrator", "I see it as a crime perpetrated by men on women."),
    # a charge against all men, or men alone, is a sweeping generalisation held up to reject it
    ("Some activists still say things like all men are rapists.", "perpetrator", "Some men are rapists."),
    ("Only men are the offenders, apparently.", "perpetrator", "It is not only men who push and grab women."),
    ("Every man is a potential predator.", "perpetrator", "All men who hit women are cowards."),
    # what a depiction shows (film, images, training material) is not the text's claim
    ("Every image in the training program depicted a man harassing a young woman.", "perpetrator", "A man harassed a young woman in the training program."),
    ("The representation of distant, violent, needy men in films is endless.", "perpetrator", "Distant, violent, needy men are everywhere in our town."),
    # "all men" narrowed by a relative clause someone else is the subject of is still all men
    ("I replied that all men you don't know are rapists.", "perpetrator", "I replied that some men you don't know are rapists."),
    # tier 2 takes no word in what follows from a supposition either
    ("If men were fired for their hobbies, that would be discrimination.", "victim", "Men were fired for their hobbies, and that was discrimination."),
    # "expose" is harm only as indecent exposure ("exposed himself to her")
    ("He exposed the senator in a long article.", "perpetrator", "A former classmate said he once exposed himself to her at a party."),
    ("Men keep exposing their partners' secrets online.", "perpetrator", "He exposed himself to a woman on the train."),
    ("He exposed the senator in a long article.", "perpetrator", "The singer was accused of exposing himself at a concert."),
    # "it's not like ...": a counterfactual the text dismisses, however "like" is tagged
    ("It's not like this was some tiny woman attacking a huge man.", "victim", "This was a tiny woman attacking a huge man."),
    ("It is not like he hit her.", "perpetrator", "It's not that he hit her, it's that he lied."),
    # "anti-male X" is against men, not theirs; "non-male" people are not men
    ("Anti-male sexism is everywhere in the media.", "perpetrator", "Male sexism is everywhere in the media."),
    ("I kept seeing sexist anti-male nonsense all over the place.", "perpetrator", "I kept seeing sexist male colleagues all over the place."),
    ("Non-male staff were excluded.", "victim", "Male staff were excluded."),
    # a yes / no question reached through a gerund; a simile's man
    ("Do men here typically sit at home abusing their wives?", "perpetrator", "Men here typically sit at home abusing their wives."),
    ("He looked like a man falsely accused.", "victim", "He was a man falsely accused."),
    # what "would" happen in a sentence that supposes something, below a "since" clause
    ("Women would be safer if most men were locked up, since they would not get harassed and stalked by men.", "perpetrator", "Women are safer now, since they are not harassed and stalked by men as often."),
    # a scenario set up by an imperative the parser hung as a conjunct, or by "say"
    ("Suppose, a wife waits until her husband falls asleep and hits him.", "victim", "A wife waited until her husband fell asleep and hit him."),
    ("Say a rich man pays a woman to falsely accuse a young man of rape.", "victim", "A rich man paid a woman to falsely accuse a young man of rape."),
]


def test_possibility_question_counts():
    # "can men be allies?" asks what men can be, as "men can be allies" says it
    df = label_sentences(["Can men be allies?"])
    assert "ally" in set(df["frames"][0])


def test_negated_question_still_presupposes():
    # a negated question takes the thing as given ("why does nobody listen to men?")
    df = label_sentences(["Why does nobody listen to men?", "Doesn't anyone listen to men?"])
    assert all("victim" in set(f) for f in df["frames"])


def test_instruction_is_not_a_claim():
    # "tell men to do X" instructs them (they do it); "tell that men are X" claims it
    df = label_sentences(["The gang leader told some young men to attack the women."])
    assert "perpetrator" in set(df["frames"][0])


def test_claimed_accusation_still_counts():
    # an accusation is reported with "claim" as a matter of course: perpetrator keeps counting it
    df = label_sentences(["She claimed he groped her."])
    assert "perpetrator" in set(df["frames"][0])


def test_count_claimed_is_a_frame_and_cue_key():
    book = load_codebook()
    assert all(not c.count_claimed for c in book.frames["ally"].cues)
    assert all(c.count_claimed for c in book.frames["perpetrator"].cues)
    data = {"frames": {"x": {"description": "d", "count_claimed": False, "cues": [{"role": "agent", "lemmas": ["help"]}, {"role": "agent", "lemmas": ["aid"], "count_claimed": True}]}}}
    assert [c.count_claimed for c in load_codebook(data).frames["x"].cues] == [False, True]


def test_count_attributed_is_a_frame_and_cue_key():
    book = load_codebook()
    assert all(not c.count_attributed for c in book.frames["perpetrator"].cues)
    assert all(c.count_attributed for c in book.frames["victim"].cues)
    data = {"frames": {"x": {"description": "d", "count_attributed": False, "cues": [{"role": "agent", "lemmas": ["hit"]}, {"role": "agent", "lemmas": ["kick"], "count_attributed": True}]}}}
    cues = load_codebook(data).frames["x"].cues
    assert [c.count_attributed for c in cues] == [False, True]


def test_own_statement_of_a_fact_about_himself_still_counts():
    # only a subjectless "claiming ..." is the man's claim about himself; "he has to tell people
    # that he is a convicted rapist" states a fact he must disclose
    df = label_sentences(["Every time he applies for a job he has to tell people that he is a convicted rapist."])
    assert "perpetrator" in set(df["frames"][0])


def test_anti_male_harm_is_undergone_by_men():
    # "anti-male bias" is bias against men: victim, as "bias against men"
    df = label_sentences(["There is a lot of anti-male bias in family courts."])
    assert "victim" in set(df["frames"][0])


def test_content_clause_of_a_question_with_its_own_subject_still_counts():
    # "were they afraid people would think men suffer ...?" takes the suffering as given
    df = label_sentences(["Were they afraid people would think men suffer the most from violence?"])
    assert "victim" in set(df["frames"][0])


def test_refusal_and_title_rules_keep_true_victims():
    # the speaker's stance is the withholding verb's own subject, not that of a coordinated
    # verb; a plain "man" in apposition to a name is no title
    df = label_sentences([
        "I understand why there is support for women in science, but why is there no such support for men who want to be nurses?",
        "A woman falsely accused an innocent man, Donald Robinson, of rape.",
        "He looked for a shelter that would take fathers, but he couldn't find one that accepted men.",
    ])
    assert all("victim" in set(f) for f in df["frames"])


def test_exposure_and_portrayed_allegations_still_count():
    # indecent exposure named by the body part; allegations a man portrays as smears are still
    # allegations against him (only a depiction's own content is held at a distance)
    df = label_sentences([
        "He dropped his trousers and exposed his penis to her.",
        "He portrayed the allegations against him as politically motivated smears.",
    ])
    assert all("perpetrator" in set(f) for f in df["frames"])
# Ally and beneficiary precision (issue 14, sample 6161): (sentence the rule blocks, frame that
# must not count, control that still counts it)
ALLY_BENEFICIARY_CASES = [
    # a predicative word under a negated copula is negated with it
    ("Strict gender roles are not good for boys.", "beneficiary", "Gender equality is good for boys."),
    # relieved of a post is not a gain
    ("The army used a rotation system that relieved men from the front lines.", "beneficiary", "A fairer system relieved men of the pressure to provide alone."),
    # a field men go into is not pay they get
    ("Many men get into higher-paying careers.", "beneficiary", "Many men get higher pay than women."),
    # a privilege claim about men in general that someone else makes (count_attributed: false)
    ("Feminists claim that men are privileged.", "beneficiary", "Men are privileged."),
    ("My cousin insists that men have more power than women.", "beneficiary", "Men have more power than women."),
    # ... but a pay statistic relayed from a source still counts
    ("My cousin insists that men have more power than women.", "beneficiary", "My cousin insists that men get higher pay than women."),
    # equality qualified by another cause
    ("He has long supported marriage equality.", "ally", "He has long supported gender equality."),
    ("The senator voiced his support for equal marriage.", "ally", "The senator voiced his support for equal pay for women."),
    # a harm done to men is men's own cause (victim), not an ally's
    ("The charity urges men to raise awareness of violence against men.", "ally", "The charity urges men to raise awareness of violence against women."),
    # a harm its speakers underwent: victims who speak up
    ("She thanked the women and men who spoke up about the harassment they endured.", "ally", "She thanked the men who spoke up about the harassment of women."),
    # allies of men, not of equality
    ("Young men often see older men as their allies.", "ally", "Women see men as their allies."),
    # one word may not be both target and also-target: a ribbon worn is not a campaign joined
    ("He wore his Purple Heart ribbon to the speech.", "ally", "Men wore white ribbons to end violence against women."),
    # a person conjoined with the men does it with them; it is not what they support
    ("There was a gap between the women and men who supported Obama.", "ally", "Black men who supported women's rights marched."),
    # an embedded question under "if" after a verb of asking
    ("Reporters wondered if he was a feminist.", "ally", "Reporters wrote that he was a feminist."),
    # a ", which ..." clause after the men is about what the sentence said, not about the men
    ("The new rules will affect fathers, which is part of the solution.", "ally", "Men, who are part of the solution, must act."),
    # privilege conceded to some men is not men's as a group (some_men: false)
    ("Sure, some men are privileged, but so are some women.", "beneficiary", "Men are privileged, but so are some women."),
    # "happy to do X" says what the men are willing to do, not how they fare
    ("Men would be more than happy to stay at home and do childcare if they could.", "beneficiary", "In more equal couples, men are happy with their role at home."),
    # someone else's claim (ally: count_claimed: false) reached through a passive by-phrase
    ("She claimed the bill was motivated by his support of women's equality.", "ally", "The bill was motivated by his support of women's equality."),
]


def test_count_standard_is_a_cue_key_for_men_as_the_standard_of_a_ratio():
    # the packaged codebook counts a pay gap with men as its standard (the gold sets code it so);
    # count_standard: false drops it and keeps men as the subject of the advantage
    book = load_codebook()
    assert all(c.count_standard for c in book.cues())
    standard = ["Women earn 78 cents for every dollar earned by men.", "She paid her female staff 70 cents for each dollar paid to men.", "Women make 80 cents for every dollar a man makes."]
    subject = ["Men earn more money than women.", "Men are paid more than women."]
    data = {
        "frames": {
            "beneficiary": {
                "description": "d",
                "cues": [
                    {"id": "b.earn", "role": "agent", "lemmas": ["earn", "make"], "targets": ["more", "dollar", "cent"], "also_targets": ["dollar", "cent", "woman", "money"], "target_scope": "phrase", "count_standard": False},
                    {"id": "b.paid", "role": "patient", "lemmas": ["pay"], "targets": ["more", "dollar"], "target_scope": "phrase", "count_standard": False},
                ],
            }
        }
    }
    assert not any(c.count_standard for c in load_codebook(data).cues())
    strict = label_sentences(standard + subject, codebook=data)
    assert [("beneficiary" in set(f)) for f in strict["frames"]] == [False, False, False, True, True]
    default = label_sentences(standard)
    assert all("beneficiary" in set(f) for f in default["frames"])


def test_an_idea_or_a_blame_about_men_in_general_is_reported_not_asserted():
    # "the idea that men are X", "men get blamed for being X": the charge is someone's, held apart
    df = label_sentences([
        "The idea that men are violent is a dumb generalization.",
        "Men get blamed for being abusive.",
        "Men are violent.",
        "I like the idea that men are allies.",  # ally counts a claim about men by others
    ])
    frames = [set(f) for f in df["frames"]]
    assert "perpetrator" not in frames[0] and "perpetrator" not in frames[1]
    assert "perpetrator" in frames[2]
    assert "ally" in frames[3]


# Rules added after the blind sample 7373, from its wrong units
LATER_CASES = [
    # "no matter how many marches they attend": granted only to be set aside
    ("No matter how many feminist marches men attend, they remain oppressors.", "ally", "Men attend feminist marches."),
    # the writer stresses that the charge has no evidence: not put forward as his doing
    ("He was accused of rape without any evidence.", "perpetrator", "He was accused of rape."),
    # "overrepresented" with no harm named (among CEOs, or alone) is not victim
    ("White men remain overrepresented among the CEOs of large firms.", "victim", "Men are overrepresented among the homeless."),
    ("Men are overrepresented.", "victim", "Men are overrepresented among the homeless."),
    # a harm named as lessened is not undergone ("less", "fewer", "lower levels of"); more of it is
    ("Men report less stress at work than women.", "victim", "Men report more stress at work than women."),
    ("Fathers who take leave report lower levels of depression.", "victim", "Fathers who take leave report higher levels of depression."),
    ("Boys experience fewer symptoms of anxiety after the programme.", "victim", "Boys experience symptoms of anxiety after the programme."),
    ("Men reported less loneliness after joining the group.", "victim", "Men reported loneliness after joining the group."),  # tier 2
]


@pytest.fixture(scope="module")
def labelled():
    texts = sorted({s for case in CASES + ALLY_BENEFICIARY_CASES + LATER_CASES for s in (case[0], case[2])})
    return {text: set(row["frames"]) for text, row in label_by_text(texts).items()}


@pytest.mark.parametrize("blocked, frame, control", CASES + ALLY_BENEFICIARY_CASES + LATER_CASES)
def test_rule_blocks_false_positive_and_keeps_control(labelled, blocked, frame, control):
    assert frame not in labelled[blocked], blocked
    assert frame in labelled[control], control
