//! shuttle primitives behind the facade's reduced API (`--features shuttle`).

/// Which scheduler runs the code.
pub(crate) const BACKEND: crate::check::Backend = crate::check::Backend::Shuttle;

/// A checker object. shuttle runs one task at a time and has no partial-order reduction, so an
/// operation needs no lock for its atomicity: holding an object is one scheduling point and
/// nothing else. (A shuttle `Mutex` costs two: one to acquire, one to release.)
#[derive(Debug, Default)]
pub(crate) struct Object;

impl Object {
    pub(crate) fn new() -> Self {
        Self
    }
    /// Hold the object for the duration of one operation: a scheduling point.
    pub(crate) fn hold(&self) -> ObjectHeld<'_> {
        shuttle_engine::runtime::thread::switch();
        ObjectHeld(std::marker::PhantomData)
    }
}

/// An object held by the running operation (nothing to release under shuttle).
pub(crate) struct ObjectHeld<'a>(std::marker::PhantomData<&'a Object>);

pub(crate) mod thread {
    pub(crate) use shuttle::thread::{spawn, yield_now};
    pub(crate) use shuttle_engine::runtime::task::TaskId as ThreadKey;

    /// Parks its thread until another unparks it, on shuttle's own task blocking. Not
    /// shuttle's `park`: shuttle may wake a parked task spuriously at any step, so with thousands
    /// of parked goroutines most steps would be spurious wake-ups; and not a condition variable,
    /// whose lock adds scheduling points. Unparking is no scheduling point: the operation that
    /// unparks already had one.
    pub(crate) struct Parker {
        task: shuttle_engine::runtime::task::TaskId,
        /// (token available, task blocked in `park`)
        state: std::sync::Mutex<(bool, bool)>,
    }

    impl Parker {
        /// A parker for the running thread.
        pub(crate) fn for_current() -> Self {
            Self {
                task: shuttle_engine::runtime::execution::ExecutionState::me(),
                state: std::sync::Mutex::new((false, false)),
            }
        }

        fn state(&self) -> std::sync::MutexGuard<'_, (bool, bool)> {
            self.state
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        }

        /// Park the running thread (which must be this parker's) until the token is available.
        pub(crate) fn park(&self) {
            use shuttle_engine::runtime::execution::ExecutionState;
            loop {
                {
                    let mut st = self.state();
                    if st.0 {
                        st.0 = false;
                        return;
                    }
                    st.1 = true;
                }
                ExecutionState::with(|s| s.current_mut().block(false));
                shuttle_engine::runtime::thread::switch();
            }
        }

        pub(crate) fn unpark(&self) {
            use shuttle_engine::runtime::execution::ExecutionState;
            let mut st = self.state();
            st.0 = true;
            if std::mem::take(&mut st.1) {
                drop(st);
                ExecutionState::with(|s| s.get_mut(self.task).unblock());
            }
        }
    }

    /// The running task's id: cheaper than building shuttle's `Thread` handle.
    pub(crate) fn current_key() -> ThreadKey {
        shuttle_engine::runtime::execution::ExecutionState::me()
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
pub(crate) fn current_schedule() -> Option<String> {
    let mut schedule = shuttle_engine::runtime::execution::CurrentSchedule::get_schedule();
    // shuttle records a decision when it switches to the chosen task; the decision that let the
    // current task run on to this point is not recorded yet.
    schedule.push_task(shuttle::current::me());
    Some(shuttle_engine::scheduler::serialization::serialize_schedule(&schedule))
}

/// Randomness a body asks for (work durations): irrelevant under a model, where sleeps yield.
pub(crate) fn random_u64() -> u64 {
    0
}
