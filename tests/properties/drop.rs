//! drop: for any buffer and amount of work, every piece is sent or dropped and the child
//! receives exactly the sent pieces in order; a busy child means exactly the first cap are sent.

use chancheck::patterns::drop::{Setup, assert_accounted, drop};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// sent + dropped = work, and the child gets the sent pieces in order.
    #[test]
    fn every_piece_accounted(cap in 0usize..7, work in 0usize..25) {
        assert_accounted(&drop(cap, work, Setup::LIVE), work);
    }

    /// A child busy for the whole burst: the buffer takes exactly the first cap pieces.
    #[test]
    fn a_busy_child_gets_the_first_cap(cap in 0usize..7, work in 0usize..25) {
        let out = drop(cap, work, Setup::BUSY);
        assert_accounted(&out, work);
        prop_assert_eq!(out.sent, (0..cap.min(work)).collect::<Vec<_>>());
    }
}
