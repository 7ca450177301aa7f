"""PL106 net-assets: 净资产 must equal 资产合计 − 负债合计.

What it checks
    Each balance sheet (本级 and each 所属单位) that states both its assets total and its net
    assets: 净资产 = 资产合计 − 负债合计, on the intervals the three figures stand for (a
    difference widens by both roundings, so 3030.06 = 11016.94 − 7986.88 holds and so does a
    net figure one cent off either way). Liabilities stated as 0 or "-" count as zero, so net
    assets must then equal the assets. When the report states no liabilities figure at all the
    check does not run: saying nothing about 负债 is not saying it is zero (PL5xx reports missing
    figures). Figures in different kinds of unit are skipped.

Why it matters
    The three totals come from the same 资产负债表; when they disagree, one was typed from a
    different year or entity, and the 资产负债率 and every share based on them are wrong too.

Example
    资产合计11016.94万元…负债合计7986.88万元…净资产3030.06万元   (holds)
    资产合计11016.94万元…负债合计7986.88万元…净资产3003.06万元   (PL106: 应为3030.06)
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint import intervals
from perflint.findings import Finding
from perflint.model import Quantity, Report
from perflint.rules import figures
from perflint.rules.arithmetic.common import (
    base_units_agree,
    expected_text,
    is_number,
    money_unit,
    point,
    with_entity,
)
from perflint.rules.base import CheckContext, ReportRule


class NetAssets(ReportRule):
    """净资产 is not 资产合计 − 负债合计."""

    code = "PL106"
    name = "net-assets"
    severity = "error"
    groups = ("arithmetic",)
    messages = {
        "zh": "{label}为{stated}，但资产合计{assets}−负债合计{liabilities}={expected}",
        "en": "{label} is stated as {stated} but assets {assets} − liabilities {liabilities} = {expected}",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        unit = money_unit(report)
        for sheet in report.balance_sheets:
            assets = sheet.assets.total if sheet.assets else None
            net = sheet.net_assets.total if sheet.net_assets else None
            liabilities = sheet.liabilities.total if sheet.liabilities else None
            if not (is_number(assets) and is_number(net)) or liabilities is None:
                continue
            assert assets is not None and net is not None and sheet.net_assets is not None
            if liabilities.nil:
                owed, owed_point = intervals.Interval.exact(0), intervals.ZERO
                stated: list[Quantity] = [assets, net]
            elif is_number(liabilities):
                owed, owed_point = figures.interval(liabilities, unit), point(liabilities, unit)
                stated = [assets, net, liabilities]
            else:
                continue
            if not base_units_agree(stated, unit):
                continue
            computed = figures.interval(assets, unit) - owed
            if computed.intersects(figures.interval(net, unit)):
                continue
            related = [(assets.span, with_entity(sheet.entity, "资产合计"))]
            related.append((liabilities.span, with_entity(sheet.entity, "负债合计")))
            yield ctx.finding(
                net.span,
                label=with_entity(sheet.entity, sheet.net_assets.label),
                assets=assets.literal,
                liabilities=liabilities.literal,
                expected=expected_text(point(assets, unit) - owed_point, net, unit),
                stated=net.literal,
                related=related,
            )
