"""Reforms and variant policies (tongguan.reform, cli.reform)."""

# reforms and variant policies (tongguan.reform, tongguan.cli.reform)
MESSAGES: dict[str, tuple[str, str]] = {
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

