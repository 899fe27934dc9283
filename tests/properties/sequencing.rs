//! sequencing: for any number of rounds, every round brings one message from each source.

use chancheck::patterns::sequencing::{assert_lockstep, sequencing};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Strict lockstep at every number of rounds, including none.
    #[test]
    fn every_round_has_one_message_per_source(rounds in 0usize..25) {
        assert_lockstep(&sequencing(rounds), rounds);
    }
}
