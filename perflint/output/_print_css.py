"""The HTML report's print stylesheet: what a 财政局 files is the page printed on A4.

Landscape, because the ranking table has a dozen count columns beside the 单位. Tables lay out at
the page's width with fixed column widths (perflint.output._overview_html's `<colgroup>`), so the
单位 column keeps its width instead of being squeezed to one character; their header rows repeat
on every page and no row is cut between pages. Long quotes and paths wrap anywhere. What only
works on screen (the filter bar, the review buttons and fields, the download button, links back
to the overview) is not printed; colours are kept, they carry the severities. The overview ends
its page, so the unit details start on a fresh one.
"""

from __future__ import annotations

#: Page margins: A4 landscape is 297 mm wide, 273 mm of it (1032 CSS px) is the printed width.
MARGIN_MM = 12

CSS = f"""
@page{{size:A4 landscape;margin:{MARGIN_MM}mm}}
@media print{{
*{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
body{{font-size:12px}}
header.top{{padding:0 0 6px;background:none}}
main{{padding:0}}
form#filters,#review-bar,.review button,.review input,a.back,#nomatch{{display:none!important}}
a{{color:inherit;text-decoration:none}}
.table-wrap{{overflow:visible}}
table.grid,table.ranking{{min-width:0;width:100%}}
thead{{display:table-header-group}}
tfoot{{display:table-footer-group}}
tr,.finding,figure.chart,.tile,dl.meta,.ln{{break-inside:avoid}}
h2,h3{{break-after:avoid}}
section#overview{{break-after:page}}
.charts{{flex-wrap:nowrap}}
figure.chart{{flex:1 1 0;max-width:none}}
section.report{{border:0;border-radius:0;overflow:visible;margin:0 0 12px}}
section.report>h3{{border-bottom:2px solid var(--line)}}
.finding{{margin-left:24px}}
.msg,.excerpt,.val,.tx,td,th,dd{{overflow-wrap:anywhere}}
}}
"""
