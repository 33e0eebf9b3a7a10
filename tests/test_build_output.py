"""The site a build writes stays byte-for-byte the same while the build gets faster.

``tests/fixtures/golden/build-output.json`` holds the SHA-256 of every file the build wrote for
the sample council and the fixture council, and every message it gave for a set of broken files,
all made by the build before it was parallelised. The search index is left out: Pagefind makes
it from the pages alone, so it changes only when they do or when Pagefind itself is upgraded. When a change to the
content, the theme or a message is meant, write the file again and review its diff:

    .venv/bin/python tests/test_build_output.py --update
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import FIXTURES, PROJECT, build  # noqa: E402

GOLDEN = FIXTURES / "golden" / "build-output.json"
S = "services"
# Front matter that the YAML reader must reject at the same line with the same words.
BAD_YAML = {
    "tab-indent.md": "---\ntitle: Tabbed\n\tsummary: x\n---\nBody.\n",
    "unclosed-quote.md": '---\ntitle: "Open\nsummary: x\n---\nBody.\n',
    "colon-in-text.md": "---\ntitle: Bins: when\nsummary: a: b\n---\nBody.\n",
    "duplicate-key.md": "---\ntitle: One\nsummary: x\ntitle: Two\n---\nBody.\n",
    "bad-list.md": "---\ntitle: List\nkeywords: [a, b\nsummary: x\n---\nBody.\n",
    "bad-indent.md": "---\ntitle: x\n  summary: y\n category: z\n---\nBody.\n",
    "not-closed.md": "---\ntitle: Never closed\n",
    "no-front-matter.md": "Just text.\n",
    "not-utf8.md": None,
}


def manifest(output: Path) -> dict[str, str]:
    return {p.relative_to(output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(output.rglob("*")) if p.is_file()}


def broken_content(content: Path) -> Path:
    """The fixture council with every broken fixture and bad front matter added."""
    for fixture in sorted(FIXTURES.glob("broken/*.md")):
        folder = "pages" if fixture.name == "a-to-z.md" else S
        shutil.copy(fixture, content / folder / fixture.name)
    for name, text in BAD_YAML.items():
        target = content / S / name
        if text is None:
            target.write_bytes("---\ntitle: Caf\u00e9\n---\n".encode("latin-1"))
        else:
            target.write_text(text, encoding="utf-8")
    return content


def messages(content: Path, tmp: Path) -> list[str]:
    result = build(content, tmp, search=False).result
    found = [str(p) for p in sorted(set(result.problems.errors))]
    found += [f"{p} [warning]" for p in sorted(set(result.problems.warnings))]
    return [m.replace(content.resolve().as_posix(), "{content}") for m in found]


def pages_manifest(output: Path) -> dict[str, str]:
    return {name: digest for name, digest in manifest(output).items() if not name.startswith("pagefind/")}


def outputs(tmp: Path) -> dict:
    sample = build(PROJECT / "content", tmp / "sample", forms_dir=PROJECT / "forms")
    fixture = build(FIXTURES / "site", tmp / "fixture")
    content = tmp / "broken" / "content"
    shutil.copytree(FIXTURES / "site", content)
    return {"sample": pages_manifest(sample.output), "fixture-site": pages_manifest(fixture.output),
            "broken-messages": messages(broken_content(content), tmp / "broken")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return outputs(tmp_path_factory.mktemp("golden"))


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("site", ["sample", "fixture-site"])
def test_every_built_file_is_byte_for_byte_as_before(built: dict, golden: dict, site: str) -> None:
    now, then = built[site], golden[site]
    assert sorted(now) == sorted(then), "files added or gone"
    changed = [name for name in now if now[name] != then[name]]
    assert changed == [], f"{len(changed)} files differ, for example {changed[:5]}"


def test_every_problem_is_reported_with_the_same_words_at_the_same_line(built: dict, golden: dict) -> None:
    assert built["broken-messages"] == golden["broken-messages"]


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        GOLDEN.write_text(json.dumps(outputs(Path(tmp)), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
