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


def default_language() -> str:
    """``en`` when ``TONGGUAN_LANG`` says so, else ``zh``: the default of every command's ``--lang``."""
    return "en" if os.environ.get("TONGGUAN_LANG", "").strip().lower().startswith("en") else "zh"


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


def localise() -> None:
    """Translate the words click and typer print on help screens and usage errors (Chinese unless the
    help is English)."""
    if _LANG == "en":
        return
    import gettext

    import typer.core  # noqa: F401  (loads the click typer vendors, whose modules are patched below)
    import typer.rich_utils as ru

    def zh(message: str) -> str:
        return _FRAMEWORK_ZH.get(message, message)

    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("click", "typer") and getattr(module, "_", None) is gettext.gettext:
            module._ = zh  # type: ignore[attr-defined]
    vendored_core = sys.modules.get("typer._click.core")
    vendored_formatting = sys.modules.get("typer._click.formatting")
    if vendored_core is not None and not getattr(vendored_core.Command, "_tongguan_zh", False):
        command = vendored_core.Command
        get_help_option = command.get_help_option

        def help_option_zh(self, ctx):  # type: ignore[no-untyped-def]
            opt = get_help_option(self, ctx)
            if opt is not None:
                opt.help = zh("Show this message and exit.")
            return opt

        command.get_help_option = help_option_zh
        command._tongguan_zh = True
    if vendored_formatting is not None and not getattr(vendored_formatting.HelpFormatter, "_tongguan_zh", False):
        formatter = vendored_formatting.HelpFormatter
        write_usage = formatter.write_usage

        def write_usage_zh(self, prog, args="", prefix=None):  # type: ignore[no-untyped-def]
            return write_usage(self, prog, args, zh("Usage:") + " " if prefix is None else prefix)

        formatter.write_usage = write_usage_zh
        formatter._tongguan_zh = True
    ru.DEFAULT_STRING = zh("[default: {}]")
    ru.REQUIRED_LONG_STRING = zh("[required]")
    ru.ARGUMENTS_PANEL_TITLE = zh("Arguments")
    ru.OPTIONS_PANEL_TITLE = zh("Options")
    ru.COMMANDS_PANEL_TITLE = zh("Commands")
    ru.ERRORS_PANEL_TITLE = zh("Error")
    ru.ABORTED_TEXT = zh("Aborted.")
    ru.RICH_HELP = zh("Try [blue]'{command_path} {help_option}'[/] for help.")
