"""The messages of a user's input: files, values, types, dates, levels and awards of a profile."""

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
    "text.surrogate": (
        "含有 UTF-8 无法表示的字符（单独的代理项 \\ud800–\\udfff）",
        "holds a character UTF-8 cannot represent (a lone surrogate, \\ud800–\\udfff)",
    ),
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
}
