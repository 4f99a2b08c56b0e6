"""English only: every language the detector knows is refused by name, short CJK text too."""

from __future__ import annotations

import pytest

from storycheck.errors import NotEnglishError
from storycheck.pipeline import _language_warnings
from storycheck.read import detect_language, language_name
from storycheck.types import Document

# Written for this test: "The negotiators ended the talks in Istanbul on Friday without a deal."
TEXTS = {
    "zh": "谈判代表周五在伊斯坦布尔结束了会谈，未能达成协议。",
    "ja": "交渉団は金曜日、合意することなくイスタンブールでの協議を終えた。",
    "hu": "A tárgyalások pénteken Isztambulban megállapodás nélkül értek véget, közölték a tisztviselők.",
    "sv": "Förhandlingarna i Istanbul avslutades på fredagen utan något avtal, sade tjänstemän där.",
}
NAMES = {"zh": "Chinese", "ja": "Japanese", "hu": "Hungarian", "sv": "Swedish"}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_other_languages_refused_by_name(code: str) -> None:
    assert detect_language(TEXTS[code])[0] == code
    with pytest.raises(NotEnglishError, match=rf"{NAMES[code]} \({code}\)"):
        _language_warnings([Document(TEXTS[code], "article")], allow=False)
    warnings = _language_warnings([Document(TEXTS[code], "article")], allow=True)
    assert len(warnings) == 1 and NAMES[code] in warnings[0]


@pytest.mark.parametrize(
    "text",
    [
        "The negotiators ended the talks in Istanbul on Friday without a deal, officials said.",
        # a name and a quoted phrase in another script do not make it foreign
        "Zelenskiy, whose name is written Зеленський in Ukrainian, spoke to reporters in Kyiv on Friday.",
        "Short text.",
    ],
)
def test_english_kept(text: str) -> None:
    assert _language_warnings([Document(text, "article")], allow=False) == []


def test_language_name_covers_codes_outside_any_table() -> None:
    assert language_name("lb") == "Luxembourgish"
    assert language_name("xx") == "xx"
