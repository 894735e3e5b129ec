"""What a leaner selective parse would cost (issue 6, target (a)): a timing study, not a feature.

The parse ``discourse analyze`` could use: tokenizer + senter over every text; tok2vec, tagger,
parser, attribute_ruler and lemmatizer only over the sentences the frame analysis reads (chosen
from word forms, each sentence its own Doc); no NER at all. Printed as a ratio against the
baseline, ``nlp.pipe`` with the full pipeline over the same texts in the same process.

It measures the parse only (no topics, frames or key terms, and no check that their answers stay
the same); the selection is round 1 of ``discourse.selection`` read from word forms.

Run: ``PYTHONPATH=src python benchmarks/bench_lean_parse.py [N]`` (the first N AllSides
articles, default 200; skips where ``../shared/datasets/allsides-gender`` is absent).
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = (
    ROOT.parent / "shared" / "datasets" / "allsides-gender" / "allsides_gender_subset.jsonl.gz",
    Path("/work/shared/datasets/allsides-gender/allsides_gender_subset.jsonl.gz"),
)


def main(n_docs: int) -> int:
    import numpy as np
    import spacy
    from spacy.attrs import ORTH, SPACY
    from spacy.tokens import Doc

    from discourse.fastpipes import fast_component
    from discourse.parsing import resolve_pipeline
    from discourse.selection import GIVEN, HONORIFIC, MASC, MEN, SentenceSelector

    data = next((p for p in CANDIDATES if p.is_file()), None)
    if data is None:
        print("bench_lean_parse: ../shared/datasets/allsides-gender is absent; skipped")
        return 0
    with gzip.open(data, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(n_docs), fh, strict=False)]
    words = sum(len(t.split()) for t in texts)
    model = str(resolve_pipeline().path)

    nlp = spacy.load(model)
    t0 = time.perf_counter()
    list(nlp.pipe(texts, batch_size=32))
    base = time.perf_counter() - t0
    print(f"{len(texts)} AllSides articles, {words:,} words; baseline nlp.pipe, full pipeline: {base:.1f} s")

    lean = spacy.load(model)
    lean.enable_pipe("senter")
    selector = SentenceSelector.default()
    ruler, lemmatizer = fast_component(lean, "attribute_ruler"), fast_component(lean, "lemmatizer")
    t0 = time.perf_counter()
    light = list(lean.pipe(texts, batch_size=32, disable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]))
    t_light = time.perf_counter() - t0
    n_sent = 0
    sentence_docs = []
    for doc in light:
        bounds = [(s.start, s.end) for s in doc.sents]
        n_sent += len(bounds)
        flags = selector.token_flags(doc)  # no lemmas here: word forms only
        per_sent = np.bitwise_or.reduceat(flags, [a for a, _ in bounds]) if len(flags) else np.zeros(0, dtype=np.int64)
        chosen = [i for i in range(len(bounds)) if per_sent[i] & (MEN | HONORIFIC | GIVEN) or (i + 1 < len(bounds) and per_sent[i + 1] & MASC)]
        arr = doc.to_array([ORTH, SPACY])
        forms = [doc.vocab.strings[o] for o in arr[:, 0].tolist()]
        spaces = arr[:, 1].astype(bool).tolist()
        sentence_docs += [Doc(lean.vocab, words=forms[a:b], spaces=spaces[a:b]) for a, b in (bounds[i] for i in chosen)]
    t_select = time.perf_counter() - t0 - t_light
    t1 = time.perf_counter()
    for name in ("tok2vec", "tagger", "parser"):
        sentence_docs = list(lean.get_pipe(name).pipe(sentence_docs, batch_size=256))
    sentence_docs = [lemmatizer(ruler(d)) for d in sentence_docs]
    t_heavy = time.perf_counter() - t1
    total = time.perf_counter() - t0
    print(f"  tokenizer + senter everywhere {t_light:.1f} s; selection {t_select:.1f} s; "
          f"tok2vec + tagger + parser + attribute_ruler + lemmatizer on {len(sentence_docs):,} of {n_sent:,} sentences {t_heavy:.1f} s")
    print(f"  lean parse {total:.1f} s: {base / total:.2f}x faster than the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
