"""Words of the field that more than one extractor reads, written once.

Construction types (建设性质) are read as a whole table cell ("改扩建", "新建/续建") and
searched for in a prose project's name or first clause ("…养老院改扩建项目"). A 专栏 box
lists projects when its title says 项目/工程 and not 任务/指标.
"""

from __future__ import annotations

import re

from vocabulary.seeds import construction_type_words

# The construction types the extractor reads, from the seed construction_types (which also
# gives SQL their categories), longest first so a search finds "改扩建" before "扩建".
CONSTRUCTION_TYPES = construction_type_words()
_WORD = "|".join(CONSTRUCTION_TYPES)
# Two types printed together: "新建/续建", "新建、改扩建", "新建（续建）"
_PAIR = rf"(?:{_WORD})(?:[/、和及](?:{_WORD})|[（(](?:{_WORD})[）)])"

# A whole cell of a 建设性质 column.
CONSTRUCTION_TYPE_CELL_RE = re.compile(rf"^(?:{_PAIR}|{_WORD})$")
# A construction type named inside text (a pair in brackets first: "新建（续建）").
CONSTRUCTION_TYPE_IN_TEXT_RE = re.compile(rf"(?:{_WORD})[（(](?:{_WORD})[）)]|{_WORD}")


_PROJECT_WORDS = re.compile(r"项目|工程")
_NOT_PROJECT_WORDS = re.compile(r"任务|指标")


def is_project_box_title(title: str) -> bool:
    """'专栏3 重点建设项目' lists projects; '专栏2 主要任务和重点工程' / '…指标' do not."""
    return bool(_PROJECT_WORDS.search(title)) and not _NOT_PROJECT_WORDS.search(title)
