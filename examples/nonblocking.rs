//! `cargo run --example nonblocking`: prints "no message received" and "no message sent", as the
//! Go original does, then delivers 3×5 values through retried non-blocking sends.

use chancheck::patterns::nonblocking::{deliver, nonblocking};

fn main() {
    for line in nonblocking(true) {
        println!("{line}");
    }
    let delivered = deliver(3, 5, true);
    println!(
        "received {} values, {} sends skipped and retried",
        delivered.received.len(),
        delivered.skipped
    );
}
