"""Multi-sentence claims: judge each sentence and take the minimum (what storycheck does)
against judging the whole claim as one unit.

    python benchmarks/claim_split.py [--sets summedits,anli]

Every dev item of those sets whose claim storycheck splits into more than one sentence
(few are: 33 of 395 SummEdits-news summaries, 28 of 3,198 ANLI hypotheses). Both
strategies use the same retrieval (whole document indexed, best passages per claim
unit), the same judge and the same aggregation; only the unit differs. Binary task:
verdict "supported" vs not.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from judge_eval import LOADERS
from sklearn.metrics import roc_auc_score

from storycheck.pipeline import Engine, Options, embed_and_index, judge_claims
from storycheck.read import from_text
from storycheck.score import score_pair
from storycheck.split import split_sentences
from storycheck.types import Sentence


def whole_claim(document: str, claim: str, engine: Engine, options: Options) -> tuple[float, str]:
    ref = from_text(document, "document")
    sents = split_sentences(ref.text)
    unit = Sentence(0, 0, len(claim), claim)
    vecs, _, index = embed_and_index([unit], [ref], [sents], engine.embedder)
    (res,) = judge_claims([unit], vecs, index, [ref], engine, options)
    return res.support, res.verdict


def per_sentence(document: str, claim: str, engine: Engine) -> tuple[float, str]:
    s = score_pair(document, claim, engine)
    return s.support, s.verdict


def metrics(y: np.ndarray, verdicts: list[str], support: list[float]) -> str:
    pred = np.array([v == "supported" for v in verdicts])
    rec = [float((pred[y == c] == c).mean()) for c in (0, 1)]
    return f"BA {100 * np.mean(rec):.1f}  AUC {100 * roc_auc_score(y, support):.1f}  (recall+ {100 * rec[1]:.1f}, recall- {100 * rec[0]:.1f})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="summedits,anli")
    args = ap.parse_args()
    items = [
        it for name in args.sets.split(",") for it in LOADERS[name]() if len(split_sentences(it.claim)) > 1
    ]
    engine = Engine.default()
    options = Options(garble=False, omissions=False)
    y = np.array([it.label for it in items])
    out = {}
    for name, fn in (
        ("per sentence, min (storycheck)", lambda d, c: per_sentence(d, c, engine)),
        ("whole claim as one unit", lambda d, c: whole_claim(d, c, engine, options)),
    ):
        t0 = time.perf_counter()
        res = [fn(it.document, it.claim) for it in items]
        out[name] = metrics(y, [v for _, v in res], [s for s, _ in res])
        print(f"{name:32s} {out[name]}  [{time.perf_counter() - t0:.0f} s]", flush=True)
    print(f"n={len(items)} multi-sentence claims from {args.sets} ({int(y.sum())} supported)")


if __name__ == "__main__":
    main()
