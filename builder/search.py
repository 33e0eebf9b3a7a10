"""The browser's search index, made by Pagefind (a binary shipped in a PyPI wheel).

Pagefind reads not the built pages but one small page per document of ``search-index.json``
(``builder.searchindex``), so the browser search and the backend's server search index exactly
the same words. Weights make a word in a title or keyword count for more than one in the body,
and plain pages (Cookies, Privacy) count for less than services.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pagefind_bin import get_executable

from builder.searchindex import INDEX_FILE, LANGUAGE_INDEX

# Pagefind weights (0 to 10) by kind of page: title, keywords, summary, body.
_WEIGHTS = {"page": (4.0, 3.0, 1.0, 0.25)}
_SERVICE_WEIGHTS = (10.0, 8.0, 4.0, 1.0)


def build_search_index(output_dir: Path, staging: Path | None = None, scratch: Path | None = None) -> None:
    """Index ``output_dir/search-index.json`` (and each language's) into ``output_dir/pagefind``.

    The records are written to ``staging`` (kept between builds, so only changed ones are
    written again), or to a temporary folder. With ``scratch``, Pagefind writes there and its
    index then replaces ``pagefind/`` whole, so nothing of an earlier index is left in it.
    """
    files = [output_dir / INDEX_FILE, *sorted(output_dir.glob(LANGUAGE_INDEX.format(code="*")))]
    indexes = [json.loads(path.read_text(encoding="utf-8")) for path in files]
    with contextlib.ExitStack() as stack:
        folder = staging or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="search-")))
        Indexing.start(indexes, folder, output_dir / "pagefind", scratch=scratch).finish()


@dataclass
class Indexing:
    """Pagefind at work on a search index's records, in a process of its own."""

    process: subprocess.Popen
    target: Path
    scratch: Path | None

    @classmethod
    def start(cls, indexes: list[dict], records: Path, target: Path, scratch: Path | None = None) -> Indexing:
        """Stage the records of ``indexes`` (one a language) in ``records`` and start indexing them for ``target``; with
        ``scratch``, Pagefind writes there and ``finish`` moves the index to ``target``."""
        _stage_records(indexes, records)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        process = subprocess.Popen([str(get_executable()), "--site", str(records), "--output-path",
                                    str(scratch or target), "--silent"])
        return cls(process, target, scratch)

    def finish(self) -> None:
        """Wait for Pagefind; the index is then in ``target``."""
        code = self.process.wait()
        if code:
            raise subprocess.CalledProcessError(code, self.process.args)
        if self.scratch is not None:
            shutil.rmtree(self.target, ignore_errors=True)
            shutil.move(self.scratch, self.target)

    def cancel(self) -> None:
        """Stop Pagefind and leave ``target`` as it was."""
        self.process.kill()
        self.process.wait()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)


def _stage_records(indexes: list[dict], folder: Path) -> None:
    """One small page per document in ``folder``, in its index's language (Pagefind splits its
    index by ``<html lang>``); unchanged ones (by hash) are not rewritten."""
    manifest_file = folder / "records.json"
    try:
        previous = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    current: dict[str, str] = {}
    for index, document in ((i, d) for i in indexes for d in i["documents"]):
        name = f"{document['url'].strip('/')}/index.html".lstrip("/")
        text = _record(document, index.get("language", "en"))
        current[name] = hashlib.sha256(text.encode()).hexdigest()
        target = folder / name
        if previous.get(name) != current[name] or not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    for name in set(previous) - set(current):
        (folder / name).unlink(missing_ok=True)
    manifest_file.write_text(json.dumps(current, sort_keys=True), encoding="utf-8")


def _record(document: dict, language: str) -> str:
    title, keywords, summary, body = _WEIGHTS.get(document["kind"], _SERVICE_WEIGHTS)
    e = html.escape
    words = " ".join(document["keywords"])
    return (f'<!DOCTYPE html><html lang="{e(language)}"><head><title>{e(document["title"])}</title></head>'
            f'<body><main data-pagefind-body data-pagefind-meta="kind:{e(document["kind"])}">'
            f'<span data-pagefind-meta="keywords" hidden>{e("|".join(document["keywords"]))}</span>'
            f'<h1 data-pagefind-weight="{title}" data-pagefind-meta="title">{e(document["title"])}</h1>'
            f'<p data-pagefind-weight="{summary}" data-pagefind-meta="description">{e(document["summary"])}</p>'
            f'<p data-pagefind-weight="{keywords}">{e(words)}</p>'
            f'<p data-pagefind-weight="{body}">{e(" ".join(document["words"]))}</p></main></body></html>')
