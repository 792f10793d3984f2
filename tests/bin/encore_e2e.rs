//! The `encore` binary, built inside the test package so the end-to-end tests
//! can run it: `CARGO_BIN_EXE_*` exists only for a package's own binaries.
//! `main` is exactly `cli/src/main.rs`'s: the same entry point, the same
//! behaviour.

fn main() -> std::process::ExitCode {
    encore_cli::main_entry()
}
