"""Failed sign-ins: refused for a while after too many, per login, forgotten after a success."""

from __future__ import annotations

import threading

from ntm.auth.throttle import SignInThrottle


def test_too_many_failures_block_the_login_for_the_window():
    throttle = SignInThrottle(max_failures=3, window_s=60)
    for second in (0, 10, 20):
        assert not throttle.blocked("bt", second)
        throttle.record_failure("bt", second)
    assert throttle.blocked("bt", 21) and throttle.blocked(" BT ", 59)
    assert not throttle.blocked("qt", 21)  # other logins are not affected
    assert not throttle.blocked("bt", 60)  # the first failure is a window old: two remain


def test_a_success_forgets_the_failures():
    throttle = SignInThrottle(max_failures=2, window_s=60)
    throttle.record_failure("bt", 0)
    throttle.record_success("BT")
    throttle.record_failure("bt", 1)
    assert not throttle.blocked("bt", 2)


def test_memory_is_bounded_by_forgetting_the_stalest_logins():
    throttle = SignInThrottle(max_failures=1, window_s=60, max_logins=3)
    for i, login in enumerate(["a", "b", "c", "d"]):
        throttle.record_failure(login, i)
    assert not throttle.blocked("a", 5) and all(throttle.blocked(x, 5) for x in "bcd")


def test_counts_are_not_lost_between_threads():
    throttle = SignInThrottle(max_failures=400, window_s=60)
    workers = [threading.Thread(target=lambda: [throttle.record_failure("bt", 0) for _ in range(100)])
               for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert throttle.blocked("bt", 1)
