"""The command line's help texts, in Chinese by default and in English with ``--lang en`` or
``TONGGUAN_LANG=en``: one catalogue, read when the commands are declared.

The help is written before a command parses its options, so its language comes from the environment
(``TONGGUAN_LANG``) or, for the `tongguan` script, from ``--lang en`` among the script's arguments.
The texts are the ``help.*`` entries of the one message catalogue (`tongguan.messages`).  The few
words of the help screens that click and typer print themselves (Usage, Options, the help
option's own help …) are translated here too.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Mapping
from typing import Any

from ..messages import render

__all__ = ["default_language", "help_language", "lang_help", "localise", "text"]


# What click and typer print themselves on a help screen.
_FRAMEWORK_ZH = {
    "Usage:": "用法:",
    "Show this message and exit.": "显示此帮助并退出。",
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "Error": "错误",
    "[default: {}]": "[默认：{}]",
    "[required]": "[必填]",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "Missing argument {name}.": "缺少参数 {name}。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "用 [blue]'{command_path} {help_option}'[/] 查看帮助。",
    "Try {command} for help.": "用 {command} 查看帮助。",
    "Aborted.": "已中止。",
}


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """``en`` when ``TONGGUAN_LANG`` (of `environ`, the process's by default) says so, else ``zh``: the
    default of every command's ``--lang``."""
    env = os.environ if environ is None else environ
    return "en" if env.get("TONGGUAN_LANG", "").strip().lower().startswith("en") else "zh"


def help_language(argv: list[str] | None = None) -> str:
    """The language of the help: ``--lang en`` (or ``--lang=en``) among the script's arguments, else
    `default_language`.

    Examples
    --------
    >>> help_language(["ask", "--help", "--lang", "en"]), help_language(["ask", "--lang=zh", "--help"])
    ('en', 'zh')
    """
    args = sys.argv[1:] if argv is None else argv
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "zh"
        if a.startswith("--lang="):
            return "en" if a.split("=", 1)[1] == "en" else "zh"
    return default_language()


def _script_args() -> list[str] | None:
    """The arguments of the `tongguan` script (or ``python -m tongguan``), not of another program that
    imports the command line (a test runner)."""
    name = os.path.basename(sys.argv[0]) if sys.argv else ""
    return sys.argv[1:] if name in ("tongguan", "__main__.py") else []


_LANG = help_language(_script_args())


def text(key: str) -> str:
    """The help text `key` (``help.KEY`` of the message catalogue, `tongguan.messages`) in the help's
    language."""
    return render(f"help.{key}", _LANG)


def lang_help() -> str:
    """The help of every command's ``--lang``."""
    return text("opt.lang")


# Classes of rich that typer's help renderer names when it is imported but a help screen never uses:
# Markdown (the help's markup is rich's, not Markdown) and Traceback (pretty exceptions are off).
# Importing them costs a third of the help's start-up (markdown-it, pygments), so the renderer is
# executed with stand-ins (`_Deferred`) that import the real class when first used.
_DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


class _Deferred(type):
    """A stand-in for a class of rich: calling it, reading its attributes or checking an instance
    against it imports the real class and uses that."""

    def _real(cls) -> Any:
        import importlib

        return getattr(importlib.import_module(cls._module), cls.__name__)

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__") or name in ("_module", "_real"):
            raise AttributeError(name)
        return getattr(cls._real(), name)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls._real()(*args, **kwargs)

    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, cls._real())


def _stand_in(module: str, name: str) -> types.ModuleType:
    stub = types.ModuleType(module)
    setattr(stub, name, _Deferred(name, (), {"_module": module, "__module__": module}))
    return stub


class _RichUtilsLoader:
    """The loader of `typer.rich_utils`, executing it with rich's unused classes deferred, then
    translating it (`_load_rich_utils`); anything else is the wrapped loader's."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)

    def create_module(self, spec: Any) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        stubs = {m: _stand_in(m, n) for m, n in _DEFERRED.items() if m not in sys.modules}
        sys.modules.update(stubs)
        try:
            self.loader.exec_module(module)
        except ImportError:  # a typer that wants more of these modules: executed as it is
            self._drop(stubs)
            stubs = {}
            self.loader.exec_module(module)
        finally:
            self._drop(stubs)
        _load_rich_utils(module)

    @staticmethod
    def _drop(stubs: dict[str, types.ModuleType]) -> None:
        for m, stub in stubs.items():
            if sys.modules.get(m) is stub:
                del sys.modules[m]


class _RichUtilsHook:
    """A finder on `sys.meta_path` for `typer.rich_utils` alone (used once): the module found by the
    other finders, loaded by `_RichUtilsLoader`."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "typer.rich_utils":
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _RichUtilsLoader(spec.loader)
                return spec
        return None


def localise() -> None:
    """Translate the words click and typer print on help screens and usage errors (Chinese unless the
    help is English).

    typer's help renderer (`typer.rich_utils`) is only needed by a help screen or a usage error, not by
    a command that runs: it is patched when it is imported (`_RichUtilsHook`), not imported here.
    """
    if "typer.rich_utils" in sys.modules:
        _load_rich_utils(sys.modules["typer.rich_utils"])
    elif not any(isinstance(f, _RichUtilsHook) for f in sys.meta_path):
        sys.meta_path.insert(0, _RichUtilsHook())
    if _LANG == "en":
        return
    import typer.core  # noqa: F401  (loads the click typer vendors, whose modules are patched below)

    _zh_gettext()
    vendored_core = sys.modules.get("typer._click.core")
    vendored_formatting = sys.modules.get("typer._click.formatting")
    if vendored_core is not None and not getattr(vendored_core.Command, "_tongguan_zh", False):
        command = vendored_core.Command
        get_help_option = command.get_help_option

        def help_option_zh(self, ctx):  # type: ignore[no-untyped-def]
            opt = get_help_option(self, ctx)
            if opt is not None:
                opt.help = _zh("Show this message and exit.")
            return opt

        command.get_help_option = help_option_zh
        command._tongguan_zh = True
    if vendored_formatting is not None and not getattr(vendored_formatting.HelpFormatter, "_tongguan_zh", False):
        formatter = vendored_formatting.HelpFormatter
        write_usage = formatter.write_usage

        def write_usage_zh(self, prog, args="", prefix=None):  # type: ignore[no-untyped-def]
            return write_usage(self, prog, args, _zh("Usage:") + " " if prefix is None else prefix)

        formatter.write_usage = write_usage_zh
        formatter._tongguan_zh = True


def _zh(message: str) -> str:
    return _FRAMEWORK_ZH.get(message, message)


def _zh_gettext() -> None:
    """click's and typer's loaded modules translating through `_zh` instead of gettext."""
    import gettext

    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("click", "typer") and getattr(module, "_", None) is gettext.gettext:
            module._ = _zh  # type: ignore[attr-defined]


def _load_rich_utils(ru: Any) -> None:
    """`typer.rich_utils` just imported: its panel titles and hints in Chinese (unless the help is English)."""
    if _LANG == "en":
        return
    _zh_gettext()
    ru.DEFAULT_STRING = _zh("[default: {}]")
    ru.REQUIRED_LONG_STRING = _zh("[required]")
    ru.ARGUMENTS_PANEL_TITLE = _zh("Arguments")
    ru.OPTIONS_PANEL_TITLE = _zh("Options")
    ru.COMMANDS_PANEL_TITLE = _zh("Commands")
    ru.ERRORS_PANEL_TITLE = _zh("Error")
    ru.ABORTED_TEXT = _zh("Aborted.")
    ru.RICH_HELP = _zh("Try [blue]'{command_path} {help_option}'[/] for help.")
