fn main() -> std::process::ExitCode {
    encore_cli::main_entry()
}
