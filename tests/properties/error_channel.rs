//! error_channel: with errc buffered for every task, the caller's result is the first error of a
//! failing task, or Ok exactly when no task fails; and (the harness-free part) it always returns.

use chancheck::patterns::error_channel::run;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Err exactly when some task fails, and then a failing task's error.
    #[test]
    fn the_result_is_the_first_failure(tasks in 1usize..10, failing_frac in 0usize..=4, extra_cap in 0usize..3) {
        let failing = tasks * failing_frac / 4;
        match run(tasks, failing, tasks + extra_cap) {
            Ok(()) => prop_assert_eq!(failing, 0),
            Err(e) => prop_assert!(e.task >= 1 && e.task <= failing, "{:?}", e),
        }
    }
}
