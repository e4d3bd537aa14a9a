//! Running other programs (a TeX engine, an external backend) under vita's
//! control, and leaving nothing behind when vita is stopped.
//!
//! One runner serves every program: it starts the program in a process
//! group of its own, feeds its standard input from a thread, keeps at most
//! a fixed number of bytes of its standard error, and stops the whole group
//! at the time limit. When the program exits, the rest of its group (a
//! background child it left) is stopped too, so a child that holds the
//! error pipe open cannot keep vita waiting.
//!
//! On SIGINT, SIGTERM or SIGHUP vita waits for a commit in progress (the
//! renames of [`crate::write`]), stops every running program's group,
//! removes its registered temporary files and folders, and exits with 130.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use nix::sys::signal::{killpg, Signal};
use nix::sys::wait::{waitid, Id, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;

/// The longest time limit an option may set, in seconds (a day).
pub const MAX_TIMEOUT: u64 = 86_400;

#[derive(Default)]
struct Registry {
    groups: Vec<u32>,
    paths: Vec<PathBuf>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry { groups: Vec::new(), paths: Vec::new() });
static COMMIT: Mutex<()> = Mutex::new(());

/// The registry of what a signal must clean up. The signal handler (a
/// thread of its own) starts before the first thing is made or registered
/// (here, or in [`commit_lock`]): a run that writes no file and starts no
/// program (`vita check`, `vita formats`) has nothing to clean up, and is
/// stopped as any program is.
fn registry() -> MutexGuard<'static, Registry> {
    watch_signals();
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts the signal handler, once: SIGINT, SIGTERM and SIGHUP then stop
/// vita as [`leave`] does (exit 130). Long-running commands (`watch`, a
/// server) start it first thing; others when they first register something.
pub fn watch_signals() {
    static HANDLER: std::sync::Once = std::sync::Once::new();
    HANDLER.call_once(|| {
        let _ = ctrlc::set_handler(|| leave("vita: stopped", 130));
    });
}

/// Held while a set of files is renamed into place, and while a temporary
/// file or folder is made and registered; a signal waits for it. The signal
/// handler starts here at the latest, before anything is made.
pub fn commit_lock() -> MutexGuard<'static, ()> {
    watch_signals();
    COMMIT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes `path` (a file or a folder) if vita is stopped by a signal.
pub fn remove_on_exit(path: &Path) {
    registry().paths.push(path.to_path_buf());
}

/// Installs the panic hook; call once, first thing. (The signal handler
/// starts with the first temporary file or program registered.)
pub fn install_panic_hook() {
    // A panic is a bug of vita's: its message may quote the user's bytes
    // (escape sequences included), so only where it happened is printed.
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        leave(&format!("vita: internal error{at}; no output was changed (please report it with the input that caused it)"), 1);
    }));
}

/// Source size (bytes) from which a CV is built with transparent huge pages:
/// under it, the kernel's zeroing of 2 MiB pages the allocator asks for
/// costs more than the fewer page faults save (the seed in five formats:
/// 3.5 ms with them, 3.0 without); over it, they save (10,000 entries:
/// 148 ms with them, 163 without). The crossing is near 500 entries.
const HUGE_PAGES_FROM: u64 = 128 * 1024;

/// Starts the process without transparent huge pages (Linux); a large CV
/// ([`huge_pages_for`]) or a program vita runs turns them back on.
pub fn small_pages() {
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
}

/// Turns transparent huge pages back on for a CV of `bytes` over [`HUGE_PAGES_FROM`].
pub fn huge_pages_for(bytes: u64) {
    if bytes > HUGE_PAGES_FROM {
        huge_pages();
    }
}

/// Transparent huge pages as the system has them (a child inherits the setting).
fn huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(false);
}

/// Stops every running program's group, removes the registered temporary
/// files and folders, prints `message` and exits with `code`. A commit in
/// progress on another thread is waited for (a few seconds at most; the
/// thread that calls this may be the one holding it).
pub fn leave(message: &str, code: i32) -> ! {
    let commit = patiently(&COMMIT);
    if let Some(reg) = patiently(&REGISTRY) {
        for g in &reg.groups {
            let _ = killpg(Pid::from_raw(*g as i32), Signal::SIGKILL);
        }
        for p in &reg.paths {
            let _ = std::fs::remove_file(p).or_else(|_| std::fs::remove_dir_all(p));
        }
    }
    eprintln!("{}", crate::term::clean(message));
    // The commit lock is held to the end: a thread that took it after
    // this one let go could make (and register) a temporary file that no
    // one would remove before the process ends.
    let _held = commit;
    std::process::exit(code);
}

/// A lock, waited for at most five seconds.
fn patiently<T>(m: &'static Mutex<T>) -> Option<MutexGuard<'static, T>> {
    let until = Instant::now() + Duration::from_secs(5);
    loop {
        match m.try_lock() {
            Ok(g) => return Some(g),
            Err(std::sync::TryLockError::Poisoned(p)) => return Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) if Instant::now() < until => std::thread::sleep(Duration::from_millis(10)),
            Err(std::sync::TryLockError::WouldBlock) => return None,
        }
    }
}

/// Whether a process of this id runs (any process: ids are reused, so a
/// stale file may live on until that id is free again).
pub fn is_running(pid: u32) -> bool {
    match nix::sys::signal::kill(Pid::from_raw(pid as i32), None) {
        Ok(()) => true,
        Err(e) => e == nix::errno::Errno::EPERM,
    }
}

/// What a finished program did.
pub struct Finished {
    /// Its exit status.
    pub status: ExitStatus,
    /// The start of its standard error (at most the cap given).
    pub stderr: String,
}

/// Why a program gave no result.
pub enum Failure {
    /// It could not be started.
    Start(std::io::Error),
    /// It ran past the time limit and was stopped.
    Timeout,
}

/// Runs `cmd` with `stdin` as its standard input (none when `None`), its
/// output discarded, at most `cap` bytes of its standard error kept, and
/// the whole process group stopped at `deadline` or when it exits.
pub fn run(cmd: &mut Command, stdin: Option<Vec<u8>>, deadline: Instant, cap: usize) -> Result<Finished, Failure> {
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() }).stdout(Stdio::null()).stderr(Stdio::piped());
    std::os::unix::process::CommandExt::process_group(cmd, 0);
    // The program runs with the system's setting, not the one vita chose for itself.
    huge_pages();
    // Registered before the program starts, so a signal between the two cannot miss it.
    let mut reg = registry();
    let mut child = cmd.spawn().map_err(Failure::Start)?;
    let group = child.id();
    reg.groups.push(group);
    drop(reg);
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        // A program that exits without reading all of it is its own business.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    let kept = Arc::new(Mutex::new(Vec::new()));
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    if let Some(mut pipe) = child.stderr.take() {
        let kept = Arc::clone(&kept);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut k = kept.lock().unwrap_or_else(|e| e.into_inner());
                let room = cap.saturating_sub(k.len()).min(n);
                k.extend_from_slice(&buf[..room]);
            }
            let _ = done_tx.send(());
        });
    }
    let stop = |child: &mut std::process::Child| {
        let _ = killpg(Pid::from_raw(group as i32), Signal::SIGKILL);
        let _ = child.kill();
    };
    // (`child.kill` on an exited, unreaped program is harmless: it is a zombie.)
    // Wait for the program to exit without reaping it: while it is a
    // zombie its group id cannot be reused, so stopping the group after
    // it never reaches another process.
    let timed_out = loop {
        match waitid(Id::Pid(Pid::from_raw(group as i32)), WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT | WaitPidFlag::WNOHANG) {
            Ok(WaitStatus::StillAlive) => {}
            _ => break false,
        }
        if Instant::now() >= deadline {
            break true;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    // Whatever it left running in its group goes too; then the error pipe closes.
    stop(&mut child);
    let status = child.wait();
    registry().groups.retain(|g| *g != group);
    if timed_out {
        return Err(Failure::Timeout);
    }
    let status = status.map_err(Failure::Start)?;
    // A child that left the group may still hold the pipe: wait for it no longer than the deadline (and a second).
    let _ = done_rx.recv_timeout(deadline.saturating_duration_since(Instant::now()).max(Duration::from_secs(1)));
    let bytes = kept.lock().unwrap_or_else(|e| e.into_inner()).clone();
    Ok(Finished { status, stderr: String::from_utf8_lossy(&bytes).into_owned() })
}

/// The deadline for a time limit in seconds (bounded, so it never overflows).
pub fn deadline(seconds: u64) -> Instant {
    Instant::now() + Duration::from_secs(seconds.min(MAX_TIMEOUT))
}

/// Finds a program on `PATH`.
pub fn find_program(name: &str) -> Option<PathBuf> {
    which::which(name).ok()
}

/// Removes the entries of `dir` named `PREFIX<pid>-…` whose process no
/// longer runs (left by a killed vita) and whose type `kind` accepts.
pub fn remove_stale(dir: &Path, prefix: &str, kind: impl Fn(std::fs::FileType) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else { continue };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| !is_running(p)) && e.file_type().is_ok_and(&kind) {
            let _ = std::fs::remove_file(e.path()).or_else(|_| std::fs::remove_dir_all(e.path()));
        }
    }
}

/// A temporary folder for a program's run, named `vita-NAME-PID-…` in the
/// system's temporary folder, removed if vita is stopped; stale ones of
/// processes that no longer run are removed first.
pub fn temp_dir(name: &str) -> anyhow::Result<tempfile::TempDir> {
    let base = std::env::temp_dir();
    let prefix = format!("vita-{name}-");
    remove_stale(&base, &prefix, |t| t.is_dir());
    // Made and registered under the lock a signal takes first.
    let _guard = commit_lock();
    let dir = tempfile::Builder::new().prefix(&format!("{prefix}{}-", std::process::id())).tempdir_in(&base)?;
    remove_on_exit(dir.path());
    Ok(dir)
}
