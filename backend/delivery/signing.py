"""Webhook signatures: HMAC-SHA256 over a timestamp and the body, so a receiver can tell the
message came from us, unchanged, and recently (a replayed old message is refused).

The header reads ``X-Portal-Signature: t=1764581400,v1=<hex>``, where the hex is
HMAC-SHA256(secret, "<t>." + body). Receivers recompute it and refuse a ``t`` more than
``TOLERANCE`` seconds from their clock; ``X-Portal-Delivery`` lets them ignore a repeat.
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Portal-Signature"
DELIVERY_HEADER = "X-Portal-Delivery"
TOLERANCE = 300


def signature(secret: str, body: bytes, timestamp: int) -> str:
    """The header's value for ``body`` sent at ``timestamp`` (Unix seconds)."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, now: int, tolerance: int = TOLERANCE) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` within ``tolerance`` seconds of ``now``."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
