// The page's benchmark (scripts/bench-web): in headless Chromium, the time
// from opening the page to its first preview of the seed, and from an edit
// to the preview showing it (HTML, then the Typst PDF), the page's typing
// pause left out: check, build, and the preview frame loaded.
//
// Usage: node bench.js ORIGIN CV.ron [RUNS]
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const puppeteer = require("puppeteer-core");

const [origin, cvFile, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 20);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    userDataDir: fs.mkdtempSync(path.join(os.tmpdir(), "vita-bench-")),
  });
  try {
    const tab = await browser.newPage();
    const cv = fs.readFileSync(cvFile, "utf8");
    const opened = Date.now();
    await tab.goto(origin + "/", { waitUntil: "load" });
    await tab.waitForFunction(() => window.vita !== undefined, { timeout: 120000 });
    const ready = Date.now() - opened;
    const first = await tab.evaluate(async (t) => {
      window.vita.replace(t);
      const start = performance.now();
      await window.vita.step();
      return performance.now() - start;
    }, cv);
    const edits = async (n) => tab.evaluate(async (t, n) => {
      const built = [], times = [];
      for (let i = 0; i < n; i++) {
        // A person's pause between edits: the preview of the last one
        // (the PDF viewer renders after its frame loads) is done.
        await new Promise((ok) => setTimeout(ok, 300));
        window.vita.replace(t.replace(`name: "Seo Jin Park"`, `name: "Seo Jin Park ${i}"`));
        const start = performance.now();
        const shown = window.vita.step();
        // The step's check and build run before it returns; then the frame loads.
        built.push(performance.now() - start);
        await shown;
        times.push(performance.now() - start);
      }
      return [built, times];
    }, cv, n);
    const [htmlBuilt, html] = await edits(runs);
    await tab.select("#preview", "typst");
    const pdfFirst = (await edits(1))[1][0];
    const [pdfBuilt, pdf] = await edits(Math.max(5, Math.floor(runs / 2)));
    const line = (what, xs) => `${what.padEnd(34)} median ${median(xs).toFixed(1)} ms, min ${Math.min(...xs).toFixed(1)} ms (${xs.length} runs)`;
    console.log(`page ready (wasm compiled)          ${ready} ms`);
    console.log(`first preview of the seed (HTML)    ${first.toFixed(1)} ms`);
    console.log(line("edit: check and build, HTML", htmlBuilt));
    console.log(line("edit to HTML preview", html));
    console.log(`first PDF preview                   ${pdfFirst.toFixed(1)} ms`);
    console.log(line("edit: check and build, PDF", pdfBuilt));
    console.log(line("edit to PDF preview (warm)", pdf));
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
