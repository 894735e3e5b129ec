"""Label any passages (sentences, short paragraphs, a JSON-lines file) with the frames of men they carry.

Each passage is parsed on its own, the way ``discourse analyze`` parses a corpus, so the labels
``discourse label`` and ``discourse evaluate`` report are the labels an analysis counts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..corpus import Corpus, Document, iter_jsonl
from ..errors import CorpusError, OutputError
from ..io import write_text
from ..nlp import parse
from .codebook import Codebook, load_codebook
from .cues import frame_rows
from .lexicon import Lexicon, load_lexicon
from .mentions import iter_mentions
from .selection import SentenceSelector

if TYPE_CHECKING:
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["label_jsonl", "label_passages", "label_sentences"]


def _parse_passages(ids: Sequence[str], values: Sequence[str], nlp: Language | None, lex: Lexicon, model: str | Path | None, batch_size: int) -> dict[str, Doc]:
    """Each passage parsed as a document of its own: as ``discourse analyze`` parses (selective
    mode, no cleaning, no cache), or with a loaded pipeline ``nlp`` (every component)."""
    if nlp is not None:
        return dict(zip(ids, nlp.pipe(values, batch_size=batch_size), strict=True))
    if not values:
        return {}
    corpus = Corpus([Document(i, t, t) for i, t in zip(ids, values, strict=True)])
    return dict(parse(corpus, mode="selective", selector=SentenceSelector.default(lex), model=model, use_cache=False, batch_size=batch_size).items())


def label_sentences(
    texts: Iterable[str] | Mapping[str, str],
    nlp: Language | None = None,
    *,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    lexicon: str | Path | Lexicon | None = None,
    model: str | Path | None = None,
    batch_size: int = 64,
) -> pd.DataFrame:
    """Label any texts, each treated as an isolated passage.

    Parameters
    ----------
    texts : iterable of str, or mapping id -> text
        Passages (sentences or short paragraphs). Ids are ``"0"``, ``"1"``, ... for a plain iterable.
    nlp : spacy.Language, optional
        A loaded pipeline to parse with (every component, as ``nlp.pipe``). Default: parse as
        ``discourse analyze`` does (:func:`discourse.parse`, selective mode), so that the labels
        are those an analysis counts.
    codebook : path, dict or Codebook, optional
    lexicon : path or Lexicon, optional
    model : str or Path, optional
        spaCy pipeline for the default parse (see :func:`discourse.nlp.resolve_pipeline`).
    batch_size : int, default 64

    Returns
    -------
    pandas.DataFrame
        ``id``, ``text``, ``mentions_men`` (bool), ``frames`` (sorted list of frame names),
        ``evidence`` (per frame, ``frame/cue_class:rule_id(mention role cue)``: the class of the
        codebook, the rule, the mention, its role and the cue word behind it; prefixed
        "negated " for a match that does not count).
    """
    import pandas as pd

    out = label_passages(texts, nlp, codebook=codebook, lexicon=lexicon, model=model, batch_size=batch_size)
    return pd.DataFrame(out, columns=["id", "text", "mentions_men", "frames", "evidence"])


def label_passages(
    texts: Iterable[str] | Mapping[str, str],
    nlp: Language | None = None,
    *,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    lexicon: str | Path | Lexicon | None = None,
    model: str | Path | None = None,
    batch_size: int = 64,
) -> list[dict[str, Any]]:
    """Label passages: one record per passage with ``id``, ``text``, ``mentions_men``, ``frames``,
    ``mentions``, ``evidence`` (the counted and the negated frame rows, as text) and
    ``frame_evidence`` (the same rows as records: ``frame``, ``counts``, ``rule_id``,
    ``cue_class`` (None when the codebook's rules give none), ``cue``, ``mention``, ``role``, ``via``)."""
    if isinstance(texts, Mapping):
        ids = [str(k) for k in texts]
        values = [str(v) for v in texts.values()]
    else:
        values = [str(t) for t in texts]
        ids = [str(i) for i in range(len(values))]
    book = load_codebook(codebook)
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    docs = _parse_passages(ids, values, nlp, lex, model, batch_size)
    mentions = iter_mentions(docs, lex, book.belief_words)
    rows = frame_rows(mentions, book, lex.other_people)
    frames_of: dict[str, set[str]] = {}
    evidence: dict[str, list[str]] = {}
    detail: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        frame = f"{r['frame']}/{r['cue_class']}" if r.get("cue_class") else r["frame"]
        tag = f"{frame}:{r['rule_id']}({r['mention']} {r['role']} {r['cue']})"
        if r["counts"]:
            frames_of.setdefault(r["doc_id"], set()).add(r["frame"])
        else:
            tag = ("negated " if r["negated"] else "not counted ") + tag
        evidence.setdefault(r["doc_id"], []).append(tag)
        detail.setdefault(r["doc_id"], []).append(_evidence_record(r))
    mentioned: dict[str, list[str]] = {}
    for m in mentions:
        mentioned.setdefault(m.doc_id, []).append(m.text)
    return [
        {
            "id": i,
            "text": t,
            "mentions_men": i in mentioned,
            "frames": sorted(frames_of.get(i, set())),
            "mentions": mentioned.get(i, []),
            "evidence": "; ".join(evidence.get(i, [])),
            "frame_evidence": detail.get(i, []),
        }
        for i, t in zip(ids, values, strict=True)
    ]


#: Keys of a structured evidence record (``frame_evidence``), in order; ``cue_class`` when the rules give one.
EVIDENCE_KEYS: tuple[str, ...] = ("frame", "counts", "rule_id", "cue_class", "cue", "mention", "role", "via")


def _evidence_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """One frame row as structured evidence: frame, whether it counts, rule id, cue class (when the
    codebook's rules carry one), cue word, mention, the men's role and how the link was found."""
    record = {key: row.get(key) for key in EVIDENCE_KEYS}
    record["cue_class"] = record["cue_class"] or None  # "" for a cue outside classes
    return record


def label_jsonl(
    in_path: str | Path,
    out_path: str | Path,
    *,
    nlp: Language | None = None,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    text_field: str = "text",
    model: str | Path | None = None,
) -> int:
    """Label a JSON-lines file of passages; write each line back with the labels added.

    Every input line is an object with ``"text"`` (and usually ``"id"``); the output line is the
    same object with ``"mentions_men": bool``, ``"frames": [sorted frame names]``, ``"evidence"``
    (text) and ``"frame_evidence"`` (a list of records, see :func:`label_passages`) set. Blank
    lines are skipped. The input file is never overwritten.

    Parameters
    ----------
    in_path, out_path : str or Path
    nlp : spacy.Language, optional
        See :func:`label_sentences`.
    codebook : path, dict or Codebook, optional
    text_field : str, default "text"
    model : str or Path, optional
        See :func:`label_sentences`.

    Returns
    -------
    int
        Lines written.

    Raises
    ------
    OutputError
        If ``out_path`` is the input file.
    CorpusError
        If the input is missing, a line is not a JSON object, or lacks the text field.
    """
    src, dst = Path(in_path), Path(out_path)
    if not src.is_file():
        raise CorpusError(f"{src}: input file not found; pass a JSON-lines file")
    if dst.exists() and dst.resolve() == src.resolve() or dst.absolute() == src.absolute():
        raise OutputError(f"{dst}: the output file is the input file; write the labels to another path")
    records: list[dict[str, Any]] = []
    for lineno, rec in iter_jsonl(src):
        if not isinstance(rec.get(text_field), str):
            raise CorpusError(f"{src}: line {lineno} needs a string {text_field!r} field")
        records.append(rec)
    labels = label_passages([r[text_field] for r in records], nlp, codebook=codebook, model=model)
    lines = [
        json.dumps({**rec, "mentions_men": row["mentions_men"], "frames": row["frames"], "evidence": row["evidence"], "frame_evidence": row["frame_evidence"]}, ensure_ascii=False) + "\n"
        for rec, row in zip(records, labels, strict=True)
    ]
    write_text("".join(lines), dst)  # whole or not at all: a full disk never leaves half a file
    return len(records)
