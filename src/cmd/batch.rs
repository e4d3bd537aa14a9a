//! `vita build a.ron b.ron ...` or `vita build FOLDER`: every CV into
//! `DIR/<file stem>/`, on all cores. Each CV's messages print together;
//! one bad CV does not stop the others; the exit code sums the run up
//! (0 all built, 2 only bad input failed, 1 anything else failed). A
//! progress bar shows on a terminal once the batch has taken a second.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use vita_engine::BadInput;

use crate::cmd::build::Flags;

/// The CV files a batch names: files as given, and the `.ron` and `.json`
/// files of folders (not their subfolders), in name order.
fn expand(args: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for a in args {
        if crate::input::is_stdin(a) {
            return Err(BadInput::plain("error: standard input (`-`) is one CV; build it alone".into()).into());
        }
        if a.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(a)
                .map_err(|e| BadInput::plain(format!("error: reading the folder {}: {}", a.display(), crate::input::io_message(&e))))?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron" || x == "json"))
                .collect();
            found.sort();
            // A member that is a link must stay in the folder: a shared
            // folder cannot make vita build (and echo) a file elsewhere.
            for p in &found {
                crate::input::inside(a, p, "the folder")
                    .map_err(|u| BadInput::plain(format!("error: {}: {} ({})", p.display(), u.0.message, u.0.hint.unwrap_or_default())))?;
            }
            if found.is_empty() {
                return Err(BadInput::plain(format!("error: the folder {} has no CV (`.ron` or `.json` file)", a.display())).into());
            }
            out.extend(found);
        } else {
            out.push(a.clone());
        }
    }
    Ok(out)
}

/// The output folder name of a CV: its file stem, which must be one plain,
/// distinct name.
fn stems(files: &[PathBuf]) -> anyhow::Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        if crate::write::check_name(&stem).is_err() || stem.is_empty() || stem.starts_with('.') {
            return Err(BadInput::plain(format!("error: {} has no file name to make an output folder of", f.display())).into());
        }
        if let Some(j) = out.iter().position(|s| *s == stem) {
            return Err(BadInput::plain(format!(
                "error: {} and {} would both build into `{stem}/`; rename one, or build them apart",
                files[j].display(),
                files[i].display()
            ))
            .into());
        }
        out.push(stem);
    }
    Ok(out)
}

/// How one CV went.
enum Outcome {
    Built,
    BadInput,
    Failed,
}

/// Builds every CV the arguments name.
pub fn run(args: &[PathBuf], flags: &Flags) -> anyhow::Result<()> {
    if flags.output == "-" {
        return Err(BadInput::plain("error: a batch writes folders; give -o DIR, not `-`".into()).into());
    }
    let files = expand(args)?;
    let stems = stems(&files)?;
    let started = Instant::now();
    let root = PathBuf::from(&flags.output);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len()).max(1);
    // The CVs run in parallel; each renders its formats in turn.
    crate::term::set_render_jobs(1);
    crate::term::set_summary_only();
    let bar = indicatif::ProgressBar::hidden();
    bar.set_length(files.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} CVs, {elapsed} ({eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let shown = std::sync::atomic::AtomicBool::new(false);
    let show_bar = use_bar();
    // After how long the bar shows (VITA_PROGRESS_AFTER in milliseconds, for tests).
    let after =
        std::env::var("VITA_PROGRESS_AFTER").ok().and_then(|v| v.parse().ok()).map_or(Duration::from_secs(1), Duration::from_millis);
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<Option<Outcome>>> = Mutex::new(files.iter().map(|_| None).collect());
    let print = Mutex::new(());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(i) else { break };
                let (outcome, text) = build_one(file, &root, &stems[i], flags);
                if !text.is_empty() {
                    let _one = print.lock().unwrap_or_else(|e| e.into_inner());
                    bar.suspend(|| eprint!("{text}"));
                }
                outcomes.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(outcome);
                bar.inc(1);
                if show_bar && started.elapsed() >= after && !shown.swap(true, Ordering::Relaxed) {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    bar.tick();
                }
            });
        }
    });
    bar.finish_and_clear();
    let outcomes = outcomes.into_inner().unwrap_or_else(|e| e.into_inner());
    summary(&files, &outcomes, &root, started.elapsed())
}

/// One CV of a batch into `root/stem/`: how it went, and what it said.
fn build_one(file: &Path, root: &Path, stem: &str, flags: &Flags) -> (Outcome, String) {
    let (result, mut text) = crate::term::capture(|| {
        // Not through a link: the folder checks of a target's folder.
        let mut f = flags.clone();
        f.output = crate::write::target_dir(root, stem)?.to_string_lossy().into_owned();
        crate::cmd::build::build(file, &f)
    });
    let Err(e) = result else { return (Outcome::Built, text) };
    let bad = e.downcast_ref::<BadInput>().is_some();
    let (_, said) = crate::term::capture(|| {
        if bad {
            crate::diagnostics::report(&e);
        } else {
            say!("error: {}: {e:#}", crate::input::shown(file));
        }
    });
    text.push_str(&said);
    (if bad { Outcome::BadInput } else { Outcome::Failed }, text)
}

/// The batch's last line: all built, or which failed (exit 2 when only bad input failed).
fn summary(files: &[PathBuf], outcomes: &[Option<Outcome>], root: &Path, took: Duration) -> anyhow::Result<()> {
    let failed: Vec<(&Path, bool)> = files
        .iter()
        .zip(outcomes)
        .filter_map(|(f, o)| match o {
            Some(Outcome::Built) => None,
            Some(Outcome::BadInput) => Some((f.as_path(), true)),
            Some(Outcome::Failed) | None => Some((f.as_path(), false)),
        })
        .collect();
    if failed.is_empty() {
        note!("built {} CVs into {}/ in {:.2} s", files.len(), root.display(), took.as_secs_f64());
        return Ok(());
    }
    let names: Vec<String> = failed.iter().take(20).map(|(f, _)| crate::input::shown(f).into_owned()).collect();
    let more = if failed.len() > 20 { format!(" and {} more", failed.len() - 20) } else { String::new() };
    let summary = format!(
        "{} of {} CVs failed ({} built into {}/ in {:.2} s): {}{more}",
        failed.len(),
        files.len(),
        files.len() - failed.len(),
        root.display(),
        took.as_secs_f64(),
        names.join(", ")
    );
    if failed.iter().all(|(_, bad)| *bad) {
        Err(BadInput::plain(format!("error: {summary}")).into())
    } else {
        anyhow::bail!("{summary}")
    }
}

/// Whether a progress bar may show: standard error is a terminal and
/// vita is not asked to be quiet.
fn use_bar() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && crate::term::level() >= crate::term::Level::Normal
}
