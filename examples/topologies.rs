//! `cargo run --example topologies`: SPSC, SPMC, MPSC and MPMC over one channel; prints how many
//! items each consumer received.

use chancheck::patterns::topologies::{Closing, exactly_once_fifo, topology};

fn main() {
    for (name, producers, consumers) in [
        ("SPSC", 1, 1),
        ("SPMC", 1, 3),
        ("MPSC", 3, 1),
        ("MPMC", 3, 3),
    ] {
        let got = topology(producers, consumers, 5, 0, Closing::LastProducer);
        let counts: Vec<usize> = got.iter().map(Vec::len).collect();
        println!(
            "{name}: {producers} producer(s) x 5 items, consumers received {counts:?}, exactly once in order: {}",
            exactly_once_fifo(&got, producers, 5)
        );
    }
}
