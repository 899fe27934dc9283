//! Go channels on crossbeam-channel, with Go's explicit close layered on top.
//!
//! Each channel keeps its one crossbeam sender and receiver for its whole life, so dropping
//! handles never disconnects it (Go's semantics), and neither does `close`: crossbeam's
//! disconnection would need the sender dropped while other threads may be about to use it,
//! which takes a lock (or a reference count) around every send. Close is ours instead, in two
//! steps:
//!
//! 1. **closing**: `close` sets the `closing` flag, so no send starts after it, and wakes the
//!    `select!` send arms blocked on the channel (a zero-capacity channel whose sender it drops).
//!    It then waits for the sends already under way: a non-blocking send announces itself in a
//!    per-thread slot and checks `closing` after the announcement (see [`super::sending`]);
//!    blocking sends and `select!` send arms hold the read side of the gate, which `close`
//!    write-locks (plain blocked sends let it go every few milliseconds to look for a close).
//! 2. **closed**: every send has either completed, its value buffered or received, or seen the
//!    close and handed its value back. `close` sets `closed` and drops the sender of a second
//!    zero-capacity channel, which wakes every blocked receiver. A receiver that finds the
//!    buffer empty and `closed` set looks once more (a value sent before the close is visible
//!    by then) and reports closed.
//!
//! So nothing lands after `close` returns, nothing sent before it is lost, and receivers drain
//! the buffer before they see the close.
//!
//! Costs over raw crossbeam: a non-blocking send announces itself (one locked instruction,
//! before crossbeam's own), unless it finds the buffer full with plain loads first; a buffered
//! operation that must wait first retries with crossbeam's backoff, as crossbeam's own blocking
//! calls do (a `select!` does not: see [`super::select`]); a blocked send waits in slices; a
//! blocked receive also waits for the close signal; inside a check, a wait longer than a few
//! milliseconds is registered with the monitor (see
//! [`super::monitor::blocking`]). docs/performance.md has the measurements.

use std::time::{Duration, Instant};

use crossbeam_channel as cb;
use crossbeam_utils::{Backoff, CachePadded};

use super::monitor::{self, Monitor, Waited};
use super::sending;
use crate::chan::{CloseError, SendError, TryRecvError, TrySendError};
use crate::facade::plain::{Arc, AtomicBool, Ordering, PlainMutex, RwLock};
use crate::monitor::{BlockedOn, Name, Op, Site};

/// How often a sender blocked on a full (or unbuffered) channel lets the gate go so that a
/// `close` can proceed. Only a close racing a blocked send (a panic in Go) waits this long.
const CLOSE_POLL: Duration = Duration::from_millis(5);
// A blocked send uses the monitor's unwatched-wait deadline as its poll deadline.
const _: () = assert!(monitor::UNWATCHED_WAIT.as_nanos() <= CLOSE_POLL.as_nanos());

pub(crate) struct Shared<T> {
    /// Never dropped before the channel: crossbeam's disconnection plays no part in close.
    pub(crate) tx: cb::Sender<T>,
    pub(crate) rx: cb::Receiver<T>,
    pub(crate) cap: usize,
    /// Set when `close` begins: no send starts after it.
    closing: AtomicBool,
    /// Set once every send that began before `closing` has finished: from then on an empty
    /// buffer means closed.
    closed: AtomicBool,
    /// Read-locked by the sends that may take a while (blocking sends, `select!` send arms,
    /// sends from a thread-local's destructor); `close` write-locks it once `closing` is set.
    /// On its own cache line: blocked senders write its lock word, and every operation reads
    /// the fields beside it.
    gate: CachePadded<RwLock<()>>,
    /// `Some` until `closing`; dropping it makes `closing_rx` ready forever.
    closing_tx: PlainMutex<Option<cb::Sender<()>>>,
    pub(crate) closing_rx: cb::Receiver<()>,
    /// `Some` until `closed`; dropping it makes `closed_rx` ready forever.
    closed_tx: PlainMutex<Option<cb::Sender<()>>>,
    pub(crate) closed_rx: cb::Receiver<()>,
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
        let (closing_tx, closing_rx) = cb::bounded(0);
        let (closed_tx, closed_rx) = cb::bounded(0);
        let name = monitor::chan_name(name);
        if let Some((m, idx)) = Monitor::current() {
            m.log(idx, format!("make {name} (cap {cap})"));
        }
        Core::Chan(Arc::new(Shared {
            tx,
            rx,
            cap,
            closing: AtomicBool::new(false),
            closed: AtomicBool::new(false),
            gate: CachePadded::new(RwLock::new(())),
            closing_tx: PlainMutex::new(Some(closing_tx)),
            closing_rx,
            closed_tx: PlainMutex::new(Some(closed_tx)),
            closed_rx,
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
            let mut retry = false;
            let finished = before_blocking(|| {
                let v = value.take().expect("tried once at a time");
                let attempt = if retry {
                    s.try_send_unless_full(v)
                } else {
                    retry = true;
                    s.try_send_gated(v)
                };
                match attempt {
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
        // a close (which waits for the gate): registering every blocked sender with the close
        // signal as well made them contend on its lock.
        let mut value = Some(value);
        let tx = &s.tx;
        monitor::blocking(describe, false, |abort, deadline| {
            loop {
                let gate = s.read_gate();
                if s.is_closing() {
                    let v = value.take().expect("sent once");
                    return Some(Waited::Done(Err(SendError(v))));
                }
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
                        // The channel keeps its receiver: never disconnected.
                        Err(
                            cb::SendTimeoutError::Timeout(v)
                            | cb::SendTimeoutError::Disconnected(v),
                        ) => value = Some(v),
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
        monitor::unwind_if_released();
        // As for sends: an unbuffered receive goes straight to the blocking one.
        if self.cap() != 0 {
            let finished = before_blocking(|| match self.try_recv_unchecked() {
                Ok(v) => Some(Some(v)),
                Err(TryRecvError::Closed) => Some(None),
                Err(TryRecvError::Empty) => None,
            });
            if let Some(received) = finished {
                return received;
            }
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
                s.recv_or_abort(abort, deadline)
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
        self.try_recv_unchecked()
    }

    /// [`Core::try_recv`] for a caller that has already checked for a release.
    fn try_recv_unchecked(&self) -> Result<T, TryRecvError> {
        match self {
            Core::Timer(t) => t.rx.try_recv().map_err(|_| TryRecvError::Empty),
            Core::Chan(s) => s.try_recv(),
        }
    }

    pub(crate) fn close(&self, _site: Site) -> Result<(), CloseError> {
        monitor::unwind_if_released();
        let Core::Chan(s) = self else {
            return Err(CloseError::AlreadyClosed);
        };
        let Some(closing_tx) = s.closing_tx.lock().take() else {
            return Err(CloseError::AlreadyClosed);
        };
        // Closing: no send starts from here on (sequentially consistent, see `sending`), and
        // blocked `select!` send arms wake and let the gate go.
        s.closing.store(true, Ordering::SeqCst);
        drop(closing_tx);
        // The sends under way finish: announced ones within nanoseconds, gated ones within a
        // close poll.
        sending::wait_for_senders(s.id());
        drop(
            s.gate
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        // Closed: every value sent is buffered or received; blocked receivers wake.
        s.closed.store(true, Ordering::Release);
        drop(s.closed_tx.lock().take());
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

pub(crate) type Gate<'a> = std::sync::RwLockReadGuard<'a, ()>;

impl<T> Shared<T> {
    /// The channel's identity in the announcement slots (see [`sending`]).
    fn id(&self) -> usize {
        std::ptr::from_ref(self) as usize
    }

    /// The read side of the gate: while it is held, close waits.
    pub(crate) fn read_gate(&self) -> Gate<'_> {
        self.gate
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether `close` has begun: a send that holds the gate, or is announced, and reads `true`
    /// hands its value back; one that reads `false` completes before `close` returns.
    pub(crate) fn is_closing(&self) -> bool {
        self.closing.load(Ordering::SeqCst)
    }

    /// A non-blocking send that never lands after a close: announced (see [`sending`]), or,
    /// from a thread-local's destructor, under the gate.
    #[inline]
    pub(crate) fn try_send_gated(&self, value: T) -> Result<(), TrySendError<T>> {
        let send = |closing: bool| {
            if closing {
                return Err(TrySendError::Closed(value));
            }
            self.tx.try_send(value).map_err(|e| match e {
                cb::TrySendError::Full(v) => TrySendError::Full(v),
                // The channel keeps its receiver: never disconnected.
                cb::TrySendError::Disconnected(v) => TrySendError::Closed(v),
            })
        };
        sending::announced(self.id(), &self.closing, send).unwrap_or_else(|send| {
            let _gate = self.read_gate();
            send(self.is_closing())
        })
    }

    /// [`Shared::try_send_gated`] for a sender that is retrying: a full buffer of an open
    /// channel is seen with loads alone, so a sender spinning on it (before blocking, or in a
    /// `select!`'s later passes) does not announce itself each round. Not for a first try: the
    /// check reads the receivers' end of the buffer, a cache line a send that finds room never
    /// needs. (An unbuffered channel always looks full: it takes a waiting receiver.)
    #[inline]
    pub(crate) fn try_send_unless_full(&self, value: T) -> Result<(), TrySendError<T>> {
        if self.cap != 0 && self.tx.is_full() && !self.closing.load(Ordering::Acquire) {
            return Err(TrySendError::Full(value));
        }
        self.try_send_gated(value)
    }

    /// A non-blocking receive: closed only once `closed` is set and the buffer is drained.
    #[inline]
    pub(crate) fn try_recv(&self) -> Result<T, TryRecvError> {
        match self.rx.try_recv() {
            Ok(v) => Ok(v),
            // Every send made before the close is visible once `closed` is: look once more.
            Err(_) if self.closed.load(Ordering::Acquire) => {
                self.rx.try_recv().map_err(|_| TryRecvError::Closed)
            }
            Err(_) => Err(TryRecvError::Empty),
        }
    }

    /// A blocking receive that also wakes on the close, and that the monitor can abort (inside
    /// a check).
    fn recv_or_abort(
        &self,
        abort: Option<&cb::Receiver<()>>,
        deadline: Option<Instant>,
    ) -> Option<Waited<Option<T>>> {
        let mut sel = cb::Select::new();
        let data = sel.recv(&self.rx);
        let closed = sel.recv(&self.closed_rx);
        if let Some(abort) = abort {
            sel.recv(abort);
        }
        let oper = monitor::select_until(&mut sel, deadline)?;
        Some(match oper.index() {
            i if i == data => Waited::Done(oper.recv(&self.rx).ok()),
            i if i == closed => {
                let _ = oper.recv(&self.closed_rx);
                Waited::Done(self.try_recv().ok())
            }
            _ => {
                let _ = oper.recv(abort.expect("the third operation is the abort"));
                Waited::Released(None)
            }
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

/// A blocking receive on a timer's channel that the monitor can abort (inside a check) or a
/// plain one (outside).
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
