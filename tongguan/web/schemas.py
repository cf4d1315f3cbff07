"""The JSON API's request bodies: each field named and bounded, unknown fields rejected.

A request carries the profile as the same mapping a profile file holds (the README's fields); the
profile is validated by `tongguan.profile.parse_profile`, so the API's messages are the command line's.
Everything else in a request (the date, a target, an option filter) is bounded here.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AskRequest",
    "ExplainRequest",
    "GraphRequest",
    "PathsRequest",
    "ProfileExport",
    "ProfileText",
    "ReportRequest",
    "WhatWouldChangeRequest",
]

Lang = Literal["zh", "en"]
_PROFILE = Field(
    description="The person's profile: the fields of a profile file (see the README and /api/policy's profile_schema).",
    json_schema_extra={"additionalProperties": True},
)
_AS_OF = Field(None, description="Evaluate at this date (YYYY-MM-DD); overrides the profile's as_of.", max_length=10)
_TARGET = Field(description="track:LEVEL, e.g. title:副高级, skill:技师 or exam:翻译", min_length=3, max_length=40)


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AskRequest(_Request):
    """What a person can apply for (`tongguan ask --json`)."""

    profile: dict[str, Any] = _PROFILE
    as_of: str | None = _AS_OF
    include_ineligible: bool = Field(False, description="Also list ineligible options (`--all`).")
    lang: Lang = "zh"


class ExplainRequest(_Request):
    """Proof trees and why-nots (`tongguan explain --json`)."""

    profile: dict[str, Any] = _PROFILE
    as_of: str | None = _AS_OF
    options: list[str] | None = Field(
        None, max_length=40, description="Only these options: TRACK:LEVEL[:ROUTE] (`--option`)."
    )
    target: str | None = Field(None, min_length=3, max_length=40, description="Also what would change (`--target`).")
    include_held: bool = False
    lang: Lang = "zh"


class WhatWouldChangeRequest(_Request):
    """The smallest profile changes that make a target reachable."""

    profile: dict[str, Any] = _PROFILE
    as_of: str | None = _AS_OF
    target: str = _TARGET


class PathsRequest(_Request):
    """The fastest dated paths to a target (`tongguan paths --json`)."""

    profile: dict[str, Any] = _PROFILE
    as_of: str | None = _AS_OF
    to: str = Field("title:正高级", min_length=3, max_length=40, description="The target (`--to`).")
    k: int = Field(3, ge=1, le=20, description="How many paths (`--k`).")


class GraphRequest(_Request):
    """The overpass drawn with a person's position and fastest path."""

    profile: dict[str, Any] = _PROFILE
    as_of: str | None = _AS_OF
    to: str = Field("title:正高级", min_length=3, max_length=40)


class ReportRequest(_Request):
    """The printable decision page of a person."""

    profile: dict[str, Any] = _PROFILE
    as_of: str | None = _AS_OF
    lang: Lang = "zh"


class ProfileText(_Request):
    """A profile file's text, to read into a profile (the page's upload)."""

    text: str = Field(max_length=65_536, description="The file's content.")
    format: Literal["yaml", "json"] = "yaml"


class ProfileExport(_Request):
    """A profile to write as a file (the page's download)."""

    profile: dict[str, Any] = _PROFILE
    format: Literal["yaml", "json"] = "yaml"
