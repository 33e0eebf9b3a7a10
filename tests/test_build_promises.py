"""A page that promises an online form or payment must have one: the sample keeps its promises,
and an editor who writes "use the form on this page" on a page with no form is told at the line."""

from __future__ import annotations

from conftest import PROJECT, build

from portal.errors import shown_path

PROMISE_PAGE = """---
title: Book pest control
summary: Book a pest control visit.
category: council-tax
contact: general
last_reviewed: 2026-09-01
review_by: 2027-09-01
owner: Environmental services
---
## How to book

1. Book online using the form on this page, or phone us.
2. Pay by card when we visit.

## If you have rats

Report them online using [the pothole form](/forms/report-a-pothole/).
"""


def test_a_promise_of_a_form_on_a_page_with_none_is_a_warning_at_its_line(content_copy, tmp_path) -> None:
    content = content_copy()
    target = content / "services" / "book-pest-control.md"
    target.write_text(PROMISE_PAGE)
    result = build(content, tmp_path, search=False).result
    where = shown_path(target, PROJECT.cwd())
    assert [str(p) for p in result.problems.warnings] == [
        f"{where}:12: 'Book online using' promises an online form or payment, but this page has none; "
        "link to the form (/forms/...), add 'form:' to the front matter, or say how to do it instead "
        "(phone, email or visit)"]
    assert result.failed(strict=True) and not result.failed(strict=False)


def test_a_page_with_its_own_form_may_say_use_the_form_on_this_page(content_copy, tmp_path) -> None:
    content = content_copy()
    target = content / "services" / "book-pest-control.md"
    target.write_text(PROMISE_PAGE.replace("owner:", "form: report-a-pothole\nowner:"))
    assert build(content, tmp_path, search=False).result.problems.warnings == []


def test_no_sample_page_promises_a_form_it_does_not_have(tmp_path) -> None:
    result = build(PROJECT / "content", tmp_path, search=False, forms_dir=PROJECT / "forms").result
    assert [str(p) for p in result.problems.warnings if "promises" in p.message] == []


def test_find_your_bin_collection_day_tells_you_the_day(tmp_path) -> None:
    site = build(PROJECT / "content", tmp_path, forms_dir=PROJECT / "forms", search=False)
    page = site.html("/services/bin-collection-days/")
    rows = {tr.select("td")[0].get_text(): tr.select("td")[2].get_text()
            for tr in page.select("table")[0].select("tbody tr")}
    assert rows["KF1"] == "Monday" and rows["KF5"] == "Friday"
    assert "paper calendar" not in page.get_text()
