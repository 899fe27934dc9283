//! encapsulated: for any input list, the caller of the encapsulated worker receives the squares
//! in order up to the first negative input, then that input's error, and the caller-owned
//! version with made channels agrees with it.

use chancheck::patterns::encapsulated::{caller_owned, encapsulated};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Squares in order up to the first negative input, then its error.
    #[test]
    fn squares_in_order_then_the_error(nums in prop::collection::vec(-5i64..50, 0..30)) {
        let first_bad = nums.iter().position(|n| *n < 0);
        let good = &nums[..first_bad.unwrap_or(nums.len())];
        let want: Vec<i64> = good.iter().map(|n| n * n).collect();
        let (squares, err) = encapsulated(nums.clone());
        prop_assert_eq!(&squares, &want);
        prop_assert_eq!(err, first_bad.map(|i| format!("negative input {}", nums[i])));
        prop_assert_eq!(caller_owned(nums.clone(), false, false), encapsulated(nums));
    }
}
