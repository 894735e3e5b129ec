"""Draw sentences for hand-coding: :func:`sample_sentences` and :func:`write_sample`.

The design
----------
The population is every sentence the machine says mentions men (the rows of the sentence table,
the denominator of every share). Without ``by`` the sample is a simple random sample without
replacement of ``n`` of them. With ``by`` it is stratified by that column: each level (stratum)
gets ``n_h`` sentences, drawn as a simple random sample within it, with

* ``allocation="proportional"`` (default): ``n_h`` proportional to the stratum's size
  ``N_h`` (largest-remainder rounding, so the ``n_h`` add up to ``n``): every sentence has the
  same chance ``n / N`` of being drawn, and the coded sample can be pooled as it is;
* ``allocation="equal"``: the same ``n_h`` for every stratum (the remainder to the largest
  strata), for comparing strata with equal precision; pooled figures then need the stratum
  weights ``N_h / N`` (``discourse estimate --by`` applies them).

A stratum smaller than its ``n_h`` is taken whole and the rest goes to the others. Each stratum
draws from its own random stream (``random_state`` and the stratum's name), and the sheet lists
the drawn sentences in a random order, so coders do not see strata in sequence. The chance of
inclusion of every sentence is in ``design.json``.

The files
---------
``write_sample(sample, out)`` writes to the folder ``out``:

* ``sheet.csv`` and ``sheet.jsonl``: the coding sheet, ``id, doc_id, sent_id, sentence, before,
  after`` (the sentence before and after, for context) and the empty columns ``mentions_men``,
  ``labels``, ``notes`` (``discourse code sheet.jsonl`` makes the coding page from it; or fill the
  CSV: ``labels`` as frame names joined by ``;``, ``none`` for no frame);
* ``codebook.md``: the codebook's frames and their descriptions, for the coders;
* ``design.json``: the design (population and sample sizes per stratum, seed, allocation);
* ``machine/labels.jsonl``: the machine's frames and evidence for the sampled ids, and
  ``machine/predictions.jsonl``: the machine's frames for every sentence of the population (no
  text), the ``--predictions`` of ``discourse estimate``. Keep ``machine/`` closed until the
  coding is done: coding stays blind.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import CorpusError, DiscourseError, DiscourseWarning, OutputError
from ..io import csv_bytes, write_bytes, write_json, write_text
from ..stats import group_rng

if TYPE_CHECKING:
    import pandas as pd

    from ..framing.codebook import Codebook

__all__ = ["ALLOCATIONS", "SAMPLE_SHEET_COLUMNS", "CodingSample", "sample_sentences", "sentence_key", "write_sample"]

#: Columns of the coding sheet ``discourse sample`` writes (the last three are for the coder).
SAMPLE_SHEET_COLUMNS: tuple[str, ...] = ("id", "doc_id", "sent_id", "sentence", "before", "after", "mentions_men", "labels", "notes")
#: Ways of sharing ``n`` between strata.
ALLOCATIONS: tuple[str, ...] = ("proportional", "equal")


def sentence_key(doc_id: Any, sent_id: Any) -> str:
    """The id of a sentence in sheets, codes and predictions: ``"<doc_id>:<sent_id>"``."""
    return f"{doc_id}:{int(sent_id)}"


@dataclass
class CodingSample:
    """What :func:`sample_sentences` returns; :func:`write_sample` writes it.

    Attributes
    ----------
    sheet : pandas.DataFrame
        The coding sheet (:data:`SAMPLE_SHEET_COLUMNS`), in random order.
    machine : pandas.DataFrame
        For the sampled ids: ``id``, ``doc_id``, ``sent_id``, the stratum column, ``frames``
        (list) and ``evidence`` (a list of dicts, as ``discourse label``'s ``frame_evidence``:
        frame, counts, rule_id, cue_class when the rules give one, cue, mention, role, via,
        negated).
    predictions : pandas.DataFrame
        The population: ``id``, ``doc_id``, ``sent_id``, ``mentions_men`` (True), ``frames``,
        the stratum column.
    design : dict
        Population and sample sizes, per stratum too, seed, allocation, inclusion chances.
    frames : list of (name, description)
        The codebook's frames.
    """

    sheet: Any
    machine: Any
    predictions: Any
    design: dict[str, Any]
    frames: list[tuple[str, str]] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"CodingSample({len(self.sheet)} of {self.design.get('population_size')} sentences, by={self.design.get('by')!r})"


#: Fewer coded sentences than this in a group: its share is not corrected (see ``estimate_shares``).
MIN_CODED_PER_GROUP = 2


def _allocate(sizes: Mapping[Any, int], n: int, allocation: str) -> dict[Any, int]:
    """Sample sizes per stratum (each at most its size; they add up to ``n``)."""
    total = sum(sizes.values())
    if allocation == "proportional":
        raw = {k: n * v / total for k, v in sizes.items()}
    else:
        raw = {k: n / len(sizes) for k in sizes}
    out = {k: min(sizes[k], math.floor(v)) for k, v in raw.items()}
    # largest remainder first (ties: the larger stratum, then the name), never above a stratum's size
    while sum(out.values()) < n:
        room = [k for k in sizes if out[k] < sizes[k]]
        k = max(room, key=lambda k: (raw[k] - out[k], sizes[k], -list(sizes).index(k)))
        out[k] += 1
    return out


def _source_tables(source: Any) -> tuple[pd.DataFrame, pd.DataFrame | None, Any, str]:
    """``(sentences, evidence or None, parsed or None, description)`` from what was passed."""
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        return source, None, None, "sentence table"
    tables = getattr(source, "tables", None)
    if isinstance(tables, Mapping) and "frame_sentences" in tables:
        out = getattr(source, "out", None)
        return tables["frame_sentences"], tables.get("frames"), getattr(source, "parsed", None), str(out) if out else "analysis"
    if isinstance(source, str | Path):
        folder = Path(source)
        table = folder / "frame_sentences.csv"
        if not table.is_file():
            raise CorpusError(f"{folder}: no frame_sentences.csv; pass a results folder of discourse analyze (or a corpus to `discourse sample`)")
        sentences = pd.read_csv(table, keep_default_na=False, na_values=[""], dtype={"doc_id": str})
        sentences["frames"] = sentences["frames"].fillna("").map(lambda v: [f for f in str(v).split(";") if f])
        docs = folder / "documents.csv"
        if docs.is_file():
            meta = pd.read_csv(docs, dtype={"doc_id": str})
            extra = [c for c in meta.columns if c == "doc_id" or c not in sentences.columns]
            sentences = sentences.merge(meta[extra], on="doc_id", how="left")
        names = [c for c in sentences.columns if sentences[c].dtype == bool]
        sentences.attrs["frames"] = names
        evidence = None
        if (folder / "frames.csv").is_file():
            evidence = pd.read_csv(folder / "frames.csv", dtype={"doc_id": str})
        return sentences, evidence, None, str(folder)
    raise DiscourseError(f"source: pass a sentence table, the result of analyze(...), or a results folder, not {type(source).__name__}")


def _structured_evidence(evidence: pd.DataFrame | None) -> dict[tuple[str, int], list[dict[str, Any]]]:
    if evidence is None or evidence.empty:
        return {}
    from ..framing.label import EVIDENCE_KEYS

    keep = [c for c in (*EVIDENCE_KEYS, "negated") if c in evidence.columns]
    out: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for rec in evidence[["doc_id", "sent_id", *keep]].to_dict("records"):
        key = (str(rec.pop("doc_id")), int(rec.pop("sent_id")))
        out.setdefault(key, []).append({k: _plain(v) for k, v in rec.items()})
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _context(sentences: pd.DataFrame, parsed: Any, rows: pd.DataFrame, width: int) -> tuple[list[str], list[str]]:
    """The ``width`` sentences before and after each row: from the parse when there is one, else
    from the neighbouring rows of the table (only sentences that mention men)."""
    before, after = [], []
    if parsed is not None:
        from ..docs import doc_text, sentence_spans

        cache: dict[str, tuple[str, list[Any]]] = {}
        for doc_id, sent_id in zip(rows["doc_id"], rows["sent_id"], strict=True):
            if doc_id not in cache:
                doc = parsed[doc_id]
                cache[doc_id] = (doc_text(doc), sentence_spans(doc))
            text, spans = cache[doc_id]
            i = int(sent_id)
            before.append(" ".join(text[s.start_char : s.end_char].strip() for s in spans[max(0, i - width) : i]))
            after.append(" ".join(text[s.start_char : s.end_char].strip() for s in spans[i + 1 : i + 1 + width]))
        return before, after
    index = {(str(d), int(s)): t for d, s, t in zip(sentences["doc_id"], sentences["sent_id"], sentences["sentence"], strict=True)}
    for doc_id, sent_id in zip(rows["doc_id"], rows["sent_id"], strict=True):
        i = int(sent_id)
        before.append(" ".join(index[(str(doc_id), j)] for j in range(i - width, i) if (str(doc_id), j) in index))
        after.append(" ".join(index[(str(doc_id), j)] for j in range(i + 1, i + 1 + width) if (str(doc_id), j) in index))
    return before, after


def sample_sentences(
    source: Any,
    n: int,
    *,
    by: str | None = None,
    allocation: str = "proportional",
    random_state: int = 0,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    evidence: pd.DataFrame | None = None,
    parsed: Any = None,
    context: int = 1,
) -> CodingSample:
    """A seeded random sample of sentences that mention men, for hand-coding (see the module docstring).

    Parameters
    ----------
    source : DataFrame, RunResult, str or Path
        The sentence table (:func:`discourse.sentence_frames`), the result of
        :func:`discourse.analyze` (its ``frame_sentences``, ``frames`` evidence and parse), or a
        results folder of ``discourse analyze`` (``frame_sentences.csv``; the stratum column may
        come from ``documents.csv``). From a corpus:
        ``sample_sentences(dc.analyze(corpus, steps=["frames"], covariates=[by]), n, by=by)``.
    n : int
        Sentences to draw.
    by : str, optional
        Stratify by this column.
    allocation : {"proportional", "equal"}, default "proportional"
    random_state : int, default 0
        The seed: the same seed and table give the same sample.
    codebook : path, dict or Codebook, optional
        Whose frame descriptions go into ``codebook.md`` (default the packaged codebook).
    evidence : DataFrame, optional
        The evidence table (:func:`discourse.label_frames`); default the source's.
    parsed : mapping doc_id -> Doc, optional
        For the context sentences; default the source's parse. Without one, ``before`` and
        ``after`` hold only neighbouring sentences that mention men.
    context : int, default 1
        Sentences of context on each side.

    Returns
    -------
    CodingSample

    Raises
    ------
    DiscourseError
        A bad ``n``, ``by``, ``allocation`` or source.
    """
    import pandas as pd

    from ..framing.codebook import load_codebook

    sentences, found_evidence, found_parsed, described = _source_tables(source)
    evidence = evidence if evidence is not None else found_evidence
    parsed = parsed if parsed is not None else found_parsed
    for col in ("doc_id", "sent_id", "sentence", "frames"):
        if col not in sentences.columns:
            raise DiscourseError(f"source: the sentence table has no {col!r} column; pass the table from sentence_frames(...)")
    if allocation not in ALLOCATIONS:
        raise DiscourseError(f"allocation: {allocation!r}; choose 'proportional' or 'equal'")
    if by is not None and by not in sentences.columns:
        raise DiscourseError(f"by: no column {by!r} among the sentences; choose one of {', '.join(map(str, sentences.columns))} (from a corpus, analyze with covariates=[{by!r}])")
    total = len(sentences)
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise DiscourseError(f"n: {n!r}; pass the number of sentences to draw (a whole number >= 1)")
    if n > total:
        raise DiscourseError(f"n: {n} is more than the {total} sentences that mention men; draw at most {total}")
    if isinstance(random_state, bool) or not isinstance(random_state, int | np.integer) or random_state < 0:
        raise DiscourseError(f"random_state: {random_state!r}; pass a whole-number seed >= 0")
    book = load_codebook(codebook)
    table = sentences.reset_index(drop=True)
    strata = table[by].astype(str).where(table[by].notna(), "(missing)") if by is not None else pd.Series("all", index=table.index)
    sizes = {k: int(v) for k, v in strata.value_counts(sort=False).items()}
    sizes = dict(sorted(sizes.items()))
    alloc = _allocate(sizes, int(n), allocation)
    thin = sorted(str(k) for k, v in alloc.items() if v < MIN_CODED_PER_GROUP and sizes[k] > v)
    if by is not None and thin:
        shown = ", ".join(map(repr, thin[:5])) + (f" and {len(thin) - 5} more" if len(thin) > 5 else "")
        warnings.warn(
            f"sample: {len(thin)} of {len(sizes)} groups of {by!r} get fewer than {MIN_CODED_PER_GROUP} sentences ({shown}); "
            f"their shares cannot be corrected: draw more (--n), use --allocation equal, or group by a coarser column",
            DiscourseWarning,
            stacklevel=2,
        )
    chosen: list[int] = []
    for level, size in sizes.items():
        members = np.flatnonzero((strata == level).to_numpy())
        take = group_rng(int(random_state), f"sample:{level}").choice(size, alloc[level], replace=False)
        chosen.extend(members[np.sort(take)].tolist())
    order = group_rng(int(random_state), "sample:order").permutation(len(chosen))
    picked = table.iloc[[chosen[i] for i in order]].reset_index(drop=True)
    ids = [sentence_key(d, s) for d, s in zip(picked["doc_id"], picked["sent_id"], strict=True)]
    before, after = _context(table, parsed, picked, context)
    sheet = pd.DataFrame(
        {
            "id": ids,
            "doc_id": picked["doc_id"].astype(str),
            "sent_id": picked["sent_id"].astype(int),
            "sentence": picked["sentence"].astype(str),
            "before": before,
            "after": after,
            "mentions_men": "",
            "labels": "",
            "notes": "",
        },
        columns=list(SAMPLE_SHEET_COLUMNS),
    )
    frame_lists = [list(fs) if isinstance(fs, list | tuple) else [f for f in str(fs).split(";") if f] for fs in table["frames"]]
    population = pd.DataFrame(
        {
            "id": [sentence_key(d, s) for d, s in zip(table["doc_id"], table["sent_id"], strict=True)],
            "doc_id": table["doc_id"].astype(str),
            "sent_id": table["sent_id"].astype(int),
            "mentions_men": True,
            "frames": frame_lists,
        }
    )
    if by is not None:
        population[by] = table[by].to_numpy()
    population.attrs["frames"] = list(book.frame_names)
    ev = _structured_evidence(evidence)
    machine = population.set_index("id").loc[ids].reset_index()
    machine["evidence"] = [ev.get((str(d), int(s)), []) for d, s in zip(machine["doc_id"], machine["sent_id"], strict=True)]
    design = {
        "population": "sentences the machine says mention men (the sentence table)",
        "population_size": total,
        "sample_size": int(n),
        "by": by,
        "allocation": allocation if by is not None else "simple random sample",
        "random_state": int(random_state),
        "strata": {k: {"population": sizes[k], "sample": alloc[k], "inclusion_probability": alloc[k] / sizes[k] if sizes[k] else 0.0} for k in sizes},
        "context_sentences": context if parsed is not None else f"{context} (only neighbouring sentences that mention men: no parse)",
        "source": described,
        "codebook": book.source,
        "id": "<doc_id>:<sent_id> (sent_id: 0-based index of the sentence in its document)",
    }
    frames = [(f.name, f.description) for f in book.frames.values()]
    return CodingSample(sheet, machine, population, design, frames)


def _codebook_md(sample: CodingSample) -> str:
    lines = [
        "# Codebook for this coding sheet",
        "",
        "For each sentence: does it mention men (men, boys, fathers, a named man, he/him whose",
        "referent is a man)? Then tick every frame that clearly applies to the men in the",
        "sentence, or none. Read the sentences before and after for context, but code the sentence.",
        "",
        "| frame | men are presented as |",
        "|---|---|",
    ]
    for name, description in sample.frames:
        lines.append(f"| {name} | {' '.join(description.split())} |")
    lines += [
        "",
        "In sheet.csv write `labels` as frame names joined by `;` (`none` for no frame) and",
        "`mentions_men` as yes or no; or make the coding page with `discourse code sheet.jsonl --out coding.html`.",
        "Do not open machine/ before the coding is done.",
        "",
    ]
    return "\n".join(lines)


def _jsonl(records: Sequence[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, default=_plain) + "\n" for r in records)


def write_sample(sample: CodingSample, out: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Write a :class:`CodingSample` to the folder ``out`` (see the module docstring for the files).

    Parameters
    ----------
    sample : CodingSample
    out : str or Path
        A new or empty folder (or one holding an earlier sample, with ``overwrite=True``).
    overwrite : bool, default False

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    OutputError
        ``out`` is a file, or a folder with files in it and ``overwrite`` is false.
    """
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file; pass a folder for the sample")
    if folder.is_dir() and any(folder.iterdir()) and not overwrite:
        raise OutputError(f"{folder}: is not empty; pass a new folder (or overwrite=True / --overwrite to replace an earlier sample)")
    files = [
        write_bytes(csv_bytes(sample.sheet), folder / "sheet.csv"),
        write_text(_jsonl(sample.sheet.to_dict("records")), folder / "sheet.jsonl"),
        write_text(_codebook_md(sample), folder / "codebook.md"),
        write_json(sample.design, folder / "design.json"),
        write_text(_jsonl(sample.machine.to_dict("records")), folder / "machine" / "labels.jsonl"),
        write_text(_jsonl(sample.predictions.to_dict("records")), folder / "machine" / "predictions.jsonl"),
    ]
    return files
