//! `vita build FILE`: the engine plans and renders; this writes each plan's
//! files into its folder (or one file to standard output), runs the program
//! a plan declares for its PDF, and says what it did.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use vita_backend::OutputFile;
use vita_engine::{BadInput, Host, LoadFor, Loaded, Output, Plan, Request};

use crate::args::BuildArgs;
use crate::diagnostics::{self, plural};
use crate::host::FsHost;
use crate::input::shown;

/// What the command line says about a build.
#[derive(Default, Clone)]
pub struct Flags {
    /// `-o`: the output folder, or `-`.
    pub output: String,
    /// What the engine is asked.
    pub request: Request,
}

/// The files and flags of `build` and `watch`.
pub fn flags(args: BuildArgs) -> anyhow::Result<(Vec<PathBuf>, Flags)> {
    let BuildArgs { files, output, formats, templates, width, page, pdf, options, targets, theme, citation_style } = args;
    let page = page.map(|p| vita_engine::parse_page(&p)).transpose()?;
    if output.is_empty() {
        return Err(BadInput::plain("error: -o needs a folder (or `-` for standard output)".into()).into());
    }
    let source_date_epoch = crate::host::source_date_epoch()?;
    let request = Request { formats, templates, width, page, pdf, options, targets, source_date_epoch, theme, citation_style, lang: None };
    Ok((files, Flags { output, request }))
}

/// The most warnings one format prints; the rest are counted.
const MAX_WARNINGS: usize = 50;

/// Builds a CV as the flags say.
pub fn build(file: &Path, flags: &Flags) -> anyhow::Result<()> {
    let made = build_in(&FsHost::new(), file, flags)?;
    say_where(&made);
    Ok(())
}

/// The last line of a build: how many files, in which folders, and the one
/// to open first (the PDF, else the page, else the first file).
fn say_where(made: &[PathBuf]) {
    let Some(first) = made.first() else { return };
    let mut folders: Vec<String> = Vec::new();
    for p in made {
        let f = p.parent().map(|d| format!("{}/", d.display())).unwrap_or_default();
        if !folders.contains(&f) {
            folders.push(f);
        }
    }
    let by_ext = |ext: &str| made.iter().find(|p| p.extension().is_some_and(|e| e == ext));
    let open = by_ext("pdf").or_else(|| by_ext("html")).unwrap_or(first);
    note!("done: {} in {}; open {}", plural(made.len(), "file"), folders.join(", "), open.display());
}

/// Builds a CV as the flags say, reading through `host`; the paths of the
/// files the build made (written, or unchanged and kept).
pub fn build_in(host: &FsHost, file: &Path, flags: &Flags) -> anyhow::Result<Vec<PathBuf>> {
    crate::process::huge_pages_for(std::fs::metadata(file).map_or(0, |m| m.len()));
    let request = &flags.request;
    let loaded = vita_engine::load(host, file, LoadFor { targets: request.formats.is_empty(), importing: false })?;
    diagnostics::print_warnings(&loaded.warnings);
    check_request(file, &loaded, flags)?;
    let plans = vita_engine::plans(host, file, &loaded, request)?;
    print_notes(&plans);
    let mut made = Vec::new();
    if !vita_engine::builds_targets(&loaded, request) || flags.output == "-" {
        // The formats into one folder, or one target's one file to standard output (checked above).
        let out = (flags.output != "-").then(|| Path::new(&flags.output));
        for (_, plan) in plans {
            made.extend(run(host, &plan?, out, file)?);
        }
        return Ok(made);
    }
    let total = plans.len();
    let (mut failed, mut bad) = (Vec::new(), 0);
    for (name, plan) in plans {
        let result = plan.and_then(|plan| {
            let dir = crate::write::target_dir(Path::new(&flags.output), &name)?;
            run(host, &plan, Some(&dir), file)
        });
        let e = match result {
            Ok(files) => {
                made.extend(files);
                continue;
            }
            Err(e) => e,
        };
        // Bad input says which target itself.
        if let Some(b) = e.downcast_ref::<BadInput>() {
            diagnostics::print_bad(b);
            bad += 1;
        } else {
            say!("error: target `{name}`: {e:#}");
        }
        failed.push(name);
    }
    if failed.is_empty() {
        return Ok(made);
    }
    let summary = format!("{} of {} targets failed: {}", failed.len(), total, failed.join(", "));
    if bad == failed.len() {
        return Err(BadInput::plain(format!("error: {summary}")).into());
    }
    bail!("{summary}");
}

/// Refuses flags the CV cannot answer: targets named with formats, a target
/// it lacks, several targets to standard output.
fn check_request(file: &Path, loaded: &Loaded, flags: &Flags) -> anyhow::Result<()> {
    let request = &flags.request;
    let cv = &loaded.document.cv;
    let has_targets = !cv.targets.is_empty() || cv.settings.targets.is_some();
    if !request.targets.is_empty() && !request.formats.is_empty() {
        return Err(BadInput::plain("error: --target builds a target's own formats; leave out --format, or --target".into()).into());
    }
    if has_targets && request.formats.is_empty() {
        let names: Vec<&str> = loaded.targets.iter().map(|r| r.name.as_str()).collect();
        for t in &request.targets {
            if !names.contains(&t.as_str()) {
                let hint = vita_model::validate::did_you_mean(t, &names, "targets");
                return Err(BadInput::plain(format!("error: no target named `{t}` ({hint})")).into());
            }
        }
        let chosen = if request.targets.is_empty() { names.len() } else { request.targets.len() };
        if flags.output == "-" && chosen != 1 {
            return Err(BadInput::plain(
                "error: targets write folders; give -o DIR, or name one target with --target to print its file (or one format with --format)"
                    .into(),
            )
            .into());
        }
    } else if !request.targets.is_empty() {
        return Err(BadInput::plain(format!(
            "error: {} defines no targets (add `targets: [(name: \"...\", preset: \"academic-cv\")]`)",
            shown(file)
        ))
        .into());
    }
    Ok(())
}

/// Says what the engine noted while planning.
pub fn print_notes(plans: &[(String, anyhow::Result<Plan>)]) {
    for plan in plans.iter().filter_map(|(_, p)| p.as_ref().ok()) {
        for n in &plan.notes {
            note!("{n}");
        }
    }
}

/// Renders a plan and prints its formats' warnings.
pub fn render(host: &dyn Host, plan: &Plan, file: &Path) -> anyhow::Result<Output> {
    let rendered = vita_engine::render(host, plan, file)?;
    for (format, d) in &rendered.diagnostics {
        print_diagnostics(plan, file, format, d);
    }
    Ok(rendered)
}

/// Renders a plan and writes it into `output` (standard output for
/// `None`): the PDF is made first, then every file is written at once.
/// The paths of the files made.
fn run(host: &dyn Host, plan: &Plan, output: Option<&Path>, file: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let rendered = render(host, plan, file)?;
    for (name, n) in &rendered.pages {
        check_pages(plan, file, name, *n);
    }
    let Some(dir) = output else { return to_stdout(plan, &rendered).map(|()| Vec::new()) };
    let pdf = if plan.pdf { make_pdf(plan, &rendered, dir, file) } else { Pdf::default() };
    let mut outs: Vec<crate::write::Out> = rendered.files.iter().map(|(p, f)| crate::write::Out { producer: p, file: Ok(f) }).collect();
    outs.extend(pdf.fresh.iter().map(|f| crate::write::Out { producer: "pdf", file: Ok(f) }));
    outs.extend(pdf.kept.iter().map(|n| crate::write::Out { producer: "pdf", file: Err(n.as_str()) }));
    let mut producers: Vec<String> = plan.backends.iter().map(|b| b.name().to_string()).collect();
    if plan.pdf {
        producers.push("pdf".into());
    }
    // A target owns its folder; a build of named formats shares it with whatever else is there.
    let scope = if plan.target { crate::write::Scope::Whole } else { crate::write::Scope::Producers(&producers) };
    let started = std::time::Instant::now();
    let written = crate::write::write_set(dir, &outs, scope)?;
    step!("{}wrote {} into {} in {}", plan.label, plural(written.written.len(), "file"), dir.display(), crate::term::millis(started));
    for p in &written.written {
        crate::term::wrote(p);
        if !crate::term::summary_only() {
            note!("wrote {}", p.display());
        }
    }
    for p in &written.unchanged {
        if !crate::term::summary_only() {
            note!("unchanged {}", p.display());
        }
    }
    if let Some(first) = pdf.kept.first() {
        note!("{} is up to date (made from the same source)", dir.join(first).display());
    }
    for p in &written.removed {
        note!("removed {} (this build no longer makes it)", p.display());
    }
    for w in &written.warnings {
        note!("warning: {w}");
    }
    match pdf.error {
        Some(e) => Err(e),
        None => Ok(outs.iter().map(|o| dir.join(o.file.as_ref().map_or_else(|n| *n, |f| f.name.as_str()))).collect()),
    }
}

/// The one file of a plan, to standard output.
fn to_stdout(plan: &Plan, rendered: &Output) -> anyhow::Result<()> {
    let files = &rendered.files;
    if plan.pdf {
        bail!("{}a PDF is made in a folder; give an output folder with -o", plan.label);
    }
    if files.len() != 1 {
        let names: Vec<&str> = files.iter().map(|(_, f)| f.name.as_str()).collect();
        if plan.target {
            return Err(BadInput::plain(format!(
                "error: {}`-o -` prints one file, and this target writes {} ({}); give -o DIR",
                plan.label,
                names.len(),
                names.join(", ")
            ))
            .into());
        }
        bail!("`-o -` writes one file to standard output; choose one format with --format");
    }
    let file = &files[0].1;
    // A binary file (a Word file is a zip archive) would reach a terminal as raw bytes.
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) && is_binary(&file.bytes) {
        bail!(
            "{}{} is a binary file and standard output is a terminal; redirect it (`> {}`) or give -o DIR",
            plan.label,
            file.name,
            file.name
        );
    }
    crate::term::print_bytes(&file.bytes);
    Ok(())
}

/// Whether bytes are not text: not UTF-8, or holding a control character
/// other than a tab or a line break.
fn is_binary(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).map_or(true, |t| t.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')))
}

/// What making a plan's PDF with its program gave.
#[derive(Default)]
struct Pdf {
    /// Files made fresh.
    fresh: Vec<OutputFile>,
    /// Files kept as they are (made from the same source).
    kept: Vec<String>,
    /// The program's failure: the other outputs are still written (an
    /// earlier PDF goes: it is no longer current).
    error: Option<anyhow::Error>,
}

/// Runs the program a plan declares for its PDF (TeX for LaTeX).
fn make_pdf(plan: &Plan, rendered: &Output, dir: &Path, file: &Path) -> Pdf {
    let mut pdf = Pdf::default();
    let Some((backend, program)) = rendered.programs.iter().find(|(_, p)| p.output.ends_with(".pdf")) else {
        pdf.error = Some(anyhow::anyhow!("no format of this build makes a PDF"));
        return pdf;
    };
    let started = std::time::Instant::now();
    let made = crate::program::make(&plan.doc, dir, *backend, program).with_context(|| format!("making {}", program.output));
    step!("{}made {} with {} in {}", plan.label, program.output, backend.name(), crate::term::millis(started));
    match made {
        Ok(made) => {
            print_diagnostics(plan, file, backend.name(), &made.diagnostics);
            if let Some(n) = made.pages {
                check_pages(plan, file, &program.output, n);
            }
            match made.fresh {
                Some(f) => pdf.fresh = f.into(),
                None => pdf.kept = vec![program.output.clone(), crate::program::stamp_name(&program.output)],
            }
        }
        Err(e) if plan.pdf_optional && e.downcast_ref::<crate::program::NotInstalled>().is_some() => {
            note!("{}: warning: {}{e}", shown(file), plan.label);
        }
        Err(e) => pdf.error = Some(e),
    }
    pdf
}

/// Warns when a paged output has more pages than the target allows.
pub fn check_pages(plan: &Plan, file: &Path, output: &str, pages: u32) {
    if let Some(max) = plan.max_pages.filter(|max| pages > *max) {
        note!("{}: warning: {}{output} has {pages} pages, over the target's max_pages of {max}", shown(file), plan.label);
    }
}

/// Prints a backend's diagnostics, their paths mapped back to the CV's own.
pub fn print_diagnostics(plan: &Plan, file: &Path, format: &str, diagnostics: &[vita_backend::Diagnostic]) {
    for (i, d) in diagnostics.iter().enumerate() {
        if i == MAX_WARNINGS {
            note!("{}: warning: {}{format}: {} more warnings not shown", shown(file), plan.label, diagnostics.len() - i);
            break;
        }
        let kind = if d.is_error() { "error" } else { "warning" };
        if !d.is_error() {
            crate::term::warned(1);
        }
        let path = if d.path.is_empty() { String::new() } else { format!("{}: ", plan.doc.source_path(&d.path)) };
        let hint = d.hint.as_ref().map(|h| format!(" ({h})")).unwrap_or_default();
        if d.is_error() {
            say!("{}: {kind}: {}{format}: {path}{}{hint}", shown(file), plan.label, d.message);
        } else {
            note!("{}: {kind}: {}{format}: {path}{}{hint}", shown(file), plan.label, d.message);
        }
    }
}
