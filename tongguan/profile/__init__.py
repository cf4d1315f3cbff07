"""A person's profile: reading, validating and normalising it against the KB's profile schema and vocabulary.

Input is YAML or JSON (field names are a contract, see the README).  The fields, their types and
bounds, the vocabulary each takes its values from and the messages of a value outside it are the
policy's data (``kb/profile.yaml``, `tongguan.kb.KB.profile`): `profile_model` builds the pydantic
model from it, and `parse_profile` normalises a profile by it.  Every problem becomes a `ProfileError`
naming the field and the value, so the command line can exit 2 with one clear message and never a
traceback.

The package in parts: `tongguan.profile.schema` (the models and `ProfileError`) and
`tongguan.profile.normalise` (the pydantic errors in the profile's terms, and the normaliser);
`parse_profile` and `load_profile` here join them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..documents import read_document
from ..errors import DocumentError
from ..kb import KB, load_kb
from .normalise import first_error as _first_error
from .normalise import normalise as _normalise
from .schema import ProfileError, ProfileSchema, attribute, profile_model, profile_schema

__all__ = [
    "Award",
    "Profile",
    "ProfileError",
    "ProfileSchema",
    "Skill",
    "Title",
    "attribute",
    "load_profile",
    "parse_profile",
    "profile_model",
    "profile_schema",
]

_SHIPPED = {"Profile": "model", "Skill": "skills", "Title": "titles", "Award": "awards"}
_BOUNDS = {"FIRST_DAY": "first_day", "LAST_DAY": "last_day", "LAST_AS_OF": "last_as_of", "LIST_LIMIT": "list", "COUNT_LIMIT": "count"}


def __getattr__(name: str) -> Any:
    """The shipped policy's models (`Profile`, `Skill`, `Title`, `Award`) and bounds (`FIRST_DAY`,
    `LAST_DAY`, `LAST_AS_OF`...), built from its schema when first asked for and then kept as the
    module's names (every module of the engine imports `Profile`: one load of the KB, not one each)."""
    if name in _SHIPPED or name in _BOUNDS:
        s = profile_schema()
        for shipped, part in _SHIPPED.items():
            if shipped == "Profile" or part in s.records:
                globals()[shipped] = s.model if shipped == "Profile" else s.records[part]
        for bound, key in _BOUNDS.items():
            globals()[bound] = s.bounds[key]
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")



def parse_profile(data: Any, kb: KB | None = None, as_of: dt.date | None = None, today: dt.date | None = None) -> Any:
    """Validate and normalise a profile given as a mapping.

    Parameters
    ----------
    data : mapping
        The profile fields (see the README).
    kb : KB, optional
        Vocabulary source; the shipped KB by default.
    as_of : date, optional
        Overrides the profile's ``as_of``.
    today : date, optional
        Default ``as_of`` when neither is given (the real today otherwise).

    Examples
    --------
    >>> p = parse_profile({"skills": [{"level": "二级", "obtained": "2020-05-01"}]}, as_of=dt.date(2025, 1, 1))
    >>> p.skills[0].level
    '技师'
    """
    kb = kb or load_kb()
    schema = profile_schema(kb)
    if data is None:
        raise ProfileError("profile", None, "doc.empty")
    if not isinstance(data, dict):
        raise ProfileError("profile", data, "doc.not_mapping")
    if as_of is not None:
        data = {**data, schema.as_of: as_of}
    try:
        prof = schema.model.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, data, schema.fields) from None
    return _normalise(prof, kb, today or dt.date.today(), schema)


def load_profile(path: str | Path, kb: KB | None = None, as_of: dt.date | None = None) -> Any:
    """Read a profile file (YAML, or JSON by its ``.json`` suffix) and validate it.

    The file is bounded while it is read (`tongguan.documents.read_document`); every problem raises a
    `ProfileError` (the file's own problems a `DocumentError`, both `TongguanError`).
    """
    try:
        data = read_document(path, label="PROFILE")
    except DocumentError as exc:
        raise exc.recast(ProfileError) from None
    return parse_profile(data, kb=kb, as_of=as_of)

