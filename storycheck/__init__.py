"""storycheck: check a news article sentence by sentence against other reports.

from storycheck import check
report = check(article_text, references=[reference_text, pathlib.Path("ref.html")])
print(report.to_json())
"""

from __future__ import annotations

from .errors import (
    BinaryInputError,
    EmptyInputError,
    FetchError,
    FetchTimeoutError,
    InputError,
    LimitExceededError,
    ModelError,
    NotEnglishError,
    StorycheckError,
)
from .pipeline import Engine, Options, check
from .read import read_path, read_url
from .report import SCHEMA, Report
from .types import Document

__version__ = "0.1.0"

__all__ = [
    "check",
    "Engine",
    "Options",
    "Report",
    "SCHEMA",
    "Document",
    "read_path",
    "read_url",
    "StorycheckError",
    "InputError",
    "EmptyInputError",
    "BinaryInputError",
    "NotEnglishError",
    "LimitExceededError",
    "FetchError",
    "FetchTimeoutError",
    "ModelError",
]
