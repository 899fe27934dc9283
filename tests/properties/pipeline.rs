//! pipeline: for any inputs, main receives each to the fourth power, in order; an early consumer
//! with `done` gets a prefix and every stage returns.

use chancheck::patterns::pipeline::{expected, pipeline, pipeline_first};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Every input arrives mapped, exactly once, in input order.
    #[test]
    fn outputs_are_the_mapped_inputs_in_order(nums in prop::collection::vec(-200i64..200, 0..30)) {
        prop_assert_eq!(pipeline(&nums), expected(&nums));
    }

    /// A consumer that stops after `take` values with `done` gets exactly the first `take`.
    #[test]
    fn an_early_consumer_gets_a_prefix(
        nums in prop::collection::vec(-200i64..200, 0..30),
        take in 0usize..35,
    ) {
        let want = expected(&nums[..take.min(nums.len())]);
        prop_assert_eq!(pipeline_first(&nums, take, true), want);
    }
}
