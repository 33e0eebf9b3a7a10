"""How long an animated image (GIF, APNG, WebP) plays, read from the file with Pillow.

WCAG 2.2.2: anything that moves for more than 5 seconds, starting by itself, needs a way to
pause, stop or hide it.  An image that loops forever plays for ever.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

LIMIT_SECONDS = 5.0


@lru_cache(maxsize=512)
def _play_seconds(path: str, mtime_ns: int, size: int) -> float:
    try:
        with Image.open(path) as image:
            frames = getattr(image, "n_frames", 1)
            if frames < 2:
                return 0.0
            total_ms = 0
            for index in range(frames):
                image.seek(index)
                total_ms += image.info.get("duration", 0) or 0
            loops = image.info.get("loop", 1)
    except (OSError, UnidentifiedImageError, ValueError, EOFError):
        return 0.0
    if loops == 0:  # the file says: loop for ever
        return math.inf
    # A GIF's loop count is extra plays after the first; an APNG's or WebP's is the total.
    plays = loops + 1 if Path(path).suffix.lower() == ".gif" and "loop" in image.info else max(1, loops)
    return plays * total_ms / 1000


def play_seconds(path: Path) -> float:
    """Seconds the image at ``path`` moves when shown: 0 for a still image or an unreadable file."""
    try:
        stat = path.stat()
    except OSError:
        return 0.0
    return _play_seconds(str(path), stat.st_mtime_ns, stat.st_size)
