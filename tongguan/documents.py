"""Reading a YAML or JSON document a user gives, bounded before it is built.

A profile is small: a few dozen values, four levels deep.  A file that is not (1,000 levels of nesting, an
alias bomb of a few hundred bytes that expands to millions of values, a 5,000-digit number, a megabyte of
text in one field) is refused while it is read — before PyYAML or the JSON decoder builds it — with a
`DocumentError` naming the place and the reason.  Everything a user can get wrong in the syntax (an
impossible date such as 2025-02-30, a duplicate key, a GBK file, a JSON file with a byte-order mark) is
reported the same way, never as a traceback.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
import yaml.reader
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, MappingEndEvent, ScalarEvent, SequenceEndEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .errors import DocumentError
from .messages import REASONS_ZH

try:  # libyaml's parser when PyYAML was built with it: the events come ~50x faster
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


__all__ = ["LIMITS", "Limits", "parse_json", "parse_yaml", "read_document"]


@dataclass(frozen=True)
class Limits:
    """Bounds of a document, checked while it is read.

    Attributes
    ----------
    size : int
        Bytes in the file.
    depth : int
        Nesting of lists and mappings (a profile needs 3).
    values : int
        Values in all, aliases counted as what they expand to.
    text : int
        Characters in one text value or key.
    digits : int
        Digits in one number.
    """

    size: int = 1_048_576
    depth: int = 16
    values: int = 10_000
    text: int = 200
    digits: int = 20

    @property
    def size_text(self) -> str:
        """The size limit for a message: ``1 MB``."""
        return f"{self.size // 1_048_576} MB" if self.size % 1_048_576 == 0 else f"{self.size} bytes"


LIMITS = Limits()

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "merge")}
_MERGE = _TAG + "merge"

# Causes of common syntax errors, in Chinese (the English text is PyYAML's / json's own).
_YAML_PROBLEMS_ZH = {
    "exceeded maximum nesting depth": "嵌套太深",
    "mapping values are not allowed": "这里不能出现「:」（缩进或冒号有误？）",
    "could not find expected ':'": "找不到应有的「:」",
    "found character '\\t' that cannot start any token": "含有制表符（YAML 缩进须用空格）",
    "found a tab character": "含有制表符（YAML 缩进须用空格）",
    "did not find expected key": "找不到应有的键（缩进有误？）",
    "did not find expected ',' or ']'": "缺少「,」或「]」",
    "did not find expected ',' or '}'": "缺少「,」或「}」",
    "did not find expected node content": "这里缺少值",
    "found undefined alias": "引用了未定义的别名",
    "found duplicate anchor": "锚点重复",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合？）",
    "found unknown escape character": "未知的转义字符",
    "expected a single document": "文件中有多个文档（---）",
    "but found another document": "文件中有多个文档（---）",
    "found unexpected ':'": "这里不能出现「:」",
    "found character that cannot start any token": "这里的字符不能开始一个值（需要加引号？）",
    "control characters are not allowed": "含有不允许的控制字符",
    "special characters are not allowed": "含有不允许的控制字符",
    "expected <block end>": "缩进有误",
    "while parsing a block mapping": "缩进有误",
    "expected a mapping for merging": "「<<」合并的必须是映射",
    "expected a mapping or list of mappings for merging": "「<<」合并的必须是映射",
}
_JSON_PROBLEMS_ZH = {
    "Expecting value": "这里应有一个值",
    "Expecting ',' delimiter": "缺少「,」",
    "Expecting ':' delimiter": "缺少「:」",
    "Expecting property name enclosed in double quotes": "键应放在双引号中",
    "Unterminated string starting at": "字符串缺少结尾的引号",
    "Invalid control character at": "字符串中含有控制字符",
    "Invalid \\escape": "无效的转义",
    "Invalid \\uXXXX escape": "无效的 \\u 转义",
    "Extra data": "值之后还有多余的内容",
    "Illegal trailing comma": "末尾多了一个逗号",
}


def _problem(table: dict[str, str], english: str) -> tuple[str, str]:
    english = (english or "syntax error").strip()
    for prefix, zh in table.items():
        if prefix in english:
            return zh, english
    return english, english


def _path_text(path: list[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


class _BoundedLoader(Composer, _Parser, SafeConstructor, Resolver):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader composing under `Limits`, with the path of every node for messages."""

    def __init__(self, text: str, limits: Limits, label: str, name: str):
        _Parser.__init__(self, text)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        Composer.__init__(self)
        self.limits, self.label, self.name = limits, label, name
        self.path: list[Any] = []
        self.depth = 0
        self.count = 0
        self.weight: dict[int, int] = {}

    def _error(self, key: str, mark: Any, **params: Any) -> DocumentError:
        return DocumentError(self.label, self.name, key, line=mark.line + 1 if mark else "?", **params)

    def _add(self, n: int, mark: Any) -> None:
        self.count += n
        if self.count > self.limits.values:
            raise DocumentError(self.label, self.name, "doc.too_many", limit=self.limits.values)

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            node = super().compose_node(parent, index)  # the anchored node (or PyYAML's undefined-alias error)
            weight = self.weight.get(id(node))
            if weight is None:
                raise self._error("doc.recursive_alias", event.start_mark)
            self._add(weight, event.start_mark)
            return node
        before = self.count
        event = self.peek_event()
        if not self.check_event(ScalarEvent):
            self.depth += 1
            if self.depth > self.limits.depth:
                raise self._error("doc.too_deep", event.start_mark, limit=self.limits.depth)
        self._add(1, event.start_mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            if not isinstance(event, ScalarEvent):
                self.depth -= 1
        self.weight[id(node)] = self.count - before
        return node

    def compose_scalar_node(self, anchor: Any) -> ScalarNode:
        node = super().compose_scalar_node(anchor)
        where = _path_text(self.path) or self.label
        if node.tag not in _SCALAR_TAGS:
            raise self._error("doc.tag", node.start_mark, tag=node.tag.replace(_TAG, "!!"))
        if node.tag == _TAG + "int" and len(node.value.strip("+-").replace("_", "")) > self.limits.digits:
            raise DocumentError(where, node.value, "doc.long_number", limit=self.limits.digits)
        if len(node.value) > self.limits.text:
            raise DocumentError(where, node.value, "text.too_long", limit=self.limits.text)
        if node.tag == _TAG + "timestamp":
            try:
                self.construct_yaml_timestamp(node)
            except (ValueError, AttributeError, OverflowError):
                raise DocumentError(where, node.value, "date.invalid") from None
        return node

    def compose_sequence_node(self, anchor: Any) -> SequenceNode:
        start = self.peek_event()
        if start.tag not in (None, "!", _TAG + "seq"):
            raise self._error("doc.tag", start.start_mark, tag=start.tag.replace(_TAG, "!!"))
        node = SequenceNode(_TAG + "seq", [], start.start_mark, None, flow_style=start.flow_style)
        self.get_event()
        if anchor is not None:
            self.anchors[anchor] = node
        index = 0
        while not self.check_event(SequenceEndEvent):
            self.path.append(index)
            node.value.append(self.compose_node(node, index))
            self.path.pop()
            index += 1
        node.end_mark = self.get_event().end_mark
        return node

    def compose_mapping_node(self, anchor: Any) -> MappingNode:
        start = self.peek_event()
        if start.tag not in (None, "!", _TAG + "map"):
            raise self._error("doc.tag", start.start_mark, tag=start.tag.replace(_TAG, "!!"))
        node = MappingNode(_TAG + "map", [], start.start_mark, None, flow_style=start.flow_style)
        self.get_event()
        if anchor is not None:
            self.anchors[anchor] = node
        seen: dict[Any, int] = {}
        while not self.check_event(MappingEndEvent):
            key_event = self.peek_event()
            self.path.append("?")
            key = self.compose_node(node, None)
            self.path.pop()
            if not isinstance(key, ScalarNode):
                raise self._error("doc.complex_key", key_event.start_mark)
            self.path.append(key.value)
            if key.tag != _MERGE:
                ident = self._key_identity(key)
                if ident in seen:
                    raise DocumentError(
                        _path_text(self.path),
                        key.value,
                        "doc.duplicate_key",
                        line=key.start_mark.line + 1,
                        first=seen[ident],
                    )
                seen[ident] = key.start_mark.line + 1
            value = self.compose_node(node, key)
            self.path.pop()
            node.value.append((key, value))
        node.end_mark = self.get_event().end_mark
        return node

    def _key_identity(self, key: ScalarNode) -> Any:
        if key.tag in (_TAG + "int", _TAG + "bool", _TAG + "null", _TAG + "timestamp"):
            return (key.tag, self.construct_object(key))
        return (key.tag, key.value)


def parse_yaml(text: str, limits: Limits = LIMITS, label: str = "document", name: str = "") -> Any:
    """Build a YAML document under `limits`; `label` and `name` (the file) appear in whole-document errors.

    Examples
    --------
    >>> parse_yaml("skills: [{level: 技师, obtained: 2018-01-01}]")
    {'skills': [{'level': '技师', 'obtained': datetime.date(2018, 1, 1)}]}
    >>> parse_yaml("obtained: 2025-02-30")
    Traceback (most recent call last):
    tongguan.errors.DocumentError: obtained：'2025-02-30'：不是有效的日期（写作 YYYY-MM-DD，且这一天存在）
    """
    loader = _BoundedLoader(text, limits, label, name)
    try:
        node = loader.get_single_node()
        return None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        zh, en = _problem(_YAML_PROBLEMS_ZH, exc.problem or exc.context or "")
        raise _syntax(
            "yaml.syntax", label, name, mark.line + 1 if mark else "?", mark.column + 1 if mark else "?", zh, en
        ) from None
    except yaml.reader.ReaderError as exc:
        pos = exc.position if isinstance(exc.position, int) else 0
        line, column = text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        zh, en = f"含有不允许的字符 {char}", f"the character {char} is not allowed"
        raise _syntax("yaml.syntax", label, name, line, column, zh, en) from None
    except yaml.YAMLError as exc:  # pragma: no cover - errors without a mark
        raise _syntax("yaml.syntax", label, name, "?", "?", str(exc), str(exc)) from None
    finally:
        loader.dispose()


def _syntax(key: str, label: str, name: str, line: Any, column: Any, zh: str, en: str) -> DocumentError:
    return DocumentError(label, name, key, line=line, column=column, problem=zh, en={"problem": en})


class _Pairs(list):
    """A JSON object as its (key, value) pairs, so duplicate keys can be found."""


class _LongNumber(str):
    """A JSON number with more digits than the limit (kept as text to be reported with its place)."""


def parse_json(text: str, limits: Limits = LIMITS, label: str = "document", name: str = "") -> Any:
    """Build a JSON document under `limits`.

    Examples
    --------
    >>> parse_json('{"assessments": {"2024": "合格"}}')
    {'assessments': {'2024': '合格'}}
    >>> parse_json('{"a": 1, "a": 2}')
    Traceback (most recent call last):
    tongguan.errors.DocumentError: a：'a'：键重复
    """

    def number(s: str) -> Any:
        return _LongNumber(s) if len(s.lstrip("-")) > limits.digits else int(s)

    try:
        data = json.loads(text, object_pairs_hook=_Pairs, parse_int=number)
    except json.JSONDecodeError as exc:
        zh, en = _problem(_JSON_PROBLEMS_ZH, exc.msg)
        raise _syntax("json.syntax", label, name, exc.lineno, exc.colno, zh, en) from None
    except RecursionError:
        raise DocumentError(
            label, name, "doc.too_deep", limit=limits.depth, line=_json_deep_line(text, limits)
        ) from None
    except ValueError as exc:  # pragma: no cover - a float or constant json cannot convert
        raise _syntax("json.syntax", label, name, "?", "?", str(exc), str(exc)) from None
    return _build_json(data, limits, label, name, text)


def _build_json(data: Any, limits: Limits, label: str, name: str, text: str) -> Any:
    """Turn `_Pairs` into dicts, checking depth, size, duplicate keys, long texts and numbers, iteratively."""
    count = 0

    def leaf(value: Any, path: list[Any]) -> Any:
        if isinstance(value, _LongNumber):
            raise DocumentError(_path_text(path) or label, str(value), "doc.long_number", limit=limits.digits)
        if isinstance(value, str):
            if len(value) > limits.text:
                raise DocumentError(_path_text(path) or label, value, "text.too_long", limit=limits.text)
            if _SURROGATE.search(value):  # a "\ud800" escape: no UTF-8 for it, so no report or terminal either
                where = _path_text([*path[:-1], _escaped(path[-1])]) if path else label
                raise DocumentError(where or label, value, "text.surrogate")  # (the value is shown escaped)
        return value

    def container(value: Any) -> Any:
        return {} if isinstance(value, _Pairs) else [] if isinstance(value, list) else None

    root = container(data)
    if root is None:
        return leaf(data, [])
    stack: list[tuple[Any, Any, list[Any]]] = [(data, root, [])]
    while stack:
        src, dst, path = stack.pop()
        if len(path) >= limits.depth:
            raise DocumentError(label, name, "doc.too_deep", limit=limits.depth, line=_json_deep_line(text, limits))
        count += len(src)
        if count > limits.values:
            raise DocumentError(label, name, "doc.too_many", limit=limits.values)
        items = src if isinstance(src, _Pairs) else enumerate(src)
        for key, value in items:
            here = [*path, key]
            if isinstance(src, _Pairs):
                leaf(key, here)
                if key in dst:
                    raise DocumentError(_path_text(here), key, "doc.duplicate")
            child = container(value)
            if child is None:
                child = leaf(value, here)
            else:
                stack.append((value, child, here))
            if isinstance(dst, dict):
                dst[key] = child
            else:
                dst.append(child)
    return root


_SURROGATE = re.compile("[\ud800-\udfff]")


def _escaped(value: Any) -> Any:
    """A key with its lone surrogates written ``\\ud800`` (printable, encodable: a path can show it)."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8") if isinstance(value, str) else value


def _json_deep_line(text: str, limits: Limits) -> int | str:
    """The line where `text` first nests deeper than the limit (strings blanked out first)."""
    blank = re.sub(r'"(?:[^"\\\n]|\\.)*"', lambda m: " " * len(m.group()), text)
    depth = 0
    for m in re.finditer(r"[\[\]{}]", blank):
        depth += 1 if m.group() in "[{" else -1
        if depth > limits.depth:
            return text.count("\n", 0, m.start()) + 1
    return "?"


def _decode(raw: bytes, label: str, name: str) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DocumentError(label, name, "file.utf16")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            other = raw.decode("gb18030")
        except UnicodeDecodeError:
            other = ""
        if re.search(r"[\u4e00-\u9fff]", other):
            raise DocumentError(label, name, "file.gbk") from None
        raise DocumentError(label, name, "file.encoding", line=raw.count(b"\n", 0, exc.start) + 1) from None
    if "\x00" in text:
        raise DocumentError(label, name, "file.binary")
    return text


def read_document(path: str | Path, limits: Limits = LIMITS, label: str = "PROFILE") -> Any:
    """Read a YAML or JSON file (JSON by the ``.json`` suffix) under `limits`; raises `DocumentError`.

    A UTF-8 byte-order mark is accepted; a GBK or UTF-16 file is refused with a hint to save it as UTF-8.
    An empty file is an error; a file with only comments gives ``None``.
    """
    path = Path(path)
    name = str(path)
    try:
        if path.is_dir():
            raise DocumentError(label, name, "file.folder")
        with open(path, "rb") as fh:
            raw = fh.read(limits.size + 1)
    except FileNotFoundError:
        raise DocumentError(label, name, "file.missing") from None
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        zh = REASONS_ZH.get(reason, reason)
        raise DocumentError(label, name, "file.unreadable", reason=zh, en={"reason": reason}) from None
    if len(raw) > limits.size:
        raise DocumentError(label, name, "file.too_large", limit=limits.size_text)
    text = _decode(raw, label, name)
    if not text.strip():
        raise DocumentError(label, name, "file.empty")
    if path.suffix.lower() == ".json":
        return parse_json(text, limits, label, name)
    return parse_yaml(text, limits, label, name)
