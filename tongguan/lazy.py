"""Lazy re-exports (PEP 562): a package names its public API, each name imported when first used.

The command line starts fast only if ``import tongguan`` imports nothing heavy; ``tongguan`` and
``tongguan.reform`` both export this way, from one helper.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, namespace: dict[str, Any], exports: dict[str, str]) -> tuple[Callable, Callable]:
    """The ``__getattr__`` and ``__dir__`` of `package`, whose `exports` map a name to its submodule.

    A name is imported from ``package.submodule`` on first use and kept in `namespace` (the package's
    globals), so the second use costs nothing.

    Examples
    --------
    >>> ns = {}
    >>> getattr_, dir_ = lazy_exports("tongguan", ns, {"TongguanError": "errors"})
    >>> getattr_("TongguanError").__name__, "TongguanError" in ns, dir_()
    ('TongguanError', True, ['TongguanError'])
    >>> getattr_("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'tongguan' has no attribute 'nothing'
    """

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f".{module}", package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(exports))

    return __getattr__, __dir__
