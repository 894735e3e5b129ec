"""Frame labelling, sentence table, profile and JSONL labelling through the real pipeline."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from discourse.errors import OutputError
from discourse.framing.frames import (
    label_frames,
    sentence_frames,
)
from discourse.framing.label import label_jsonl, label_sentences
from discourse.stats import frame_profile, wilson_interval


@pytest.fixture(scope="module")
def nlp():
    from discourse.nlp import load_pipeline

    return load_pipeline()


CASES = {
    "ally_agent": ("Men who stand with women help the cause of gender equality.", ["ally"]),
    "ally_patient": ("The programme encourages men to become allies of women.", ["ally"]),
    "victim_passive": ("Boys are shamed for crying.", ["victim"]),
    "victim_pp": ("Domestic violence against men is rarely reported.", ["victim"]),
    "victim_copula": ("Men can also be victims of domestic violence.", ["victim"]),
    "victim_possessive": ("We must address men's suicide.", ["victim"]),
    "perp_agent": ("Husbands beat their wives.", ["perpetrator"]),
    "perp_by": ("Violence by men is common.", ["perpetrator"]),
    "benefit_patient": ("Gender equality benefits men too.", ["beneficiary"]),
    "negated": ("Men are not the enemy.", []),
    "not_all": ("Not all men are abusers.", []),
    "reported_belief": ("The myth that men cannot be victims silences them.", ["victim"]),
    "women_only": ("Women are victims of violence, but men say nothing.", []),
    "wwii_allies": ("The Allies landed in Normandy.", []),
    "insurance": ("The beneficiary of the policy is named in the contract.", []),
    "insurance_men": ("He named his son as the beneficiary of the insurance policy.", []),
    # general patterns added with the broader lexicons
    "ally_goal_pp": ("The charity wants to involve fathers in the fight for gender equality.", ["ally"]),
    "ally_role": ("Men have an important role to play in ending sexism.", ["ally"]),
    "victim_withheld": ("The clinic did not accept men.", ["victim"]),
    "victim_nobody": ("Nobody listens to boys.", ["victim"]),
    "victim_not_get": ("Fathers rarely get support after a divorce, and they don't get help.", ["victim"]),
    "victim_as_man": ("As a man, I was mocked by my coworkers.", ["victim"]),
    "victim_feel": ("Many young men feel lonely and hopeless.", ["victim"]),
    "victim_about": ("Harmful stereotypes about men are everywhere.", ["victim"]),
    "perp_conduct": ("The course aims at changing men's attitudes.", ["perpetrator"]),
    "perp_possessed": ("Her brother's threats frightened the family.", ["perpetrator"]),
    "perp_uphold": ("Some men uphold patriarchy in their homes.", ["perpetrator"]),
    "benefit_privilege": ("Men enjoy privileges that women lack.", ["beneficiary"]),
    "benefit_wellbeing": ("Shared housework improves fathers' health.", ["beneficiary"]),
    # hard negatives
    "women_victims_of_men": ("Women are victims of men.", ["perpetrator"]),
    "treat_well": ("Good fathers treat their daughters well.", []),
    "protector": ("He wants to protect his wife.", []),
    "interjection_only": ("Man, the weather was awful.", []),
    "allies_ww2_men": ("Allied soldiers landed in Normandy, and many of the men died.", ["victim"]),
    # attachment and scope rules that hold for any English text
    "ally_goal_on_object": ("We need to engage men in the pursuit of gender equality.", ["ally"]),
    "ally_gerund_control": ("Men play a key role by advocating for gender equality.", ["ally"]),
    "ally_praised_for": ("He was praised for supporting women's rights.", ["ally"]),
    "implicative_refuse": ("He refused to support women's rights.", []),
    "scope_doesnt_mean": ("This doesn't mean that every man is a rapist.", []),
    "falsely_accused_gerund": ("He was falsely accused of raping her.", ["victim"]),
    "acquitted": ("He was acquitted of assaulting her.", []),
    "reflexive_agent": ("He allegedly forced himself on her.", ["perpetrator"]),
    "reflexive_self_harm": ("He killed himself last year.", ["victim"]),
    "by_not_passive": ("The network stood by him during the scandal.", []),
    "possessed_not_self": ("Hurling insults at the prosecutor is not going to help his case.", []),
    "possessed_self": ("The accusation ruined his life.", ["victim"]),
    "relative_possessed": ("Rigid norms limit the role a man can play in his family.", ["victim"]),
    "conjoined_for": ("Equality is good for women and for men.", ["beneficiary"]),
    "including_on_verb": ("Equality is not just beneficial for women, but for society, including men.", ["beneficiary"]),
    "them_not_subject": ("They lured the women to a party so that a group of men could assault them.", ["perpetrator"]),
    "generic_verb_person": ("He spoke to his wife about dinner.", []),
    "generic_verb_help": ("He helped the girls with their homework.", []),
    "take_aim": ("He took aim at the #MeToo movement in his speech.", []),
    "object_controls_gerund": ("He held her arm to stop her from helping the men.", []),
    "negated_above_infinitive": ("The shelter did not want to accept men.", ["victim"]),
    "feared": ("She was afraid of her husband.", ["perpetrator"]),
    "men_afraid": ("Many men are afraid of speaking out.", ["victim"]),
    "touch_described": ("He put his hand over her mouth.", ["perpetrator"]),
    "account_for_suicides": ("Men account for three quarters of suicides.", ["victim"]),
    "account_for_offenders": ("Men account for most perpetrators of domestic abuse.", ["perpetrator"]),
    "earn_more": ("Men earn more than women for the same work.", ["beneficiary"]),
    "given_outlet": ("The sheds give older men an outlet for their feelings.", ["beneficiary"]),
    "paternity_leave": ("Fathers who take paternity leave help normalise shared caregiving.", ["ally"]),
    "infinitive_object_control": ("The initiative trains young men to intervene when they witness harassment.", ["ally"]),
    "purpose_clause_partner": ("Some men use coercive control to isolate their partners.", ["perpetrator"]),
    "noun_cue_not_verb": ("He attacked the proposal in a speech on Tuesday.", []),
    "victim_idiom": ("He was a victim of his own success.", []),
    "norms_imposed": ("Boys are expected to be tough and never cry.", ["victim"]),
    # his own denial of a specific harm shows him accused of it (the conventions of corpus/README.md)
    "own_denial_is_accused": ("He insisted that he had never harassed anyone.", ["perpetrator"]),
    "common_belief_contested": ("Many people assume that boys are never abused.", ["victim"]),
    "prevented_support": ("Peer pressure prevents many men from supporting gender equality.", ["ally"]),
    "role_of_men_in": ("The role of men in ending violence against women is essential.", ["ally"]),
    "men_word_is_cue": ("The gunman opened fire on the crowd.", ["perpetrator"]),
    "election_not_harm": ("Nixon failed to beat him in the 1960 election.", []),
    "depicted_with_contempt": ("Fathers are portrayed as bumbling idiots in advertising.", ["victim"]),
    "myth_affirmative": ("Campaigners reject the myth that men are naturally violent.", []),
    "myth_relative_clause": ("We must dismantle the stereotypes that constrain men.", ["victim"]),
    "respectful_treatment": ("He treats her with respect and never pressures her.", []),
    "fight_person": ("Another father is fighting to stop his ex-wife from moving abroad.", []),
    "rape_survivor": ("He is a male rape survivor.", ["victim"]),
    "own_lives": ("Many men take their own lives.", ["victim"]),
    "lives_of_men": ("Suicide claims the lives of thousands of young men every year.", ["victim"]),
    "commit_violence_not_victim": ("Men commit a lot more violence than women.", ["perpetrator"]),
    "clause_not_in_phrase": ("If he had any indication that there was an issue, he would have acted.", []),
    "object_does_infinitive": ("My father employed women and enabled them to thrive.", []),
}


def test_label_sentences_cases(nlp):
    df = label_sentences({k: v[0] for k, v in CASES.items()}, nlp)
    got = dict(zip(df["id"], df["frames"], strict=True))
    wrong = {k: (got[k], v[1]) for k, v in CASES.items() if got[k] != v[1]}
    assert not wrong
    assert list(df.columns) == ["id", "text", "mentions_men", "frames", "evidence"]
    assert not df.set_index("id").loc["wwii_allies", "mentions_men"]


def test_label_frames_evidence_and_negation(nlp):
    docs = {"d1": nlp("Men are not the enemy. Boys are shamed.")}
    df = label_frames(docs)
    neg = df[df["frame"] == "perpetrator"].iloc[0]
    assert bool(neg["negated"]) and not bool(neg["counts"]) and neg["cue"] == "enemy"
    vic = df[df["frame"] == "victim"].iloc[0]
    assert (vic["role"], vic["sent_id"], vic["rule_id"], vic["cue_class"]) == ("patient", 1, "victim.patient.shamed", "shaming_stigma")


def test_sentence_frames_and_profile(nlp):
    docs = {
        "a": nlp("Boys are shamed.\n\nMen are here.\n\nMen support women's rights.\n\nThe weather is fine."),
        "b": nlp("Husbands beat their wives."),
    }
    sents = sentence_frames(docs)
    assert sents.groupby("doc_id").size().to_dict() == {"a": 3, "b": 1}
    prof = frame_profile(sents, by="doc_id")
    row = prof[(prof["doc_id"] == "a") & (prof["frame"] == "victim")].iloc[0]
    assert (row["n"], row["n_sentences"]) == (1, 3)
    assert row["share"] == pytest.approx(1 / 3)
    unframed = prof[(prof["doc_id"] == "a") & (prof["frame"] == "unframed")].iloc[0]
    assert unframed["n"] == 1
    assert list(prof.columns) == ["doc_id", "frame", "n", "n_sentences", "n_documents", "share", "ci_low", "ci_high", "ci_method", "design_effect"]


def test_wilson_by_hand():
    # k=1, n=4, z=1.96: centre 0.3725, half-width 0.3269 -> (0.0456, 0.6994)
    lo, hi = wilson_interval(1, 4)
    assert lo == pytest.approx(0.0456, abs=1e-4) and hi == pytest.approx(0.6994, abs=1e-4)
    lo0, hi0 = wilson_interval(0, 10)
    assert lo0 == pytest.approx(0.0, abs=1e-12) and hi0 == pytest.approx(0.2775, abs=1e-4)
    # exact bounds at the ends, whatever the rounding of the formula (no 1e-17 in a paper's table)
    for n in range(1, 60):
        assert wilson_interval(0, n)[0] == 0.0 and wilson_interval(n, n)[1] == 1.0


def test_label_jsonl(tmp_path, nlp):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x", "text": "Boys are shamed.", "extra": 1}) + "\n\n" + json.dumps({"id": "y", "text": "It rains."}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert label_jsonl(src, out, nlp=nlp) == 2
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == {"id": "x", "text": "Boys are shamed.", "extra": 1, "mentions_men": True, "frames": ["victim"], "evidence": "victim/shaming_stigma:victim.patient.shamed(Boys patient shame)",
        "frame_evidence": [{"frame": "victim", "counts": True, "rule_id": "victim.patient.shamed", "cue_class": "shaming_stigma", "cue": "shame", "mention": "Boys", "role": "patient", "via": "direct"}]}
    assert lines[1]["mentions_men"] is False and lines[1]["frames"] == []
    with pytest.raises(OutputError, match="output file is the input file"):
        label_jsonl(src, src, nlp=nlp)


TIER2_CASES = {
    # positives: strong cue near a men mention, missed by the role-tied tier 1
    "t2_depression": ("Depression among older men is common.", ["victim"]),
    "t2_suicide": ("Suicide among young men has risen.", ["victim"]),
    "t2_better_off": ("Boys are better off with involved fathers.", ["beneficiary"]),
    # hard negatives
    "t2_allies": ("The Allies won the war, and our men came home.", []),
    "t2_women_victims": ("Women are victims, and men see it.", []),
    "t2_not_abused": ("He was not abused.", []),
    "t2_insurance": ("He named his son the beneficiary of his insurance policy.", []),
    "t2_she_harassed": ("She harassed him.", ["victim"]),
}


def test_tier2_cases_and_switch(nlp):
    import yaml

    from discourse.framing.codebook import DEFAULT_CODEBOOK

    df = label_sentences({k: v[0] for k, v in TIER2_CASES.items()}, nlp)
    got = dict(zip(df["id"], df["frames"], strict=True))
    wrong = {k: (got[k], v[1]) for k, v in TIER2_CASES.items() if got[k] != v[1]}
    assert not wrong
    rows = label_frames({"a": nlp("Depression among older men is common.")})
    assert list(rows["rule_id"]) == ["victim.tier2.1"] and list(rows["via"]) == ["tier2"]
    book = yaml.safe_load(DEFAULT_CODEBOOK.read_text(encoding="utf-8"))
    book["tier2"]["enabled"] = False
    off = label_sentences(["Depression among older men is common.", "She harassed him."], nlp, codebook=book)
    assert list(off["frames"]) == [[], ["victim"]]


def test_label_jsonl_bad_lines_name_file_and_line(tmp_path, nlp):
    from discourse.errors import CorpusError

    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "x", "text": "Men help."}\n{"id": "y", "body": "no text"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"in\.jsonl: line 2 needs a string 'text' field"):
        label_jsonl(src, tmp_path / "out.jsonl", nlp=nlp)
    src.write_text('{"id": "x", "text": "Men help."}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"in\.jsonl: line 2 is not a JSON object"):
        label_jsonl(src, tmp_path / "out.jsonl", nlp=nlp)
    assert not (tmp_path / "out.jsonl").exists()


def test_frame_tables_equal_the_two_separate_tables(nlp):
    from discourse.framing.frames import frame_tables

    docs = {
        "a": nlp("Men can be allies of women. Husbands beat their wives."),
        "b": nlp("Boys are shamed for crying. The weather is fine. He is not an abuser."),
    }
    evidence, sentences = frame_tables(docs)
    pd.testing.assert_frame_equal(evidence, label_frames(docs))
    pd.testing.assert_frame_equal(sentences, sentence_frames(docs))
    assert sentences.attrs["frames"] == ["ally", "beneficiary", "victim", "perpetrator"]
    assert set(sentences["doc_id"] + ":" + sentences["sent_id"].astype(str)) == {"a:0", "a:1", "b:0", "b:2"}
