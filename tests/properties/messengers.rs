//! messengers: whatever the numbers of workers and messages, workers never block, a draining
//! receiver reads every message exactly once, and a receiver that stops early reads no message
//! twice and leaves no messenger behind.

use chancheck::patterns::messengers::{Wiring, all_messages, messengers};
use proptest::prelude::*;

const FIXED: Wiring = Wiring {
    messengers: true,
    done: true,
};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Exactly once, and the pool never makes more messengers than messages.
    #[test]
    fn a_draining_receiver_reads_everything_once(workers in 1usize..5, items in 0usize..8) {
        let total = workers * items;
        let run = messengers(workers, items, total, FIXED);
        let mut got = run.received.clone();
        got.sort_unstable();
        prop_assert_eq!(got, all_messages(workers, items));
        prop_assert!(run.messengers_made <= total);
    }

    /// A receiver that stops after `want` messages reads `want` distinct ones.
    #[test]
    fn an_early_stop_reads_distinct_messages(workers in 1usize..4, items in 1usize..8, frac in 0usize..=4) {
        let total = workers * items;
        let want = total * frac / 4;
        let run = messengers(workers, items, want, FIXED);
        let mut got = run.received.clone();
        got.sort_unstable();
        got.dedup();
        prop_assert_eq!(got.len(), want);
    }
}
