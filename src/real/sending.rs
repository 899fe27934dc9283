//! Sends in flight, announced per thread: how `close` waits for the sends that started before it
//! without a lock on the send path.
//!
//! A non-blocking send stores the channel's address in its thread's slot, checks the channel's
//! `closing` flag, sends, and clears the slot. `close` sets `closing`, then waits until no slot
//! holds the channel. Both sides use sequentially consistent operations (Dekker's pattern), so
//! either the send sees `closing` and backs out, or `close` sees the slot and waits for the send
//! to finish. The send pays one locked instruction, where a read lock pays two; the second one,
//! the unlock, came right after crossbeam's write to the slot the consumer reads and waited for
//! it to leave the store buffer, every message.

use crossbeam_utils::{Backoff, CachePadded};

use crate::facade::plain::{Arc, AtomicBool, AtomicUsize, Ordering, PlainMutex, Weak};

/// A thread's announcement: the address of the channel it is sending on, or 0.
type Slot = CachePadded<AtomicUsize>;

/// Every live thread's slot. A slot is registered on its thread's first send and dropped with
/// the thread; dead entries are swept on registration.
static SLOTS: PlainMutex<Vec<Weak<Slot>>> = PlainMutex::new(Vec::new());

thread_local! {
    static MINE: Arc<Slot> = register();
}

fn register() -> Arc<Slot> {
    let slot = Arc::new(CachePadded::new(AtomicUsize::new(0)));
    let mut slots = SLOTS.lock();
    slots.retain(|s| s.strong_count() > 0);
    slots.push(Arc::downgrade(&slot));
    slot
}

/// Clears the slot when the send is over, however it ends.
struct Clear<'a>(&'a Slot);

impl Drop for Clear<'_> {
    #[inline]
    fn drop(&mut self) {
        self.0.store(0, Ordering::Release);
    }
}

/// Run `send` announced as a send on channel `chan` (its address): `send` gets whether the
/// channel is closing, read after the announcement (`close` waits for it to finish otherwise).
/// `send` must not send again (a send never nests: crossbeam runs no user code). `Err` gives
/// `send` back when this thread's slot is gone (a send from a thread-local's destructor): the
/// caller must take the gate instead.
#[inline]
pub(crate) fn announced<F: FnOnce(bool) -> R, R>(
    chan: usize,
    closing: &AtomicBool,
    send: F,
) -> Result<R, F> {
    let mut send = Some(send);
    MINE.try_with(|slot| {
        slot.store(chan, Ordering::SeqCst);
        let _clear = Clear(slot);
        let send = send.take().expect("run once");
        send(closing.load(Ordering::SeqCst))
    })
    .map_err(|_| send.take().expect("not run"))
}

/// Called by `close` after it set `closing` (sequentially consistent): returns once no thread
/// is inside an announced send on channel `chan`. A send takes nanoseconds, so this spins, then
/// yields.
pub(crate) fn wait_for_senders(chan: usize) {
    let slots: Vec<Arc<Slot>> = SLOTS.lock().iter().filter_map(Weak::upgrade).collect();
    for slot in slots {
        let backoff = Backoff::new();
        while slot.load(Ordering::SeqCst) == chan {
            if backoff.is_completed() {
                std::thread::yield_now();
            } else {
                backoff.snooze();
            }
        }
    }
}
