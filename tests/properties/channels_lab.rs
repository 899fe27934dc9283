//! channels_lab: over value counts and channel capacities, the printer prints 1..=n in order.

use chancheck::patterns::channels_lab::channels_lab;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Every value, in order, exactly once, whatever the buffer.
    #[test]
    fn prints_one_to_n(n in 0usize..50, cap in 0usize..12) {
        prop_assert_eq!(channels_lab(n, cap, true), (1..=n as u64).collect::<Vec<_>>());
    }
}
