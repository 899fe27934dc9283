//! The real-thread monitor: which tracked thread is blocked in what, and a way to release them.
//!
//! Real threads cannot be paused, so this monitor watches instead (the goleak idea): every
//! blocking operation registers what it waits for, and the harness declares threads stuck when
//! they all stay blocked, with nothing else moving and no timer left to fire, for a grace period.
//! Every blocking operation also listens on the monitor's abort channel, so stuck threads can be
//! released (they unwind quietly) instead of leaking out of the test.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::panic;
use std::time::{Duration, Instant};

use crossbeam_channel as cb;

use crate::check::PanicInfo;
use crate::facade::plain::{Arc, AtomicBool, Ordering, PlainCondvar, PlainMutex};
use crate::monitor::{BlockedOn, Name, Role, site_label};

/// The unwind payload of a thread released by the monitor.
pub(crate) struct Abandoned;

/// How a monitored blocking operation ended.
pub(crate) enum Waited<R> {
    /// It completed (or failed the Go way, e.g. on a closed channel).
    Done(R),
    /// The monitor released the thread first. The value is what the operation returns when the
    /// thread is already unwinding (a Drop guard of a released thread): a closed channel's result,
    /// so that `defer`-style guards neither block nor panic a second time.
    Released(R),
}

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
    /// Bumped by every change of a thread's status; "nothing moved" means this stayed put. (An
    /// event is logged only by a running thread, which is never stuck, so events need not bump
    /// it.)
    pub(crate) progress: u64,
    /// The last [`TRACE_WINDOW`] events; memory stays bounded however long a body runs.
    trace: VecDeque<String>,
    /// Events that fell out of the window.
    trace_dropped: u64,
    pub(crate) chans_made: usize,
    pub(crate) goroutines_started: usize,
    pub(crate) panic: Option<PanicInfo>,
    pub(crate) body_returned: bool,
    /// The latest instant an `after_func` timer created in this run fires at: until then a wait
    /// its callback may end (a context's `done`) is not stuck. (A wait on a timer's own channel
    /// is timed instead.)
    pub(crate) last_timer: Option<Instant>,
}

/// How many trace events a real-thread run keeps (the most recent ones).
const TRACE_WINDOW: usize = 4096;

impl Registry {
    pub(crate) fn log(&mut self, thread: usize, what: String) {
        let line = format!("{}: {what}", self.threads[thread].name);
        self.push_event(line);
    }

    pub(crate) fn push_event(&mut self, line: String) {
        if self.trace.len() == TRACE_WINDOW {
            self.trace.pop_front();
            self.trace_dropped += 1;
        }
        self.trace.push_back(line);
    }

    /// The trace as reports print it: the kept window, after a count of what it dropped.
    pub(crate) fn trace(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.trace.len() + 1);
        if self.trace_dropped > 0 {
            out.push(format!(
                "monitor: {} earlier events not kept (the trace keeps the last {TRACE_WINDOW})",
                self.trace_dropped
            ));
        }
        out.extend(self.trace.iter().cloned());
        out
    }
}

/// One run's monitor.
pub(crate) struct Monitor {
    pub(crate) registry: PlainMutex<Registry>,
    pub(crate) changed: PlainCondvar,
    /// One abort channel per tracked thread (a shared one would make every blocking operation
    /// contend on its waker): release drops every sender. `None` once released.
    abort_txs: PlainMutex<Option<Vec<cb::Sender<()>>>>,
    /// Set once by [`Monitor::abandon`]: every later channel operation of this run's threads
    /// fails fast (or unwinds), so released threads cannot block, spin on or outlive a check.
    released: AtomicBool,
}

thread_local! {
    static CURRENT: RefCell<Option<(Arc<Monitor>, usize)>> = const { RefCell::new(None) };
    /// This thread's abort channel: disconnected once its monitor releases it.
    static ABORT: RefCell<Option<cb::Receiver<()>>> = const { RefCell::new(None) };
}

impl Monitor {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self {
            registry: PlainMutex::new(Registry::default()),
            changed: PlainCondvar::default(),
            abort_txs: PlainMutex::new(Some(Vec::new())),
            released: AtomicBool::new(false),
        })
    }

    /// The monitor and thread index of the calling thread, if it is tracked (and not running a
    /// thread-local's destructor after its record is gone: that counts as untracked).
    pub(crate) fn current() -> Option<(Arc<Monitor>, usize)> {
        CURRENT.try_with(|c| c.borrow().clone()).ok().flatten()
    }

    pub(crate) fn enter(monitor: Arc<Monitor>, idx: usize) {
        let (tx, rx) = cb::bounded(0);
        if let Some(txs) = monitor.abort_txs.lock().as_mut() {
            txs.push(tx);
        } // else released already: `tx` drops here, and the thread is released from the start.
        ABORT.with(|a| *a.borrow_mut() = Some(rx));
        CURRENT.with(|c| *c.borrow_mut() = Some((monitor, idx)));
    }

    pub(crate) fn exit() {
        let _ = CURRENT.try_with(|c| c.borrow_mut().take());
        let _ = ABORT.try_with(|a| a.borrow_mut().take());
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
        // The watcher polls for stuck threads; it needs waking only when a thread finishes.
        let finished = matches!(status, Status::Finished);
        let mut reg = self.registry.lock();
        reg.threads[idx].status = status;
        reg.progress += 1;
        drop(reg);
        if finished {
            self.changed.notify_all();
        }
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
        self.released.store(true, Ordering::Release);
        self.abort_txs.lock().take();
    }

    #[inline]
    pub(crate) fn is_released(&self) -> bool {
        self.released.load(Ordering::Acquire)
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

/// A non-blocking channel operation of a released thread unwinds (quietly), so a thread that
/// spins on `try_recv` or a `select!` with `default` stops once its check has ended. A thread
/// that is already unwinding (a Drop guard) goes on: non-blocking operations cannot hang it.
#[inline]
pub(crate) fn unwind_if_released() {
    let released = CURRENT
        .try_with(|c| c.borrow().as_ref().is_some_and(|(m, _)| m.is_released()))
        .unwrap_or(false);
    if released && !std::thread::panicking() {
        panic::resume_unwind(Box::new(Abandoned));
    }
}

/// How long a blocking operation waits, as a plain crossbeam call, before it tells the monitor.
/// Most waits in a busy program end sooner, at crossbeam's own cost (on a loaded machine a
/// wake-up alone can take hundreds of microseconds); a longer wait is registered, traced and
/// can be released. The grace period (250 ms by default) dwarfs it.
/// No longer than the send path's close poll (`chan::CLOSE_POLL`), which relies on it.
pub(crate) const UNWATCHED_WAIT: Duration = Duration::from_millis(5);

/// Run a blocking operation. `op(abort, deadline)` performs it: with `abort` `None` it may use
/// plain crossbeam calls (outside a check, or for the first, unwatched part of a wait); with
/// `Some`, the thread's abort channel is selected on beside the operation's own, and `op`
/// returns [`Waited::Released`] when that fired. `op` returns `None` when `deadline` passed
/// first, and is then called again.
///
/// A released thread unwinds quietly, unless it is unwinding already (a Drop guard of a
/// released thread): then the operation returns the released value instead of blocking or
/// panicking inside a destructor, which would abort.
pub(crate) fn blocking<R>(
    describe: impl FnOnce() -> BlockedOn,
    timed: bool,
    mut op: impl FnMut(Option<&cb::Receiver<()>>, Option<Instant>) -> Option<Waited<R>>,
) -> R {
    let result = CURRENT.try_with(|c| {
        let current = c.borrow();
        let Some((monitor, idx)) = current.as_ref() else {
            return op(None, None).expect("no deadline");
        };
        if !monitor.is_released() {
            // A plain timed wait first: a release meanwhile is seen when it times out.
            if let Some(done) = op(None, Some(Instant::now() + UNWATCHED_WAIT)) {
                return done;
            }
        }
        let abort_rx = ABORT
            .with(|a| a.borrow().clone())
            .expect("a tracked thread has one");
        let abort = Some(&abort_rx);
        if monitor.is_released() {
            // The abort channel is disconnected: `op` returns at once.
            return op(abort, None).expect("no deadline");
        }
        let on = describe();
        monitor.log(
            *idx,
            format!("{} blocks ({})", on.describe_arms(), site_label(on.site)),
        );
        monitor.set_status(*idx, Status::Blocked { on, timed });
        let result = op(abort, None).expect("no deadline");
        monitor.set_status(*idx, Status::Running);
        result
    });
    // A thread-local's destructor that runs after this thread's record is gone: untracked.
    let result = result.unwrap_or_else(|_| op(None, None).expect("no deadline"));
    match result {
        Waited::Done(r) => r,
        Waited::Released(r) if std::thread::panicking() => r,
        Waited::Released(_) => panic::resume_unwind(Box::new(Abandoned)),
    }
}

/// The calling thread's abort channel, if it is tracked.
pub(crate) fn abort_rx() -> Option<cb::Receiver<()>> {
    ABORT.try_with(|a| a.borrow().clone()).ok().flatten()
}

/// `sel.select()`, or until `deadline`: `None` when it passed.
pub(crate) fn select_until<'a>(
    sel: &mut cb::Select<'a>,
    deadline: Option<Instant>,
) -> Option<cb::SelectedOperation<'a>> {
    match deadline {
        None => Some(sel.select()),
        Some(d) => sel.select_deadline(d).ok(),
    }
}

/// What a released thread does when it must wait but has no value to return (a nil channel, a
/// lock): it parks for good. It is detached and outside any check, so it only costs its stack.
pub(crate) fn park_forever() -> ! {
    loop {
        std::thread::park();
    }
}
