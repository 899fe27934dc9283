//! ordering: for any number of goroutines up to the lab's ten, every word is printed exactly
//! once after wg.Wait, in whatever order.

use chancheck::patterns::ordering::{AddAt, is_permutation, ordering};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// After wg.Wait: a permutation of the first n words.
    #[test]
    fn every_word_once(n in 0usize..=10) {
        let printed = ordering(n, AddAt::BeforeGo);
        prop_assert!(is_permutation(&printed, n), "{:?}", printed);
    }
}
