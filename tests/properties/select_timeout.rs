//! select_timeout: whatever the bound, with either timeout the consumer returns with Joe's lines
//! in order and without gaps, ending the way its timeout says.

use chancheck::patterns::select_timeout::{Ended, Timeout, select_timeout};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Lines in order, at most `max`, and an ending consistent with the timeout used.
    #[test]
    fn the_consumer_returns_in_order(max in 0usize..12, per_message in any::<bool>()) {
        let timeout = if per_message { Timeout::PerMessage } else { Timeout::Conversation };
        let talk = select_timeout(timeout, max, true);
        let want: Vec<String> = (0..talk.heard.len()).map(|i| format!("Joe {i}")).collect();
        prop_assert_eq!(&talk.heard, &want);
        prop_assert!(talk.heard.len() <= max);
        match talk.ended {
            Ended::Enough => prop_assert_eq!(talk.heard.len(), max),
            Ended::TooSlow => prop_assert!(per_message),
            Ended::TalkTooMuch => prop_assert!(!per_message),
        }
    }
}
