"""The data dictionary of an output folder: what each file holds, each column's meaning, units and method.

:func:`write_dictionary` writes ``README.md`` into a results folder, describing exactly the
tables it is given (one ``<name>.csv`` each) in their column order; a column the dictionary does
not know (a metadata column of the corpus, a covariate) is listed as metadata. The companion
files :func:`discourse.analyze` writes beside the tables (``run.json``, the codebook and lexicon
copies, ``figures/``) are described when they are in the folder.

The descriptions live in :data:`TABLES` (one :class:`TableDoc` per table name; ``frames_by_<col>``
and ``compare_frames_by_<col>`` stand for a table per metadata column) and can be read without
writing anything: :func:`describe_table`, :func:`dictionary_markdown`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DiscourseError
from ..io import atomic_write

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DICTIONARY_FILE",
    "TABLES",
    "ColumnDoc",
    "TableDoc",
    "describe_table",
    "dictionary_markdown",
    "write_dictionary",
]

#: The file :func:`write_dictionary` writes.
DICTIONARY_FILE = "README.md"


@dataclass(frozen=True)
class ColumnDoc:
    """One column: what it means, its units and (where it is computed) how.

    Attributes
    ----------
    meaning : str
    units : str
        ``"text"``, ``"count"``, ``"proportion (0-1)"``, ``"true/false"`` ...
    method : str
        How the value is computed; empty for a value read off the text.
    """

    meaning: str
    units: str = "text"
    method: str = ""


@dataclass(frozen=True)
class TableDoc:
    """One table: what a row is, what the table answers, how it is made, and its columns.

    Attributes
    ----------
    title : str
        One line: what the table holds.
    row : str
        What one row is.
    method : str
        How the table is made (a paragraph; may be empty).
    columns : dict of str to ColumnDoc
        The columns the table has, in the order they are usually written.
    """

    title: str
    row: str
    method: str = ""
    columns: dict[str, ColumnDoc] = field(default_factory=dict)


_C = ColumnDoc
_SHARE = "proportion (0-1)"
_COUNT = "count"
_BOOL = "true/false"

_DOC_ID = _C("Document identifier (file name without extension, or the id column of a table corpus); the join key of every table.")
_SENT_ID = _C("Index of the sentence within its document (0-based, in the order of the text).", "index")
_SENTENCE = _C("The sentence text, as cleaned.")
_CI_LOW = _C("Lower end of the 95 % interval of `share`.", _SHARE)
_CI_HIGH = _C("Upper end of the 95 % interval of `share`.", _SHARE)
_FRAME = _C("Frame name from the codebook (`unframed` = sentences mentioning men with no frame).")
_TOPIC = _C("Topic number (1 = the topic with the largest share of the corpus).", "number")
_LABEL = _C("The topic's label: its three best terms by relevance.")

_PROFILE_COLUMNS = {
    "frame": _FRAME,
    "n": _C("Sentences of the group that mention men and carry the frame.", _COUNT),
    "n_sentences": _C("Sentences of the group that mention men (the denominator).", _COUNT),
    "n_documents": _C("Documents the group's sentences come from (the clusters of its interval).", _COUNT),
    "share": _C("n / n_sentences: the share of the group's sentences mentioning men that carry the frame. Frames co-occur, so a group's shares can sum to more than 1.", _SHARE),
    "ci_low": _C(
        "Lower end of the 95 % interval of `share`.",
        _SHARE,
        "The method is named in `ci_method` when the table has it; otherwise the Wilson score interval over sentences, which treats the sentences of a document as independent (optimistic when they are alike).",
    ),
    "ci_high": _C("Upper end of the 95 % interval of `share` (method as for `ci_low`).", _SHARE),
    "ci_method": _C(
        "How the interval was computed: `korn_graubard` (a cluster sample of documents: Clopper-Pearson limits at the effective sample size of the cell's own design effect, Korn & Graubard's degrees-of-freedom adjustment), "
        "`korn_graubard_pooled` (the same with the group's design effect, for a frame in fewer than 5 sentences of the group, or in none), `wilson` (Wilson score interval over one document's sentences), "
        "`cluster_bootstrap` / `wilson_documents` (with `ci='cluster'`: documents resampled within the group; Wilson with one observation per document where every replicate is 0 or 1).",
        "text",
    ),
    "design_effect": _C(
        "The design effect the Korn-Graubard interval used: the variance of the share over documents divided by its variance if the sentences were independent (at least 1). Empty for the other methods.",
        "ratio",
    ),
}

_PROFILE_METHOD = (
    "A sentence counts for a frame when at least one mention of men in it matches one of the frame's cues in the codebook "
    "in the required role (negated matches are kept as evidence in `frames.csv` but do not count). The denominator is "
    "every sentence that mentions men, framed or not."
)

#: The description of every table :func:`discourse.analyze` writes (and a few the validation
#: steps add). ``frames_by_<col>`` and ``compare_frames_by_<col>`` stand for one table per column.
TABLES: dict[str, TableDoc] = {
    "documents": TableDoc(
        "Size of every document, with its metadata.",
        "document",
        "Counts after cleaning and parsing: paragraphs are blocks of text separated by blank lines (a heading joins its paragraph), "
        "sentences come from spaCy's sentence segmenter, tokens include punctuation, words do not.",
        {
            "doc_id": _DOC_ID,
            "n_paragraphs": _C("Paragraphs in the cleaned text.", _COUNT),
            "n_sentences": _C("Sentences.", _COUNT),
            "n_tokens": _C("Tokens, punctuation included.", _COUNT),
            "n_words": _C("Tokens that are not punctuation or space.", _COUNT),
        },
    ),
    "cleaning": TableDoc(
        "The cleaning audit: every piece of text the cleaner removed or rewrote, and the rule that did it.",
        "change (a character rewritten throughout a text is one row, with its count)",
        "The cleaner strips HTML markup, normalises Unicode spaces and typographic quotes, drops boilerplate listed in the boilerplate "
        "rules (packaged `discourse/data/boilerplate.yaml`, plus `--boilerplate`) and repeated heading lines, joins hard-wrapped lines "
        "into paragraphs and removes bullet glyphs; it never changes a word.",
        {
            "doc_id": _DOC_ID,
            "step": _C("Order of the change within the document's cleaning (1 = first).", "index"),
            "rule": _C("The rule that made the change: `html_markup`, `typographic_quotes`, `unicode_space`, `invisible_char`, a boilerplate rule's name, `repeated_line`, `reflow`, `bullet`, `whitespace`."),
            "action": _C("`removed`, `rewritten` or `joined` (hard-wrapped lines joined into a paragraph)."),
            "line": _C("1-based line of the raw text where the change happened (empty for whole-text steps).", "line number"),
            "original": _C("The raw text changed."),
            "replacement": _C("What it became (empty when removed)."),
            "count": _C("Pieces changed by this row.", _COUNT),
        },
    ),
    "mentions": TableDoc(
        "Every mention of men, with its syntactic role.",
        "mention",
        "Mentions are found from the men lexicon (group nouns such as men, boys, fathers; \"male X\"; possessives; named men whose "
        "gender is shown by agreeing pronouns or honorifics; pronouns). The role is read from the dependency parse relative to the "
        "mention's predicate.",
        {
            "doc_id": _DOC_ID,
            "sent_id": _SENT_ID,
            "mention_id": _C("Index of the mention within its document (0-based).", "index"),
            "start_char": _C("Offset of the mention's first character in the cleaned text.", "characters"),
            "end_char": _C("Offset just after its last character.", "characters"),
            "text": _C("The mention as written."),
            "kind": _C("`group`, `possessive`, `male_noun`, `named` or `pronoun`."),
            "lemma": _C("Base form of the mention word."),
            "role": _C("Role of the men: `agent`, `patient`, `attribute`, `possessor`, `comitative` or `mention` (none of these)."),
            "predicate": _C("Base form of the governing word (empty if none)."),
            "negated": _C("A negation applies to the predicate (or \"not all men\", \"no men\").", _BOOL),
            "modality": _C("Modal verbs on the predicate (can, should, must, will ...), comma-separated."),
            "reported": _C("The predicate sits in a clause under a belief word (\"the myth that men ...\").", _BOOL),
            "generic": _C("A pronoun with a generic antecedent.", _BOOL),
            "evidence": _C("Why it is a mention: `lexicon`, `honorific:...`, `pronoun:...`, `antecedent:...`."),
        },
    ),
    "frames": TableDoc(
        "The evidence of every frame: which cue of the codebook matched which mention, in which sentence.",
        "match of a mention and a frame",
        _PROFILE_METHOD,
        {
            "doc_id": _DOC_ID,
            "sent_id": _SENT_ID,
            "sentence": _SENTENCE,
            "mention_id": _C("The mention (see `mentions.csv`).", "index"),
            "mention": _C("The mention as written."),
            "kind": _C("Kind of mention (see `mentions.csv`)."),
            "frame": _FRAME,
            "cue": _C("The word of the sentence that matched the frame's cue."),
            "rule_id": _C("Identifier of the codebook cue that matched."),
            "cue_class": _C("The codebook's semantic class of that cue (e.g. `violence_abuse`, `privilege_power`; its description is in `codebook.yaml`); empty for a cue outside the classes."),
            "role": _C("Role of the men in the match (see `mentions.csv`)."),
            "via": _C("How the link between the mention and the cue was found in the parse."),
            "negated": _C("The match is negated (\"men are not the enemy\").", _BOOL),
            "reported": _C("The match is a reported belief (see `mentions.csv`).", _BOOL),
            "modality": _C("Modal verbs on the predicate, comma-separated."),
            "counts": _C("The match counts towards the frame: false for a negated match and for a belief the text contests (\"the myth that men are violent\"); see `polarity` and `scope` in the codebook.", _BOOL),
        },
    ),
    "frame_sentences": TableDoc(
        "Every sentence that mentions men, with its frames: the denominator of the frame shares.",
        "sentence that mentions men",
        _PROFILE_METHOD,
        {
            "doc_id": _DOC_ID,
            "sent_id": _SENT_ID,
            "start_char": _C("Offset of the sentence's first character in the cleaned text.", "characters"),
            "end_char": _C("Offset just after its last character.", "characters"),
            "sentence": _SENTENCE,
            "n_mentions": _C("Mentions of men in the sentence.", _COUNT),
            "frames": _C("The sentence's frames, `;`-separated in alphabetical order (empty = unframed)."),
            "<frame>": _C("One column per codebook frame: the sentence carries the frame.", _BOOL),
        },
    ),
    "frame_profile": TableDoc(
        "Frame shares per document, with 95 % intervals: the measurement of how each text frames men.",
        "document and frame (plus an `unframed` row per document)",
        _PROFILE_METHOD,
        {"doc_id": _DOC_ID, **_PROFILE_COLUMNS},
    ),
    "frames_by_document": TableDoc(
        "Frame shares per document (an older name of `frame_profile`).",
        "document and frame",
        _PROFILE_METHOD,
        {"doc_id": _DOC_ID, **_PROFILE_COLUMNS},
    ),
    "frames_by_<col>": TableDoc(
        "Frame shares per value of the metadata column `<col>` (`--profile-by`), with 95 % intervals.",
        "group and frame (plus an `unframed` row per group)",
        _PROFILE_METHOD + " A group's share pools the sentences of all its documents.",
        {"<col>": _C("The group: a value of the metadata column `<col>`."), **_PROFILE_COLUMNS},
    ),
    "frame_profile_corrected": TableDoc(
        "Frame shares corrected for the machine's coding errors, from a random sample of sentences coded by people.",
        "group and frame",
        "Prediction-powered inference: the machine's share over all sentences, corrected by the mean difference between the coders' "
        "and the machine's labels on the coded sample; the interval combines the variance of both parts.",
        {
            "group": _C("The group: `all` (every sentence, the groups pooled), or a value of the column the shares are split by (that column's name heads the column)."),
            "frame": _C("A frame of the codebook, or `mentions_men`: the share of the coded sentences that mention men at all by the coders (the machine says all do), corrected like a frame."),
            "n": _C("Sentences in the group (machine-labelled).", _COUNT),
            "n_coded": _C("Sentences of the group coded by people.", _COUNT),
            "share_naive": _C("The machine's share, uncorrected.", _SHARE),
            "share_corrected": _C("The corrected share.", _SHARE, "Prediction-powered inference (PPI / PPI++)."),
            "ci_low": _C("Lower end of the 95 % interval of `share_corrected`.", _SHARE),
            "ci_high": _C("Upper end of the 95 % interval of `share_corrected`.", _SHARE),
            "method": _C("The estimator (`ppi++` or `ppi`) and how it was applied: `clustered by doc_id` (variances from documents), `stratified by <col>` (the `all` row combines the groups' estimates, weighted by their sizes)."),
            "std_error": _C("Standard error of `share_corrected`.", _SHARE),
            "lam": _C("The PPI++ power-tuning weight given to the machine's labels (1 for plain PPI); empty on a stratified `all` row, which combines groups with their own weights.", "weight (0-1)"),
            "share_coded": _C("The coders' share in the coded sample alone; empty on a stratified `all` row.", _SHARE),
            "note": _C("A warning (e.g. few coded sentences), or empty."),
        },
    ),
    "compare_frames_by_<col>": TableDoc(
        "Differences in frame share between each value of `<col>` and a reference value, with intervals and adjusted p-values.",
        "group (other than the reference) and frame",
        "The interval of a difference is the MOVER interval (Newcombe 1998; Zou & Donner 2008) of the two groups' intervals in the "
        "profile (Korn-Graubard over documents; Wilson over one document's sentences); the p-value is the level at which it touches 0, "
        "and `p_holm` adjusts all rows of the table by Holm's method. With `ci='cluster'` (library), a stratified cluster bootstrap instead.",
        {
            "<col>": _C("The group: a value of the metadata column `<col>`."),
            "reference": _C("The reference group the difference is taken from."),
            "frame": _FRAME,
            "share": _C("The group's share.", _SHARE),
            "share_reference": _C("The reference group's share.", _SHARE),
            "difference": _C("share - share_reference.", "difference of proportions"),
            "ci_low": _C("Lower end of the 95 % interval of `difference`.", "difference of proportions"),
            "ci_high": _C("Upper end of the 95 % interval of `difference`.", "difference of proportions"),
            "p_value": _C("Two-sided p-value of no difference.", "probability"),
            "p_holm": _C("`p_value` adjusted for all rows of the table (Holm).", "probability"),
            "n_sentences": _C("Sentences mentioning men in the group.", _COUNT),
            "n_documents": _C("Documents in the group.", _COUNT),
            "n_sentences_reference": _C("Sentences mentioning men in the reference group.", _COUNT),
            "n_documents_reference": _C("Documents in the reference group.", _COUNT),
            "ci_method": _C(
                "How the interval was computed: `mover_korn_graubard` (both groups span several documents), `mover_one_document` (one group is one "
                "document: its sentences are treated as independent); with `ci='cluster'`, `cluster_bootstrap` or `sentence_bootstrap`."
            ),
        },
    ),
    "topics": TableDoc(
        "The top terms of every topic.",
        "topic and term",
        "Topics are fitted on passages (paragraphs by default) with NMF on TF-IDF of lemmas and phrases (or LDA with `--model lda`). "
        "Terms are ranked by relevance (Sievert & Shirley 2014, lambda = 0.6), which favours terms that are frequent in the topic and "
        "rare elsewhere.",
        {
            "topic": _TOPIC,
            "rank": _C("The term's rank in the topic by relevance (1 = best).", "rank"),
            "term": _C("A lemma or a phrase."),
            "weight": _C("The term's weight in the topic (its entry in the topic-term matrix); comparable within a topic, not a probability for NMF.", "weight"),
        },
    ),
    "topic_labels": TableDoc(
        "A short label for every topic.",
        "topic",
        "",
        {"topic": _TOPIC, "label": _LABEL},
    ),
    "doc_topics": TableDoc(
        "Topic shares of every document.",
        "document and topic",
        "A document's share of a topic is the mean of its passages' shares weighted by their word counts; shares sum to 1 per document.",
        {"doc_id": _DOC_ID, "topic": _TOPIC, "weight": _C("The document's share of the topic.", _SHARE)},
    ),
    "unit_topics": TableDoc(
        "Topic shares of every passage (the units the topic model is fitted on).",
        "passage and topic",
        "",
        {
            "unit_id": _C("Passage identifier (`<doc_id>#<index>`, 0-based)."),
            "doc_id": _DOC_ID,
            "topic": _TOPIC,
            "weight": _C("The passage's share of the topic (0 for a passage with no modelled term).", _SHARE),
        },
    ),
    "topic_prevalence": TableDoc(
        "Topic shares per document (or group), with 95 % bootstrap intervals.",
        "document (or group) and topic",
        "A group's share of a topic is the word-count-weighted mean of its passages' shares; the interval is the percentile interval of that "
        "share over 1,000 resamples of the group's passages (seeded).",
        {
            "doc_id": _DOC_ID,
            "topic": _TOPIC,
            "label": _LABEL,
            "share": _C("The topic's share of the document's words.", _SHARE),
            "ci_low": _C("Lower end of the 95 % bootstrap interval of `share`.", _SHARE),
            "ci_high": _C("Upper end of the 95 % bootstrap interval of `share`.", _SHARE),
            "n_units": _C("Passages of the document (or group).", _COUNT),
        },
    ),
    "k_selection": TableDoc(
        "How the number of topics K was chosen: the measures of every K tried.",
        "K tried",
        "Every K is fitted on the same passages (a seeded sample of whole documents above 4,000 passages). The chosen K has the highest "
        "`score`; ties go to the smaller K. A K at the edge of the range may only be the best of the Ks tried.",
        {
            "k": _C("Number of topics.", "number"),
            "coherence": _C("Mean NPMI of the pairs of each topic's top-10 terms, counted within passages, averaged over topics (Bouma 2009).", "NPMI (-1 to 1)"),
            "diversity": _C("Share of unique terms among the top 25 terms of all topics (Dieng et al. 2020).", _SHARE),
            "exclusivity": _C("FREX exclusivity of the top terms (Bischof & Airoldi 2012).", _SHARE),
            "stability": _C("Mean best-match overlap of the top-10 terms between refits on 80 % samples (5 seeds).", _SHARE),
            "score": _C("The selection score: the mean of rank-normalised coherence and stability over the Ks tried (best = 1, worst = 0).", "score (0-1)"),
            "chosen": _C("The K chosen.", _BOOL),
        },
    ),
    "keyterms": TableDoc(
        "Key terms of every document (or group) against the rest of the corpus.",
        "target and term (the 25 best terms of each target by z)",
        "Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008; prior = a tenth of the pooled counts) and its "
        "z-score; |z| > 1.96 is the conventional 5 % level, descriptive only since the words of a text are not independent draws.",
        {
            "by": _C("What the targets are: `doc_id` or the metadata column (`--keyness-by`)."),
            "target": _C("The document or group whose key terms these are."),
            "term": _C("A lemma or a phrase."),
            "count_target": _C("Occurrences in the target.", _COUNT),
            "count_reference": _C("Occurrences in the rest of the corpus.", _COUNT),
            "freq_target": _C("Occurrences per 1,000 terms of the target.", "per 1,000 terms"),
            "freq_reference": _C("Occurrences per 1,000 terms of the rest.", "per 1,000 terms"),
            "log_odds": _C("Log-odds ratio of the term in the target against the rest, with the prior.", "natural log"),
            "se": _C("Standard error of `log_odds`.", "natural log"),
            "z": _C("log_odds / se: how distinctive the term is (positive: of the target; negative: of the rest).", "z-score"),
            "log_ratio": _C("log2 of the ratio of relative frequencies (0.5 for a zero count): an effect size.", "log2"),
        },
    ),
    "keyterms_kwic": TableDoc(
        "Concordance lines (keyword in context) of the top key terms of every target: the evidence behind them.",
        "occurrence of a key term",
        "The five best key terms of each target, up to three lines each, eight words of context.",
        {
            "doc_id": _DOC_ID,
            "sent_id": _SENT_ID,
            "token": _C("Index of the first token of the match in the document.", "index"),
            "left": _C("Words before the keyword."),
            "keyword": _C("The keyword as written."),
            "right": _C("Words after the keyword."),
            "sentence": _SENTENCE,
            "target": _C("The target whose key term this is."),
            "term": _C("The key term searched for."),
        },
    ),
    "collocates": TableDoc(
        "What men do, are, have and undergo in every document: collocates of the words for men in the dependency parse.",
        "document, relation and collocate",
        "",
        {
            "doc_id": _DOC_ID,
            "relation": _C("`does` (verbs with a men subject), `is` (predicates and modifiers of men), `has` (what men possess), `done_to` (verbs with men as object or passive subject)."),
            "collocate": _C("Base form of the collocate."),
            "count": _C("Occurrences.", _COUNT),
            "example": _C("An example sentence."),
        },
    ),
    "frames_by_topic": TableDoc(
        "Which topics the sentences carrying each frame fall in.",
        "frame and topic",
        "Each framed sentence is placed in the passage that holds its first character and counted in that passage's dominant topic.",
        {
            "frame": _FRAME,
            "topic": _TOPIC,
            "label": _LABEL,
            "n_sentences": _C("Sentences with the frame in the topic.", "count (fractional with weighted assignment)"),
            "share": _C("Share of the frame's sentences that fall in the topic (sums to 1 per frame).", _SHARE),
        },
    ),
}

_PATTERNS = (("compare_frames_by_", "compare_frames_by_<col>"), ("frames_by_", "frames_by_<col>"))

#: Files :func:`discourse.analyze` writes beside the tables, described when present.
COMPANION_FILES: dict[str, str] = {
    "run.json": "The record of the run: discourse and library versions, every parameter, the seed, SHA-256 fingerprints of the "
    "corpus, codebook, lexicon and boilerplate rules, timings and the list of files written.",
    "codebook.yaml": "A copy of the frame codebook used.",
    "men_lexicon.yaml": "A copy of the lexicon of words for men used.",
}


def describe_table(name: str, columns: Iterable[str] | None = None) -> TableDoc:
    """The description of table ``name`` (``frames_by_outlet`` resolves to ``frames_by_<col>``).

    Parameters
    ----------
    name : str
        A table name, as in ``<name>.csv``.
    columns : iterable of str, optional
        The table's columns: the description then lists exactly these, in this order.

    Returns
    -------
    TableDoc
        With ``<col>`` replaced by the column of a ``frames_by_<col>`` table.

    Raises
    ------
    DiscourseError
        When ``name`` is not a table discourse writes.
    """
    doc, col = TABLES.get(name), None
    if doc is None:
        for prefix, key in _PATTERNS:
            if name.startswith(prefix) and len(name) > len(prefix) and name != "frames_by_topic":
                doc, col = TABLES[key], name[len(prefix) :]
                break
    if doc is None:
        raise DiscourseError(f"no description of a table {name!r}; the tables are {', '.join(TABLES)}")
    known = dict(doc.columns)
    if col is not None:
        group = known.pop("<col>")
        known = {col: ColumnDoc(group.meaning.replace("<col>", col), group.units, group.method), **known}
        doc = TableDoc(doc.title.replace("<col>", col), doc.row, doc.method, known)
    if columns is None:
        return doc
    return TableDoc(doc.title, doc.row, doc.method, {c: known.get(c) or _unknown(c) for c in columns})


def _unknown(column: str) -> ColumnDoc:
    return ColumnDoc("Metadata column of the corpus, as given.", "as given")


def _frame_names(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """The codebook frames the tables show (to describe the boolean frame columns of frame_sentences)."""
    names: list[str] = []
    for table in tables.values():
        names.extend(table.attrs.get("frames", []) if hasattr(table, "attrs") else [])
        if hasattr(table, "columns") and "frame" in table.columns:
            names.extend(str(f) for f in table["frame"].dropna().unique())
    return [n for n in dict.fromkeys(names) if n not in ("unframed", "none", "mentions_men")]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def dictionary_markdown(
    tables: Mapping[str, pd.DataFrame],
    *,
    files: Iterable[str] = (),
    figures: Iterable[str] = (),
    significant_digits: int | None = None,
) -> str:
    """The text of the data dictionary of ``tables`` (what :func:`write_dictionary` writes).

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Table name (``<name>.csv``) -> the table; each is described with its own columns.
    files : iterable of str
        Companion files to describe (names from :data:`COMPANION_FILES`).
    figures : iterable of str
        Figure names (``figures/<name>.pdf|svg|png``) to list.
    significant_digits : int, optional
        The precision the CSV files were rounded to, stated when given.

    Returns
    -------
    str
        Markdown.
    """
    frames = set(_frame_names(tables))
    lines = [
        "# Data dictionary",
        "",
        "What each file in this folder holds: one section per table (`<name>.csv`, one row per the unit named), each column "
        "with its meaning, units and method. Written by discourse; every table joins on `doc_id` (and `sent_id` for sentences).",
        "",
        "Shares are proportions from 0 to 1; intervals are 95 % intervals in `ci_low` and `ci_high`; true/false columns are "
        "written `True` / `False`; an empty cell is a missing value.",
    ]
    if significant_digits is not None:
        lines += [
            "",
            f"Decimal numbers are rounded to {significant_digits} significant digits in the CSV files (the tables "
            "`discourse.analyze` returns keep full precision).",
        ]
    lines += ["", "## Tables", ""]
    names = list(tables)
    lines += [f"- [`{n}.csv`](#{n.replace('_', '-').replace('<', '').replace('>', '')}): {describe_table(n).title}" for n in names]
    for name in names:
        table = tables[name]
        columns = [str(c) for c in getattr(table, "columns", [])]
        doc = describe_table(name, columns)
        n_rows = len(table) if hasattr(table, "__len__") else 0
        lines += ["", f"## {name}", "", f"`{name}.csv`: {doc.title}", "", f"One row per {doc.row}; {n_rows:,} rows."]
        if doc.method:
            lines += ["", f"**Method.** {doc.method}"]
        lines += ["", "| column | meaning | units | method |", "| --- | --- | --- | --- |"]
        for col, c in doc.columns.items():
            if col in frames and c.meaning.startswith("Metadata column"):
                c = ColumnDoc(f"The sentence carries the frame `{col}`.", _BOOL)
            lines.append(f"| `{_cell(col)}` | {_cell(c.meaning)} | {_cell(c.units)} | {_cell(c.method)} |")
    present = [f for f in files if f in COMPANION_FILES]
    figs = list(figures)
    if present or figs:
        lines += ["", "## Other files", ""]
        lines += [f"- `{f}`: {COMPANION_FILES[f]}" for f in present]
        if figs:
            lines.append(
                "- `figures/`: the figures, each as PDF, SVG and PNG (300 dpi), sized for a journal column "
                "(3.5 or 7.2 in wide) and byte-identical when the same table is drawn again: "
                + ", ".join(f"`{f}`" for f in figs)
                + "."
            )
    return "\n".join(lines) + "\n"


def write_dictionary(tables: Mapping[str, pd.DataFrame], out_dir: str | Path, *, significant_digits: int | None = None) -> Path:
    """Write the data dictionary (``README.md``) of ``tables`` into ``out_dir``.

    Every table given gets a section (its file, what a row is, the method, and one line per
    column in the table's order: meaning, units, method); columns the dictionary does not know
    are listed as metadata. ``run.json``, ``codebook.yaml``, ``men_lexicon.yaml`` and the figures
    are described when they are already in ``out_dir``, so call it after writing them.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Table name -> table, as written to ``<out_dir>/<name>.csv``.
    out_dir : str or Path
        The results folder (created if missing).
    significant_digits : int, optional
        The precision the CSV files were rounded to, stated when given.

    Returns
    -------
    Path
        The file written (whole, or not at all).

    Raises
    ------
    DiscourseError
        For a table name the dictionary does not describe.
    """
    out = Path(out_dir)
    figures_dir = out / "figures"
    figures = sorted({p.stem for p in figures_dir.iterdir() if p.suffix in (".pdf", ".svg", ".png")}) if figures_dir.is_dir() else []
    files = [f for f in COMPANION_FILES if (out / f).is_file()]
    text = dictionary_markdown(tables, files=files, figures=figures, significant_digits=significant_digits)
    out.mkdir(parents=True, exist_ok=True)
    return atomic_write(out / DICTIONARY_FILE, text.encode("utf-8"))
