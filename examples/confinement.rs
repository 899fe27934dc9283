//! `cargo run --example confinement`: the book's three programs: ad hoc (the data, one per line), lexical `chanOwner` (`Received: 0`…`Done receiving!`) and `printData` (`gol` and `ang`, in either order).

use chancheck::patterns::confinement::{
    AdHoc, Buffer, Owners, ad_hoc, lexical_results, print_data,
};

fn main() {
    for num in ad_hoc(vec![1, 2, 3, 4], AdHoc::Kept) {
        println!("{num}");
    }
    for line in lexical_results(1, 6, Owners::Lexical) {
        println!("{line}");
    }
    for line in print_data(b"golang", 2, Buffer::Confined) {
        println!("{line}");
    }
}
