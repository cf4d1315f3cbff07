"""The command line's help texts, in Chinese by default and in English with ``--lang en`` or
``TONGGUAN_LANG=en``: one catalogue, read when the commands are declared.

The help is written before a command parses its options, so its language comes from the environment
(``TONGGUAN_LANG``) or, for the `tongguan` script, from ``--lang en`` among the script's arguments.
The few words of the help screens that click and typer print themselves (Usage, Options, the help
option's own help …) are translated here too.
"""

from __future__ import annotations

import os
import sys

__all__ = ["HELP", "default_language", "help_language", "lang_help", "localise", "text"]

# key: (Chinese, English)
HELP: dict[str, tuple[str, str]] = {
    "cmd.root": (
        "通桥：四川省高技能人才与专业技术人才职业发展贯通——一个人可以申报什么，为什么。"
        "各命令的输出默认为中文，加 --lang en 为英文。",
        "通桥 tongguan: Sichuan's plan bridging high-skill and professional-technical careers — what a "
        "person can apply for, and why. Output is Chinese by default, English with --lang en.",
    ),
    "cmd.ask": (
        "此人可申报的事项：每一项职称、技能等级和考试，按途径列出状态、最早日期和一句说明。",
        "What this person can apply for: every title, skill level and exam, by route, with status, "
        "earliest date and a plain sentence.",
    ),
    "cmd.explain": (
        "为什么：每项的推导过程，引用方案原文；为什么不能；怎样才能改变结果。",
        "Why: the derivation of every option, quoting the plan; why not; what would change the answer.",
    ),
    "cmd.graph": (
        "画出立交桥：两条阶梯并列，由规则得出的贯通关系，可标出某人的位置和最快路径。",
        "Draw the overpass (立交桥): both ladders side by side, the crossings between them, from the rules.",
    ),
    "cmd.paths": (
        "到达目标层级的最快路径（跨两条阶梯），逐步列出日期和依据条款。",
        "The fastest dated paths to a target level across both ladders, step by step with clauses.",
    ),
    "cmd.audit": (
        "按方案原文及其原则审核规则库；有检查不通过时退出码为 1。",
        "Audit the rule base against the plan and its own principles; exit 1 when a check fails.",
    ),
    "arg.profile": ("档案文件（YAML 或 JSON）。", "Profile file (YAML or JSON)."),
    "opt.as_of": ("按此日期评估（YYYY-MM-DD）。", "Evaluate at this date (YYYY-MM-DD)."),
    "opt.json": ("以 JSON 输出（供程序读取）。", "Print JSON (for programs)."),
    "opt.md": ("以 Markdown 输出。", "Print Markdown."),
    "opt.html": ("输出一个独立的 HTML 页面。", "Print a self-contained HTML page."),
    "opt.all": ("同时列出不符合的事项及原因。", "Also list ineligible options, with reasons."),
    "opt.detail": ("列出每项的评委会审查事项。", "List each option's committee-review items."),
    "opt.explain": (
        "同时输出每项的推导过程和不能申报的原因。",
        "Also print each option's proof tree and why-not.",
    ),
    "opt.target": (
        "怎样才能申报 类别:层级，例如 title:副高级。",
        "What would make TRACK:LEVEL possible, e.g. title:副高级.",
    ),
    "opt.option": (
        "只看这一项：类别:层级[:途径]，例如 title:副高级。",
        "Only this option: TRACK:LEVEL[:ROUTE], e.g. title:副高级.",
    ),
    "opt.held": ("同时解释已持有的层级。", "Also explain levels already held."),
    "opt.output": ("写入此文件，而不是标准输出。", "Write to this file instead of standard output."),
    "opt.format": (
        "png | svg | html | dot | graphml（默认按 -o 的后缀，否则 png）。",
        "png | svg | html | dot | graphml (default: from -o, else png).",
    ),
    "opt.profile": ("标出此人的位置和最快路径。", "Highlight this person's position and fastest path."),
    "opt.graph_as_of": ("按此日期评估档案（YYYY-MM-DD）。", "Evaluate the profile at this date (YYYY-MM-DD)."),
    "opt.graph_to": ("标出的路径的目标，例如 title:正高级。", "Target of the highlighted path, e.g. title:正高级."),
    "opt.assumptions": ("覆盖层级内晋升关系的 YAML 文件。", "YAML overrides of the within-ladder edges."),
    "opt.plan_only": ("不画本方案之外的层级内晋升关系。", "Leave out the within-ladder edges from outside the plan."),
    "opt.to": ("目标：title:层级、skill:层级 或 exam:考试。", "Target: title:LEVEL, skill:LEVEL or exam:NAME."),
    "opt.k": ("列出几条路径（最快的在前）。", "How many paths (the fastest first)."),
    "opt.paths_as_of": ("从此日期起算（YYYY-MM-DD）。", "Start from this date (YYYY-MM-DD)."),
    "opt.kb": ("要审核的规则库文件夹（默认：随附的 kb/）。", "KB folder to audit (default: the shipped kb/)."),
    "opt.no_cases": ("不运行规则库自带的案例（kb/cases/）：更快。", "Do not run the KB's own cases (kb/cases/): faster."),
    "opt.lang": (
        "输出语言：zh（中文，默认）或 en（英文）；也可用环境变量 TONGGUAN_LANG。",
        "Language of the output: zh (Chinese, the default) or en (English); or set TONGGUAN_LANG.",
    ),
    "opt.version": ("显示版本并退出。", "Show the version and exit."),
}

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
    """The help text `key` in the help's language."""
    zh, en = HELP[key]
    return en if _LANG == "en" else zh


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
