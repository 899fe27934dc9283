//! nonblocking: a select with default never blocks, and retried skipped sends lose nothing.

use chancheck::patterns::nonblocking::{deliver, exactly_once_in_order, nonblocking};
use proptest::prelude::*;

#[test]
fn try_receive_and_try_send_take_default_with_nobody_there() {
    assert_eq!(
        nonblocking(true),
        ["no message received", "no message sent"]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Every value arrives exactly once, each producer's in order, however many producers.
    #[test]
    fn retried_sends_deliver_everything(producers in 1usize..5, items in 0usize..12) {
        let delivered = deliver(producers, items, true);
        prop_assert!(exactly_once_in_order(&delivered.received, producers, items), "{:?}", delivered);
    }

    /// Dropping skipped values never duplicates or reorders: what arrives is a subsequence.
    #[test]
    fn dropped_sends_never_duplicate(producers in 1usize..4, items in 0usize..12) {
        let delivered = deliver(producers, items, false);
        for p in 1..=producers {
            let mine: Vec<usize> = delivered.received.iter().filter(|(q, _)| *q == p).map(|(_, i)| *i).collect();
            prop_assert!(mine.windows(2).all(|w| w[0] < w[1]), "{:?}", mine);
        }
    }
}
