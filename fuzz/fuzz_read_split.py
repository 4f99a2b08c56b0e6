"""Coverage-guided fuzz target (atheris) for the reader and the splitter.

    pip install atheris && python fuzz/fuzz_read_split.py -max_total_time=60

Any bytes: the reader either returns a Document or raises a StorycheckError; the
splitter's sentences index the text exactly, in order, without overlap.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from storycheck.errors import StorycheckError
    from storycheck.read import from_bytes
    from storycheck.split import split_sentences


def one_input(data: bytes) -> None:
    try:
        doc = from_bytes(data, "fuzz.txt")
    except StorycheckError:
        text = data.decode("utf-8", errors="replace")
    else:
        text = doc.text
    prev = 0
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text, (s, text)
        assert s.start >= prev
        prev = s.end


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
