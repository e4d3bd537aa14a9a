// The page: the CV's text in an editor, checked and built as it is typed by
// vita's engine compiled to WebAssembly (vita_web.js, made by
// scripts/build-web); a preview of the HTML or the PDF; every format to
// download. The text stays in this browser's storage; no request leaves
// the page's own files.
import init, { Session } from "./vita_web.js";

const $ = (id) => document.getElementById(id);
const source = $("source"), view = $("view"), status = $("status"), list = $("diagnostics");
const KEY = "vita.cv";

await init();
const page = new Session();
let shown = null;   // the preview's object URL

function say(text) { status.textContent = text; }

function diagnostics(found) {
  list.replaceChildren();
  for (const d of found) {
    const li = document.createElement("li");
    li.className = d.severity;
    const at = d.line ? `${d.line}:${d.col}: ` : "";
    li.textContent = `${at}${d.path ? d.path + ": " : ""}${d.message}${d.hint ? " (" + d.hint + ")" : ""}`;
    if (d.line) li.onclick = () => jump(d.line, d.col);
    list.append(li);
  }
}

function jump(line, col) {
  const lines = source.value.split("\n");
  let at = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
  source.focus();
  source.setSelectionRange(at + col - 1, at + col - 1);
}

function targets(names) {
  const select = $("target"), keep = select.value;
  select.replaceChildren(new Option("all formats", ""), ...names.map((n) => new Option(n, n)));
  select.value = names.includes(keep) ? keep : "";
}

// Builds the CV: a target's files, or (none chosen) the formats given.
function build(formats) {
  const target = $("target").value;
  const files = page.build(source.value, target ? [] : formats, target ? [target] : [], undefined, undefined);
  const out = [];
  for (let i = 0; i < files.len(); i++) out.push({ target: files.target(i), name: files.name(i), bytes: files.bytes(i) });
  files.free();
  return out;
}

function refresh() {
  localStorage.setItem(KEY, source.value);
  $("downloads").replaceChildren();
  const started = performance.now();
  const said = JSON.parse(page.check(source.value));
  diagnostics(said.diagnostics);
  targets(said.targets);
  if (said.diagnostics.some((d) => d.severity === "error")) { say("fix the problems below"); return; }
  const pdf = $("preview").value === "typst";
  let files;
  try { files = build([pdf ? "typst" : "html"]); } catch (e) { say(String(e.message ?? e)); return; }
  const file = files.find((f) => f.name === (pdf ? "cv.pdf" : "cv.html"));
  if (file) {
    if (shown) URL.revokeObjectURL(shown);
    shown = URL.createObjectURL(new Blob([file.bytes], { type: pdf ? "application/pdf" : "text/html" }));
    if (pdf) view.removeAttribute("sandbox"); else view.setAttribute("sandbox", "allow-same-origin");
    view.src = shown;
  }
  say(`built in ${Math.round(performance.now() - started)} ms`);
}

// Every format (or the chosen target's files), offered for download.
function offer() {
  let files;
  try { files = build(["all"]); } catch (e) { say(String(e.message ?? e)); return; }
  const box = $("downloads");
  box.replaceChildren();
  for (const f of files) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([f.bytes]));
    a.download = f.name;
    a.textContent = f.name;
    box.append(a);
  }
  say(`${files.length} files ready to download`);
}

let timer = 0;
source.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 150); });
$("preview").onchange = refresh;
$("target").onchange = refresh;
$("example").onclick = async () => { source.value = await (await fetch("example.ron")).text(); refresh(); };
$("download").onclick = offer;

// A file dropped on the page: a CV or publication file from another tool
// becomes vita's RON; any other file is put beside the CV for it to name.
document.addEventListener("dragover", (e) => { e.preventDefault(); document.body.classList.add("dragging"); });
document.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
document.addEventListener("drop", async (e) => {
  e.preventDefault();
  document.body.classList.remove("dragging");
  for (const file of e.dataTransfer.files) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    page.put(file.name, bytes);
    if (/\.(json|xml|ya?ml|pdf)$/i.test(file.name) && !source.value.trim()) {
      try { source.value = page.import(file.name, bytes); } catch (err) { say(String(err.message ?? err)); }
    }
  }
  refresh();
});

source.value = localStorage.getItem(KEY) ?? "";
if (source.value.trim()) refresh(); else say("write a CV, drop a file from another tool, or load the example");
