"""Shared helpers for benchmarks: where ../shared/data is, and ECB+ news text."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

DATA = Path(os.environ.get("STORYCHECK_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
ECB = DATA / "events" / "ecbplus" / "ECB+_LREC2014" / "ECB+"


def detokenize(tokens: list[str]) -> str:
    s = " ".join(tokens)
    s = re.sub(r" ([.,;:!?%)\]}'])", r"\1", s)
    s = re.sub(r"([(\[{$]) ", r"\1", s)
    s = re.sub(r" (n't|'s|'re|'ve|'ll|'d)\b", r"\1", s)
    return s.replace("`` ", '"').replace(" ''", '"')


def rejoin_token_splits(s: str) -> str:
    """ECB+'s tokeniser split decimals, initialisms and web addresses at their full stops
    and kept no spacing ("4 . 6", "U . S .", "patch . com"), so detokenised text reads "4. 6",
    "U. S." and the sentence splitter cuts there. Inside one corpus sentence such a stop is
    never a sentence end: rejoin it to what the reader saw ("4.6", "U.S.", "patch.com")."""
    s = re.sub(r"(\d)\. (?=\d)", r"\1.", s)
    s = re.sub(r"\b([A-Za-z])\. (?=[A-Za-z]\.)", r"\1.", s)
    return re.sub(r"(\w)\. (?=(?:com|org|net|gov|edu)\b)", r"\1.", s)


def ecb_sentences(path: Path) -> list[str]:
    """Sentences of one ECB+ document, detokenised."""
    sents: dict[int, list[str]] = {}
    for tok in ET.parse(path).getroot().iter("token"):
        sents.setdefault(int(tok.get("sentence", 0)), []).append(tok.text or "")
    return [detokenize(t) for _, t in sorted(sents.items()) if t]


def ecb_topic(topic: int, plus: bool) -> list[str]:
    """All sentences of one ECB+ topic's ecb (plus=False) or ecbplus documents, in file order."""
    kind = "ecbplus" if plus else "ecb"
    out: list[str] = []
    for f in sorted(
        (ECB / str(topic)).glob(f"*_*{kind}.xml"), key=lambda p: int(re.findall(r"_(\d+)", p.name)[0])
    ):
        if f.name.endswith("ecbplus.xml") != plus:
            continue
        out.extend(ecb_sentences(f))
    return out


def count_pairs(engine) -> list[int]:  # noqa: ANN001
    """Make ``engine.judge.score`` count the pairs it is asked to score; the returned
    one-element list holds the running count (reset it by assigning ``[0] = 0``)."""
    asked = [0]
    score = engine.judge.score

    def counted(pairs):  # noqa: ANN001, ANN202
        asked[0] += len(pairs)
        return score(pairs)

    engine.judge.score = counted
    return asked


def summary_part(document: str) -> str:
    """Which half of the selection sets (SummEdits non-news, SummaC validation) a document is
    in: "train" (training/stage4.py may learn from it) or "select" (checkpoints and thresholds
    are chosen on it). By document, so every summary of one document is on one side."""
    import zlib  # noqa: PLC0415

    key = re.sub(r"[^a-z0-9]", "", document.lower())[:2000]
    return "train" if zlib.crc32(key.encode()) % 2 == 0 else "select"
