"""Resident search terms: the lower-cased words a resident is found by, and query parsing.

Each resident has rows in `resident_search_terms`; a query word matches a term it is a prefix of,
found with a range scan (`term >= 'smi' AND term < 'smj'`) on an index, fast on both backends.
Every query word must match (so "smith de1" finds Smiths in DE1). Bulk loaders (demo, import)
call `search_terms` too, so what they write is what the lookup finds.
"""

from __future__ import annotations

import re

MAX_TERM = 80
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SEPARATORS = re.compile(r"(?:[^\w]|_)+")  # what `_words` splits words at
_PHONE_CHARS = re.compile(r"^[\d\s()+\-.]+$")
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")


def _words(value: str) -> list[str]:
    return [word for word in _NOT_WORD.sub(" ", value.lower().replace("_", " ")).split() if word]


def _chunk_words(value: str) -> list[str]:
    """Per space-separated chunk: its single word, or its words joined ("o'brien" → "obrien")."""
    found = []
    for chunk in value.split():
        words = _words(chunk)
        if words:
            found.append("".join(words))
    return found


def phone_digits(phone: str) -> str:
    """Digits only, with +44 / 0044 written the UK way (07700…)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    for prefix in ("0044", "44"):
        if digits.startswith(prefix) and len(digits) > 10:
            return "0" + digits[len(prefix) :]
    return digits


def normalise_postcode(value: str) -> str:
    """`de12ab` → `DE1 2AB`; anything not shaped like a UK postcode is only upper-cased."""
    compact = "".join(value.split()).upper()
    match = _POSTCODE.match(compact)
    if match is None:
        return " ".join(value.split()).upper()
    return f"{match.group(1)} {match.group(2)}"


def search_terms(name: str, address: str, postcode: str, phone: str, reference: str) -> set[str]:
    """The terms a resident is found by: words of name, address and postcode, the compact
    postcode, the phone digits, and the reference whole, compacted and word by word."""
    terms: set[str] = set()
    for value in (name, address, postcode, reference):
        # `_words` and `_chunk_words` in one pass each (an import calls this for every row).
        lowered = value.lower()
        terms.update(_SEPARATORS.split(lowered))
        terms.update(
            chunk if chunk.isalnum() else _SEPARATORS.sub("", chunk) for chunk in lowered.split()
        )
    compact = "".join(postcode.split()).lower()
    if compact:
        terms.add(compact)
    digits = phone_digits(phone)
    if digits:
        terms.add(digits)
    if reference.strip():
        terms.add(reference.strip().lower())
        terms.add("".join(_words(reference)))
    return {term[:MAX_TERM] for term in terms if term}


def query_words(query: str) -> list[str]:
    """The words of a search: a phone number stays one word, and so does a chunk with
    punctuation in it ("t-3", "o'brien"); duplicates and prefixes of other words are dropped
    (they match whatever the longer word matches)."""
    text = query.strip()
    if not text:
        return []
    digits = phone_digits(text)
    if _PHONE_CHARS.match(text) and len(digits) >= 5:
        return [digits]
    words = sorted(set(_chunk_words(text)), key=len, reverse=True)
    kept: list[str] = []
    for word in words:
        if not any(other.startswith(word) for other in kept):
            kept.append(word[:MAX_TERM])
    return kept


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
