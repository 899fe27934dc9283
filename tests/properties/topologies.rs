//! topologies: for any numbers of producers and consumers, any capacity and any number of items,
//! the last-producer-closes channel delivers exactly once in per-producer order, and ends.

use chancheck::patterns::topologies::{Closing, exactly_once_fifo, topology};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Exactly once, per-producer FIFO at every consumer, whatever the shape.
    #[test]
    fn exactly_once_per_producer_fifo(
        producers in 1usize..5,
        consumers in 1usize..5,
        items in 0usize..16,
        cap in 0usize..4,
    ) {
        let got = topology(producers, consumers, items, cap, Closing::LastProducer);
        prop_assert_eq!(got.len(), consumers);
        prop_assert!(exactly_once_fifo(&got, producers, items), "{:?}", got);
    }
}
