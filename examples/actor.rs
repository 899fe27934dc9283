//! `cargo run --example actor`: four clients increment a counter actor five times each (client 1 also adds 2); main prints each client's replies, the count and the stop's reply.

use chancheck::patterns::actor::{AddBy, actor};

fn main() {
    let tally = actor(4, 20, AddBy::Direct);
    for (i, seen) in tally.replies.iter().enumerate() {
        println!("client-{} saw {seen:?}", i + 1);
    }
    println!("count: {}", tally.get);
    println!("stopped at: {}", tally.stopped_at);
}
