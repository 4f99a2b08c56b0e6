"""The cold path: what a fresh process imports and loads (not how long it takes; the
timings are in BENCHMARKS.md, taken on an idle machine with benchmarks/speed.py --cold).

Each test runs a fresh interpreter, as the command line does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "translation"
HEAVY = ("numpy", "onnxruntime", "tokenizers", "spacy", "thinc", "wordfreq", "rank_bm25", "trafilatura",
         "httpx", "fastapi", "uvicorn", "py3langid", "rapidfuzz", "torch", "transformers")  # fmt: skip


def _run(code: str, tmp_path: Path, extra_path: Path | None = None) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    paths = [str(ROOT)] + ([str(extra_path)] if extra_path else [])
    env["PYTHONPATH"] = os.pathsep.join(paths + [env.get("PYTHONPATH", "")])
    out = tmp_path / "result.json"
    r = subprocess.run(
        [sys.executable, "-c", code, str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(out.read_text())


REPORT = (
    "import json, sys\n"
    "def report(**extra):\n"
    f"    heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
    "    json.dump(dict(heavy=heavy, **extra), open(sys.argv[1], 'w'))\n"
)


def test_import_storycheck_loads_nothing_heavy(tmp_path):
    got = _run(REPORT + "import storycheck\nreport(version=storycheck.__version__)\n", tmp_path)
    assert got["heavy"] == []


def test_public_names_still_load_on_first_use(tmp_path):
    code = REPORT + (
        "import storycheck\n"
        "from storycheck import Engine, Options, check, SCHEMA, Document, read_path, Report\n"
        "assert callable(check) and SCHEMA.startswith('storycheck')\n"
        "assert set(storycheck.__all__) <= set(dir(storycheck))\n"
        "report()\n"
    )
    got = _run(code, tmp_path)
    assert "numpy" in got["heavy"]  # the pipeline did load
    assert "onnxruntime" not in got["heavy"]  # but no model yet


def test_help_loads_no_model_or_pipeline(tmp_path):
    code = REPORT + (
        "from storycheck.cli import app\n"
        "try:\n"
        "    app(['check', '--help'])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "report()\n"
    )
    assert _run(code, tmp_path)["heavy"] == []


def test_cold_check_loads_each_model_once_and_never_torch(tmp_path):
    # A stand-in torch that breaks anything importing it: thinc (spaCy's backend) tries
    # `import torch` when it is installed, which costs 1-2 s of start-up for nothing.
    fake = tmp_path / "fake"
    (fake / "torch").mkdir(parents=True)
    (fake / "torch" / "__init__.py").write_text("raise RuntimeError('torch imported by the check path')\n")
    code = REPORT + (
        "import onnxruntime as ort\n"
        "made = []\n"
        "class Counted(ort.InferenceSession):\n"
        "    def __init__(self, path, *a, **k):\n"
        "        made.append(str(path).split('models/')[-1])\n"
        "        super().__init__(path, *a, **k)\n"
        "ort.InferenceSession = Counted\n"
        "from storycheck.cli import app\n"
        f"args = ['check', {str(FIX / 'article.txt')!r}, '-a', {str(FIX / 'reference.txt')!r}, '-f', 'json',\n"
        "        '-o', 'out.json']\n"
        "try:\n"
        "    app(args)\n"
        "except SystemExit as e:\n"
        "    assert e.code in (0, None), e.code\n"
        "rep = json.load(open('out.json'))\n"
        "report(sessions=made, sentences=len(rep['sentences']),\n"
        "       verdicts=sorted({s['verdict'] for s in rep['sentences']}))\n"
    )
    got = _run(code, tmp_path, extra_path=fake)
    assert "torch" not in got["heavy"] and "transformers" not in got["heavy"]
    # plain English settles its language without loading py3langid's 68 MB model
    assert "py3langid" not in got["heavy"]
    # one session per model, shared by all the worker threads (not one per core)
    assert sorted(got["sessions"]) == ["judge/model.onnx", "minilm/model.onnx"]
    assert got["sentences"] == 31
    assert "supported" in got["verdicts"]


GERMAN = (
    "Die Delegationen der beiden Regierungen sind am Mittwoch in Varnasse an den Verhandlungstisch "
    "zurückgekehrt, teilte das Außenministerium mit. Es geht um die Wiedereröffnung des Flusshafens "
    "von Kelm, der seit den Überschwemmungen im September geschlossen ist. Die Ministerin sagte den "
    "Journalisten, dass sich beide Seiten auf den Text des ersten Kapitels geeinigt hätten. Das zweite "
    "Kapitel über die Zollgebühren sei noch offen. Mehr als dreihundert Schiffe warten an der Mündung "
    "des Flusses, und die Landwirte der Region sagen, dass sie jeden Tag Geld verlieren. Was die "
    "Regierung in Ostrava plant, ist noch nicht bekannt; die nächste Runde ist für Freitag angesetzt."
)


def test_the_english_shortcut_settles_plain_english_and_nothing_else():
    from storycheck.read import _clearly_english, detect_language

    def clearly(text: str) -> bool:
        sample = text[:5000]
        return _clearly_english(sample, [c for c in sample if c.isalpha()])

    assert clearly((FIX / "article.txt").read_text()) and clearly((FIX / "reference.txt").read_text())
    assert len(GERMAN.split()) >= 60 and not clearly(GERMAN)
    assert detect_language(GERMAN)[0] == "de"
    # English words between the German ones do not make it English
    mixed = GERMAN.replace("die ", "the ").replace(" und ", " and ")
    assert not clearly(mixed) and detect_language(mixed)[0] != "en"
    # a short English text is left to the model (too few words to tell by counting)
    assert not clearly("The port reopened on Friday after the floods, officials said.")


def test_lean_spacy_import_finds_the_same_entities_and_leaves_spacy_cli_working(tmp_path):
    body = (
        "from storycheck.checks import entities\n"
        "from storycheck.split import split_sentences\n"
        f"texts = [s.text for f in ('article.txt', 'reference.txt') for s in split_sentences(open({str(FIX)!r} + '/' + f).read())]\n"
        "ents = entities(texts)\n"
        "lean = [m for m in ('spacy.cli', 'requests', 'httpx', 'weasel', 'jinja2') if m in sys.modules]\n"
        "import spacy.cli\n"
        "assert callable(spacy.cli.download) and callable(spacy.info)\n"
        "report(ents=ents, lean=lean)\n"
    )
    lean = _run(REPORT + body, tmp_path)
    whole = _run(REPORT + "import spacy\n" + body, tmp_path)  # spaCy imported the usual way first
    assert lean["lean"] == [] and "spacy.cli" in whole["lean"]
    assert lean["ents"] == whole["ents"] and sum(map(len, lean["ents"])) > 30
