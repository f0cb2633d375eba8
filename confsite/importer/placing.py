"""Where the import puts new sessions in a day's list (`Placing`), with the comments kept."""

from __future__ import annotations

import itertools
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq


def start_of(node: Any) -> str | None:
    """What a session in a day is placed by: its start as "HH:MM" (an editor may write "9:30", which
    as text would sort after "10:00"); None when it has none (untimed)."""
    if not isinstance(node, dict) or not node.get("start"):
        return None
    start = str(node["start"]).strip()
    return f"0{start}" if len(start) == 4 and start[1] == ":" else start


_BLOCK = 64  # sessions per block of a `Placing`; a block twice that size is split


class _Block:
    __slots__ = ("handles", "latest")

    def __init__(self, handles: list[int]) -> None:
        self.handles = handles  # of `Placing.nodes`, in the day's order
        self.latest: str | None = None  # the latest start among them


class Placing:
    """The sessions of one day while the import adds, moves and removes sessions: a new one goes
    before the first timed session that starts later, else at the end (after the last session that
    starts at or before it; untimed ones stay where they are), exactly as inserting them one by one
    into the list did. The day is kept in blocks that know their latest start, so that finding a
    place does not scan the whole day: one by one, 8,000 new sessions in a day took minutes.
    `write` then puts the order into the day once, with its comments (ruamel's own `insert` shifts
    the index of every comment after the place, at each call)."""

    def __init__(self, sessions: CommentedSeq) -> None:
        self.sessions = sessions
        self.nodes: list[Any] = list.copy(sessions)  # the day's items, then the new ones; a handle is an index
        self.starts = [start_of(node) for node in self.nodes]  # by handle, kept up to date by `restarted`
        self.original = len(self.nodes)
        self.blocks = [_Block(list(range(i, min(i + _BLOCK, self.original))))
                       for i in range(0, self.original, _BLOCK)] or [_Block([])]
        self.block_of = {handle: block for block in self.blocks for handle in block.handles}
        self.handle_of = {id(node): handle for handle, node in enumerate(self.nodes) if isinstance(node, dict)}
        self.changed = False
        self.carried: dict[int, int] = {}  # a session moved within the day: its new handle -> its old one
        for block in self.blocks:
            self._measure(block)

    def _measure(self, block: _Block) -> None:
        block.latest = max((start for h in block.handles if (start := self.starts[h]) is not None), default=None)

    def insert(self, node: CommentedMap) -> None:
        start = start_of(node) or str(node.get("start"))
        block = next((b for b in self.blocks if b.latest is not None and b.latest > start), None)
        if block is None:
            block, position = self.blocks[-1], len(self.blocks[-1].handles)
        else:
            position = next(i for i, h in enumerate(block.handles)
                            if (other := self.starts[h]) is not None and other > start)
        handle = len(self.nodes)
        self.nodes.append(node)
        self.starts.append(start_of(node))
        self.handle_of[id(node)] = handle
        self.block_of[handle] = block
        block.handles.insert(position, handle)
        self._measure(block)
        if len(block.handles) > 2 * _BLOCK:
            index = next(i for i, b in enumerate(self.blocks) if b is block)
            halves = [_Block(block.handles[:_BLOCK]), _Block(block.handles[_BLOCK:])]
            self.blocks[index:index + 1] = halves
            for half in halves:
                self._measure(half)
                self.block_of.update(dict.fromkeys(half.handles, half))
        self.changed = True

    def remove(self, node: CommentedMap) -> None:
        handle = self.handle_of.pop(id(node))
        block = self.block_of.pop(handle)
        block.handles.remove(handle)
        self._measure(block)
        self.changed = True

    def restarted(self, node: CommentedMap) -> None:
        """`node`, in this day, may have a new start: the sessions placed after this go by it. It
        stays where it is while its nearest timed sessions before and after it still start no later
        and no earlier; else it goes to its place by its new start (the agenda lists sessions in the
        order they are written, and `check` warns of one written below a later one)."""
        handle = self.handle_of[id(node)]
        self.starts[handle] = start_of(node)
        self._measure(self.block_of[handle])
        start = self.starts[handle]
        if start is None:
            return
        before, after = self._neighbours(handle)
        if (before is not None and before > start) or (after is not None and after < start):
            first = self.carried.pop(handle, handle)  # its handle in the day as read, if it was there
            self.remove(node)
            self.insert(node)
            if first < self.original:  # the comment on its line goes with it
                self.carried[self.handle_of[id(node)]] = first

    def _neighbours(self, handle: int) -> tuple[str | None, str | None]:
        """The starts of the nearest timed sessions before and after `handle`, in the day's order."""
        block = self.block_of[handle]
        index = next(i for i, b in enumerate(self.blocks) if b is block)
        position = block.handles.index(handle)
        # walked outwards from it, lazily: the nearest timed session is mostly the next one
        before = itertools.chain(reversed(block.handles[:position]),
                                 *(reversed(b.handles) for b in reversed(self.blocks[:index])))
        after = itertools.chain(block.handles[position + 1:], *(b.handles for b in self.blocks[index + 1:]))
        return (next((s for h in before if (s := self.starts[h]) is not None), None),
                next((s for h in after if (s := self.starts[h]) is not None), None))

    def write(self) -> None:
        if not self.changed:
            return
        order = [handle for block in self.blocks for handle in block.handles]
        now = {handle: index for index, handle in enumerate(order)}
        # ruamel keeps a list's comments by the index of their item: they go with it, and a removed
        # item's go too (a comment past the last item stays past it)
        comments = self.sessions.ca.items
        moved = {(now[old] if old < self.original else old - self.original + len(order)): comment
                 for old, comment in comments.items() if old >= self.original or old in now}
        moved.update({now[new]: comments[old] for new, old in self.carried.items() if old in comments and new in now})
        list.clear(self.sessions)
        list.extend(self.sessions, [self.nodes[handle] for handle in order])
        comments.clear()
        comments.update(moved)
