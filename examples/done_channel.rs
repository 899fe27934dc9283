//! `cargo run --example done_channel`: the book's two programs: `Canceling doWork goroutine...`, `doWork exited.` (only if the child prints it before the parent's `Done.`: it comes after the deferred close), `Done.`; then `3 random ints:` and three ints.

use chancheck::patterns::done_channel::{Child, readers, writers};

fn main() {
    for line in readers(1, &[], Child::WatchesDone) {
        println!("{line}");
    }
    println!("3 random ints:");
    let ints = writers(1, 3, Child::WatchesDone);
    for (i, n) in ints[0].iter().enumerate() {
        println!("{}: {n}", i + 1);
    }
}
