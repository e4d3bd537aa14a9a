// Formats CSL-JSON items with citeproc-js (npm `citeproc`, the processor
// Zotero uses), each item as a bibliography of its own, as vita formats a
// CV's publications.
//
// Usage: node citeproc.js INPUT.json, where INPUT holds
//   { "style": "<style .../>", "locale": "<locale .../>", "lang": "en-US", "items": [ ... ] }
// Prints a JSON array: each item's bibliography entry as plain text, the
// style's own number (a numeric style's first field) left out.
"use strict";
const fs = require("fs");
const CSL = require("citeproc");

const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
// One engine (the style parsed once); each item alone in its registry.
const byId = new Map(input.items.map((item) => [item.id, item]));
const sys = {
  retrieveLocale: () => input.locale,
  retrieveItem: (id) => byId.get(id),
};
const engine = new CSL.Engine(sys, input.style, input.lang, true);
engine.setOutputFormat("text");
const out = [];
for (const item of input.items) {
  engine.updateItems([item.id]);
  const [params, entries] = engine.makeBibliography();
  let text = entries.join("").trim();
  if (params["second-field-align"]) {
    // The first field (`[1]`, `1.`) is the number vita prints as its own.
    text = text.replace(/^\S+\s*/, "");
  }
  out.push(text);
}
process.stdout.write(JSON.stringify(out));
