//! `select!` over crossbeam: a non-blocking pass in random order, then one crossbeam `Select`
//! over every arm, its close signal and the monitor's abort channel.
//!
//! Known gap, kept small on purpose: a send arm on a *buffered* channel that crossbeam selects
//! while another thread closes that channel completes the send (crossbeam cannot take a selected
//! send back), where Go would panic. Plain `send` has no such gap; unbuffered arms neither.

use std::any::Any;
use std::cell::RefCell;

use crossbeam_channel as cb;

use super::chan::Core;
use super::monitor;
use crate::chan::{Handle, SendError, TryRecvError, TrySendError};
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
    /// Register this arm's crossbeam operations.
    fn register<'s>(&'s self, sel: &mut cb::Select<'s>, out: &mut Vec<Slot>);
    /// Finish the operation crossbeam selected.
    fn complete<'s>(&'s self, oper: cb::SelectedOperation<'s>, slot: Slot) -> Box<dyn Any>;
    fn text(&self) -> String;
    fn timed(&self) -> bool;
}

struct RecvArm<'a, T> {
    core: Option<&'a Core<T>>,
}

struct SendArm<'a, T> {
    core: Option<&'a Core<T>>,
    value: RefCell<Option<T>>,
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

    fn register<'s>(&'s self, sel: &mut cb::Select<'s>, out: &mut Vec<Slot>) {
        match self.core {
            Some(Core::Chan(s)) => {
                sel.recv(&s.rx);
                sel.recv(&s.closed_rx);
                out.extend([Slot::Data, Slot::Closed]);
            }
            Some(Core::Timer(t)) => {
                sel.recv(&t.rx);
                out.push(Slot::Data);
            }
            None => {}
        }
    }

    fn complete<'s>(&'s self, oper: cb::SelectedOperation<'s>, slot: Slot) -> Box<dyn Any> {
        let received: Option<T> = match (self.core, slot) {
            (Some(Core::Chan(s)), Slot::Data) => oper.recv(&s.rx).ok(),
            (Some(Core::Chan(s)), Slot::Closed) => {
                let _ = oper.recv(&s.closed_rx);
                s.rx.try_recv().ok()
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
        match s.try_send_gated(value) {
            Ok(()) => Some(Box::new(Ok::<(), SendError<T>>(()))),
            Err(TrySendError::Closed(v)) => Some(Box::new(Err::<(), _>(SendError(v)))),
            Err(TrySendError::Full(v)) => {
                *self.value.borrow_mut() = Some(v);
                None
            }
        }
    }

    fn register<'s>(&'s self, sel: &mut cb::Select<'s>, out: &mut Vec<Slot>) {
        if let Some(Core::Chan(s)) = self.core {
            sel.send(&s.tx);
            sel.recv(&s.closed_rx);
            out.extend([Slot::Data, Slot::Closed]);
        }
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
                oper.send(&s.tx, value).expect("both ends are held");
                Ok(())
            }
            Slot::Closed => {
                let _ = oper.recv(&s.closed_rx);
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
        }));
        self.arms.len() - 1
    }

    /// Run the select: returns which arm fired, or none for the default arm.
    pub fn wait(self) -> Fired {
        let n = self.arms.len();
        let start = if n > 1 { crate::facade::choose(n) } else { 0 };
        for k in 0..n {
            let i = (start + k) % n;
            if let Some(result) = self.arms[i].try_now() {
                return Fired {
                    arm: Some(i),
                    result: Some(result),
                };
            }
        }
        if self.has_default {
            return Fired {
                arm: None,
                result: None,
            };
        }
        let describe = BlockedOn {
            op: Op::Select,
            arms: self.arms.iter().map(|a| a.text()).collect(),
            site: self.site,
        };
        let timed = self.arms.iter().any(|a| a.timed());
        let arms = &self.arms;
        monitor::blocking(
            || describe,
            timed,
            |abort| {
                let mut owners: Vec<(usize, Slot)> = Vec::new();
                let mut sel = cb::Select::new();
                for (i, arm) in arms.iter().enumerate() {
                    let mut slots = Vec::new();
                    arm.register(&mut sel, &mut slots);
                    owners.extend(slots.into_iter().map(|s| (i, s)));
                }
                let aborted = sel.recv(abort);
                let selected = sel.select();
                if selected.index() == aborted {
                    let _ = selected.recv(abort);
                    return None;
                }
                let (index, slot) = owners[selected.index()];
                let result = arms[index].complete(selected, slot);
                Some(Fired {
                    arm: Some(index),
                    result: Some(result),
                })
            },
        )
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
