//! signal: whatever the number of changes, the waiter reads the final state, its wake-ups are
//! coalesced, and unread notifies leave exactly one pending signal.

use chancheck::patterns::signal::{notify_unread, signal};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// No lost wake-up: the waiter ends on the final state, woken at most once per notify.
    #[test]
    fn the_waiter_reads_the_final_state(changes in 1usize..12) {
        let woken = signal(changes, 1);
        prop_assert_eq!(woken.last_seen, changes);
        prop_assert!(woken.wakeups >= 1 && woken.wakeups <= woken.signalled);
        prop_assert!(woken.signalled <= changes);
    }

    /// Notify never blocks, and any number of unread notifies coalesce into one signal; with a
    /// larger buffer they fill it and no more.
    #[test]
    fn unread_notifies_coalesce(notifies in 1usize..50, cap in 1usize..4) {
        prop_assert_eq!(notify_unread(notifies, cap, false), notifies.min(cap));
    }
}
