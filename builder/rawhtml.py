"""HTML pasted into Markdown (say an ``<img src=...>`` from an old site) is shown to residents as
literal text, because the build renders Markdown only: this finds it and says what to write instead."""

from __future__ import annotations

import re

_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")
_INSTEAD = {
    "img": "![description of the image](/images/file-name.png)",
    "a": "[the words to link](/services/page-name/)",
    "br": "a blank line between paragraphs",
    "p": "a blank line between paragraphs",
    "b": "**bold words**", "strong": "**bold words**",
    "i": "*words in italics*", "em": "*words in italics*",
    "ul": "one '- ' line per item", "ol": "one '1. ' line per item", "li": "one '- ' line per item",
    "table": "a Markdown table (| heading | heading |, then | --- | --- |)",
}
_HEADINGS = {f"h{n}": "'## ' or '### ' before the heading" for n in range(1, 7)}


def raw_html_message(text: str) -> str | None:
    """What to tell the editor about the first HTML tag in ``text``, or None if there is none."""
    found = _TAG.search(text)
    if found is None:
        return None
    tag = found.group(1).lower()
    instead = _INSTEAD.get(tag) or _HEADINGS.get(tag) or "Markdown, not HTML"
    shown = found.group(0) if len(found.group(0)) <= 60 else found.group(0)[:57] + "..."
    return f"HTML '{shown}' is shown to residents as text; write {instead} instead"
