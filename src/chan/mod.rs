//! Go's channels: `make`, send, receive, close, nil channels, timers and directional views.
//!
//! Go's semantics, exactly: dropping handles never closes a channel (a sender blocked on a
//! channel nobody will read from stays blocked: a leak, as in Go); `close` wakes every receiver;
//! receives drain the buffer before they report the close; a nil channel is never ready.
//! Where Go panics (send on closed, double close, close of nil) the call returns an error and
//! hands any value back.

mod error;

use std::time::{Duration, Instant};

pub use error::{CloseError, SendError, TryRecvError, TrySendError};

#[cfg(any(loom, feature = "shuttle"))]
pub(crate) use crate::model::chan::Core;
#[cfg(not(any(loom, feature = "shuttle")))]
pub(crate) use crate::real::chan::Core;

use crate::facade::plain::Arc;
use crate::monitor::{Op, Site};

/// The shared handle behind every view; `None` is Go's nil channel.
#[doc(hidden)]
pub struct Handle<T>(pub(crate) Option<Core<T>>);

impl<T> Clone for Handle<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

/// A Go channel: `make(chan T, cap)`. Cloning clones the handle, not the channel.
pub struct Chan<T> {
    h: Handle<T>,
}

/// The send-only view of a channel, Go's `chan<- T`.
pub struct Sender<T> {
    h: Handle<T>,
}

/// The receive-only view of a channel, Go's `<-chan T`.
pub struct Receiver<T> {
    h: Handle<T>,
}

macro_rules! impl_clone_debug {
    ($($ty:ident),*) => {$(
        impl<T> Clone for $ty<T> {
            fn clone(&self) -> Self {
                Self { h: self.h.clone() }
            }
        }
        impl<T: Send + 'static> std::fmt::Debug for $ty<T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({})", stringify!($ty), self.name())
            }
        }
    )*};
}
impl_clone_debug!(Chan, Sender, Receiver);

/// `make(chan T, cap)`: `cap == 0` is unbuffered (every send waits for its receiver).
#[track_caller]
pub fn make<T: Send + 'static>(cap: usize) -> Chan<T> {
    Chan {
        h: Handle(Some(Core::new(cap, None))),
    }
}

/// `make(chan T, cap)` with a name that reports use instead of `chan#N`.
#[track_caller]
pub fn named<T: Send + 'static>(name: &str, cap: usize) -> Chan<T> {
    Chan {
        h: Handle(Some(Core::new(cap, Some(Arc::from(name))))),
    }
}

/// `time.After(d)`: receives the current instant once, after `d`. Under a model checker the
/// timer may fire at any point, so early and late timeouts are both explored.
#[track_caller]
pub fn after(d: Duration) -> Receiver<Instant> {
    Receiver {
        h: Handle(Some(Core::after(d))),
    }
}

/// `time.Tick(d)`: receives an instant every `d`, forever.
#[track_caller]
pub fn tick(d: Duration) -> Receiver<Instant> {
    Receiver {
        h: Handle(Some(Core::tick(d))),
    }
}

impl<T: Send + 'static> Handle<T> {
    fn name(&self) -> String {
        self.0
            .as_ref()
            .map_or_else(|| "nil".to_string(), |c| c.name().to_string())
    }

    #[track_caller]
    fn send(&self, value: T, op: Op) -> Result<(), SendError<T>> {
        let site = std::panic::Location::caller();
        match &self.0 {
            Some(core) => core.send_as(value, op, site),
            None => {
                drop(value);
                Core::<T>::block_on_nil(Op::Send, site)
            }
        }
    }

    #[track_caller]
    fn recv(&self, op: Op) -> Option<T> {
        self.recv_at(op, std::panic::Location::caller())
    }

    fn recv_at(&self, op: Op, site: Site) -> Option<T> {
        match &self.0 {
            Some(core) => core.recv_as(op, site),
            None => Core::<T>::block_on_nil(Op::Recv, site),
        }
    }

    #[track_caller]
    fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        match &self.0 {
            Some(core) => core.try_send(value, std::panic::Location::caller()),
            None => Err(TrySendError::Full(value)),
        }
    }

    #[track_caller]
    fn try_recv(&self) -> Result<T, TryRecvError> {
        match &self.0 {
            Some(core) => core.try_recv(std::panic::Location::caller()),
            None => Err(TryRecvError::Empty),
        }
    }

    #[track_caller]
    fn close(&self) -> Result<(), CloseError> {
        match &self.0 {
            Some(core) => core.close(std::panic::Location::caller()),
            None => Err(CloseError::Nil),
        }
    }

    fn len(&self) -> usize {
        self.0.as_ref().map_or(0, Core::len)
    }

    fn cap(&self) -> usize {
        self.0.as_ref().map_or(0, Core::cap)
    }

    fn is_closed(&self) -> bool {
        self.0.as_ref().is_some_and(Core::is_closed)
    }
}

impl<T: Send + 'static> Chan<T> {
    /// Go's nil channel: every send and receive blocks forever, `select` never picks it.
    pub fn nil() -> Self {
        Chan { h: Handle(None) }
    }

    /// Name the channel for reports (`results` instead of `chan#3`).
    pub fn named(self, name: &str) -> Self {
        if let Some(core) = &self.h.0 {
            core.rename(Arc::from(name));
        }
        self
    }

    /// The channel's name in reports: given, `chan#N`, or `nil`.
    pub fn name(&self) -> String {
        self.h.name()
    }

    /// `ch <- v`: blocks until received (unbuffered) or buffered. On a closed channel the value
    /// comes back in the error.
    #[track_caller]
    pub fn send(&self, value: T) -> Result<(), SendError<T>> {
        self.h.send(value, Op::Send)
    }

    /// `v, ok := <-ch`: blocks for a value; `None` once the channel is closed and drained.
    #[track_caller]
    pub fn recv(&self) -> Option<T> {
        self.h.recv(Op::Recv)
    }

    /// A send that never blocks: `Full` or `Closed` hand the value back.
    #[track_caller]
    pub fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        self.h.try_send(value)
    }

    /// A receive that never blocks.
    #[track_caller]
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        self.h.try_recv()
    }

    /// `close(ch)`: wakes every receiver; buffered values are still received. Closing twice, or
    /// closing nil, is an error.
    #[track_caller]
    pub fn close(&self) -> Result<(), CloseError> {
        self.h.close()
    }

    /// `len(ch)`: values buffered now.
    pub fn len(&self) -> usize {
        self.h.len()
    }

    /// True when nothing is buffered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `cap(ch)`.
    pub fn cap(&self) -> usize {
        self.h.cap()
    }

    /// True once closed.
    pub fn is_closed(&self) -> bool {
        self.h.is_closed()
    }

    /// The send-only view, Go's `chan<- T`.
    pub fn sender(&self) -> Sender<T> {
        Sender { h: self.h.clone() }
    }

    /// The receive-only view, Go's `<-chan T`.
    pub fn receiver(&self) -> Receiver<T> {
        Receiver { h: self.h.clone() }
    }
}

impl<T: Send + 'static> Sender<T> {
    /// Go's nil channel, send side.
    pub fn nil() -> Self {
        Sender { h: Handle(None) }
    }

    /// The channel's name in reports.
    pub fn name(&self) -> String {
        self.h.name()
    }

    /// `ch <- v`; see [`Chan::send`].
    #[track_caller]
    pub fn send(&self, value: T) -> Result<(), SendError<T>> {
        self.h.send(value, Op::Send)
    }

    /// See [`Chan::try_send`].
    #[track_caller]
    pub fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        self.h.try_send(value)
    }

    /// `close(ch)`: Go lets the sending side close.
    #[track_caller]
    pub fn close(&self) -> Result<(), CloseError> {
        self.h.close()
    }

    /// `len(ch)`.
    pub fn len(&self) -> usize {
        self.h.len()
    }

    /// True when nothing is buffered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `cap(ch)`.
    pub fn cap(&self) -> usize {
        self.h.cap()
    }
}

impl<T: Send + 'static> Receiver<T> {
    /// Go's nil channel, receive side.
    pub fn nil() -> Self {
        Receiver { h: Handle(None) }
    }

    /// The channel's name in reports.
    pub fn name(&self) -> String {
        self.h.name()
    }

    /// `v, ok := <-ch`; see [`Chan::recv`].
    #[track_caller]
    pub fn recv(&self) -> Option<T> {
        self.h.recv(Op::Recv)
    }

    /// See [`Chan::try_recv`].
    #[track_caller]
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        self.h.try_recv()
    }

    /// `for v := range ch`: receives until the channel is closed and drained. Reports name the
    /// line that called `iter`, wherever the iterator is driven from (`collect`, `extend`, …).
    #[track_caller]
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            rx: self,
            site: std::panic::Location::caller(),
        }
    }

    /// `len(ch)`.
    pub fn len(&self) -> usize {
        self.h.len()
    }

    /// True when nothing is buffered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `cap(ch)`.
    pub fn cap(&self) -> usize {
        self.h.cap()
    }

    /// True once closed.
    pub fn is_closed(&self) -> bool {
        self.h.is_closed()
    }
}

/// Go's `range` over a channel: see [`Receiver::iter`].
pub struct Iter<'a, T> {
    rx: &'a Receiver<T>,
    /// The `range` statement: where `iter` (or `for v in &rx`) was written.
    site: Site,
}

impl<T: Send + 'static> Iterator for Iter<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.rx.h.recv_at(Op::Recv, self.site)
    }
}

impl<'a, T: Send + 'static> IntoIterator for &'a Receiver<T> {
    type Item = T;
    type IntoIter = Iter<'a, T>;

    #[track_caller]
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T> From<Chan<T>> for Sender<T> {
    fn from(ch: Chan<T>) -> Self {
        Sender { h: ch.h }
    }
}

impl<T> From<Chan<T>> for Receiver<T> {
    fn from(ch: Chan<T>) -> Self {
        Receiver { h: ch.h }
    }
}

/// Anything a `select!` recv arm accepts: a channel or its receive view.
pub trait AsReceiver<T> {
    #[doc(hidden)]
    fn handle(&self) -> &Handle<T>;
}

/// Anything a `select!` send arm accepts: a channel or its send view.
pub trait AsSender<T> {
    #[doc(hidden)]
    fn handle(&self) -> &Handle<T>;
}

impl<T> AsReceiver<T> for Chan<T> {
    fn handle(&self) -> &Handle<T> {
        &self.h
    }
}
impl<T> AsReceiver<T> for Receiver<T> {
    fn handle(&self) -> &Handle<T> {
        &self.h
    }
}
impl<T> AsSender<T> for Chan<T> {
    fn handle(&self) -> &Handle<T> {
        &self.h
    }
}
impl<T> AsSender<T> for Sender<T> {
    fn handle(&self) -> &Handle<T> {
        &self.h
    }
}

/// Lock-like operations built on a channel report as `lock`/`wait`, not as a bare receive.
#[track_caller]
pub(crate) fn recv_as<T: Send + 'static>(ch: &Chan<T>, op: Op) -> Option<T> {
    ch.h.recv(op)
}
