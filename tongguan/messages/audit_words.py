"""`tongguan audit`: the quote-body check (audit.words), the plan's structure (audit.structure), why a rule never fires (audit.dead)."""

# the quote–body check (tongguan.audit.words), the plan's structure (tongguan.audit.structure) and the
# reasons a rule can never fire (tongguan.audit.dead)
MESSAGES: dict[str, tuple[str, str]] = {
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

