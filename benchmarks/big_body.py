"""Huge bodies: ``check`` and ``build`` stay linear in the size of the text.

    .venv/bin/python benchmarks/big_body.py            # 100 KB and 900 KB version files, three shapes
    .venv/bin/python benchmarks/big_body.py --repeat 3
    .venv/bin/python benchmarks/big_body.py --scale 0.01 --repeat 1 --shapes word   # 1 KB and 9 KB: the suite's smoke test

A site with one policy of two versions, each file close to the 1 MB a
version file may have (``policypress.core.source_text.MAX_FILE_BYTES``), in three
shapes an editor or an attacker could paste:

* **paragraphs**: many ordinary paragraphs, every one different in the next version;
* **paragraph**: one paragraph of words, different in the next version;
* **word**: one 200,000-syllable Korean word and one 300,000-letter English one,
  changed in one character (the case that once took ``check`` 1,018 s).

Each is built at 1/9 of the size too; the table gives the time of each and
their ratio (``--scale`` shrinks both: the smoke test in the suite only checks
that the harness still runs). Linear work gives a ratio near 9 (the fixed cost of a build,
about 2 s of MkDocs and Material, brings it lower); a quadratic step gives 81.
Times are wall-clock around a fresh process, as a user waits for them.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _project import copy_project, run_checked  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "sites" / "minimal"
KO = "개인정보 처리 수집 이용 목적 보유 기간 파기 절차 방법 제공 위탁 권리 행사 쿠키 설치 운영 거부 안전성 확보 조치 책임자".split()
EN = "personal information processing collection use purpose retention period destruction procedure method provision outsourcing rights cookies refusal safety measures officer".split()


def bodies(shape: str, scale: float, seed: int) -> tuple[str, str]:
    """The Korean and English body of one version (a YAML block's text, indented)."""
    rng = random.Random(seed)
    if shape == "word":
        ko = "가" * int(100_000 * scale) + ("나" if seed == 1 else "다") + "가" * int(100_000 * scale)
        en = "a" * int(300_000 * scale) + ("b" if seed == 1 else "c")
        return ko, en
    if shape == "paragraph":
        return (
            " ".join(rng.choice(KO) for _ in range(max(1, int(60_000 * scale)))),
            " ".join(rng.choice(EN) for _ in range(max(1, int(45_000 * scale)))),
        )
    paragraphs = max(1, int(1_200 * scale))  # a tiny --scale still gives a body with something in it
    ko = "\n\n".join(" ".join(rng.choice(KO) for _ in range(50)) + "." for _ in range(paragraphs))
    en = "\n\n".join(" ".join(rng.choice(EN) for _ in range(38)) + "." for _ in range(paragraphs))
    return ko, en


def version_file(shape: str, scale: float, seed: int, announced: str, effective: str) -> str:
    ko, en = bodies(shape, scale, seed)

    def block(text: str) -> str:
        return "\n".join("        " + line if line else "" for line in text.split("\n"))

    return (
        f"announced: {announced}\neffective: {effective}\nsummary: {{ko: 큰 본문 {seed}판, en: A big body (edition {seed})}}\nsections:\n"
        f"  - id: purpose\n    title: {{ko: 목적, en: Purpose}}\n    body:\n"
        f"      ko: |\n{block(ko)}\n      en: |\n{block(en)}\n"
    )


def make_site(folder: Path, shape: str, scale: float) -> Path:
    copy_project(folder, MINIMAL)
    versions = folder / "docs" / "terms" / "versions"
    for path in versions.iterdir():
        path.unlink()
    (folder / "docs" / "terms" / "versions.lock").unlink()
    (versions / "2024-01-01.yml").write_text(version_file(shape, scale, 1, "2023-12-01", "2024-01-01"), encoding="utf-8")
    (versions / "2024-03-01.yml").write_text(version_file(shape, scale, 2, "2024-01-20", "2024-03-01"), encoding="utf-8")
    run(folder, ["lock"], "2023-12-01")
    return folder


def run(folder: Path, args: list[str], as_of: str = "2024-04-01") -> float:
    env = {**os.environ, "POLICYPRESS_AS_OF": as_of, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    run_checked([sys.executable, "-m", "policypress.cli", *args], cwd=folder, env=env, what=f"policypress {' '.join(args)}")
    return time.perf_counter() - start


SHAPES = ("paragraphs", "paragraph", "word")


def measure(work: Path, scale: float, repeat: int, shapes: list[str]) -> list[str]:
    """The table's rows: each shape's check and build at ``scale`` / 9 and ``scale``."""
    small_scale, large_scale = scale / 9, scale
    rows = []
    for shape in shapes:
        times: dict[tuple[str, float], float] = {}
        sizes = {}
        for size in (small_scale, large_scale):
            site = make_site(work / f"{shape}-{size:g}", shape, size)
            sizes[size] = (site / "docs/terms/versions/2024-03-01.yml").stat().st_size
            for command in ("check", "build"):
                runs = []
                for _ in range(repeat):
                    shutil.rmtree(site / ".cache", ignore_errors=True)
                    shutil.rmtree(site / "site", ignore_errors=True)
                    runs.append(run(site, [command]))
                times[command, size] = min(runs)
        for command in ("check", "build"):
            small, big = times[command, small_scale], times[command, large_scale]
            rows.append(
                f"| {shape} | {command} | {sizes[small_scale] / 1000:.0f} KB: {small:.2f} s | "
                f"{sizes[large_scale] / 1000:.0f} KB: {big:.2f} s | ×{big / small:.1f} |"
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs of each command (the minimum is shown)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="size of the large file as a share of the full one, about 900 KB (default 1; the small one is a ninth of it)")
    # Each shape costs four builds' fixed ~2 s (MkDocs, Material): the smoke test runs one.
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES), help="shapes to measure (default: all three)")
    parser.add_argument("--work", type=Path, help="work folder, kept (default: a temporary one, removed at the end)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="policypress-big-body-"))
    try:
        rows = measure(work, args.scale, args.repeat, args.shapes)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print("| shape | command | small file | large file | ratio (9× the text) |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
