"""Read stage: files, stdin, strings and URLs -> ``Document``.

``Document.text`` is the exact text every offset in a report refers to. Line endings
are normalised to "\\n" when reading bytes (so a report made from a Windows file lines
up with the same file read on Linux); a ``str`` given directly is kept as is.
HTML goes through trafilatura (main text, boilerplate dropped).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .errors import (
    BinaryInputError,
    EmptyInputError,
    FetchError,
    FetchTimeoutError,
    InputError,
    LimitExceededError,
)
from .types import Document


@dataclass(frozen=True)
class Limits:
    """Documented size limits (README "Limits")."""

    max_chars: int = 500_000  # any one text (a reference), after extraction
    max_article_chars: int = 100_000  # the article: every sentence is judged
    max_total_reference_chars: int = 2_000_000  # all references of one check together
    max_bytes: int = 10_000_000  # raw bytes read from a file, stdin or URL
    max_references: int = 100
    fetch_timeout: float = 15.0  # seconds for a whole URL fetch
    max_redirects: int = 5


LIMITS = Limits()

_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x7fELF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff")


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Bytes -> (text, encoding). Detects legacy encodings instead of assuming UTF-8."""
    if not data.strip():
        raise EmptyInputError(f"{name}: input is empty")
    if (
        data.startswith(_BINARY_MAGIC)
        or b"\x00" in data[:8192]
        and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        raise BinaryInputError(f"{name}: looks like a binary file, not text")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:  # found by fuzz/fuzz_read_split.py
                raise BinaryInputError(f"{name}: starts like {enc} text but does not decode as it") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise BinaryInputError(f"{name}: cannot detect the text encoding")
    # cp1252 is the usual legacy news encoding; charset-normalizer may name a sibling
    # (latin-1 maps smart quotes to control characters; cp1250 reads the same bytes the
    # same way in English). Prefer cp1252 when it fits as well.
    enc = best.encoding
    if enc in ("latin_1", "iso8859_15", "iso8859_1", "cp1250", "cp1257", "iso8859_2"):
        try:
            alt = data.decode("cp1252")
        except UnicodeDecodeError:
            alt = None
        if alt is not None and (enc.startswith(("latin", "iso8859_1")) or alt == str(best)):
            return alt, "cp1252"
    return str(best), enc


def _is_html(data: bytes, name: str, media_type: str | None) -> bool:
    if media_type and "html" in media_type:
        return True
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return bool(_HTML_SNIFF.match(data[:512]))


def extract_html(html: str, name: str) -> str:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=False)
    # trafilatura falls back to link text ("Home") when a page has no article: demand
    # at least one line that reads like prose.
    if not text or not any(
        len(line.split()) >= 4 or re.search(r"\w[.!?]$", line.strip()) for line in text.splitlines()
    ):
        raise EmptyInputError(f"{name}: no article text found in the HTML")
    return text


def from_bytes(data: bytes, name: str, source: str | None = None, media_type: str | None = None) -> Document:
    if len(data) > LIMITS.max_bytes:
        raise LimitExceededError(f"{name}: {len(data):,} bytes is over the {LIMITS.max_bytes:,} byte limit")
    text, enc = decode_bytes(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kind = "text/plain"
    if _is_html(data, name, media_type):
        text, kind = extract_html(text, name), "text/html"
    elif name.lower().endswith((".md", ".markdown")):
        kind = "text/markdown"
    return from_text(text, name, source=source, media_type=kind, encoding=enc)


def from_text(
    text: str,
    name: str = "text",
    source: str | None = None,
    media_type: str = "text/plain",
    encoding: str | None = None,
) -> Document:
    if not text.strip():
        raise EmptyInputError(f"{name}: input is empty")
    if bad := _LONE_SURROGATE.search(text):  # "\ud800" from JSON or a bad decode: not text
        raise InputError(
            f"{name}: character {bad.start()} is a lone surrogate (U+{ord(bad.group()):04X}), "
            "which is not valid Unicode text"
        )
    if not any(c.isalnum() for c in text):
        raise EmptyInputError(f"{name}: no words in the input, only punctuation or symbols")
    if len(text) > LIMITS.max_chars:
        raise LimitExceededError(
            f"{name}: {len(text):,} characters is over the {LIMITS.max_chars:,} character limit"
        )
    return Document(text=text, name=name, source=source, media_type=media_type, encoding=encoding)


def read_path(path: str | Path) -> Document:
    """Read a file (``-`` for stdin)."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(LIMITS.max_bytes + 1)
        return from_bytes(data, "stdin", source="-")
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a file")
    try:
        with p.open("rb") as fh:
            data = fh.read(LIMITS.max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from exc
    return from_bytes(data, p.name, source=str(p))


def is_url(s: str) -> bool:
    return bool(re.match(r"https?://", s, re.I))


def _check_host(host: str, allow_private: bool) -> None:
    """Refuse loopback/private/link-local/metadata targets unless allowed (SSRF guard)."""
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r}") from exc
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            raise FetchError(f"refusing to fetch {host}: address {ip} is not public")


def read_url(url: str, *, allow_private: bool = True, limits: Limits = LIMITS) -> Document:
    """Fetch an http(s) URL with a time and size cap, then extract its text.

    The CLI fetches what its user asks for (``allow_private=True``); the web server
    passes ``allow_private=False`` unless its operator allows private targets.
    """
    import httpx

    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http(s) URLs can be fetched")
    name = url
    current = url
    try:
        with httpx.Client(timeout=limits.fetch_timeout, follow_redirects=False) as client:
            for _ in range(limits.max_redirects + 1):
                host = urlsplit(current).hostname or ""
                _check_host(host, allow_private)
                with client.stream("GET", current, headers={"User-Agent": "storycheck"}) as resp:
                    if resp.is_redirect:
                        loc = resp.headers.get("location")
                        if not loc:
                            raise FetchError(f"{url}: redirect without a location")
                        current = str(resp.url.join(loc))
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(f"{url}: HTTP {resp.status_code}")
                    buf = bytearray()
                    for chunk in resp.iter_bytes():
                        buf.extend(chunk)
                        if len(buf) > limits.max_bytes:
                            raise LimitExceededError(
                                f"{url}: response is over the {limits.max_bytes:,} byte limit"
                            )
                    media = resp.headers.get("content-type", "")
                    return from_bytes(bytes(buf), name, source=url, media_type=media)
            raise FetchError(f"{url}: too many redirects")
    except httpx.TimeoutException as exc:
        raise FetchTimeoutError(f"{url}: timed out after {limits.fetch_timeout:g} s") from exc
    except httpx.ConnectError as exc:
        # "[Errno 111] Connection refused" says nothing to a reader: name the host.
        why = "refused the connection" if "refused" in str(exc).lower() else f"could not be reached ({exc})"
        raise FetchError(f"{url}: {urlsplit(current).hostname} {why}") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {exc}") from exc


@lru_cache(maxsize=1)
def _langid():  # -> py3langid LanguageIdentifier, loaded once
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(Path(MODEL_DIR) / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language, from its first 5,000 characters.

    Texts with fewer than 40 letters are too short to tell and count as English.
    """
    sample = text[:5000]
    letters = [c for c in sample if c.isalpha()]
    # 40 letters of Latin script; scripts that write a word in one or two letters
    # (Chinese, Japanese) tell their language in fewer
    if len(letters) < 40 and sum(_non_latin(c) for c in letters) < 10:
        return "en", 1.0
    if _clearly_english(sample, letters):
        return "en", 1.0
    ident = _langid()
    lang, prob = ident.classify(sample)
    # langid is unsure on short text in some scripts (a Chinese paragraph: 0.8); most
    # letters outside the Latin script settle that it is not English
    share = sum(_non_latin(c) for c in letters) / len(letters)
    if share >= 0.5:
        if lang == "en":
            ranked = ident.rank(sample)
            lang = next(code for code, _ in ranked if code != "en")
        prob = max(float(prob), share)
    return str(lang), float(prob)


# English words that are rare or absent in other languages written in Latin script, and
# "the", which no other language uses so often.
_ENGLISH = frozenset(
    """the of and to that was for with from were have has had which this
they their would been said says but not are is it its his her he she by at as be will""".split()
)
_WORDS = re.compile(r"[^\W\d_]+")


def _clearly_english(sample: str, letters: list[str]) -> bool:
    """Plain English prose settles its language without the language model, which costs
    0.4 s or more to load (68 MB, xz-compressed) in every fresh process: at least 60 words,
    all but 1% of letters Latin, a fifth of the words from ``_ENGLISH`` and one in 40 "the".
    Never true on the other-language texts of benchmarks/language_shortcut.py (at most 0.067
    and 1 in 67 there); true on 92% of ECB+ English documents."""
    words = _WORDS.findall(sample.lower())
    if len(words) < 60 or sum(_non_latin(c) for c in letters) > len(letters) / 100:
        return False
    hits = sum(w in _ENGLISH for w in words)
    return hits >= len(words) / 5 and words.count("the") >= len(words) / 40


def _non_latin(ch: str) -> bool:
    return ch.isalpha() and not unicodedata.name(ch, "LATIN").startswith("LATIN")


def language_name(code: str) -> str:
    """English name of any language the detector knows ("zh" -> "Chinese"), by CLDR."""
    from babel import Locale  # lazy: only on the refusal path

    return Locale("en").languages.get(code, code)


def read_any(obj: object, name: str | None = None) -> Document:
    """What ``check()`` accepts: a Document, a ``str`` (the text itself) or a Path."""
    if isinstance(obj, Document):
        return obj
    if isinstance(obj, Path):
        return read_path(obj)
    if isinstance(obj, str):
        return from_text(obj, name or "text")
    raise InputError(f"cannot read a {type(obj).__name__}: pass str, pathlib.Path or Document")
