"""Judge stage: score (evidence, claim) pairs -> P(supported), P(contradicted).

Two implementations behind one ``Judge`` protocol:

* ``OnnxJudge``: the cross-encoder trained in ``training/`` and shipped in
  ``storycheck/models/judge`` (onnxruntime + tokenizers only; no torch at run time).
* ``LexicalJudge``: a model-free baseline (content-word coverage). Kept for comparison
  and as a fallback when the model files are absent.

Batching follows sentence-transformers' CrossEncoder: sort by length so each batch
pads little, run, then restore the caller's order.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import ModelError
from .types import Judgement

MODELS_DIR = Path(__file__).parent / "models"
JUDGE_DIR = MODELS_DIR / "judge"


class Judge(Protocol):
    """Anything that scores (evidence, claim) pairs."""

    name: str
    # Probabilities above these turn into verdicts (see aggregate.py).
    support_threshold: float
    contradiction_threshold: float

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]: ...


@dataclass(frozen=True)
class JudgeConfig:
    labels: tuple[str, ...]
    max_length: int
    support_threshold: float
    contradiction_threshold: float
    batch_size: int = 16

    @classmethod
    def load(cls, path: Path) -> JudgeConfig:
        raw = json.loads(path.read_text(encoding="utf-8"))
        thr = raw.get("thresholds", {})
        return cls(
            labels=tuple(raw["labels"]),
            max_length=int(raw.get("max_length", 256)),
            support_threshold=float(thr.get("support", 0.5)),
            contradiction_threshold=float(thr.get("contradiction", 0.5)),
            batch_size=int(raw.get("batch_size", 16)),
        )


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def padded_batches(encodings: Sequence, batch_size: int) -> Iterator[tuple[list[int], dict[str, np.ndarray]]]:
    """Length-sorted, padded batches of tokenizer encodings, as sentence-transformers'
    CrossEncoder does: little padding per batch. Yields the original indices of each
    batch so callers put results back in their order."""
    order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
    for b in range(0, len(order), batch_size):
        idx = order[b : b + batch_size]
        width = max(len(encodings[i].ids) for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for r, i in enumerate(idx):
            e = encodings[i]
            k = len(e.ids)
            ids[r, :k] = e.ids
            mask[r, :k] = 1
            types[r, :k] = e.type_ids
        yield idx, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


def make_session(path: Path):  # -> onnxruntime.InferenceSession
    """One CPU session; intra-op threads default to the machine's cores."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # No busy-waiting between ops: on 2 shared cores spinning threads starve each other.
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    threads = os.environ.get("STORYCHECK_THREADS")
    if threads:
        opts.intra_op_num_threads = int(threads)
    try:
        return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own untyped errors
        raise ModelError(f"cannot load model {path}: {exc}") from exc


class OnnxJudge:
    """Cross-encoder judge run in onnxruntime."""

    def __init__(self, model_dir: Path = JUDGE_DIR, model_file: str = "model.onnx") -> None:
        from tokenizers import Tokenizer

        cfg_path = model_dir / "judge.json"
        if not (model_dir / model_file).exists() or not cfg_path.exists():
            raise ModelError(f"judge model not found in {model_dir}")
        self.config = JudgeConfig.load(cfg_path)
        self.name = f"onnx:{model_dir.name}/{model_file}"
        self.support_threshold = self.config.support_threshold
        self.contradiction_threshold = self.config.contradiction_threshold
        self._tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tok.enable_truncation(self.config.max_length, strategy="longest_first")
        self._session = make_session(model_dir / model_file)
        self._inputs = {i.name for i in self._session.get_inputs()}
        labels = self.config.labels
        self._i_sup = labels.index("supported")
        self._i_con = labels.index("contradicted")

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Raw logits in the caller's order (length-sorted batches inside)."""
        n = len(pairs)
        out = np.zeros((n, len(self.config.labels)), dtype=np.float32)
        if n == 0:
            return out
        encs = self._tok.encode_batch([(e, c) for e, c in pairs])
        for idx, feed in padded_batches(encs, self.config.batch_size):
            feed = {k: v for k, v in feed.items() if k in self._inputs}
            out[idx] = self._session.run(None, feed)[0]
        return out

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]:
        probs = _softmax(self.logits(pairs))
        return [Judgement(support=float(p[self._i_sup]), contradiction=float(p[self._i_con])) for p in probs]


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-.,]*[A-Za-z0-9]|[A-Za-z0-9]")
_STOP = frozenset(
    """a an the of to in on at for by with from and or but is are was were be been being
    has have had it its this that these those as he she they we you i his her their our
    said says will would could should may might can not no than then there here which who
    whom what when where why how also after before over under about into out up down""".split()
)


def content_words(text: str) -> set[str]:
    return {w.lower().strip(".,") for w in _WORD.findall(text)} - _STOP


class LexicalJudge:
    """Model-free baseline: share of the claim's content words found in the evidence.

    It never predicts contradiction on its own; the symbolic checks supply that.
    """

    name = "lexical"
    support_threshold = 0.75
    contradiction_threshold = 0.5

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]:
        res = []
        for evidence, claim in pairs:
            cw = content_words(claim)
            if not cw:
                res.append(Judgement(0.0, 0.0))
                continue
            ew = content_words(evidence)
            res.append(Judgement(support=len(cw & ew) / len(cw), contradiction=0.0))
        return res


@lru_cache(maxsize=4)
def default_judge(kind: str = "auto") -> Judge:
    """The process-wide judge, loaded once. ``kind``: auto | onnx | lexical."""
    if kind == "lexical":
        return LexicalJudge()
    if kind == "onnx" or (JUDGE_DIR / "model.onnx").exists():
        return OnnxJudge()
    return LexicalJudge()
