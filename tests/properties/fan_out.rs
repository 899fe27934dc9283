//! fan_out: with a slot per child, the parent gets exactly one result per child, and a parent that
//! leaves early gets the results it waited for.

use chancheck::patterns::fan_out::fan_out;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// One result per child, whatever the number of children and how many the parent waits for.
    #[test]
    fn one_result_per_child(children in 0usize..25, wait_frac in 0usize..=4) {
        let wait_for = children * wait_frac / 4;
        prop_assert_eq!(fan_out(children, children, wait_for), vec!["data".to_string(); wait_for]);
    }
}
