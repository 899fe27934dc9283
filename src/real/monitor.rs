//! The real-thread monitor: which tracked thread is blocked in what, and a way to release them.
//!
//! Real threads cannot be paused, so this monitor watches instead (the goleak idea): every
//! blocking operation registers what it waits for, and the harness declares threads stuck when
//! they all stay blocked, with nothing else moving and no timer left to fire, for a grace period.
//! Every blocking operation also listens on the monitor's abort channel, so stuck threads can be
//! released (they unwind quietly) instead of leaking out of the test.

use std::cell::RefCell;
use std::panic;
use std::time::Instant;

use crossbeam_channel as cb;

use crate::check::PanicInfo;
use crate::facade::plain::{Arc, PlainCondvar, PlainMutex};
use crate::monitor::{BlockedOn, Name, Role, site_label};

/// The unwind payload of a thread released by the monitor.
pub(crate) struct Abandoned;

#[derive(Debug, Clone)]
pub(crate) enum Status {
    Running,
    /// Blocked; `timed` when a timer may still end the wait.
    Blocked {
        on: BlockedOn,
        timed: bool,
    },
    Finished,
}

pub(crate) struct ThreadRec {
    pub(crate) name: Name,
    pub(crate) role: Role,
    pub(crate) status: Status,
}

#[derive(Default)]
pub(crate) struct Registry {
    pub(crate) threads: Vec<ThreadRec>,
    /// Bumped by every state change; "nothing moved" means this stayed put.
    pub(crate) progress: u64,
    pub(crate) trace: Vec<String>,
    pub(crate) chans_made: usize,
    pub(crate) goroutines_started: usize,
    pub(crate) panic: Option<PanicInfo>,
    pub(crate) body_returned: bool,
    /// The latest instant a timer created in this run may fire at.
    pub(crate) last_timer: Option<Instant>,
}

impl Registry {
    pub(crate) fn log(&mut self, thread: usize, what: String) {
        let line = format!("{}: {what}", self.threads[thread].name);
        self.trace.push(line);
        self.progress += 1;
    }
}

/// One run's monitor.
pub(crate) struct Monitor {
    pub(crate) registry: PlainMutex<Registry>,
    pub(crate) changed: PlainCondvar,
    abort_tx: PlainMutex<Option<cb::Sender<()>>>,
    abort_rx: cb::Receiver<()>,
}

thread_local! {
    static CURRENT: RefCell<Option<(Arc<Monitor>, usize)>> = const { RefCell::new(None) };
}

impl Monitor {
    pub(crate) fn new() -> Arc<Self> {
        let (tx, rx) = cb::bounded(0);
        Arc::new(Self {
            registry: PlainMutex::new(Registry::default()),
            changed: PlainCondvar::default(),
            abort_tx: PlainMutex::new(Some(tx)),
            abort_rx: rx,
        })
    }

    /// The monitor and thread index of the calling thread, if it is tracked.
    pub(crate) fn current() -> Option<(Arc<Monitor>, usize)> {
        CURRENT.with(|c| c.borrow().clone())
    }

    pub(crate) fn enter(monitor: Arc<Monitor>, idx: usize) {
        CURRENT.with(|c| *c.borrow_mut() = Some((monitor, idx)));
    }

    pub(crate) fn exit() {
        CURRENT.with(|c| c.borrow_mut().take());
    }

    pub(crate) fn register(&self, name: Option<&str>, role: Role, parent: Option<usize>) -> usize {
        let mut reg = self.registry.lock();
        let name: Name = match name {
            Some(n) => Arc::from(n),
            None => {
                reg.goroutines_started += 1;
                Arc::from(format!("goroutine-{}", reg.goroutines_started))
            }
        };
        reg.threads.push(ThreadRec {
            name: name.clone(),
            role,
            status: Status::Running,
        });
        let idx = reg.threads.len() - 1;
        if let Some(p) = parent {
            reg.log(p, format!("go {name}"));
        }
        idx
    }

    pub(crate) fn set_status(&self, idx: usize, status: Status) {
        let mut reg = self.registry.lock();
        reg.threads[idx].status = status;
        reg.progress += 1;
        drop(reg);
        self.changed.notify_all();
    }

    pub(crate) fn log(&self, idx: usize, what: String) {
        self.registry.lock().log(idx, what);
    }

    pub(crate) fn record_panic(&self, idx: usize, message: String) {
        let mut reg = self.registry.lock();
        let thread = reg.threads[idx].name.to_string();
        reg.log(idx, format!("panics: {message}"));
        reg.panic.get_or_insert(PanicInfo { thread, message });
        drop(reg);
        self.changed.notify_all();
    }

    pub(crate) fn note_timer(&self, deadline: Instant) {
        let mut reg = self.registry.lock();
        reg.last_timer = Some(reg.last_timer.map_or(deadline, |t| t.max(deadline)));
    }

    /// Release every thread still blocked in a monitored operation.
    pub(crate) fn abandon(&self) {
        self.abort_tx.lock().take();
    }
}

/// Name a new channel: its given name, or `chan#N`, where N counts every channel this monitored
/// run made so far, named, internal (a `WaitGroup`'s, a `Mutex`'s) and timer channels included,
/// exactly as the model runtime numbers them, so a report names a channel alike under every
/// scheduler.
pub(crate) fn chan_name(name: Option<Name>) -> Name {
    static UNMONITORED: crate::facade::plain::AtomicUsize =
        crate::facade::plain::AtomicUsize::new(0);
    let n = match Monitor::current() {
        Some((m, _)) => {
            let mut reg = m.registry.lock();
            reg.chans_made += 1;
            reg.chans_made
        }
        None => UNMONITORED.fetch_add(1, crate::facade::plain::Ordering::Relaxed) + 1,
    };
    name.unwrap_or_else(|| crate::monitor::chan_label(n))
}

/// Run a blocking operation. `op` gets the abort channel to select on beside its own, and
/// returns `None` when that fired; the thread then unwinds quietly.
pub(crate) fn blocking<R>(
    describe: impl FnOnce() -> BlockedOn,
    timed: bool,
    op: impl FnOnce(&cb::Receiver<()>) -> Option<R>,
) -> R {
    let Some((monitor, idx)) = Monitor::current() else {
        return op(&cb::never()).expect("an unmonitored operation is never aborted");
    };
    let on = describe();
    monitor.log(
        idx,
        format!("{} blocks ({})", on.describe_arms(), site_label(on.site)),
    );
    monitor.set_status(idx, Status::Blocked { on, timed });
    let result = op(&monitor.abort_rx);
    monitor.set_status(idx, Status::Running);
    match result {
        Some(r) => r,
        None => panic::resume_unwind(Box::new(Abandoned)),
    }
}
