"""What's on: which events are still to come, and the iCalendar feed of them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from portal.timezone import LONDON

_DTSTAMP = re.compile(r"^DTSTAMP:\d{8}T\d{6}Z\r\n", re.MULTILINE)


def upcoming(events: Iterable[Any], today: dt.date) -> list[Any]:
    """Events on or after ``today``, soonest first; past events leave the listing."""
    return sorted((e for e in events if e.event_date >= today),
                  key=lambda e: (e.event_date, e.event_time[0], e.title))


def ical_feed(events: Iterable[Any], *, calendar_name: str, base_url: str, host: str,
              now: dt.datetime) -> str:
    """An RFC 5545 calendar of ``events`` (objects with title, summary, place, date and time)."""
    stamp = _utc(now)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{host}//Resident portal//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(calendar_name)}"]
    for event in events:
        start_time, end_time = event.event_time
        start = dt.datetime.combine(event.event_date, start_time, LONDON)
        lines += ["BEGIN:VEVENT", f"UID:{event.slug}@{host}", f"DTSTAMP:{stamp}",
                  f"DTSTART:{_utc(start)}"]
        if end_time is not None:
            lines.append(f"DTEND:{_utc(dt.datetime.combine(event.event_date, end_time, LONDON))}")
        lines += [f"SUMMARY:{_escape(event.title)}", f"DESCRIPTION:{_escape(event.summary)}",
                  f"LOCATION:{_escape(event.place)}", f"URL:{base_url}/{event.url}",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> str:
    # RFC 5545 lines are at most 75 octets; continuation lines start with a space.
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def restamp(feed: str, now: dt.datetime) -> str:
    """``feed`` (from ``ical_feed``) as ``ical_feed`` would make it at ``now``: only its stamps change."""
    return _DTSTAMP.sub(f"DTSTAMP:{_utc(now)}\r\n", feed)
