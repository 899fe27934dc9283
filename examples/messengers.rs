//! `cargo run --example messengers`: three workers deliver four messages each through pooled
//! messenger goroutines; the receiver prints each message once it has them all.

use chancheck::patterns::messengers::{Wiring, messengers};

fn main() {
    let wiring = Wiring {
        messengers: true,
        done: true,
    };
    let run = messengers(3, 4, 12, wiring);
    for (worker, i) in &run.received {
        println!("worker {worker}: message {i}");
    }
    println!("{} messengers made for 12 messages", run.messengers_made);
}
