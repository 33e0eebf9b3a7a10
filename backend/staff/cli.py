"""Command-line management of staff accounts: `flask --app backend staff add EMAIL --department NAME`.

There is no page for making accounts: whoever runs the server decides who is staff. The password
is asked for twice without echoing, or read from standard input with --password-stdin (for
scripts; a password on the command line would end up in shell history and process lists).
"""

from __future__ import annotations

import difflib

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from backend.council import known_departments
from backend.staff.passwords import PASSWORD_MIN_LENGTH, hash_password
from backend.storage.db import db
from backend.storage.models import ROLES, Staff
from portal.email_address import InvalidEmail, normalise_email

staff_cli = AppGroup("staff", help="Council officers who use the staff pages.")


def department_named(name: str) -> str:
    """The department as the forms spell it; refuses one no form uses, listing those that are."""
    known = known_departments(current_app)
    for department in known:
        if department.casefold() == name.strip().casefold():
            return department
    wanted = name.strip().casefold()
    close = [d for d in known if wanted and wanted in d.casefold()] or difflib.get_close_matches(name, known, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise click.ClickException(f"No form uses the department '{name}'.{hint} "
                           f"The departments forms use are: {'; '.join(known)}.")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = click.get_text_stream("stdin").readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < PASSWORD_MIN_LENGTH:
        raise click.ClickException(f"The password must be at least {PASSWORD_MIN_LENGTH} characters long.")
    return password


@staff_cli.command("add")
@click.argument("email")
@click.option("--department", required=True, help="Their department, as the forms name it (forms/*.yaml).")
@click.option("--role", type=click.Choice(ROLES), default=None,
              help="officer (the default) works the queue; manager also sees their department's performance "
                   "reports; admin sees and acts on every department.")
@click.option("--admin", is_flag=True, help="The same as --role admin.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def add(email: str, department: str, role: str | None, admin: bool, password_stdin: bool) -> None:
    """Add a member of staff, who signs in with this email, the password, and a code sent by email."""
    if admin and role not in (None, "admin"):
        raise click.ClickException(f"--admin and --role {role} disagree: give one of them.")
    role = "admin" if admin else role or "officer"
    try:
        email = normalise_email(email)
    except InvalidEmail:
        raise click.ClickException("Give an email address in the correct format, like name@council.gov.uk.") from None
    department = department_named(department)
    if db.session.scalar(select(Staff).where(Staff.email == email)) is not None:
        raise click.ClickException("There is already a member of staff with that email address.")
    password = _password(password_stdin)
    staff = Staff(email=email, department=department, role=role, is_admin=role == "admin",
                  password_hash=hash_password(password))
    db.session.add(staff)
    db.session.commit()
    # The id, not the address: this output may be kept in a deployment's logs.
    article = "an" if role[0] in "aeiou" else "a"
    click.echo(f"Added staff member {staff.id} to {department} as {article} {role}.")
