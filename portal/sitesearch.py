"""Site search shared by the build and the backend: the index's shape, and ranking by words matched.

The build writes ``output/search-index.json`` (see ``SearchIndex``); the browser search (Pagefind)
is made from the same documents, and the backend's server search ranks them with ``rank``.

Residents type phrases ("my bins were missed"), not keywords. So words that match nothing and
common words ("my", "were") never exclude a page; pages rank first by how many of the words
they match, then by where the words are (title, keywords, summary, body), and services rank
above plain pages such as Cookies and Privacy. Words are compared by their Snowball stems, the
stemmer Pagefind uses, so "bins" finds "bin" and "missed" finds "miss".

``search-index.json``::

    {"version": 1, "language": "en-GB",
     "stop_words": ["a", "about", ...],
     "documents": [{"url": "/services/report-a-pothole/", "title": "Report a pothole",
                    "summary": "...", "keywords": ["hole in road", ...],
                    "words": ["potholes", "are", ...],   # the body's words, lowercased, each once
                    "kind": "service"}, ...]}           # service, form, event or page
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

INDEX_VERSION = 1
KINDS = ("service", "form", "event", "page")
# Words so common in residents' phrases that they say nothing about the service wanted.
STOP_WORDS = frozenset({
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "but", "by", "can", "could", "did", "do", "does", "doing", "for", "from",
    "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how",
    "i", "if", "in", "into", "is", "it", "its", "me", "more", "my", "near", "need", "next", "no",
    "not", "of", "off", "on", "once", "only", "or", "our", "out", "over", "please", "she", "should",
    "so", "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "up", "very", "want", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours",
})

# Points for a matched word by where it is found; the best place counts.
_WEIGHTS = {"title": 10.0, "keywords": 8.0, "summary": 4.0, "words": 1.0}
# Services are what residents look for; a plain page (Cookies) ranks below one matching as well.
_KIND_FACTOR = {"service": 1.0, "form": 0.9, "event": 0.8, "page": 0.5}
# A query that is one of a page's keywords, word for word, is what the editor said it is for.
_KEYWORD_BONUS = 20.0
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


@dataclass(frozen=True)
class SearchDocument:
    """One page as search sees it."""

    url: str
    title: str
    summary: str
    kind: str
    keywords: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # the body's words, lowercased, each once, in order


@dataclass(frozen=True)
class SearchResult:
    document: SearchDocument
    matched: int  # how many of the query's words it matches
    score: float


def words_of(text: str) -> list[str]:
    """The words of ``text``, lowercased; "council's" stays one word."""
    return _WORD.findall(text.lower().replace("’", "'"))


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word.replace("'", ""))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    # Imported at the first query: the package loads every language's stemmer, a tenth of a
    # second that a build, which only writes the index, has no use for.
    import snowballstemmer  # noqa: PLC0415

    return snowballstemmer.stemmer("english")


def query_terms(query: str) -> list[str]:
    """The stems a query searches for: common words dropped, each stem once, in order."""
    terms: list[str] = []
    for word in words_of(query):
        if word in STOP_WORDS:
            continue
        term = stem(word)
        if term not in terms:
            terms.append(term)
    return terms


@dataclass
class SearchIndex:
    """Documents, with each one's stems by field worked out once."""

    documents: list[SearchDocument]
    language: str = "en"

    @cached_property
    def _stems(self) -> list[dict[str, set[str]]]:
        # Worked out at the first query: the build only writes the index, and stemming every
        # page's words was a tenth of its search step.
        return [_field_stems(d) for d in self.documents]

    @classmethod
    def load(cls, path: Path) -> SearchIndex:
        """Read ``search-index.json`` as the build wrote it."""
        data = json.loads(path.read_text(encoding="utf-8"))
        docs = [SearchDocument(url=d["url"], title=d["title"], summary=d["summary"], kind=d["kind"],
                               keywords=tuple(d.get("keywords", ())), words=tuple(d.get("words", ())))
                for d in data["documents"]]
        return cls(docs, language=data.get("language", "en"))

    def to_json(self, known: dict[int, tuple[SearchDocument, str]] | None = None) -> str:
        """The index as ``search-index.json``. ``known`` keeps each document's text between calls
        (the preview's rebuilds), so only documents not seen before are written out again."""
        texts = []
        for document in self.documents:
            found = known.get(id(document)) if known is not None else None
            if found is None or found[0] is not document:
                found = (document, _dumps(vars(document)))  # no deep copy, as asdict makes
                if known is not None:
                    known[id(document)] = found
            texts.append(found[1])
        # With indent=0 a nested value's text does not depend on its depth, so each document's
        # text is what dumping the whole index would give for it.
        head = _dumps({"version": INDEX_VERSION, "language": self.language, "stop_words": sorted(STOP_WORDS),
                       "documents": []})
        listed = "[\n" + ",\n".join(texts) + "\n]" if texts else "[]"
        return head.replace('"documents": []', '"documents": ' + listed, 1)

    def rank(self, query: str, limit: int = 20) -> list[SearchResult]:
        """Documents matching any word of ``query``: most words matched first, then best placed."""
        terms = query_terms(query)
        if not terms:
            return []
        wanted = " ".join(words_of(query))
        results = []
        for document, stems in zip(self.documents, self._stems, strict=True):
            matched, score = 0, 0.0
            for term in terms:
                best = max((weight for name, weight in _WEIGHTS.items() if term in stems[name]), default=0.0)
                if best:
                    matched += 1
                    score += best
            if not matched:
                continue
            if any(" ".join(words_of(k)) == wanted for k in document.keywords):
                score += _KEYWORD_BONUS
            results.append(SearchResult(document, matched, score * _KIND_FACTOR.get(document.kind, 0.5)))
        results.sort(key=lambda r: (-r.matched, -r.score, r.document.title.casefold()))
        return results[:limit]


def _dumps(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=0, sort_keys=True)``, byte for byte. Given an
    indent, the json module encodes in Python, a few calls per element: that was a third of the
    search step of a 3,000-page build. Strings here go through its C encoder, lists at once."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{\n" + ",\n".join(_string(k) + ": " + _dumps(v) for k, v in sorted(value.items())) + "\n}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[\n" + ",\n".join([_string(v) if type(v) is str else _dumps(v) for v in value]) + "\n]"
    return json.dumps(value)  # a number, true, false or null


_string = json.encoder.encode_basestring  # type: ignore[attr-defined]  # C where built with it


def _field_stems(document: SearchDocument) -> dict[str, set[str]]:
    def stems(texts: Iterable[str]) -> set[str]:
        return {stem(w) for text in texts for w in words_of(text)}

    return {"title": stems([document.title]), "keywords": stems(document.keywords),
            "summary": stems([document.summary]), "words": stems([" ".join(document.words)])}


def unique_words(text: str) -> tuple[str, ...]:
    """Each word of ``text`` once, in order: what an index keeps of a page's body."""
    return tuple(dict.fromkeys(words_of(text)))


def rank(documents: Sequence[SearchDocument], query: str, limit: int = 20) -> list[SearchResult]:
    """Rank ``documents`` for ``query`` (see ``SearchIndex.rank``; build the index once to rank often)."""
    return SearchIndex(list(documents)).rank(query, limit)
