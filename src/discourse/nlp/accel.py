"""Per-word-type annotation for the sentence modes, and the optional speed-ups.

Always used by the sentence modes of :func:`discourse.nlp.parse`:

* :class:`TypeLemmatizer` - spaCy's own ``Lemmatizer.lemmatize``, called once per distinct
  (word, part of speech, morphology) and kept (spaCy's lemma is a function of those three);
* :class:`LexicalLemmatizer` - a lemma from the word form alone, read from the rule
  lemmatizer's tables (``Lemmatizer.lookups``), for the sentences that are not tagged.

Speed-ups of library internals, each pinned to the library's own output by a test, and used only
on the versions they are tested against (spaCy 3.8.x, thinc 8.3.x: :func:`accelerations`) and
unless switched off (``DISCOURSE_ACCEL=0`` in the environment, or ``parse(..., accel=False)``):

* ``"attribute_ruler"`` - :class:`FastAttributeRuler`, spaCy's ``AttributeRuler`` evaluated
  once per word type (read from its public ``patterns``) instead of a ``Matcher`` run over
  every token. On 300 AllSides articles (460k tokens) spaCy's ruler takes 14-17 s, this one
  about 1 s (``benchmarks/bench_accel.py``).

A second speed-up, numpy's matrix product in place of thinc's, was measured and removed: on the
same 300 articles it made the parse 6 % slower, not faster (``bench_accel.py``, 2026-12-03).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..docs import group_rows
from ..errors import PipelineError

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "ACCELERATIONS",
    "ACCEL_ENV",
    "FastAttributeRuler",
    "LexicalLemmatizer",
    "TypeLemmatizer",
    "accelerations",
    "one_blas_thread",
    "supported",
]

#: The optional speed-ups, by name.
ACCELERATIONS = ("attribute_ruler",)
#: Environment variable that switches the speed-ups off (``0``, ``false``, ``no`` or ``off``).
ACCEL_ENV = "DISCOURSE_ACCEL"
_OFF = ("0", "false", "no", "off")


def supported() -> bool:
    """True on the library versions the speed-ups are tested against (spaCy 3.8.x, thinc 8.3.x)."""
    import spacy
    import thinc

    return spacy.__version__.startswith("3.8.") and thinc.__version__.startswith("8.3.")


def accelerations(accel: bool | Iterable[str] | None = None) -> frozenset[str]:
    """The speed-ups to use.

    Parameters
    ----------
    accel : bool or iterable of str, optional
        None (default): all of :data:`ACCELERATIONS` unless the environment variable
        ``DISCOURSE_ACCEL`` is ``0`` (or ``false``, ``no``, ``off``); False: none; True: all;
        names: those. Whatever is asked, none on library versions other than those they are
        tested against (:func:`supported`).

    Raises
    ------
    PipelineError
        For a name that is not a speed-up.
    """
    if accel is None:
        accel = os.environ.get(ACCEL_ENV, "1").strip().lower() not in _OFF
    if isinstance(accel, bool):
        names = frozenset(ACCELERATIONS) if accel else frozenset()
    elif isinstance(accel, str) or not isinstance(accel, Iterable):
        raise PipelineError(f"accel must be True, False, None or a list of names from {', '.join(ACCELERATIONS)}, not {accel!r}")
    else:
        names = frozenset(accel)
        unknown = sorted(names - set(ACCELERATIONS))
        if unknown:
            raise PipelineError(f"accel: unknown speed-up {', '.join(map(repr, unknown))}; choose from {', '.join(ACCELERATIONS)}")
    return names if names and supported() else frozenset()


#: Token attributes a pattern may test (pattern key -> attribute read).
_TESTED = {"TAG": "TAG", "LOWER": "LOWER", "ORTH": "ORTH", "TEXT": "ORTH", "DEP": "DEP", "IS_SPACE": "IS_SPACE", "POS": "POS"}


class _Unsupported(Exception):
    pass


def _predicate(value: Any) -> Callable[[Any], bool]:
    if isinstance(value, bool | str):
        return lambda v, want=value: v == want
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN" and isinstance(arg, list):
            options = frozenset(arg)
            return lambda v: v in options
        if op == "NOT_IN" and isinstance(arg, list):
            options = frozenset(arg)
            return lambda v: v not in options
        if op == "REGEX" and isinstance(arg, str):
            rx = re.compile(arg)
            return lambda v: isinstance(v, str) and rx.search(v) is not None
    raise _Unsupported(repr(value))


class FastAttributeRuler:
    """The same annotation as a spaCy ``AttributeRuler``, one evaluation per word type.

    Built from the ruler's public ``patterns`` (patterns, attributes, index); the attributes are
    normalised as ``AttributeRuler.add`` does (``spacy.attrs.intify_attrs``, the morphology
    through ``vocab.morphology``).

    Parameters
    ----------
    ruler : spacy.pipeline.AttributeRuler

    Raises
    ------
    ValueError
        If a pattern uses an operator, an attribute or an assignment this class does not handle.
    """

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG, intify_attrs

        self.ruler = ruler
        self.vocab = ruler.vocab
        settable = {POS: 0, TAG: 1, MORPH: 2, LEMMA: 3, DEP: 4}
        self._columns = [POS, TAG, MORPH, LEMMA, DEP]
        self._rules: list[tuple[list[list[list[tuple[str, Callable[[Any], bool]]]]], int, tuple[tuple[int, int], ...]]] = []
        used: set[str] = set()
        # per tested string attribute: its tests, those of an exact value found by the value
        self._tests_by_value: dict[str, dict[str, list[int]]] = {}
        self._tests_other: dict[str, list[tuple[int, Callable[[Any], bool]]]] = {}
        self._n_tests = 0
        raw = list(ruler.patterns)
        try:
            for spec in raw:
                alts = []
                for pattern in spec["patterns"]:
                    tokens = []
                    for tok in pattern:
                        if not isinstance(tok, dict) or not tok:
                            raise _Unsupported(repr(tok))
                        tests = []
                        for key, value in tok.items():
                            name = _TESTED.get(str(key).upper())
                            if name is None:
                                raise _Unsupported(str(key))
                            used.add(name)
                            test = _predicate(value)
                            tests.append((name, test))
                            if name != "IS_SPACE":
                                self._file_test(name, value, test)
                        tokens.append(tests)
                    alts.append(tokens)
                if "_" in spec["attrs"]:
                    raise _Unsupported("extension attributes")
                try:
                    attrs = intify_attrs(dict(spec["attrs"]), strings_map=self.vocab.strings)
                except (KeyError, ValueError) as exc:
                    raise _Unsupported(repr(spec["attrs"])) from exc
                if MORPH in attrs:
                    attrs[MORPH] = self.vocab.morphology.add(self.vocab.strings.as_string(attrs[MORPH]))
                if any(k not in settable for k in attrs):
                    raise _Unsupported(repr(spec["attrs"]))
                assign = tuple((settable[k], int(v)) for k, v in attrs.items())
                self._rules.append((alts, int(spec["index"]), assign))
        except _Unsupported as exc:
            raise ValueError(f"attribute_ruler pattern not supported by FastAttributeRuler: {exc}") from None
        self._used = sorted(used)
        # a value enters a word type only through the tests on its attribute: values that pass
        # the same tests are one class, read through a representative ("policy" and "table"
        # are one class of LOWER, every tag not named by a pattern one class of TAG ...), so that
        # word types stay few and each is evaluated once
        self._classed = [name for name in self._used if name != "IS_SPACE"]
        self._class_of: dict[tuple[str, int], int] = {}
        self._class_reps: dict[tuple[str, tuple[int, ...]], int] = {}
        self._specs = [(r, a, j) for r, (alts, _, _) in enumerate(self._rules) for a, alt in enumerate(alts) if len(alt) > 1 for j in range(len(alt))]
        self._multi = [(r, a, len(alt), [self._specs.index((r, a, j)) for j in range(len(alt))]) for r, (alts, _, _) in enumerate(self._rules) for a, alt in enumerate(alts) if len(alt) > 1]
        self._ids: dict[tuple[int, ...], int] = {}
        self._rows: list[tuple[tuple[int, ...], list[int], list[bool], list[bool]]] = []
        self._tables: tuple[Any, Any, Any] | None = None
        self._folds: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}
        # index the single-token alternatives and the token specs of longer patterns by a word form
        # or tag they require, so that a new word type is tested only against those it can match
        self._by_value: dict[tuple[str, str], list[int]] = {}
        self._always: list[int] = []
        self._spec_by_value: dict[tuple[str, str], list[int]] = {}
        self._spec_always: list[int] = []
        for r, spec in enumerate(raw):
            for pattern in spec["patterns"]:
                if len(pattern) == 1:
                    _index(pattern[0], r, self._by_value, self._always)
        for k, (r, a, j) in enumerate(self._specs):
            _index(raw[r]["patterns"][a][j], k, self._spec_by_value, self._spec_always)

    def _features(self, key: tuple[int, ...]) -> dict[str, Any]:
        strings = self.vocab.strings
        return {name: bool(value) if name == "IS_SPACE" else (strings[value] if value else "") for name, value in zip(self._used, key, strict=True)}

    @staticmethod
    def _matches(tests: list[tuple[str, Callable[[Any], bool]]], feats: dict[str, Any]) -> bool:
        return all(test(feats[name]) for name, test in tests)

    def _file_test(self, name: str, value: Any, test: Callable[[Any], bool]) -> None:
        """Number a test on the string attribute ``name``; an exact value (or a list of them) is
        filed under each value, any other test is evaluated on every new value."""
        k = self._n_tests
        self._n_tests += 1
        options = _exact_values(value)
        if options is None:
            self._tests_other.setdefault(name, []).append((k, test))
            return
        by_value = self._tests_by_value.setdefault(name, {})
        for option in options:
            by_value.setdefault(option, []).append(k)

    def _class_rep(self, name: str, value: int) -> int:
        """The representative of the class of ``value`` (a string hash) of attribute ``name``:
        the first value seen that passes exactly the same tests."""
        rep = self._class_of.get((name, value))
        if rep is None:
            text = self.vocab.strings[value] if value else ""
            passed = [*self._tests_by_value.get(name, {}).get(text, ()), *(k for k, test in self._tests_other.get(name, ()) if test(text))]
            rep = self._class_of[(name, value)] = self._class_reps.setdefault((name, tuple(sorted(passed))), value)
        return rep

    def _fold(self, rules: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        """The (column, value) pairs left after applying ``rules`` in rule order."""
        out = self._folds.get(rules)
        if out is None:
            final: dict[int, int] = {}
            for r in sorted(rules):
                for col, value in self._rules[r][2]:
                    final[col] = value
            out = tuple(sorted(final.items()))
            self._folds[rules] = out
        return out

    def _id(self, key: tuple[int, ...]) -> int:
        """Row of the word type ``key`` in the tables (evaluated on first sight)."""
        i = self._ids.get(key)
        if i is None:
            feats = self._features(key)
            candidates = set(self._always)
            for name in ("LOWER", "ORTH", "TAG"):
                if name in feats:
                    candidates.update(self._by_value.get((name, feats[name]), ()))
            single = tuple(r for r in sorted(candidates) if any(len(alt) == 1 and self._matches(alt[0], feats) for alt in self._rules[r][0]))
            fold = dict(self._fold(single))
            ncol = len(self._columns)
            values = [fold.get(c, 0) for c in range(ncol)]
            has = [c in fold for c in range(ncol)]
            spec = [False] * len(self._specs)
            candidates = set(self._spec_always)
            for name in ("LOWER", "ORTH", "TAG"):
                if name in feats:
                    candidates.update(self._spec_by_value.get((name, feats[name]), ()))
            for k in candidates:
                r, a, j = self._specs[k]
                spec[k] = self._matches(self._rules[r][0][a][j], feats)
            i = self._ids[key] = len(self._rows)
            self._rows.append((single, values, has, spec))
        return i

    def _grow(self) -> tuple[Any, Any, Any]:
        """The tables as arrays, extended with the rows added since the last call."""
        import numpy as np

        done = 0 if self._tables is None else len(self._tables[0])
        if done == len(self._rows):
            return self._tables  # type: ignore[return-value]
        new = self._rows[done:]
        parts = (
            np.array([r[1] for r in new], dtype=np.uint64).reshape(len(new), len(self._columns)),
            np.array([r[2] for r in new], dtype=bool).reshape(len(new), len(self._columns)),
            np.array([r[3] for r in new], dtype=bool).reshape(len(new), len(self._specs)),
        )
        if self._tables is not None:
            parts = tuple(np.concatenate([old, part]) for old, part in zip(self._tables, parts, strict=True))  # type: ignore[assignment]
        self._tables = parts
        return parts

    def __call__(self, doc: Doc) -> Doc:
        """Set the attributes on ``doc`` (in place) and return it."""
        self.pipe([doc])
        return doc

    def pipe(self, docs: Sequence[Doc]) -> None:
        """Set the attributes on every Doc of ``docs`` (in place), as the ruler called on each.

        The Docs are read together (each word type is looked up once per call); a pattern over
        several tokens never matches across two Docs.
        """
        import numpy as np
        from spacy.attrs import IDS

        docs = [doc for doc in docs if len(doc)]
        if not docs:
            return
        lengths = np.array([len(doc) for doc in docs], dtype=np.int64)
        n = int(lengths.sum())
        owner = np.repeat(np.arange(len(docs)), lengths)  # which Doc each token belongs to
        feats = np.concatenate([doc.to_array([IDS[name] for name in self._used]).reshape(len(doc), -1) for doc in docs])
        for name in self._classed:
            col = self._used.index(name)
            values, inverse = np.unique(feats[:, col], return_inverse=True)
            reps = np.array([self._class_rep(name, h) for h in values.tolist()], dtype=feats.dtype)
            feats[:, col] = reps[inverse.reshape(-1)]
        codes, first = group_rows(feats)
        types = np.fromiter((self._id(tuple(feats[i].tolist())) for i in first.tolist()), dtype=np.int64, count=len(first))
        gid = types[codes]
        values, has, spec = self._grow()
        out = np.concatenate([doc.to_array(self._columns).reshape(len(doc), -1) for doc in docs])
        out = np.where(has[gid], values[gid], out)
        extra: dict[int, list[int]] = {}
        hits = spec[gid]
        for r, _a, span, cols in self._multi:
            if n < span:
                continue
            window = owner[: n - span + 1] == owner[span - 1 :]  # inside one Doc
            for j, c in enumerate(cols):
                window &= hits[j : n - span + 1 + j, c]
            if not window.any():
                continue
            index = self._rules[r][1]
            for start in np.flatnonzero(window).tolist():
                target = start + index if index >= 0 else start + span + index
                extra.setdefault(target, []).append(r)
        for i, rules in extra.items():
            for col, value in self._fold(tuple(sorted({*self._rows[gid[i]][0], *rules}))):
                out[i, col] = value
        at = 0
        for doc, length in zip(docs, lengths.tolist(), strict=True):
            doc.from_array(self._columns, np.ascontiguousarray(out[at : at + length]))
            at += length


def _index(token_pattern: dict[str, Any], item: int, by_value: dict[tuple[str, str], list[int]], always: list[int]) -> None:
    """File ``item`` under a word form or tag its token pattern requires (else under ``always``)."""
    tests = {_TESTED[str(k).upper()]: v for k, v in token_pattern.items()}
    for name in ("LOWER", "ORTH", "TAG"):
        options = _exact_values(tests.get(name))
        if options:
            for option in options:
                by_value.setdefault((name, option), []).append(item)
            return
    always.append(item)


def _exact_values(value: Any) -> list[str] | None:
    """The values a pattern test accepts when it names them (a string, or ``{"IN": [...]}``)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and isinstance(value.get("IN"), list):
        return value["IN"]
    return None


class TypeLemmatizer:
    """spaCy's lemmatizer, called once per distinct (word, part of speech, morphology).

    The lemma is ``Lemmatizer.lemmatize(token)[0]`` - spaCy's logic and tables - for the first
    token of each type; it is kept for the other tokens of the type, in every Doc (spaCy's own
    rule lemmatizer caches by the same three values). Only the per-token Python loop of
    ``Lemmatizer.__call__`` is saved.

    Parameters
    ----------
    lemmatizer : spacy.pipeline.Lemmatizer
        A lemmatizer whose lemma depends on the word, its part of speech and morphology only
        (the ``rule`` and ``lookup`` modes).

    Raises
    ------
    ValueError
        If ``lemmatizer`` is not such a lemmatizer.
    """

    def __init__(self, lemmatizer: Any) -> None:
        from spacy.pipeline import Lemmatizer
        from spacy.tokens import Doc as SpacyDoc

        if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode not in ("rule", "lookup"):
            raise ValueError("TypeLemmatizer wraps a spaCy Lemmatizer in 'rule' or 'lookup' mode only")
        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self._cache: dict[tuple[int, int, int], int] = {}
        lemmatizer(SpacyDoc(self.vocab, words=[]))  # spaCy checks its tables on its first call

    def __call__(self, doc: Doc, rows: Any = None) -> Doc:
        """Set the lemmas of ``doc`` (in place) and return it.

        Parameters
        ----------
        doc : Doc
        rows : array of bool, optional
            The tokens to lemmatize (default all). Of those, as spaCy's ``Lemmatizer``, only the
            tokens without a lemma unless the lemmatizer overwrites.
        """
        import numpy as np
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = np.ones(len(doc), dtype=bool) if rows is None else np.asarray(rows, dtype=bool).copy()
        if not self.lemmatizer.overwrite:
            todo &= arr[:, 3] == 0
        if not todo.any():
            return doc
        at = np.flatnonzero(todo)
        keys = arr[at, :3]
        codes, first = group_rows(keys)
        strings = self.vocab.strings
        values = np.empty(len(first), dtype=np.uint64)
        for u, i in enumerate(first.tolist()):
            key = tuple(keys[i].tolist())
            lemma = self._cache.get(key)
            if lemma is None:
                lemma = self._cache[key] = strings.add(self.lemmatizer.lemmatize(doc[int(at[i])])[0])
            values[u] = lemma
        arr[at, 3] = values[codes]
        doc.from_array([LEMMA], arr[:, 3:4])
        return doc


class LexicalLemmatizer:
    """A lemma from the word form alone, with a rule lemmatizer's own tables (no tagger needed).

    The sentence modes of :func:`discourse.nlp.parse` tag only the sentences the frame analysis
    reads; topics and key terms read every sentence, so they use this lemma, which does not
    depend on which sentences were tagged. For a word form:

    1. a capitalised form (a name: "Sanders", "James") is only lower-cased (the parse hands a
       sentence's first word over in lower case);
    2. an exception of the noun, verb or adjective table, in that order ("women" -> "woman",
       "said" -> "say");
    3. the first suffix rule of the noun, verb or adjective table, in that order, whose result
       is a known base form of that part of speech ("rights" -> "right", "accused" -> "accuse");
    4. else the lower-cased form.

    The tables are read through the lemmatizer's ``lookups`` (``lemma_exc``, ``lemma_rules``,
    ``lemma_index``). This is not spaCy's ``rule_lemmatize`` with a guessed part of speech: that
    one prefers the *last* suffix rule giving a known form and falls back on unknown forms,
    which is right when a tagger has settled the part of speech but not for a bare word form
    (on the 811 AllSides articles it would change 85 of 24,521 lower-case word types, 1,041
    tokens: "raped" -> "rap", "hoping" -> "hop", "taxes" -> "taxis", "better" -> "well").

    On AllSides articles it agrees with the tagger-based lemma on about 96% of the content-word
    tokens (most differences are plural names: "democrats" -> "democrat").

    Parameters
    ----------
    lemmatizer : spacy.pipeline.Lemmatizer
        In ``rule`` mode.

    Raises
    ------
    ValueError
        If the lemmatizer is not in ``rule`` mode.
    """

    _POS = ("noun", "verb", "adj")

    def __init__(self, lemmatizer: Any) -> None:
        if getattr(lemmatizer, "mode", None) != "rule":
            raise ValueError("LexicalLemmatizer reads the tables of a lemmatizer in 'rule' mode only")
        lookups = lemmatizer.lookups
        exc = lookups.get_table("lemma_exc", {})
        index = lookups.get_table("lemma_index", {})
        rules = lookups.get_table("lemma_rules", {})
        self.exceptions = [dict(exc.get(p, {})) for p in self._POS]
        self.index = [frozenset(index.get(p, [])) for p in self._POS]
        self.rules = [[(old, new) for old, new in rules.get(p, [])] for p in self._POS]
        self.vocab = lemmatizer.vocab
        self._memo: dict[int, int] = {}

    def lemma(self, form: str) -> str:
        """The lemma of one word form."""
        low = form.lower()
        if form[:1].isupper():
            return low
        for table in self.exceptions:
            if low in table and table[low]:
                return str(table[low][0])
        for rules, index in zip(self.rules, self.index, strict=True):
            for old, new in rules:
                if low.endswith(old):
                    base = low[: len(low) - len(old)] + new
                    if base and base in index:
                        return base
        return low

    def hashes(self, orth: Any) -> Any:
        """Lemma hashes (added to the string store) for an array of ORTH hashes."""
        import numpy as np

        values, inverse = np.unique(orth, return_inverse=True)
        strings = self.vocab.strings
        out = np.empty(len(values), dtype=np.uint64)
        memo = self._memo
        for i, h in enumerate(values.tolist()):
            got = memo.get(h)
            if got is None:
                got = memo[h] = strings.add(self.lemma(strings[h]))
            out[i] = got
        return out[inverse.reshape(-1)]


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit numpy's BLAS to one thread (the models run one process per core, as spaCy's do)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
