//! background_result: over inputs and how many results the caller wants, each wanted result
//! arrives exactly once and is its input's sum; abandoned goroutines never block the caller.

use chancheck::patterns::background_result::{ResultChan, background_results};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The first `wanted` results are received once each, equal to their sums; the rest are
    /// abandoned and the caller still returns.
    #[test]
    fn wanted_results_arrive_once(
        inputs in prop::collection::vec(prop::collection::vec(-1000i64..1000, 0..30), 0..8),
        wanted in 0usize..10,
    ) {
        let seen = background_results(&inputs, wanted, ResultChan::Buffered);
        let expected: Vec<Vec<i64>> = inputs
            .iter()
            .take(wanted)
            .map(|data| vec![data.iter().sum()])
            .collect();
        prop_assert_eq!(seen, expected);
    }
}
