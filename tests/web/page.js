// Drives the built page (web/dist) in headless Chromium (Debian's, over
// the DevTools protocol with puppeteer-core), as a person would: loads it
// from a local static server, pastes a CV, reads the preview, edits, makes
// a typo, and collects the files the page offers for download.
//
// Usage: node page.js DIST CV.ron OUT_DIR
// Writes each downloadable file into OUT_DIR and prints a JSON report:
// what the preview showed, the diagnostics of the typo, and every request
// the page made.
"use strict";
const fs = require("fs");
const http = require("http");
const path = require("path");
const puppeteer = require("puppeteer-core");

const [dist, cvFile, outDir] = process.argv.slice(2);
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".ron": "text/plain" };

const server = http.createServer((req, res) => {
  const name = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html";
  const file = path.resolve(dist, path.normalize(name));
  if (!file.startsWith(path.resolve(dist)) || !fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});

(async () => {
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    userDataDir: fs.mkdtempSync(path.join(outDir, "profile-")),
  });
  const report = { requests: [], errors: [] };
  try {
    const tab = await browser.newPage();
    tab.on("request", (r) => report.requests.push(r.url()));
    tab.on("pageerror", (e) => { report.errors.push(String(e)); console.error("page error:", String(e)); });
    tab.on("console", (m) => console.error("console:", m.text()));
    tab.on("requestfailed", (r) => console.error("failed:", r.url(), r.failure()?.errorText));
    const loading = Date.now();
    await tab.goto(origin + "/", { waitUntil: "load" });
    await tab.waitForFunction(() => /write a CV|built/.test(document.getElementById("status").textContent), { timeout: 60000 });
    report.load_ms = Date.now() - loading;
    const type = async (text) => {
      await tab.evaluate((t) => {
        const s = document.getElementById("source");
        s.value = t;
        document.getElementById("status").textContent = "";
        s.dispatchEvent(new Event("input"));
      }, text);
      await tab.waitForFunction(() => document.getElementById("status").textContent !== "", { timeout: 60000 });
      return tab.evaluate(() => document.getElementById("status").textContent);
    };
    // The preview's text, once the frame shows the page's latest build.
    const preview = async () => {
      const src = await tab.evaluate(() => document.getElementById("view").src);
      let frame;
      for (let i = 0; i < 600 && !frame; i++) {
        frame = tab.frames().find((f) => f !== tab.mainFrame() && f.url() === src);
        if (!frame) await new Promise((ok) => setTimeout(ok, 100));
      }
      await frame.waitForFunction(() => document.body && document.body.textContent.length > 0, { timeout: 60000 });
      return frame.evaluate(() => document.body.textContent);
    };
    const cv = fs.readFileSync(cvFile, "utf8");
    report.first_status = await type(cv);
    report.preview = await preview();
    // The files offered for download, fetched from their blob addresses.
    await tab.click("#download");
    await tab.waitForFunction(() => /files ready/.test(document.getElementById("status").textContent), { timeout: 60000 });
    const files = await tab.evaluate(async () => {
      const out = {};
      for (const a of document.querySelectorAll("#downloads a")) {
        const bytes = new Uint8Array(await (await fetch(a.href)).arrayBuffer());
        out[a.download] = Array.from(bytes);
      }
      return out;
    });
    for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(outDir, name), Buffer.from(bytes));
    report.files = Object.keys(files).sort();
    report.edited_status = await type(cv.replace(`name: "Seo Jin Park"`, `name: "Seo Jin Park-Edited"`));
    report.edited_preview = await preview();
    // The PDF preview: its first build (the fonts parsed), then an edit.
    await tab.select("#preview", "typst");
    report.pdf_first_status = await type(cv);
    report.pdf_edit_status = await type(cv.replace(`name: "Seo Jin Park"`, `name: "Seo Jin Park-Again"`));
    await tab.select("#preview", "html");
    report.typo_status = await type("(\n  person: (nam: \"Ada\"),\n  sections: [],\n)\n");
    report.diagnostics = await tab.evaluate(() => [...document.querySelectorAll("#diagnostics li")].map((li) => li.textContent));
    report.origin = origin;
  } finally {
    await browser.close();
    server.close();
  }
  process.stdout.write(JSON.stringify(report));
})().catch((e) => { console.error(e); process.exit(1); });
