// `encore localnet` and `encore demo` run a local chain in this process; its
// account indexes allocate heavily, and mimalloc serves them several times
// faster than the system allocator (README, "Performance").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    encore_cli::main_entry()
}
