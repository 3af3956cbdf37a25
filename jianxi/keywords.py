"""A position's keyword index text: overlapping two-character pieces (the CJK bigram approach of
Lucene's CJKAnalyzer) of every run of letters and digits in its title and its employer's name.

会计助理 → 会计 计助 助理. Any text containing a keyword contains each of the keyword's pieces,
so the pieces find every candidate through an index; the substring rule then confirms each.
"""
import re

# A run of letters and digits of any script (CJK included); anything else separates runs.
RUN = re.compile(r"[^\W_]+")


def pieces(text: str) -> list[str]:
    """The overlapping two-character pieces of each run, in order, lower-cased."""
    found = []
    for run in RUN.findall(text.lower()):
        found.extend(run[i:i + 2] for i in range(len(run) - 1))
    return found


def index_text(title: str, employer_name: str) -> str:
    """The distinct pieces of a position's title and its employer's name, space-separated."""
    return " ".join(dict.fromkeys(pieces(title) + pieces(employer_name)))
