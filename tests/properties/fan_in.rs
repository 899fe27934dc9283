//! fan_in: for any number of inputs and lines, both fixed merges deliver every line exactly once,
//! each input's in order, and end when the inputs are closed.

use chancheck::patterns::fan_in::{Merge, exactly_once_in_order, main_reads};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Goroutine per input: exactly once, per-input order.
    #[test]
    fn goroutine_per_input(n in 0usize..6, items in 0usize..16) {
        let got = main_reads(Merge::Goroutines, n, items);
        prop_assert!(exactly_once_in_order(&got, n, items), "{:?}", got);
    }

    /// Select over two: exactly once, per-input order.
    #[test]
    fn select_over_two(items in 0usize..16) {
        let got = main_reads(Merge::Select, 2, items);
        prop_assert!(exactly_once_in_order(&got, 2, items), "{:?}", got);
    }
}
