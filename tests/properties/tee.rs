//! tee: over input lengths and how much is read, both outputs get every value in order, and
//! outputs read by two independent consumers each see the whole input.

use chancheck::patterns::tee::{Consume, assert_both_in_order, tee, tee_pattern};
use chancheck::{chan, go_named};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The book's main: both outputs get every value, in order, and the range ends.
    #[test]
    fn both_outputs_in_order(items in 0usize..40) {
        let pairs = tee_pattern(Consume::book(items));
        assert_both_in_order(&pairs, items);
    }

    /// Stopping early and closing done: the pairs read are the first ones, in order.
    #[test]
    fn stopping_early(items in 1usize..40, take in 1usize..40) {
        let take = take.min(items);
        let pairs = tee_pattern(Consume { take: Some(take), ..Consume::book(items) });
        assert_both_in_order(&pairs, take);
    }

    /// Two consumer goroutines, one per output, each get the whole input in order.
    #[test]
    fn two_consumers(values in prop::collection::vec(any::<u16>(), 0..40)) {
        let done = chan::named::<()>("done", 0);
        let in_ = chan::named::<u16>("in", values.len());
        for &v in &values {
            in_.send(v).unwrap();
        }
        in_.close().unwrap();
        let (out1, out2) = tee(&done.receiver(), &in_.receiver());
        let second = go_named("consumer-2", move || out2.iter().collect::<Vec<u16>>());
        let first: Vec<u16> = out1.iter().collect();
        let second = second.join().unwrap();
        done.close().unwrap();
        prop_assert_eq!(&first, &values);
        prop_assert_eq!(&second, &values);
    }
}
