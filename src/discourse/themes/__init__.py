"""Themes and key terms: passages and their terms, topic models, K selection, prevalence, key terms,
concordances and collocates of the words for men.

:class:`TermVectorizer` (parsed documents to a sparse unit-by-term matrix) and
:class:`TopicModel` are scikit-learn estimators: they clone, take ``get_params`` /
``set_params``, and chain in a ``Pipeline``; parameters are checked in one style
(:mod:`discourse.themes.params`).

Reads parsed Docs only (see :mod:`discourse.nlp`); every table is tidy and joinable on ``doc_id``.
"""

from __future__ import annotations

from .keyterms import (
    RELATIONS,
    collocates,
    keyness,
    keyness_table,
    kwic,
    kwic_table,
    log_odds_dirichlet,
)
from .params import NotFittedError, ParameterError
from .terms import (
    DocumentTermMatrix,
    PhraseModel,
    StopList,
    TermMatrix,
    TermVectorizer,
    Units,
    build_dtm,
    learn_phrases,
    lemma_attr,
    load_stoplist,
    make_units,
    men_terms,
    parse_unit,
    unit_terms,
)
from .topics import (
    TopicModel,
    choose_k,
    fit_topics,
    frex_exclusivity,
    npmi_coherence,
    parse_k_range,
    relevance,
    select_k,
    topic_analysis,
    topic_diversity,
    topic_features,
    topic_prevalence,
    topic_stability,
)

__all__ = [
    "RELATIONS",
    "DocumentTermMatrix",
    "NotFittedError",
    "ParameterError",
    "PhraseModel",
    "StopList",
    "TermMatrix",
    "TermVectorizer",
    "TopicModel",
    "Units",
    "build_dtm",
    "choose_k",
    "collocates",
    "fit_topics",
    "frex_exclusivity",
    "keyness",
    "keyness_table",
    "kwic",
    "kwic_table",
    "learn_phrases",
    "lemma_attr",
    "load_stoplist",
    "log_odds_dirichlet",
    "make_units",
    "men_terms",
    "npmi_coherence",
    "parse_k_range",
    "parse_unit",
    "relevance",
    "select_k",
    "topic_analysis",
    "topic_features",
    "topic_diversity",
    "topic_prevalence",
    "topic_stability",
    "unit_terms",
]
