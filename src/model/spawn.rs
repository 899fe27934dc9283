//! Goroutines and daemon threads in the model runtime: tracked, named, joinable.

use std::time::{Duration, Instant};

use super::chan::{Core, unbox};
use super::runtime::{Runtime, run_checked};
use crate::facade::plain::{Arc, PlainMutex};
use crate::facade::thread;
use crate::monitor::{Name, Role, Site};

/// A goroutine's handle: joining is a monitored blocking operation.
pub(crate) struct Handle<T> {
    rt: Arc<Runtime>,
    idx: usize,
    _result: std::marker::PhantomData<fn() -> T>,
}

#[track_caller]
pub(crate) fn go<T, F>(name: Option<&str>, f: F) -> Handle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let rt = Runtime::current();
    let (idx, _) = rt.register_thread(name, Role::Goroutine);
    let child = rt.clone();
    drop(thread::spawn(move || {
        child.bind(idx);
        let value = run_checked(&child, Some(idx), f);
        child.finish(idx, Some(Box::new(value)));
    }));
    Handle {
        rt,
        idx,
        _result: std::marker::PhantomData,
    }
}

impl<T: Send + 'static> Handle<T> {
    pub(crate) fn join(self, site: Site) -> std::thread::Result<T> {
        Ok(unbox(self.rt.join(self.idx, site)))
    }
}

/// Start a runtime thread that is never reported as leaked (a timer or a ticker).
#[track_caller]
fn daemon(rt: &Arc<Runtime>, name: &str, f: impl FnOnce() + Send + 'static) {
    let (idx, _) = rt.register_thread(Some(name), Role::Daemon);
    let child = rt.clone();
    drop(thread::spawn(move || {
        child.bind(idx);
        run_checked(&child, Some(idx), f);
        child.finish(idx, None);
    }));
}

/// `time.After`: a channel of capacity 1 that a timer thread fills once. The timer may fire at
/// any point the checker chooses, which is how early and late timeouts are both explored.
#[track_caller]
pub(crate) fn after(label: Name, site: Site) -> Core<Instant> {
    let rt = Runtime::current();
    let ch = Core::new_in(rt.clone(), 1, Some(label.clone()));
    let tx = ch.clone();
    daemon(&rt, &format!("timer {label}"), move || {
        tx.daemon_send(Instant::now(), site);
    });
    ch
}

/// `time.Tick`: a capacity-1 channel a ticker thread keeps filling until the body is done.
#[track_caller]
pub(crate) fn tick(label: Name, site: Site) -> Core<Instant> {
    let rt = Runtime::current();
    let ch = Core::new_in(rt.clone(), 1, Some(label.clone()));
    let tx = ch.clone();
    daemon(&rt, &format!("ticker {label}"), move || {
        while tx.daemon_send(Instant::now(), site) {}
    });
    ch
}

/// Stops a pending `after_func` timer.
pub(crate) struct TimerStop(Arc<PlainMutex<bool>>);

impl TimerStop {
    pub(crate) fn stop(self) {
        *self.0.lock() = true;
    }
}

/// `time.AfterFunc`: run `f` on a timer thread at a point of the checker's choosing, unless
/// stopped first.
#[track_caller]
pub(crate) fn after_func(
    _d: Duration,
    label: &str,
    f: impl FnOnce() + Send + 'static,
) -> TimerStop {
    let rt = Runtime::current();
    let stopped = Arc::new(PlainMutex::new(false));
    let flag = stopped.clone();
    daemon(&rt, &format!("timer {label}"), move || {
        let fire = !*flag.lock();
        if fire {
            f();
        }
    });
    TimerStop(stopped)
}

/// `time.Sleep`: time does not pass in a model; the sleeper yields, and the trace says so.
pub(crate) fn sleep(d: Duration, _site: Site) {
    Runtime::current().log(format!("sleep {d:?}"));
    thread::sleep(d);
}
