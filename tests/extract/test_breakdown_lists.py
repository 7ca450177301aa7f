"""`narrative.read`: which figures a `其中` list relates, and where the list ends.

Each test reads one paragraph written for it and lists the statements it made as
(total, [parts]); figures that are no part stay statements of their own.
"""

from __future__ import annotations

from perflint.document import Piece
from perflint.extract.narrative import read


def lists(text: str) -> list[tuple[str, list[str]]]:
    para = read(Piece(text), None)
    found = []
    for head in para.heads:
        found.append((head.figure.literal, [part.figure.literal for part in head.parts]))
        found.extend((part.figure.literal, [p.figure.literal for p in part.parts])
                     for part in head.parts if part.parts)
    return found


def test_a_list_under_its_total():
    assert lists("全年支出500万元，其中基本支出320万元，项目支出180万元。") == [
        ("500万元", ["320万元", "180万元"])]


def test_two_totals_of_two_units_share_one_list():
    assert lists("供应土地40宗，供应收入总金额8.5亿元。其中出让用地12宗，出让金总额8.1亿元；"
                 "划拨用地28宗，划拨金额4000万元。") == [
        ("40宗", ["12宗", "28宗"]), ("8.5亿元", ["8.1亿元", "4000万元"])]


def test_a_figure_in_another_unit_ends_the_list():
    assert lists("总长2.40km，其中主线1.60km，匝道0.80km；涵洞 3 道，长 0.12km。") == [
        ("2.40", ["1.60", "0.80"]), ("3", []), ("0.12", [])]


def test_a_total_needs_words_of_its_own():
    # 9 follows 80 with nothing between them: a table cell, not a total
    assert lists("资金总额 80 80 9 其中：财政拨款 80 80") == [
        ("80", []), ("80", []), ("9", []), ("80", []), ("80", [])]


def test_a_part_glued_to_the_one_before_ends_the_list():
    assert lists("收到资金共300万元，其中：中央资金200万元，县级资金100万元2023年支出280万元，"
                 "其中中央资金190万元，县级资金90万元") == [
        ("300万元", ["200万元", "100万元"]), ("280万元", ["190万元", "90万元"])]


def test_income_and_spending_are_two_statements():
    assert lists("全年收入600万元，其中财政拨款收入550万元，事业收入50万元，实际支出580万元。") == [
        ("600万元", ["550万元", "50万元"]), ("580万元", [])]


def test_a_closing_parenthesis_ends_the_list_opened_inside_it():
    assert lists("绩效目标（5分，其中目标明确3分，指标细化2分），得4分。") == [
        ("5分", ["3分", "2分"]), ("4分", [])]


def test_an_aside_in_parentheses_is_no_part():
    assert lists("全年支出500万元，其中基本支出320万元（人员经费200万元），项目支出180万元。") == [
        ("500万元", ["320万元", "180万元"]), ("200万元", [])]


def test_a_percent_is_an_aside():
    assert lists("全年支出500万元，其中基本支出320万元，增长3%，项目支出180万元。") == [
        ("500万元", ["320万元", "180万元"]), ("3%", [])]


def test_a_nested_list_ends_at_a_separator_as_strong_as_its_own():
    assert lists("全年支出500万元，其中基本支出320万元，其中人员经费200万元、公用经费120万元，"
                 "项目支出180万元。") == [
        ("500万元", ["320万元"]), ("320万元", ["200万元", "120万元"]), ("180万元", [])]
    assert lists("全年支出500万元，其中基本支出320万元，其中人员经费200万元，公用经费120万元。") == [
        ("500万元", ["320万元"]), ("320万元", ["200万元"]), ("120万元", [])]


def test_a_part_after_a_semicolon_with_its_own_list_starts_a_statement():
    assert lists("全年预算500万元，其中甲项目300万元，乙项目200万元；完成投资480万元，其中甲项目290万元，"
                 "乙项目190万元。") == [
        ("500万元", ["300万元", "200万元"]), ("480万元", ["290万元", "190万元"])]


def test_a_new_total_word_ends_the_list():
    assert lists("全年支出500万元，其中基本支出320万元，项目支出180万元；收入合计510万元。") == [
        ("500万元", ["320万元", "180万元"]), ("510万元", [])]
    assert lists("安排资金共计90万元，其中甲村40万元，乙村50万元，另安排合计30万元。") == [
        ("90万元", ["40万元", "50万元"]), ("30万元", [])]
