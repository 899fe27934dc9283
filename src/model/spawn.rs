//! Goroutines and timers in the model runtime: tracked, named, joinable; timers on the
//! execution's one virtual clock.

use std::time::{Duration, Instant};

use super::chan::{Core, unbox};
use super::runtime::{Runtime, run_checked};
use crate::facade::plain::Arc;
use crate::facade::thread;
use crate::monitor::{Name, Role, Site};

/// A goroutine's handle: joining is a monitored blocking operation.
pub(crate) struct Handle<T> {
    rt: Arc<Runtime>,
    /// `None` when the execution had already ended and nothing was started.
    idx: Option<usize>,
    _result: std::marker::PhantomData<fn() -> T>,
}

#[track_caller]
pub(crate) fn go<T, F>(name: Option<&str>, f: F) -> Handle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let rt = Runtime::current();
    let idx = rt.register_thread(name, Role::Goroutine);
    if let Some(idx) = idx {
        let child = rt.clone();
        drop(thread::spawn(move || {
            child.bind(idx);
            let value = run_checked(&child, Some(idx), f);
            child.finish(idx, Some(Box::new(value)));
        }));
    }
    Handle {
        rt,
        idx,
        _result: std::marker::PhantomData,
    }
}

impl<T: Send + 'static> Handle<T> {
    pub(crate) fn join(self, site: Site) -> std::thread::Result<T> {
        self.idx
            .and_then(|idx| self.rt.join(idx, site))
            .map(unbox)
            .ok_or_else(|| Box::new(TORN_DOWN) as Box<dyn std::any::Any + Send>)
    }
}

const TORN_DOWN: &str = "chancheck: the execution ended before this goroutine finished";

/// `time.After`: a channel of capacity 1 that the clock fills once, at a point the checker
/// chooses after every earlier deadline: early and late timeouts are both explored.
#[track_caller]
pub(crate) fn after(d: Duration, label: Name) -> Core<Instant> {
    let rt = Runtime::current();
    let id = rt.after(d, label);
    Core::from_id(rt, id, 1)
}

/// `time.Tick`: a capacity-1 channel the clock fills every period until the body returns.
#[track_caller]
pub(crate) fn tick(d: Duration, label: Name) -> Core<Instant> {
    let rt = Runtime::current();
    let id = rt.tick(d, label);
    Core::from_id(rt, id, 1)
}

/// Stops a pending `after_func` timer.
pub(crate) struct TimerStop {
    rt: Arc<Runtime>,
    id: u64,
}

impl TimerStop {
    pub(crate) fn stop(self) {
        self.rt.stop_timer(self.id);
    }
}

/// `time.AfterFunc`: run `f` on the clock `d` from now, unless stopped first. `f` must not
/// block (the runtime's own use closes channels).
#[track_caller]
pub(crate) fn after_func(d: Duration, label: &str, f: impl FnOnce() + Send + 'static) -> TimerStop {
    let rt = Runtime::current();
    let id = rt.after_func(d, Arc::from(label), Box::new(f));
    TimerStop { rt, id }
}

/// `time.Sleep`: time does not pass in a model; the sleeper yields, and the trace says so.
pub(crate) fn sleep(d: Duration, _site: Site) {
    Runtime::current().sleep(d);
}
