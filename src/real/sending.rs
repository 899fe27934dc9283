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

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    /// A channel address for the slots: any live, non-zero address will do.
    fn chan_id(chan: &u8) -> usize {
        std::ptr::from_ref(chan) as usize
    }

    #[test]
    fn close_waits_for_a_send_announced_before_it() {
        let chan = Box::new(0u8);
        let id = chan_id(&chan);
        let closing = Arc::new(AtomicBool::new(false));
        let finished = Arc::new(AtomicBool::new(false));
        let (started_tx, started) = mpsc::channel();
        let sender = std::thread::spawn({
            let (closing, finished) = (closing.clone(), finished.clone());
            move || {
                let sent = announced(id, &closing, |closing_seen| {
                    assert!(!closing_seen, "announced before the close began");
                    started_tx.send(()).unwrap();
                    // A send is nanoseconds long; this one is long enough to be caught.
                    std::thread::sleep(Duration::from_millis(50));
                    finished.store(true, Ordering::SeqCst);
                });
                assert!(sent.is_ok(), "a live thread has its slot");
            }
        });
        started.recv().unwrap();
        // Another thread's first send registers its slot (and sweeps the list) meanwhile.
        std::thread::spawn(|| {
            let other = 1u8;
            let open = AtomicBool::new(false);
            assert_eq!(announced(chan_id(&other), &open, |c| c).ok(), Some(false));
        })
        .join()
        .unwrap();
        closing.store(true, Ordering::SeqCst);
        wait_for_senders(id);
        assert!(
            finished.load(Ordering::SeqCst),
            "close went on while a send announced before it was still under way"
        );
        sender.join().unwrap();
    }

    #[test]
    fn a_send_that_sees_closing_backs_out_and_close_does_not_wait_for_it() {
        let chan = 0u8;
        let closing = AtomicBool::new(true);
        assert_eq!(announced(chan_id(&chan), &closing, |c| c).ok(), Some(true));
        // The slot is clear again: close returns at once.
        wait_for_senders(chan_id(&chan));
    }

    #[test]
    fn the_slots_of_finished_threads_are_swept() {
        const THREADS: usize = 100;
        let open = AtomicBool::new(false);
        let send_once = |open: &AtomicBool| {
            let chan = 0u8;
            announced(chan_id(&chan), open, |_| ()).ok().unwrap();
        };
        std::thread::scope(|s| {
            for _ in 0..THREADS {
                s.spawn(|| send_once(&open)).join().unwrap();
            }
        });
        // A new thread's registration sweeps the dead slots.
        std::thread::scope(|s| s.spawn(|| send_once(&open)).join().unwrap());
        let registered = SLOTS.lock().len();
        assert!(
            registered < THREADS,
            "{registered} slots kept after {THREADS} threads finished"
        );
    }
}
