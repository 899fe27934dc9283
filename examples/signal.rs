//! `cargo run --example signal`: a notifier changes a state 10 times; the waiter, woken by a
//! `make(chan struct{}, 1)` signal, reads the latest state until it sees the last one.

use chancheck::patterns::signal::signal;

fn main() {
    let woken = signal(10, 1);
    println!(
        "waiter saw state {} after {} wake-ups ({} signals sent, the other notifies coalesced)",
        woken.last_seen, woken.wakeups, woken.signalled
    );
}
