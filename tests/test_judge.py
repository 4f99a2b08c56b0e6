"""The shipped judge: loads offline without torch, points the right way, int8 stays
close to its fp32 parent, and batching does not change or reorder scores.

tests/fixtures/judge_pairs.json holds pairs written for these tests;
judge_fp32_probs.json holds the fp32 model's probabilities for them, written by
``python -m training.export`` when the model was shipped (with the int8 file's hash).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from storycheck.judge import JUDGE_DIR, OnnxJudge, default_judge, model_text, padded_batches

FIX = Path(__file__).parent / "fixtures"
PAIRS = json.loads((FIX / "judge_pairs.json").read_text(encoding="utf-8"))
# Stated tolerance of int8 against fp32 on these pairs (the dev-set figures are in
# MODEL_CARD.md: mean difference 0.016, argmax agreement 98%): the same label for every
# pair, mean difference under 0.03, no probability off by more than 0.2 (borderline
# pairs move most: dynamic int8 quantises activations with one scale per batch).
MAX_DIFF, MEAN_DIFF = 0.20, 0.03


@pytest.fixture(scope="module")
def judge() -> OnnxJudge:
    j = default_judge()
    assert isinstance(j, OnnxJudge), "the trained model must be the default judge"
    return j


@pytest.fixture(scope="module")
def probs(judge: OnnxJudge) -> np.ndarray:
    js = judge.score([(p["evidence"], p["claim"]) for p in PAIRS])
    return np.array([[j.support, j.contradiction] for j in js])


def test_loads_from_the_package_offline_without_torch():
    code = (
        "import sys\n"
        "from storycheck.judge import default_judge, OnnxJudge\n"
        "j = default_judge()\n"
        "assert isinstance(j, OnnxJudge)\n"
        "s = j.score([('The river flooded the town.', 'The town was flooded.')])[0]\n"
        "assert 0 <= s.support <= 1 and 0 <= s.contradiction <= 1\n"
        "bad = [m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    env = {"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert JUDGE_DIR.is_dir() and (JUDGE_DIR / "model.onnx").stat().st_size <= 30 * 2**20


def test_supported_claims_score_higher_support_than_the_rest(probs):
    # Within each evidence group: every supported claim out-scores, in support,
    # every claim that is not supported by the same evidence.
    groups: dict[str, list[int]] = {}
    for i, p in enumerate(PAIRS):
        groups.setdefault(p["evidence"], []).append(i)
    for idx in groups.values():
        sup = [i for i in idx if PAIRS[i]["label"] == "supported"]
        rest = [i for i in idx if PAIRS[i]["label"] != "supported"]
        for s in sup:
            for r in rest:
                assert probs[s, 0] > probs[r, 0], (PAIRS[s]["claim"], PAIRS[r]["claim"])


def test_contradicted_claims_score_higher_contradiction(probs):
    for i, p in enumerate(PAIRS):
        if p["label"] != "contradicted":
            continue
        same = [k for k, q in enumerate(PAIRS) if q["evidence"] == p["evidence"] and k != i]
        for k in same:
            assert probs[i, 1] > probs[k, 1], (p["claim"], PAIRS[k]["claim"])


def test_calibrated_verdicts_on_written_pairs(judge, probs):
    def verdict(s: float, c: float) -> str:
        if c >= judge.contradiction_threshold and c >= s:
            return "contradicted"
        return "supported" if s >= judge.support_threshold else "unverified"

    got = [verdict(s, c) for s, c in probs]
    want = [p["label"] for p in PAIRS]
    right = sum(g == w for g, w in zip(got, want))
    assert right >= len(PAIRS) - 1, list(zip(got, want))
    # supported is the verdict that matters most: never given to a false claim
    assert not any(g == "supported" and w != "supported" for g, w in zip(got, want))


def test_int8_agrees_with_fp32_within_tolerance(judge):
    ref = json.loads((FIX / "judge_fp32_probs.json").read_text(encoding="utf-8"))
    shipped = hashlib.sha256((JUDGE_DIR / "model.onnx").read_bytes()).hexdigest()
    assert ref["model_sha256"] == shipped, "fixture is for another model: rerun training/export.py"
    p32 = np.array(ref["fp32_probs"])
    from storycheck.judge import _softmax

    p8 = _softmax(judge.logits([(p["evidence"], p["claim"]) for p in PAIRS]))
    diff = np.abs(p8 - p32)
    assert diff.max() <= MAX_DIFF and diff.mean() <= MEAN_DIFF, diff.round(3)
    assert (p8.argmax(1) == p32.argmax(1)).all()


def test_batches_are_length_sorted_and_cover_every_pair(judge):
    pairs = [(p["evidence"] * (1 + i % 3), p["claim"]) for i, p in enumerate(PAIRS * 4)]
    encs = judge._tok.encode_batch(pairs)
    seen: list[int] = []
    widths = []
    for idx, feed in padded_batches(encs, 16):
        assert len(idx) <= 16
        for row, i in enumerate(idx):
            n = len(encs[i].ids)
            assert feed["input_ids"][row, :n].tolist() == encs[i].ids
            assert feed["attention_mask"][row].sum() == n
        widths.append(feed["input_ids"].shape[1])
        seen += idx
    assert sorted(seen) == list(range(len(pairs))) and widths == sorted(widths)


def test_scores_come_back_in_input_order(judge):
    # One batch (13 pairs < batch size), so any permutation of the input runs the very
    # same batch: the scores must follow the permutation exactly.
    pairs = [(p["evidence"], p["claim"]) for p in PAIRS] + [(PAIRS[0]["evidence"] * 3, PAIRS[0]["claim"])]
    perm = np.random.default_rng(7).permutation(len(pairs))
    base = judge.score(pairs)
    shuffled = judge.score([pairs[i] for i in perm])
    for k, i in enumerate(perm):
        assert shuffled[k].support == pytest.approx(base[i].support, abs=1e-6)
        assert shuffled[k].contradiction == pytest.approx(base[i].contradiction, abs=1e-6)


def test_one_spelling_of_each_thing_is_what_the_model_reads(judge):
    # The trained model read these as contradictions (0.73-0.99); benchmarks/invariance.py.
    ev = "No one was hurt when the roof of the depot collapsed on Sunday, the fire service said."
    same = "Nobody was hurt when the roof of the depot collapsed on Sunday."
    s_same, s_no_one = judge.score([(ev, same), (ev, same.replace("Nobody", "No one"))])
    assert s_same == s_no_one
    assert s_same.support >= judge.support_threshold
    assert s_same.contradiction < judge.contradiction_threshold
    for a, b in [
        ("The United States sent 500 troops to the border.", "The US sent 500 troops to the border."),
        ("The F.B.I. arrested two men in Ohio.", "The FBI arrested two men in Ohio."),
        ("“We won’t leave,” the tenants said.", '"We will not leave," the tenants said.'),
    ]:
        assert model_text(a) == model_text(b)
        ab, ba = judge.score([(a, b), (b, a)])
        assert min(ab.support, ba.support) >= judge.support_threshold
    # only these spellings: a headline in capitals, a question, a newspaper's name stay as written
    assert model_text("US TROOPS HEAD HOME") == "US TROOPS HEAD HOME"
    assert model_text("Didn't he know?") == "Didn't he know?"
    assert model_text("USA Today said so.") == "USA Today said so."
    assert model_text("Nobody knew; nobody asked. Nobodyish.") == "No one knew; no one asked. Nobodyish."
