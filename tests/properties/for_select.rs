//! for_select: over generator counts, value counts and how much the parent takes, the range
//! form delivers each generator's values in order and stops; the default-arm form stops with a
//! final count at least its last report.

use chancheck::patterns::for_select::{
    Loop, assert_prefixes, assert_progress, loop_until_done, range_until_done,
};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The parent takes `take` values, each generator's in order, then every generator returns.
    #[test]
    fn range_form_delivers_prefixes(generators in 1usize..6, values in 0usize..26, take_frac in 0.0f64..=1.0) {
        let take = ((generators * values) as f64 * take_frac) as usize;
        let taken = range_until_done(generators, values, take, Loop::WatchesDone);
        assert_prefixes(&taken, generators, values, take);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// The default-arm worker's progress only grows and it stops once `done` closes.
    #[test]
    fn default_arm_form_stops(reports in 0usize..8) {
        let p = loop_until_done(reports, Loop::WatchesDone);
        assert_progress(&p, reports);
    }
}
