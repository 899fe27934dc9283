//! bridge: over stream counts and lengths, the bridged channel is the concatenation of the
//! streams, in order; reading a prefix and closing done yields that prefix.

use chancheck::chan::{self, Receiver};
use chancheck::patterns::bridge::{Bridge, bridge, bridge_pattern};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Arbitrary streams (empty ones included): the concatenation, in order.
    #[test]
    fn concatenation_in_order(streams in prop::collection::vec(prop::collection::vec(any::<u32>(), 0..8), 0..8)) {
        let done = chan::named::<()>("done", 0);
        let chan_stream = chan::named::<Receiver<u32>>("chanStream", streams.len());
        for values in &streams {
            let s = chan::named::<u32>("stream", values.len());
            for &v in values {
                s.send(v).unwrap();
            }
            s.close().unwrap();
            chan_stream.send(s.receiver()).unwrap();
        }
        chan_stream.close().unwrap();
        let got: Vec<u32> = bridge(&done.receiver(), &chan_stream.receiver(), Bridge::Book).iter().collect();
        done.close().unwrap();
        let expected: Vec<u32> = streams.concat();
        prop_assert_eq!(got, expected);
    }

    /// Taking the first `take` values and closing done: exactly those, in order.
    #[test]
    fn prefix_then_done(streams in 1usize..6, per in 1usize..6, take in 1usize..30) {
        let items = streams * per;
        let take = take.min(items);
        let got = bridge_pattern(streams, items, Some(take), Bridge::Book);
        let expected: Vec<u64> = (0..take as u64).collect();
        prop_assert_eq!(got, expected);
    }
}
