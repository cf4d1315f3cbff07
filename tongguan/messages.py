"""The catalogue of error messages, in Chinese and English, and how a user's value is echoed in them.

A message is a key with parameters (``"level.unknown"``, ``allowed=...``); `render` fills the template of
the wanted language.  A text that is not a key is shown as it is in both languages (messages built
elsewhere).  Echoed values are clipped and their control characters escaped, so a value can neither flood
the terminal nor drive it (ANSI escapes), and they are plain text to every renderer.
"""

from __future__ import annotations

import datetime as dt
import reprlib
from typing import Any

__all__ = ["ECHO_LIMIT", "MESSAGES", "REASONS_ZH", "echo", "echo_field", "render"]

ECHO_LIMIT = 80

# key: (Chinese, English); {name} are parameters.
MESSAGES: dict[str, tuple[str, str]] = {
    # reading a document
    "file.missing": ("没有这个文件", "no such file"),
    "file.folder": ("是文件夹，不是文件", "is a folder, not a file"),
    "file.unreadable": ("无法读取（{reason}）", "cannot be read ({reason})"),
    "file.too_large": ("文件太大（上限 {limit}）", "the file is too large (the limit is {limit})"),
    "file.empty": ("文件是空的", "the file is empty"),
    "file.binary": ("不是文本文件（含 NUL 字节）", "is not a text file (it contains NUL bytes)"),
    "file.gbk": (
        "不是 UTF-8 编码（看来是 GBK/GB18030 编码）：请另存为 UTF-8",
        "is not UTF-8 (it looks like GBK/GB18030): save it as UTF-8",
    ),
    "file.utf16": ("是 UTF-16 编码：请另存为 UTF-8", "is UTF-16: save it as UTF-8"),
    "file.encoding": (
        "不是 UTF-8 编码的文本（第 {line} 行）：请另存为 UTF-8",
        "is not UTF-8 text (line {line}): save it as UTF-8",
    ),
    "yaml.syntax": (
        "不是有效的 YAML（第 {line} 行第 {column} 列：{problem}）",
        "is not valid YAML (line {line}, column {column}: {problem})",
    ),
    "json.syntax": (
        "不是有效的 JSON（第 {line} 行第 {column} 列：{problem}）",
        "is not valid JSON (line {line}, column {column}: {problem})",
    ),
    "doc.too_deep": ("嵌套超过 {limit} 层（第 {line} 行）", "nested more than {limit} levels deep (line {line})"),
    "doc.too_many": (
        "内容太多：超过 {limit} 个值（别名按展开后计）",
        "too much content: over {limit} values (aliases count as what they expand to)",
    ),
    "doc.recursive_alias": ("别名引用了自身（第 {line} 行）", "an alias refers to itself (line {line})"),
    "doc.duplicate_key": (
        "键重复（第 {line} 行；第 {first} 行已有）",
        "duplicate key (line {line}; already at line {first})",
    ),
    "doc.duplicate": ("键重复", "duplicate key"),
    "doc.complex_key": ("键只能是文字或数字（第 {line} 行）", "a key must be text or a number (line {line})"),
    "doc.tag": ("不支持的 YAML 标签 {tag}（第 {line} 行）", "unsupported YAML tag {tag} (line {line})"),
    "doc.long_number": ("数字太长（最多 {limit} 位）", "the number is too long (at most {limit} digits)"),
    "doc.long_text": ("文字太长（最多 {limit} 个字符）", "the text is too long (at most {limit} characters)"),
    "doc.not_mapping": (
        "档案应是字段的映射（YAML 或 JSON 对象）",
        "a profile is a mapping of fields (YAML or JSON object)",
    ),
    "doc.empty": ("档案是空的", "the profile is empty"),
    # values
    "date.invalid": (
        "不是有效的日期（写作 YYYY-MM-DD，且这一天存在）",
        "not a valid date (YYYY-MM-DD, a day that exists)",
    ),
    "date.has_time": ("是日期时间：只写日期（YYYY-MM-DD）", "is a date and time: give the date only (YYYY-MM-DD)"),
    "date.range": ("日期超出可接受的范围（{low} 至 {high}）", "the date is out of range ({low} to {high})"),
    "year.range": ("年份超出可接受的范围（{low} 至 {high}）", "the year is out of range ({low} to {high})"),
    "field.required": ("缺少这个必填字段", "this field is required"),
    "field.unknown": ("不是档案的字段（字段见 README）", "unknown field (see the README for the profile fields)"),
    "type.text": ("应是文字", "should be text"),
    "type.int": ("应是整数", "should be a whole number"),
    "type.year": ("应是年份（四位整数，如 2024）", "should be a year (four digits, e.g. 2024)"),
    "type.bool": ("应填 true 或 false", "should be true or false"),
    "type.date": ("应是日期（YYYY-MM-DD）", "should be a date (YYYY-MM-DD)"),
    "type.mapping": ("应是映射（字段: 值）", "should be a mapping (field: value)"),
    "type.list": ("应是列表", "should be a list"),
    "text.too_long": ("太长（最多 {limit} 个字符）", "too long (at most {limit} characters)"),
    "text.control": (
        "含有控制字符（如 ANSI 转义、回车）",
        "contains control characters (such as ANSI escapes or carriage returns)",
    ),
    "list.too_long": (
        "项数太多（最多 {limit} 项；所示为项数）",
        "too many entries (at most {limit}; the count is shown)",
    ),
    "number.min": ("应不小于 {limit}", "should be at least {limit}"),
    "number.max": ("应不大于 {limit}", "should be at most {limit}"),
    "choice": ("应是 {allowed} 之一", "should be one of {allowed}"),
    "value.invalid": ("取值无效（{detail}）", "invalid value ({detail})"),
    # the profile's vocabulary
    "level.unknown": (
        "不是已知的{ladder_zh}等级（可填 {allowed} 或其同义词）",
        "unknown {ladder} level (one of {allowed}, or a synonym)",
    ),
    "title.other_series": (
        "是{series_of}系列的职称，不是{series}系列",
        "is a title of the {series_of} series, not {series}",
    ),
    "grade.unknown": ("不是已知的考核等次（可填 {allowed}）", "unknown grade (one of {allowed})"),
    "date.after_as_of": ("晚于评估日期 as_of {as_of}", "is after as_of {as_of}"),
    "year.after_as_of": ("年份 {year} 晚于评估日期 as_of {as_of}", "year {year} is after as_of {as_of}"),
    "award.unknown": (
        "不是已知的奖项（按方案中的名称：{allowed}）",
        "unknown award kind (named as in the plan: {allowed})",
    ),
    "medal.unknown": ("不是已知的奖牌（金、银、铜）", "unknown medal (金、银、铜)"),
    "class.unknown": ("不是已知的竞赛类别（一类、二类）", "unknown competition class (一类、二类)"),
    "school.unknown": ("不是已知的技工院校班级（可填 {allowed}）", "unknown class (one of {allowed})"),
    # command-line options and output files
    "option.date": ("不是日期（YYYY-MM-DD）", "not a date (YYYY-MM-DD)"),
    "option.choice": ("可选 {allowed}", "one of {allowed}"),
    "option.one_format": ("只能选一种输出格式", "choose one output format"),
    "format.suffix": (
        "看不出文件后缀对应的格式：请用 --format 指定（{allowed}）",
        "cannot tell the format from the suffix; give --format ({allowed})",
    ),
    "format.unknown": ("不是已知的格式（可选 {allowed}）", "unknown format (one of {allowed})"),
    "option.no_folder": ("没有这个文件夹", "no such folder"),
    "target.syntax": (
        "应写作 类别:层级，类别为 {tracks}（例如 title:正高级）",
        "expected TRACK:LEVEL with TRACK one of {tracks} (e.g. title:正高级)",
    ),
    "target.exam": ("不是已知的考试（可选 {allowed}）", "unknown exam (one of {allowed})"),
    "target.level": ("不是已知的{ladder_zh}层级（可选 {allowed}）", "unknown {ladder} level (one of {allowed})"),
    "target.route": ("不是已知的途径（可选 {allowed}）", "unknown route (one of {allowed})"),
    "output.is_input": (
        "是输入文件：写到这里会覆盖它，请换一个输出文件",
        "is an input file: writing there would overwrite it; choose another output file",
    ),
    "output.folder": ("是文件夹：请给出文件名", "is a folder: give a file name"),
    "output.cannot": ("无法写入（{reason}）", "cannot write ({reason})"),
    "output.terminal": ("不会把图片写到终端：请用 -o FILE", "will not write a picture to a terminal; give -o FILE"),
}

# operating-system reasons (strerror) in Chinese
REASONS_ZH = {
    "Permission denied": "没有权限",
    "Is a directory": "是文件夹",
    "No such file or directory": "文件夹不存在",
    "No such device or address": "没有这个设备",
    "Read-only file system": "只读文件系统",
    "No space left on device": "磁盘已满",
    "Not a directory": "路径中有一段不是文件夹",
}

LADDER_ZH = {"skill": "技能", "title": "职称", "qualification": "职业资格"}

# the query language, saved queries and the REPL (tongguan.query, tongguan.cli.query, tongguan.cli.repl)
_QUERY_MESSAGES: dict[str, tuple[str, str]] = {
    "query.empty": ("查询是空的", "the query is empty"),
    "query.too_long": ("查询太长（最多 {limit} 个字符）", "the query is too long (at most {limit} characters)"),
    "query.too_many": ("查询的条件太多（最多 {limit} 个）", "too many literals in the query (at most {limit})"),
    "query.too_many_args": ("{where}参数太多（最多 {limit} 个）", "{where}too many arguments (at most {limit})"),
    "query.bad_char": ("{where}不能有字符 {char}", "{where}unexpected character {char}"),
    "query.unexpected": ("{where}此处不能有 {token}", "{where}unexpected {token}"),
    "query.unexpected_end": ("{where}查询不完整", "{where}the query ends too early"),
    "query.bad_date": ("{where}不是有效日期：{date}", "{where}not a valid date: {date}"),
    "query.unknown_predicate": (
        "{where}未声明的谓词 {name}（:predicates 列出全部）",
        "{where}undeclared predicate {name} (:predicates lists them)",
    ),
    "query.unknown_predicate_hint": ("{where}未声明的谓词 {name}；是不是 {hint}？", "{where}undeclared predicate {name}; did you mean {hint}?"),
    "query.arity": ("{where}{name} 有 {n} 个参数（{args}），这里给了 {got} 个", "{where}{name} takes {n} arguments ({args}), {got} given"),
    "query.unbound_negation": (
        "{where}否定 {literal} 中的变量 {var} 尚未绑定：请把绑定它的条件写在前面",
        "{where}variable {var} of the negation {literal} is not bound yet: put a literal binding it before",
    ),
    "query.unbound_comparison": (
        "{where}比较 {literal} 中的变量 {var} 尚未绑定：请把绑定它的条件写在前面",
        "{where}variable {var} of the comparison {literal} is not bound yet: put a literal binding it before",
    ),
    "query.builtin_inputs": (
        "{where}{name} 的前 {n} 个参数须先绑定（{var} 尚未绑定）",
        "{where}the first {n} arguments of {name} must be bound ({var} is not)",
    ),
    "query.needs_person": (
        "{where}{name} 是关于个人的谓词：请用 --profile 或 --roster 指定对象",
        "{where}{name} is about a person: give --profile or --roster",
    ),
    "query.too_costly": ("查询的中间结果超过 {limit} 个：请加条件缩小范围", "the query explores over {limit} bindings: narrow it"),
    "query.one_scope": ("--profile 与 --roster 只能选一个", "give either --profile or --roster, not both"),
    "query.unknown_saved": ("没有这个保存的查询（--list 列出全部）", "no saved query of that name (--list shows them)"),
    "query.saved_field": ("保存的查询缺少或写错了字段 {name}", "the saved query lacks or misspells the field {name}"),
    "query.no_profile": ("此查询针对个人：请用 --profile 或 --roster 指定对象", "this query is about a person: give --profile or --roster"),
    "roster.not_list": ("名单应是个人信息的列表（YAML/JSON 列表，或每行一个 JSON 的 JSONL）", "a roster is a list of profiles (YAML/JSON list, or JSONL)"),
    "roster.too_many": ("名单太长（最多 {limit} 人）", "the roster is too long (at most {limit} people)"),
    "repl.unknown_command": ("没有这个命令（:help 列出全部）", "no such command (:help lists them)"),
    "repl.explain_range": ("没有第 {n} 个答案（共 {count} 个）", "there is no answer {n} ({count} answers)"),
    "repl.explain_none": ("请先运行一个查询", "run a query first"),
}

MESSAGES.update(_QUERY_MESSAGES)


def render(key: str, lang: str, params: dict[str, Any] | None = None) -> str:
    """The message `key` in `lang` with `params` filled in; a text that is not a key is returned as is.

    Examples
    --------
    >>> render("number.min", "zh", {"limit": 1})
    '应不小于 1'
    >>> render("number.min", "en", {"limit": 1})
    'should be at least 1'
    >>> render("anything else", "en")
    'anything else'
    """
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    params = dict(params or {})
    if "ladder" in params:
        params.setdefault("ladder_zh", LADDER_ZH.get(params["ladder"], params["ladder"]))
    return pair[1 if lang == "en" else 0].format(**params)


def _clip(text: str, limit: int = ECHO_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_repr = reprlib.Repr()
_repr.maxstring = ECHO_LIMIT
_repr.maxother = ECHO_LIMIT
_repr.maxlevel = 2
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 4


def echo(value: Any) -> str:
    """A value as a user sees it in a message: quoted, clipped to `ECHO_LIMIT`, control characters escaped.

    Examples
    --------
    >>> echo("九级")
    "'九级'"
    >>> echo("\\x1b[31m红")
    "'\\\\x1b[31m红'"
    >>> len(echo("x" * 1000)) <= 82
    True
    >>> echo(None)
    'None'
    """
    if isinstance(value, str):
        return repr(_clip(value))
    if isinstance(value, dt.datetime):  # as the user wrote it
        return repr(value.isoformat(sep=" "))
    if isinstance(value, dt.date):
        return repr(value.isoformat())
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return "<" + _clip(f"{value.bit_length()}-bit integer", ECHO_LIMIT) + ">"
    try:
        text = _repr.repr(value)
    except Exception:  # pragma: no cover - a value whose repr fails
        text = f"<{type(value).__name__}>"
    return _clip(text if text.isprintable() else repr(text)[1:-1])


def echo_field(field: str) -> str:
    """A field path (may contain a user's key) clipped and with control characters escaped.

    Examples
    --------
    >>> echo_field("skills[0].level")
    'skills[0].level'
    >>> echo_field("a\\nb")
    'a\\\\nb'
    """
    text = _clip(str(field))
    return text if text.isprintable() else repr(text)[1:-1]
