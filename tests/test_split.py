from storycheck.split import split_sentences


def texts(t: str) -> list[str]:
    sents = split_sentences(t)
    for s in sents:
        assert t[s.start : s.end] == s.text
    return [s.text for s in sents]


def test_dateline_and_abbreviations_stay_in_one_sentence():
    t = (
        "ISTANBUL (Reuters) – Turkish officials said the U.S. delegation met Sen. Ada Vance "
        "at 9 a.m. on Friday. Growth reached 3.5% and 1,000 people attended."
    )
    assert texts(t) == [
        "ISTANBUL (Reuters) – Turkish officials said the U.S. delegation met Sen. Ada Vance at 9 a.m. on Friday.",
        "Growth reached 3.5% and 1,000 people attended.",
    ]


def test_soft_abbreviation_ends_sentence_before_an_opener():
    assert texts("The talks moved to the U.S. The delegates left at 6 p.m. They flew home.") == [
        "The talks moved to the U.S.",
        "The delegates left at 6 p.m.",
        "They flew home.",
    ]


def test_initials_and_months():
    assert texts("John F. Kennedy spoke on Sept. 12 in Dallas. He left.") == [
        "John F. Kennedy spoke on Sept. 12 in Dallas.",
        "He left.",
    ]


def test_quote_spanning_sentences_is_kept_whole():
    t = '"We will rebuild. We will not wait," the mayor said. Crews started at dawn.'
    assert texts(t) == ['"We will rebuild. We will not wait," the mayor said.', "Crews started at dawn."]
    t2 = "“The bridge is safe. Drive carefully,” said Mr. Pell. Traffic resumed."
    assert texts(t2) == ["“The bridge is safe. Drive carefully,” said Mr. Pell.", "Traffic resumed."]


def test_headings_bylines_lists_and_markdown():
    t = "# Bridge reopens\nBy Ada Quill\n\nThe bridge reopened.\n\n- First point here\n- Second point.\n1. Numbered item"
    assert texts(t) == [
        "Bridge reopens",
        "By Ada Quill",
        "The bridge reopened.",
        "First point here",
        "Second point.",
        "Numbered item",
    ]


def test_hard_wrapped_paragraph_joins():
    t = "The council met on Friday and agreed\nthat the bridge would reopen next week.\nIt did."
    assert texts(t) == [
        "The council met on Friday and agreed\nthat the bridge would reopen next week.",
        "It did.",
    ]


def test_cut_off_sentence_is_its_own_sentence():
    t = "Talks ended. While the exchange marked a tangible result, no progress seemed"
    assert texts(t) == ["Talks ended.", "While the exchange marked a tangible result, no progress seemed"]


def test_ellipsis_and_question():
    assert texts("Is it safe? Officials say yes... and no. Wait!") == [
        "Is it safe?",
        "Officials say yes... and no.",
        "Wait!",
    ]


def test_offsets_cover_text_in_order_without_overlap():
    t = "  A first one.  \n\n Second one!\r\nThird?  "
    sents = split_sentences(t)
    assert [s.text for s in sents] == ["A first one.", "Second one!", "Third?"]
    assert all(a.end <= b.start for a, b in zip(sents, sents[1:]))
    assert [s.index for s in sents] == [0, 1, 2]


def test_empty_text():
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []
