"""Slowing down password guessing: a login with too many recent failed sign-ins is refused a while.

After ``max_failures`` failures within ``window_s`` seconds, sign-ins for that login are refused
until the oldest of those failures is ``window_s`` old, even with the right password (a guesser
cannot tell when it found it). A success clears the login's failures. The count is kept in the
memory of one server process (each process behind a load balancer counts its own), for at most
``max_logins`` logins, forgetting the stalest first. Thread-safe: sessions run in threads.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field


@dataclass
class SignInThrottle:
    """Failed sign-ins per login (see the module docstring); times in seconds (``time.monotonic()``)."""

    max_failures: int = 5
    window_s: float = 900.0
    max_logins: int = 10_000
    _failures: dict[str, deque] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @staticmethod
    def _key(login: str) -> str:
        return str(login or "").strip().lower()

    def _recent(self, key: str, now: float) -> deque:
        times = self._failures.get(key, deque())
        while times and now - times[0] >= self.window_s:
            times.popleft()
        return times

    def blocked(self, login: str, now: float) -> bool:
        """True while ``login`` has ``max_failures`` failures in the last ``window_s`` seconds."""
        with self._lock:
            return len(self._recent(self._key(login), now)) >= self.max_failures

    def record_failure(self, login: str, now: float) -> None:
        """Count a failed sign-in of ``login`` at ``now``."""
        key = self._key(login)
        with self._lock:
            times = self._recent(key, now)
            times.append(now)
            self._failures.pop(key, None)
            self._failures[key] = times  # most recent last: the first key is the stalest
            while len(self._failures) > self.max_logins:
                self._failures.pop(next(iter(self._failures)))

    def record_success(self, login: str) -> None:
        """Forget ``login``'s failures."""
        with self._lock:
            self._failures.pop(self._key(login), None)
