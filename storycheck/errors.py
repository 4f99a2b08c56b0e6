"""One exception tree for everything storycheck raises on purpose.

    StorycheckError
    ├── InputError          bad or unreadable input (exit code 2)
    │   ├── EmptyInputError
    │   ├── BinaryInputError
    │   ├── NotEnglishError
    │   └── LimitExceededError
    ├── FetchError          a URL could not be fetched (exit code 3)
    │   └── FetchTimeoutError
    └── ModelError          a model file is missing or broken (exit code 4)

Each class carries the CLI exit code it maps to, so every shell agrees.
"""

from __future__ import annotations


class StorycheckError(Exception):
    exit_code = 1


class InputError(StorycheckError):
    exit_code = 2


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class NotEnglishError(InputError):
    pass


class LimitExceededError(InputError):
    pass


class FetchError(StorycheckError):
    exit_code = 3


class FetchTimeoutError(FetchError):
    pass


class ModelError(StorycheckError):
    exit_code = 4
