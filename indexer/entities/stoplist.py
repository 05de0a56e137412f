"""Names that are also common words, kept out of the facets unless the article confirms them.

Measured on the labelled set and the corpus (``bench/entities.py``, "flood"): without these
lists a place or person facet would count articles that only use the word.
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

import rjieba

# Short names of provinces and cities (市 left off) that are everyday words or other things'
# names: taken as the place only when the article also names its province (大同 with 山西).
COMMON_PLACE_WORDS = frozenset({
    "大同", "大庆", "安康", "白银", "阿里", "普洱", "四平", "白山", "红河", "文山", "海东",
    "海西", "海北", "北海", "黄山", "东方", "光明", "江南", "江北", "和平", "新华", "城关",
    "长寿", "江山", "平安", "开放", "红旗", "解放", "青山", "新城", "城中", "大方", "永和",
    "太平", "安定", "长安", "宝山", "普陀", "黄浦", "静安", "长宁", "东城",
    "西城", "中山", "三明", "合作", "和田", "石林", "龙门", "大足", "天门",
    "华容", "寿光", "仁和", "新兴", "兴业", "永定", "安宁", "城区", "盘龙", "五华", "丰台",
    "海淀", "朝阳", "鼓楼", "东区", "西区", "南区", "北区", "中区", "市中", "郊区", "矿区",
    "高新", "经开", "临港", "开发", "南湖", "西湖", "东湖", "长治", "来宾", "台中", "凉山",
})

# Characters after a short place name that make it part of another name (中山路, 黄浦江).
NOT_AFTER_PLACE = frozenset("路街巷道桥站江河湖山港湾门")

# Two-character words jieba's dictionary tags as names (nr) that are everyday words.
COMMON_NAME_WORDS = frozenset({
    "高峰", "文明", "和平", "华为", "金牌", "高铁", "平安", "方便", "安全", "江山", "金融",
    "高速", "石油", "黄金", "钱包", "周年", "周末", "常态", "万一", "毛病", "章程", "高度",
    "向往", "于是", "管理", "连续", "时间", "马上", "龙头", "明确", "林业", "东方", "成长",
    "杨柳", "黎明", "夏天", "晓得", "江南", "白云", "金秋", "柯南", "丁香", "丛林", "高原",
    "雷锋", "任务", "程序", "宁静", "方向", "严格", "沙发", "齐全", "卫生", "景区", "关键",
})

# jieba's part-of-speech tags of names.
NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt"})

# Phrases that start with a place's name without naming the place.
NOT_PLACE_PHRASES = frozenset({"北京时间"})


@lru_cache(maxsize=1)
def name_tags() -> dict[str, str]:
    """The words jieba's dictionary tags as names (``NAME_TAGS``) -> their tag. Read once,
    on first use, straight from jieba's dictionary file (0.2 s, where loading jieba's whole
    tag table takes 0.9 s)."""
    spec = importlib.util.find_spec("jieba")  # found, not imported
    assert spec is not None and spec.origin is not None  # jieba is a dependency
    text = (Path(spec.origin).parent / "dict.txt").read_text(encoding="utf-8")
    tags = "|".join(sorted(NAME_TAGS, key=len, reverse=True))
    return dict(re.findall(rf"^(\S+) \d+ ({tags})\r?$", text, re.M))


def in_dictionary(word: str) -> bool:
    """Whether ``word`` is a word of jieba's dictionary (whatever its tag)."""
    return rjieba.has_word(word)
