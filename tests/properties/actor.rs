//! actor: over client counts and increments, the count equals the increments and no two
//! requests see the same count; a stop request queued behind any number of increments replies
//! with all of them.

use chancheck::patterns::actor::{AddBy, actor, assert_consistent, queue_then_stop};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Concurrent clients: a consistent tally.
    #[test]
    fn count_equals_increments(workers in 1usize..6, items in 0usize..40) {
        let tally = actor(workers, items, AddBy::Direct);
        prop_assert_eq!(tally.replies.len(), workers);
        assert_consistent(&tally, workers, items);
    }

    /// A queue of increments then stop: replies 1..=n in order, stop replies n.
    #[test]
    fn stop_drains(items in 0usize..40) {
        let (replies, stopped_at) = queue_then_stop(items, true);
        prop_assert_eq!(replies, (1..=items as i64).collect::<Vec<_>>());
        prop_assert_eq!(stopped_at, Some(items as i64));
    }
}
