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
    /// Hold the object for the duration of one operation: a scheduling point, unless the
    /// running task has done nothing visible since shuttle last scheduled it (see
    /// [`points::needed`]).
    pub(crate) fn hold(&self) -> ObjectHeld<'_> {
        points::visible_operation();
        ObjectHeld(std::marker::PhantomData)
    }

    /// Hold the object for an operation that shares its thread's previous scheduling step: no
    /// point of its own (a goroutine's exit, published by shuttle's point before the task ends).
    pub(crate) fn hold_in_previous_step(&self) -> Option<ObjectHeld<'_>> {
        points::visible_now();
        None
    }
}

/// An object held by the running operation (nothing to release under shuttle).
pub(crate) struct ObjectHeld<'a>(std::marker::PhantomData<&'a Object>);

/// Which operations need a scheduling point of their own.
///
/// A scheduling point lets shuttle run another task *before* the operation that follows it. A
/// task that shuttle has just scheduled (it started, woke from a block, came back from a switch)
/// and that has done nothing visible since gains nothing from a second point: whatever shuttle
/// could choose there, it could have chosen at the decision that resumed the task, with every
/// task in the same state. So an operation switches only when its task has done something
/// visible since shuttle last decided; a goroutine woken by the operation it waited for runs
/// its next operation without a second decision. Fewer decisions mean fewer steps, each of which
/// costs shuttle a walk over every live task, and every decision left is one that matters.
///
/// "Since shuttle last decided" is read off shuttle's decision counter
/// (`shuttle::current::context_switches`), compared with its value after the last visible
/// operation. One record serves every task: between two decisions only the running task acts,
/// so a record equal to the current count was written by the running task itself. The record
/// is per execution ([`execution_starts`]), so a replayed schedule makes the same decisions.
pub(crate) mod points {
    use std::cell::Cell;

    thread_local! {
        /// shuttle's decision count as of the last visible operation of the execution running
        /// on this OS thread (all of its tasks share it); `None` before the first.
        static LAST_VISIBLE: Cell<Option<usize>> = const { Cell::new(None) };
    }

    /// Whether the running task's next operation needs a scheduling point: it did something
    /// visible since shuttle last decided. A task's first operation follows the decision that
    /// started it.
    pub(crate) fn needed() -> bool {
        LAST_VISIBLE.get() == Some(shuttle::current::context_switches())
    }

    /// The running task does something visible now: a scheduling point first if needed.
    pub(crate) fn visible_operation() {
        if needed() {
            shuttle_engine::runtime::thread::switch();
        }
        visible_now();
    }

    /// Record that the running task just did something visible (without a point of ours:
    /// shuttle's `spawn` decides before it creates the task).
    pub(crate) fn visible_now() {
        LAST_VISIBLE.set(Some(shuttle::current::context_switches()));
    }

    /// A new execution: nothing has happened yet.
    pub(crate) fn execution_starts() {
        LAST_VISIBLE.set(None);
    }
}

pub(crate) use points::execution_starts;

pub(crate) mod thread {
    pub(crate) use shuttle::thread::yield_now;
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

    /// shuttle's spawn, which decides before it creates the task: creating it is the
    /// spawner's visible operation.
    pub(crate) fn spawn<F, T>(f: F) -> shuttle::thread::JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let handle = shuttle::thread::spawn(f);
        super::points::visible_now();
        handle
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
