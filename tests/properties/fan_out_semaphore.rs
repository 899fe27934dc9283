//! fan_out_semaphore: for any number of children and semaphore size, at most g work at once and
//! every result arrives.

use chancheck::patterns::fan_out_semaphore::{assert_bounded, fan_out_sem};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// The semaphore bounds the children inside and loses no result.
    #[test]
    fn at_most_g_inside(children in 0usize..25, g in 1usize..6) {
        let out = fan_out_sem(children, g, false);
        assert_bounded(&out, children, g);
    }
}
