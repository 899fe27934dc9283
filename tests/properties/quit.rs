//! quit: for any number of messages, main prints them in order, then the clean-up, then the answer.

use chancheck::patterns::quit::{expected_output, quit};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The handshake orders the output whatever the number of messages read first.
    #[test]
    fn cleanup_comes_before_the_answer(messages in 0usize..30) {
        prop_assert_eq!(quit(messages), expected_output(messages));
    }
}
