"""Aggregate stage: judged evidence + mismatch flags -> one verdict per sentence.

Rule (thresholds come from the judge's calibration, see MODEL_CARD.md):
  contradicted  if the strongest contradiction >= contradiction threshold and is at
                least as strong as the strongest support;
  supported     else if the strongest support >= support threshold;
  unverified    otherwise.
A symbolic mismatch (number, date, name, negation) on an evidence passage that is about
the same thing raises that passage's contradiction to at least ``FLAG_FLOOR``.
A passage about something else (embedding cosine below ``TOPIC_FLOOR``, no mismatch
flag) cannot make a sentence contradicted: NLI-trained judges read "different scene"
as contradiction (SNLI's labelling), but for news an unrelated passage says nothing.
On the judge's held-out dev set every non-SNLI contradiction pair had cosine >= 0.3.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .types import Evidence, Flag, Judgement, Passage, Verdict

# One clear mismatch is enough to call the pair contradicted; more make it surer.
FLAG_FLOOR = 0.7
FLAG_STEP = 0.1
TOPIC_FLOOR = 0.25


@dataclass(frozen=True)
class Judged:
    passage: Passage
    judgement: Judgement
    flags: tuple[Flag, ...] = ()
    similarity: float = 1.0  # claim-passage embedding cosine


def on_topic(j: Judged) -> bool:
    return bool(j.flags) or j.similarity >= TOPIC_FLOOR


def adjusted(j: Judged) -> tuple[float, float]:
    s, c = j.judgement.support, j.judgement.contradiction
    if j.flags:
        c = max(c, min(0.99, FLAG_FLOOR + FLAG_STEP * (len(j.flags) - 1)))
        s = min(s, 1.0 - c)
    return s, c


def decide(
    judged: Sequence[Judged], support_threshold: float, contradiction_threshold: float
) -> tuple[Verdict, float, float, list[Evidence], list[Flag]]:
    """Verdict, support, contradiction, evidence (responsible first) and mismatch flags."""
    if not judged:
        return "unverified", 0.0, 0.0, [], []
    scored = [(j, *adjusted(j)) for j in judged]
    best_s = max(scored, key=lambda t: t[1])
    topical = [t for t in scored if on_topic(t[0])]
    best_c = max(topical, key=lambda t: t[2]) if topical else None
    support, contradiction = best_s[1], (best_c[2] if best_c else 0.0)
    verdict: Verdict
    if best_c and contradiction >= contradiction_threshold and contradiction >= support:
        verdict, lead = "contradicted", best_c
    elif support >= support_threshold:
        verdict, lead = "supported", best_s
    else:
        verdict, lead = "unverified", best_s
    rest = sorted((t for t in scored if t is not lead), key=lambda t: -max(t[1], t[2]))
    evidence = [
        Evidence(j.passage.source, j.passage.start, j.passage.end, j.passage.text, s, c)
        for j, s, c in [lead, *rest]
    ]
    flags: dict[tuple[str, int, int], Flag] = {}
    for j, _s, c in scored:
        if c >= contradiction_threshold:
            for f in j.flags:
                flags.setdefault((f.kind, f.start, f.end), f)
    return verdict, support, contradiction, evidence, list(flags.values())
