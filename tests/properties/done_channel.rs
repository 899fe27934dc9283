//! done_channel: over child counts and how much the parent sends or reads, closing `done`
//! stops every child, every string is printed once and every stream's ints arrive in order.

use chancheck::patterns::done_channel::{
    Child, assert_readers_stopped, rand_ints, readers, strings, writers,
};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Readers print every string once and stop after the canceller.
    #[test]
    fn readers_stop_on_done(children in 1usize..6, count in 0usize..25) {
        let sent = strings(count);
        let lines = readers(children, &sent, Child::WatchesDone);
        assert_readers_stopped(&lines, children, &sent);
    }

    /// Writers deliver each stream's ints in order, then stop.
    #[test]
    fn writers_stop_on_done(children in 1usize..6, count in 0usize..25) {
        let ints = writers(children, count, Child::WatchesDone);
        let expected: Vec<Vec<u64>> = (1..=children).map(|id| rand_ints(id, count)).collect();
        prop_assert_eq!(ints, expected);
    }
}
