//! waitgroup: for any number of greeters, `Wait` returns only after every hello, and a greeter
//! that calls `Done` twice hits the clear negative-counter error.

use chancheck::check::{self, Outcome};
use chancheck::patterns::waitgroup::{Greeters, assert_all_greeted_first, wait_group};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Every greeter greets exactly once, all before main's last line.
    #[test]
    fn wait_returns_after_every_hello(greeters in 0usize..12) {
        let lines = wait_group(greeters, Greeters::AddBeforeGo);
        prop_assert_eq!(lines.len(), greeters + 1);
        assert_all_greeted_first(&lines, greeters);
    }
}

/// The double `Done` is reported with Go's message, naming the greeter.
#[test]
fn done_twice_reports_the_negative_counter() {
    let verdict = check::Checker::new().std_repetitions(3).verify(|| {
        wait_group(1, Greeters::DoneTwice);
    });
    assert_eq!(verdict.outcome, Outcome::Panic, "{verdict}");
    let panic = verdict
        .report
        .and_then(|r| r.panic)
        .expect("a panic report");
    assert_eq!(panic.thread, "greeter-1");
    assert!(
        panic
            .message
            .starts_with("sync: negative WaitGroup counter: 0 -1 would be -1"),
        "{}",
        panic.message
    );
}
