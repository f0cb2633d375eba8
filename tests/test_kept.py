"""`kept.ByIdentity`: what was made of an object is taken again only for the same object."""

from confsite.kept import ByIdentity


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
