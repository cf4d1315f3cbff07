"""`tongguan audit`: the findings and their fixes, rule hygiene, and why a check was skipped."""

# `tongguan audit`: the findings and their fixes (tongguan.audit.*), and why a check was skipped
AUDIT_FINDINGS: dict[str, tuple[str, str]] = {
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


# `tongguan audit`: rule hygiene (tongguan.audit.hygiene)
AUDIT_HYGIENE: dict[str, tuple[str, str]] = {
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


MESSAGES = {**AUDIT_FINDINGS, **AUDIT_HYGIENE}
