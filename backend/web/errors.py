"""Error pages in the site's look, with the right status, saying what the resident can do (in the
page's language: error.html translates these messages)."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.wording import N_

MESSAGES = {
    400: (N_("Sorry, there is a problem with the service"),
          [N_("We could not accept what was sent. Go back and try again.")]),
    403: (N_("You cannot see this page"), [N_("Performance reports are for managers and admins. "
                                          "Ask an admin if you need to see them.")]),
    404: (N_("Page not found"), [N_("If you typed the web address, check it is correct."),
                             N_("If you pasted the web address, check you copied the entire address.")]),
    405: (N_("Sorry, there is a problem with the service"), [N_("That page cannot be used in that way.")]),
    413: (N_("The files you sent are too large"),
          [N_("You can send up to 3 photos of up to 10MB each. Go back and choose smaller photos.")]),
    429: (N_("You have tried too many times"), [N_("For your security, wait an hour and try again, or contact us.")]),
    500: (N_("Sorry, there is a problem with the service"), [N_("Try again later. Your answers have been kept.")]),
}


def _page(status: int, heading: str | None = None, message: list[str] | None = None) -> tuple[str, int]:
    default_heading, default_message = MESSAGES.get(status, MESSAGES[500])
    return render_template("error.html", heading=heading or default_heading,
                           message=message or default_message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(_error: CSRFError) -> tuple[str, int]:
        return _page(400, N_("Sorry, we could not accept that page"),
                     [N_("For your security, pages expire after a while or when your browser's cookies "
                         "are turned off. Go back, refresh the page and send it again.")])

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return _page(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        app.logger.exception("unexpected error: %s", type(error).__name__)
        return _page(500)
