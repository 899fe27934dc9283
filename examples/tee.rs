//! `cargo run --example tee`: the book's output, `out1: v, out2: v` for each value teed (here 1 2 1 2, as `take(repeat(1, 2), 4)`).

use chancheck::chan;
use chancheck::patterns::tee::tee;

fn main() {
    let done = chan::named::<()>("done", 0);
    let in_ = chan::named::<u64>("in", 4);
    for v in [1, 2, 1, 2] {
        in_.send(v).unwrap();
    }
    in_.close().unwrap();
    let (out1, out2) = tee(&done.receiver(), &in_.receiver());
    for val1 in &out1 {
        println!("out1: {val1}, out2: {}", out2.recv().unwrap());
    }
    done.close().unwrap();
}
