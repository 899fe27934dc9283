//! wait_for_task: on every run the child receives the parent's task.

use chancheck::patterns::wait_for_task::wait_for_task;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// The task arrives, run after run (the parent's preparation time is random).
    #[test]
    fn the_child_gets_the_task(_run in 0u8..16) {
        prop_assert_eq!(wait_for_task(true), Some("data".to_string()));
    }
}
