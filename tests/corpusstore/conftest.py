"""Fixtures of the reference-corpus tests: the in-process CLI (tests/cli_driver) and a folder of
generated reports, `ref/` (three years of four units) and `new/` (this year's two)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.cli_driver import Cli, cli_runner

pytest.importorskip("pyarrow")  # a guard for a user's clone: CI installs it (it is a dependency)

#: paragraphs written once and pasted into several units' reports, with small edits
SHARED = {
    "supervise": "压实项目单位主体责任，按季度调度资金拨付进度，及时清理结转结余资金，对执行偏慢的项目"
                 "逐一约谈督办，确保年度预算执行到位，提高财政资金使用效率和效益。",
    "publish": "下一步我们将进一步加强绩效目标管理，完善绩效指标体系，细化量化各项指标，做到绩效目标与"
               "预算编制同步申报、同步审核、同步批复。",
}

#: words a unit's own paragraph is drawn from (each paragraph its own random sequence of them)
WORDS = ("档案", "数字化", "扫描", "验收", "查阅", "就业", "技能培训", "贷款", "农田", "灌区", "配套",
         "投资", "农户", "道路", "养护", "绿化", "管网", "改造", "学位", "校舍", "食堂", "巡查", "河道",
         "清淤", "路灯", "公厕", "敬老院", "床位", "义诊", "疫苗", "水质", "监测", "站点", "驿站", "书屋",
         "讲座", "展览", "场馆", "器材", "赛事")


def own_paragraph(seed: int) -> str:
    """A unit's own paragraph: words and figures in an order no other report has."""
    rng = random.Random(seed)
    parts = [f"{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.randint(10, 9999)}个" for _ in range(8)]
    return "，".join(parts) + "。"


def write(path: Path, unit: str, *paragraphs: str) -> Path:
    """A normalized report (YAML) of `unit` whose measures section holds `paragraphs`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n".join(f"      {p}" for p in paragraphs)
    path.write_text(f"perflint: 1\nunit: {{name: {unit}}}\nsections:\n  - heading: 改进的方向和具体措施\n"
                    f"    body: |-\n{body}\n", encoding="utf-8")
    return path


UNITS = ("某某区教育体育局", "某某区人力资源和社会保障局", "某某县农业农村局", "某某区城市管理局")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return cli_runner(capsys, monkeypatch)


@pytest.fixture
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ref/<year>/u<n>.yaml for 2021-2023 (the supervision paragraph in every unit's, edited a
    little each year; the publishing one in one unit's), new/a.yaml (both shared paragraphs) and
    new/b.yaml (its own text only); the folder is the current directory."""
    monkeypatch.chdir(tmp_path)
    seed = 0
    for year in (2021, 2022, 2023):
        for number, unit in enumerate(UNITS):
            seed += 1
            shared = SHARED["supervise"].replace("按季度", "按月") if year == 2022 else SHARED["supervise"]
            extra = [SHARED["publish"]] if (year, number) == (2023, 1) else []
            write(Path(f"ref/{year}/u{number}.yaml"), unit, shared, own_paragraph(seed), *extra)
    write(Path("new/a.yaml"), "某某区卫生健康委员会", own_paragraph(100), SHARED["supervise"],
          SHARED["publish"])
    write(Path("new/b.yaml"), "某某区文化旅游局", own_paragraph(101), own_paragraph(102))
    return tmp_path
