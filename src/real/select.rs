//! `select!` over crossbeam: a non-blocking pass in random order, then one crossbeam `Select`
//! over every arm, its close signal and the monitor's abort channel.
//!
//! A send arm holds its channel's gate (see [`super::chan`]) from registration until the select
//! returns, so close waits for a selected send: the send either completes before `close`
//! returns or sees the close and hands its value back. A second send arm on a channel the
//! select already gates is not registered again in the blocking phase (a read lock must not be
//! taken twice by one thread); the non-blocking pass still tries it. A receive arm is also
//! ready once its channel is closed (the close signal), and then drains the buffer before it
//! reports closed.

use std::any::Any;
use std::cell::{OnceCell, RefCell};

use crossbeam_channel as cb;

use super::chan::{Core, Gate};
use super::monitor::{self, Waited};
use crate::chan::{Handle, SendError, TryRecvError, TrySendError};
use crate::facade::plain::Arc;
use crate::monitor::{BlockedOn, Op, Site};
use crate::select::Fired;

/// A select being built by the `select!` macro.
pub struct Select<'a> {
    arms: Vec<Box<dyn StdArm + 'a>>,
    has_default: bool,
    site: Site,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Data,
    Closed,
}

trait StdArm {
    /// Attempt without blocking: the boxed result, or `None` when not ready.
    fn try_now(&self) -> Option<Box<dyn Any>>;
    /// Register this arm's crossbeam operations, pushing `(_, slot)` for each in order (the
    /// caller fills in the arm's index); `gated` lists the channels whose gate this select
    /// already holds.
    fn register<'s>(
        &'s self,
        sel: &mut cb::Select<'s>,
        out: &mut Vec<(usize, Slot)>,
        gated: &mut Vec<usize>,
    );
    /// Finish the operation crossbeam selected.
    fn complete<'s>(&'s self, oper: cb::SelectedOperation<'s>, slot: Slot) -> Box<dyn Any>;
    fn text(&self) -> String;
    fn timed(&self) -> bool;
    /// What this arm yields to a released thread that is already unwinding: a closed
    /// channel's result. `None` for a nil arm.
    fn released(&self) -> Option<Box<dyn Any>>;
}

struct RecvArm<'a, T> {
    core: Option<&'a Core<T>>,
}

struct SendArm<'a, T> {
    core: Option<&'a Core<T>>,
    value: RefCell<Option<T>>,
    /// The channel's gate, held from registration until the select is dropped.
    gate: OnceCell<Gate<'a>>,
}

impl<T: Send + 'static> StdArm for RecvArm<'_, T> {
    fn try_now(&self) -> Option<Box<dyn Any>> {
        let core = self.core?;
        match core.try_recv(std::panic::Location::caller()) {
            Ok(v) => Some(Box::new(Some(v))),
            Err(TryRecvError::Closed) => Some(Box::new(None::<T>)),
            Err(TryRecvError::Empty) => None,
        }
    }

    fn register<'s>(
        &'s self,
        sel: &mut cb::Select<'s>,
        out: &mut Vec<(usize, Slot)>,
        _: &mut Vec<usize>,
    ) {
        match self.core {
            Some(Core::Chan(s)) => {
                sel.recv(&s.rx);
                out.push((0, Slot::Data));
                sel.recv(&s.closed_rx);
                out.push((0, Slot::Closed));
            }
            Some(Core::Timer(t)) => {
                sel.recv(&t.rx);
                out.push((0, Slot::Data));
            }
            None => {}
        }
    }

    fn complete<'s>(&'s self, oper: cb::SelectedOperation<'s>, slot: Slot) -> Box<dyn Any> {
        let received: Option<T> = match (self.core, slot) {
            (Some(Core::Chan(s)), Slot::Data) => oper.recv(&s.rx).ok(),
            // Closed: what is still buffered first.
            (Some(Core::Chan(s)), Slot::Closed) => {
                let _ = oper.recv(&s.closed_rx);
                s.try_recv().ok()
            }
            (Some(Core::Timer(t)), _) => oper.recv(&t.rx).ok(),
            (None, _) => unreachable!("a nil arm registers nothing"),
        };
        Box::new(received)
    }

    fn text(&self) -> String {
        format!(
            "recv {}",
            self.core
                .map_or_else(|| "nil".to_string(), |c| c.name().to_string())
        )
    }

    fn timed(&self) -> bool {
        self.core.is_some_and(Core::is_timer)
    }

    fn released(&self) -> Option<Box<dyn Any>> {
        self.core.map(|_| Box::new(None::<T>) as Box<dyn Any>)
    }
}

impl<T: Send + 'static> StdArm for SendArm<'_, T> {
    fn try_now(&self) -> Option<Box<dyn Any>> {
        let Some(Core::Chan(s)) = self.core else {
            return None;
        };
        let value = self
            .value
            .take()
            .expect("a send arm holds its value until it fires");
        // `Select::wait`'s pass comes after the first pass (`FirstPass`): a retry.
        match s.try_send_unless_full(value) {
            Ok(()) => Some(Box::new(Ok::<(), SendError<T>>(()))),
            Err(TrySendError::Closed(v)) => Some(Box::new(Err::<(), _>(SendError(v)))),
            Err(TrySendError::Full(v)) => {
                *self.value.borrow_mut() = Some(v);
                None
            }
        }
    }

    fn register<'s>(
        &'s self,
        sel: &mut cb::Select<'s>,
        out: &mut Vec<(usize, Slot)>,
        gated: &mut Vec<usize>,
    ) {
        let Some(Core::Chan(s)) = self.core else {
            return;
        };
        let id = Arc::as_ptr(s).cast::<()>() as usize;
        if gated.contains(&id) {
            return;
        }
        gated.push(id);
        self.gate.get_or_init(|| s.read_gate());
        if !s.is_closing() {
            sel.send(&s.tx);
            out.push((0, Slot::Data));
        }
        // Ready once closing; for a closing channel the only operation registered.
        sel.recv(&s.closing_rx);
        out.push((0, Slot::Closed));
    }

    fn complete<'s>(&'s self, oper: cb::SelectedOperation<'s>, slot: Slot) -> Box<dyn Any> {
        let Some(Core::Chan(s)) = self.core else {
            unreachable!("a nil arm registers nothing")
        };
        let value = self
            .value
            .take()
            .expect("a send arm holds its value until it fires");
        let result: Result<(), SendError<T>> = match slot {
            Slot::Data => {
                debug_assert!(
                    self.gate.get().is_some(),
                    "a registered send holds the gate"
                );
                oper.send(&s.tx, value)
                    .map_err(|e| SendError(e.into_inner()))
            }
            Slot::Closed => {
                let _ = oper.recv(&s.closing_rx);
                Err(SendError(value))
            }
        };
        Box::new(result)
    }

    fn text(&self) -> String {
        format!(
            "send {}",
            self.core
                .map_or_else(|| "nil".to_string(), |c| c.name().to_string())
        )
    }

    fn timed(&self) -> bool {
        false
    }

    fn released(&self) -> Option<Box<dyn Any>> {
        self.core?;
        let value = self.value.borrow_mut().take()?;
        Some(Box::new(Err::<(), _>(SendError(value))))
    }
}

impl<'a> Select<'a> {
    /// An empty select; `has_default` when the macro saw a `default` arm.
    #[track_caller]
    pub fn new(has_default: bool) -> Self {
        Self {
            arms: Vec::new(),
            has_default,
            site: std::panic::Location::caller(),
        }
    }

    pub(crate) fn add_recv<T: Send + 'static>(&mut self, h: &'a Handle<T>) -> usize {
        self.arms.push(Box::new(RecvArm { core: h.0.as_ref() }));
        self.arms.len() - 1
    }

    pub(crate) fn add_send<T: Send + 'static>(&mut self, h: &'a Handle<T>, value: T) -> usize {
        self.arms.push(Box::new(SendArm {
            core: h.0.as_ref(),
            value: RefCell::new(Some(value)),
            gate: OnceCell::new(),
        }));
        self.arms.len() - 1
    }

    /// Run the select: returns which arm fired, or none for the default arm.
    pub fn wait(self) -> Fired {
        monitor::unwind_if_released();
        let n = self.arms.len();
        // One more pass from a fresh random start (the macro's first pass came before the arms
        // were boxed), then the blocking path. Unlike a single send or receive, a select does
        // not retry with a backoff first: with its producers spinning too, three threads on two
        // cores took turns yielding to each other (fan_in_select ~370 ns/op against ~100 when
        // the select parks and is woken by the send that fills it; see docs/performance.md).
        // A select with `default` takes it here.
        let pass = || {
            let start = random_start(n);
            for k in 0..n {
                let i = (start + k) % n;
                if let Some(result) = self.arms[i].try_now() {
                    return Some(Fired {
                        arm: Some(i),
                        result: Some(result),
                    });
                }
            }
            self.has_default.then(Fired::default)
        };
        if let Some(fired) = pass() {
            return fired;
        }
        let timed = self.arms.iter().any(|a| a.timed());
        let arms = &self.arms;
        let site = self.site;
        // Described only if the wait is long enough to be registered with the monitor.
        let describe = || BlockedOn {
            op: Op::Select,
            arms: arms.iter().map(|a| a.text()).collect(),
            site,
        };
        monitor::blocking(describe, timed, |abort, deadline| {
            let mut owners: Vec<(usize, Slot)> = Vec::with_capacity(2 * arms.len());
            let mut gated = Vec::new();
            let mut sel = cb::Select::new();
            for (i, arm) in arms.iter().enumerate() {
                let before = owners.len();
                arm.register(&mut sel, &mut owners, &mut gated);
                for owner in &mut owners[before..] {
                    owner.0 = i;
                }
            }
            let aborted = abort.map(|a| (sel.recv(a), a));
            let selected = monitor::select_until(&mut sel, deadline)?;
            if let Some((index, abort)) = aborted
                && selected.index() == index
            {
                let _ = selected.recv(abort);
                // A released thread: the first live arm yields a closed channel's result
                // (used only if the thread is already unwinding).
                let fallback = arms
                    .iter()
                    .enumerate()
                    .find_map(|(i, a)| a.released().map(|r| (i, r)));
                return Some(match fallback {
                    Some((i, r)) => Waited::Released(Fired {
                        arm: Some(i),
                        result: Some(r),
                    }),
                    None if std::thread::panicking() => monitor::park_forever(),
                    None => Waited::Released(Fired::default()),
                });
            }
            let (index, slot) = owners[selected.index()];
            let result = arms[index].complete(selected, slot);
            Some(Waited::Done(Fired {
                arm: Some(index),
                result: Some(result),
            }))
        })
    }
}

/// Where a pass over `arms` arms starts: a uniformly random arm (Go's rule), drawn only when
/// there is a choice.
fn random_start(arms: usize) -> usize {
    if arms > 1 {
        crate::facade::choose(arms)
    } else {
        0
    }
}

/// The select's first pass, made by the macro before anything is boxed: each arm is tried once,
/// without blocking, starting from a uniformly random arm (Go's rule) and wrapping around. An
/// arm that is ready fires at once, and the select never builds its [`Select`]; a select whose
/// arms are all not ready takes its `default` here, or goes on to block in [`Select::wait`].
pub(crate) struct FirstPass {
    start: usize,
    has_default: bool,
    fired: Option<Fired>,
}

impl FirstPass {
    pub(crate) fn new(arms: usize, has_default: bool) -> Self {
        monitor::unwind_if_released();
        Self {
            start: random_start(arms),
            has_default,
            fired: None,
        }
    }

    /// Whether arm `arm` is tried in this round: the first round takes the arms from the
    /// random start to the last, the second the arms before the start.
    fn turn(&self, arm: usize, second_round: bool) -> bool {
        self.fired.is_none() && (arm < self.start) == second_round
    }

    /// Try a recv arm; what it receives (or `None`, closed) goes to `slot`, unboxed.
    pub(crate) fn recv<T: Send + 'static>(
        &mut self,
        arm: usize,
        second_round: bool,
        h: &Handle<T>,
        slot: &mut Option<Option<T>>,
    ) {
        if !self.turn(arm, second_round) {
            return;
        }
        let Some(core) = h.0.as_ref() else {
            return;
        };
        let received = match core.try_recv(std::panic::Location::caller()) {
            Ok(v) => Some(v),
            Err(TryRecvError::Closed) => None,
            Err(TryRecvError::Empty) => return,
        };
        *slot = Some(received);
        self.fire(arm);
    }

    /// The first pass took `arm`: its result is in the arm's slot, so `Fired` carries none.
    fn fire(&mut self, arm: usize) {
        self.fired = Some(Fired {
            arm: Some(arm),
            result: None,
        });
    }

    pub(crate) fn send<T: Send + 'static>(
        &mut self,
        arm: usize,
        second_round: bool,
        h: &Handle<T>,
        value: &mut Option<T>,
        slot: &mut Option<Result<(), SendError<T>>>,
    ) {
        let Some(Core::Chan(s)) = h.0.as_ref() else {
            return;
        };
        if !self.turn(arm, second_round) {
            return;
        }
        let v = value
            .take()
            .expect("a send arm holds its value until it fires");
        *slot = Some(match s.try_send_gated(v) {
            Ok(()) => Ok(()),
            Err(TrySendError::Closed(v)) => Err(SendError(v)),
            Err(TrySendError::Full(v)) => {
                *value = Some(v);
                return;
            }
        });
        self.fire(arm);
    }

    /// What the first pass decided: an arm that fired, or the default arm when none was ready;
    /// `None` when the select must block.
    pub(crate) fn fired(self) -> Option<Fired> {
        match self.fired {
            Some(fired) => Some(fired),
            None if self.has_default => Some(Fired::default()),
            None => None,
        }
    }
}

pub(crate) fn recv_result<T: 'static>(raw: Box<dyn Any>) -> Option<T> {
    *raw.downcast::<Option<T>>()
        .expect("a recv arm yields Option<T>")
}

pub(crate) fn send_result<T: 'static>(raw: Box<dyn Any>) -> Result<(), SendError<T>> {
    *raw.downcast::<Result<(), SendError<T>>>()
        .expect("a send arm yields Result<(), SendError<T>>")
}
