"""A small, bounded HTTP load generator: N threads request one URL on loopback for S seconds."""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p95(self):
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=20)[-1]


def _get(port, path, cookie):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "vi"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def run(port, path, cookie, *, users=10, seconds=5.0, max_requests=20_000, warmup=1):
    """Hit `path` with `users` concurrent clients for `seconds` (at most `max_requests` in all)."""
    for _ in range(warmup):
        _get(port, path, cookie)
    latencies, errors = [], [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def user():
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                status = _get(port, path, cookie)
            except OSError:
                status = 0
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if len(latencies) + errors[0] >= max_requests:
                    return
                if 200 <= status < 400:  # a redirect is an answer (the XLSX export leads to its waiting page)
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=user, daemon=True) for _ in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    return Result(
        requests=len(latencies), errors=errors[0], seconds=time.perf_counter() - started, latencies_ms=latencies
    )
