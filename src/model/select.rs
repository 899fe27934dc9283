//! `select!` over the model runtime: arms become one `Runtime::select` call.
//!
//! Under shuttle, when several arms are ready the choice is drawn from shuttle's controlled
//! randomness, so every choice is explored and replayable. loom has no controlled randomness:
//! under loom a select takes the first ready arm in the order written, and loom explores which
//! arms are ready by interleaving the threads that make them so.

use std::any::Any;

use super::chan::unbox;
use super::runtime::{Arm, Done, Runtime, Selected};
use crate::chan::{Handle, SendError};
use crate::facade::plain::Arc;
use crate::monitor::{Op, Site};
use crate::select::Fired;

/// A select being built by the `select!` macro.
pub struct Select<'a> {
    arms: Vec<Arm>,
    rt: Option<Arc<Runtime>>,
    has_default: bool,
    site: Site,
    _borrows: std::marker::PhantomData<&'a ()>,
}

impl<'a> Select<'a> {
    /// An empty select; `has_default` when the macro saw a `default` arm.
    #[track_caller]
    pub fn new(has_default: bool) -> Self {
        Self {
            arms: Vec::new(),
            rt: None,
            has_default,
            site: std::panic::Location::caller(),
            _borrows: std::marker::PhantomData,
        }
    }

    pub(crate) fn add_recv<T: Send + 'static>(&mut self, h: &'a Handle<T>) -> usize {
        let id = h.0.as_ref().map(|core| {
            self.rt.get_or_insert_with(|| core.rt.clone());
            core.id
        });
        self.arms.push(Arm::Recv(id));
        self.arms.len() - 1
    }

    pub(crate) fn add_send<T: Send + 'static>(&mut self, h: &'a Handle<T>, value: T) -> usize {
        let id = h.0.as_ref().map(|core| {
            self.rt.get_or_insert_with(|| core.rt.clone());
            core.id
        });
        self.arms.push(Arm::Send(id, Box::new(value)));
        self.arms.len() - 1
    }

    /// Run the select: returns which arm fired, or none for the default arm.
    pub fn wait(self) -> Fired {
        let rt = self.rt.unwrap_or_else(Runtime::current);
        match rt.select(self.arms, self.has_default, Op::Select, self.site, None) {
            Selected::Default(_) => Fired {
                arm: None,
                result: None,
            },
            Selected::Arm(i, done) => Fired {
                arm: Some(i),
                result: Some(Box::new(done)),
            },
        }
    }
}

/// Under a model a select is one atomic operation of the runtime (one branch point, every arm
/// seen at once): there is no separate first pass, and every select goes to [`Select::wait`].
pub(crate) struct FirstPass;

impl FirstPass {
    pub(crate) fn new(_arms: usize, _has_default: bool) -> Self {
        Self
    }

    pub(crate) fn recv<T>(
        &mut self,
        _arm: usize,
        _second_round: bool,
        _h: &Handle<T>,
        _slot: &mut Option<Option<T>>,
    ) {
    }

    pub(crate) fn send<T>(
        &mut self,
        _arm: usize,
        _second_round: bool,
        _h: &Handle<T>,
        _value: &mut Option<T>,
        _slot: &mut Option<Result<(), SendError<T>>>,
    ) {
    }

    pub(crate) fn fired(self) -> Option<Fired> {
        None
    }
}

pub(crate) fn recv_result<T: 'static>(raw: Box<dyn Any>) -> Option<T> {
    match *raw
        .downcast::<Done>()
        .expect("model select results are Done")
    {
        Done::Received(v) => v.map(unbox),
        _ => unreachable!("a recv arm ends with a value or closed"),
    }
}

pub(crate) fn send_result<T: 'static>(raw: Box<dyn Any>) -> Result<(), SendError<T>> {
    match *raw
        .downcast::<Done>()
        .expect("model select results are Done")
    {
        Done::Sent => Ok(()),
        Done::SendClosed(v) => Err(SendError(unbox(v))),
        _ => unreachable!("a send arm ends sent or closed"),
    }
}
