//! cancellation: whatever the capacity, the manager returns, and a completed result is the data.

use chancheck::patterns::cancellation::{Finished, cancellation};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// The manager always returns, with the employee's data or a cancellation.
    #[test]
    fn the_manager_always_returns(result_cap in 0usize..3) {
        match cancellation(result_cap) {
            Finished::Complete(d) => prop_assert_eq!(d, "data"),
            Finished::Cancelled => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// The seed's time.After form: the manager always returns, with the data or a timeout.
    #[test]
    fn the_after_manager_always_returns(result_cap in 0usize..3) {
        match chancheck::patterns::cancellation::cancellation_after(result_cap) {
            Finished::Complete(d) => prop_assert_eq!(d, "data"),
            Finished::Cancelled => {}
        }
    }
}
