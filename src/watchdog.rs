//! A time limit over work that runs in vita's own process (typesetting,
//! rendering a template), where nothing can be killed but the process: a
//! template that loops forever stops vita with exit 2 and a message naming
//! it, after the temporary files are removed ([`crate::process::leave`]).
//! One thread watches every limit; it starts with the first.

use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The armed limits: an id, when it runs out, and what to say then.
struct Limits {
    next: u64,
    armed: Vec<(u64, Instant, String)>,
}

static LIMITS: Mutex<Limits> = Mutex::new(Limits { next: 0, armed: Vec::new() });
static CHANGED: Condvar = Condvar::new();
static THREAD: OnceLock<()> = OnceLock::new();

/// A limit in force until it is dropped.
pub struct Guard(u64);

impl Drop for Guard {
    fn drop(&mut self) {
        let mut l = LIMITS.lock().unwrap_or_else(|e| e.into_inner());
        l.armed.retain(|(id, _, _)| *id != self.0);
    }
}

/// Stops vita with exit 2 and `message` if the guard is not dropped within `limit`.
pub fn arm(limit: Duration, message: String) -> Guard {
    THREAD.get_or_init(|| {
        std::thread::spawn(watch);
    });
    let mut l = LIMITS.lock().unwrap_or_else(|e| e.into_inner());
    l.next += 1;
    let id = l.next;
    l.armed.push((id, Instant::now() + limit, message));
    CHANGED.notify_all();
    Guard(id)
}

fn watch() {
    let mut l = LIMITS.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let now = Instant::now();
        if let Some((_, _, message)) = l.armed.iter().find(|(_, at, _)| *at <= now) {
            let message = message.clone();
            drop(l);
            crate::process::leave(&message, 2);
        }
        let wait = l.armed.iter().map(|(_, at, _)| at.saturating_duration_since(now)).min().unwrap_or(Duration::from_secs(3600));
        l = CHANGED.wait_timeout(l, wait).unwrap_or_else(|e| e.into_inner()).0;
    }
}
