"""Command-line management of staff accounts: `flask --app backend staff add EMAIL --department NAME`,
and `list`, `disable`, `enable`, `reset-password`, `set-role`, `set-department`.

There is no page for making accounts: whoever runs the server decides who is staff (admins then
manage them at /staff/admin/, through the same backend.staff.people, logged the same way). The
password is asked for twice without echoing, or read from standard input with --password-stdin
(for scripts; a password on the command line would end up in shell history and process lists).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from backend.council import known_departments
from backend.staff import people
from backend.staff.passwords import hash_password, password_problem
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


def _password(from_stdin: bool, email: str) -> str:
    if from_stdin:
        password = click.get_text_stream("stdin").readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, email)
    if problem:
        raise click.ClickException(problem)
    return password


def _staff(email: str) -> Staff:
    try:
        address = normalise_email(email)
    except InvalidEmail:
        raise click.ClickException("Give an email address in the correct format, like name@council.gov.uk.") from None
    staff = db.session.scalar(select(Staff).where(Staff.email == address))
    if staff is None:
        raise click.ClickException("There is no member of staff with that email address. "
                                   "`flask --app backend staff list` lists them.")
    return staff


@staff_cli.command("add")
@click.argument("email")
@click.option("--department", required=True, help="Their department, as the forms name it (forms/*.yaml).")
@click.option("--role", type=click.Choice(list(ROLES)), default=None,
              help="officer (the default) works the queue; manager also sees their department's performance "
                   "reports; admin sees and acts on every department and manages staff.")
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
    password = _password(password_stdin, email)
    staff = Staff(email=email, department=department, role=role, password_hash=hash_password(password))
    db.session.add(staff)
    db.session.flush()
    people.log_change(staff, "added", None, f"{ROLES[role]} in {department}")
    db.session.commit()
    # The id, not the address: this output may be kept in a deployment's logs.
    article = "an" if role[0] in "aeiou" else "a"
    click.echo(f"Added staff member {staff.id} to {department} as {article} {role}.")


@staff_cli.command("list")
def list_staff() -> None:
    """Everyone who has a staff account: email, role, department, and whether it is disabled."""
    for staff in people.everyone():
        state = "active" if staff.is_active else "disabled"
        click.echo(f"{staff.email}\t{staff.role}\t{staff.department}\t{state}")


def _change(email: str, change: Callable[[Staff], None], done: str) -> None:
    """Make one change to a member of staff (logged as made from the command line) and say so;
    ``done`` names them by id, not address, as this output may be kept in a deployment's logs."""
    staff = _staff(email)
    change(staff)
    db.session.commit()
    click.echo(done.format(id=staff.id, staff=staff))


@staff_cli.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Stop a member of staff signing in, and sign them out everywhere now."""
    _change(email, lambda staff: people.disable(staff, None), "Staff member {id} is disabled and signed out.")


@staff_cli.command("enable")
@click.argument("email")
def enable(email: str) -> None:
    """Let a disabled member of staff sign in again."""
    _change(email, lambda staff: people.enable(staff, None), "Staff member {id} can sign in again.")


@staff_cli.command("reset-password")
@click.argument("email")
def reset_password(email: str) -> None:
    """Stop their password working and email them a single-use link to choose a new one."""
    def reset(staff: Staff) -> None:
        if not staff.is_active:
            raise click.ClickException("That account is disabled: enable it first.")
        people.reset_password(staff, None)

    _change(email, reset, "Staff member {id}'s password is reset; a link to choose a new one is in the outbox.")


@staff_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(list(ROLES)))
def set_role(email: str, role: str) -> None:
    """Make a member of staff an officer, a manager or an admin."""
    _change(email, lambda staff: people.set_role(staff, role, None), f"Staff member {{id}} is now {role}.")


@staff_cli.command("set-department")
@click.argument("email")
@click.argument("department")
def set_department(email: str, department: str) -> None:
    """Move a member of staff to another department's queue."""
    _change(email, lambda staff: people.set_department(staff, department_named(department), None),
            "Staff member {id} is now in {staff.department}.")
