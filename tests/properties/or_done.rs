//! or_done: over buffer contents, reading through orDone yields myChan's values in order and
//! ends when done closes; when myChan closes instead, it yields every value.

use chancheck::chan;
use chancheck::patterns::or_done::{Read, is_in_order, main_reads, or_done};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A never-closed myChan: the range ends (done closes) with values in order, none twice.
    #[test]
    fn stops_when_done_closes(items in 0usize..40) {
        let vals = main_reads(items, Read::OrDone);
        prop_assert!(is_in_order(&vals, items), "{:?}", vals);
    }

    /// A closed myChan and a done nobody closes: orDone ends with every value, in order.
    #[test]
    fn ends_with_every_value_when_the_source_closes(values in prop::collection::vec(any::<u32>(), 0..40)) {
        let done = chan::named::<()>("done", 0);
        let my_chan = chan::named::<u32>("myChan", values.len());
        for &v in &values {
            my_chan.send(v).unwrap();
        }
        my_chan.close().unwrap();
        let got: Vec<u32> = or_done(&done.receiver(), &my_chan.receiver()).iter().collect();
        prop_assert_eq!(got, values);
    }
}
