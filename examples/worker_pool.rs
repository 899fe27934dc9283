//! `cargo run --example worker_pool`: the Go original's output, `Worker w processing job j` and `Result: r` lines, in this run's order.

use chancheck::patterns::worker_pool::{Pool, worker_pool};

fn main() {
    for line in worker_pool(Pool::GO).lines {
        println!("{line}");
    }
}
