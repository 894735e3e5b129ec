from __future__ import annotations

import re

import pytest

from discourse.corpus.clean import clean_text, load_boilerplate
from discourse.errors import CorpusError

WORD = re.compile(r"\w+")


def test_reflow_joins_blank_line_wrapped_text_and_keeps_headings_apart():
    body = [
        "In a world where gender equality continues to be a vital topic of discussion, the",
        "question of whether men can be true allies in this struggle is often brought to the",
        "forefront. The quest for equality is not just a women's issue; it's a societal one, where",
        "the participation of all genders is crucial for meaningful progress. But can men",
        "genuinely stand shoulder to shoulder with women in this endeavour? To explore this,",
        "we must delve into the dynamics of allyship, the shared responsibilities, and the",
        "potential for men to contribute positively to the cause of gender equality",
        "Understanding the Question",
        "To truly understand this question, it's important to define what being an ally means.",
        "An ally in the context of gender equality is someone who supports, empowers, and",
        "stands up for the rights and well-being of another group while not being a member.",
    ]
    out = clean_text("\n\n".join(body))
    paragraphs = out.text.split("\n\n")
    assert paragraphs[0].startswith("In a world where")
    assert paragraphs[0].endswith("cause of gender equality")
    assert paragraphs[1] == "Understanding the Question"
    assert out.segments[1] == ("heading", "Understanding the Question")
    assert paragraphs[2].startswith("To truly understand")
    assert "the question of whether men" in paragraphs[0]
    assert any(r["rule"] == "reflow" and r["action"] == "joined" for r in out.report)


def test_single_newline_paragraphs_are_not_glued():
    text = "First paragraph ends here.\n\nSecond paragraph starts Here.\nThird line is separate."
    out = clean_text(text)
    assert out.text.split("\n\n") == [
        "First paragraph ends here.",
        "Second paragraph starts Here.",
        "Third line is separate.",
    ]


def test_lowercase_continuation_is_joined_in_plain_text():
    out = clean_text("The men who stand\nwith women are allies.")
    assert out.text == "The men who stand with women are allies."


def test_boilerplate_lines_and_inline_credits_are_removed_and_reported():
    text = (
        "top of page\n\nTitle of the post\n\n  • Reading time:7 mins read\n\n"
        "Men teach boys about violence. Photo: Rada Akbar\n\n7 views0 comments\n\n"
        "Commenting has been turned off.\n\nbottom of page"
    )
    out = clean_text(text)
    assert out.text == "Title of the post\n\nMen teach boys about violence."
    rules = {r["rule"] for r in out.report}
    assert {"page_marker", "reading_time", "photo_credit_inline", "views_comments", "comments_closed"} <= rules
    removed = {r["original"] for r in out.report if r["action"] == "removed"}
    assert "Photo: Rada Akbar" in removed


def test_news_photo_credits_tweet_signatures_and_contributor_lines_are_cut():
    text = (
        "Senator Jane Roe speaks at a rally in Ohio, May 2, 2019. (Mark Doe/Reuters)\n\n"
        "Protesters march in the capital. (Reuters photo: Tom Smith)\n\n"
        "Activists gather outside the court (AP Photo/Alan Brown)\n\n"
        "REUTERS/Jim Stone\n\n"
        "PETER GRAY/REUTERS/FILE A young man puts up a poster in Lyon.\n\n"
        "Men can be allies too, and many are. pic.twitter.com/abc123 — Sam Lee (@samlee) March 3, 2018\n\n"
        "Contributing: Ann Bell in Zurich; Associated Press\n\n"
        "He said the photo: a lie, and the reporters/Reuters staff agreed (in part)."
    )
    out = clean_text(text)
    assert out.text.split("\n\n") == [
        "Senator Jane Roe speaks at a rally in Ohio, May 2, 2019.",
        "Protesters march in the capital.",
        "Activists gather outside the court",
        "A young man puts up a poster in Lyon.",
        "Men can be allies too, and many are.",
        "He said the photo: a lie, and the reporters/Reuters staff agreed (in part).",
    ]
    rules = {r["rule"] for r in out.report}
    assert {"name_agency_credit", "agency_photo_credit", "agency_name_credit", "tweet_attribution", "contributing_credit"} <= rules


def test_line_rule_never_deletes_a_long_body_sentence():
    sentence = "By the way, men who read more about gender equality were found to be allies in every one of the surveys we ran."
    assert clean_text(sentence).text == sentence


def test_typographic_quotes_normalised_without_changing_words():
    out = clean_text("Men\u2019s \u201cvoice\u201d\u00a0matters")
    assert out.text == "Men's \"voice\" matters"
    assert {r["rule"] for r in out.report} >= {"typographic_quotes", "unicode_space"}


def test_repeated_title_dropped_but_repeated_sentence_kept():
    out = clean_text("Engaging men as allies\n\nEngaging men as allies\n\nMen help. Men help.\n\nMen help. Men help.")
    assert out.text.count("Engaging men as allies") == 1
    assert out.text.count("Men help. Men help.") == 2


def test_html_markup_stripped():
    out = clean_text("<html><body><h1>Men &amp; boys</h1><p>Men can be <b>allies</b>.</p><script>x=1</script></body></html>")
    assert out.text == "Men & boys\n\nMen can be allies."
    assert any(r["rule"] == "html_markup" for r in out.report)


def test_user_boilerplate_rules_are_added(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("rules:\n  - id: donate\n    scope: line\n    pattern: 'donate now!?'\n", encoding="utf-8")
    rules, _ = load_boilerplate(extra)
    out = clean_text("Donate now!\n\nMen support women.", rules=rules)
    assert out.text == "Men support women."
    assert out.report[0]["rule"] == "donate"


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("rules: 3\n", "top-level 'rules:' list"),
        ("rules:\n  - id: x\n    scope: page\n    pattern: a\n", "scope must be 'line' or 'inline'"),
        ("rules:\n  - id: x\n    scope: line\n    pattern: '('\n", "invalid regular expression"),
        ("rules:\n  - id: x\n    scope: line\n", "lacks pattern"),
        ("rules: [\n  bad", "line 3: not valid YAML"),
    ],
)
def test_bad_boilerplate_files_give_one_line_errors(tmp_path, content, match):
    f = tmp_path / "bad.yaml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=match) as info:
        load_boilerplate(f)
    assert "\n" not in str(info.value)
    assert str(f) in str(info.value)


# --- the seed corpus -------------------------------------------------------------------------

BOILERPLATE = [
    "top of page",
    "bottom of page",
    "Reading time",
    "7 views0 comments",
    "Commenting has been turned off",
    "Photo: Rada Akbar",
    "Post category",
]


def test_no_boilerplate_survives_in_seed_corpus(seed_corpus):
    for doc in seed_corpus:
        for piece in BOILERPLATE:
            assert piece.lower() not in doc.text.lower(), (doc.doc_id, piece)


def _kept_words(doc_id, raw, report):
    """Words of the raw text minus what the report says was removed, in order."""
    from discourse.corpus.clean import _QUOTES, _QUOTES_RE

    rows = report[report["doc_id"] == doc_id]
    removed_lines = set(rows[(rows["action"] == "removed") & rows["line"].notna() & (rows["rule"] != "photo_credit_inline") & (rows["rule"] != "bullet")]["line"].astype(int))
    inline = {}
    for _, r in rows[rows["rule"] == "photo_credit_inline"].iterrows():
        inline.setdefault(int(r["line"]), []).append(r["original"])
    words = []
    raw = _QUOTES_RE.sub(lambda m: _QUOTES[m.group()], raw.replace("\r\n", "\n"))
    for no, line in enumerate(raw.split("\n"), start=1):
        if no in removed_lines:
            continue
        for piece in inline.get(no, []):
            line = line.replace(piece, " ")
        words.extend(WORD.findall(line))
    return words


def test_no_body_text_lost_in_seed_corpus(seed_corpus):
    report = seed_corpus.cleaning_report()
    for doc in seed_corpus:
        expected = _kept_words(doc.doc_id, doc.raw_text, report)
        assert WORD.findall(doc.text) == expected, doc.doc_id
        # and what was removed really is boilerplate: no line rule removed more than 14 words
        removed = report[(report["doc_id"] == doc.doc_id) & (report["action"] == "removed")]
        assert all(len(str(o).split()) <= 14 for o in removed["original"])


def test_joined_prefilter_keeps_each_rules_case_and_falls_back():
    from discourse.corpus.clean import _any_of, clean_text, load_boilerplate

    rules, words = load_boilerplate()
    assert _any_of(tuple(r for r in rules if r.scope == "line")) is not None
    text = "Written by John Smith\n\nwritten by john smith\n\nA sentence that stays here."
    out = clean_text(text, rules=rules, max_line_words=words)
    # the byline rule is case-sensitive for names: only the capitalised line goes
    assert out.text.split("\n\n") == ["written by john smith", "A sentence that stays here."]
    # a back-reference cannot be joined: the rules are tried one by one, with the same result
    echo, _ = load_boilerplate({"rules": [{"id": "echo", "scope": "line", "pattern": r"(\w+) \1"}]}, include_default=False)
    assert _any_of(tuple(echo)) is None
    out = clean_text("hello hello\n\nhello world", rules=echo)
    assert out.text == "hello world" and [r["rule"] for r in out.report] == ["echo"]
