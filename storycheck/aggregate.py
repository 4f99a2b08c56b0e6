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

Trust on real news (BENCHMARKS.md, "Trust"): honest reports of one event rarely
contradict each other, yet the judge alone called a fifth of their sentences
contradicted, nearly all for another detail, another speaker's quote or the same
statement. So the model's contradiction counts only where the passage is about the
same fact and differs in one specific slot or predicate (``conflict``, from
checks.conflict), or where a symbolic mismatch says what differs. Support needs the
passage to cover the claim (``coverage``: share of its content words) and to say it
without a hedge ("if", "may", "was expected to": ``hedged``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .types import Evidence, Flag, Judgement, Passage, Verdict

# One clear mismatch is enough to call the pair contradicted; more make it surer.
FLAG_FLOOR = 0.7
FLAG_STEP = 0.1
TOPIC_FLOOR = 0.25
# Support from a passage that holds less than this share of the claim's content words
# is topic overlap, not support (tuned on the trust benchmark's TUNE part).
SUPPORT_COVERAGE = 0.5


@dataclass(frozen=True)
class Judged:
    passage: Passage
    judgement: Judgement
    flags: tuple[Flag, ...] = ()
    similarity: float = 1.0  # claim-passage embedding cosine
    # Defaults say "not known" and keep the plain threshold rule.
    coverage: float = 1.0  # share of the claim's content words in the passage
    conflict: bool = True  # same fact, one slot or predicate differs (checks.conflict)
    hedged: bool = False  # the passage only says it might be so
    specifics: bool = True  # the claim's names and figures are in the passage


def can_contradict(j: Judged) -> bool:
    return bool(j.flags) or (on_topic(j) and j.conflict)


def can_support(j: Judged) -> bool:
    return not j.hedged and j.specifics and j.coverage >= SUPPORT_COVERAGE


def on_topic(j: Judged) -> bool:
    return bool(j.flags) or j.similarity >= TOPIC_FLOOR


def adjusted(j: Judged, support_threshold: float = 1.0) -> tuple[float, float]:
    s, c = j.judgement.support, j.judgement.contradiction
    if not can_support(j):
        s = min(s, support_threshold - 0.01)
    if not can_contradict(j):
        c = 0.0
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
    scored = [(j, *adjusted(j, support_threshold)) for j in judged]
    best_s = max(scored, key=lambda t: t[1])
    best_c = max(scored, key=lambda t: t[2])
    support, contradiction = best_s[1], best_c[2]
    verdict: Verdict
    if contradiction >= contradiction_threshold and contradiction >= support:
        verdict, lead = "contradicted", best_c
    elif support >= support_threshold:
        verdict, lead = "supported", best_s
    else:
        verdict, lead = "unverified", best_s
    rest = sorted((t for t in scored if t is not lead), key=lambda t: -max(t[1], t[2]))
    # Overlapping 1-3 sentence windows of one passage are shown once: the first (best)
    # of them, so a reader sees each reference sentence once.
    shown: list[tuple[Judged, float, float]] = []
    for t in [lead, *rest]:
        p = t[0].passage
        if not any(q.passage.source == p.source and q.passage.start < p.end and p.start < q.passage.end
                   for q, _, _ in shown):  # fmt: skip
            shown.append(t)
    evidence = [
        Evidence(j.passage.source, j.passage.start, j.passage.end, j.passage.text, s, c) for j, s, c in shown
    ]
    # A flag says the source states otherwise: only on a contradicted sentence, so the
    # verdict and its flags agree.
    flags: dict[tuple[str, int, int], Flag] = {}
    if verdict == "contradicted":
        for j, _s, c in scored:
            if c >= contradiction_threshold:
                for f in j.flags:
                    flags.setdefault((f.kind, f.start, f.end), f)
    return verdict, support, contradiction, evidence, list(flags.values())
