"""`tongguan batch`: the roster's row errors and the report's texts."""

MESSAGES: dict[str, tuple[str, str]] = {
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
}
