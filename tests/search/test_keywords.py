"""A position's keyword index text (search/keywords.py): overlapping pairs of characters of each run
of letters and digits, then the single characters, and when a keyword's pieces alone decide a match."""
from jianxi.search import keywords


def test_pieces_are_overlapping_pairs_of_each_run():
    assert keywords.pieces("会计助理") == ["会计", "计助", "助理"]
    assert keywords.pieces("Java开发（初级）") == ["ja", "av", "va", "a开", "开发", "初级"]
    assert keywords.pieces("C") == [] and keywords.pieces("a b") == []
    assert keywords.index_text("会计助理", "山西会计") == "会计 计助 助理 zzzzz 山西 西会 会计 zzzzz 会 助 山 理 西 计"
    assert keywords.terms("会计 助理") == ["会计", "助理"] and keywords.terms("计") == ["计"]
    assert keywords.exact_by_pieces("会计助") and keywords.exact_by_pieces("Java") and keywords.exact_by_pieces("计")
    assert not keywords.exact_by_pieces("会计 助理") and not keywords.exact_by_pieces("%")
    assert not keywords.exact_by_pieces("ΑΒ"), "a cased letter outside ASCII: the substring rule decides"
