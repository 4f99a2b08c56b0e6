"""The benchmarks' ECB+ reader rejoins what ECB+'s tokeniser split at a full stop inside one
sentence (a decimal, an initialism, a web address), and leaves real stops alone."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_data", ROOT / "benchmarks" / "_data.py")
_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_data)


def test_rejoins_decimals_initialisms_and_addresses():
    r = _data.rejoin_token_splits
    assert r("At a Richter magnitude of 4. 6, this one") == "At a Richter magnitude of 4.6, this one"
    assert r("At 9. 25 a. m., the U. S. Geological Survey said") == (
        "At 9.25 a.m., the U.S. Geological Survey said"
    )
    assert r("According to Earthquaketrack. com, it was") == "According to Earthquaketrack.com, it was"


def test_leaves_real_stops_alone():
    r = _data.rejoin_token_splits
    for s in ("He said no. 2 people agreed.", "It fell in 2013. Then it rose.", "Plan B. It failed."):
        assert r(s) == s
