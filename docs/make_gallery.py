"""Draw the figures of the documentation's gallery from the seed corpus (``make gallery``).

Runs :func:`discourse.analyze` on ``corpus/`` (frame profiles by document and by ``genre``) and
saves each figure as a PNG at 110 dpi into ``docs/gallery/``: small files, byte-identical on
every run, so they are committed and the site builds without parsing anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import discourse as dc  # noqa: E402
from discourse.report import plot_k_selection, plot_top_terms  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "gallery"
DPI = 110


def main(argv: list[str]) -> int:
    cache = argv[1] if len(argv) > 1 else None
    result = dc.analyze(ROOT / "corpus", profile_by="genre", cache_dir=cache, progress=False)
    t = result.tables
    keyterms = t["keyterms"]
    first = keyterms["target"].iloc[0]
    figures = {
        "corpus_composition": lambda: dc.plot_corpus_composition(t["documents"]),
        "frame_profile": lambda: dc.plot_frame_profile(t["frame_profile"]),
        "frame_profile_by_genre": lambda: dc.plot_frame_profile(t["frames_by_genre"]),
        "k_selection": lambda: plot_k_selection(t["k_selection"], warn=False).flat[0],
        "top_terms": lambda: plot_top_terms(t["topics"], labels=t["topic_labels"]).flat[0],
        "topic_prevalence": lambda: dc.plot_topic_prevalence(t["topic_prevalence"]),
        "keyness": lambda: dc.plot_keyness(keyterms[keyterms["target"] == first]),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in figures.items():
        (path,) = dc.save_figure(draw(), OUT / name, formats=("png",), dpi=DPI)
        plt.close("all")
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1000:.0f} kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
