"""docs/privacy-conformance.md lists every promise, and every test it names exists."""

import re

from leadmachine.config import PROJECT_ROOT

TABLE = PROJECT_ROOT / "docs" / "privacy-conformance.md"
TEST_REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def test_every_promise_is_listed():
    ids = set(re.findall(r"^\| (P\d+) \|", TABLE.read_text(), flags=re.MULTILINE))
    assert ids == {f"P{n}" for n in range(1, 26)}


def test_every_named_test_exists():
    references = TEST_REFERENCE.findall(TABLE.read_text())
    assert references
    missing = [
        f"{path}::{name}"
        for path, name in references
        if not (PROJECT_ROOT / path).exists()
        or not re.search(rf"^def {name}\(", (PROJECT_ROOT / path).read_text(), flags=re.MULTILINE)
    ]
    assert missing == []


def test_a_proven_promise_names_at_least_one_test():
    for line in TABLE.read_text().splitlines():
        if re.match(r"^\| P\d+ \|", line) and "| proven" in line:
            assert TEST_REFERENCE.search(line), line
