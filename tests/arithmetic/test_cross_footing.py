"""PL110 cross-footing, on funds blocks written one label and one figure per line."""

from __future__ import annotations

from perflint.testing import lint_text

TITLE = "某某县2023年度中央对地方转移支付困难群众救助补助资金绩效自评表"


def _block(caption: str, total: str, central: str, city: str, county: str) -> list[str]:
    return [caption, f"年度资金总额: {total} ", f"其中:中央补助 {central} ", f"市级资金 {city} ",
            f"县级资金 {county} "]


def _findings(*blocks: list[str], select: str = "PL110"):
    lines = [TITLE, "资金投入 预算资金安排情况"]
    for block in blocks:
        lines.extend(block)
    return [f for f in lint_text("\n".join(lines) + "\n", select=[select]) if f.code == select]


def test_a_combined_part_that_is_not_its_blocks_sum_is_reported_at_the_combined_figure():
    """Totals that add up with one part a unit too high mean another is a unit too low: both
    combined figures disagree with their blocks, and each is reported."""
    city, county = _findings(_block("救助资金合计(万元)", "540.50", "300.00", "180.00", "60.50"),
                             _block("城乡低保资金(万元)", "400.00", "220.00", "135.00", "45.00"),
                             _block("特困供养资金(万元)", "140.50", "80.00", "44.00", "16.50"))
    assert city.severity == "warning"
    assert city.span.quote == "180.00" and city.span.line == 6
    assert "之和为179.00" in city.message
    assert [r.span.line for r in city.related] == [11, 16]
    assert county.span.quote == "60.50" and "之和为61.50" in county.message


def test_blocks_that_add_up_part_by_part_are_silent():
    assert not _findings(_block("救助资金合计(万元)", "540.50", "300.00", "179.00", "61.50"),
                         _block("城乡低保资金(万元)", "400.00", "220.00", "135.00", "45.00"),
                         _block("特困供养资金(万元)", "140.50", "80.00", "44.00", "16.50"))


def test_blocks_whose_totals_do_not_add_up_are_not_compared():
    assert not _findings(_block("救助资金合计(万元)", "600.00", "300.00", "180.00", "120.00"),
                         _block("城乡低保资金(万元)", "400.00", "220.00", "135.00", "45.00"),
                         _block("特困供养资金(万元)", "140.50", "80.00", "44.00", "16.50"))


def test_the_same_label_in_two_blocks_is_no_restated_figure():
    """Read line by line, `年度资金总额` of two programmes looked like one figure stated twice."""
    assert not _findings(_block("城乡低保资金(万元)", "400.00", "220.00", "135.00", "45.00"),
                         _block("特困供养资金(万元)", "140.50", "80.00", "44.00", "16.50"),
                         select="PL401")


def test_a_block_whose_parts_exceed_its_total_is_a_breakdown_error():
    (finding,) = _findings(_block("城乡低保资金(万元)", "400.00", "220.00", "136.00", "45.00"),
                           select="PL101")
    assert finding.span.quote == "400.00" and "401.00" in finding.message


def test_a_block_whose_total_equals_two_others_by_chance_is_no_combined_block():
    """Whole-number totals often coincide (180 + 270 = 450): only a block named as a total is
    the sum of the others."""
    assert not _findings(_block("特困供养资金(万元)", "180", "50", "70", "60"),
                         _block("临时救助资金(万元)", "270", "90", "80", "100"),
                         _block("流浪救助资金(万元)", "450", "140", "80", "230"),
                         _block("救助资金合计(万元)", "900", "280", "230", "390"))


def test_blocks_without_captions_are_combined_when_the_first_is_the_sum_of_all_the_others():
    city, county = _findings(_block("", "540.50", "300.00", "180.00", "60.50")[1:],
                             _block("", "400.00", "220.00", "135.00", "45.00")[1:],
                             _block("", "140.50", "80.00", "44.00", "16.50")[1:])
    assert (city.span.quote, county.span.quote) == ("180.00", "60.50")
