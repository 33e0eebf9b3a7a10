"""A page's body reads the same, HTML, problems at their lines, links and promises, whether
markdown-it-pyrs's tree or markdown-it-py's tokens read it; the tree reads what editors write, and
what it cannot give exactly goes to the tokens."""

from __future__ import annotations

import random

import pytest
from conftest import FIXTURES, PROJECT
from markdown_bodies import body

from builder.body import render_body, render_tokens
from builder.bodychecks import BodyChecks
from builder.bodytree import NeedsTokens, _parsed, render_tree
from portal.errors import Problems
from portal.frontmatter import split_front_matter

PATH = "content/services/x.md"


def url_for_source(source: str) -> str | None:
    return {"services/foo.md": "/services/foo/", "pages/bar.md": "/bar/"}.get(source)


def read(text: str, reader, first_line: int = 7) -> tuple | None:
    """Everything a reader gives for ``text``; None when the tree sends it to the tokens."""
    checks = BodyChecks(PATH, "services", url_for_source)
    try:
        checks.result.html = reader(text, first_line, checks)
    except NeedsTokens:
        return None
    result = checks.result
    return result.html, checks.problems.errors, result.local_links, result.local_images, result.promises


def test_tree_and_tokens_agree_on_random_bodies() -> None:
    rng = random.Random(17)
    by_tree = 0
    for _ in range(3000):
        text = body(rng)
        tree = read(text, render_tree)
        if tree is not None:
            by_tree += 1
            assert tree == read(text, render_tokens), repr(text)
    # The generator leans on the hard cases, which go to the tokens; enough go through the tree.
    assert by_tree > 600


def test_every_sample_and_fixture_body_is_read_by_the_tree_and_reads_alike() -> None:
    files = [*PROJECT.glob("content/**/*.md"), *FIXTURES.glob("**/*.md")]
    read_count = 0
    for file in files:
        try:
            split = split_front_matter(file.read_text(encoding="utf-8"), str(file))
        except Exception:  # noqa: BLE001 (files broken on purpose; their front matter is tested elsewhere)
            continue
        tree = read(split.body, render_tree, split.body_line)
        assert tree is not None, file
        assert tree == read(split.body, render_tokens, split.body_line), file
        read_count += 1
    assert read_count > 200


def test_problems_are_at_their_lines_when_the_tree_reads_the_body() -> None:
    text = (
        "Café [click here](/x/)\n"  # 7
        "\n"
        "See [\n](/y/)\n"  # 9-10: a link is judged where it closes
        "\n"
        "![A *map*\nof](/m.png) <b>bold</b>\n"  # 12-13: a break inside alternative text does not count
        "\n"
        "| Cost | Where |\n|---|---|\n| ![](a.png) | [here](/z/) |\n"  # 15-17: cells at their row
        "\n"
        "-\n  [more](/w/)\n"  # 19-20: an item's text on the line after its marker
        "  ### Skipped\n"  # 21
    )
    errors = read(text, render_tree)[1]
    assert [(p.line, p.message.split(";")[0]) for p in errors] == [
        (7, "link text 'click here' does not say where it goes"),
        (10, "link to '/y/' has no text"),
        (12, "HTML '<b>' is shown to residents as text"),
        (17, "image 'a.png' has no alternative text"),
        (17, "link text 'here' does not say where it goes"),
        (20, "link text 'more' does not say where it goes"),
        (21, "heading jumps from level 1 to 3"),
    ]
    assert read(text, render_tree) == read(text, render_tokens)


def test_a_code_span_over_two_lines_is_no_line_break_to_the_tree_either() -> None:
    text = "Café `a\nb` <b>bold</b>\n\n- `c\n  d` <i>x</i>\n"
    errors = read(text, render_tree)[1]
    assert [p.line for p in errors] == [7, 10]  # the tags are on lines 8 and 11
    assert read(text, render_tree) == read(text, render_tokens)


def test_links_tables_and_phone_numbers_are_written_into_the_html_the_tree_renders() -> None:
    text = ("See [council tax](foo.md#bands), [parking](parking/) and ![Bins](images/bins.png \"Bins\").\n\n"
            "| Service | Phone |\n|:--|--:|\n| **Bins** & more | 0116 496 0000 |\n"
            "| _Paper_ | [call 0800 123 4567](/c/) |\n")
    html = read(text, render_tree)[0]
    assert '<a href="/services/foo/#bands">council tax</a>' in html
    assert '<a href="/services/parking">parking</a>' in html
    assert '<img src="/services/images/bins.png" alt="Bins" title="Bins" />' in html
    assert '<table class="stack">' in html
    assert ('<td style="text-align:right" data-label="Phone"><a href="tel:+441164960000">0116 496 0000</a></td>'
            in html)
    assert '<td style="text-align:left" data-label="Service"><em>Paper</em></td>' in html
    assert '<a href="/c/">call 0800 123 4567</a>' in html  # already a link: left alone
    assert read(text, render_tree) == read(text, render_tokens)


FALLBACKS = [
    ("[![Map](map.png) and more](/map/)", "an image inside a link"),
    ("![a &amp; b](x.png)", "alternative text"),
    ("![a\\\nb](x.png)", "alternative text"),
    ("- To pay, use the\n  online form\n", "a promise across lines inside a list or quote"),
    ("> Apply online\n> using the form\n", "a promise across lines inside a list or quote"),
    ("a\tb\n", "tabs"),
    ("> quoted\nlazy\n", "a line without '>'"),
    ("> > nested\n", "a line without '>'"),
    ("2) > quoted in a list `a\n   b`\n", "a line without '>'"),
    ("```\nopen to the end", "a code block left open"),
    ("> [r]: /x\n", "empty quote"),
    ("| a | b |\n|---|---|\n| 1 | 2 |\n2) next\n", "ends a table at any list item"),
    ("| a\n---\n", "one-column table"),
    ("a\r\nb\n", "normalises"),
    ("- item\n  ```\n  code\n  ```\n", "a line before code"),
    ("See [`code\n", "a backtick after a '\\['"),
    ("__*)**__**n**h\n", "'\\*' and '_' next to each other"),
]


def test_a_failure_inside_markdown_it_pyrs_sends_the_body_to_the_tokens() -> None:
    with pytest.raises(NeedsTokens, match="markdown-it-pyrs failed"):
        _parsed("[`")  # markdown-it 0.6 (Rust) panics here; render_tree never gives it this


@pytest.mark.parametrize(("text", "why"), FALLBACKS)
def test_what_the_tree_cannot_give_exactly_is_read_with_tokens(text: str, why: str) -> None:
    with pytest.raises(NeedsTokens, match=why):
        render_tree(text, 7, BodyChecks(PATH, "services", url_for_source))
    problems = Problems()
    result = render_body(text, path=PATH, first_line=7, folder="services", url_for_source=url_for_source,
                         problems=problems)
    assert (result.html, problems.errors, result.local_links, result.local_images, result.promises) == \
        read(text, render_tokens)
