//! Go channels on crossbeam-channel, with Go's explicit close layered on top.
//!
//! Each channel keeps its crossbeam receiver and, while open, its one crossbeam sender, so
//! dropping handles never disconnects it (Go's semantics). `close` is the only thing that drops
//! that sender, and crossbeam's disconnection *is* the close that receivers see: it is ordered
//! with every send (no value can be claimed into the buffer after it), receivers drain what was
//! sent before it and then get `None`, and it wakes every blocked receiver.
//!
//! Senders reach the crossbeam sender through a read lock (the "gate"), held for the whole
//! operation, blocking ones included; `close` sets the closed flag, wakes blocked `select!` send
//! arms through a second, zero-capacity channel whose sender it drops, then takes the write lock
//! (plain blocked sends let the gate go every few milliseconds to look for it) and drops the
//! crossbeam sender. So every send either completes before `close` returns (and its value is
//! received or stays buffered) or fails and hands its value back: none lands after `close`.
//!
//! Costs over raw crossbeam: a non-blocking send takes the read lock; a buffered operation that
//! must wait first retries with crossbeam's backoff, as crossbeam's own blocking calls do; a
//! blocking send also waits in slices; inside a check, a wait longer than a few milliseconds is
//! registered with the monitor (see [`super::monitor::blocking`]).

use std::time::{Duration, Instant};

use crossbeam_channel as cb;
use crossbeam_utils::{Backoff, CachePadded};

use super::monitor::{self, Monitor, Waited};
use crate::chan::{CloseError, SendError, TryRecvError, TrySendError};
use crate::facade::plain::{Arc, AtomicBool, Ordering, PlainMutex, RwLock};
use crate::monitor::{BlockedOn, Name, Op, Site};

/// How often a sender blocked on a full (or unbuffered) channel lets the gate go so that a
/// `close` can proceed. Only a close racing a blocked send (a panic in Go) waits this long.
const CLOSE_POLL: Duration = Duration::from_millis(5);
// A blocked send uses the monitor's unwatched-wait deadline as its poll deadline.
const _: () = assert!(monitor::UNWATCHED_WAIT.as_nanos() <= CLOSE_POLL.as_nanos());

pub(crate) struct Shared<T> {
    /// The crossbeam sender, `Some` while open: close takes it under the write lock and drops it.
    /// On its own cache line: every send writes the lock word, and receivers must not pay for it.
    pub(crate) gate: CachePadded<RwLock<Option<cb::Sender<T>>>>,
    pub(crate) rx: cb::Receiver<T>,
    pub(crate) cap: usize,
    /// `Some` while open; close drops it, which makes `closed_rx` ready forever.
    close_tx: PlainMutex<Option<cb::Sender<()>>>,
    pub(crate) closed_rx: cb::Receiver<()>,
    pub(crate) closed: AtomicBool,
    name: PlainMutex<Name>,
}

/// A timer's channel: receive-only, never closed.
pub(crate) struct Timer<T> {
    pub(crate) rx: cb::Receiver<T>,
    name: Name,
}

/// One channel handle.
pub(crate) enum Core<T> {
    Chan(Arc<Shared<T>>),
    Timer(Arc<Timer<T>>),
}

impl<T> Clone for Core<T> {
    fn clone(&self) -> Self {
        match self {
            Core::Chan(s) => Core::Chan(s.clone()),
            Core::Timer(t) => Core::Timer(t.clone()),
        }
    }
}

impl Core<Instant> {
    /// A wait on a timer's channel is timed (see [`Core::is_timer`]), so the monitor never
    /// calls it stuck: the timer needs no other bookkeeping.
    #[track_caller]
    pub(crate) fn after(d: Duration) -> Self {
        Core::Timer(Arc::new(Timer {
            rx: cb::after(d),
            name: monitor::chan_name(Some(Arc::from(format!("after({d:?})")))),
        }))
    }

    #[track_caller]
    pub(crate) fn tick(d: Duration) -> Self {
        Core::Timer(Arc::new(Timer {
            rx: cb::tick(d),
            name: monitor::chan_name(Some(Arc::from(format!("tick({d:?})")))),
        }))
    }
}

impl<T: Send + 'static> Core<T> {
    pub(crate) fn new(cap: usize, name: Option<Name>) -> Self {
        let (tx, rx) = cb::bounded(cap);
        let (close_tx, closed_rx) = cb::bounded(0);
        let name = monitor::chan_name(name);
        if let Some((m, idx)) = Monitor::current() {
            m.log(idx, format!("make {name} (cap {cap})"));
        }
        Core::Chan(Arc::new(Shared {
            gate: CachePadded::new(RwLock::new(Some(tx))),
            rx,
            cap,
            close_tx: PlainMutex::new(Some(close_tx)),
            closed_rx,
            closed: AtomicBool::new(false),
            name: PlainMutex::new(name),
        }))
    }

    pub(crate) fn rename(&self, name: Name) {
        if let Core::Chan(s) = self {
            *s.name.lock() = name;
        }
    }

    pub(crate) fn name(&self) -> Name {
        match self {
            Core::Chan(s) => s.name.lock().clone(),
            Core::Timer(t) => t.name.clone(),
        }
    }

    /// Timer channels (`after`, `tick`): a wait on one is timed, and never stuck.
    pub(crate) fn is_timer(&self) -> bool {
        matches!(self, Core::Timer(_))
    }

    /// A send or receive on a nil channel: blocks until the monitor releases the thread.
    pub(crate) fn block_on_nil(op: Op, site: Site) -> ! {
        let dir = if op == Op::Send {
            "send nil"
        } else {
            "recv nil"
        };
        monitor::blocking(
            || BlockedOn {
                op,
                arms: vec![dir.to_string()],
                site,
            },
            false,
            |abort, deadline| {
                let never = cb::never();
                let abort = abort.unwrap_or(&never);
                match deadline {
                    Some(d) => match abort.recv_deadline(d) {
                        Err(cb::RecvTimeoutError::Timeout) => None,
                        _ => Some(Waited::Released(())),
                    },
                    None => {
                        let _ = abort.recv();
                        Some(Waited::Released(()))
                    }
                }
            },
        );
        // Only a released thread that is already unwinding gets here: nothing completes an
        // operation on a nil channel, and it must neither panic again nor return.
        monitor::park_forever()
    }

    pub(crate) fn send_as(&self, value: T, op: Op, site: Site) -> Result<(), SendError<T>> {
        monitor::unwind_if_released();
        let s = match self {
            Core::Chan(s) => s,
            Core::Timer(_) => unreachable!("timer channels are receive-only"),
        };
        // A buffered send usually finds room at once or after a short spin (crossbeam's own
        // backoff: spinning, then yielding), which spares the blocking path its clock read and,
        // inside a check, its bookkeeping. An unbuffered one goes straight to the blocking send,
        // which completes at once with a waiting receiver: trying first would take the
        // rendezvous channel's lock twice.
        let value = if s.cap == 0 {
            value
        } else {
            let mut value = Some(value);
            let finished = before_blocking(|| {
                match s.try_send_gated(value.take().expect("tried once at a time")) {
                    Ok(()) => Some(Ok(())),
                    Err(TrySendError::Closed(v)) => Some(Err(SendError(v))),
                    Err(TrySendError::Full(v)) => {
                        value = Some(v);
                        None
                    }
                }
            });
            if let Some(result) = finished {
                return result;
            }
            value.expect("a full buffer hands the value back")
        };
        let describe = || BlockedOn {
            op,
            arms: vec![arm_text(op, &self.name())],
            site,
        };
        // One crossbeam send under the gate. It lets the gate go every `CLOSE_POLL` to look for
        // a close (which waits for the gate): registering every blocked sender with a shared
        // close signal as well made them contend on its lock.
        let mut value = Some(value);
        monitor::blocking(describe, false, |abort, deadline| {
            loop {
                let gate = s.read_gate();
                let Some(tx) = s.open_sender(&gate) else {
                    let v = value.take().expect("sent once");
                    return Some(Waited::Done(Err(SendError(v))));
                };
                // A deadline (the monitor's unwatched wait) is never further off than the poll
                // interval: use it as is and spare a clock read.
                let until = deadline.unwrap_or_else(|| Instant::now() + CLOSE_POLL);
                let v = value.take().expect("sent once");
                if let Some(abort) = abort {
                    let mut sel = cb::Select::new();
                    let send = sel.send(tx);
                    sel.recv(abort);
                    match sel.select_deadline(until) {
                        Ok(oper) if oper.index() == send => {
                            return Some(Waited::Done(
                                oper.send(tx, v).map_err(|e| SendError(e.into_inner())),
                            ));
                        }
                        Ok(oper) => {
                            let _ = oper.recv(abort);
                            return Some(Waited::Released(Err(SendError(v))));
                        }
                        Err(_) => value = Some(v),
                    }
                } else {
                    match tx.send_deadline(v, until) {
                        Ok(()) => return Some(Waited::Done(Ok(()))),
                        Err(cb::SendTimeoutError::Disconnected(v)) => {
                            return Some(Waited::Done(Err(SendError(v))));
                        }
                        Err(cb::SendTimeoutError::Timeout(v)) => value = Some(v),
                    }
                }
                drop(gate);
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    return None;
                }
            }
        })
    }

    pub(crate) fn recv_as(&self, op: Op, site: Site) -> Option<T> {
        // As for sends: an unbuffered receive goes straight to the blocking one.
        if self.cap() != 0 {
            let finished = before_blocking(|| match self.try_recv(site) {
                Ok(v) => Some(Some(v)),
                Err(TryRecvError::Closed) => Some(None),
                Err(TryRecvError::Empty) => None,
            });
            if let Some(received) = finished {
                return received;
            }
        } else {
            monitor::unwind_if_released();
        }
        let describe = || BlockedOn {
            op,
            arms: vec![arm_text(op, &self.name())],
            site,
        };
        let received = match self {
            Core::Timer(t) => monitor::blocking(describe, true, |abort, deadline| {
                recv_or_abort(&t.rx, abort, deadline)
            }),
            Core::Chan(s) => monitor::blocking(describe, false, |abort, deadline| {
                recv_or_abort(&s.rx, abort, deadline)
            }),
        };
        if received.is_none() && op == Op::Lock {
            // A lock's channel is never closed: this is a released thread already unwinding,
            // which has no token to hand out.
            monitor::park_forever();
        }
        received
    }

    pub(crate) fn try_send(&self, value: T, _site: Site) -> Result<(), TrySendError<T>> {
        monitor::unwind_if_released();
        match self {
            Core::Chan(s) => s.try_send_gated(value),
            Core::Timer(_) => unreachable!("timer channels are receive-only"),
        }
    }

    pub(crate) fn try_recv(&self, _site: Site) -> Result<T, TryRecvError> {
        monitor::unwind_if_released();
        match self {
            Core::Timer(t) => t.rx.try_recv().map_err(|_| TryRecvError::Empty),
            Core::Chan(s) => s.rx.try_recv().map_err(|e| match e {
                cb::TryRecvError::Empty => TryRecvError::Empty,
                // Disconnected: closed, and everything sent before the close received.
                cb::TryRecvError::Disconnected => TryRecvError::Closed,
            }),
        }
    }

    pub(crate) fn close(&self, _site: Site) -> Result<(), CloseError> {
        monitor::unwind_if_released();
        let Core::Chan(s) = self else {
            return Err(CloseError::AlreadyClosed);
        };
        let Some(close_tx) = s.close_tx.lock().take() else {
            return Err(CloseError::AlreadyClosed);
        };
        // From here on no send starts; blocked senders wake and leave the gate; the last one out
        // lets the write lock through, and dropping the crossbeam sender disconnects the channel.
        s.closed.store(true, Ordering::Release);
        drop(close_tx);
        let tx = s
            .gate
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        drop(tx);
        if let Some((m, idx)) = Monitor::current() {
            m.log(idx, format!("close {}", self.name()));
        }
        Ok(())
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Core::Chan(s) => s.rx.len(),
            Core::Timer(t) => t.rx.len(),
        }
    }

    pub(crate) fn cap(&self) -> usize {
        match self {
            Core::Chan(s) => s.cap,
            Core::Timer(_) => 1,
        }
    }

    pub(crate) fn is_closed(&self) -> bool {
        match self {
            Core::Chan(s) => s.closed.load(Ordering::Acquire),
            Core::Timer(_) => false,
        }
    }
}

pub(crate) type Gate<'a, T> = std::sync::RwLockReadGuard<'a, Option<cb::Sender<T>>>;

impl<T> Shared<T> {
    /// The read side of the gate: while it is held, close cannot disconnect the channel.
    pub(crate) fn read_gate(&self) -> Gate<'_, T> {
        self.gate
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The crossbeam sender behind a held gate, unless the channel is closed or closing.
    pub(crate) fn open_sender<'g>(&self, gate: &'g Gate<'_, T>) -> Option<&'g cb::Sender<T>> {
        gate.as_ref()
            .filter(|_| !self.closed.load(Ordering::Acquire))
    }

    /// A non-blocking send under the read side of the gate: never lands after a close.
    pub(crate) fn try_send_gated(&self, value: T) -> Result<(), TrySendError<T>> {
        let gate = self.read_gate();
        let Some(tx) = self.open_sender(&gate) else {
            return Err(TrySendError::Closed(value));
        };
        tx.try_send(value).map_err(|e| match e {
            cb::TrySendError::Full(v) => TrySendError::Full(v),
            cb::TrySendError::Disconnected(v) => TrySendError::Closed(v),
        })
    }
}

/// Retry a non-blocking `attempt` with crossbeam's backoff (spinning, then yielding), as
/// crossbeam's own blocking calls do before they park: its result as soon as it has one, `None`
/// once the backoff is spent and the caller must block. Most waits on a busy channel end here,
/// sparing the blocking path its clock read and, inside a check, its bookkeeping.
pub(crate) fn before_blocking<R>(mut attempt: impl FnMut() -> Option<R>) -> Option<R> {
    let backoff = Backoff::new();
    loop {
        if let Some(result) = attempt() {
            return Some(result);
        }
        if backoff.is_completed() {
            return None;
        }
        backoff.snooze();
    }
}

/// A blocking receive that the monitor can abort (inside a check) or a plain one (outside).
fn recv_or_abort<T>(
    rx: &cb::Receiver<T>,
    abort: Option<&cb::Receiver<()>>,
    deadline: Option<Instant>,
) -> Option<Waited<Option<T>>> {
    let Some(abort) = abort else {
        return match deadline {
            None => Some(Waited::Done(rx.recv().ok())),
            Some(d) => match rx.recv_deadline(d) {
                Ok(v) => Some(Waited::Done(Some(v))),
                Err(cb::RecvTimeoutError::Disconnected) => Some(Waited::Done(None)),
                Err(cb::RecvTimeoutError::Timeout) => None,
            },
        };
    };
    let mut sel = cb::Select::new();
    let data = sel.recv(rx);
    sel.recv(abort);
    let oper = monitor::select_until(&mut sel, deadline)?;
    Some(if oper.index() == data {
        Waited::Done(oper.recv(rx).ok())
    } else {
        let _ = oper.recv(abort);
        Waited::Released(None)
    })
}

/// How a blocked operation reads in reports: `send result`, `recv jobs`, or, for what is built
/// on a channel, its own name (`lock mu`, `wait wg`).
pub(crate) fn arm_text(op: Op, name: &str) -> String {
    format!("{op} {name}")
}
