"""Where the engine runs for the web: a bounded pool of threads, each owning its own engine.

pyDatalog keeps its logic per thread (`tongguan.engine.pydatalog_backend` compiles the KB once into
each thread's logic and asserts one person's facts per session).  The web server answers requests on
many threads (the event loop and Starlette's thread pool of 40), so the engine calls are not run on
them: they go to this pool, whose few threads each compile the KB once when they start and then answer
one request at a time.  A request never sees another's facts, and no thread compiles the KB twice.

On two cores the engine is CPU-bound under the GIL, so more threads do not answer faster; the pool is
small and requests queue.  Answers are a pure function of (KB, profile, options), so recent ones are
kept in a small least-recently-used cache.

Examples
--------
>>> pool = EnginePool(lambda: None, size=1)
>>> pool.run(lambda a, b: a + b, 2, 3)
5
>>> pool.shutdown()
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["AnswerCache", "EnginePool"]

T = TypeVar("T")


class EnginePool:
    """A fixed number of worker threads; `warm` runs once in each as it starts (it compiles the KB).

    Parameters
    ----------
    warm : callable
        Called with no arguments at the start of every worker thread.
    size : int
        How many worker threads (each holds one compiled KB).
    """

    def __init__(self, warm: Callable[[], Any], size: int = 2):
        self.size = size
        self._warm = warm
        self._local = threading.local()
        self.thread_ids: set[int] = set()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    @property
    def _executor(self) -> ThreadPoolExecutor:
        """The worker threads, started again after a `shutdown` (an app's lifespan may run twice)."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="tongguan-engine")
            return self._pool

    def _start(self) -> None:
        self.thread_ids.add(threading.get_ident())
        self._warm()

    def start(self) -> None:
        """Start every worker now and compile the KB in each (otherwise it happens on first use)."""
        barrier = threading.Barrier(self.size)

        def task() -> None:
            self._ensure_warm()
            barrier.wait(timeout=120)  # hold this thread so the next task starts another one

        executor = self._executor
        futures = [executor.submit(task) for _ in range(self.size)]
        for f in futures:
            f.result()

    def _ensure_warm(self) -> None:
        if not getattr(self._local, "warm", False):
            self._start()
            self._local.warm = True

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        self._ensure_warm()
        return fn(*args)

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` on a worker thread; waits for it (from synchronous code)."""
        return self._executor.submit(self._call, fn, *args).result()

    async def arun(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` on a worker thread, awaited (from the event loop)."""
        return await asyncio.wrap_future(self._executor.submit(self._call, fn, *args))

    def shutdown(self) -> None:
        """Stop the workers (after the queued calls); a later call starts new ones."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)


class AnswerCache:
    """A thread-safe least-recently-used cache of JSON answers.

    Examples
    --------
    >>> c = AnswerCache(2)
    >>> c.get_or_make("a", lambda: 1), c.get_or_make("a", lambda: 2)
    (1, 1)
    """

    def __init__(self, size: int = 512):
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Any:
        """The cached value or None."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
            self.misses += 1
            return None

    def put(self, key: Hashable, value: Any) -> None:
        """Keep `value` under `key`, dropping the least recently used beyond `size`."""
        if self.size <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def get_or_make(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The cached value, or `make()` kept and returned."""
        got = self.get(key)
        if got is None:
            got = make()
            self.put(key, got)
        return got
