"""The query language, saved queries and the REPL (tongguan.query, cli.query, cli.repl)."""

# the query language, saved queries and the REPL (tongguan.query, tongguan.cli.query, tongguan.cli.repl)
MESSAGES: dict[str, tuple[str, str]] = {
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

