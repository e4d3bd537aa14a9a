//! Benchmarks of the whole pipeline, in process: load and validate, then
//! render every built-in format, for the seed and for generated CVs of
//! 1,000 to 10,000 entries (to see that cost grows linearly).
//!
//!     cargo bench --bench pipeline                      # prints the figures
//!     cargo bench --bench pipeline -- --write-cv 10000 target/bench/cv-10000.ron
//!     cargo bench --bench pipeline -- citation          # the citation styles alone
//!     cargo bench --bench pipeline -- lsp               # the language server alone
//!
//! `scripts/bench` runs this and also times whole `vita build` processes.
//! No figure here is asserted: benchmarks measure, tests check.

use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use vita::registry::BACKENDS;
use vita_backend::Options;

/// A CV with `n` entries: publications (with authors, venues, rates, tags)
/// and positions, in equal parts.
fn generated(n: usize) -> String {
    let mut s = String::from("#![enable(implicit_some)]\n(\n  person: (name: \"Ada Lovelace\", website: \"https://ada.example.org\"),\n  updated: \"2026-11\",\n  sections: [\n    Positions(title: \"Positions\", entries: [\n");
    for i in 0..n / 2 {
        s.push_str(&format!(
            "      (org: \"Institute {i} & Co\", location: \"City {i}\", title: \"Researcher\", start: \"{}-01\", end: \"{}-12\", description: \"Worked on *engine* number {i}.\", tags: [\"t{}\"]),\n",
            1900 + i % 100,
            1900 + i % 100,
            i % 7
        ));
    }
    s.push_str("    ]),\n    Publications(title: \"Publications\", count_line: true, entries: [\n");
    for i in 0..n - n / 2 {
        s.push_str(&format!(
            "      (id: \"p{i}\", title: \"On the analytical engine, part {i}\", authors: [(name: \"Ada Lovelace\", equal: true), (name: \"Charles Babbage\", equal: true)], venue: (short: \"V{}\", name: \"Venue {}\", edition: \"{}th\"), date: \"{}-05\", acceptance: (accepted: {}, submitted: 300), tags: [\"t{}\"], selected: {}),\n",
            i % 20,
            i % 20,
            i % 50 + 1,
            1900 + i % 100,
            i % 299 + 1,
            i % 7,
            i % 3 == 0
        ));
    }
    s.push_str("    ]),\n  ],\n)\n");
    s
}

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    t.sort();
    t[t.len() / 2]
}

fn pipeline(src: &str) {
    let doc = vita_model::load(src).document.expect("the CV is valid");
    for b in BACKENDS {
        render(*b, &doc);
    }
}

/// Renders as a build of a new CV would: a PDF kept from an earlier run of
/// the benchmark is forgotten first, so Typst typesets each time (with what
/// it memoised, as a build that follows another in one process).
fn render(b: &dyn vita_backend::Backend, doc: &vita_model::Document) {
    #[cfg(feature = "typst")]
    if b.name() == "typst" {
        vita_typst::compile::forget_made();
    }
    b.render(doc, &Options::default()).expect("renders");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write-cv") {
        let n: usize = args[i + 1].parse().expect("a number of entries");
        let path = &args[i + 2];
        if let Some(dir) = std::path::Path::new(path).parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, generated(n)).unwrap();
        return;
    }
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seojin-park.ron")).unwrap();
    // `-- citation`: the citation styles alone.
    if args.iter().any(|a| a == "citation") {
        citation_styles(&seed);
        return;
    }
    // `-- lsp`: the language server alone.
    if args.iter().any(|a| a == "lsp") {
        language_server(&seed);
        return;
    }
    // First: the fonts are parsed once per process.
    #[cfg(feature = "typst")]
    typst_breakdown(&seed);
    let t = median(30, || pipeline(&seed));
    println!("seed, load + all {} formats, in process: median {:.2} ms (30 runs)", BACKENDS.len(), t.as_secs_f64() * 1e3);
    let doc = vita_model::load(&seed).document.unwrap();
    for b in BACKENDS {
        let t = median(30, || render(*b, &doc));
        println!("  {:<11} {:.3} ms", b.name(), t.as_secs_f64() * 1e3);
    }
    // Template compilation alone: what the Handlebars engine spends before a
    // build with templates of one's own (the defaults are compiled into vita
    // at build time, so the renders above compile nothing).
    let none = std::collections::BTreeMap::new();
    for b in BACKENDS.iter().filter(|b| !b.default_templates().is_empty()) {
        let t = median(30, || {
            vita_view::engine::compile(b.default_templates(), &none, vita_view::engine::verbatim).unwrap();
        });
        let bytes: usize = b.default_templates().iter().map(|(_, t)| t.len()).sum();
        println!("  compiling {:<9} templates ({bytes} bytes), for one's own: {:.3} ms", b.name(), t.as_secs_f64() * 1e3);
    }
    // Loading alone: parse, check, and the position scan.
    let t = median(30, || {
        vita_model::load(&seed).document.unwrap();
    });
    println!("seed: load and validate {:.3} ms", t.as_secs_f64() * 1e3);
    let mut per_entry = Vec::new();
    for n in [1_000, 2_500, 5_000, 10_000] {
        let src = generated(n);
        let t = median(5, || pipeline(&src));
        let us = t.as_secs_f64() * 1e6 / n as f64;
        per_entry.push(us);
        println!("{n:>6} entries, load + all formats: median {:.1} ms ({us:.1} µs per entry, 5 runs)", t.as_secs_f64() * 1e3);
    }
    let big = generated(10_000);
    let t = median(3, || {
        vita_model::load(&big).document.unwrap();
    });
    println!("10,000 entries: load and validate {:.1} ms", t.as_secs_f64() * 1e3);
    let t = median(3, || {
        vita_model::parse(&big).unwrap();
    });
    println!("  parse {:.1} ms", t.as_secs_f64() * 1e3);
    let t = median(3, || {
        vita_model::SpanIndex::scan(&big);
    });
    println!("  scan {:.1} ms", t.as_secs_f64() * 1e3);
    let cv = vita_model::parse(&big).unwrap();
    let idx = vita_model::SpanIndex::scan(&big);
    let t = median(3, || {
        vita_model::validate::validate(&cv, &idx);
    });
    println!("  validate {:.1} ms", t.as_secs_f64() * 1e3);
    let doc = vita_model::load(&big).document.unwrap();
    for b in BACKENDS {
        let t = median(3, || render(*b, &doc));
        println!("  {:<11} {:.1} ms", b.name(), t.as_secs_f64() * 1e3);
    }
    let (lo, hi) = per_entry.iter().fold((f64::MAX, 0f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    println!("cost per entry varies by {:.0}% from 1,000 to 10,000 entries (linear growth keeps this small)", (hi / lo - 1.0) * 100.0);
    citation_styles(&seed);
}

/// The language server on the seed, in process (no transport): the
/// diagnostics after an edit (a whole-document change, checked as `vita
/// check` checks), completion inside a `Positions` entry, hover on a field.
fn language_server(seed: &str) {
    use serde_json::json;
    let host = vita_engine::MemoryHost::new();
    let mut server = vita_lsp::Server::new();
    server.initialize(&json!({}));
    let uri = "file:///cv/cv.ron";
    server.handle(&host, "textDocument/didOpen", &json!({ "textDocument": { "uri": uri, "text": seed } }));
    let mut n = 0;
    let edit = median(30, || {
        n += 1;
        let text = seed.replacen("Seo Jin Park", &format!("Seo Jin Park {n}"), 1);
        server.handle(&host, "textDocument/didChange", &json!({ "textDocument": { "uri": uri }, "contentChanges": [{ "text": text }] }));
    });
    let line = seed.lines().position(|l| l.contains("org: \"University of Southern California\",")).unwrap();
    let at = json!({ "textDocument": { "uri": uri }, "position": { "line": line + 1, "character": 10 } });
    let complete = median(30, || {
        server.handle(&host, "textDocument/completion", &at);
    });
    let hover_at = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 11 } });
    let hover = median(30, || {
        server.handle(&host, "textDocument/hover", &hover_at);
    });
    println!(
        "language server, the seed: diagnostics after an edit {:.2} ms, completion {:.2} ms, hover {:.2} ms (medians of 30)",
        edit.as_secs_f64() * 1e3,
        complete.as_secs_f64() * 1e3,
        hover.as_secs_f64() * 1e3
    );
}

/// Publications in a citation style: the one-time cost of a process (the
/// style and the CSL locales decoded), the seed's list, and 500
/// publications, in APA and IEEE.
fn citation_styles(seed: &str) {
    let words = vita_view::labels::Labels::english();
    let start = Instant::now();
    let apa = vita_cite::by_name("apa").unwrap();
    let style_once = start.elapsed();
    let doc = vita_model::load(seed).document.unwrap();
    let pubs: Vec<(&vita_model::Publication, u32)> = doc.cv.publications().map(|p| (p, doc.number(&p.id).unwrap_or(0))).collect();
    let start = Instant::now();
    vita_cite::format(&apa, None, &pubs, words, 1);
    let first = start.elapsed();
    println!(
        "citation style, once per process: APA decoded {:.2} ms; the seed's first list (with the CSL locales decoded) {:.2} ms",
        style_once.as_secs_f64() * 1e3,
        first.as_secs_f64() * 1e3
    );
    let big = vita_model::load(&generated(1_000)).document.unwrap();
    let many: Vec<(&vita_model::Publication, u32)> = big.cv.publications().map(|p| (p, big.number(&p.id).unwrap_or(0))).collect();
    for name in ["apa", "ieee"] {
        let style = vita_cite::by_name(name).unwrap();
        let t = median(30, || {
            vita_cite::format(&style, None, &pubs, words, 1);
        });
        let [one, two] = [1, 2].map(|workers| {
            median(5, || {
                vita_cite::format(&style, None, &many[..500], words, workers);
            })
        });
        println!(
            "  {name:<5} the seed's {} publications {:.2} ms; 500 publications {:.1} ms on one thread, {:.1} ms on two",
            pubs.len(),
            t.as_secs_f64() * 1e3,
            one.as_secs_f64() * 1e3,
            two.as_secs_f64() * 1e3
        );
    }
}

/// Where the time of the seed's Typst PDF goes: font parsing (once per
/// process), evaluation and layout, and PDF writing; each compilation
/// starts with Typst's memoisation caches empty, as a `vita build` does.
#[cfg(feature = "typst")]
fn typst_breakdown(seed: &str) {
    use vita_backend::Backend;
    let doc = vita_model::load(seed).document.unwrap();
    let settings = vita_typst::compile::PdfSettings { epoch: 0, ident: "bench".into(), standards: &[], files: &[] };
    let first = std::time::Instant::now();
    vita_typst::compile::bundled();
    let fonts = first.elapsed();
    let rendered = vita_typst::Typst.render(&doc, &Options::default()).unwrap();
    let source = String::from_utf8(rendered.files[0].bytes.clone()).unwrap();
    let (mut layout, mut pdf, mut whole) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..15 {
        vita_typst::compile::forget_memoised();
        let start = std::time::Instant::now();
        vita_typst::Typst.render(&doc, &Options::default()).unwrap();
        whole.push(start.elapsed());
        vita_typst::compile::forget_memoised();
        let start = std::time::Instant::now();
        let laid = vita_typst::compile::layout(source.clone(), vita_typst::compile::fonts(&[]), &settings).unwrap();
        layout.push(start.elapsed());
        let start = std::time::Instant::now();
        vita_typst::compile::export(&laid, &settings).unwrap();
        pdf.push(start.elapsed());
    }
    for v in [&mut layout, &mut pdf, &mut whole] {
        v.sort();
    }
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    println!(
        "seed PDF through Typst ({} pages), in process: fonts parsed once per process {:.1} ms; then per build, Typst's caches empty: render median {:.1} ms, of which layout {:.1} ms and PDF writing {:.1} ms (the rest: template, view, font warnings)",
        rendered.pages.unwrap_or(0),
        ms(fonts),
        ms(whole[7]),
        ms(layout[7]),
        ms(pdf[7])
    );
}
