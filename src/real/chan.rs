//! Go channels on crossbeam-channel, with Go's explicit close layered on top.
//!
//! Each channel keeps both crossbeam ends, so dropping handles never disconnects it (Go's
//! semantics). Close is a second, zero-capacity crossbeam channel whose only sender is dropped on
//! close: every blocked operation selects on it too, so close wakes all receivers and senders.
//! Sends take a read lock on the "open" gate around each non-blocking attempt and close takes the
//! write lock, so no value enters a channel after `close` returns. Blocking sends on buffered
//! channels wait for readiness and retry under the gate; unbuffered sends rendezvous in one
//! crossbeam operation, which close can only pre-empt, never follow.

use std::time::{Duration, Instant};

use crossbeam_channel as cb;

use super::monitor::{self, Monitor};
use crate::chan::{CloseError, SendError, TryRecvError, TrySendError};
use crate::facade::plain::{Arc, AtomicBool, Ordering, PlainMutex, RwLock};
use crate::monitor::{BlockedOn, Name, Op, Site};

pub(crate) struct Shared<T> {
    pub(crate) tx: cb::Sender<T>,
    pub(crate) rx: cb::Receiver<T>,
    pub(crate) cap: usize,
    /// `Some` while open; close drops the sender, which makes `closed_rx` ready forever.
    gate: RwLock<Option<cb::Sender<()>>>,
    pub(crate) closed_rx: cb::Receiver<()>,
    closed: AtomicBool,
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
    #[track_caller]
    pub(crate) fn after(d: Duration) -> Self {
        note_timer(Instant::now() + d);
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

fn note_timer(deadline: Instant) {
    if let Some((m, _)) = Monitor::current() {
        m.note_timer(deadline);
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
            tx,
            rx,
            cap,
            gate: RwLock::new(Some(close_tx)),
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
            |abort| {
                let _ = abort.recv();
                None::<()>
            },
        );
        unreachable!("nothing completes an operation on a nil channel")
    }

    pub(crate) fn send_as(&self, value: T, op: Op, site: Site) -> Result<(), SendError<T>> {
        let s = match self {
            Core::Chan(s) => s,
            Core::Timer(_) => unreachable!("timer channels are receive-only"),
        };
        let mut value = match s.try_send_gated(value) {
            Ok(()) => return Ok(()),
            Err(TrySendError::Closed(v)) => return Err(SendError(v)),
            Err(TrySendError::Full(v)) => v,
        };
        let describe = || BlockedOn {
            op,
            arms: vec![arm_text(op, Op::Send, &self.name())],
            site,
        };
        if s.cap == 0 {
            // Rendezvous: one crossbeam operation, raced only by close.
            return monitor::blocking(describe, false, |abort| {
                let mut sel = cb::Select::new();
                let send = sel.send(&s.tx);
                let closed = sel.recv(&s.closed_rx);
                let aborted = sel.recv(abort);
                let oper = sel.select();
                match oper.index() {
                    i if i == send => {
                        oper.send(&s.tx, value).expect("both ends are held");
                        Some(Ok(()))
                    }
                    i if i == closed => {
                        let _ = oper.recv(&s.closed_rx);
                        Some(Err(SendError(value)))
                    }
                    i => {
                        debug_assert_eq!(i, aborted);
                        let _ = oper.recv(abort);
                        None
                    }
                }
            });
        }
        monitor::blocking(describe, false, |abort| {
            loop {
                let mut sel = cb::Select::new();
                sel.send(&s.tx);
                sel.recv(&s.closed_rx);
                let aborted = sel.recv(abort);
                if sel.ready() == aborted {
                    return None;
                }
                value = match s.try_send_gated(value) {
                    Ok(()) => return Some(Ok(())),
                    Err(TrySendError::Closed(v)) => return Some(Err(SendError(v))),
                    Err(TrySendError::Full(v)) => v,
                };
            }
        })
    }

    pub(crate) fn recv_as(&self, op: Op, site: Site) -> Option<T> {
        match self.try_recv(site) {
            Ok(v) => return Some(v),
            Err(TryRecvError::Closed) => return None,
            Err(TryRecvError::Empty) => {}
        }
        let describe = || BlockedOn {
            op,
            arms: vec![arm_text(op, Op::Recv, &self.name())],
            site,
        };
        match self {
            Core::Timer(t) => monitor::blocking(describe, true, |abort| {
                cb::select! {
                    recv(t.rx) -> v => Some(v.ok()),
                    recv(abort) -> _ => None,
                }
            }),
            Core::Chan(s) => monitor::blocking(describe, false, |abort| {
                cb::select! {
                    recv(s.rx) -> v => Some(v.ok()),
                    recv(s.closed_rx) -> _ => Some(s.rx.try_recv().ok()),
                    recv(abort) -> _ => None,
                }
            }),
        }
    }

    pub(crate) fn try_send(&self, value: T, _site: Site) -> Result<(), TrySendError<T>> {
        match self {
            Core::Chan(s) => s.try_send_gated(value),
            Core::Timer(_) => unreachable!("timer channels are receive-only"),
        }
    }

    pub(crate) fn try_recv(&self, _site: Site) -> Result<T, TryRecvError> {
        match self {
            Core::Timer(t) => t.rx.try_recv().map_err(|_| TryRecvError::Empty),
            Core::Chan(s) => match s.rx.try_recv() {
                Ok(v) => Ok(v),
                Err(_) if s.closed.load(Ordering::Acquire) => {
                    // Closed: anything buffered before the close still comes out first.
                    s.rx.try_recv().map_err(|_| TryRecvError::Closed)
                }
                Err(_) => Err(TryRecvError::Empty),
            },
        }
    }

    pub(crate) fn close(&self, _site: Site) -> Result<(), CloseError> {
        let Core::Chan(s) = self else {
            return Err(CloseError::AlreadyClosed);
        };
        let mut gate = s
            .gate
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match gate.take() {
            Some(close_tx) => {
                s.closed.store(true, Ordering::Release);
                drop(close_tx);
                drop(gate);
                if let Some((m, idx)) = Monitor::current() {
                    m.log(idx, format!("close {}", self.name()));
                }
                Ok(())
            }
            None => Err(CloseError::AlreadyClosed),
        }
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

impl<T> Shared<T> {
    /// A non-blocking send under the read side of the gate: never lands after a close.
    pub(crate) fn try_send_gated(&self, value: T) -> Result<(), TrySendError<T>> {
        let gate = self
            .gate
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if gate.is_none() {
            return Err(TrySendError::Closed(value));
        }
        self.tx.try_send(value).map_err(|e| match e {
            cb::TrySendError::Full(v) => TrySendError::Full(v),
            cb::TrySendError::Disconnected(_) => unreachable!("both ends are held"),
        })
    }
}

/// How a blocked arm reads in reports: `send result`, or `lock mu` for lock-like operations.
pub(crate) fn arm_text(op: Op, dir: Op, name: &str) -> String {
    match op {
        Op::Send | Op::Recv | Op::Select => format!("{dir} {name}"),
        _ => format!("{op} {name}"),
    }
}
