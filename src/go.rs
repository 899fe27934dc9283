//! `go f()`: spawn a tracked thread that the monitor names in its reports.

#[cfg(any(loom, feature = "shuttle"))]
use crate::model::spawn as backend;
#[cfg(not(any(loom, feature = "shuttle")))]
use crate::real::spawn as backend;

/// A handle to a thread started with [`go`]; joining it is a monitored blocking operation.
pub struct JoinHandle<T> {
    inner: backend::Handle<T>,
}

impl<T: Send + 'static> JoinHandle<T> {
    /// Wait for the thread and take its result; `Err` carries its panic, as with std.
    #[track_caller]
    pub fn join(self) -> std::thread::Result<T> {
        self.inner.join(std::panic::Location::caller())
    }
}

impl<T> std::fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JoinHandle(..)")
    }
}

/// `go f()`: run `f` on a new tracked thread, named `goroutine-N` in reports.
#[track_caller]
pub fn go<T, F>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    JoinHandle {
        inner: backend::go(None, f),
    }
}

/// `go f()` with a name for reports, e.g. `go_named("employee", …)`.
#[track_caller]
pub fn go_named<T, F>(name: &str, f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    JoinHandle {
        inner: backend::go(Some(name), f),
    }
}
