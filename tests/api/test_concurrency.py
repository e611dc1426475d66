"""Overload queues requests instead of failing them: no request thread waits on the pool.

The load test at the large scenario (50 clients) answered 39 of 125 requests with 500:
40 request threads shared 15 pooled connections, and a thread that waited 30 s for one
failed. Now a worker runs at most half as many requests as its pool has connections."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import anyio.to_thread

from corridor.access import Node
from corridor.api._app import REQUEST_THREADS
from corridor.store import POOL_CONNECTIONS

from ._helpers import TestClient, login


def test_request_threads_fit_the_pool(client: TestClient, app_node: Node) -> None:
    pool = app_node.store.engine.pool
    assert pool.size() + pool._max_overflow == POOL_CONNECTIONS  # type: ignore[attr-defined]
    assert REQUEST_THREADS * 2 <= POOL_CONNECTIONS

    def limit() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    assert client.portal.call(limit) == REQUEST_THREADS


def test_many_concurrent_requests_all_answer(client: TestClient) -> None:
    login(client, "GB-NCA/analyst")
    with ThreadPoolExecutor(3 * REQUEST_THREADS) as pool:
        statuses = list(pool.map(lambda _: client.get("/api/search", params={"q": "Petrovic"}).status_code, range(120)))
    assert statuses == [200] * 120
