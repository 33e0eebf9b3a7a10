"""The council's clock: dates residents and staff read (due dates, "today", event times) are in UK time."""

from __future__ import annotations

from zoneinfo import ZoneInfo

TIME_ZONE = "Europe/London"
LONDON = ZoneInfo(TIME_ZONE)
