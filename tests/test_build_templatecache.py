"""Templates compiled once per process still follow every edit to them between builds."""

from __future__ import annotations

from conftest import PROJECT, build

from builder.templatecache import COMPILED


def test_a_template_edited_between_builds_in_one_process_is_used_at_once(content_copy, tmp_path) -> None:
    content = content_copy()
    build(content, tmp_path, search=False)
    assert COMPILED._code, "the theme's templates were kept compiled"
    templates = content / "templates"
    templates.mkdir()
    theme = (PROJECT / "theme" / "templates" / "service.html").read_text(encoding="utf-8")
    override = templates / "service.html"
    for marker in ("First edit", "Second edit"):
        override.write_text(theme.replace("{% block main %}", f"{{% block main %}}<p>{marker}</p>", 1),
                            encoding="utf-8")
        site = build(content, tmp_path, search=False)
        assert site.html("/services/pay-council-tax/").find("p", string=marker) is not None
    override.unlink()
    page = build(content, tmp_path, search=False).html("/services/pay-council-tax/")
    assert page.find("p", string="Second edit") is None
