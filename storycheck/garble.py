"""Garble detectors (placeholder while the model builds)."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[A-Za-z]+|['’][A-Za-z]+|\d[\d.,]*\d|\d|[,;:]")


def lm_tokens(text: str) -> list[str]:
    out = []
    for m in _TOKEN.finditer(text):
        t = m.group().lower().replace("’", "'")
        out.append("<num>" if t[0].isdigit() else t)
    return out
