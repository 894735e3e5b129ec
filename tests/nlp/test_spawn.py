"""``parse(..., mode="full", n_process=2)`` and a loaded pipeline's own ``nlp.pipe(n_process=2)``
work when processes are started with ``spawn`` (macOS and Windows, Python 3.14's default): the
discourse components are registered at module level (issue 13 item 3)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import multiprocessing
    import sys

    import pandas as pd

    if __name__ == "__main__":
        multiprocessing.set_start_method("spawn", force=True)
        import discourse
        from discourse.nlp import load_pipeline

        texts = {f"d{i}": f"Men support women {i}.\\n\\nFathers care for their children. He helps." for i in range(6)}
        texts["long"] = " ".join(["men and boys"] * 200)  # cut by the sentence cap
        corpus = discourse.Corpus.from_frame(pd.DataFrame({"id": list(texts), "text": list(texts.values())}))
        one = discourse.parse(corpus, mode="full", use_cache=False)
        two = discourse.parse(corpus, mode="full", n_process=2, batch_size=2, use_cache=False)
        attrs = lambda doc: [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.is_sent_start) for t in doc]
        assert list(one) == list(two)
        assert all(attrs(one[k]) == attrs(two[k]) for k in one), "n_process=2 differs from 1"
        nlp = load_pipeline()
        piped = list(nlp.pipe(list(texts.values()), n_process=2, batch_size=2))
        assert [attrs(d) for d in piped] == [attrs(one[k]) for k in texts], "spaCy's own processes differ"
        assert max(len(s) for s in piped[-1].sents) <= 256
        print("ok", multiprocessing.get_start_method())
    """
)


def test_full_parse_on_two_spawned_processes(tmp_path):
    script = tmp_path / "spawned.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, "-W", "ignore", str(script)], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok spawn")


UNGUARDED = textwrap.dedent(
    """
    import pandas as pd

    import discourse

    corpus = discourse.Corpus.from_frame(pd.DataFrame({"id": ["a", "b"], "text": ["Men cry.", "Boys too."]}))
    discourse.parse(corpus, mode="full", n_process=2, use_cache=False)
    """
)


def test_a_script_without_the_main_guard_gets_a_one_line_error(tmp_path):
    script = tmp_path / "unguarded.py"
    script.write_text(UNGUARDED, encoding="utf-8")
    done = subprocess.run([sys.executable, "-W", "ignore", str(script)], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("discourse.errors.PipelineError: n_process: a worker process stopped before it finished")
    assert "if __name__" in last and "n_process=1" in last
