//! Event logging shared by every program.

/// Logs `event` as Anchor's `emit!` does: one `Program data: <base64>` line
/// of the 8-byte discriminator and the borsh fields, what indexers decode.
///
/// Off SBF, Anchor's `sol_log_data` drops its input, so the natively run
/// program (tests, the demo, `encore localnet`) would log no event at all.
/// There the line goes through the runtime's syscall stubs instead, which
/// `encore_sdk::native` writes into the transaction's logs as the SBF
/// syscall does. (`compat` is Anchor's alias of the solana-sysvar it uses,
/// pinned with anchor-lang.)
pub fn log_event<E: anchor_lang::Event>(event: &E) {
    let data = event.data();
    #[cfg(target_os = "solana")]
    anchor_lang::solana_program::log::sol_log_data(&[&data]);
    #[cfg(not(target_os = "solana"))]
    anchor_lang::compat::solana_sysvar::program_stubs::sol_log_data(&[&data]);
}
