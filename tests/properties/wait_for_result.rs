//! wait_for_result: on every run the parent receives the child's result.

use chancheck::patterns::wait_for_result::wait_for_result;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// The result arrives, run after run (the child's work time is random).
    #[test]
    fn the_parent_gets_the_result(_run in 0u8..16) {
        prop_assert_eq!(wait_for_result(true), "data");
    }
}
