//! shuttle primitives behind the facade's reduced API (`--features shuttle`).

/// Which scheduler runs the code.
pub(crate) const BACKEND: crate::check::Backend = crate::check::Backend::Shuttle;

/// shuttle's mutex without the poisoning `Result`.
#[derive(Debug)]
pub(crate) struct Mutex<T>(shuttle::sync::Mutex<T>);
pub(crate) type MutexGuard<'a, T> = shuttle::sync::MutexGuard<'a, T>;

impl<T> Mutex<T> {
    pub(crate) fn new(value: T) -> Self {
        Self(shuttle::sync::Mutex::new(value))
    }
    pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

pub(crate) mod thread {
    pub(crate) use shuttle::thread::{
        Thread as ThreadHandle, ThreadId as ThreadKey, park, spawn, yield_now,
    };

    /// The running thread's handle, to unpark it later.
    pub(crate) fn current_handle() -> ThreadHandle {
        shuttle::thread::current()
    }

    pub(crate) fn current_key() -> ThreadKey {
        shuttle::thread::current().id()
    }
}

/// A choice among `n` alternatives drawn from shuttle's controlled, replayable randomness.
pub(crate) fn choose(n: usize) -> usize {
    use shuttle::rand::Rng;
    if n <= 1 {
        0
    } else {
        shuttle::rand::thread_rng().gen_range(0..n)
    }
}

/// The schedule shuttle has taken so far in this execution, encoded for `shuttle::replay`.
pub(crate) fn current_schedule() -> String {
    let mut schedule = shuttle_engine::runtime::execution::CurrentSchedule::get_schedule();
    // shuttle records a decision when it switches to the chosen task; the decision that let the
    // current task run on to this point is not recorded yet.
    schedule.push_task(shuttle::current::me());
    shuttle_engine::scheduler::serialization::serialize_schedule(&schedule)
}

/// Randomness a body asks for (work durations): irrelevant under a model, where sleeps yield.
pub(crate) fn random_u64() -> u64 {
    0
}
