"""The engine's one cache class (indexer.engine.recent): the least recently used goes first,
weights add up to the capacity, a None answer is kept like any value, and a value heavier
than the whole cache is given but not kept."""
from indexer.engine.recent import Recent


def test_the_least_recently_used_go_first_by_weight():
    kept = Recent(10)
    made = []

    def make(value):
        def build():
            made.append(value)
            return value
        return build
    for key, weight in (("a", 4), ("b", 3), ("c", 3)):
        assert kept.get(key, make(key * weight), len) == key * weight
    assert kept.size == 10 and kept.capacity == 10
    assert kept.peek("a") == "aaaa"  # a used again: b is now the oldest
    assert kept.get("d", make("dd"), len) == "dd"
    assert kept.peek("b") is None and kept.peek("c") == "ccc" and kept.size == 9
    assert kept.get("a", make("never"), len) == "aaaa"
    assert made == ["aaaa", "bbb", "ccc", "dd"]


def test_a_none_answer_is_kept_and_a_value_heavier_than_the_cache_is_not():
    kept = Recent(2)
    calls = []
    assert kept.get("missing", lambda: calls.append(1)) is None
    assert kept.get("missing", lambda: calls.append(2)) is None
    assert calls == [1] and kept.size == 1
    assert kept.get("huge", lambda: "x" * 3, len) == "xxx"
    assert kept.peek("huge") is None and kept.size == 1
    kept.get("one", lambda: 1)
    kept.get("two", lambda: 2)  # three values of weight 1: the oldest (None) goes
    assert kept.get("missing", lambda: calls.append(3)) is None and calls == [1, 3]


def test_an_empty_value_weighs_one_and_a_look_without_use_keeps_the_order():
    kept = Recent(3)
    for key in "abc":
        kept.get(key, lambda key=key: key * 0, len)  # "" weighs 0: counted as 1
    assert kept.size == 3
    assert kept.peek("a", use=False) == ""  # looked at, still the oldest
    kept.get("d", lambda: "")
    assert kept.peek("a") is None and kept.peek("b") == ""
    kept.get("e", lambda: "")  # b was used last by peek: c goes
    assert kept.peek("c") is None and kept.peek("b") == ""
