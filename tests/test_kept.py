"""`kept`: what was made of an object is taken again only for the same object."""

from confsite.kept import ByIdentity, Last, identical, same_objects
from confsite.model import Text
from confsite.problems import Where


class Thing:
    def __init__(self, name: str) -> None:
        self.name = name


def test_made_once_per_object_while_given_is_equal() -> None:
    made: list[str] = []
    kept: ByIdentity[Thing, str] = ByIdentity()

    def make(thing: Thing) -> str:
        made.append(thing.name)
        return thing.name.upper()

    a, b = Thing("a"), Thing("b")
    assert [value for _, value in kept.round([a, b], make, given=1)] == ["A", "B"]
    c = Thing("a")  # an equal name, another object
    assert [value for _, value in kept.round([a, c], make, given=1)] == ["A", "A"]
    assert made == ["a", "b", "a"]
    kept.round([a], make, given=2)  # something else it is made from changed: made again
    assert made == ["a", "b", "a", "a"]
    kept.round([b], make, given=2)  # b was not in the last round: it is not kept
    assert made[-1] == "b"


def test_the_last_value_is_kept_while_made_from_the_very_same_objects() -> None:
    made: list[int] = []
    last: Last[int] = Last()
    a, b = Thing("a"), Thing("b")
    assert last.get((a, b), lambda: (made.append(1), 1)[1]) == 1
    assert last.get((a, b), lambda: (made.append(2), 2)[1]) == 1  # the same objects: kept
    assert last.get((a, Thing("b")), lambda: (made.append(3), 3)[1]) == 3  # an equal one is another
    assert last.get((a,), lambda: (made.append(4), 4)[1]) == 4
    assert made == [1, 3, 4]
    assert same_objects((a, b), (a, b)) and not same_objects((a, b), (b, a)) and not same_objects((a,), (a, b))


def test_identical_values_agree_in_every_field_places_too() -> None:
    here, lower = Where("content/x.yaml", 3, 5), Where("content/x.yaml", 4, 5)
    assert identical((1, {"a": [here]}), (1, {"a": [Where("content/x.yaml", 3, 5)]}))
    assert not identical((1, {"a": [here]}), (1, {"a": [lower]}))  # the same but for its place
    assert not identical({"a": 1, "b": 2}, {"b": 2, "a": 1})  # another order
    assert not identical(Thing("a"), Thing("a"))  # no fields to compare: only the same object is
    varna, placed_lower = Text.of({"en": "Varna"}, where=here), Text.of({"en": "Varna"}, where=lower)
    assert varna == placed_lower and not identical(varna, placed_lower)  # equality leaves places out
    assert identical(varna, Text.of({"en": "Varna"}, where=Where("content/x.yaml", 3, 5)))
