"""Hybrid logical clock (HLC).

A clock value is wall-clock milliseconds, a counter and the device id.  The store keeps the first
two packed in one integer (``ms * 100_000 + counter``) beside the device; as text, a clock reads
``000001764324589123-00000-<device>``, whose order is the clock's order.  The counter breaks
ties within one millisecond; the device id makes the order total, so "last writer wins" is the
same on every device.  A clock seen from another device moves ours forward only if it is not far
in the future: a device whose clock runs a day ahead cannot drag every other device along.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_FORWARD_DRIFT_MS = 5 * 60 * 1000
MAX_COUNTER = 99_999  # five digits; past it the clock borrows the next millisecond
COUNTER_SPAN = MAX_COUNTER + 1


@dataclass(frozen=True, order=True, slots=True)
class Hlc:
    ms: int
    counter: int
    device: str

    def encode(self) -> str:
        return f"{self.ms:018d}-{self.counter:05d}-{self.device}"

    def pack(self) -> int:
        return self.ms * COUNTER_SPAN + self.counter

    @staticmethod
    def unpack(packed: int, device: str) -> Hlc:
        return Hlc(packed // COUNTER_SPAN, packed % COUNTER_SPAN, device)

    @staticmethod
    def decode(text: str) -> Hlc:
        ms, counter, device = text.split("-", 2)
        return Hlc(int(ms), int(counter), device)


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """The clock of this device."""

    def __init__(
        self, device: str, last: Hlc | None = None, now: Callable[[], int] = wall_ms
    ) -> None:
        self.device = device
        self._now = now
        self._ms = last.ms if last else 0
        self._counter = last.counter if last else 0

    def tick(self) -> Hlc:
        now = self._now()
        if now > self._ms:
            self._ms, self._counter = now, 0
        elif self._counter < MAX_COUNTER:
            self._counter += 1
        else:
            self._ms, self._counter = self._ms + 1, 0
        return Hlc(self._ms, self._counter, self.device)

    def ticks(self, count: int) -> list[int]:
        """``count`` consecutive packed clock values (for bulk writes)."""
        values: list[int] = []
        while count > 0:
            first = self.tick()
            take = min(count, MAX_COUNTER - first.counter + 1)
            start = first.pack()
            values.extend(range(start, start + take))
            self._counter = first.counter + take - 1
            count -= take
        return values

    def catch_up(self, own: Hlc) -> None:
        """Never go back behind a clock this device itself already issued."""
        self._ms, self._counter = max((self._ms, self._counter), (own.ms, own.counter))

    def observe(self, remote: Hlc) -> bool:
        """Take a remote clock into account.

        Returns False (and ignores it) if it is too far ahead.
        """
        now = self._now()
        if remote.ms > now + MAX_FORWARD_DRIFT_MS:
            return False
        if remote.ms > self._ms or (remote.ms == self._ms and remote.counter > self._counter):
            self._ms, self._counter = remote.ms, remote.counter
        return True
