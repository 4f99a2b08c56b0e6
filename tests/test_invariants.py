"""Properties that hold for any input text (Hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storycheck import check
from storycheck.errors import StorycheckError
from storycheck.read import from_bytes
from storycheck.split import split_sentences

# Text with the characters news layout breaks on: punctuation, quotes, newlines, digits.
news_alphabet = st.sampled_from(
    list("abcdefgXYZ .,;:!?\"'“”‘’()-–—…\n\t0123456789%$")
    + ["U.S.", "a.m.", "Sen.", "Mr.", "1,000", "3.5", "\r\n"]
)
news_text = st.lists(news_alphabet, max_size=200).map("".join)


@given(st.one_of(st.text(max_size=300), news_text))
@settings(max_examples=300, deadline=None)
def test_split_never_fails_and_spans_are_exact(text):
    sents = split_sentences(text)
    prev_end = 0
    for i, s in enumerate(sents):
        assert s.index == i
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= prev_end  # in order, no overlap
        prev_end = s.end
    # Everything outside the sentences is whitespace or layout (list/heading markers).
    covered = set()
    for s in sents:
        covered.update(range(s.start, s.end))
    leftover = "".join(c for i, c in enumerate(text) if i not in covered)
    assert all(c.isspace() or c in "-*•–—#0123456789.)" for c in leftover)


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_reader_only_raises_storycheck_errors(data):
    try:
        doc = from_bytes(data, "fuzz.txt")
    except StorycheckError:
        return
    assert doc.text.strip()


@given(article=news_text, reference=news_text)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_check_invariants(article, reference):
    try:
        rep = check(article, references=[reference])
    except StorycheckError:
        return  # empty or unreadable input is refused with a storycheck error
    d = rep.to_dict()
    for s in d["sentences"]:
        assert article[s["start"] : s["end"]] == s["text"]
        assert s["verdict"] in ("supported", "contradicted", "unverified")
        assert 0.0 <= s["support"] <= 1.0 and 0.0 <= s["contradiction"] <= 1.0
        for f in s["flags"]:
            assert article[f["start"] : f["end"]] == f["text"]
            assert s["start"] <= f["start"] and f["end"] <= s["end"]
        for e in s["evidence"]:
            assert reference[e["start"] : e["end"]] == e["text"]
            assert 0.0 <= e["support"] <= 1.0 and 0.0 <= e["contradiction"] <= 1.0
    for o in d["omissions"]:
        assert reference[o["start"] : o["end"]] == o["text"]
