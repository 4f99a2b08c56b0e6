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
from collections.abc import Callable, Iterator, Sequence
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


def workers() -> int:
    """How many single-thread inferences run at once: one per usable core, at most 4
    (``STORYCHECK_THREADS`` overrides)."""
    env = os.environ.get("STORYCHECK_THREADS")
    if env:
        return max(1, int(env))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def make_session(path: Path, threads: int = 1):  # -> onnxruntime.InferenceSession
    """One CPU session, single-threaded by default: ``SessionPool`` runs one inference
    per core instead of splitting one inference over the cores (measured 1.23-1.34x
    faster on 2 cores, and a run no longer waits for its slowest thread)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # No busy-waiting between ops: on 2 shared cores spinning threads starve each other.
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    try:
        return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own untyped errors
        raise ModelError(f"cannot load model {path}: {exc}") from exc


class SessionPool:
    """One single-thread onnxruntime session run from ``n`` threads at once.

    ``InferenceSession.run`` is thread-safe and releases the GIL, and with one intra-op
    thread every run computes on its caller's thread with the same kernels, so outputs
    are bit-identical to running the feeds one after another (tests/test_determinism.py).
    """

    def __init__(self, path: Path, n: int | None = None) -> None:
        self.session = make_session(path)
        self.n = n or workers()
        self.inputs = {i.name for i in self.session.get_inputs()}
        self._executor = None
        self._pid = os.getpid()

    def run(self, feeds: Sequence[dict[str, np.ndarray]]) -> list[np.ndarray]:
        """First output of each feed, in order."""
        feeds = [{k: v for k, v in f.items() if k in self.inputs} for f in feeds]

        def one(feed: dict[str, np.ndarray]) -> np.ndarray:
            return self.session.run(None, feed)[0]

        if self.n == 1 or len(feeds) < 2:
            return [one(f) for f in feeds]
        if self._executor is None or self._pid != os.getpid():  # a forked child has no threads
            from concurrent.futures import ThreadPoolExecutor

            self._pid = os.getpid()
            self._executor = ThreadPoolExecutor(self.n, thread_name_prefix="storycheck-onnx")
        return list(self._executor.map(one, feeds))


# The trained judge reads some spellings of one thing as a contradiction: "Nobody was hurt" /
# "No one was hurt" (P 0.99 both ways), "the United States" / "the U.S." or "the US" (0.83-0.98),
# "F.B.I." / "FBI" (0.73-0.79), "won't" / "will not" (0.96), curly / straight quotes (0.27),
# "Sept. 14" / "September 14" (0.91), "$1.2bn" / "$1.2 billion" (0.60), "US$" / "$" (0.97).
# So the model is shown one spelling of each (benchmarks/invariance.py measures it). Only the
# model's input changes; every span in a report still indexes the text read.
# Curly quotes and apostrophes are one character each: a table, not a pattern.
_QUOTES = str.maketrans({c: '"' for c in "“”„‟″"} | {c: "'" for c in "‘’‚‛′"})
_MONTHS = {"Jan": "January", "Feb": "February", "Aug": "August", "Sep": "September", "Oct": "October",
           "Nov": "November", "Dec": "December"}  # fmt: skip
# One pass over the text: each alternative is a named group, and the first that matches at a
# position wins, so "US$" is read before "US" and "U.S." before a dotted acronym. Every
# alternative starts at a word boundary, which keeps the scan fast.
_SPELLINGS: dict[str, tuple[str, Callable[[str], str]]] = {
    "nobody": (r"[Nn]obody\b", lambda s: "No one" if s[0] == "N" else "no one"),
    "wont": (r"[Ww]on't\b", lambda s: s[0] + "ill not"),
    "cant": (r"[Cc]an't\b", lambda s: s[0] + "annot"),
    "shant": (r"[Ss]han't\b", lambda s: s[0] + "hall not"),
    # lower case only: "Didn't he?" opens a question, "did he not?" is not what it says
    "nt": (
        r"(?:do|does|did|is|are|was|were|has|have|had|would|should|could|must|need)n't\b",
        lambda s: s[:-3] + " not",
    ),  # fmt: skip
    "im": (r"I'm\b", lambda s: "I am"),
    "usd": (r"US\$", lambda s: "$"),
    "us": (r"U\.S\.(?=\W|$)|(?<![A-Z] )US\b(?! [A-Z]{2,})", lambda s: "United States"),
    "uk": (r"U\.K\.(?=\W|$)|(?<![A-Z] )UK\b(?! [A-Z]{2,})", lambda s: "United Kingdom"),
    "un": (r"U\.N\.(?=\W|$)|(?<![A-Z] )UN\b(?! [A-Z]{2,})", lambda s: "United Nations"),
    "eu": (r"E\.U\.(?=\W|$)|(?<![A-Z] )EU\b(?! [A-Z]{2,})", lambda s: "European Union"),
    "acronym": (r"(?:[A-Z]\.){2,}(?=\W|$)", lambda s: s.replace(".", "")),  # "F.B.I." -> "FBI"
    "percent": (r"[Pp]er cent\b", lambda s: "percent"),
    # "Sept. 14" / "September 14" read as a contradiction (0.98); "Aug.", "Oct." half as often
    "month": (r"(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.(?=\s+\d)", lambda s: _MONTHS[s[:3]]),
    "bn": (r"\d+(?:[.,]\d+)*\s?bn\b", lambda s: re.sub(r"\s?bn$", " billion", s)),
}
_SPELLING = re.compile(r"\b(?:" + "|".join(f"(?P<{name}>{p})" for name, (p, _) in _SPELLINGS.items()) + ")")


@lru_cache(maxsize=4096)  # a reference window is shown with every claim it is judged against
def model_text(text: str) -> str:
    """The text as the judge model is shown it: one spelling of each thing (see above)."""
    text = text.translate(_QUOTES)
    return _SPELLING.sub(lambda m: _SPELLINGS[m.lastgroup][1](m.group()), text)


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
        self._pool = SessionPool(model_dir / model_file)
        labels = self.config.labels
        self._i_sup = labels.index("supported")
        self._i_con = labels.index("contradicted")

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Raw logits in the caller's order (length-sorted batches inside)."""
        n = len(pairs)
        out = np.zeros((n, len(self.config.labels)), dtype=np.float32)
        if n == 0:
            return out
        encs = self._tok.encode_batch([(model_text(e), model_text(c)) for e, c in pairs])
        batches = list(padded_batches(encs, self.config.batch_size))
        for (idx, _), logits in zip(batches, self._pool.run([feed for _, feed in batches])):
            out[idx] = logits
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


@lru_cache(maxsize=8192)
def content_words(text: str) -> frozenset[str]:
    """Lower-cased words less stop words. Cached: the checks ask for the same sentences'
    words many times per claim (frozen, so no caller can change the cached set)."""
    return frozenset(w.lower().strip(".,") for w in _WORD.findall(text)) - _STOP


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
