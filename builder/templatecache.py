"""Templates compiled once per process, not once per Pelican generator and build.

Pelican gives each of its generators a Jinja environment of its own, so every build compiled
the theme's templates several times over, and the preview server compiled them again on every
rebuild. ``COMPILED`` keeps Jinja's compiled code in memory for the life of the process, keyed by
the template's file, its source text and everything about the environment that changes what
Jinja compiles (extensions, gettext style, whitespace and escaping options), so an edited
template or another set-up is compiled afresh.
"""

from __future__ import annotations

import hashlib

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache


class _InMemory(BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        setup = (sorted(environment.extensions), getattr(environment, "newstyle_gettext", None),
                 environment.autoescape, environment.trim_blocks, environment.lstrip_blocks,
                 environment.keep_trailing_newline, environment.newline_sequence, environment.optimized,
                 environment.block_start_string, environment.variable_start_string,
                 environment.comment_start_string, environment.line_statement_prefix)
        key = hashlib.sha256(repr((name, filename, setup)).encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED = _InMemory()
