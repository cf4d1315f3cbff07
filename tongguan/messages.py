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
    "output.exists": (
        "已存在：不会覆盖（要覆盖请加 --force）",
        "already exists: it is not overwritten (give --force to overwrite it)",
    ),
    # rosters (tongguan batch)
    "roster.suffix": (
        "看不出名单的格式：请用 --roster-format 指定（{allowed}）",
        "cannot tell the roster's format from the suffix; give --roster-format ({allowed})",
    ),
    "roster.not_xlsx": ("不是可读的 XLSX 工作簿", "is not a readable XLSX workbook"),
    "roster.not_parquet": ("不是可读的 Parquet 文件", "is not a readable Parquet file"),
    "roster.unzipped": ("XLSX 解压后太大（上限 {limit}）", "the XLSX is too large once uncompressed (the limit is {limit})"),
    "roster.too_many_rows": ("行数太多（上限 {limit} 行）", "too many rows (the limit is {limit})"),
    "roster.too_many_columns": ("列数太多（上限 {limit} 列）", "too many columns (the limit is {limit})"),
    "roster.no_header": ("没有表头行", "there is no header row"),
    "roster.column_unknown": (
        "不是名单的列（列名见 docs/roster.md）",
        "is not a roster column (the columns are in docs/roster.md)",
    ),
    "roster.column_twice": ("与「{other}」是同一列", "is the same column as {other!r}"),
    "roster.no_column": ("这一列没有表头", "this column has no header"),
    "roster.line_long": ("这一行太长（上限 {limit}）", "the line is too long (the limit is {limit})"),
    "roster.csv": ("不是有效的 CSV（{detail}）", "is not valid CSV ({detail})"),
    "roster.assessments": (
        "应写作 年份:等次，用分号隔开（如 2023:合格；2024:优秀）",
        "expected YEAR:GRADE separated by semicolons (e.g. 2023:合格；2024:优秀)",
    ),
    "roster.assessment_twice": ("{year} 年的考核填了两次", "the assessment of {year} is given twice"),
    "roster.rows_differ": (
        "与同一人第 {first} 行所填不同",
        "differs from what row {first} of the same person gives",
    ),
    "roster.id_repeated": (
        "已在第 {first} 行出现：同一人的多行须相邻",
        "already on row {first}: the rows of one person must be adjacent",
    ),
    "roster.since_after": (
        "晚于评估日期 {as_of}（应是评估日期之前的日期）",
        "is after the date of evaluation {as_of} (it should be before it)",
    ),
    "roster.by_before": (
        "早于评估日期 {as_of}（应是评估日期之后的日期）",
        "is before the date of evaluation {as_of} (it should be after it)",
    ),
    "roster.internal": ("这一行无法评估（程序错误：{detail}）", "this row could not be evaluated (a bug: {detail})"),
    "output.terminal": ("不会把图片写到终端：请用 -o FILE", "will not write a picture to a terminal; give -o FILE"),
    # `tongguan ask`
    "ask.title": ("{who} 可申报事项（截至 {day}）", "{who}: what can be applied for (as of {day})"),
    "ask.col.option": ("申报事项", "Option"),
    "ask.col.status": ("状态", "Status"),
    "ask.col.earliest": ("最早日期", "Earliest"),
    "ask.col.details": ("说明", "Details"),
    "ask.none": (
        "{who}截至 {day}，没有可申报的事项（用 --all 查看不符合的事项及原因）。",
        "{who}As of {day}, nothing can be applied for (--all lists the ineligible options and why).",
    ),
    "ask.further": (
        "可进一步了解（取决于多数人没有、档案也未写明的条件；如您具备，可报名）：",
        "You may also look into (these depend on facts most people do not have and the profile does not "
        "state; if you have them, you can apply):",
    ),
    "ask.review": ("评委会审查 {n} 项", "{n} item(s) for the committee"),
    "ask.review_hint": (
        "评委会审查的事项不影响能否申报；用 --detail 列出。",
        "The committee's items never block an application; --detail lists them.",
    ),
    "ask.detail": (
        "评委会审查事项（不影响能否申报，由评审委员会审查）：",
        "Items the committee reviews (they never block an application):",
    ),
    "ask.note": ("注：{note}", "Note: {note}"),
    "ask.held_elsewhere": (
        "已持有{what}（其他系列或职业，不影响本项申报）",
        "holds {what} (another series or occupation: no bar to this option)",
    ),
    "ask.exempt": ("可免{what}（{clauses}）", "exempt from {what} ({clauses})"),
    "ask.sep": ("、", ", "),
    # the command line's help (tongguan.cli.help)
    "help.cmd.root": (
        "通桥：四川省高技能人才与专业技术人才职业发展贯通——一个人可以申报什么，为什么。"
        "各命令的输出默认为中文，加 --lang en 为英文。",
        "通桥 tongguan: Sichuan's plan bridging high-skill and professional-technical careers — what a "
        "person can apply for, and why. Output is Chinese by default, English with --lang en.",
    ),
    "help.cmd.ask": (
        "此人可申报的事项：每一项职称、技能等级和考试，按途径列出状态、最早日期和一句说明。",
        "What this person can apply for: every title, skill level and exam, by route, with status, "
        "earliest date and a plain sentence.",
    ),
    "help.cmd.explain": (
        "为什么：每项的推导过程，引用方案原文；为什么不能；怎样才能改变结果。",
        "Why: the derivation of every option, quoting the plan; why not; what would change the answer.",
    ),
    "help.cmd.graph": (
        "画出立交桥：两条阶梯并列，由规则得出的贯通关系，可标出某人的位置和最快路径。",
        "Draw the overpass (立交桥): both ladders side by side, the crossings between them, from the rules.",
    ),
    "help.cmd.paths": (
        "到达目标层级的最快路径（跨两条阶梯），逐步列出日期和依据条款。",
        "The fastest dated paths to a target level across both ladders, step by step with clauses.",
    ),
    "help.cmd.audit": (
        "按方案原文及其原则审核规则库；有检查不通过时退出码为 1。",
        "Audit the rule base against the plan and its own principles; exit 1 when a check fails.",
    ),
    "help.arg.roster": ('名册：.jsonl（每行一份档案）、.csv、.xlsx 或 .parquet。', 'Roster: .jsonl (one profile a line), .csv, .xlsx or .parquet.'),
    "help.opt.report": ('报告：.xlsx（汇总 + 明细两个工作表）、.csv、.jsonl 或 .parquet。', 'Report: .xlsx (汇总 + 明细), .csv, .jsonl or .parquet.'),
    "help.opt.batch_as_of": ('按此日期评估名册中的每个人（YYYY-MM-DD）。', 'Evaluate everyone at this date (YYYY-MM-DD).'),
    "help.opt.newly_eligible_since": ('标出自此日期以来新具备申报条件的人（通知名单）。', 'Flag who became eligible for something since this date.'),
    "help.opt.eligible_by": ('标出到此日期（将来）时将具备申报条件的人。', 'Flag who will be eligible by this future date.'),
    "help.opt.engine": ('推理引擎的后端。', "The engine's back end."),
    "help.opt.jobs": ('并行进程数（每个进程一个引擎）。', 'Worker processes (one engine each).'),
    "help.opt.batch_all": ('明细中也列出不符合条件的事项。', 'Also list ineligible options in the detail.'),
    "help.opt.force": ('覆盖已存在的报告。', 'Overwrite an existing report.'),
    "help.opt.report_format": ('文件后缀不能说明时，报告的格式。', 'Report format when the suffix does not say.'),
    "help.opt.roster_format": ('文件后缀不能说明时，名册的格式。', 'Roster format when the suffix does not say.'),
    "help.cmd.reform": ("模拟改革：名册中的每个人按现行方案与改革后的方案各评估一次，统计谁获得、失去某一途径，或最早日期提前、推迟（报告与图表）。", "Simulate a reform: every person of a roster under the plan and under the variant; who gains or loses a route, or gets it earlier or later (report and chart)."),
    "help.cmd.diff": ("逐条列出改革对方案的改动：规则、条款编号及原文、词表。", "List rule by rule what a reform changes in the plan: rules, clause IDs and sentences, vocabulary."),
    "help.arg.reform": ("改革文件（YAML，见 docs/reform.md）。", "Reform file (YAML, see docs/reform.md)."),
    "help.arg.diff_base": ("基准规则库文件夹（默认：随附的 kb/）。", "Base KB folder (default: the shipped kb/)."),
    "help.opt.reform": ("改革文件（YAML，见 docs/reform.md）：对改革后的方案操作。", "Reform file (YAML, see docs/reform.md): work on the variant policy."),
    "help.opt.reform_roster": ("名册：.jsonl、.csv、.xlsx 或 .parquet（同 tongguan batch）。", "Roster: .jsonl, .csv, .xlsx or .parquet (as tongguan batch reads)."),
    "help.opt.reform_report": ("报告：.xlsx（汇总、明细、改革三个工作表），或 .csv / .jsonl（明细；汇总另存为 名称-summary）。", "Report: .xlsx (汇总, 明细, 改革 sheets), or .csv / .jsonl (the detail; the summary beside it as NAME-summary)."),
    "help.opt.reform_chart": ("图表（PNG，默认与报告同名）：各事项获得与失去的人数。", "Chart (PNG, by default named as the report): gains and losses per option."),
    "help.cmd.batch": ('筛查整份名册：每人可申报的事项，每人一行汇总、每个事项一行明细。', "Screen a roster: every person's options, a summary row each and a detail row per option."),
    "help.arg.query": ("已保存查询的名称（见 --list）或一条查询，例如 'award_opens(K, L)'。", "A saved query's name (see --list) or a query, e.g. 'award_opens(K, L)'."),
    "help.opt.query_profile": ('查询此人（档案文件）。', 'Ask about this person (a profile file).'),
    "help.opt.query_roster": ('查询名册中的每个人（JSONL，或 YAML/JSON 列表）。', 'Ask about everyone of a roster (JSONL, or a YAML/JSON list).'),
    "help.opt.query_json": ('以 JSON 输出答案。', 'Print the answers as JSON.'),
    "help.opt.query_csv": ('以 CSV 输出答案。', 'Print the answers as CSV.'),
    "help.opt.query_list": ('列出已保存的查询及其用途。', 'List the saved queries with their purposes.'),
    "help.opt.query_as_of": ('按此日期评估（YYYY-MM-DD）。', 'Evaluate people at this date (YYYY-MM-DD).'),
    "help.opt.query_output": ('写入此文件（而不是标准输出）。', 'Write to this file instead.'),
    "help.opt.repl_profile": ('以此人为查询范围开始。', 'Start with this person as the scope.'),
    "help.opt.repl_roster": ('以此名册为查询范围开始。', 'Start with this roster as the scope.'),
    "help.cmd.query": ("查询知识库：规则、条款、依赖关系，或某人的事实与推导（docs/query.md）。", "Ask the knowledge base: rules, clauses, dependencies, or a person's facts and derivations (docs/query.md)."),
    "help.cmd.repl": ("交互式查询会话：Tab 补全、历史记录、:predicates、:load、:roster、:explain N。", "An interactive query session: Tab completion, history, :predicates, :load, :roster, :explain N."),
    "help.opt.root_kb": (
        "政策文件夹（默认：随附的 kb/；也可用环境变量 TONGGUAN_KB）：另一省份或另一版本的规则。",
        "The policy folder (default: the shipped kb/; or $TONGGUAN_KB): another province's or version's rules.",
    ),
    "help.opt.host": ('监听的地址。', 'Address to listen on.'),
    "help.opt.port": ('监听的端口。', 'Port to listen on.'),
    "help.opt.engine_threads": ('每个进程的推理线程数（每个线程编译一次规则库）。', 'Engine threads per process (each compiles the KB once).'),
    "help.opt.processes": ('服务进程数（推理占用 CPU：每个核一个）。', 'Server processes (the engine is CPU-bound: one per core).'),
    "help.opt.report_output": ('把决定页（HTML，或 .pdf）写到这里。', 'Write the HTML page (or .pdf) here.'),
    "help.cmd.serve": ("打开网页：面向职工、人力资源部门和人社服务窗口的问答页面及其 JSON 接口。", "Serve the web page for workers, HR officers and service windows, and its JSON API."),
    "help.cmd.report": ("写出某人的决定页（可打印的 HTML）：各事项、依据条款、待确认事项和日期。", "Write a person's decision page (printable HTML): each option, its clauses, what to confirm, the dates."),
    "paths.someone": ("此人", "This person"),
    "paths.title": ("{who} → {target}：最快路径（截至 {day}）", "{who} → {target}: the fastest paths (as of {day})"),
    "paths.assumptions": ("假设：{text}。", "Assumed: {text}."),
    "paths.note": ("注：{text}", "Note: {text}"),
    "paths.already": ("已持有{target}（或更高层级），无需路径。", "{target} (or a higher level) is held already: no path is needed."),
    "paths.none": (
        "在 6 步、40 年之内没有找到到达目标的路径（用 tongguan ask --all 查看各途径缺少的条件）。",
        "No path to the target within 6 steps and 40 years (tongguan ask --all shows what each route lacks).",
    ),
    "paths.path": ("路径 {i}：{day} 到达，{n} 步", "Path {i}: arrives {day}, {n} steps"),
    "paths.outside": ("层级内晋升（本方案之外）", "within-ladder promotion (outside the plan)"),
    "paths.no_source": ("无出处", "no source"),
    "paths.basis": ("依据：{where}", "clauses: {where}"),
    "paths.to_confirm": ("待确认：{text}", "to confirm: {text}"),
    "paths.review": ("评委会审查（{clause}）：{text}", "the committee reviews ({clause}): {text}"),
    "paths.also": ("同日亦可：{text}", "the same day also: {text}"),
    "paths.award_header": (
        "以下需要获奖，不由本人决定（如果获得…）：",
        "These need an award, not in your control (if you win …):",
    ),
    "paths.award_path": (
        "路径 {i}（如果获得{award}）：{day} 到达，{n} 步",
        "Path {i} (if you win {award}): arrives {day}, {n} steps",
    ),
    "paths.award_also": ("获得以下任一亦同：{text}", "or if you win any of: {text}"),
    "paths.award_step": ("须先获得{award}", "needs {award} first"),
    "help.opt.paths_reform": (
        "一份有生效日期（effective）的改革文件：生效之日起的步骤按改革后的规则规划。",
        "A reform file with an effective date: the steps from that day are planned under its rules.",
    ),
    "help.arg.profile": ("档案文件（YAML 或 JSON）。", "Profile file (YAML or JSON)."),
    "help.opt.as_of": ("按此日期评估（YYYY-MM-DD）。", "Evaluate at this date (YYYY-MM-DD)."),
    "help.opt.json": ("以 JSON 输出（供程序读取）。", "Print JSON (for programs)."),
    "help.opt.md": ("以 Markdown 输出。", "Print Markdown."),
    "help.opt.html": ("输出一个独立的 HTML 页面。", "Print a self-contained HTML page."),
    "help.opt.all": ("同时列出不符合的事项及原因。", "Also list ineligible options, with reasons."),
    "help.opt.detail": ("列出每项的评委会审查事项。", "List each option's committee-review items."),
    "help.opt.explain": (
        "同时输出每项的推导过程和不能申报的原因。",
        "Also print each option's proof tree and why-not.",
    ),
    "help.opt.target": (
        "怎样才能申报 类别:层级，例如 title:副高级。",
        "What would make TRACK:LEVEL possible, e.g. title:副高级.",
    ),
    "help.opt.option": (
        "只看这一项：类别:层级[:途径]，例如 title:副高级。",
        "Only this option: TRACK:LEVEL[:ROUTE], e.g. title:副高级.",
    ),
    "help.opt.held": ("同时解释已持有的层级。", "Also explain levels already held."),
    "help.opt.full": (
        "输出完整的推导过程（供审核），而不是简短说明。",
        "Print the full proof trees (for auditors) instead of the short explanation.",
    ),
    "help.opt.output": ("写入此文件，而不是标准输出。", "Write to this file instead of standard output."),
    "help.opt.format": (
        "png | svg | html | dot | graphml（默认按 -o 的后缀，否则 png）。",
        "png | svg | html | dot | graphml (default: from -o, else png).",
    ),
    "help.opt.profile": ("标出此人的位置和最快路径。", "Highlight this person's position and fastest path."),
    "help.opt.graph_as_of": ("按此日期评估档案（YYYY-MM-DD）。", "Evaluate the profile at this date (YYYY-MM-DD)."),
    "help.opt.graph_to": ("标出的路径的目标，例如 title:正高级。", "Target of the highlighted path, e.g. title:正高级."),
    "help.opt.assumptions": ("覆盖层级内晋升关系的 YAML 文件。", "YAML overrides of the within-ladder edges."),
    "help.opt.plan_only": ("不画本方案之外的层级内晋升关系。", "Leave out the within-ladder edges from outside the plan."),
    "help.opt.to": ("目标：title:层级、skill:层级 或 exam:考试。", "Target: title:LEVEL, skill:LEVEL or exam:NAME."),
    "help.opt.k": ("列出几条路径（最快的在前）。", "How many paths (the fastest first)."),
    "help.opt.paths_as_of": ("从此日期起算（YYYY-MM-DD）。", "Start from this date (YYYY-MM-DD)."),
    "help.opt.kb": ("要审核的规则库文件夹（默认：随附的 kb/）。", "KB folder to audit (default: the shipped kb/)."),
    "help.opt.ask_reform": ("按改革后的方案回答（改革文件，见 docs/reform.md）。", "Answer under the variant a reform file makes (docs/reform.md)."),
    "help.opt.audit_reform": ("审核改革后的方案（改革文件，见 docs/reform.md）；规则库自带的案例不对其运行。", "Audit the variant a reform file makes (docs/reform.md); the KB's own cases are not run on it."),
    "help.opt.no_cases": ("不运行规则库自带的案例（kb/cases/）：更快。", "Do not run the KB's own cases (kb/cases/): faster."),
    "help.opt.lang": (
        "输出语言：zh（中文，默认）或 en（英文）；也可用环境变量 TONGGUAN_LANG。",
        "Language of the output: zh (Chinese, the default) or en (English); or set TONGGUAN_LANG.",
    ),
    "help.opt.version": ("显示版本并退出。", "Show the version and exit."),
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

# reforms and variant policies (tongguan.reform, tongguan.cli.reform)
_REFORM_MESSAGES: dict[str, tuple[str, str]] = {
    "reform.no_effective": ("该版本没有生效日期（effective），不能用于跨版本规划", "this version has no effective date (effective): a plan cannot cross to it"),
    "reform.not_mapping": ("改革文件应是一个映射（name、purpose、changes）", "a reform file is a mapping (name, purpose, changes)"),
    "reform.unknown_key": ("不认识的键（可用：{allowed}）", "unknown key (allowed: {allowed})"),
    "reform.name": ("改革的名称应为小写字母、数字和 -（最多 64 个）", "a reform's name is lower-case letters, digits and - (at most 64)"),
    "reform.changes": ("changes 应是非空列表", "changes is a non-empty list"),
    "reform.change_kind": ("每项修改只能是以下之一：{kinds}", "each change is exactly one of: {kinds}"),
    "reform.unknown_rule": ("规则库中没有这条规则", "no such rule in the KB"),
    "reform.set": ("set 应是 {参数: 数值} 的映射", "set is a mapping {PARAMETER: VALUE}"),
    "reform.unknown_param": ("规则 {rule} 没有这个参数（其参数：{known}）", "rule {rule} has no such parameter (its parameters: {known})"),
    "reform.param_value": ("参数的值应是非负整数", "a parameter's value is a whole number ≥ 0"),
    "reform.clause": ("条款应写作 {id, text, parent}", "a clause is {id, text, parent}"),
    "reform.clause_exists": ("已有这个条款编号", "a clause with this ID exists"),
    "reform.unknown_clause": ("方案中没有这个条款", "no such clause in the plan"),
    "reform.rule": ("新增的规则应是一个映射（同 kb/rules/*.yaml）", "an added rule is a mapping (as in kb/rules/*.yaml)"),
    "reform.rule_exists": ("已有这个规则编号", "a rule with this ID exists"),
    "reform.rule_syntax": ("规则写法有误：{detail}", "the rule is malformed: {detail}"),
    "reform.unknown_predicate": ("kb/predicates.yaml 中没有这个谓词", "no such predicate in kb/predicates.yaml"),
    "reform.no_clause": ("新增的规则须注明所依据的条款（clauses）", "an added rule names the clauses it encodes (clauses)"),
    "reform.no_source": ("新增的规则须引用其原文（source）", "an added rule quotes its sentence (source)"),
    "reform.unknown_vocabulary": ("vocabulary.yaml 中没有这个路径", "no such path in vocabulary.yaml"),
    "reform.vocabulary_list": ("这个词表路径不是列表", "this vocabulary path is not a list"),
    "reform.not_in_list": ("{path} 中没有这一项", "not an item of {path}"),
    "reform.already_in_list": ("{path} 中已有这一项", "already an item of {path}"),
}
MESSAGES.update(_REFORM_MESSAGES)


# `tongguan audit`: the report's titles, heads and words (tongguan.audit.render, tongguan.audit.report)
_AUDIT_MESSAGES: dict[str, tuple[str, str]] = {
    "audit.check.kb": ("规则库文件夹可以加载（YAML 文件与规则格式正确）", "The KB folder loads (well-formed YAML and rules)"),
    "audit.check.coverage": (
        "覆盖：方案的每一条款或由规则引用，或列为未编码；引用、原文、解读注记",
        "Coverage: every clause cited by a rule or listed as not encoded; citations, quotes, notes",
    ),
    "audit.check.words": (
        "原文与规则相符：每条规则的条件与所引原文一致（年限、名次、等级、奖项、奖牌、列举、条件），双向核对",
        "Quote–body agreement: each rule's body says what its sentence says (years, placings, levels, awards, medals, lists, conditions), both ways",
    ),
    "audit.check.structure": (
        "方案结构：等级标题、A1-5/A2-5 的基本条件、词表中的列举",
        "The plan's structure: level headings, the basic conditions of A1-5/A2-5, the vocabulary's enumerations",
    ),
    "audit.check.hygiene": (
        "规则规范：谓词、参数个数、变量安全、分层、重复、词表、引擎限制",
        "Rule hygiene: predicates, arity, safety, stratification, duplicates, vocabulary, engine restriction",
    ),
    "audit.check.graph": ("立交桥图：无路可达的层级、环路、捷径", "Overpass graph: unreached levels, cycles, shortcuts"),
    "audit.check.dead-rules": ("死规则：任何有效档案都不能触发的申报规则", "Dead rules: option rules no valid profile can fire"),
    "audit.check.cases": ("规则库自带的案例（kb/cases/）在本规则库上运行", "The policy's own cases (kb/cases/) run against this KB"),
    "audit.check.plan-facts": (
        "已接受的方案事实（kb/plan_facts.yaml）格式正确，且仍各对应一项发现",
        "Accepted plan facts (kb/plan_facts.yaml) are well-formed and still match a finding",
    ),
    "audit.summary.clean": (
        "审核通过：错误 {error} 项，警告 {warning} 项，已记录的方案事实 {fact} 项",
        "audit clean: {error} error{error_s}, {warning} warning{warning_s}, {fact} documented plan fact{fact_s}",
    ),
    "audit.summary.failed": (
        "审核未通过：错误 {error} 项，警告 {warning} 项，已记录的方案事实 {fact} 项",
        "audit FAILED: {error} error{error_s}, {warning} warning{warning_s}, {fact} documented plan fact{fact_s}",
    ),
    "audit.timing": ("审核用时 {seconds} 秒", "audited in {seconds} s"),
    "audit.timing.cases_pass": ("；运行案例 {n} 个，用时 {seconds} 秒，全部通过", "; {n} cases run in {seconds} s, all pass"),
    "audit.timing.cases_failing": (
        "；运行案例 {n} 个，用时 {seconds} 秒，{failed} 个未通过",
        "; {n} cases run in {seconds} s, {failed} failing",
    ),
    "audit.timing.cases_skipped": ("；未运行案例（{why}）", "; cases not run ({why})"),
    "audit.kb": ("规则库", "KB"),
    "audit.title.report": ("规则库审核报告", "Audit of the rule base"),
    "audit.title.summary": ("概要", "Summary"),
    "audit.title.checks": ("各项检查", "Checks"),
    "audit.title.findings": ("发现", "Findings"),
    "audit.title.coverage": ("各部分的覆盖情况", "Coverage per section"),
    "audit.title.balance": ("贯通所需年限的平衡", "Balance of the crossings"),
    "audit.title.graph": ("立交桥图", "Overpass graph"),
    "audit.title.register": ("解读登记表", "Interpretation register"),
    "audit.md.verdict": ("{kb} 的 `tongguan audit` 结果：**{summary}**", "`tongguan audit` on {kb}: **{summary}**"),
    "audit.md.graph": (
        "仅方案中的途径：{nodes} 个节点（等级、考试、奖项、技工院校班级），{edges} 条途径；"
        "无路可达：{unreached}；跨两条阶梯的环路：{cycles} 个（例如 {examples}）；捷径：{shortcuts} 条。",
        "Plan routes only: {nodes} nodes (levels, exams, awards, school classes), {edges} routes; "
        "unreached: {unreached}; cycles across the ladders: {cycles} (e.g. {examples}); shortcuts: {shortcuts}.",
    ),
    "audit.graph_line": (
        "立交桥（方案中的途径）：{nodes} 个节点，{edges} 条途径；跨两条阶梯的环路 {cycles} 个；捷径 {shortcuts} 条",
        "Overpass (plan routes): {nodes} nodes, {edges} routes; cycles across the ladders: {cycles}; shortcuts: {shortcuts}",
    ),
    "audit.none": ("无", "none"),
    "audit.no_findings": ("没有发现。", "No findings."),
    "audit.reg.question": ("问题", "Question"),
    "audit.reg.reading": ("采用的解读", "Reading"),
    "audit.reg.alternatives": ("其他解读", "Alternatives"),
    "audit.reg.rules": ("规则", "Rules"),
    "audit.reg.no_rules": ("无（引擎层面的解读）", "none (a reading of the engine)"),
    "audit.severity.error": ("错误", "error"),
    "audit.severity.warning": ("警告", "warning"),
    "audit.severity.fact": ("方案事实", "fact"),
    "audit.result.pass": ("通过", "pass"),
    "audit.result.fail": ("不通过", "fail"),
    "audit.result.fail_loud": ("不通过", "FAIL"),
    "audit.result.skipped": ("跳过", "skipped"),
    "audit.col.check": ("检查", "check"),
    "audit.col.what": ("内容", "what"),
    "audit.col.result": ("结果", "result"),
    "audit.col.err": ("错误", "err"),
    "audit.col.warn": ("警告", "warn"),
    "audit.col.facts": ("事实", "facts"),
    "audit.col.s": ("秒", "s"),
    "audit.col.errors": ("错误", "errors"),
    "audit.col.warnings": ("警告", "warnings"),
    "audit.col.plan_facts": ("方案事实", "plan facts"),
    "audit.col.seconds": ("用时（秒）", "time (s)"),
    "audit.col.severity": ("级别", "severity"),
    "audit.col.where": ("规则 · 条款", "rule · clause"),
    "audit.col.finding": ("发现", "finding"),
    "audit.col.fix": ("修改建议 / 说明", "fix / explanation"),
    "audit.col.section": ("部分", "section"),
    "audit.col.label": ("名称", "label"),
    "audit.col.clauses": ("条款", "clauses"),
    "audit.col.encoded": ("已编码", "encoded"),
    "audit.col.not_encoded": ("未编码", "not encoded"),
    "audit.col.headings": ("经条目覆盖", "headings (via items)"),
    "audit.total": ("合计", "total"),
    "audit.col.uncovered": ("未覆盖", "uncovered"),
    "audit.col.skill": ("技能等级", "skill"),
    "audit.col.title": ("职称", "title"),
    "audit.col.skill_to_title": ("技能→职称", "skill→title"),
    "audit.col.title_to_skill": ("职称→技能", "title→skill"),
    "audit.col.verdict": ("结论", "verdict"),
    "audit.col.reg_id": ("编号", "ID"),
    "audit.col.reg_question": ("问题", "question"),
    "audit.col.reg_reading": ("采用的解读", "reading"),
    "audit.col.reg_alternatives": ("其他解读", "alternatives"),
    "audit.col.reg_clauses": ("条款", "clauses"),
    "audit.col.reg_rules": ("规则", "rules"),
    "audit.crossing.obtained": ("取得后满 {years} 年", "{years} y after obtaining"),
    "audit.crossing.cumulative": ("累计 {years} 年", "{years} y cumulative"),
    "audit.crossing.no_limit": ("不受年限限制", "no time limit"),
    "audit.verdict.one_way": ("仅单向", "one way only"),
    "audit.verdict.harsher": ("技能→职称更严", "skill→title harsher"),
    "audit.verdict.balanced": ("两向相当", "balanced"),
    "audit.verdict.mixed": ("互有宽严：年限较少，但自取得等级起算", "mixed: fewer years, counted from obtaining the level"),
    "audit.verdict.lighter": ("技能→职称更宽", "skill→title lighter"),
}
MESSAGES.update(_AUDIT_MESSAGES)

# `tongguan audit`: the findings and their fixes (tongguan.audit.*), and why a check was skipped
_AUDIT_FINDINGS: dict[str, tuple[str, str]] = {
    "audit.kb.malformed": ("规则库无法加载：{what}", "the KB cannot be loaded: {what}"),
    "audit.kb.malformed.fix": (
        "修改报错信息所指的文件（可对照随附的 kb/）",
        "fix the file named in the message (compare with the shipped kb/)",
    ),
    "audit.crashed": ("这项检查无法运行：{what}", "the check could not run: {what}"),
    "audit.crashed.fix": ("修改报错信息所指的规则库文件", "fix the KB files the message names"),
    "audit.skip.not_run": ("未运行", "not run"),
    "audit.skip.witness": ("见证搜索：{why}", "witness search: {why}"),
    "audit.skip.witness_not_run": ("未运行见证搜索", "witness search not run"),
    "audit.skip.unsafe_witness": (
        "规则不能安全求值，已跳过（见规则规范检查）",
        "skipped because the rules are unsafe to evaluate (see hygiene)",
    ),
    "audit.skip.unsafe": ("规则不能安全求值（见规则规范检查）", "the rules are unsafe to evaluate (see hygiene)"),
    "audit.skip.variant": (
        "改革后的方案：案例（kb/cases/）针对的是现行方案",
        "a reform's variant: the cases (kb/cases/) describe the base policy",
    ),
    "audit.skip.no_build": ("tongguan.planning.build_graph 不可用", "tongguan.planning.build_graph is not available"),
    "audit.skip.not_built": ("无法生成立交桥图", "the overpass could not be built"),
    # principles (tongguan.audit.principles)
    "audit.principle": (
        "{what} 规则 {rule} 经由 {path} 以{hit}为条件",
        "{what} rule {rule} conditions on {hit} through {path}",
    ),
    "audit.principle.fix": (
        "从 {rule}（或定义它的规则）中去掉对 {pred} 的条件；{check} 不允许这一条件",
        "remove the condition on {pred} from {rule} (or from the rule defining it); {check} forbids it",
    ),
    "audit.balance": (
        "{skill} → {title}（{st_rule}）：{st}；{title} → {skill}（{ts_rule}）：{ts}。"
        "技能→职称的贯通更严，与 {id} 的「{named}」不符",
        "{skill} → {title} ({st_rule}) needs {st} vs {ts} for {title} → {skill} ({ts_rule}): the "
        "skill→title crossing is harsher, against {id}'s {named}",
    ),
    "audit.balance.fix": (
        "如果规则库忠实引用了方案原文，就在 kb/plan_facts.yaml 中登记为方案事实并写明说明；否则修改规则中的年限",
        "if the KB quotes the plan faithfully, accept it in kb/plan_facts.yaml with the explanation; "
        "otherwise fix the years in the rule",
    ),
    "audit.basis.obtained": ("取得该等级后满 {years} 年", "{years} years after obtaining the level"),
    "audit.basis.cumulative": ("累计工作 {years} 年", "{years} years cumulative work"),
    "audit.basis.none": ("不受年限限制", "{years} years (no time limit)"),
    # the overpass (tongguan.audit.graph)
    "audit.graph.no_build": (
        "tongguan.planning 没有 build_graph：立交桥图的检查（无路可达的层级、环路、捷径）已跳过",
        "tongguan.planning has no build_graph: the graph checks (unreached levels, cycles, shortcuts) were skipped",
    ),
    "audit.graph.no_build.fix": ("恢复 tongguan/planning/graph.py 后重新审核", "restore tongguan/planning/graph.py, then re-run the audit"),
    "audit.graph.not_built": ("无法生成立交桥图：{what}", "the overpass could not be built: {what}"),
    "audit.graph.not_built.fix": (
        "修改规则库（见其他发现）或 tongguan/planning/",
        "fix the KB (see the other findings) or tongguan/planning/",
    ),
    "audit.graph.unreached": ("方案中没有任何途径通向 {node}", "no route of the plan reaches {node}"),
    "audit.graph.unreached.fix": (
        "补上通向它的规则；如果方案确实没有通向它的途径，就在 kb/plan_facts.yaml 中登记为方案事实",
        "add the rule that opens it, or accept it in kb/plan_facts.yaml if the plan opens no route to it",
    ),
    "audit.graph.cycle": (
        "边 {u} → {v}（{rule}，{route}）没有在本阶梯上升：在同一条阶梯内形成环路",
        "edge {u} → {v} ({rule}, {route}) does not go up its ladder: it makes a cycle within one ladder",
    ),
    "audit.graph.cycle.fix": (
        "途径必须通向本阶梯中更高的层级；请修改规则的结论",
        "a route must lead to a higher level of its own ladder; fix the rule's head",
    ),
    "audit.graph.shortcut": (
        "捷径：{desc} 共 {total} 年，快于直接途径 {u} → {v}（{rule}）的 {years} 年",
        "shortcut: {desc} = {total} years, faster than the direct route {u} → {v} ({rule}) in {years} years",
    ),
    "audit.graph.shortcut.fix": (
        "如果这是方案本身的年限相加所致，就在 kb/plan_facts.yaml 中登记为方案事实并写明说明；否则修改所涉规则的年限",
        "if this is the plan's own arithmetic, accept it in kb/plan_facts.yaml with the explanation; "
        "otherwise fix the years of the rules involved",
    ),
    # coverage (tongguan.audit.coverage)
    "audit.coverage.unknown_clause": (
        "{where} 引用了条款 {cid}，但 kb/plan.yaml 中没有这一条款",
        "{where} cites clause {cid}, which kb/plan.yaml does not have",
    ),
    "audit.coverage.unknown_clause.fix": ("引用 kb/plan.yaml 中已有的条款编号{hint}", "cite an existing clause ID of kb/plan.yaml{hint}"),
    "audit.coverage.did_you_mean": ("（是不是 {close}？）", " (did you mean {close}?)"),
    "audit.coverage.no_clause": ("规则 {rule} 没有引用任何条款", "rule {rule} cites no clause"),
    "audit.coverage.no_clause.fix": ("在 `clauses` 中写上它所编码的条款编号", "add the clause IDs it encodes to `clauses`"),
    "audit.coverage.unknown_note": (
        "规则 {rule} 依据解读 {note}，但 kb/interpretations.yaml 中没有这一项",
        "rule {rule} follows interpretation {note}, which kb/interpretations.yaml does not have",
    ),
    "audit.coverage.unknown_note.fix": (
        "在 `note` 中写解读登记表中已有的一项，或补上这一项",
        "name an entry of the interpretation register in `note`, or add the entry",
    ),
    "audit.coverage.no_reason": ("{cid} 列为未编码，但没有写明原因", "{cid} is listed as not encoded without a reason"),
    "audit.coverage.no_reason.fix": ("写明不编码的原因", "give the reason it is not encoded"),
    "audit.coverage.heading_only": ("（是标题，其下条目未全部覆盖）", " (a heading whose items are not all covered)"),
    "audit.coverage.uncovered": (
        "条款 {cid} 既没有规则引用，也没有列为未编码{why}：{text}",
        "clause {cid} is neither cited by a rule nor listed as not encoded{why}: {text}",
    ),
    "audit.coverage.uncovered.fix": (
        "由编码它的规则引用（`clauses` 或 `review`），或在 kb/not_encoded.yaml 中列出并写明原因",
        "cite it from the rule that encodes it (`clauses` or `review`), or list it in kb/not_encoded.yaml with the reason",
    ),
    "audit.coverage.cited_and_listed": (
        "条款 {cid} 由 {rules} 引用，同时又列为未编码",
        "clause {cid} is cited by {rules} and also listed as not encoded",
    ),
    "audit.coverage.cited_and_listed.fix": (
        "从 kb/not_encoded.yaml 中删去（或不再引用它）",
        "remove it from kb/not_encoded.yaml (or stop citing it)",
    ),
    "audit.coverage.no_source": ("规则 {rule} 没有引用原文", "rule {rule} has no source sentence"),
    "audit.coverage.no_source.fix": ("在 `source` 中引用它所编码的原文", "quote the sentence it encodes in `source`"),
    "audit.coverage.misquote": (
        "规则 {rule}：原文「{source}」不在其条款 {clauses} 的文字中",
        "rule {rule}: source 「{source}」 is not in the text of its clauses {clauses}",
    ),
    "audit.coverage.misquote.fix": (
        "逐字引用方案原文（空白除外），或引用这句话所在的条款",
        "quote the plan verbatim (whitespace aside) or cite the clause the sentence comes from",
    ),
    # dead rules (tongguan.audit.dead)
    "audit.dead.never": ("规则 {rule} 永远不会触发：{why}", "rule {rule} can never fire: {why}"),
    "audit.dead.never.fix": ("修改这一条件（常量、谓词），或删去这条规则", "fix the literal (constant, predicate) or remove the rule"),
    "audit.dead.engine_failed": ("推理引擎无法对规则库求值（{what}）", "the engine could not evaluate the KB ({what})"),
    "audit.dead.skipped": ("已跳过见证搜索：{reason}", "witness search skipped: {reason}"),
    "audit.dead.skipped.fix": ("先修改其他检查报告的错误，再重新审核", "fix the errors the other checks report, then re-run"),
    "audit.dead.no_witness": (
        "{n} 份见证档案（词表中的每个等级、职称和奖项）都不能触发规则 {rule}",
        "rule {rule} fires for none of the {n} witness profiles (every level, title and award of the vocabulary)",
    ),
    "audit.dead.no_witness.fix": (
        "检查它的条件：其中有一项任何有效档案都不能满足",
        "check its conditions: one of them can never hold for a valid profile",
    ),
    "audit.dead.grounding": (
        "规则 {rule} 列出了事项 {option}，但没有任何见证档案能得到它（总是不符合）",
        "rule {rule} lists the option {option}, which no witness profile can get (it is always ineligible)",
    ),
    "audit.dead.grounding.fix": (
        "把规则的取值范围条件限制在它能开放的层级",
        "restrict the rule's domain literals to the levels it can open",
    ),
    # accepted plan facts (tongguan.audit.facts)
    "audit.facts.unreadable": ("无法读取 plan_facts.yaml：{what}", "plan_facts.yaml cannot be read: {what}"),
    "audit.facts.unreadable.fix": ("修改这个 YAML 文件", "fix the YAML"),
    "audit.facts.not_mapping": (
        "plan_facts.yaml 应是含 `facts` 列表的映射",
        "plan_facts.yaml must be a mapping with a `facts` list",
    ),
    "audit.facts.not_mapping.fix": (
        "修改这个 YAML 文件（可对照随附的 kb/plan_facts.yaml）",
        "fix the YAML (see the shipped kb/plan_facts.yaml)",
    ),
    "audit.facts.entry": (
        "plan_facts.yaml 第 {i} 项须有 id、check（{checks}）、match 映射和 explanation",
        "plan_facts.yaml entry {i} needs an id, a check ({checks}), a match mapping and an explanation",
    ),
    "audit.facts.entry.fix": ("补全这一项", "complete the entry"),
    "audit.facts.unknown_clause": (
        "方案事实 {id} 引用了条款 {cid}，但 kb/plan.yaml 中没有这一条款",
        "plan fact {id} cites clause {cid}, which kb/plan.yaml does not have",
    ),
    "audit.facts.unknown_clause.fix": ("引用已有的条款编号", "cite an existing clause ID"),
    "audit.facts.stale": (
        "方案事实 {id}（{check}：{match}）不再对应任何发现",
        "plan fact {id} ({check}: {match}) matches no finding",
    ),
    "audit.facts.stale.fix": (
        "从 kb/plan_facts.yaml 中删去，或修改它的 `match`",
        "remove it from kb/plan_facts.yaml or fix its `match`",
    ),
    # the policy's own cases (tongguan.audit.cases)
    "audit.cases.malformed.fix": (
        "修改案例文件（可对照随附的 kb/cases/）",
        "fix the case file (compare with the shipped kb/cases/)",
    ),
    "audit.cases.failed": (
        "案例 {case}「{name}」，{option}：{what} 应为 {expected}，规则库给出 {actual}{rules}",
        "case {case} 「{name}」, {option}: {what} expected {expected}, the KB gives {actual}{rules}",
    ),
    "audit.cases.failed.fix": (
        "修改案例所指的规则（如果方案另有规定，则修改案例）",
        "fix the rule the case names (or, if the plan says otherwise, the case)",
    ),
    "audit.cases.the_case": ("该案例", "the case"),
    "audit.cases.rules": ("；规则：{rules}", "; rules: {rules}"),
}
MESSAGES.update(_AUDIT_FINDINGS)

# `tongguan audit`: rule hygiene (tongguan.audit.hygiene)
_AUDIT_HYGIENE: dict[str, tuple[str, str]] = {
    "audit.rule_says": ("规则 {rule}：{msg}", "rule {rule}: {msg}"),
    "audit.predicate_says": ("谓词 {name}：{msg}", "predicate {name}: {msg}"),
    "audit.hygiene.head_comparison": ("结论 {lit} 是一个比较", "the head {lit} is a comparison"),
    "audit.hygiene.head_comparison.fix": ("规则的结论应是一个谓词", "give the rule a predicate head"),
    "audit.hygiene.undeclared": (
        "谓词 {pred} 没有在 kb/predicates.yaml 中声明{hint}",
        "predicate {pred} is not declared in kb/predicates.yaml{hint}",
    ),
    "audit.hygiene.undeclared.fix": (
        "在 kb/predicates.yaml 中声明它（kind、args、doc），或改正名称",
        "declare it in kb/predicates.yaml (kind, args, doc) or fix the name",
    ),
    "audit.hygiene.arity": (
        "{lit} 有 {n} 个参数；{pred} 声明的是 {m} 个（{args}）",
        "{lit} has {n} arguments; {pred} is declared with {m} ({args})",
    ),
    "audit.hygiene.arity.fix": ("按声明的参数书写（个人是隐含的）", "use the declared arguments (the person is implicit)"),
    "audit.hygiene.head_kind": (
        "结论 {pred} 是 {kind} 类谓词；规则只能定义 derived 或 option 类谓词",
        "the head {pred} is a {kind} predicate; rules define derived or option ones",
    ),
    "audit.hygiene.head_kind.fix": ("把结论声明在 `derived` 下，或改名", "declare the head under `derived` or rename it"),
    "audit.hygiene.head_negated": ("结论是否定的", "the head is negated"),
    "audit.hygiene.head_negated.fix": ("规则只能得出肯定的结论", "rules conclude positive literals"),
    "audit.hygiene.unsafe_head": (
        "结论中的变量 {v} 没有由肯定的条件绑定",
        "head variable {v} is not bound by a positive body literal",
    ),
    "audit.hygiene.unsafe_head.fix": (
        "加一个绑定 {v} 的肯定条件（例如词表中的一项）",
        "add a positive literal (e.g. a vocabulary one) that binds {v}",
    ),
    "audit.hygiene.unsafe_body": (
        "`{lit}` 中的变量 {v} 没有由肯定的条件绑定",
        "variable {v} of `{lit}` is not bound by a positive body literal",
    ),
    "audit.hygiene.unsafe_body.fix": (
        "在否定或比较 {v} 之前，先用一个肯定的条件绑定它",
        "bind {v} with a positive literal before negating or comparing it",
    ),
    "audit.hygiene.false_comparison": (
        "`{lit}` 比较两个常量，结果为假：这条规则永远不会触发",
        "`{lit}` compares two constants and is false: the rule never fires",
    ),
    "audit.hygiene.false_comparison.fix": ("比较一个变量，或删去这条规则", "compare a variable, or remove the rule"),
    "audit.hygiene.no_rule": (
        "{kind} 类谓词 {name} 没有规则：用到它的条件都不成立",
        "{kind} predicate {name} has no rule: every literal using it fails",
    ),
    "audit.hygiene.no_rule.fix": ("补上它的规则，或删去这一声明", "add its rule(s) or remove the declaration"),
    "audit.hygiene.unused": ("{kind} 类谓词 {name} 已声明，但没有规则用到它", "{kind} predicate {name} is declared but no rule uses it"),
    "audit.hygiene.unused.fix": ("在规则中使用它，或删去这一声明", "use it in a rule or remove the declaration"),
    "audit.hygiene.unknown_kind": ("类别 {kind} 不是 {kinds} 之一", "kind {kind} is not one of {kinds}"),
    "audit.hygiene.unknown_kind.fix": ("声明在已知的类别下", "declare it under a known kind"),
    "audit.hygiene.unknown_concern": (
        "关注标签 {tag} 不是原则检查所知的标签（{tags}）",
        "concern tag {tag} is not one the principle checks know ({tags})",
    ),
    "audit.hygiene.unknown_concern.fix": (
        "使用已知的标签之一（或补上用到它的原则）",
        "use one of the known tags (or add the principle that uses it)",
    ),
    "audit.hygiene.bad_source": (
        "`from: {source}` 没有指向 vocabulary.yaml 中可用的部分",
        "`from: {source}` names no usable part of vocabulary.yaml",
    ),
    "audit.hygiene.bad_source.fix": (
        "让 `from` 指向 kb/vocabulary.yaml 中的一个列表或阶梯",
        "point `from` at a list or ladder of kb/vocabulary.yaml",
    ),
    "audit.hygiene.bad_field": ("`field: {field}` 不是档案的字段", "`field: {field}` is not a profile field"),
    "audit.hygiene.bad_field.fix": (
        "写出这些事实所来自的档案字段（kb/profile.yaml）",
        "name the profile field the facts come from (kb/profile.yaml)",
    ),
    "audit.hygiene.unstratified": (
        "规则 {rule}：{v} 的定义中有 `not {u}`，而 {u} 依赖于 {v}（经由否定的递归环路：{cycle}）",
        "rule {rule}: `not {u}` in the definition of {v}, which {u} depends on (recursive cycle through negation: {cycle})",
    ),
    "audit.hygiene.unstratified.fix": (
        "打破环路：让其中一个谓词的定义不依赖另一个，或去掉否定",
        "break the cycle: define one of the predicates without the other, or drop the negation",
    ),
    "audit.hygiene.duplicate": (
        "规则 {special} 与 {general} 重复（结论相同，改名变量后条件是其超集）：{a} / {b}",
        "rule {special} is a duplicate of {general} (same head, body a superset up to renaming): {a} / {b}",
    ),
    "audit.hygiene.subsumed": (
        "规则 {special} 被 {general} 涵盖（结论相同，改名变量后条件是其超集）：{a} / {b}",
        "rule {special} is subsumed by {general} (same head, body a superset up to renaming): {a} / {b}",
    ),
    "audit.hygiene.duplicate.fix": (
        "删去 {special}，或把它的条款移到 {general}，或让两者的条件不同",
        "remove {special}, or move its clauses to {general}, or make the bodies differ",
    ),
    "audit.hygiene.nothing": ("无", "nothing"),
    "audit.hygiene.no_conclusion": (
        "`{lit}`：{pred} 的规则都不会得出 {value}（它们得出：{give}）",
        "`{lit}`: no rule for {pred} concludes {value} (they give: {give})",
    ),
    "audit.hygiene.no_conclusion.fix": (
        "使用 {pred} 的规则会得出的值，或为 {value} 补一条规则",
        "use a value the rules for {pred} conclude, or add a rule for {value}",
    ),
    "audit.hygiene.undeclared_constant": (
        "`{lit}`：{value} 没有在词表中声明（{label}）",
        "`{lit}`: {value} is not declared in the vocabulary ({label})",
    ),
    "audit.hygiene.undeclared_constant.fix": (
        "在 kb/vocabulary.yaml 中声明 {value}（{label}），或改正拼写",
        "declare {value} in kb/vocabulary.yaml ({label}) or fix the spelling",
    ),
    "audit.hygiene.bad_route": (
        "规则 {rule}：途径 {route} 不是 {track} 类别的途径（{routes}）",
        "rule {rule}: route {route} is not a route of track {track} ({routes})",
    ),
    "audit.hygiene.bad_route.fix": ("使用 vocabulary.yaml 为该类别声明的途径", "use a route vocabulary.yaml declares for the track"),
    "audit.hygiene.bad_level": (
        "规则 {rule}：{track} 事项针对 {bad}，但它不是 {track} 阶梯的层级",
        "rule {rule}: {track} option for {bad}, not a level of the {track} ladder",
    ),
    "audit.hygiene.bad_level_exam": (
        "规则 {rule}：{track} 事项针对 {bad}，但它不是已知的考试",
        "rule {rule}: {track} option for {bad}, not a level of the {track} exams",
    ),
    "audit.hygiene.bad_level.fix": (
        "使用 vocabulary.yaml 为该类别声明的层级（或考试）",
        "use a level (or exam) vocabulary.yaml declares for the track",
    ),
    "audit.hygiene.restriction": (
        "规则 {rule}：变量 {v} 由条件 {lits_zh} 共用，却不是结论中的变量（引擎逐一单独询问每个条件）",
        "rule {rule}: variable {v} is shared by the conditions {lits} but is not a head variable "
        "(the engine asks each condition on its own)",
    ),
    "audit.hygiene.restriction.fix": (
        "定义一个把这些条件合在一起的 derived 谓词，作为一个条件使用",
        "define a derived predicate joining those literals and use it as one condition",
    ),
}
MESSAGES.update(_AUDIT_HYGIENE)

# the quote–body check (tongguan.audit.words), the plan's structure (tongguan.audit.structure) and the
# reasons a rule can never fire (tongguan.audit.dead)
_AUDIT_WORDS: dict[str, tuple[str, str]] = {
    "audit.words.finding": ("{message}", "{message}"),
    "audit.words.finding.fix": ("{fix}", "{fix}"),
    "audit.words.code": ("`{code}`", "{code}"),
    "audit.words.then": ("{a}；{b}", "{a}; {b}"),
    "audit.words.says": ("{rule}：{clause} 写的是「{said}」，而规则体为：{has}", "{rule}: {clause} says {said}, the body has {has}"),
    "audit.words.says.fix": (
        "让 {rule} 的规则体写明「{phrase}」（或引用它所编码的原句）",
        "make the body of {rule} say {phrase} (or quote the sentence it encodes)",
    ),
    "audit.words.no_years": ("没有年限", "no years"),
    "audit.words.no_placing": ("没有名次条件", "no placing"),
    "audit.words.no_level": ("没有等级", "no level"),
    "audit.words.no_award": ("没有奖项", "no award"),
    "audit.words.no_class": ("没有竞赛类别", "no competition class"),
    "audit.words.no_medal": ("没有奖牌条件", "no medal"),
    "audit.words.no_series": ("没有系列", "no series"),
    "audit.words.no_exam": ("没有考试", "no exam"),
    "audit.words.admits": ("`{code}`（允许 {medals}）", "{code} (admits {medals})"),
    "audit.words.rows": ("词表中的 {rows} 这几行", "the vocabulary rows {rows}"),
    "audit.words.no_school_row": ("它读取的词表中没有 {names} 这一行", "no row for {names} in the vocabulary it reads"),
    "audit.words.school_row": (
        "它读取的词表中写的是 {cls}：{edu}（technical_school_classes）",
        "{cls}: {edu} in the vocabulary it reads (technical_school_classes)",
    ),
    "audit.words.no_concern": (
        "没有涉及「{tag}」的条件（见 kb/predicates.yaml 的 `concerns`）",
        "no literal concerning {tag} (kb/predicates.yaml `concerns`)",
    ),
    "audit.words.sources": ("它的原文和所引条款（{clauses}）", "its source, the clauses it cites ({clauses})"),
    "audit.words.sources_note": (
        "它的原文、所引条款（{clauses}）和解读（{note}）",
        "its source, the clauses it cites ({clauses}) or interpretation {note}",
    ),
    "audit.words.extra": ("{rule}：规则体中有 {what}，但{sources}都没有提到它", "{rule}: the body has {what}, which none of {sources} names"),
    "audit.words.extra.fix": (
        "从 {rule} 中删去 `{constant}`，或引用提到它的条款",
        "remove {constant} from {rule}, or cite the clause that names it",
    ),
    "audit.words.const": ("`{code}`（{value}）", "{code} ({value})"),
    "audit.words.plan_no": ("没有 {cls}", "no {cls}"),
    "audit.words.extra_school_row": (
        "词表行 {cls}：{edu}（{label}），而方案写的是 {said}",
        "the vocabulary row {cls}: {edu} ({label}), where the plan says {said}",
    ),
    "audit.words.extra_row": ("词表行 {row}（{label}）", "the vocabulary row {row} ({label})"),
    "audit.words.extra_concern": ("`{code}`（涉及{tag}）", "`{code}` (concerning {tag})"),
    "audit.structure.finding": ("{message}", "{message}"),
    "audit.structure.finding.fix": ("{fix}", "{fix}"),
    "audit.structure.heading": (
        "{rule}：{cid} 位于 {anc}「{heading}」（{phrase}）之下，规则头却得出 {same}（`{head}`）",
        "{rule}: {cid} is under {anc} 「{heading}」 ({phrase}), the head concludes {same} (`{head}`)",
    ),
    "audit.structure.heading.fix": (
        "让 {rule} 得出 {level}，或引用 {other} 标题下的条目",
        "make {rule} conclude {level}, or cite the item under the heading of {other}",
    ),
    "audit.structure.basics": (
        "{rule}：{cid} 写明「{phrase}」（即基本条件 {basics}），但规则体用到的规则都没有引用 {missing}",
        "{rule}: {cid} says {phrase} (the basic conditions {basics}), the body reaches no rule citing {missing}",
    ),
    "audit.structure.basics.fix": (
        "在 {rule} 的规则体中加上基本条件（引用 {basics} 的规则）",
        "add the basic conditions (the rule citing {basics}) to the body of {rule}",
    ),
    "audit.structure.enum_clause": (
        "词表 `{part}` 引用了条款 {clause}，但 kb/plan.yaml 中没有这一条款",
        "vocabulary {part} cites clause {clause}, which kb/plan.yaml does not have",
    ),
    "audit.structure.enum_clause.fix": ("引用列举这份清单的条款", "cite the clause that enumerates the list"),
    "audit.structure.also_has": ("多了 {items}", "also has {items}"),
    "audit.structure.lacks": ("缺少 {items}", "lacks {items}"),
    "audit.structure.other_order": ("顺序不同", "has them in another order"),
    "audit.structure.enum_list": (
        "词表 `{part}`：{clause} 列举的是 {plan}，词表中{what}",
        "vocabulary {part}: {clause} enumerates {plan}, the vocabulary {what}",
    ),
    "audit.structure.enum_list.fix": (
        "把词表 `{part}` 改为 {clause} 列举的清单，顺序相同",
        "make vocabulary {part} the list of {clause}, in its order",
    ),
    "audit.structure.school_row": (
        "词表 `{part}`：{cls}：{edu}，而 {clause} 写的是 {said}（分别）",
        "vocabulary {part}: {cls}: {edu}, where {clause} says {said} (分别)",
    ),
    "audit.structure.school_row.fix": ("把 {cls} 对应到 {edu}", "map {cls} to {edu}"),
    "audit.structure.paired_edu": ("方案为它对应的学历", "the education the plan pairs it with"),
    "audit.structure.school_lacks": (
        "词表 `{part}` 缺少 {cls}（{clause}：相当于 {edu}）",
        "vocabulary {part} lacks {cls} ({clause}: 相当于 {edu})",
    ),
    "audit.structure.school_lacks.fix": ("加上 {cls}: {edu}", "add {cls}: {edu}"),
    "audit.structure.school_order": (
        "词表 `{part}`：学历依次为 {have}，{clause} 则为 {order}",
        "vocabulary {part}: the education runs {have}, {clause} {order}",
    ),
    "audit.structure.school_order.fix": ("按方案的顺序列出各班", "list the classes in the plan's order"),
    "audit.structure.award_clause": (
        "奖项 {kind} 引用了 {clause}，但这一条款没有提到它",
        "award kind {kind} cites {clause}, which does not name it",
    ),
    "audit.structure.award_clause.fix": ("引用提到这一奖项的条款", "cite the clause that names the award"),
    "audit.structure.award_unopened": (
        "{cid} 把 {award} 列在 {level} 之下，但得出 `exceptional_tier({level})` 的规则中都没有它",
        "{cid} names {award} under {level}, but no rule concluding exceptional_tier({level}) has it",
    ),
    "audit.structure.award_unopened.fix": (
        "加一条引用 {cid} 的规则 `exceptional_tier({level}) <= award(_, {award}, _)`",
        "add a rule exceptional_tier({level}) <= award(_, {award}, _) citing {cid}",
    ),
    "audit.structure.award_level": (
        "{rule}：{award} 开放破格 {lv}，但 A1-6 把它列在 {where} 之下",
        "{rule}: {award} opens 破格 {lv}, but A1-6 names it under {where}",
    ),
    "audit.structure.award_nowhere": (
        "{rule}：{award} 开放破格 {lv}，但 A1-6 的任何层级下都没有它",
        "{rule}: {award} opens 破格 {lv}, but A1-6 names it under no level of A1-6",
    ),
    "audit.structure.award_level.fix": (
        "让 {rule} 得出 A1-6 列出 {award} 的那一层级",
        "make {rule} conclude the level A1-6 names {award} under",
    ),
    "audit.dead.false": ("`{lit}` 不成立", "`{lit}` is false"),
    "audit.dead.undeclared": ("谓词 {pred} 没有声明", "{pred} is not declared"),
    "audit.dead.no_vocab": ("没有词表事实与 `{lit}` 相符", "no vocabulary fact matches `{lit}`"),
    "audit.dead.no_profile": (
        "`{lit}`：没有任何有效档案会给出 {value}（{label}）",
        "`{lit}`: no valid profile gives {value} ({label})",
    ),
    "audit.dead.no_live": ("没有仍可触发的规则得出 `{lit}`", "no live rule concludes `{lit}`"),
    "audit.coverage.register_lang": (
        "解读 {id} 的 `{part}` 缺少 `{lang}` 文本",
        "interpretation {id}: its {part} has no {lang} text",
    ),
    "audit.coverage.register_lang.fix": (
        "在 kb/interpretations.yaml 中把它写成 {{zh, en}} 两种语言",
        "give it as {{zh, en}} in kb/interpretations.yaml",
    ),
}
MESSAGES.update(_AUDIT_WORDS)


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
