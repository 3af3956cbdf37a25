"""A position's keyword index text: overlapping two-character pieces (the CJK bigram approach of
Lucene's CJKAnalyzer) of every run of letters and digits in its title and its employer's name.

会计助理 → 会计 计助 助理. Any text containing a keyword contains each of the keyword's pieces,
in the same order, one after another; so the pieces find every candidate through an index.
The title's pieces and the name's are kept apart by a separator that no piece can equal. The
single characters follow, after another separator, for keywords of one character.
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


SEPARATOR = "zzzzz"  # five letters: never one of the two-character pieces


def index_text(title: str, employer_name: str) -> str:
    """The pieces of a position's title, then those of its employer's name, then their characters."""
    characters = sorted({char for run in RUN.findall(f"{title} {employer_name}".lower()) for char in run})
    return " ".join(pieces(title) + [SEPARATOR] + pieces(employer_name) + [SEPARATOR] + characters)


def terms(keyword: str) -> list[str]:
    """What to look up for a keyword: each run's pieces as a phrase, or a one-character run itself."""
    return [" ".join(pieces(run)) or run for run in RUN.findall(keyword.lower())]


def exact_by_pieces(keyword: str) -> bool:
    """True when finding the keyword's pieces one after another is the same as finding the keyword:
    a single run whose letters are ASCII or have no case (Chinese), so every lower-casing agrees."""
    runs = RUN.findall(keyword)
    return (
        len(runs) == 1 and runs[0] == keyword
        and all(char.isascii() or char.lower() == char.upper() for char in keyword)
    )
