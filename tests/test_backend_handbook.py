"""The contact-centre handbook as the backend serves it: only to signed-in staff, at /staff/handbook/."""

from __future__ import annotations

from pathlib import Path

import pytest
from staff_support import add_staff, emailed_code, enter_code, password_step, sign_in


@pytest.fixture
def built_handbook(app, tmp_path: Path) -> Path:
    """A small built handbook (the real build is tested in test_handbook_build.py)."""
    root = tmp_path / "output-handbook"
    (root / "services" / "report-a-pothole").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "index.html").write_text("<h1>Contact-centre handbook</h1>", encoding="utf-8")
    (root / "services" / "report-a-pothole" / "index.html").write_text(
        "<h1>Report a pothole</h1><p>Ask whether anyone has been hurt.</p>", encoding="utf-8")
    (root / "assets" / "handbook.css").write_text("body{}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not part of the handbook", encoding="utf-8")
    app.config["HANDBOOK_DIR"] = root
    return root


def test_a_signed_out_visitor_is_sent_to_sign_in_then_back_to_the_page(app, client, built_handbook) -> None:
    response = client.get("/staff/handbook/services/report-a-pothole/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/sign-in")
    assert "Ask whether anyone" not in response.get_data(as_text=True)
    staff = add_staff()
    assert password_step(client, staff.email).status_code == 302
    response = enter_code(client, emailed_code(staff.email))
    assert response.headers["Location"].endswith("/staff/handbook/services/report-a-pothole/")
    assert "Ask whether anyone has been hurt" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_signed_in_officer_sees_the_handbook_and_its_files(app, client, built_handbook) -> None:
    sign_in(client, add_staff())
    home = client.get("/staff/handbook/")
    assert home.status_code == 200 and "Contact-centre handbook" in home.get_data(as_text=True)
    assert home.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "default-src 'self'" in home.headers["Content-Security-Policy"]
    assert client.get("/staff/handbook/assets/handbook.css").status_code == 200
    # Pages link to each other relatively, so a folder is always served at its address with a slash.
    folder = client.get("/staff/handbook/services/report-a-pothole")
    assert folder.status_code == 302
    assert folder.headers["Location"].endswith("/staff/handbook/services/report-a-pothole/")
    assert client.get("/staff/handbook/services/no-such-service/").status_code == 404
    assert client.get("/staff/handbook/../secret.txt").status_code == 404
    assert client.get("/staff/handbook/%2e%2e/secret.txt").status_code == 404


def test_the_staff_pages_link_to_the_handbook(app, client, built_handbook) -> None:
    sign_in(client, add_staff())
    assert 'href="/staff/handbook/"' in client.get("/staff/").get_data(as_text=True)


def test_an_unbuilt_handbook_says_how_to_build_it(app, client, tmp_path: Path) -> None:
    app.config["HANDBOOK_DIR"] = tmp_path / "nothing-here"
    sign_in(client, add_staff())
    response = client.get("/staff/handbook/")
    assert response.status_code == 503
    assert "make handbook" in response.get_data(as_text=True)
