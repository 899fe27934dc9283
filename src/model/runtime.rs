//! The model runtime: Go's channels as plain data, with the checker's objects marking exactly
//! one scheduling point per operation.
//!
//! loom and shuttle run one model thread at a time and switch only at their own operations, so
//! the runtime keeps every table (threads, channels, timers, trace) in one plain, unmodelled
//! mutex and never holds it across a checker operation. What the checker sees is a small set of
//! modelled lock objects: an operation takes the objects of the channels it touches, does all
//! of its work on the tables at once, and lets go. That is one branch point per channel
//! operation (a select over several channels takes one object per channel), and nothing else:
//! making a channel, naming it, logging or formatting are invisible to the checker.
//!
//! A thread that must wait registers itself on the channels it waits for (Go's `sudog`s) and
//! parks; whoever completes its operation does so on its behalf and unparks it, so "every thread
//! is blocked" is a fact the runtime reads off a counter the moment the last runnable thread
//! blocks: that is when the monitor names a deadlock or a leak, before loom or shuttle notice.
//!
//! Timers cost no goroutine: one clock thread per execution, started with the first timer, fires
//! timers in deadline order whenever the checker schedules it, so early and late timeouts are
//! both explored while a 1 h timer never fires before a 10 ms one armed in the same step.
//!
//! The rule under all of it: whatever one thread writes and another reads is touched inside a
//! checker operation or in the step of one (the code a thread runs between two operations), or
//! loom's partial-order reduction, which reorders only what it sees, would miss the race.
//! Bookkeeping that only the thread itself, joiners and the monitor read (arming a timer, a
//! goroutine's exit, the body's return) runs in the step of the thread's last operation; the
//! clock's decision to fire or stop is an operation of its own.
//!
//! How channel objects map to checker objects is [`INDEPENDENT_CHANNELS`]: see
//! docs/performance.md for what each choice costs and why the default is what it is.

use std::any::Any;
use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

use crate::check::{EventKind, Finding, Outcome, PanicInfo, StuckThread, TraceEvent};
use crate::facade::Object;
use crate::facade::plain::{Arc, PlainGuard, PlainMutex};
use crate::facade::thread::{self, Parker, ThreadKey};
use crate::monitor::{BlockedOn, Name, Op, Role, Site, chan_label, site_label};

/// A value in flight, type-erased so one table holds every channel.
pub(crate) type Value = Box<dyn Any + Send>;

/// Index of a thread in the runtime's table.
pub(crate) type ThreadIdx = usize;
/// Index of a channel in the runtime's table.
pub(crate) type ChanId = usize;

/// loom models at most this many threads, main and the timer clock included.
#[cfg(loom)]
const THREAD_LIMIT: Option<usize> = Some(loom::MAX_THREADS);
#[cfg(not(loom))]
const THREAD_LIMIT: Option<usize> = None;

/// Whether each channel is its own checker object. `true` lets loom's partial-order reduction
/// skip reordering operations on different channels; `false` makes every operation conflict
/// with every other, so loom also reorders them around state it cannot see (a plain counter a
/// test body shares between threads). See docs/performance.md.
pub(crate) const INDEPENDENT_CHANNELS: bool = false;

/// The checker object every operation shares when channels are not independent, and that
/// completing a waiter blocked in a select over several channels takes when they are.
const SHARED_OBJECT: usize = 0;

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
    status: Status,
    handle: Option<Arc<Parker>>,
    /// The arm that ended this thread's wait, set by whoever completed it.
    done: Option<(usize, Done)>,
    /// The token of the wait this thread is blocked in; a waiter with another token is stale.
    waiting: Option<u64>,
    /// The values of a blocked select's send arms, by arm; the completer takes one.
    offers: Vec<Option<Value>>,
    /// The hidden channel a goroutine's result goes to; joining receives from it.
    exit: Option<ChanId>,
}

/// A thread registered on a channel, Go's `sudog`.
struct Waiter {
    thread: ThreadIdx,
    arm: usize,
    token: u64,
    /// Registered on channels with different checker objects: its status may only be read with
    /// the shared object held.
    multi: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ChanKind {
    User,
    /// The result channel of a goroutine: a join receives from it, quietly.
    Exit(ThreadIdx),
}

struct ChanSlot {
    name: Name,
    cap: usize,
    buf: VecDeque<Value>,
    closed: bool,
    senders: VecDeque<Waiter>,
    receivers: VecDeque<Waiter>,
    /// Index of the checker object that orders operations on this channel.
    object: usize,
    kind: ChanKind,
}

/// What a timer does when it fires.
enum Timer {
    /// `time.After`: one value into a channel of capacity 1.
    After { chan: ChanId, label: Name },
    /// `time.Tick`: a value every period, dropped when the channel is full (as in Go).
    Tick {
        chan: ChanId,
        period: Duration,
        label: Name,
    },
    /// `time.AfterFunc`: run a function on the clock (it must not block).
    Func {
        f: Box<dyn FnOnce() + Send>,
        label: Name,
    },
}

/// One virtual clock per execution.
#[derive(Default)]
struct Clock {
    now: Duration,
    next_id: u64,
    /// Pending deadlines, earliest first; ties fire in creation order.
    queue: BinaryHeap<Reverse<(Duration, u64)>>,
    /// Live timers by id; a stopped timer is removed here and skipped in `queue`.
    timers: HashMap<u64, Timer>,
    /// Tickers whose channel was full: re-armed by the receive that makes room, so a ticker
    /// nobody reads does not keep the clock running forever.
    stalled: Vec<(ChanId, Duration, Name)>,
    thread: Option<ThreadIdx>,
}

/// One event of the trace, formatted only when a report is made.
struct Event {
    thread: Name,
    what: What,
    /// Completed on behalf of a blocked thread.
    woken: bool,
}

enum What {
    Make(ChanId),
    Go(Name),
    Start(Name),
    Sent(ChanId),
    Buffered(ChanId),
    SendClosed(ChanId),
    Received(ChanId),
    RecvClosed(ChanId),
    Close(ChanId),
    CloseAgain(ChanId, Site),
    Joined(Name),
    Default,
    Blocks(BlockedOn),
    Sleep(Duration),
    Returns,
    BodyReturns,
    Panics(String),
    Monitor(Outcome),
}

struct State {
    threads: Vec<ThreadSlot>,
    keys: HashMap<ThreadKey, ThreadIdx>,
    chans: Vec<ChanSlot>,
    objects: Vec<Arc<Object>>,
    trace: Vec<Event>,
    /// Threads neither blocked nor finished (the clock counts while it has timers to fire).
    runnable: usize,
    goroutines_alive: usize,
    goroutines_started: usize,
    body_returned: bool,
    /// The body returned and every goroutine finished: the clock stops.
    shutting_down: bool,
    /// The monitor raised its finding: every later operation (Drop guards of torn-down
    /// threads) returns at once, as on a closed channel, without touching the checker.
    ended: bool,
    next_token: u64,
    clock: Clock,
    /// Threads to unpark once the tables are released.
    wake: Vec<Arc<Parker>>,
}

/// One execution's runtime. Created by the harness inside each execution.
pub(crate) struct Runtime {
    state: PlainMutex<State>,
}

thread_local! {
    /// The runtime of the execution running on this OS thread. loom and shuttle run every model
    /// thread of an execution on the OS thread that called the checker, so this is shared by all
    /// of them and private to one test.
    static CURRENT: RefCell<Option<Arc<Runtime>>> = const { RefCell::new(None) };
}

/// What an operation's critical section asks of its caller.
enum Step<R> {
    /// Finished with this result.
    Done(R),
    /// Needs the shared object too (a waiter blocked in a multi-channel select was met): the
    /// section is retried with it held. Nothing was changed.
    NeedShared,
}

/// Where an operation's scheduling point is.
#[derive(Clone, Copy)]
enum Point {
    /// Before the operation, as for every channel operation.
    Own,
    /// The thread's previous one: a goroutine's exit or the body's return, which only joiners
    /// and the monitor observe and which nothing the thread does visibly separates from its
    /// last operation, so running them in that operation's step hides no ordering.
    PreviousStep,
}

impl Point {
    /// Hold `object` for an operation whose scheduling point is this one.
    fn hold(self, object: &Object) -> Option<impl Sized + '_> {
        match self {
            Point::Own => Some(object.hold()),
            Point::PreviousStep => object.hold_in_previous_step(),
        }
    }
}

/// The section's answer once the execution has ended (Drop guards of torn-down threads): at
/// once, touching nothing the checker sees.
fn answer_if_ended<R>(
    st: &mut State,
    section: &mut impl FnMut(&mut State, bool) -> Step<R>,
) -> Option<R> {
    if !st.ended {
        return None;
    }
    match section(st, true) {
        Step::Done(r) => Some(r),
        Step::NeedShared => unreachable!("a torn-down section needs nothing"),
    }
}

/// How a select's critical section ended.
enum SelectStep {
    /// Done without blocking; the losing arms' values are dropped once the tables are free.
    Finished(Selected, Vec<Arm>),
    /// Registered and blocked: park until completed (or raise the finding).
    Blocked(Option<Finding>),
}

impl Runtime {
    /// A runtime whose main thread is the calling thread.
    pub(crate) fn new() -> Arc<Self> {
        crate::facade::execution_starts();
        let main = ThreadSlot {
            name: Arc::from("main"),
            role: Role::Main,
            status: Status::Runnable,
            handle: Some(Arc::new(Parker::for_current())),
            done: None,
            waiting: None,
            offers: Vec::new(),
            exit: None,
        };
        let mut keys = HashMap::new();
        keys.insert(thread::current_key(), 0);
        Arc::new(Self {
            state: PlainMutex::new(State {
                threads: vec![main],
                keys,
                chans: Vec::new(),
                objects: vec![Arc::new(Object::new())],
                trace: Vec::new(),
                runnable: 1,
                goroutines_alive: 0,
                goroutines_started: 0,
                body_returned: false,
                shutting_down: false,
                ended: false,
                next_token: 0,
                clock: Clock::default(),
                wake: Vec::new(),
            }),
        })
    }

    /// Make `rt` the current runtime of this OS thread.
    pub(crate) fn enter(rt: &Arc<Self>) {
        CURRENT.with(|c| *c.borrow_mut() = Some(rt.clone()));
    }

    /// Forget the current runtime (at the end of a check).
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

    /// Refuse a channel made in another `verify` run (or another execution of this one).
    fn check_same_run(&self, chan: ChanId) {
        if cfg!(not(any(loom, feature = "shuttle"))) {
            return; // the differential tests drive a runtime without entering it
        }
        // No current runtime: the body's thread has left this execution, and what still runs
        // is this execution's own clock finishing a timer it had already taken.
        let same = CURRENT.with(|c| {
            c.borrow()
                .as_ref()
                .is_none_or(|rt| std::ptr::eq(Arc::as_ptr(rt), self))
        });
        if !same {
            let name = self.lock().chans[chan].name.clone();
            panic!(
                "chancheck: channel `{name}` was made in another verify run (or another \
                 execution of this one); a channel lives inside the `check::verify` body that \
                 made it"
            );
        }
    }

    fn lock(&self) -> PlainGuard<'_, State> {
        self.state.lock()
    }

    /// Run `section` on the tables with the checker objects of `chans` held, retrying with the
    /// shared object as well when the section asks for it. The tables are never held across a
    /// checker operation.
    fn with_objects<R>(
        &self,
        chans: &[ChanId],
        section: impl FnMut(&mut State, bool) -> Step<R>,
    ) -> R {
        self.with_objects_at(chans, Point::Own, section)
    }

    /// [`Runtime::with_objects`], for an operation whose scheduling point is `point`.
    fn with_objects_at<R>(
        &self,
        chans: &[ChanId],
        point: Point,
        mut section: impl FnMut(&mut State, bool) -> Step<R>,
    ) -> R {
        if !INDEPENDENT_CHANNELS {
            // Every operation holds the one shared object: no list of objects to build.
            let object = {
                let mut st = self.lock();
                if let Some(r) = answer_if_ended(&mut st, &mut section) {
                    return r;
                }
                st.objects[SHARED_OBJECT].clone()
            };
            let _guard = point.hold(&object);
            let mut st = self.lock();
            return match section(&mut st, true) {
                Step::Done(r) => r,
                Step::NeedShared => unreachable!("the shared object is held"),
            };
        }
        let mut shared = false;
        loop {
            let objects = {
                let mut st = self.lock();
                if let Some(r) = answer_if_ended(&mut st, &mut section) {
                    return r;
                }
                let mut ids: Vec<usize> = chans.iter().map(|&c| st.chans[c].object).collect();
                if shared {
                    ids.push(SHARED_OBJECT);
                }
                ids.sort_unstable();
                ids.dedup();
                ids.iter()
                    .map(|&i| st.objects[i].clone())
                    .collect::<Vec<_>>()
            };
            let guards: Vec<_> = objects.iter().map(|o| point.hold(o)).collect();
            let mut st = self.lock();
            match section(&mut st, shared) {
                Step::Done(r) => {
                    drop(st);
                    drop(guards);
                    return r;
                }
                Step::NeedShared => shared = true,
            }
        }
    }

    /// Unpark the threads the last section completed.
    fn wake_completed(&self) {
        let wake = std::mem::take(&mut self.lock().wake);
        for handle in wake {
            handle.unpark();
        }
    }

    // ----- channels -------------------------------------------------------------------------

    pub(crate) fn make_chan(&self, cap: usize, name: Option<Name>) -> ChanId {
        let mut st = self.lock();
        let me = if st.ended { 0 } else { st.me_or_main() };
        st.make_chan(me, cap, name, ChanKind::User)
    }

    pub(crate) fn rename_chan(&self, id: ChanId, name: Name) {
        self.lock().chans[id].name = name;
    }

    pub(crate) fn chan_name(&self, id: ChanId) -> Name {
        self.lock().chans[id].name.clone()
    }

    pub(crate) fn len(&self, id: ChanId) -> usize {
        self.check_same_run(id);
        self.with_objects(&[id], |st, _| Step::Done(st.chans[id].buf.len()))
    }

    pub(crate) fn is_closed(&self, id: ChanId) -> bool {
        self.check_same_run(id);
        self.with_objects(&[id], |st, _| Step::Done(st.chans[id].closed))
    }

    /// Close a channel: wakes every waiting receiver with "closed" and hands every waiting
    /// sender its value back. `Err` if it was already closed.
    pub(crate) fn close(&self, id: ChanId, site: Site) -> Result<(), ()> {
        self.check_same_run(id);
        let result = self.with_objects(&[id], |st, shared| {
            if st.ended {
                return Step::Done(Ok(()));
            }
            let me = st.me();
            if st.chans[id].closed {
                st.log(me, What::CloseAgain(id, site), false);
                return Step::Done(Err(()));
            }
            let ch = &st.chans[id];
            let meets_select = ch.senders.iter().chain(&ch.receivers).any(|w| w.multi);
            if meets_select && !shared {
                return Step::NeedShared;
            }
            st.log(me, What::Close(id), false);
            st.chans[id].closed = true;
            while let Some(w) = st.chans[id].receivers.pop_front() {
                if st.is_live(&w) {
                    st.log(w.thread, What::RecvClosed(id), true);
                    st.complete(&w, Done::Received(None));
                }
            }
            while let Some(w) = st.chans[id].senders.pop_front() {
                if st.is_live(&w) {
                    let value = st.take_offer(&w);
                    st.log(w.thread, What::SendClosed(id), true);
                    st.complete(&w, Done::SendClosed(value));
                }
            }
            Step::Done(Ok(()))
        });
        self.wake_completed();
        result
    }

    /// Go's `select`: take a ready arm (a scheduler-controlled choice when several are), else the
    /// default arm when there is one, else block until another thread completes an arm.
    ///
    /// `force` picks the arm to take among the ready ones, for the differential tests.
    pub(crate) fn select(
        &self,
        arms: Vec<Arm>,
        has_default: bool,
        op: Op,
        site: Site,
        force: Option<usize>,
    ) -> Selected {
        let mut chans: Vec<ChanId> = arms
            .iter()
            .filter_map(|a| match a {
                Arm::Recv(c) | Arm::Send(c, _) => *c,
            })
            .collect();
        if let Some(&c) = chans.first() {
            self.check_same_run(c);
        }
        chans.sort_unstable();
        chans.dedup();
        let mut arms = Some(arms);
        let step = self.with_objects(&chans, |st, shared| {
            st.select_section(&mut arms, &chans, shared, has_default, op, site, force)
        });
        self.wake_completed();
        match step {
            SelectStep::Finished(selected, losers) => {
                drop(losers);
                selected
            }
            SelectStep::Blocked(Some(finding)) => raise(finding),
            SelectStep::Blocked(None) => {
                let (arm, done) = self.park_until_done();
                Selected::Arm(arm, done)
            }
        }
    }

    /// Park the calling thread until another thread completes its wait; hands back what ended
    /// it, and drops the offers of the arms that lost, outside every lock.
    fn park_until_done(&self) -> (usize, Done) {
        loop {
            let mut st = self.lock();
            let me = st.me();
            if let Some(done) = st.threads[me].done.take() {
                let losers = std::mem::take(&mut st.threads[me].offers);
                drop(st);
                drop(losers);
                return done;
            }
            let parker = st.threads[me]
                .handle
                .clone()
                .expect("a running thread is bound");
            drop(st);
            parker.park();
        }
    }

    // ----- threads --------------------------------------------------------------------------

    /// Register a thread about to be spawned. Refuses (panics with a clear message) past loom's
    /// thread limit. `None` once the execution has ended: nothing is spawned then.
    #[track_caller]
    pub(crate) fn register_thread(&self, name: Option<&str>, role: Role) -> Option<ThreadIdx> {
        let mut st = self.lock();
        if st.ended {
            return None;
        }
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
                "chancheck: loom models at most {limit} threads, main and the timer clock \
                 included; starting `{name}` at {} would make {} (running: {}). Shrink the \
                 model or check it under shuttle",
                site_label(std::panic::Location::caller()),
                limit + 1,
                listed.join(", ")
            );
            drop(st);
            panic!("{message}");
        }
        let idx = st.threads.len();
        let exit = (role == Role::Goroutine).then(|| {
            let label: Name = Arc::from(format!("{name}.exit"));
            st.make_chan_quietly(1, label, ChanKind::Exit(idx))
        });
        st.threads.push(ThreadSlot {
            name: name.clone(),
            role,
            status: Status::Runnable,
            handle: None,
            done: None,
            waiting: None,
            offers: Vec::new(),
            exit,
        });
        st.runnable += 1;
        if role == Role::Goroutine {
            st.goroutines_alive += 1;
            st.log(me, What::Go(name), false);
        } else {
            st.log(me, What::Start(name), false);
        }
        Some(idx)
    }

    /// Called first thing on a new thread: tie the table slot to the running thread.
    pub(crate) fn bind(&self, idx: ThreadIdx) {
        let mut st = self.lock();
        st.keys.insert(thread::current_key(), idx);
        st.threads[idx].handle = Some(Arc::new(Parker::for_current()));
    }

    /// A thread returned `result`: hand it to a joiner, and wake the body when the last
    /// goroutine after it is gone.
    pub(crate) fn finish(&self, idx: ThreadIdx, result: Option<Value>) {
        let exit = self.lock().threads[idx].exit;
        let chans: Vec<ChanId> = exit.into_iter().collect();
        let mut result = result;
        let finding = self.with_objects_at(&chans, Point::PreviousStep, |st, _| {
            if st.ended {
                return Step::Done(None);
            }
            if let (Some(exit), Some(value)) = (exit, result.take()) {
                match st.chans[exit].receivers.pop_front() {
                    Some(joiner) => {
                        st.log(
                            joiner.thread,
                            What::Joined(st.threads[idx].name.clone()),
                            true,
                        );
                        st.complete(&joiner, Done::Received(Some(value)));
                    }
                    None => st.chans[exit].buf.push_back(value),
                }
            }
            st.threads[idx].status = Status::Finished;
            st.runnable -= 1;
            if st.threads[idx].role == Role::Goroutine {
                st.log(idx, What::Returns, false);
                st.goroutines_alive -= 1;
                st.wake_main_if_done();
            }
            Step::Done(st.stuck_finding())
        });
        self.wake_completed();
        if let Some(finding) = finding {
            raise(finding);
        }
    }

    /// Wait for thread `idx` to finish and take what it returned; `None` when the execution
    /// ended first.
    pub(crate) fn join(&self, idx: ThreadIdx, site: Site) -> Option<Value> {
        let exit = self.lock().threads[idx]
            .exit
            .expect("only goroutines are joined");
        match self.select(vec![Arm::Recv(Some(exit))], false, Op::Join, site, None) {
            Selected::Arm(_, Done::Received(value)) => value,
            _ => unreachable!("a join ends with the thread's result"),
        }
    }

    /// The body returned: wait until every goroutine has finished, then stop the clock.
    /// Raises LEAK when goroutines remain blocked forever. Values still buffered in channels
    /// are dropped here, on the body's thread, so a panicking `Drop` is reported as the body's.
    pub(crate) fn body_returned(&self, site: Site) {
        enum Returned {
            Ended,
            Done,
            Waits(Option<Finding>),
        }
        // The body's return shares the step of its last operation, as a goroutine's exit does.
        let returned = self.with_objects_at(&[], Point::PreviousStep, |st, _| {
            if st.ended {
                return Step::Done(Returned::Ended);
            }
            st.body_returned = true;
            st.log(0, What::BodyReturns, false);
            if st.goroutines_alive == 0 {
                return Step::Done(Returned::Done);
            }
            let on = BlockedOn {
                op: Op::Join,
                arms: vec!["every goroutine".to_string()],
                site,
            };
            st.threads[0].status = Status::Blocked(on);
            st.runnable -= 1;
            Step::Done(Returned::Waits(st.stuck_finding()))
        });
        match returned {
            Returned::Ended => return,
            Returned::Done => {}
            Returned::Waits(Some(finding)) => raise(finding),
            Returned::Waits(None) => drop(self.park_until_done()),
        }
        // Stopping the clock is a step of its own when there is a clock (it reads
        // `shutting_down` in its own checker operation); with none, nothing else runs now.
        let point = match self.lock().clock.thread {
            Some(_) => Point::Own,
            None => Point::PreviousStep,
        };
        let (leftovers, clock) = self.with_objects_at(&[], point, |st, _| {
            st.shutting_down = true;
            let clock = st.clock.thread;
            let clock = clock.filter(|&c| st.wake_if_idle(c));
            let leftovers: Vec<(Name, Vec<Value>)> = st
                .chans
                .iter_mut()
                .filter(|c| c.kind == ChanKind::User && !c.buf.is_empty())
                .map(|c| (c.name.clone(), c.buf.drain(..).collect()))
                .collect();
            Step::Done((leftovers, clock))
        });
        if clock.is_some() {
            self.wake_completed();
        }
        for (name, values) in leftovers {
            if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| drop(values))) {
                let message = format!(
                    "{} (while dropping a value left in channel `{name}` when the body returned)",
                    crate::check::panic_message(&*payload)
                );
                raise(self.panic_finding(Some(0), message));
            }
        }
    }

    /// `time.Sleep` under a model: time does not pass, but anything may happen meanwhile. The
    /// sleep is a branch point that conflicts with every operation, so the checker reorders the
    /// sleeper's next step around everyone else's; then it yields, so a retry loop that sleeps
    /// lets the others run instead of spinning until the checker's step limit.
    pub(crate) fn sleep(&self, d: Duration) {
        {
            let shared = self.lock().objects[SHARED_OBJECT].clone();
            let _point = shared.hold();
            let mut st = self.lock();
            if st.ended {
                return;
            }
            let me = st.me();
            st.log(me, What::Sleep(d), false);
        }
        thread::yield_now();
    }

    /// A panic escaped a checked thread: the execution ends with a PANIC report.
    pub(crate) fn panic_finding(&self, thread: Option<ThreadIdx>, message: String) -> Finding {
        let mut st = self.lock();
        let idx = thread.unwrap_or_else(|| st.me());
        let name = st.threads[idx].name.to_string();
        let (outcome, message) = crate::check::classify_panic(message);
        st.log(idx, What::Panics(message.clone()), false);
        st.ended = true;
        Finding {
            outcome,
            stuck: Vec::new(),
            panic: Some(PanicInfo {
                thread: name,
                message,
            }),
            trace: st.format_trace(),
            events: st.trace_events(),
            shuttle_schedule: crate::facade::current_schedule(),
        }
    }

    // ----- timers ---------------------------------------------------------------------------

    /// `time.After(d)`: a channel of capacity 1 the clock fills once, `d` after now.
    #[track_caller]
    pub(crate) fn after(self: &Arc<Self>, d: Duration, label: Name) -> ChanId {
        let chan = self.make_chan(1, Some(label.clone()));
        self.add_timer(d, Timer::After { chan, label });
        chan
    }

    /// `time.Tick(d)`: a channel of capacity 1 the clock fills every `d` until the body returns.
    #[track_caller]
    pub(crate) fn tick(self: &Arc<Self>, d: Duration, label: Name) -> ChanId {
        let chan = self.make_chan(1, Some(label.clone()));
        self.add_timer(
            d,
            Timer::Tick {
                chan,
                period: d,
                label,
            },
        );
        chan
    }

    /// `time.AfterFunc(d, f)`: run `f` on the clock `d` after now, unless stopped first.
    #[track_caller]
    pub(crate) fn after_func(
        self: &Arc<Self>,
        d: Duration,
        label: Name,
        f: Box<dyn FnOnce() + Send>,
    ) -> u64 {
        self.add_timer(d, Timer::Func { f, label })
    }

    /// Stop a timer that has not fired: it never will.
    pub(crate) fn stop_timer(&self, id: u64) {
        self.lock().clock.timers.remove(&id);
    }

    /// Arming is bookkeeping, not a checker operation: it runs in the step of the arming
    /// thread's last operation, so timers armed with no operation between them (`after(1h)`
    /// then `after(10ms)`) are armed at the same instant and fire in deadline order. The clock's
    /// decision to fire one is a checker operation, which the checker orders against that step.
    #[track_caller]
    fn add_timer(self: &Arc<Self>, d: Duration, timer: Timer) -> u64 {
        let (id, start) = {
            let mut st = self.lock();
            let id = st.clock.arm(d, timer);
            match st.clock.thread {
                Some(c) => {
                    st.wake_if_idle(c);
                    (id, false)
                }
                None => (id, !st.ended),
            }
        };
        if start {
            self.start_clock();
        } else {
            self.wake_completed();
        }
        id
    }

    #[track_caller]
    fn start_clock(self: &Arc<Self>) {
        let Some(idx) = self.register_thread(Some("clock"), Role::Daemon) else {
            return;
        };
        self.lock().clock.thread = Some(idx);
        let rt = self.clone();
        drop(thread::spawn(move || {
            rt.bind(idx);
            run_checked(&rt, Some(idx), || rt.run_clock(idx));
            rt.finish(idx, None);
        }));
    }

    /// The clock: fire the earliest timer whenever scheduled; sleep while none is pending; stop
    /// when the body is done.
    fn run_clock(&self, me: ThreadIdx) {
        let site = std::panic::Location::caller();
        loop {
            enum Next {
                Stop,
                Idle(Option<Finding>),
                Fire(Timer),
            }
            // The decision reads what other threads write (the timers, the body's end): a
            // checker operation, or loom would never learn that the clock's step conflicts with
            // theirs, and would not run it earlier than the first execution did.
            let next = self.with_objects(&[], |st, _| {
                Step::Done(if st.ended || st.shutting_down {
                    Next::Stop
                } else if let Some(timer) = st.clock.pop_due() {
                    let (Timer::After { label, .. }
                    | Timer::Tick { label, .. }
                    | Timer::Func { label, .. }) = &timer;
                    st.threads[me].name = Arc::from(format!("timer {label}"));
                    Next::Fire(timer)
                } else {
                    st.threads[me].name = Arc::from("clock");
                    st.threads[me].waiting = Some(0);
                    st.threads[me].status = Status::Blocked(BlockedOn {
                        op: Op::Sleep,
                        arms: vec!["no pending timer".to_string()],
                        site,
                    });
                    st.runnable -= 1;
                    Next::Idle(st.stuck_finding())
                })
            });
            match next {
                Next::Stop => return,
                Next::Idle(Some(finding)) => raise(finding),
                Next::Idle(None) => drop(self.park_until_done()),
                Next::Fire(Timer::After { chan, .. }) => self.fire(chan, site),
                Next::Fire(Timer::Tick {
                    chan,
                    period,
                    label,
                }) => {
                    self.fire(chan, site);
                    // Re-arm, or stall while the channel is full; the same object as every
                    // receive on it, so the receive that makes room cannot be missed.
                    let mut tick = Some((period, label));
                    self.with_objects(&[chan], |st, _| {
                        let (period, label) = tick.take().expect("decided once");
                        let ch = &st.chans[chan];
                        if ch.buf.len() < ch.cap {
                            st.clock.arm(
                                period,
                                Timer::Tick {
                                    chan,
                                    period,
                                    label,
                                },
                            );
                        } else {
                            st.clock.stalled.push((chan, period, label));
                        }
                        Step::Done(())
                    });
                }
                Next::Fire(Timer::Func { f, .. }) => f(),
            }
        }
    }

    /// A timer's send: never blocks; a tick into a full channel is dropped, as in Go.
    fn fire(&self, chan: ChanId, site: Site) {
        let arm = Arm::Send(Some(chan), Box::new(std::time::Instant::now()));
        drop(self.select(vec![arm], true, Op::Send, site, None));
    }
}

impl Clock {
    /// Add a timer `d` from now.
    fn arm(&mut self, d: Duration, timer: Timer) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.queue.push(Reverse((self.now.saturating_add(d), id)));
        self.timers.insert(id, timer);
        id
    }

    /// The earliest live timer, advancing virtual time to its deadline.
    fn pop_due(&mut self) -> Option<Timer> {
        while let Some(Reverse((deadline, id))) = self.queue.pop() {
            if let Some(timer) = self.timers.remove(&id) {
                self.now = self.now.max(deadline);
                return Some(timer);
            }
        }
        None
    }
}

impl State {
    /// The table index of the running thread: one hash lookup.
    fn me(&self) -> ThreadIdx {
        *self
            .keys
            .get(&thread::current_key())
            .expect("chancheck: a thread not started by `go` used a channel")
    }

    /// The running thread, or main for code outside any model thread (the differential tests).
    fn me_or_main(&self) -> ThreadIdx {
        self.keys.get(&thread::current_key()).copied().unwrap_or(0)
    }

    fn log(&mut self, thread: ThreadIdx, what: What, woken: bool) {
        let thread = self.threads[thread].name.clone();
        self.trace.push(Event {
            thread,
            what,
            woken,
        });
    }

    fn make_chan(
        &mut self,
        me: ThreadIdx,
        cap: usize,
        name: Option<Name>,
        kind: ChanKind,
    ) -> ChanId {
        let id = self.chans.len();
        let name = name.unwrap_or_else(|| chan_label(id + 1));
        let id = self.make_chan_quietly(cap, name, kind);
        self.log(me, What::Make(id), false);
        id
    }

    fn make_chan_quietly(&mut self, cap: usize, name: Name, kind: ChanKind) -> ChanId {
        let object = if INDEPENDENT_CHANNELS {
            self.objects.push(Arc::new(Object::new()));
            self.objects.len() - 1
        } else {
            SHARED_OBJECT
        };
        self.chans.push(ChanSlot {
            name,
            cap,
            buf: VecDeque::new(),
            closed: false,
            senders: VecDeque::new(),
            receivers: VecDeque::new(),
            object,
            kind,
        });
        self.chans.len() - 1
    }

    /// A waiter is live while its thread is still blocked in the wait that registered it.
    fn is_live(&self, w: &Waiter) -> bool {
        self.threads[w.thread].waiting == Some(w.token)
    }

    /// Drop stale waiters from the front of a queue; `false` when a multi-channel waiter's
    /// status must be read and the shared object is not held.
    fn prune(&mut self, chan: ChanId, senders: bool, shared: bool) -> bool {
        loop {
            let queue = if senders {
                &self.chans[chan].senders
            } else {
                &self.chans[chan].receivers
            };
            let Some(front) = queue.front() else {
                return true;
            };
            if front.multi && !shared {
                return false;
            }
            if self.is_live(front) {
                return true;
            }
            let ch = &mut self.chans[chan];
            if senders {
                ch.senders.pop_front();
            } else {
                ch.receivers.pop_front();
            }
        }
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

    #[allow(clippy::too_many_arguments)]
    fn select_section(
        &mut self,
        arms: &mut Option<Vec<Arm>>,
        chans: &[ChanId],
        shared: bool,
        has_default: bool,
        op: Op,
        site: Site,
        force: Option<usize>,
    ) -> Step<SelectStep> {
        if self.ended {
            let arms = arms.take().expect("a select runs once");
            return Step::Done(SelectStep::Finished(
                torn_down(arms, has_default),
                Vec::new(),
            ));
        }
        for &c in chans {
            if !self.prune(c, true, shared) || !self.prune(c, false, shared) {
                return Step::NeedShared;
            }
        }
        let me = self.me();
        let ready: Vec<usize> = {
            let list = arms.as_ref().expect("a select runs once");
            list.iter()
                .enumerate()
                .filter(|(_, a)| self.is_ready(a))
                .map(|(i, _)| i)
                .collect()
        };
        let mut arms = arms.take().expect("a select runs once");
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
            let done = self.perform(me, arm);
            return Step::Done(SelectStep::Finished(Selected::Arm(pick, done), arms));
        }
        if has_default {
            if op == Op::Select {
                self.log(me, What::Default, false);
            }
            return Step::Done(SelectStep::Finished(Selected::Default(arms), Vec::new()));
        }
        if std::thread::panicking() {
            // A Drop guard of a thread unwinding from a panic: blocking could only end in a
            // panic inside a panic. It sees the channels as torn down; the panic is reported.
            return Step::Done(SelectStep::Finished(torn_down(arms, false), Vec::new()));
        }
        // Nothing ready: wait on every arm at once.
        let descr = self.describe(&arms, op, site);
        let token = self.next_token;
        self.next_token += 1;
        let multi = INDEPENDENT_CHANNELS
            && chans
                .iter()
                .map(|&c| self.chans[c].object)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                > 1;
        let mut offers = Vec::with_capacity(arms.len());
        for (i, arm) in arms.into_iter().enumerate() {
            let waiter = Waiter {
                thread: me,
                arm: i,
                token,
                multi,
            };
            match arm {
                Arm::Recv(Some(c)) => {
                    self.chans[c].receivers.push_back(waiter);
                    offers.push(None);
                }
                Arm::Send(Some(c), v) => {
                    self.chans[c].senders.push_back(waiter);
                    offers.push(Some(v));
                }
                Arm::Recv(None) => offers.push(None),
                Arm::Send(None, v) => offers.push(Some(v)),
            }
        }
        let slot = &mut self.threads[me];
        slot.offers = offers;
        slot.waiting = Some(token);
        slot.status = Status::Blocked(descr.clone());
        self.runnable -= 1;
        self.log(me, What::Blocks(descr), false);
        Step::Done(SelectStep::Blocked(self.stuck_finding()))
    }

    /// Carry out a ready arm for `me`, completing any waiting partner.
    fn perform(&mut self, me: ThreadIdx, arm: Arm) -> Done {
        match arm {
            Arm::Recv(Some(c)) => {
                if let Some(v) = self.chans[c].buf.pop_front() {
                    self.unstall_ticker(c);
                    // A waiting sender's value moves into the freed slot, as in Go.
                    if let Some(w) = self.chans[c].senders.pop_front() {
                        let value = self.take_offer(&w);
                        self.chans[c].buf.push_back(value);
                        self.log(w.thread, What::Sent(c), true);
                        self.complete(&w, Done::Sent);
                    }
                    self.log_recv(me, c, What::Received(c), false);
                    Done::Received(Some(v))
                } else if let Some(w) = self.chans[c].senders.pop_front() {
                    let value = self.take_offer(&w);
                    self.log(w.thread, What::Sent(c), true);
                    self.complete(&w, Done::Sent);
                    self.log_recv(me, c, What::Received(c), false);
                    Done::Received(Some(value))
                } else {
                    self.log_recv(me, c, What::RecvClosed(c), false);
                    Done::Received(None)
                }
            }
            Arm::Send(Some(c), v) => {
                if self.chans[c].closed {
                    self.log(me, What::SendClosed(c), false);
                    Done::SendClosed(v)
                } else if let Some(w) = self.chans[c].receivers.pop_front() {
                    self.log_recv(w.thread, c, What::Received(c), true);
                    self.complete(&w, Done::Received(Some(v)));
                    self.log(me, What::Sent(c), false);
                    Done::Sent
                } else {
                    self.chans[c].buf.push_back(v);
                    self.log(me, What::Buffered(c), false);
                    Done::Sent
                }
            }
            Arm::Recv(None) | Arm::Send(None, _) => unreachable!("a nil arm is never ready"),
        }
    }

    /// A receive made room in a stalled ticker's channel: arm it again and wake the clock.
    fn unstall_ticker(&mut self, chan: ChanId) {
        if let Some(i) = self.clock.stalled.iter().position(|s| s.0 == chan) {
            let (chan, period, label) = self.clock.stalled.swap_remove(i);
            self.clock.arm(
                period,
                Timer::Tick {
                    chan,
                    period,
                    label,
                },
            );
            if let Some(clock) = self.clock.thread {
                self.wake_if_idle(clock);
            }
        }
    }

    /// A receive as the trace shows it: a join for a goroutine's exit channel.
    fn log_recv(&mut self, thread: ThreadIdx, chan: ChanId, what: What, woken: bool) {
        let what = match self.chans[chan].kind {
            ChanKind::Exit(child) => What::Joined(self.threads[child].name.clone()),
            ChanKind::User => what,
        };
        self.log(thread, what, woken);
    }

    fn take_offer(&mut self, w: &Waiter) -> Value {
        self.threads[w.thread].offers[w.arm]
            .take()
            .expect("a waiting sender offers its value")
    }

    /// Complete a waiting thread's arm on its behalf: its other registrations go stale.
    fn complete(&mut self, w: &Waiter, done: Done) {
        let slot = &mut self.threads[w.thread];
        slot.done = Some((w.arm, done));
        slot.waiting = None;
        slot.status = Status::Runnable;
        if let Some(h) = &slot.handle {
            self.wake.push(h.clone());
        }
        self.runnable += 1;
    }

    /// Wake a thread parked for no particular arm (main waiting for every goroutine, the idle
    /// clock); `false` when it was not waiting.
    fn wake_if_idle(&mut self, thread: ThreadIdx) -> bool {
        let slot = &self.threads[thread];
        if !matches!(slot.status, Status::Blocked(_)) {
            return false;
        }
        let w = Waiter {
            thread,
            arm: 0,
            token: slot.waiting.unwrap_or(0),
            multi: false,
        };
        self.complete(&w, Done::Sent);
        true
    }

    fn describe(&self, arms: &[Arm], op: Op, site: Site) -> BlockedOn {
        let arms = arms
            .iter()
            .map(|a| {
                let (dir, chan) = match a {
                    Arm::Recv(c) => ("recv", *c),
                    Arm::Send(c, _) => ("send", *c),
                };
                match chan.map(|c| (&self.chans[c].name, self.chans[c].kind)) {
                    None => format!("{dir} nil"),
                    Some((_, ChanKind::Exit(child))) => {
                        format!("join {}", self.threads[child].name)
                    }
                    Some((name, ChanKind::User)) => match op {
                        Op::Send | Op::Recv | Op::Select => format!("{dir} {name}"),
                        _ => format!("{op} {name}"),
                    },
                }
            })
            .collect();
        BlockedOn { op, arms, site }
    }

    fn wake_main_if_done(&mut self) {
        let main_joining = self.body_returned
            && matches!(&self.threads[0].status, Status::Blocked(b) if b.op == Op::Join);
        if main_joining && self.goroutines_alive == 0 {
            self.wake_if_idle(0);
        }
    }

    /// When no thread can run any more, the verdict: DEADLOCK while the body is still running,
    /// LEAK once it has returned and goroutines remain blocked.
    fn stuck_finding(&mut self) -> Option<Finding> {
        if self.runnable > 0 {
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
            // Only the idle clock is parked and the body is joining: nothing is wrong.
            return None;
        }
        self.trace.push(Event {
            thread: Arc::from("monitor"),
            what: What::Monitor(outcome),
            woken: false,
        });
        self.ended = true;
        Some(Finding {
            outcome,
            stuck,
            panic: None,
            trace: self.format_trace(),
            events: self.trace_events(),
            shuttle_schedule: crate::facade::current_schedule(),
        })
    }

    /// The trace as report lines, channel names as they are now.
    fn format_trace(&self) -> Vec<String> {
        self.trace.iter().map(|e| self.format_event(e)).collect()
    }

    /// The trace as structured events for the report, text lines included.
    fn trace_events(&self) -> Vec<TraceEvent> {
        self.trace.iter().map(|e| self.trace_event(e)).collect()
    }

    fn trace_event(&self, e: &Event) -> TraceEvent {
        let chan = |c: &ChanId| Some(self.chans[*c].name.to_string());
        let (kind, channel, peer) = match &e.what {
            What::Make(c) => (EventKind::Make, chan(c), None),
            What::Go(n) => (EventKind::Go, None, Some(n.to_string())),
            What::Start(n) => (EventKind::Start, None, Some(n.to_string())),
            What::Sent(c) => (EventKind::Send, chan(c), None),
            What::Buffered(c) => (EventKind::SendBuffered, chan(c), None),
            What::SendClosed(c) => (EventKind::SendClosed, chan(c), None),
            What::Received(c) => (EventKind::Recv, chan(c), None),
            What::RecvClosed(c) => (EventKind::RecvClosed, chan(c), None),
            What::Close(c) => (EventKind::Close, chan(c), None),
            What::CloseAgain(c, _) => (EventKind::CloseAgain, chan(c), None),
            What::Joined(n) => (EventKind::Join, None, Some(n.to_string())),
            What::Default => (EventKind::SelectDefault, None, None),
            What::Blocks(_) => (EventKind::Blocks, None, None),
            What::Sleep(_) => (EventKind::Sleep, None, None),
            What::Returns => (EventKind::Returns, None, None),
            What::BodyReturns => (EventKind::BodyReturns, None, None),
            What::Panics(_) => (EventKind::Panic, None, None),
            What::Monitor(_) => (EventKind::Monitor, None, None),
        };
        let (waiting_on, site) = match &e.what {
            What::Blocks(b) => (b.arms.clone(), Some(site_label(b.site))),
            What::CloseAgain(_, site) => (Vec::new(), Some(site_label(site))),
            _ => (Vec::new(), None),
        };
        TraceEvent {
            thread: e.thread.to_string(),
            kind,
            channel,
            peer,
            waiting_on,
            site,
            woken: e.woken,
            text: self.format_event(e),
        }
    }

    fn format_event(&self, e: &Event) -> String {
        let name = |c: &ChanId| &*self.chans[*c].name;
        let what = match &e.what {
            What::Make(c) => format!("make {} (cap {})", name(c), self.chans[*c].cap),
            What::Go(n) => format!("go {n}"),
            What::Start(n) => format!("start {n}"),
            What::Sent(c) => format!("send {}: done", name(c)),
            What::Buffered(c) => format!("send {}: buffered", name(c)),
            What::SendClosed(c) if e.woken => format!("send {}: closed", name(c)),
            What::SendClosed(c) => format!("send {}: closed, value handed back", name(c)),
            What::Received(c) => format!("recv {}: value", name(c)),
            What::RecvClosed(c) => format!("recv {}: closed", name(c)),
            What::Close(c) => format!("close {}", name(c)),
            What::CloseAgain(c, site) => {
                format!("close {} again, refused ({})", name(c), site_label(site))
            }
            What::Joined(n) => format!("join {n}: done"),
            What::Default => "select: default".to_string(),
            What::Blocks(b) => format!("{} blocks ({})", b.describe_arms(), site_label(b.site)),
            What::Sleep(d) => format!("sleep {d:?}"),
            What::Returns => "returns".to_string(),
            What::BodyReturns => "body returns".to_string(),
            What::Panics(m) => format!("panics: {m}"),
            What::Monitor(outcome) => format!("no thread can proceed: {outcome}"),
        };
        let woken = if e.woken { " (woken)" } else { "" };
        format!("{}: {what}{woken}", e.thread)
    }
}

/// The result of an operation after the execution ended: as on a closed channel, values
/// handed back, nothing blocks.
fn torn_down(mut arms: Vec<Arm>, has_default: bool) -> Selected {
    if has_default || arms.is_empty() {
        return Selected::Default(arms);
    }
    match arms.swap_remove(0) {
        Arm::Recv(_) => Selected::Arm(0, Done::Received(None)),
        Arm::Send(_, v) => Selected::Arm(0, Done::SendClosed(v)),
    }
}

/// End the execution with the monitor's finding, as a typed panic the harness recognises.
/// `resume_unwind` skips the panic hook: an expected leak prints nothing.
pub(crate) fn raise(finding: Finding) -> ! {
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
