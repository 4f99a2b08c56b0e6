"""Work moved to other threads for speed still behaves as it did in line: language
refusal before any pair is judged, garble flags on their sentences, errors surface."""

from __future__ import annotations

from pathlib import Path

import pytest

from storycheck import Engine, Options, check
from storycheck.errors import NotEnglishError

FIX = Path(__file__).parent / "fixtures" / "translation"
ARTICLE = (FIX / "article.txt").read_text(encoding="utf-8")
REFERENCE = (FIX / "reference.txt").read_text(encoding="utf-8")
GERMAN = (
    "Die Gespräche über die Wiedereröffnung des Flusshafens wurden am Mittwoch in Varnasse "
    "fortgesetzt. Die Ministerin sagte, beide Seiten hätten sich auf den Text des ersten Kapitels "
    "geeinigt. Das zweite Kapitel über die Zollgebühren bleibt offen, und die Landwirte der Region "
    "verlieren jeden Tag Geld, weil mehr als dreihundert Schiffe an der Mündung warten."
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.default()


class Counting:
    def __init__(self, judge) -> None:  # noqa: ANN001
        self.judge, self.pairs = judge, 0
        self.support_threshold = judge.support_threshold
        self.contradiction_threshold = judge.contradiction_threshold
        self.name = judge.name

    def score(self, pairs):  # noqa: ANN001, ANN201
        self.pairs += len(pairs)
        return self.judge.score(pairs)


def test_non_english_is_refused_before_any_pair_is_judged(engine):
    counting = Counting(engine.judge)
    eng = Engine(counting, engine.embedder)
    every = Options(min_similarity=0.0, relevance_floor=0.0)  # pairs that would be judged
    with pytest.raises(NotEnglishError, match="German"):
        check(GERMAN, [REFERENCE], engine=eng, options=every)
    with pytest.raises(NotEnglishError, match="reference 1"):
        check(ARTICLE, [GERMAN], engine=eng, options=every)
    assert counting.pairs == 0
    every.allow_non_english = True
    rep = check(GERMAN, [REFERENCE], engine=eng, options=every)
    assert any("German" in w for w in rep.warnings) and counting.pairs > 0


def test_garble_flags_land_on_their_sentences(engine):
    rep = check(ARTICLE, [REFERENCE], engine=engine)
    flagged = {f.kind: r.sentence.text for r in rep.sentences for f in r.flags if f.kind == "repetition"}
    assert "final final final final" in flagged["repetition"]
    for r in rep.sentences:
        for f in r.flags:
            assert r.sentence.start <= f.start < r.sentence.end
            assert rep.article.text[f.start : f.end] == f.text
    assert not any(f.kind == "repetition" for r in check(ARTICLE, [REFERENCE], engine=engine,
                                                          options=Options(garble=False)).sentences
                   for f in r.flags)  # fmt: skip


def test_an_error_on_the_garble_thread_surfaces(engine, monkeypatch):
    import storycheck.pipeline as pipe

    def broken(*a, **k):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("garble broke")

    monkeypatch.setattr(pipe, "_garble_flags", broken)
    with pytest.raises(RuntimeError, match="garble broke"):
        check(ARTICLE, [REFERENCE], engine=engine)


def test_windows_below_the_similarity_cutoff_are_not_judged(engine, monkeypatch):
    import storycheck.pipeline as pipe

    seen: list[float] = []
    real = pipe._judge_cascade

    def spy(claims, picked, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen.extend(c.similarity for cs in picked for c in cs)
        return real(claims, picked, *a, **k)

    monkeypatch.setattr(pipe, "_judge_cascade", spy)
    check(ARTICLE, [REFERENCE], engine=engine, options=Options(garble=False, min_similarity=0.0))
    everything = list(seen)
    seen.clear()
    check(ARTICLE, [REFERENCE], engine=engine, options=Options(garble=False))
    cut = Options().min_similarity
    assert min(everything) < cut <= min(seen)
    assert len(seen) == sum(s >= cut for s in everything)
