//! Every instance the spec's schemas allow through the generated crate (part of
//! `cargo xtask conformance`, alone): the table and every instance that does not pass; with
//! `--all`, every one of them (else at most 5 a type).

fn main() {
    let checked = e2e::instances();
    let all = std::env::args().any(|a| a == "--all");
    println!("{}", e2e::instances::report(&checked, if all { usize::MAX } else { 5 }));
}
