"""Add up the results every test runner wrote into .test-results/ and print one closing line."""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def jest(path: Path) -> tuple[int, int, int]:
    data = json.loads(path.read_text())
    return data["numPassedTests"], data["numFailedTests"], data["numPendingTests"]


def pytest(path: Path) -> tuple[int, int, int]:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return total - failed - skipped, failed, skipped


def playwright(path: Path) -> tuple[int, int, int]:
    stats = json.loads(path.read_text())["stats"]
    return stats["expected"] + stats.get("flaky", 0), stats["unexpected"], stats["skipped"]


def closing_line(path: Path) -> tuple[int, int, int]:
    """A script's own count, e.g. scripts/test-wheel.sh's "wheel: 25 passed, 0 failed"."""
    match = re.fullmatch(r"\S+: (\d+) passed, (\d+) failed", path.read_text().strip())
    if match is None:
        raise ValueError(f"no closing line in {path.name}")
    return int(match[1]), int(match[2]), 0


def main() -> int:
    results = Path(sys.argv[1])
    readers = {
        "jest.json": jest,
        "pytest.xml": pytest,
        "wheel.txt": closing_line,
        "playwright.json": playwright,
    }
    passed = failed = skipped = 0
    for name, reader in readers.items():
        path = results / name
        if not path.exists():
            continue
        try:
            p, f, s = reader(path)
        except (ValueError, KeyError, ET.ParseError) as error:
            print(f"{name}: unreadable results ({error})")
            failed += 1
            continue
        print(f"{name.split('.')[0]}: {p} passed, {f} failed, {s} skipped")
        passed, failed, skipped = passed + p, failed + f, skipped + s
    print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
