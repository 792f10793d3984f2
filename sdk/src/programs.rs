//! The one table of Encore programs. Everything that needs "every
//! program" (error naming, native registration, program ids, the CLI's
//! hints, the test harness) iterates [`PROGRAMS`] or expands
//! [`for_each_program!`]; adding a program is one row here (see
//! docs/ARCHITECTURE.md, "Adding a program").
//!
//! ```
//! use encore_sdk::programs::{self, PROGRAMS};
//! let shares = programs::by_id(&encore_sdk::royalty_shares::ID).unwrap();
//! assert_eq!((shares.name, shares.short), ("royalty_shares", "shares"));
//! assert_eq!(shares.error_name(6000).unwrap().0, "InvalidSplitTotal");
//! assert_eq!(PROGRAMS.len(), 5);
//! ```

use anchor_lang::prelude::Pubkey;

/// Expands `$callback!` once with every program as
/// `(crate_ident, "short", ErrorType)`, in the table's order. The crate is
/// the program's library (also the Anchor.toml name); `short` is the one
/// name the SDK module, the CLI noun and the test module use.
#[macro_export]
macro_rules! for_each_program {
    ($callback:ident) => {
        $callback! {
            (track_registry, "registry", $crate::track_registry::errors::RegistryError),
            (governance, "gov", $crate::governance::errors::GovernanceError),
            (royalty_shares, "shares", $crate::royalty_shares::errors::RoyaltyError),
            (stream_escrow, "escrow", $crate::stream_escrow::errors::EscrowError),
            (royalty_pool, "pool", $crate::royalty_pool::errors::PoolError),
        }
    };
}

/// One Encore program.
#[derive(Clone, Copy, Debug)]
pub struct ProgramInfo {
    /// The crate and Anchor.toml name: `royalty_shares`.
    pub name: &'static str,
    /// The SDK module, CLI noun and test module: `shares`.
    pub short: &'static str,
    pub id: Pubkey,
    /// Every error of the program in code order (6000 first): name and message.
    errors: fn() -> Vec<(String, String)>,
}

impl ProgramInfo {
    /// The name and message of this program's error `code`.
    pub fn error_name(&self, code: u32) -> Option<(String, String)> {
        let index = usize::try_from(code.checked_sub(6000)?).ok()?;
        (self.errors)().into_iter().nth(index)
    }

    /// Every error of the program in code order: name and message.
    pub fn errors(&self) -> Vec<(String, String)> {
        (self.errors)()
    }
}

macro_rules! program_table {
    ($(($krate:ident, $short:literal, $error:path)),* $(,)?) => {
        /// Every Encore program, in dependency order.
        pub const PROGRAMS: &[ProgramInfo] = &[
            $(ProgramInfo {
                name: stringify!($krate),
                short: $short,
                id: $crate::$krate::ID,
                errors: || {
                    <$error>::ALL
                        .iter()
                        .map(|e| (format!("{e:?}"), e.to_string()))
                        .collect()
                },
            }),*
        ];
    };
}
for_each_program!(program_table);

/// The program with this id, if it is an Encore program.
pub fn by_id(id: &Pubkey) -> Option<&'static ProgramInfo> {
    PROGRAMS.iter().find(|p| p.id == *id)
}

/// The program with this crate or short name.
pub fn by_name(name: &str) -> Option<&'static ProgramInfo> {
    PROGRAMS.iter().find(|p| p.name == name || p.short == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_program_numbers_its_errors_from_6000_in_order() {
        fn codes_of<E: Copy + Into<u32>>(all: &[E]) -> Vec<u32> {
            all.iter().map(|e| (*e).into()).collect()
        }
        macro_rules! check {
            ($(($krate:ident, $short:literal, $error:path)),* $(,)?) => {
                $(
                    let codes = codes_of(<$error>::ALL);
                    let expected: Vec<u32> = (6000..6000 + codes.len() as u32).collect();
                    assert_eq!(codes, expected, "{}", stringify!($krate));
                )*
            };
        }
        for_each_program!(check);
    }

    #[test]
    fn names_are_unique() {
        for (i, a) in PROGRAMS.iter().enumerate() {
            for b in &PROGRAMS[i + 1..] {
                assert!(a.name != b.name && a.short != b.short && a.id != b.id);
            }
        }
    }
}
