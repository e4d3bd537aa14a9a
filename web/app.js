// The page: the CV's text in an editor (CodeMirror 6, with RON colours
// and vita's diagnostics at their place), checked and built as it is typed
// by vita's engine compiled to WebAssembly (vita_web.js, made by
// scripts/build-web); a preview of the HTML or the PDF; every format to
// download, one by one or as a zip. The text stays in this browser's
// storage; no request leaves the page's own files, and once loaded the
// page works offline (sw.js keeps its files).
import init, { Session } from "./vita_web.js";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput, syntaxHighlighting, HighlightStyle } from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { tags } from "@lezer/highlight";
import { ron } from "./ron.js";

const $ = (id) => document.getElementById(id);
const view = $("view"), status = $("status"), list = $("diagnostics");
const KEY = "vita.cv";
const say = (text) => { status.textContent = text; };

await init();
const page = new Session();
let shown = null;   // the preview's object URL
let offered = [];   // the download links' object URLs

const colours = HighlightStyle.define([
  { tag: tags.comment, color: "#6a737d", fontStyle: "italic" },
  { tag: tags.string, color: "#032f62" },
  { tag: [tags.number, tags.bool], color: "#005cc5" },
  { tag: tags.typeName, color: "#6f42c1", fontWeight: "600" },
  { tag: tags.propertyName, color: "#22863a" },
  { tag: tags.keyword, color: "#d73a49" },
]);

let timer = 0;
const editor = new EditorView({
  parent: $("editor"),
  state: EditorState.create({
    doc: localStorage.getItem(KEY) ?? "",
    extensions: [
      lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(), history(),
      bracketMatching(), closeBrackets(), indentOnInput(), highlightSelectionMatches(), lintGutter(),
      ron, syntaxHighlighting(colours), EditorState.tabSize.of(2),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...lintKeymap, indentWithTab]),
      EditorView.contentAttributes.of({ "aria-label": "CV (RON)", spellcheck: "false" }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) { clearTimeout(timer); timer = setTimeout(refresh, 150); }
      }),
    ],
  }),
});
const text = () => editor.state.doc.toString();
// Replaces the whole text (one step Ctrl-Z takes back).
function replace(with_) {
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: with_ } });
}
// For the tests and the benchmark (tests/web/): the text, a way to set it,
// and one check-build-preview step now (no typing pause), resolved when
// the preview frame has loaded the result.
window.vita = {
  text, replace,
  step: () => new Promise((done) => { clearTimeout(timer); view.addEventListener("load", done, { once: true }); refresh(); }),
};

// A place in the text from vita's line and column (from 1, in characters).
function offset(line, col) {
  const doc = editor.state.doc;
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  const chars = [...l.text].slice(0, Math.max(col - 1, 0)).join("");
  return l.from + chars.length;
}

// What a diagnostic marks: the quoted string or the word at its place.
function extent(from) {
  const line = editor.state.doc.lineAt(from);
  const rest = line.text.slice(from - line.from);
  const m = rest.match(/^"(?:[^"\\]|\\.)*"/) ?? rest.match(/^[\w.+-]+/);
  return from + (m ? m[0].length : Math.min(1, rest.length));
}

// The hint's `did you mean `x`?` as a fix that writes it in.
function fixes(d, from, to) {
  const m = /did you mean `([^`]+)`\?/.exec(d.hint ?? "");
  if (!m) return [];
  const was = editor.state.sliceDoc(from, to);
  const insert = was.startsWith("\"") ? JSON.stringify(m[1]) : m[1];
  return [{ name: `write ${m[1]}`, apply: (v, f, t) => v.dispatch({ changes: { from: f, to: t, insert } }) }];
}

function diagnostics(found) {
  list.replaceChildren();
  const marks = [];
  for (const d of found) {
    const here = d.file === "cv.ron" && d.line > 0;
    const li = document.createElement("li");
    li.className = d.severity;
    const at = d.line ? `${here ? "" : d.file + ":"}${d.line}:${d.col}: ` : "";
    li.textContent = `${at}${d.path ? d.path + ": " : ""}${d.message}${d.hint ? " (" + d.hint + ")" : ""}`;
    if (here) {
      const from = offset(d.line, d.col), to = extent(from);
      li.onclick = () => { editor.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true }); editor.focus(); };
      marks.push({
        from, to, severity: d.severity,
        message: `${d.path ? d.path + ": " : ""}${d.message}${d.hint ? "\nhint: " + d.hint : ""}`,
        actions: fixes(d, from, to),
      });
    }
    list.append(li);
  }
  editor.dispatch(setDiagnostics(editor.state, marks));
}

function choices(select, names, first) {
  const keep = select.value;
  select.replaceChildren(new Option(first, ""), ...names.map((n) => new Option(n, n)));
  select.value = names.includes(keep) ? keep : "";
}

// The build's choices from the pickers ("" = the CV's own).
const picked = (id) => $(id).value || undefined;

// Builds the CV: a target's files, or (none chosen) the formats given.
function build(formats) {
  const target = $("target").value;
  const files = page.build(text(), target ? [] : formats, target ? [target] : [], picked("theme"), undefined, picked("lang"));
  const out = [];
  for (let i = 0; i < files.len(); i++) out.push({ target: files.target(i), name: files.name(i), bytes: files.bytes(i) });
  return { files: out, all: files };
}

function refresh() {
  localStorage.setItem(KEY, text());
  clear();
  const started = performance.now();
  const said = JSON.parse(page.check(text()));
  diagnostics(said.diagnostics);
  choices($("target"), said.targets, "all formats");
  if (said.diagnostics.some((d) => d.severity === "error")) { say("fix the problems marked in the text"); return; }
  if (!text().trim()) { say("write a CV, start one, drop a file from another tool, or load the example"); return; }
  const pdf = $("preview").value === "typst";
  let made;
  try { made = build([pdf ? "typst" : "html"]); } catch (e) { say(String(e.message ?? e)); return; }
  made.all.free();
  const file = made.files.find((f) => f.name === (pdf ? "cv.pdf" : "cv.html"));
  if (file) {
    if (shown) URL.revokeObjectURL(shown);
    shown = URL.createObjectURL(new Blob([file.bytes], { type: pdf ? "application/pdf" : "text/html" }));
    if (pdf) view.removeAttribute("sandbox"); else view.setAttribute("sandbox", "allow-same-origin");
    view.src = shown;
  }
  say(`built in ${Math.round(performance.now() - started)} ms`);
}

// Takes back the download links of an earlier build.
function clear() {
  offered.forEach((u) => URL.revokeObjectURL(u));
  offered = [];
  $("downloads").replaceChildren();
}

function link(name, blob, label = name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.textContent = label;
  offered.push(a.href);
  return a;
}

// Every format (or the chosen target's files), offered one by one and as a zip.
function offer() {
  let made;
  try { made = build(["all"]); } catch (e) { say(String(e.message ?? e)); return; }
  clear();
  const box = $("downloads");
  for (const f of made.files) box.append(link(f.name, new Blob([f.bytes]), f.target ? `${f.target}/${f.name}` : f.name));
  box.append(link("cv.zip", new Blob([made.all.zip()], { type: "application/zip" }), "all (.zip)"));
  made.all.free();
  say(`${made.files.length} files ready to download`);
}

for (const id of ["preview", "target", "theme", "lang"]) $(id).onchange = refresh;
$("example").onclick = async () => { replace(await (await fetch("example.ron")).text()); };
$("new").onclick = () => {
  const now = new Date();
  replace(page.starter("Your Name", now.getFullYear(), now.getMonth() + 1));
  say("a starter CV: write your name and go on (Ctrl-Z brings the old text back)");
};
$("download").onclick = offer;
choices($("theme"), page.themes(), "the CV's theme");
choices($("lang"), page.languages(), "the CV's language");

// A file dropped on the page: a CV from another tool becomes the text
// (Ctrl-Z takes it back); any other file (a .bib, CSL-JSON, a photo, a
// labels file) is put beside the CV for it to name.
document.addEventListener("dragover", (e) => { e.preventDefault(); document.body.classList.add("dragging"); });
document.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
document.addEventListener("drop", async (e) => {
  e.preventDefault();
  document.body.classList.remove("dragging");
  for (const file of e.dataTransfer.files) await take(file.name, new Uint8Array(await file.arrayBuffer()));
});
$("open").onchange = async (e) => {
  for (const file of e.target.files) await take(file.name, new Uint8Array(await file.arrayBuffer()));
  e.target.value = "";
};

// Files put beside the CV are kept with its text (up to 2 MB each, as
// localStorage holds a few MB), so the CV that names them builds after a reload.
const FILES = "vita.file.";
function keep(name, bytes) {
  if (bytes.length > 2 * 1024 * 1024) return;
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  try { localStorage.setItem(FILES + name, btoa(text)); } catch { /* full: kept for this visit only */ }
}
for (let i = 0; i < localStorage.length; i++) {
  const key = localStorage.key(i);
  if (key.startsWith(FILES)) page.put(key.slice(FILES.length), Uint8Array.from(atob(localStorage.getItem(key)), (c) => c.charCodeAt(0)));
}

async function take(name, bytes) {
  let ron = null;
  if (/\.(json|xml|ya?ml|pdf|bib|bibtex)$/i.test(name)) {
    try { ron = page.import(name, bytes); } catch (err) { say(String(err.message ?? err)); return; }
  }
  // A whole CV opens with `(` (after its `#![enable(...)]` lines); a
  // publication file gives one section (`Publications(`).
  if (ron !== null && /^\s*(?:#!\[[^\]]*\]\s*|\/\/[^\n]*\s*)*\(/.test(ron)) {
    replace(ron);
    say(`imported ${name} (Ctrl-Z brings the old text back)`);
    return;
  }
  page.put(name, bytes);
  keep(name, bytes);
  // A publication file: a section that reads it, first in the CV's
  // sections, unless the CV has a publication section already (then the
  // person says where it goes).
  const from = `from: ${JSON.stringify(name)}`;
  const sections = /\bsections\s*:\s*\[/.exec(text());
  if (ron !== null && sections && !/\bPublications\s*\(/.test(text())) {
    const at = sections.index + sections[0].length;
    editor.dispatch({ changes: { from: at, insert: `\n    Publications(title: "Publications", ${from}),` } });
    clearTimeout(timer);
    refresh();
    say(`${name} is beside the CV, read by a new Publications section (Ctrl-Z takes the section out)`);
    return;
  }
  refresh();
  say(ron === null ? `${name} is beside the CV for it to name` : `${name} is beside the CV: read it with Publications(title: "Publications", ${from})`);
}

if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("sw.js").catch((e) => console.warn("works online only:", e.message));
}
if (text().trim()) refresh(); else say("write a CV, start one, drop a file from another tool, or load the example");
