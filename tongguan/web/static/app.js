/* 通桥 page: the interview built from /api/policy, the answer from /api/ask as facts are entered.
   Every text a user or the server gives is shown with textContent, never parsed as HTML. */
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
let policy = null;
let lastQuestions = [[], []]; // the fields to confirm: all of them (shown in the form), those the main list needs
let seq = 0;
let uid = 0;
// the page's language (?lang=en, or the document's): the answer's sentences and the section headings
if (new URLSearchParams(location.search).get("lang") === "en") document.documentElement.lang = "en";
const LANG = document.documentElement.lang.toLowerCase().startsWith("en") ? "en" : "zh";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) node.append(c);
  return node;
}

async function api(path, body, method = "POST") {
  const init = { method, headers: { "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const r = await fetch(path, method === "GET" ? { method } : init);
  const type = r.headers.get("content-type") || "";
  const data = type.includes("json") ? await r.json() : await r.text();
  if (!r.ok) throw Object.assign(new Error("api"), { status: r.status, data });
  return data;
}

/* ---------- the form ---------- */

function options(select, values, blank = "（未填）") {
  select.replaceChildren(el("option", { value: "", text: blank }));
  for (const v of values) {
    const [value, label] = Array.isArray(v) ? v : [v, v];
    select.append(el("option", { value, text: label }));
  }
  return select;
}

function field(label, control, optional) {
  const id = `u${++uid}`;
  control.id = id;
  return el("div", { class: "field", "data-optional": optional }, el("label", { for: id, text: label }), control);
}

function removeButton(row, what) {
  const b = el("button", { type: "button", class: "remove", "aria-label": `删除这一项${what}`, text: "删除" });
  b.addEventListener("click", () => { row.remove(); renumber(); changed(); });
  return b;
}

const ROWS = {
  skills(v = {}) {
    const row = el("div", { class: "row", "data-row": "skills" });
    row.append(
      field("技能等级", el("input", { list: "l-skill", "data-key": "level", maxlength: 200, value: v.level || "" })),
      field("职业（工种）", el("input", { "data-key": "occupation", maxlength: 200, value: v.occupation || "" })),
      field("取得时间", el("input", { type: "date", "data-key": "obtained", value: v.obtained || "" })),
      removeButton(row, "技能等级"));
    return row;
  },
  titles(v = {}) {
    const row = el("div", { class: "row", "data-row": "titles" });
    const kind = options(el("select", { "data-key": "kind" }), [["qualification", "职业资格"]], "职称");
    kind.value = v.kind || "";
    row.append(
      field("层级或名称", el("input", { list: "l-title", "data-key": "level", maxlength: 200, value: v.level || "" })),
      field("类别", kind),
      field("系列", el("input", { list: "l-series", "data-key": "series", maxlength: 200, value: v.series || "" })),
      field("取得时间", el("input", { type: "date", "data-key": "obtained", value: v.obtained || "" })),
      removeButton(row, "职称"));
    return row;
  },
  assessments(v = {}) {
    const row = el("div", { class: "row", "data-row": "assessments" });
    const grades = Object.values(policy.assessment_grades).flat();
    const grade = options(el("select", { "data-key": "grade" }), grades);
    grade.value = v.grade || "";
    row.append(
      field("年份", el("input", { type: "number", "data-key": "year", min: 1900, max: 2200, inputmode: "numeric", value: v.year || "" })),
      field("考核等次", grade),
      removeButton(row, "考核"));
    return row;
  },
  awards(v = {}) {
    const row = el("div", { class: "row", "data-row": "awards" });
    const kind = options(el("select", { "data-key": "kind" }), Object.keys(policy.awards), "（请选择）");
    kind.value = v.kind || "";
    const medal = options(el("select", { "data-key": "medal" }), policy.medals);
    medal.value = v.medal || "";
    const klass = options(el("select", { "data-key": "class" }), policy.competition_classes);
    klass.value = v.class || "";
    row.append(
      field("奖项或称号", kind),
      field("获得年份", el("input", { type: "number", "data-key": "year", min: 1900, max: 2200, inputmode: "numeric", value: v.year || "" })),
      field("奖牌", medal, "award:medal"),
      field("竞赛类别", klass, "award:class"),
      field("名次", el("input", { type: "number", "data-key": "rank", min: 1, max: 999, inputmode: "numeric", value: v.rank || "" }), "award:rank"),
      field("团体人数（个人赛填 1）", el("input", { type: "number", "data-key": "team_size", min: 1, max: 999, inputmode: "numeric", value: v.team_size || "" }), "award:team_size"),
      removeButton(row, "奖项"));
    const details = () => {
      const wanted = (policy.awards[kind.value] || { fields: [] }).fields;
      for (const f of $$("[data-optional^='award:']", row)) f.hidden = !wanted.includes(f.dataset.optional.slice(6));
    };
    kind.addEventListener("change", details);
    details();
    return row;
  },
};

function addRow(kind, value) {
  $(`#${kind}`).append(ROWS[kind](value));
  renumber();
}

function renumber() {
  for (const kind of ["skills", "titles", "awards"]) {
    $$(`#${kind} .row`).forEach((row, i) => {
      for (const c of $$("[data-key]", row)) c.dataset.path = `${kind}[${i}].${c.dataset.key}`;
    });
  }
  for (const row of $$("#assessments .row")) {
    const year = $("[data-key=year]", row).value;
    for (const c of $$("[data-key]", row)) c.dataset.path = `assessments.${year}`;
  }
}

function numberOrText(s) {
  return /^\d{1,6}$/.test(s) ? Number(s) : s;
}

function collect() {
  const p = {};
  for (const c of $$("#interview [data-path]:not([data-key])")) {
    if (c.value === "") continue;
    p[c.dataset.path] = c.dataset.kind === "bool" ? c.value === "true" : c.value;
  }
  for (const kind of ["skills", "titles", "awards"]) {
    const rows = $$(`#${kind} .row`).map((row) => {
      const item = {};
      for (const c of $$("[data-key]", row)) {
        if (c.value === "" || c.closest("[hidden]")) continue;
        item[c.dataset.key] = c.type === "number" ? numberOrText(c.value) : c.value;
      }
      return item;
    }).filter((item) => Object.keys(item).length);
    if (rows.length) p[kind] = rows;
  }
  const assessments = {};
  for (const row of $$("#assessments .row")) {
    const year = $("[data-key=year]", row).value;
    const grade = $("[data-key=grade]", row).value;
    if (year || grade) assessments[year] = grade;
  }
  if (Object.keys(assessments).length) p.assessments = assessments;
  return p;
}

function fill(p) {
  for (const c of $$("#interview [data-path]:not([data-key])")) {
    const v = p[c.dataset.path];
    c.value = v === undefined || v === null ? "" : String(v);
  }
  for (const kind of ["skills", "titles", "awards", "assessments"]) $(`#${kind}`).replaceChildren();
  for (const s of p.skills || []) addRow("skills", s);
  for (const t of p.titles || []) addRow("titles", t);
  for (const a of p.awards || []) addRow("awards", a);
  for (const [year, grade] of Object.entries(p.assessments || {})) addRow("assessments", { year, grade });
  renumber();
  changed();
}

/* ---------- the answer ---------- */

let timer = null;
function changed() {
  clearTimeout(timer);
  timer = setTimeout(ask, 250);
}

function body(extra = {}) {
  return { profile: collect(), ...extra };
}

function showError(err) {
  const box = $("#error");
  $$("[aria-invalid]").forEach((c) => c.removeAttribute("aria-invalid"));
  if (!err) { box.hidden = true; box.textContent = ""; return; }
  const e = (err.data && err.data.error) || { message: "无法连接服务器，请稍后再试" };
  box.hidden = false;
  box.textContent = e.message;
  const target = e.field && $$("[data-path]").find((c) => c.dataset.path === e.field);
  if (target) target.setAttribute("aria-invalid", "true");
}

function tracks() {
  return new Set($$("input[name=track]:checked").map((c) => c.value));
}

async function ask() {
  const mine = ++seq;
  try {
    const data = await api("/api/ask", body({ include_ineligible: $("#show-ineligible").checked, lang: LANG }));
    if (mine !== seq) return;
    showError(null);
    render(data);
  } catch (err) {
    if (mine === seq) showError(err);
  }
}

function render(data) {
  const who = data.person.name || data.person.id || "";
  $("#answer-title").textContent = `${who}${who ? " " : ""}可申报事项（截至 ${data.as_of}）`;
  const list = $("#options");
  list.replaceChildren();
  const wanted = tracks();
  const shown = data.options.filter((o) => wanted.has(o.track));
  // the library decides which options are to look into (answer_data's look_into): listed apart, not 待确认
  const main = shown.filter((o) => !o.look_into);
  if (!main.length) list.append(el("p", { class: "empty", text: "目前没有可申报的事项。可勾选“也显示不符合的事项”查看原因。" }));
  for (const o of main) list.append(card(o));
  further(shown.filter((o) => o.look_into));
  $("#notes").replaceChildren(...data.notes.map((n) => el("p", { text: `注：${n}` })));
  const aside = new Set(shown.filter((o) => o.look_into).flatMap((o) => o.to_confirm.map(head)));
  const needed = new Set(main.flatMap((o) => o.to_confirm.map(head)));
  lastQuestions = [data.questions, (data.questions || []).filter((q) => needed.has(q.field) || !aside.has(q.field))];
  relevant(...lastQuestions);
}

function head(field) {
  return field.split(".")[0].split("[")[0];
}

function optionKey(o) {
  return `${o.track}:${o.level || o.exam}:${o.route}`;
}

/* The options to look into, in their own collapsible section under the catalogue's heading
   (/api/policy's headings, in the page's language), each with its plain sentence. */
function further(options) {
  const box = $("#further");
  const heading = policy.headings.look_into[LANG] || policy.headings.look_into.zh;
  $("#further-title").textContent = heading.replace(/[：:]\s*$/, "");
  $("#further-list").replaceChildren(...options.map((o) => el("li", { class: "further-option", "data-option": optionKey(o) },
    el("strong", { class: "what", text: o.labels.level }), " ",
    el("span", { class: "route", text: `${o.labels.track} · ${o.labels.route}` }),
    el("p", { class: "sentence", text: o.sentence }))));
  box.hidden = !options.length;
}

function card(o) {
  const key = optionKey(o);
  const c = el("article", { class: `option status-${o.status}`, "data-option": key });
  c.append(
    el("h3", {}, el("span", { class: "badge", text: o.labels.status }), " ", el("span", { class: "what", text: o.labels.level })),
    el("p", { class: "route", text: `${o.labels.track} · ${o.labels.route}${o.earliest ? ` · 最早 ${o.earliest}` : ""}` }),
    el("p", { class: "sentence", text: o.sentence }));
  if (o.to_confirm_labels.length) c.append(el("p", { class: "confirm", text: `待确认：${o.to_confirm_labels.join("、")}` }));
  if (o.missing.length) c.append(el("p", { class: "missing", text: `缺：${o.missing.map((m) => m.text).join("；")}` }));
  const [whyBox, changeBox, quoteBox] = [el("div", { class: "more" }), el("div", { class: "more" }), el("div", { class: "more" })];
  const bar = el("div", { class: "buttons" });
  const why = el("button", { type: "button", class: "why", "aria-expanded": "false", text: o.status === "eligible" ? "为什么可以" : "为什么不行" });
  why.addEventListener("click", () => toggle(why, whyBox, () => explainOption(o, key, whyBox)));
  const change = el("button", { type: "button", class: "change", "aria-expanded": "false", text: "怎样才能" });
  change.addEventListener("click", () => toggle(change, changeBox, () => whatWouldChange(o, changeBox)));
  const quote = el("button", { type: "button", class: "quote", "aria-expanded": "false", text: "引用条款" });
  quote.addEventListener("click", () => toggle(quote, quoteBox, () => quoteClauses(o.clauses, quoteBox)));
  bar.append(why, change, quote);
  c.append(bar, whyBox, changeBox, quoteBox);
  return c;
}

function toggle(button, box, load) {
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  box.hidden = !open;
  if (open) load();
}

function relevant(questions, listed = questions) {
  const asked = new Set((questions || []).map((q) => q.field));
  const all = $("#show-all").checked;
  const hidden = [];
  for (const box of $$("#interview [data-optional]:not([data-optional^='award:'])")) {
    const f = box.dataset.optional;
    const filled = $$("[data-path]", box).some((c) => c.value !== "") || $$(".row", box).length > 0;
    box.hidden = !(all || asked.has(f) || filled);
    if (box.hidden) hidden.push(policy.field_labels[f] || f);
  }
  $("#hidden-note").textContent = hidden.length ? `按规则，以下问题不影响您当前的结果，暂不询问：${hidden.join("、")}` : "";
  const q = $("#questions");
  q.hidden = !(listed || []).length;
  q.replaceChildren(el("p", { text: "还需确认（填写后结果会更准确）：" }),
    el("ul", {}, ...(listed || []).map((x) => el("li", { text: x.label }))));
}

async function explainOption(o, key, into) {
  into.replaceChildren(el("p", { class: "loading", text: "正在推导……" }));
  try {
    const x = await api("/api/explain", body({ options: [key] }));
    const ex = x.options[0];
    const out = el("div", { class: "why-not" });
    const conditions = (list) => el("ul", {}, ...list.map((cnd) => el("li", {
      class: `cond cond-${cnd.status}`,
      text: `${cnd.text || cnd.literal}${cnd.earliest ? `（${cnd.earliest} 起满足）` : ""}${(cnd.clauses || []).length ? `〔${cnd.clauses.map((c) => c.id || c).join("、")}〕` : ""}`,
    })));
    if (ex.why_not) {
      out.append(el("p", { text: `结论：${policy.statuses[ex.why_not.status] || ex.why_not.status}${ex.why_not.earliest ? `，最早 ${ex.why_not.earliest}` : ""}` }));
      for (const r of ex.why_not.routes || []) {
        out.append(el("h4", { text: `${r.source || r.rule}（${policy.statuses[r.status] || r.status}）` }));
        out.append(conditions((r.conditions || []).filter((c) => c.status !== "holds")));
      }
    } else {
      out.append(el("p", { text: "所有可核实的条件都已满足：" }));
      for (const n of (ex.tree && ex.tree.children) || []) out.append(el("h4", { text: n.text || n.rule || "" }), conditions(n.children || []));
    }
    into.replaceChildren(out);
  } catch (err) { into.replaceChildren(el("p", { class: "error", text: errText(err) })); }
}

function errText(err) {
  return (err.data && err.data.error && err.data.error.message) || "出错了，请稍后再试";
}

function editText(e) {
  const v = e.value === true ? "是" : e.value === false ? "否" : e.value;
  switch (e.kind) {
    case "wait": return `等待至 ${e.until}`;
    case "confirm": return `确认 ${(e.fields || []).join("、")}`;
    case "obtain_skill": return `取得${v}技能等级（${e.date}）`;
    case "obtain_title": return `取得${v}职称（${e.date}）`;
    case "obtain_qualification": return `取得${v}职业资格（${e.date}）`;
    case "obtain_award": return `获得${v}`;
    default: return `${policy.field_labels[e.field] || e.field}为${v}`;
  }
}

async function whatWouldChange(o, into) {
  into.replaceChildren(el("p", { class: "loading", text: "正在计算……" }));
  try {
    const w = await api("/api/what-would-change", body({ target: `${o.track}:${o.level || o.exam}` }));
    const ul = el("ul", { class: "changes" });
    for (const ch of (w.changes || []).slice(0, 5)) {
      const edits = (ch.edits || []).map(editText).join("＋");
      ul.append(el("li", { text: `${edits} → ${policy.statuses[ch.status] || ch.status}${ch.date ? `（${ch.date}）` : ""}` }));
    }
    into.replaceChildren(el("h4", { text: "这样改变会使结果改变：" }), ul.childElementCount ? ul : el("p", { text: "没有找到单项改变。" }));
  } catch (err) { into.replaceChildren(el("p", { class: "error", text: errText(err) })); }
}

async function quoteClauses(ids, into) {
  const dl = el("dl", { class: "clauses" });
  into.replaceChildren(dl);
  for (const id of ids) {
    try {
      const c = await api(`/api/clauses/${encodeURIComponent(id)}`, undefined, "GET");
      dl.append(el("dt", { text: c.id }), el("dd", { text: c.quoted }));
    } catch (err) { dl.append(el("dt", { text: id }), el("dd", { text: errText(err) })); }
  }
}

function node(n) {
  const [kind, level] = n.split(":");
  return { skill: `技能 ${level}`, title: `职称 ${level}`, qualification: `职业资格 ${level}`, exam: `${level}考试`, award: level, school: level }[kind] || n;
}

async function findPaths() {
  const into = $("#paths");
  into.replaceChildren(el("p", { class: "loading", text: "正在规划……" }));
  try {
    const r = await api("/api/paths", body({ to: $("#path-target").value, k: 3 }));
    if (r.already_held) { into.replaceChildren(el("p", { text: "您已取得这一层级。" })); return; }
    if (!r.paths.length) { into.replaceChildren(el("p", { text: "未找到路径。" })); return; }
    const ol = el("ol", { class: "path-list" });
    for (const p of r.paths) {
      ol.append(el("li", {}, el("strong", { text: `最快 ${p.arrival} 到达` }),
        el("ul", {}, ...p.steps.map((s) => el("li", { text: `${s.date}：${node(s.from_node)} → ${node(s.to_node)}（${(policy.routes[s.track] || {})[s.route] || (s.route === "within" ? "层级内晋升" : s.route)}，${(s.clauses || []).slice(0, 3).join("、")}）` })))));
    }
    into.replaceChildren(ol, el("p", { class: "hint", text: `假设：${r.assumptions.join("；")}` }));
  } catch (err) { into.replaceChildren(el("p", { class: "error", text: errText(err) })); }
}

async function drawGraph() {
  const fig = $("#graph");
  try {
    const r = await fetch("/api/graph", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body({ to: $("#path-target").value })) });
    if (!r.ok) throw Object.assign(new Error("api"), { data: await r.json() });
    const url = URL.createObjectURL(await r.blob());
    $("#graph-img").src = url;
    fig.hidden = false;
  } catch (err) { showError(err); }
}

function save(name, blob) {
  const a = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

async function download(format) {
  try {
    const text = await api("/api/profile/export", { profile: collect(), format });
    save(`profile.${format}`, new Blob([typeof text === "string" ? text : JSON.stringify(text, null, 2)], { type: "text/plain;charset=utf-8" }));
  } catch (err) { showError(err); }
}

async function upload(file) {
  const text = await file.text();
  const format = /\.json$/i.test(file.name) ? "json" : "yaml";
  try {
    const r = await api("/api/profile/read", { text, format });
    fill(r.profile);
  } catch (err) { showError(err); }
}

async function report() {
  const html = await api("/api/report", body());
  const doc = new DOMParser().parseFromString(html, "text/html");
  const main = doc.querySelector("main");
  $("#report").replaceChildren(document.importNode(main, true));
  return html;
}

async function init() {
  policy = await api("/api/policy", undefined, "GET");
  const series = [...policy.series.opened, ...policy.series.other_known];
  $("#l-series").replaceChildren(...series.map((s) => el("option", { value: s })));
  $("#l-skill").replaceChildren(...Object.keys(policy.level_synonyms.skill).map((s) => el("option", { value: s })));
  const titles = new Set([...Object.keys(policy.level_synonyms.title), ...Object.keys(policy.level_synonyms.qualification), ...Object.values(policy.title_names).flat()]);
  $("#l-title").replaceChildren(...[...titles].map((s) => el("option", { value: s })));
  for (const s of $$("select[data-kind=bool]")) options(s, [["true", "是"], ["false", "否"]]);
  options($("#f-technical_school_class"), policy.technical_school_classes);
  const targets = [...policy.ladders.title.map((l) => [`title:${l}`, `职称 ${l}`]), ...policy.ladders.skill.slice(2).map((l) => [`skill:${l}`, `技能 ${l}`])];
  options($("#path-target"), targets, "（请选择）").value = "title:正高级";
  for (const b of $$("[data-add]")) b.addEventListener("click", () => { addRow(b.dataset.add); changed(); });
  const form = $("#interview");
  form.addEventListener("input", (e) => { if (e.target.dataset.key === "year") renumber(); changed(); });
  form.addEventListener("change", changed);
  form.addEventListener("submit", (e) => { e.preventDefault(); ask(); });
  $("#show-ineligible").addEventListener("change", ask);
  $("#show-all").addEventListener("change", () => relevant(...lastQuestions));
  $("#find-paths").addEventListener("click", findPaths);
  $("#draw-graph").addEventListener("click", drawGraph);
  $("#download-yaml").addEventListener("click", () => download("yaml"));
  $("#download-json").addEventListener("click", () => download("json"));
  $("#upload").addEventListener("change", (e) => { if (e.target.files[0]) upload(e.target.files[0]); });
  $("#clear").addEventListener("click", () => fill({}));
  $("#print").addEventListener("click", async () => { try { await report(); window.print(); } catch (err) { showError(err); } });
  $("#download-report").addEventListener("click", async () => {
    try { save("decision.html", new Blob([await report()], { type: "text/html;charset=utf-8" })); } catch (err) { showError(err); }
  });
  document.body.dataset.ready = "true";
  ask();
}

window.tongguan = { collect, fill, ask, report, addRow };
document.addEventListener("DOMContentLoaded", init);
