"""Sections of bench/RESULTS.md that a bench script other than bench/run.py writes.

Each such script owns one `## ` heading (listed in OWNED) and replaces its own section, leaving
the rest of the file alone; bench/run.py, which rewrites the whole file, keeps every owned section
as the previous run left it. A `### ` sub-heading stays inside its section.
"""
import re
from pathlib import Path

DURABILITY = "## Durability"                            # bench/durability.py
PHOTOS = "## Photos on weak data (issue 19)"            # bench/photo_upload.py
FIRST_PAINT = "## First paint on weak data (issue 25)"  # bench/firstpaint.py
LIGHTHOUSE = "## Lighthouse (issue 25)"                 # bench/lighthouse.py
OFFICE = "## The office side at a province's scale (issue 25)"  # bench/office.py
OWNED = (DURABILITY, PHOTOS, FIRST_PAINT, LIGHTHOUSE, OFFICE)


def _pattern(heading: str) -> str:
    return rf"^{re.escape(heading)}[ \t]*\n(.*?)(?=^## |\Z)"


def read(text: str, heading: str) -> str:
    """The body of a `## ` section (up to the next `## `), or ""."""
    found = re.search(_pattern(heading), text, re.DOTALL | re.MULTILINE)
    return found.group(1).strip("\n") if found else ""


def write(output: Path, heading: str, body: str) -> None:
    """Replace the section under `heading` with `body` (without the heading), else add it at the end."""
    text = output.read_text(encoding="utf-8") if output.exists() else "# Benchmark results\n"
    block = f"{heading}\n\n{body.strip()}\n\n"
    pattern = _pattern(heading)
    if re.search(pattern, text, re.DOTALL | re.MULTILINE):
        text = re.sub(pattern, lambda _: block, text, count=1, flags=re.DOTALL | re.MULTILINE)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    output.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def kept(text: str) -> str:
    """Every owned section of the previous file, in OWNED's order, for bench/run.py to carry over."""
    return "".join(f"\n{heading}\n\n{body}\n" for heading in OWNED if (body := read(text, heading)).strip())
