//! `cargo run --example for_select`: the range form's values as received (`a1 b1 c1` interleaved with the other generators'), then the default-arm worker's progress and final count.

use chancheck::patterns::for_select::{Loop, loop_until_done, range_until_done};

fn main() {
    for s in range_until_done(2, 3, 4, Loop::WatchesDone) {
        println!("{s}");
    }
    let p = loop_until_done(3, Loop::WatchesDone);
    println!(
        "progress {:?}, stopped after {} units",
        p.reported, p.stopped
    );
}
