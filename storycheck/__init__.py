"""storycheck: check a news article sentence by sentence against other reports.

from storycheck import check
report = check(article_text, references=[reference_text, pathlib.Path("ref.html")])
print(report.to_json())
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:  # for type checkers and IDEs; at run time these load on first use
    from .pipeline import Engine, Options, check
    from .read import read_path, read_url
    from .report import SCHEMA, Report
    from .types import Document

# Loaded on first use (PEP 562), so `import storycheck` and the command line's --help do
# not pay for numpy, the pipeline or the readers (tests/test_cold_start.py).
_LAZY = {
    "check": "pipeline",
    "Engine": "pipeline",
    "Options": "pipeline",
    "read_path": "read",
    "read_url": "read",
    "Report": "report",
    "SCHEMA": "report",
    "Document": "types",
}
_SUBPACKAGES = {"events"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _SUBPACKAGES:
        return import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY, *_SUBPACKAGES])


__version__ = "0.1.0"


__all__ = [
    "check",
    "events",
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
