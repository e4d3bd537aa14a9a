//! Carrying out a plan: every backend rendered (on the host's threads, in
//! the plan's order), the files checked, the programs declared; nothing is
//! written: the host writes what [`Output`] holds.

use anyhow::{anyhow, bail, Context};
use vita_backend::{Backend, Diagnostic, Options, OutputFile, Program};

use crate::host::{step, Host};
use crate::plan::Plan;
use crate::registry;
use crate::report::BadInput;

/// What the backends of a plan produced.
#[derive(Default)]
pub struct Output {
    /// Files, with the format that made each.
    pub files: Vec<(&'static str, OutputFile)>,
    /// Programs the backends declared (a PDF from LaTeX), for the host to run when the plan asks.
    pub programs: Vec<(&'static dyn Backend, Program)>,
    /// Page counts of paged files the backends made themselves, by file name.
    pub pages: Vec<(String, u32)>,
    /// Each format's warnings, by format, in the plan's order.
    pub diagnostics: Vec<(&'static str, Vec<Diagnostic>)>,
}

/// The prefix of the temporary files a writer makes in an output folder.
pub const TMP_PREFIX: &str = ".vita-tmp-";
/// The file in an output folder that lists what vita wrote there.
pub const MANIFEST: &str = ".vita-manifest";

/// Checks a name a backend gave: relative, plain components only, none of
/// the names a writer keeps for itself.
pub fn check_name(name: &str) -> anyhow::Result<()> {
    let path = std::path::Path::new(name);
    let plain = !name.is_empty()
        && path.components().all(|c| matches!(c, std::path::Component::Normal(_)))
        && name.split('/').all(|c| !c.is_empty() && c.len() <= 255 && !c.starts_with(TMP_PREFIX) && c != MANIFEST)
        && !name.chars().any(|c| c.is_control() || c == '\\');
    if !plain {
        bail!("`{name}` is not a file name inside the output folder");
    }
    Ok(())
}

/// Renders every backend of a plan, each on the host's threads (the
/// formats are independent; results are taken in the plan's order, so
/// output and warnings stay deterministic). Two formats that would write
/// the same file name fail the plan.
pub fn render(host: &dyn Host, plan: &Plan, file: &std::path::Path) -> anyhow::Result<Output> {
    render_on(host, plan, file, if small(plan) { 1 } else { host.jobs() })
}

/// Entries under which the text formats of a CV render on one thread: a
/// second thread costs more to start and feed than it saves (the seed's
/// five text formats take about 1.5 ms in all; at 1,000 entries two threads
/// save a sixth of the time).
const SMALL: usize = 500;

/// Whether a plan is work for one thread: no Typst PDF, no program, a CV
/// of fewer than [`SMALL`] entries.
fn small(plan: &Plan) -> bool {
    plan.doc.cv.entry_total() < SMALL && plan.backends.iter().all(|b| b.name() != "typst" && !b.accepts_any_option() && !b.pdf_by_program())
}

/// Renders every plan: the plans side by side on the host's threads when
/// there are several (each plan's formats then one after another), else
/// the one plan's formats side by side. Results in the plans' order.
pub fn render_all(host: &dyn Host, plans: &[Plan], file: &std::path::Path) -> Vec<anyhow::Result<Output>> {
    if plans.len() == 1 {
        return vec![render(host, &plans[0], file)];
    }
    on_threads(plans.len(), host.jobs(), |i| render_on(host, &plans[i], file, 1))
}

/// Runs `work` for each of `0..n` on at most `workers` threads, taking the
/// items in turn; the results in item order.
fn on_threads<T: Send>(n: usize, workers: usize, work: impl Fn(usize) -> anyhow::Result<T> + Sync) -> Vec<anyhow::Result<T>> {
    let slots: Vec<std::sync::Mutex<Option<anyhow::Result<T>>>> = (0..n).map(|_| std::sync::Mutex::new(None)).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let each = || loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if i >= n {
            break;
        }
        let r = work(i);
        *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
    };
    let workers = workers.clamp(1, 64).min(n);
    if workers <= 1 {
        each();
    } else {
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(each);
            }
        });
    }
    slots
        .into_iter()
        .map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner()).unwrap_or_else(|| Err(anyhow!("a backend panicked"))))
        .collect()
}

/// [`render`] with the formats on at most `workers` threads.
fn render_on(host: &dyn Host, plan: &Plan, file: &std::path::Path, workers: usize) -> anyhow::Result<Output> {
    let options = with_attachments(plan)?;
    let results = on_threads(plan.backends.len(), workers, |i| {
        let b = plan.backends[i];
        let started = host.clock();
        // Typesetting runs in this process: a template that loops is stopped by the host.
        let _limit = (b.name() == "typst").then(|| typeset_limit(host, plan, file, &options[i]));
        let r = b.render(&plan.doc, &options[i]).with_context(|| format!("the {} backend failed", b.name()));
        step!(host, "{}rendered {} in {}", plan.label, b.name(), crate::host::took(host, started));
        r
    });
    let mut out = Output::default();
    for (b, rendered) in plan.backends.iter().zip(results) {
        let rendered = rendered?;
        out.diagnostics.push((b.name(), rendered.diagnostics));
        if let Some(n) = rendered.pages {
            let paged = rendered.files.iter().find(|f| f.name.ends_with(".pdf")).map_or_else(|| b.name().to_string(), |f| f.name.clone());
            out.pages.push((paged, n));
        }
        for f in rendered.files {
            check_name(&f.name).with_context(|| format!("the {} backend", b.name()))?;
            if let Some((other, _)) = out.files.iter().find(|(_, g)| g.name == f.name) {
                bail!("the {other} and {} formats both write `{}`; build them into different folders", b.name(), f.name);
            }
            out.files.push((b.name(), f));
        }
        if let Some(p) = rendered.program {
            out.programs.push((*b, p));
        }
    }
    if plan.pdf_named {
        refuse_two_pdfs(plan, &out)?;
    }
    Ok(out)
}

/// The plan's options with the files a backend carries from another
/// format (Typst's PDF with the Europass XML): that format rendered first,
/// from the same document.
fn with_attachments(plan: &Plan) -> anyhow::Result<Vec<Options>> {
    let mut options = plan.options.clone();
    for (b, o) in plan.backends.iter().zip(options.iter_mut()) {
        for name in b.attachments(o) {
            let other = registry::backend(name)
                .with_context(|| format!("the {} format asks for the {name} format, which this vita lacks", b.name()))?;
            let mut base = Options::default();
            base.basename = o.basename.clone();
            base.lang = o.lang.clone();
            base.labels = o.labels.clone();
            base.dates = o.dates;
            base.source_date_epoch = o.source_date_epoch;
            let made = other.render(&plan.doc, &base).with_context(|| format!("the {name} file to attach to the {} output", b.name()))?;
            o.attachments.extend(made.files);
        }
    }
    Ok(options)
}

/// A format that writes a PDF itself beside one whose program would write
/// the same file, when a PDF was asked for: an error, not a silent choice.
fn refuse_two_pdfs(plan: &Plan, out: &Output) -> anyhow::Result<()> {
    for (b, p) in &out.programs {
        if let Some((writer, _)) = out.files.iter().find(|(_, f)| f.name == p.output) {
            return Err(BadInput::plain(format!(
                "error: {}the {writer} format writes `{}` itself, and the {} format would make it too (a PDF was asked for); \
                 leave out `pdf: true`/--pdf to take the {writer} PDF, or build {} into its own target or folder",
                plan.label,
                p.output,
                b.name(),
                b.name()
            ))
            .into());
        }
    }
    Ok(())
}

/// The time limit over typesetting a plan's Typst PDF: `typst.timeout`
/// seconds, by default [`vita_model::budget::TYPESET_SECONDS`].
fn typeset_limit(host: &dyn Host, plan: &Plan, file: &std::path::Path, options: &Options) -> Box<dyn std::any::Any> {
    let secs = options.extra.get("timeout").and_then(|t| t.parse().ok()).unwrap_or(vita_model::budget::TYPESET_SECONDS);
    let why = if options.templates.is_empty() {
        "for a CV this large, raise the limit with -O typst.timeout=SECONDS".to_string()
    } else {
        let names: Vec<String> = options.templates.keys().map(|n| format!("`{n}`")).collect();
        format!("does the template {} of the template folder loop? (-O typst.timeout=SECONDS sets the limit)", names.join(", "))
    };
    host.limit(
        std::time::Duration::from_secs(secs),
        format!("error: {}{}: typesetting the PDF took more than {secs} s and was stopped; {why}", crate::report::shown(file), plan.label),
    )
}
