//! confinement: over data, sizes and goroutine counts, confined data stays consistent: the
//! consumer gets exactly what the owner wrote, each `printData` prints exactly its slice.

use chancheck::patterns::confinement::{
    AdHoc, Buffer, Owners, ad_hoc, assert_each_slice_printed, expected_results, lexical_results,
    print_data,
};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Ad hoc: the consumer receives `data`, once each, in order.
    #[test]
    fn ad_hoc_receives_the_data(data in prop::collection::vec(any::<i64>(), 0..40)) {
        prop_assert_eq!(ad_hoc(data.clone(), AdHoc::Kept), data);
    }

    /// Lexical channel: every owner's `0..count` arrives in order, then the close.
    #[test]
    fn owners_results_in_order(owners in 1usize..5, count in 0usize..30) {
        prop_assert_eq!(
            lexical_results(owners, count, Owners::Lexical),
            expected_results(owners, count)
        );
    }

    /// Lexical buffers: each goroutine prints exactly its slice, whatever the data.
    #[test]
    fn each_goroutine_prints_its_slice(
        data in "[a-z]{0,40}",
        goroutines in 1usize..8,
    ) {
        let lines = print_data(data.as_bytes(), goroutines, Buffer::Confined);
        assert_each_slice_printed(data.as_bytes(), goroutines, &lines);
    }
}
