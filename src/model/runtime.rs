//! The model runtime: Go's channels as data under one modelled lock, one execution at a time.
//!
//! Every channel operation, close, select, spawn and timer firing is a single critical section of
//! `Runtime::state`, so a checker branches exactly once per operation and the model stays lean.
//! A thread that must wait registers itself on the channels it waits for (Go's `sudog`s) and
//! sleeps on its own condition variable; whoever completes its operation does so on its behalf
//! and wakes it. Because wake-ups are exact, "every thread is blocked" is a fact the runtime can
//! read off its own table at the moment the last runnable thread blocks: that is when the
//! monitor names a deadlock or a leak, before loom or shuttle see anything.

use std::any::Any;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};

use crate::check::{Finding, Outcome, PanicInfo, StuckThread};
use crate::facade::plain::Arc;
use crate::facade::thread::{self, ThreadKey};
use crate::facade::{Condvar, Mutex, MutexGuard};
use crate::monitor::{BlockedOn, Name, Op, Role, Site, chan_label, site_label};

/// A value in flight, type-erased so one table holds every channel.
pub(crate) type Value = Box<dyn Any + Send>;

/// Index of a thread in the runtime's table.
pub(crate) type ThreadIdx = usize;
/// Index of a channel in the runtime's table.
pub(crate) type ChanId = usize;

/// loom models at most this many threads, main included.
#[cfg(loom)]
const THREAD_LIMIT: Option<usize> = Some(loom::MAX_THREADS);
#[cfg(not(loom))]
const THREAD_LIMIT: Option<usize> = None;

/// One arm of an operation: a plain send or receive is a select with one arm.
pub(crate) enum Arm {
    Recv(Option<ChanId>),
    Send(Option<ChanId>, Value),
}

/// How a completed arm ended.
pub(crate) enum Done {
    /// A receive got a value (`Some`) or saw the channel closed and drained (`None`).
    Received(Option<Value>),
    /// A send delivered its value.
    Sent,
    /// A send found the channel closed; the value comes back.
    SendClosed(Value),
    /// The runtime shut a daemon down.
    Shutdown,
}

/// What a select returned.
pub(crate) enum Selected {
    /// The arm taken and how it ended.
    Arm(usize, Done),
    /// No arm was ready: the default arm runs, and the arms (with any values) come back.
    Default(Vec<Arm>),
}

#[derive(Debug, Clone)]
enum Status {
    Runnable,
    Blocked(BlockedOn),
    Finished,
}

struct ThreadSlot {
    name: Name,
    role: Role,
    key: Option<ThreadKey>,
    status: Status,
    wake: Arc<Condvar>,
    done: Option<(usize, Done)>,
    /// What the thread returned, until joined.
    result: Option<Value>,
    /// Threads blocked joining this one.
    joiners: Vec<ThreadIdx>,
}

struct Waiter {
    thread: ThreadIdx,
    arm: usize,
    /// The value a blocked sender offers; `None` for a receiver.
    value: Option<Value>,
}

struct ChanSlot {
    name: Name,
    cap: usize,
    buf: VecDeque<Value>,
    closed: bool,
    senders: VecDeque<Waiter>,
    receivers: VecDeque<Waiter>,
}

struct State {
    threads: Vec<ThreadSlot>,
    chans: Vec<ChanSlot>,
    trace: Vec<String>,
    body_returned: bool,
    shutting_down: bool,
    goroutines_started: usize,
}

/// One execution's runtime. Created by the harness inside each execution.
pub(crate) struct Runtime {
    state: Mutex<State>,
}

thread_local! {
    /// The runtime of the execution running on this OS thread. loom and shuttle run every model
    /// thread of an execution on the OS thread that called the checker, so this is shared by all
    /// of them and private to one test.
    static CURRENT: RefCell<Option<Arc<Runtime>>> = const { RefCell::new(None) };
}

impl Runtime {
    /// A runtime whose main thread is the calling thread.
    pub(crate) fn new() -> Arc<Self> {
        let main = ThreadSlot {
            name: Arc::from("main"),
            role: Role::Main,
            key: Some(thread::current_key()),
            status: Status::Runnable,
            wake: Arc::new(Condvar::new()),
            done: None,
            result: None,
            joiners: Vec::new(),
        };
        Arc::new(Self {
            state: Mutex::new(State {
                threads: vec![main],
                chans: Vec::new(),
                trace: Vec::new(),
                body_returned: false,
                shutting_down: false,
                goroutines_started: 0,
            }),
        })
    }

    /// Make `rt` the current runtime of this OS thread.
    pub(crate) fn enter(rt: &Arc<Self>) {
        CURRENT.with(|c| *c.borrow_mut() = Some(rt.clone()));
    }

    /// Forget the current runtime (at the end of an execution, or before unwinding out of it).
    pub(crate) fn exit() {
        CURRENT.with(|c| c.borrow_mut().take());
    }

    /// The current execution's runtime.
    #[track_caller]
    pub(crate) fn current() -> Arc<Self> {
        CURRENT.with(|c| c.borrow().clone()).unwrap_or_else(|| {
            panic!(
                "chancheck: under a model checker, channels and goroutines live inside \
                 `check::verify(|| …)`; this operation ran outside it"
            )
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock()
    }

    // ----- channels -------------------------------------------------------------------------

    pub(crate) fn make_chan(&self, cap: usize, name: Option<Name>) -> ChanId {
        let mut st = self.lock();
        let id = st.chans.len();
        let name = name.unwrap_or_else(|| chan_label(id + 1));
        let me = st.me();
        st.log(me, format!("make {name} (cap {cap})"));
        st.chans.push(ChanSlot {
            name,
            cap,
            buf: VecDeque::new(),
            closed: false,
            senders: VecDeque::new(),
            receivers: VecDeque::new(),
        });
        id
    }

    pub(crate) fn rename_chan(&self, id: ChanId, name: Name) {
        // Renaming is bookkeeping: the trace line that made the channel takes the new name.
        let mut st = self.lock();
        let made = format!("make {} (cap {})", st.chans[id].name, st.chans[id].cap);
        let renamed = format!("make {name} (cap {})", st.chans[id].cap);
        if let Some(line) = st.trace.iter_mut().rev().find(|l| l.ends_with(&made)) {
            *line = line.replace(&made, &renamed);
        }
        st.chans[id].name = name;
    }

    pub(crate) fn chan_name(&self, id: ChanId) -> Name {
        self.lock().chans[id].name.clone()
    }

    pub(crate) fn len(&self, id: ChanId) -> usize {
        self.lock().chans[id].buf.len()
    }

    pub(crate) fn is_closed(&self, id: ChanId) -> bool {
        self.lock().chans[id].closed
    }

    /// Close a channel: wakes every waiting receiver with "closed" and hands every waiting
    /// sender its value back. `Err` if it was already closed.
    pub(crate) fn close(&self, id: ChanId, site: Site) -> Result<(), ()> {
        let mut st = self.lock();
        let me = st.me();
        let name = st.chans[id].name.clone();
        if st.chans[id].closed {
            st.log(
                me,
                format!("close {name} again, refused ({})", site_label(site)),
            );
            return Err(());
        }
        st.log(me, format!("close {name}"));
        let ch = &mut st.chans[id];
        ch.closed = true;
        let receivers: Vec<Waiter> = ch.receivers.drain(..).collect();
        let senders: Vec<Waiter> = ch.senders.drain(..).collect();
        for w in receivers {
            st.complete(
                w.thread,
                w.arm,
                Done::Received(None),
                &format!("recv {name}: closed"),
            );
        }
        for w in senders {
            let value = w.value.expect("a waiting sender holds its value");
            st.complete(
                w.thread,
                w.arm,
                Done::SendClosed(value),
                &format!("send {name}: closed"),
            );
        }
        Ok(())
    }

    /// Go's `select`: take a ready arm (a scheduler-controlled choice when several are), else the
    /// default arm when there is one, else block until another thread completes an arm.
    ///
    /// `force` picks the arm to take among the ready ones, for the differential tests.
    pub(crate) fn select(
        &self,
        mut arms: Vec<Arm>,
        has_default: bool,
        op: Op,
        site: Site,
        force: Option<usize>,
    ) -> Selected {
        let mut st = self.lock();
        let me = st.me();
        if st.shutting_down && st.threads[me].role == Role::Daemon {
            return Selected::Arm(0, Done::Shutdown);
        }
        let ready: Vec<usize> = arms
            .iter()
            .enumerate()
            .filter(|(_, a)| st.is_ready(a))
            .map(|(i, _)| i)
            .collect();
        if !ready.is_empty() {
            let pick = match force {
                Some(arm) => {
                    assert!(
                        ready.contains(&arm),
                        "forced arm {arm} is not ready (ready: {ready:?})"
                    );
                    arm
                }
                None => ready[crate::facade::choose(ready.len())],
            };
            let arm = arms.swap_remove(pick);
            let done = st.perform(me, arm);
            return Selected::Arm(pick, done);
        }
        if has_default {
            if op == Op::Select {
                st.log(me, "select: default".to_string());
            }
            return Selected::Default(arms);
        }
        // Nothing ready: wait on every arm at once.
        let descr = st.describe(&arms, op, site);
        for (i, arm) in arms.into_iter().enumerate() {
            match arm {
                Arm::Recv(Some(c)) => st.chans[c].receivers.push_back(Waiter {
                    thread: me,
                    arm: i,
                    value: None,
                }),
                Arm::Send(Some(c), v) => st.chans[c].senders.push_back(Waiter {
                    thread: me,
                    arm: i,
                    value: Some(v),
                }),
                Arm::Recv(None) | Arm::Send(None, _) => {}
            }
        }
        st.log(
            me,
            format!("{} blocks ({})", descr.describe_arms(), site_label(site)),
        );
        self.block(st, me, descr)
    }

    /// Park `me` until another thread completes one of its arms. Raises the monitor's verdict
    /// instead when nobody is left to do so.
    fn block(&self, mut st: MutexGuard<'_, State>, me: ThreadIdx, on: BlockedOn) -> Selected {
        st.threads[me].status = Status::Blocked(on);
        if let Some(finding) = st.stuck_finding() {
            drop(st);
            raise(finding);
        }
        let wake = st.threads[me].wake.clone();
        loop {
            if let Some((arm, done)) = st.threads[me].done.take() {
                return Selected::Arm(arm, done);
            }
            st = wake.wait(st);
        }
    }

    // ----- threads --------------------------------------------------------------------------

    /// Register a thread about to be spawned. Refuses (panics with a clear message) past loom's
    /// thread limit.
    #[track_caller]
    pub(crate) fn register_thread(&self, name: Option<&str>, role: Role) -> (ThreadIdx, Name) {
        let mut st = self.lock();
        let me = st.me();
        let name: Name = match name {
            Some(n) => Arc::from(n),
            None if role == Role::Goroutine => {
                st.goroutines_started += 1;
                Arc::from(format!("goroutine-{}", st.goroutines_started))
            }
            None => Arc::from("daemon"),
        };
        if let Some(limit) = THREAD_LIMIT
            && st.threads.len() >= limit
        {
            let listed: Vec<&str> = st.threads.iter().map(|t| &*t.name).collect();
            let message = format!(
                "chancheck: loom models at most {limit} threads, main and timers included; \
                 starting `{name}` at {} would make {} (running: {}). Shrink the model or \
                 check it under shuttle",
                site_label(std::panic::Location::caller()),
                limit + 1,
                listed.join(", ")
            );
            drop(st);
            panic!("{message}");
        }
        let idx = st.threads.len();
        st.threads.push(ThreadSlot {
            name: name.clone(),
            role,
            key: None,
            status: Status::Runnable,
            wake: Arc::new(Condvar::new()),
            done: None,
            result: None,
            joiners: Vec::new(),
        });
        let verb = if role == Role::Daemon { "start" } else { "go" };
        st.log(me, format!("{verb} {name}"));
        (idx, name)
    }

    /// Called first thing on a new thread: tie the table slot to the running thread.
    pub(crate) fn bind(&self, idx: ThreadIdx) {
        self.lock().threads[idx].key = Some(thread::current_key());
    }

    /// A thread returned `result`: hand it to a joiner, and wake the harness when the last
    /// goroutine after the body is gone.
    pub(crate) fn finish(&self, idx: ThreadIdx, result: Option<Value>) {
        let mut st = self.lock();
        st.threads[idx].status = Status::Finished;
        if st.threads[idx].role != Role::Daemon {
            st.log(idx, "returns".to_string());
        }
        let joiners = std::mem::take(&mut st.threads[idx].joiners);
        let mut result = result;
        for j in joiners {
            let value = result.take().expect("a thread is joined once");
            st.dequeue_everywhere(j);
            st.complete_quietly(j, 0, Done::Received(Some(value)));
        }
        st.threads[idx].result = result;
        st.wake_main_if_done();
        if let Some(finding) = st.stuck_finding() {
            drop(st);
            raise(finding);
        }
    }

    /// Wait for thread `idx` to finish and take what it returned.
    pub(crate) fn join(&self, idx: ThreadIdx, site: Site) -> Value {
        let mut st = self.lock();
        let me = st.me();
        if let Status::Finished = st.threads[idx].status {
            let name = st.threads[idx].name.clone();
            st.log(me, format!("join {name}: done"));
            return st.threads[idx]
                .result
                .take()
                .expect("a thread is joined once");
        }
        st.threads[idx].joiners.push(me);
        let name = st.threads[idx].name.clone();
        let on = BlockedOn {
            op: Op::Join,
            arms: vec![format!("join {name}")],
            site,
        };
        st.log(me, format!("join {name} blocks ({})", site_label(site)));
        match self.block(st, me, on) {
            Selected::Arm(_, Done::Received(Some(value))) => value,
            _ => unreachable!("a join ends with the thread's result"),
        }
    }

    /// The body returned: wait until every goroutine has finished, then shut the daemons down.
    /// Raises LEAK when goroutines remain blocked forever.
    pub(crate) fn body_returned(&self, site: Site) {
        let mut st = self.lock();
        st.body_returned = true;
        st.log(0, "body returns".to_string());
        if st.goroutines_alive() {
            let on = BlockedOn {
                op: Op::Join,
                arms: vec!["every goroutine".to_string()],
                site,
            };
            drop(self.block(st, 0, on));
            st = self.lock();
        }
        st.shutting_down = true;
        let parked: Vec<ThreadIdx> = st
            .threads
            .iter()
            .enumerate()
            .filter(|(_, t)| t.role == Role::Daemon && matches!(t.status, Status::Blocked(_)))
            .map(|(i, _)| i)
            .collect();
        for d in parked {
            st.dequeue_everywhere(d);
            st.complete_quietly(d, 0, Done::Shutdown);
        }
    }

    /// Record a line in the trace on behalf of the current thread.
    pub(crate) fn log(&self, what: String) {
        let mut st = self.lock();
        let me = st.me();
        st.log(me, what);
    }

    /// A panic escaped a checked thread: the execution ends with a PANIC report.
    pub(crate) fn panic_finding(&self, thread: Option<ThreadIdx>, message: String) -> Finding {
        let mut st = self.lock();
        let idx = thread.unwrap_or_else(|| st.me());
        let name = st.threads[idx].name.to_string();
        st.log(idx, format!("panics: {message}"));
        Finding {
            outcome: Outcome::Panic,
            stuck: Vec::new(),
            panic: Some(PanicInfo {
                thread: name,
                message,
            }),
            trace: st.trace.clone(),
            shuttle_schedule: schedule(),
        }
    }
}

impl State {
    /// The table index of the running thread.
    fn me(&self) -> ThreadIdx {
        let key = thread::current_key();
        self.threads
            .iter()
            .position(|t| t.key == Some(key))
            .expect("chancheck: a thread not started by `go` used a channel")
    }

    fn log(&mut self, thread: ThreadIdx, what: String) {
        let line = format!("{}: {what}", self.threads[thread].name);
        self.trace.push(line);
    }

    fn is_ready(&self, arm: &Arm) -> bool {
        match arm {
            Arm::Recv(Some(c)) => {
                let ch = &self.chans[*c];
                !ch.buf.is_empty() || !ch.senders.is_empty() || ch.closed
            }
            Arm::Send(Some(c), _) => {
                let ch = &self.chans[*c];
                ch.closed || !ch.receivers.is_empty() || ch.buf.len() < ch.cap
            }
            Arm::Recv(None) | Arm::Send(None, _) => false,
        }
    }

    /// Carry out a ready arm for `me`, completing any waiting partner.
    fn perform(&mut self, me: ThreadIdx, arm: Arm) -> Done {
        match arm {
            Arm::Recv(Some(c)) => {
                let name = self.chans[c].name.clone();
                if let Some(v) = self.chans[c].buf.pop_front() {
                    // A waiting sender's value moves into the freed slot, as in Go.
                    if let Some(w) = self.chans[c].senders.pop_front() {
                        let value = w.value.expect("a waiting sender holds its value");
                        self.chans[c].buf.push_back(value);
                        self.complete(w.thread, w.arm, Done::Sent, &format!("send {name}: done"));
                    }
                    self.log(me, format!("recv {name}: value"));
                    Done::Received(Some(v))
                } else if let Some(w) = self.chans[c].senders.pop_front() {
                    let value = w.value.expect("a waiting sender holds its value");
                    self.complete(w.thread, w.arm, Done::Sent, &format!("send {name}: done"));
                    self.log(me, format!("recv {name}: value"));
                    Done::Received(Some(value))
                } else {
                    self.log(me, format!("recv {name}: closed"));
                    Done::Received(None)
                }
            }
            Arm::Send(Some(c), v) => {
                let name = self.chans[c].name.clone();
                if self.chans[c].closed {
                    self.log(me, format!("send {name}: closed, value handed back"));
                    Done::SendClosed(v)
                } else if let Some(w) = self.chans[c].receivers.pop_front() {
                    self.complete(
                        w.thread,
                        w.arm,
                        Done::Received(Some(v)),
                        &format!("recv {name}: value"),
                    );
                    self.log(me, format!("send {name}: done"));
                    Done::Sent
                } else {
                    self.chans[c].buf.push_back(v);
                    self.log(me, format!("send {name}: buffered"));
                    Done::Sent
                }
            }
            Arm::Recv(None) | Arm::Send(None, _) => unreachable!("a nil arm is never ready"),
        }
    }

    /// Complete a waiting thread's arm on its behalf, withdraw its other arms, and wake it.
    fn complete(&mut self, thread: ThreadIdx, arm: usize, done: Done, what: &str) {
        self.dequeue_everywhere(thread);
        self.log(thread, format!("{what} (woken)"));
        self.complete_quietly(thread, arm, done);
    }

    fn complete_quietly(&mut self, thread: ThreadIdx, arm: usize, done: Done) {
        let slot = &mut self.threads[thread];
        slot.done = Some((arm, done));
        slot.status = Status::Runnable;
        slot.wake.notify_one();
    }

    /// Remove every waiter `thread` registered (the losing arms of its select).
    fn dequeue_everywhere(&mut self, thread: ThreadIdx) {
        for ch in &mut self.chans {
            ch.senders.retain(|w| w.thread != thread);
            ch.receivers.retain(|w| w.thread != thread);
        }
        for t in &mut self.threads {
            t.joiners.retain(|&j| j != thread);
        }
    }

    fn describe(&self, arms: &[Arm], op: Op, site: Site) -> BlockedOn {
        let arms = arms
            .iter()
            .map(|a| {
                let (dir, chan) = match a {
                    Arm::Recv(c) => ("recv", *c),
                    Arm::Send(c, _) => ("send", *c),
                };
                let name = chan.map_or("nil", |c| &*self.chans[c].name);
                match op {
                    Op::Send | Op::Recv | Op::Select => format!("{dir} {name}"),
                    _ => format!("{op} {name}"),
                }
            })
            .collect();
        BlockedOn { op, arms, site }
    }

    fn goroutines_alive(&self) -> bool {
        self.threads
            .iter()
            .any(|t| t.role == Role::Goroutine && !matches!(t.status, Status::Finished))
    }

    fn wake_main_if_done(&mut self) {
        let main_joining = matches!(&self.threads[0].status, Status::Blocked(b) if b.op == Op::Join
            && self.body_returned);
        if main_joining && !self.goroutines_alive() {
            self.complete_quietly(0, 0, Done::Sent);
        }
    }

    /// When no thread can run any more, the verdict: DEADLOCK while the body is still running,
    /// LEAK once it has returned and goroutines remain blocked.
    fn stuck_finding(&mut self) -> Option<Finding> {
        let any_runnable = self
            .threads
            .iter()
            .any(|t| matches!(t.status, Status::Runnable));
        if any_runnable {
            return None;
        }
        let outcome = if self.body_returned {
            Outcome::Leak
        } else {
            Outcome::Deadlock
        };
        let stuck: Vec<StuckThread> = self
            .threads
            .iter()
            .filter(|t| t.role != Role::Daemon)
            .filter(|t| !(self.body_returned && t.role == Role::Main))
            .filter_map(|t| match &t.status {
                Status::Blocked(b) => Some(StuckThread {
                    thread: t.name.to_string(),
                    op: b.op,
                    waiting_on: b.arms.clone(),
                    site: site_label(b.site),
                }),
                _ => None,
            })
            .collect();
        if stuck.is_empty() {
            // Only daemons are parked and the body is joining: nothing is wrong.
            return None;
        }
        self.trace
            .push(format!("monitor: no thread can proceed: {outcome}"));
        Some(Finding {
            outcome,
            stuck,
            panic: None,
            trace: self.trace.clone(),
            shuttle_schedule: schedule(),
        })
    }
}

/// End the execution with the monitor's finding, as a typed panic the harness recognises.
/// `resume_unwind` skips the panic hook: an expected leak prints nothing.
pub(crate) fn raise(finding: Finding) -> ! {
    Runtime::exit();
    panic::resume_unwind(Box::new(finding))
}

/// Run a thread body, turning an escaping panic into the execution's PANIC finding.
pub(crate) fn run_checked<R>(rt: &Runtime, idx: Option<ThreadIdx>, f: impl FnOnce() -> R) -> R {
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            if payload.is::<Finding>() {
                panic::resume_unwind(payload);
            }
            let message = crate::check::panic_message(&*payload);
            let finding = rt.panic_finding(idx, message);
            raise(finding)
        }
    }
}

#[cfg(all(feature = "shuttle", not(loom)))]
fn schedule() -> Option<String> {
    Some(crate::facade::current_schedule())
}

#[cfg(not(all(feature = "shuttle", not(loom))))]
fn schedule() -> Option<String> {
    None
}
