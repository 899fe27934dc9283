//! error_handling: over URL lists and error budgets, every outcome reaches the consumer paired
//! with its URL, and a consumer that stops early prints exactly what the book's would.

use chancheck::patterns::error_handling::{
    Errors, assert_paired, check_all, check_until_errors, expected_lines,
};
use proptest::prelude::*;

fn url() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z]{1,6}", "https://[a-z]{1,6}\\.example"]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Every URL's error or response arrives, in order, paired with it.
    #[test]
    fn every_outcome_is_paired(urls in prop::collection::vec(url(), 0..25)) {
        let results = check_all(&urls, Errors::WithResults);
        assert_paired(&urls, &results);
    }

    /// The consumer with an error budget prints the results up to the last error it accepts.
    #[test]
    fn budget_stops_at_the_nth_error(urls in prop::collection::vec(url(), 0..25), budget in 1usize..6) {
        prop_assert_eq!(
            check_until_errors(&urls, budget, Errors::WithResults),
            expected_lines(&urls, budget)
        );
    }
}
