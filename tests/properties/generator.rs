//! generator: for any number of speakers and rounds, the conversation prints each generator's
//! values in order, in the order main reads them, and the quit channel ends every generator.

use chancheck::chan;
use chancheck::patterns::generator::{boring_quit, conversation, expected};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Exactly the expected lines, in order.
    #[test]
    fn the_conversation_is_in_order(speakers in 1usize..5, rounds in 0usize..10) {
        prop_assert_eq!(conversation(speakers, rounds, true), expected(speakers, rounds, true));
    }

    /// One generator read any number of times counts up from 0 without gaps.
    #[test]
    fn a_generator_counts_up(reads in 0usize..30) {
        let quit = chan::named::<String>("quit", 0);
        let c = boring_quit("Joe", quit.clone());
        for i in 0..reads {
            prop_assert_eq!(c.recv(), Some(format!("Joe {i}")));
        }
        quit.send("Bye".to_string()).unwrap();
        prop_assert_eq!(quit.recv(), Some("See you!".to_string()));
    }
}
