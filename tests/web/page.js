// Drives the built page in headless Chromium (Debian's, over the DevTools
// protocol with puppeteer-core), as a person would: loads it from `vita
// web`, pastes a CV, reads the preview, edits, picks a theme and a
// language, makes a typo and takes the fix the page offers, starts a new
// CV, drops a JSON Resume file and a BibTeX file, collects the files the
// page offers for download, then stops the server and reloads offline.
//
// Usage: node page.js ORIGIN CV.ron JSONRESUME.json OUT_DIR SERVER_PID
// Writes each downloadable file (and screenshot.png) into OUT_DIR and
// prints a JSON report of what the page showed and every request it made.
"use strict";
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

const [origin, cvFile, resumeFile, outDir, serverPid] = process.argv.slice(2);
const status = () => document.getElementById("status").textContent;

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    userDataDir: fs.mkdtempSync(path.join(outDir, "profile-")),
    defaultViewport: { width: 1280, height: 760 },
  });
  const report = { requests: [], errors: [], origin };
  try {
    const tab = await browser.newPage();
    tab.on("request", (r) => report.requests.push(r.url()));
    tab.on("pageerror", (e) => { report.errors.push(String(e)); console.error("page error:", String(e)); });
    tab.on("console", (m) => console.error("console:", m.text()));
    tab.on("requestfailed", (r) => console.error("failed:", r.url(), r.failure()?.errorText));
    const ready = () => tab.waitForFunction(() => /write a CV|built|fix the/.test(document.getElementById("status").textContent), { timeout: 120000 });
    const loading = Date.now();
    await tab.goto(origin + "/", { waitUntil: "load" });
    await ready();
    report.load_ms = Date.now() - loading;
    // Waits for the page's next word after `act`.
    const after = async (act) => {
      await tab.evaluate(() => { document.getElementById("status").textContent = ""; });
      await act();
      await tab.waitForFunction(() => document.getElementById("status").textContent !== "", { timeout: 120000 });
      return tab.evaluate(status);
    };
    const type = (text) => after(() => tab.evaluate((t) => window.vita.replace(t), text));
    const pick = (id, value) => after(() => tab.select(id, value));
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
    // The bytes behind the preview, and behind each download link.
    const blob = (url) => tab.evaluate(async (u) => Array.from(new Uint8Array(await (await fetch(u)).arrayBuffer())), url);
    const save = async (name, url) => fs.writeFileSync(path.join(outDir, name), Buffer.from(await blob(url)));

    const cv = fs.readFileSync(cvFile, "utf8");
    report.first_status = await type(cv);
    report.preview = await preview();
    await tab.screenshot({ path: path.join(outDir, "screenshot.png") });

    // Every file, one by one and as a zip.
    report.download_status = await after(() => tab.click("#download"));
    const links = await tab.evaluate(() => [...document.querySelectorAll("#downloads a")].map((a) => [a.download, a.href]));
    for (const [name, url] of links) await save(name, url);
    report.files = links.map(([name]) => name).sort();

    report.edited_status = await type(cv.replace(`name: "Seo Jin Park"`, `name: "Seo Jin Park-Edited"`));
    report.edited_preview = await preview();
    await type(cv);

    // The pickers: a theme over the CV's, a language over the CV's.
    report.themes = await tab.evaluate(() => [...document.querySelectorAll("#theme option")].map((o) => o.value));
    report.theme_status = await pick("#theme", "modern");
    await save("modern.html", await tab.evaluate(() => document.getElementById("view").src));
    await pick("#theme", "");
    report.languages = await tab.evaluate(() => [...document.querySelectorAll("#lang option")].map((o) => o.value));
    await pick("#lang", "de");
    report.german_preview = await preview();
    await pick("#lang", "");

    // The PDF preview: its first build (the fonts parsed), then an edit.
    report.pdf_first_status = await pick("#preview", "typst");
    report.pdf_edit_status = await type(cv.replace(`name: "Seo Jin Park"`, `name: "Seo Jin Park-Again"`));
    await pick("#preview", "html");

    // A typo: listed, marked in the text, and the fix the hint names.
    report.typo_status = await type("(\n  person: (nam: \"Ada\"),\n  sections: [],\n)\n");
    report.diagnostics = await tab.evaluate(() => [...document.querySelectorAll("#diagnostics li")].map((li) => li.textContent));
    report.marked = await tab.evaluate(() => [...document.querySelectorAll(".cm-lintRange-error")].map((e) => e.textContent));
    report.marked_line = await tab.evaluate(() => {
      const mark = document.querySelector(".cm-lintRange-error");
      return [...document.querySelectorAll(".cm-content .cm-line")].indexOf(mark?.closest(".cm-line")) + 1;
    });
    await tab.hover(".cm-lintRange-error");
    await tab.waitForSelector(".cm-diagnosticAction", { timeout: 10000 });
    report.fix = await tab.evaluate(() => document.querySelector(".cm-diagnosticAction").textContent);
    report.fixed_status = await after(() => tab.click(".cm-diagnosticAction"));
    report.fixed_text = await tab.evaluate(() => window.vita.text());

    // A new CV: the starter, which builds.
    report.new_status = await after(() => tab.click("#new"));
    await tab.waitForFunction(() => /built/.test(document.getElementById("status").textContent), { timeout: 60000 });
    report.new_text = await tab.evaluate(() => window.vita.text());

    // Files dropped on the page, as a person drags them from their folder.
    const drop = (name, bytes) => after(() => tab.evaluate((n, b) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(b)], n));
      document.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    }, name, Array.from(bytes)));
    report.resume_status = await drop(path.basename(resumeFile), fs.readFileSync(resumeFile));
    await tab.waitForFunction(() => /built|fix the|error/.test(document.getElementById("status").textContent), { timeout: 60000 });
    report.imported_status = await tab.evaluate(status);
    report.imported_diagnostics = await tab.evaluate(() => [...document.querySelectorAll("#diagnostics li")].map((li) => li.textContent));
    report.imported = await tab.evaluate(() => window.vita.text());
    report.imported_preview = await preview();
    const bib = Buffer.from("@article{k, title = {A Title}, author = {Doe, Jane}, journal = {J}, year = {2020}}\n");
    // Into the imported CV, which has its publications: the file goes beside it.
    report.bib_beside_status = await drop("papers.bib", bib);
    report.bib_beside_text = await tab.evaluate(() => window.vita.text());
    // Into a CV without publications: a section that reads it, too.
    await type("(\n  person: (name: \"Jane Doe\"),\n  sections: [],\n)\n");
    report.bib_status = await drop("papers.bib", bib);
    report.after_bib = await tab.evaluate(() => window.vita.text());
    report.bib_preview = await preview();

    // Offline: the server stopped, the page reloads from what its worker kept.
    report.controlled = await tab.evaluate(async () => {
      await navigator.serviceWorker.ready;
      for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++) await new Promise((ok) => setTimeout(ok, 100));
      return !!navigator.serviceWorker.controller;
    });
    process.kill(Number(serverPid));
    await new Promise((ok) => setTimeout(ok, 300));
    await tab.reload({ waitUntil: "load" });
    await ready();
    report.offline_status = await tab.evaluate(status);
    report.offline_diagnostics = await tab.evaluate(() => [...document.querySelectorAll("#diagnostics li")].map((li) => li.textContent));
    report.offline_preview = await preview().catch((e) => `no preview: ${e}`);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(report));
})().catch((e) => { console.error(e); process.exit(1); });
