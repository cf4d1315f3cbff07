"""What `tongguan ask` and `tongguan paths` print around the answer: headings, columns, notes."""

MESSAGES: dict[str, tuple[str, str]] = {
    "target.syntax": (
        "应写作 类别:层级，类别为 {tracks}（例如 title:正高级）",
        "expected TRACK:LEVEL with TRACK one of {tracks} (e.g. title:正高级)",
    ),
    "target.exam": ("不是已知的考试（可选 {allowed}）", "unknown exam (one of {allowed})"),
    "target.level": ("不是已知的{ladder_zh}层级（可选 {allowed}）", "unknown {ladder} level (one of {allowed})"),
    "target.route": ("不是已知的途径（可选 {allowed}）", "unknown route (one of {allowed})"),
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
}
