//! Goroutines and timers on real threads, registered with the run's monitor.

use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use crossbeam_channel as cb;

use super::monitor::{self, Abandoned, Monitor, Status, Waited};
use crate::facade::thread;
use crate::monitor::{BlockedOn, Name, Op, Role, Site};

/// A goroutine's handle: joining is a monitored blocking operation.
pub(crate) struct Handle<T> {
    thread: thread::JoinHandle<T>,
    finished: cb::Receiver<()>,
    name: Name,
}

#[track_caller]
pub(crate) fn go<T, F>(name: Option<&str>, f: F) -> Handle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    monitor::unwind_if_released();
    let (finished_tx, finished) = cb::bounded::<()>(0);
    let tracked = Monitor::current().map(|(m, parent)| {
        let idx = m.register(name, Role::Goroutine, Some(parent));
        (m, idx)
    });
    let name: Name = match &tracked {
        Some((m, idx)) => m.registry.lock().threads[*idx].name.clone(),
        None => name.unwrap_or("goroutine").into(),
    };
    let thread = thread::spawn(move || {
        let _finished = finished_tx;
        let Some((m, idx)) = tracked else { return f() };
        Monitor::enter(m.clone(), idx);
        let result = panic::catch_unwind(AssertUnwindSafe(f));
        if let Err(payload) = &result
            && !payload.is::<Abandoned>()
        {
            m.record_panic(idx, crate::check::panic_message(&**payload));
        }
        m.log(idx, "returns".to_string());
        m.set_status(idx, Status::Finished);
        Monitor::exit();
        result.unwrap_or_else(|payload| panic::resume_unwind(payload))
    });
    Handle {
        thread,
        finished,
        name,
    }
}

impl<T> Handle<T> {
    pub(crate) fn join(self, site: Site) -> std::thread::Result<T> {
        let name = self.name.clone();
        let finished = &self.finished;
        let joined = monitor::blocking(
            || BlockedOn {
                op: Op::Join,
                arms: vec![format!("join {name}")],
                site,
            },
            false,
            |abort, deadline| {
                let Some(abort) = abort else {
                    let finished = match deadline {
                        None => finished.recv().is_err(),
                        Some(d) => finished.recv_deadline(d) != Err(cb::RecvTimeoutError::Timeout),
                    };
                    return finished.then_some(Waited::Done(true));
                };
                let mut sel = cb::Select::new();
                let done = sel.recv(finished);
                sel.recv(abort);
                let oper = monitor::select_until(&mut sel, deadline)?;
                Some(if oper.index() == done {
                    let _ = oper.recv(finished);
                    Waited::Done(true)
                } else {
                    let _ = oper.recv(abort);
                    Waited::Released(false)
                })
            },
        );
        if !joined {
            // A released thread already unwinding: it must not wait for another thread.
            return Err(Box::new(Abandoned));
        }
        self.thread.join()
    }
}

/// Stops a pending `after_func` timer.
pub(crate) struct TimerStop(cb::Sender<()>);

impl TimerStop {
    pub(crate) fn stop(self) {
        drop(self.0);
    }
}

/// `time.AfterFunc`: run `f` on a timer thread after `d`, unless stopped first.
#[track_caller]
pub(crate) fn after_func(
    d: Duration,
    _label: &str,
    f: impl FnOnce() + Send + 'static,
) -> TimerStop {
    let (stop_tx, stop_rx) = cb::bounded::<()>(0);
    if let Some((m, _)) = Monitor::current() {
        m.note_timer(Instant::now() + d);
    }
    drop(thread::spawn(move || {
        cb::select! {
            recv(cb::after(d)) -> _ => f(),
            recv(stop_rx) -> _ => {}
        }
    }));
    TimerStop(stop_tx)
}

/// `time.Sleep`: a timed wait the monitor never calls stuck; a released thread wakes at once.
#[track_caller]
pub(crate) fn sleep(d: Duration, site: Site) {
    let Some((m, idx)) = Monitor::current() else {
        thread::sleep(d);
        return;
    };
    if m.is_released() {
        monitor::unwind_if_released();
        return;
    }
    m.set_status(
        idx,
        Status::Blocked {
            on: BlockedOn {
                op: Op::Sleep,
                arms: vec![format!("sleep {d:?}")],
                site,
            },
            timed: true,
        },
    );
    let abort = monitor::abort_rx().expect("a tracked thread has one");
    let released = cb::select! {
        recv(abort) -> _ => true,
        default(d) => false,
    };
    m.set_status(idx, Status::Running);
    if released {
        monitor::unwind_if_released();
    }
}
