//! or_channel: for any number of inputs and whichever one closes, the result is open before and
//! closed after, and every helper exits (checked on real threads).

use chancheck::check::Checker;
use chancheck::patterns::or_channel::{Or, or_of_inputs};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Closing any one input closes the result, and no helper is left behind.
    #[test]
    fn any_input_closes_the_result(inputs in 1usize..10, pick in any::<prop::sample::Index>()) {
        let k = pick.index(inputs);
        let verdict = Checker::new().std_repetitions(2).verify(move || {
            let seen = or_of_inputs(inputs, Some(k), Or::Book);
            assert!(!seen.closed_early, "open before any input closes");
            assert!(seen.closed_after, "closed after input {k} closes");
        });
        prop_assert!(verdict.holds(), "{}", verdict);
    }
}

/// `or()` of nothing is the nil channel: never closed.
#[test]
fn or_of_nothing_never_closes() {
    let seen = or_of_inputs(0, None, Or::Book);
    assert!(!seen.closed_early);
}
