"""Determinism: a sentence checked against the same reference gets the same scores
whatever else is in the input, and however many inferences run at once.

Dynamic int8 picks activation scales per batch, so batching sentences or pairs together
made a sentence's vector (1 - cosine up to 0.026) and a pair's probabilities depend on
their batch mates. Both models now run one item per inference; these tests compare
exactly (bit for bit), not approximately.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storycheck import Engine, Options, check
from storycheck.evidence import EMBED_DIR, Embedder, default_embedder
from storycheck.judge import JUDGE_DIR, SessionPool, default_judge, padded_batches

FIX = Path(__file__).parent / "fixtures" / "translation"
ARTICLE = (FIX / "article.txt").read_text(encoding="utf-8")
REFERENCE = (FIX / "reference.txt").read_text(encoding="utf-8")

SENTENCES = [
    "The port of Kelm handled 4.2 million tonnes of grain in the last year.",
    "A short one.",
    "Experts warn that the river bed is too shallow for the big barges, and that dredging "
    "works could only start in the spring if the weather allows it, officials in Varnasse said.",
    "Zenski was more careful.",
]
OTHERS = [
    "Ships with humanitarian aid will be the first to enter the port.",
    "More than 300 barges are waiting at the mouth of the river, the port authority said on Monday "
    "after a long meeting with the delegations of both governments and the farmers' union.",
    "Yes.",
]


def test_a_sentence_vector_does_not_depend_on_the_other_sentences():
    emb = default_embedder()
    alone = np.stack([emb.encode([s])[0] for s in SENTENCES])
    together = emb.encode(SENTENCES)
    mixed = emb.encode(OTHERS[:2] + SENTENCES[::-1] + OTHERS[2:])[2:6][::-1]
    assert np.array_equal(alone, together)
    assert np.array_equal(alone, mixed)


def test_the_old_batches_of_eight_did_depend_on_batch_mates():
    # Why batch size 1: the same sentences in padded batches of 8 move (the test above
    # would fail with batch_size=8). If this ever stops failing, int8 became batch-invariant.
    emb8 = Embedder(batch_size=8)
    alone = np.stack([emb8.encode([s])[0] for s in SENTENCES])
    mixed = emb8.encode(SENTENCES + OTHERS)[: len(SENTENCES)]
    assert not np.array_equal(alone, mixed)


def test_a_pair_score_does_not_depend_on_the_other_pairs():
    judge = default_judge()
    pairs = [(REFERENCE.splitlines()[k], s) for k, s in zip((2, 8, 17, 24), SENTENCES)]
    alone = [judge.score([p])[0] for p in pairs]
    extra = [(OTHERS[1], OTHERS[0]), (OTHERS[2], SENTENCES[0])]
    mixed = judge.score(extra + pairs[::-1])[2:][::-1]
    assert alone == mixed


@pytest.mark.parametrize("model", [EMBED_DIR / "model.onnx", JUDGE_DIR / "model.onnx"])
def test_parallel_runs_are_bit_identical_to_serial_runs(model):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model.parent / "tokenizer.json"))
    encs = tok.encode_batch((SENTENCES + OTHERS) * 3)
    feeds = [feed for _, feed in padded_batches(encs, 1)]
    serial = SessionPool(model, n=1).run(feeds)
    parallel = SessionPool(model, n=3).run(feeds)
    assert all(np.array_equal(a, b) for a, b in zip(serial, parallel))


def _by_text(report) -> dict[str, tuple]:  # noqa: ANN001
    return {
        r.sentence.text: (
            r.verdict,
            r.support,
            r.contradiction,
            [(e.source, e.start, e.end) for e in r.evidence],
        )
        for r in report.sentences
    }


def test_check_scores_a_sentence_the_same_whatever_else_the_article_holds():
    engine = Engine.default()
    opts = Options(garble=False, omissions=False)
    paras = ARTICLE.split("\n")
    first = "\n".join(paras[: len(paras) // 2])
    second = "\n".join(paras[len(paras) // 2 :])
    whole = _by_text(check(ARTICLE, [REFERENCE], engine=engine, options=opts))
    halves = _by_text(check(first, [REFERENCE], engine=engine, options=opts))
    halves.update(_by_text(check(second, [REFERENCE], engine=engine, options=opts)))
    shared = whole.keys() & halves.keys()
    assert len(shared) >= 28
    assert {k: whole[k] for k in shared} == {k: halves[k] for k in shared}
    # and a second run of the same input is identical
    again = _by_text(check(ARTICLE, [REFERENCE], engine=engine, options=opts))
    assert again == whole


def test_score_lines_on_threads_gives_the_serial_records_in_order():
    import json

    from storycheck.score import score_lines
    from storycheck.split import split_sentences

    engine = Engine.default()
    refs = REFERENCE.splitlines()
    lines = [json.dumps({"id": k, "document": refs[(k * 7) % len(refs)] + " " + refs[(k * 3) % len(refs)],
                         "claim": s.text})
             for k, s in enumerate(split_sentences(ARTICLE))]  # fmt: skip
    lines[4] = "{not json"
    lines[9] = json.dumps({"id": 9, "document": 3, "claim": "x"})
    serial = list(score_lines(lines, engine, workers=1))
    threaded = list(score_lines(lines, engine, workers=3))
    assert threaded == serial
    assert [r["id"] for r in serial if "error" not in r] == [k for k in range(len(lines)) if k not in (4, 9)]
    assert "error" in serial[4] and "error" in serial[9]


def test_a_forked_child_can_still_run_the_pool():
    # A process forked after the pool's threads started has none of them: the pool
    # must start its own there instead of waiting forever on the parent's.
    import multiprocessing

    emb = default_embedder()
    parent = emb.encode(SENTENCES)
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=lambda: queue.put(emb.encode(SENTENCES)))
    child.start()
    got = queue.get(timeout=60)
    child.join(30)
    assert np.array_equal(got, parent)
