"""An editor fixing a page sees every problem in one build, each at its line with its fix."""

from __future__ import annotations

from conftest import PROJECT, build

from portal.errors import shown_path

MANY_PROBLEMS = """---
title: Many problems
summary: A page with six problems.
category: bins-and-recyclin
contact: wast
last_reviewed: 1 September 2026
review_by: 2027-09-01
owner: Waste team
---
## What to do

Read [the missing page](/services/not-there/) or [report a missed bin](/services/report-a-missed-bin/).

![A map of the depot](/images/depot-map.png)

<img src="/images/old-map.png" alt="Old map">
"""


def test_all_of_a_files_problems_are_reported_in_one_build(content_copy, tmp_path) -> None:
    content = content_copy()
    target = content / "services" / "many-problems.md"
    target.write_text(MANY_PROBLEMS)
    result = build(content, tmp_path, search=False).result
    where = shown_path(target, PROJECT.cwd())
    assert sorted(str(p) for p in result.problems.errors) == sorted([
        f"{where}:14: image file not found: '/images/depot-map.png'; put the file in content/images/ "
        "or check its name",
        f"{where}:16: HTML '<img src=\"/images/old-map.png\" alt=\"Old map\">' is shown to residents as "
        "text; write ![description of the image](/images/file-name.png) instead",
        f"{where}:4: category 'bins-and-recyclin' is not in content/site.yaml categories; did you mean "
        "'bins-and-recycling'?",
        f"{where}:5: contact 'wast' is not in content/site.yaml contacts; did you mean 'waste'?",
        f"{where}:6: last_reviewed should be a date written YYYY-MM-DD, for example 2027-03-31; "
        "found '1 September 2026'",
        f"{where}:12: link to '/services/not-there/' goes to a page that does not exist; check the address",
    ])


def test_a_link_to_a_page_that_has_errors_of_its_own_is_not_reported_as_dead(content_copy, tmp_path) -> None:
    content = content_copy()
    (content / "services" / "many-problems.md").write_text(MANY_PROBLEMS)
    (content / "services" / "links-to-it.md").write_text(
        MANY_PROBLEMS.split("## What to do", maxsplit=1)[0].replace("Many problems", "Links to it")
        .replace("1 September 2026", "2026-09-01").replace("bins-and-recyclin", "bins-and-recycling")
        .replace("wast\n", "waste\n") + "See [many problems](/services/many-problems/).\n")
    errors = [str(p) for p in build(content, tmp_path, search=False).result.problems.errors]
    assert not [e for e in errors if "links-to-it" in e], errors


def test_a_missing_image_says_image_file_not_found_with_a_close_name(content_copy, tmp_path) -> None:
    content = content_copy()
    (content / "services" / "logo-page.md").write_text(
        MANY_PROBLEMS.split("## What to do", maxsplit=1)[0].replace("Many problems", "Logo page")
        .replace("1 September 2026", "2026-09-01").replace("bins-and-recyclin", "bins-and-recycling")
        .replace("wast\n", "waste\n") + "![Our logo](/images/logo.png)\n")
    errors = [str(p).split(": ", 1)[1] for p in build(content, tmp_path, search=False).result.problems.errors]
    assert errors == ["image file not found: '/images/logo.png'; did you mean /images/logo.svg?"]
