"""Random Markdown bodies for the readers' agreement tests: what editors write (links by address
and by file name, images, tables, lists, quotes, phone numbers, promises of a form), the slips the
build reports (vague link text, missing alternative text, raw HTML, skipped headings) and the
constructs where two Markdown parsers are most likely to part ways (lazy lines, tabs, escapes and
entities, code spans across lines, unclosed fences, nesting)."""

from __future__ import annotations

import random

WORDS = ["bin", "council", "tax", "café", "ŵyl", "پارکنگ", "apply", "online", "form", "here", "more",
         "click", "page", "this", "the", "use", "our", "pay", "using", "on", "at"]
PHONES = ["0116 496 0000", "18001 0116 496 0000", "01164960000", "+0116 496 0000", "0800 123 4567",
          "0116 4960000 1", "020 7946 0018"]
PROMISES = ["use the online form", "apply online using", "the form on this page", "pay online at",
            "use our online booking form", "report online here", "Use The Online Form"]
HTML = ["<b>", "<img src=x>", "</p>", "<br/>", "<a href='x'>", "<h2>", "< b>", "a<b"]
ENTITIES = ["&amp;", "&lt;b&gt;", "&#48;", "&nbsp;", "&copy;", "&#x26;", "&quot;", "&bogus;"]
ESCAPES = ["\\*", "\\<", "\\[", "\\\\", "\\|", "\\_"]
CODES = ["`code`", "`a\nb`", "`` ` ``", "` 0116 496 0000 `", "`<b>`"]
URLS = ["/services/foo/", "foo.md", "../pages/bar.md", "missing.md", "/services/foo.md#a", "relative/page/",
        "#anchor", "tel:0300", "//cdn.x/y", "https://x.org/ä", "images/pic.png", "<a b.md>", "/forms/report/",
        "x:y", "mailto:a@b.org", "/images/x.png", "http://x.org", "/submit/x", "", "<>", "foo.md#top"]
LINK_TEXTS = ["", "click here", "Here", "read more.", "more information", "the council tax page",
              "0116 496 0000", "*bold* words", "`code`", "click\nhere", "**more**"] * 5 + ["a ![pic](x.png) b"]
ALTS = ["", " ", "A map", "*a*", "a\nb", "0116 496 0000", "[x](y)", " a `c` "] * 4 + ["&#32;", "x\\\ny"]
BREAKS = ["\n", "  \n", "\\\n", "\n   "] * 5 + ["\t"]


def inline(rng: random.Random, parts: int | None = None) -> str:
    """A run of inline Markdown, possibly over several lines."""
    pieces = []
    for _ in range(parts or rng.randint(1, 8)):
        kind = rng.random()
        if kind < 0.3:
            pieces.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))))
        elif kind < 0.38:
            pieces.append(rng.choice(PHONES))
        elif kind < 0.43:
            pieces.append(rng.choice(PROMISES))
        elif kind < 0.47:
            pieces.append(rng.choice(HTML))
        elif kind < 0.51:
            pieces.append(rng.choice(ENTITIES))
        elif kind < 0.54:
            pieces.append(rng.choice(ESCAPES))
        elif kind < 0.58:
            pieces.append(rng.choice(CODES))
        elif kind < 0.66:
            mark = rng.choice(["*", "**", "_", "__"])
            pieces.append(mark + inline(rng, 2) + rng.choice([mark, "", mark]))
        elif kind < 0.80:
            title = rng.choice(["", "", ' "T"', " 'x y'"])
            pieces.append(f"[{rng.choice(LINK_TEXTS)}]({rng.choice(URLS)}{title})")
        elif kind < 0.86:
            pieces.append(f"![{rng.choice(ALTS)}]({rng.choice(URLS)})")
        elif kind < 0.89:
            pieces.append(rng.choice(["<https://x.org>", "<a@b.org>", "<made:up>", "<http://x.org/0116 496>"]))
        elif kind < 0.92:
            pieces.append(rng.choice(["[ref]", "[text][ref]", "[missing][]", "![alt][img]", "[Ref][]"]))
        else:
            pieces.append(rng.choice(BREAKS))
    return rng.choice([" ", "", " "]).join(pieces).strip(" ") or "word"


def block(rng: random.Random, depth: int = 0) -> str:
    """One block: a paragraph, heading, list, quote, table, code, rule or link reference."""
    kind = rng.random()
    if kind < 0.3:
        return "\n".join(inline(rng) for _ in range(rng.randint(1, 3)))
    if kind < 0.42:
        return "#" * rng.randint(1, 6) + " " + inline(rng, 3).replace("\n", " ")
    if kind < 0.46:
        return inline(rng, 2).replace("\n", " ") + "\n" + rng.choice(["===", "---", "-"])
    if kind < 0.62 and depth < 3:
        return _list(rng, depth)
    if kind < 0.70 and depth < 3:
        lazy = rng.random() < 0.3
        lines = block(rng, depth + 1).split("\n")
        return "\n".join("> " + line if not lazy or i == 0 else line for i, line in enumerate(lines))
    if kind < 0.82:
        return _table(rng)
    if kind < 0.86:
        return "```" + rng.choice(["", "py", "a&b"]) + "\n" + inline(rng) + "\n```"
    if kind < 0.89:
        return "    " + inline(rng).replace("\n", "\n    ")
    if kind < 0.92:
        return rng.choice(["---", "***", "___"])
    if kind < 0.96:
        return rng.choice(['[ref]: /services/foo/ "Title"', "[img]: images/pic.png", "[ref]: foo.md",
                           "[Ref]: <a b.md>"])
    return inline(rng)


def _list(rng: random.Random, depth: int) -> str:
    marker = rng.choice(["-", "*", "1.", "2)"])
    indent = " " * (len(marker) + 1)
    items = []
    for _ in range(rng.randint(1, 4)):
        text = block(rng, depth + 1) if rng.random() < 0.8 else inline(rng)
        if rng.random() < 0.3:
            text += "\n\n" + block(rng, depth + 1)
        first, *rest = text.split("\n")
        lazy = rng.random() < 0.2
        items.append("\n".join([f"{marker} {first}", *((line if lazy else indent + line) if line else ""
                                                       for line in rest)]))
    return rng.choice(["\n", "\n\n"]).join(items)


def _table(rng: random.Random) -> str:
    columns = rng.randint(1, 4)

    def row(cells: int) -> str:
        return "| " + " | ".join(inline(rng, 2).replace("\n", " ").replace("|", "\\|") for _ in range(cells)) + " |"

    rule = "|" + "|".join(rng.choice(["---", ":--", "--:", ":-:"]) for _ in range(columns)) + "|"
    return "\n".join([row(columns), rule, *(row(rng.randint(1, columns + 1)) for _ in range(rng.randint(0, 3)))])


def body(rng: random.Random) -> str:
    """A whole body: a few blocks, with or without a final line break; half of them without code
    spans (markdown-it-pyrs does not read a backtick after a '[', so those go to the tokens)."""
    blocks = [block(rng) for _ in range(rng.randint(1, 8))]
    text = rng.choice(["\n\n", "\n"]).join(blocks) + rng.choice(["", "\n", "\n\n"])
    return text if rng.random() < 0.5 else text.replace("`", "")
