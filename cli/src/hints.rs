//! What to do next after a program error, keyed on the program that raised
//! it and the error's name: several programs share a name (`Unauthorized`,
//! `ZeroAmount`, `Paused`, `MathOverflow`, ...) and mean something else by it.
//! One table per program, found through the SDK's program table.

use encore_sdk::programs::{self, ProgramInfo};
use encore_sdk::{Pubkey, SdkError};

/// A named error and the Encore program that raised it.
#[derive(Clone, Copy, Debug)]
pub struct ProgramError<'a> {
    pub program: &'static ProgramInfo,
    pub code: u32,
    pub name: &'a str,
}

impl<'a> ProgramError<'a> {
    /// The program error `err` carries, if it is one.
    pub fn of(err: &'a SdkError) -> Option<Self> {
        match err {
            SdkError::Program {
                program,
                code,
                name,
                ..
            } => Some(Self {
                program: programs::by_name(program)?,
                code: *code,
                name,
            }),
            _ => None,
        }
    }

    /// The error's name if `program` raised it: hints match on
    /// `err.name_in(&encore_sdk::governance::ID)`, never on the bare name.
    pub fn name_in(&self, program: &Pubkey) -> Option<&'a str> {
        (self.program.id == *program).then_some(self.name)
    }

    /// The name of an Anchor framework error (codes below 6000, which every
    /// program shares); `None` for the program's own errors.
    fn framework_name(&self) -> Option<&'a str> {
        (self.code < 6000).then_some(self.name)
    }
}

/// What a command knows that a hint may name; what it does not know prints
/// as a placeholder (`<TRACK>`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Known {
    pub track: Option<Pubkey>,
    /// The payment mint.
    pub mint: Option<Pubkey>,
    pub pool: Option<Pubkey>,
    /// Governance's authority.
    pub authority: Option<Pubkey>,
}

impl Known {
    pub fn track(track: &Pubkey) -> Self {
        Self {
            track: Some(*track),
            ..Self::default()
        }
    }

    pub fn mint(mint: &Pubkey) -> Self {
        Self {
            mint: Some(*mint),
            ..Self::default()
        }
    }

    /// The pool, when the command names one.
    pub fn pool(pool: Option<&Pubkey>) -> Self {
        Self {
            pool: pool.copied(),
            ..Self::default()
        }
    }

    /// Governance's authority, when the command has read the config.
    pub fn authority(authority: Option<Pubkey>) -> Self {
        Self {
            authority,
            ..Self::default()
        }
    }

    fn track_or_placeholder(&self) -> String {
        self.track
            .map_or_else(|| "<TRACK>".into(), |t| t.to_string())
    }

    fn mint_or_placeholder(&self) -> String {
        self.mint.map_or_else(|| "<MINT>".into(), |m| m.to_string())
    }
}

/// The hint of a program error no table knows.
pub const USAGE: &str = "see `encore <COMMAND> --help`";

/// The hint for `err`: its program's table, then Anchor's framework errors,
/// then [`USAGE`].
pub fn hint(err: ProgramError, known: &Known) -> String {
    table(err.program)
        .and_then(|table| table(err.name, known))
        .or_else(|| err.framework_name().and_then(framework))
        .unwrap_or_else(|| USAGE.into())
}

/// One program's hints, by error name.
type Table = fn(&str, &Known) -> Option<String>;

/// The table of each program in [`encore_sdk::programs::PROGRAMS`].
fn table(program: &ProgramInfo) -> Option<Table> {
    let tables: [(Pubkey, Table); 5] = [
        (encore_sdk::track_registry::ID, registry),
        (encore_sdk::governance::ID, governance),
        (encore_sdk::royalty_shares::ID, shares),
        (encore_sdk::stream_escrow::ID, escrow),
        (encore_sdk::royalty_pool::ID, pool),
    ];
    tables
        .into_iter()
        .find(|(id, _)| *id == program.id)
        .map(|(_, table)| table)
}

fn registry(name: &str, known: &Known) -> Option<String> {
    let hint = match name {
        "InvalidHandle" => "choose a handle of 3-32 characters: a-z, 0-9 or _",
        "DisplayNameTooLong" => "shorten --name to 64 bytes",
        "UriTooLong" => "shorten --uri to 200 bytes",
        "InvalidIsrc" => "write the ISRC as CC-XXX-YY-NNNNN, e.g. US-RC1-76-07839",
        "DuplicateContentHash" => {
            "this audio is already registered; see `encore track show <TRACK>`"
        }
        "InvalidContentHash" => "the audio file must not hash to all zeroes",
        "InvalidPrice" => "pass a price greater than zero",
        "InvalidBps" => "--derivative-share-bps is at most 10000 (100%)",
        "DerivativeShareWithoutDerivatives" => {
            "add --allow-derivative, or set --derivative-share-bps 0"
        }
        "Unauthorized" => "sign with the account's authority keypair (-k)",
        "TrackRetired" => "a retired track can no longer change",
        "TrackAlreadyPaused" => "the track is already paused; `encore track resume <TRACK>` reactivates it",
        "TrackNotPaused" => "the track is already active",
        "NoPendingTransfer" => {
            "the owner proposes a transfer first: `encore track transfer <TRACK> --to <PUBKEY>`"
        }
        "WrongPendingAuthority" => {
            "the transfer was proposed to another wallet; `encore track show <TRACK>` shows the pending owner"
        }
        "TransferToSelf" => "you already own this track",
        "ArtistMismatch" => {
            "the new owner needs an artist profile: `encore artist create --handle <HANDLE>`"
        }
        "NothingToUpdate" => "pass at least one of --handle, --name, --uri",
        "ArtistAlreadyExists" => {
            "this wallet has a profile already; change it with `encore artist update`"
        }
        "CommitmentMismatch" => {
            "the reveal must come from the wallet that committed, with the same audio and salt"
        }
        "RevealTooEarly" => "reveal in a later slot than the commitment; retry in a moment",
        "DerivativeNotAllowed" => {
            "the parent's terms do not allow derivatives; `encore track show <TRACK>` shows them"
        }
        "ParentPaymentMintMismatch" => {
            "register the derivative in its parent's payment mint (`encore track show` names it)"
        }
        "DerivativeChainTooDeep" => {
            "derivative chains are at most 4 levels below an original; derive from a track higher up"
        }
        _ => return None,
    };
    Some(hint.replace("<TRACK>", &known.track_or_placeholder()))
}

fn governance(name: &str, known: &Known) -> Option<String> {
    let authority = known
        .authority
        .map_or_else(|| "the governance authority".into(), |a| a.to_string());
    Some(match name {
        "Unauthorized" => {
            format!("only the governance authority ({authority}) may do this: sign with its keypair (-k)")
        }
        "NotUpgradeAuthority" => format!(
            "sign with the governance program's upgrade authority (-k); `solana program show {}` names it",
            encore_sdk::governance::ID
        ),
        "AlreadyInitialized" => "governance is set up already; see `encore gov show`".into(),
        "NoPendingAuthority" => {
            "nothing to accept: the authority first runs `encore gov transfer-authority <PUBKEY>`"
                .into()
        }
        "AuthorityUnchanged" => "that key is already the authority".into(),
        "PauseUnchanged" => {
            "the area is already in that state; `encore gov show` shows the pause flags".into()
        }
        "ChangeNotPending" => {
            "it was already executed or cancelled; `encore gov changes` shows its status".into()
        }
        "SettlerAlreadyApproved" | "SettlerNotApproved" => {
            "`encore gov settler show <WALLET>` shows the settler's state".into()
        }
        "SettlerStillApproved" => {
            "the council revokes the settler first: `encore gov settler revoke <WALLET>`".into()
        }
        "SettlerAlreadyRegistered" => {
            "the wallet is registered already; `encore gov settler show` shows its record".into()
        }
        "InvalidBondAmount" => "pass an amount greater than zero".into(),
        "BondMintMismatch" => "the token account must be in the settler's bond mint".into(),
        "TimelockShorterThanNotice" => "the timelock may never be shorter than the withdrawal \
                                        notice: execute a longer timelock before a longer notice, \
                                        a shorter notice before a shorter timelock"
            .into(),
        _ => return None,
    })
}

fn shares(name: &str, known: &Known) -> Option<String> {
    let track = known.track_or_placeholder();
    Some(match name {
        "SharesAlreadyCreated" => {
            format!("see them with `encore shares show --track {track}`")
        }
        "NotTrackAuthority" => "sign with the track's authority keypair (-k)".into(),
        "TrackRetired" => "a retired track cannot issue shares".into(),
        "WrongPaymentMint" | "WrongMint" => {
            "a token account given is not in the expected mint; check the addresses".into()
        }
        "ZeroAmount" => "pass an amount greater than zero".into(),
        "NothingToClaim" => "revenue is released over governance's release period; \
                             `encore shares positions` shows what each position can claim"
            .into(),
        "UnstakeExceedsStake" => "`encore shares positions` shows what is staked".into(),
        "PositionNotEmpty" => "unstake and claim everything first".into(),
        "Paused" => "governance has paused new activity in the registry area; \
                     `encore gov show` shows the pause flags (unstake and claim still work)"
            .into(),
        "UnknownRecipientAccount" => {
            format!("`encore shares show --track {track}` lists the recipients")
        }
        "ClaimNotSettled" => {
            "shares wait for a slot after the track was registered; retry in a moment".into()
        }
        "NotAPool" => "only a royalty pool of the track sets its reserve's stake".into(),
        _ => return None,
    })
}

fn escrow(name: &str, known: &Known) -> Option<String> {
    let mint = known.mint_or_placeholder();
    Some(match name {
        "ZeroAmount" => "pass an amount greater than zero".into(),
        "SettlementPaused" => "governance has paused deposits and settlement; withdrawals still \
                               work (`encore gov show` shows the pause flags)"
            .into(),
        "InvalidCapPeriod" => "--period must be between 1h and 365d".into(),
        "InsufficientBalance" => {
            format!("`encore escrow show --mint {mint}` shows the balance")
        }
        "NoWithdrawalRequest" => {
            format!("request one first: `encore escrow withdraw --mint {mint} --amount <AMOUNT>`")
        }
        "WithdrawalNotReady" => format!(
            "the notice period has not passed; `encore escrow show --mint {mint}` shows when it does"
        ),
        "WrongPaymentMint" => "the token account is not in the payment mint".into(),
        "ExposureExceedsBond" => "a settler charges no more within a challenge window than its \
                                  free bond can refund: post more with `encore gov settler post-bond \
                                  --amount <AMOUNT>`, or settle the rest after the window"
            .into(),
        "BondNotInPaymentMint" => "a settler settles only in its bond's mint: register a settler \
                                   wallet bonded in this mint"
            .into(),
        "FeesLockedByDisputes" => "a suspended or revoked settler's fees wait until its disputes \
                                   are decided and its charges are no longer open to dispute \
                                   (`encore gov settler show` lists them)"
            .into(),
        "ReceiptKeyInUse" => format!(
            "charges are still open to dispute under the current key; revoke back to the wallet \
             now with `encore escrow key revoke --mint {mint}` and set a new key once \
             `encore escrow show` shows nothing open"
        ),
        "ReceiptKeyUnchanged" => "that key signs the receipts already".into(),
        "DisputeWindowClosed" => "the charges are no longer open to dispute".into(),
        "NothingToDispute" => "the receipts cover what was charged".into(),
        "DisputeAlreadyOpen" => format!(
            "a dispute of that tab is open; `encore escrow show --mint {mint}` shows it"
        ),
        "AnswerTooLate" => "the answer window closed; anyone may now decide the dispute \
                            (`encore escrow watch --once`)"
            .into(),
        "AnswerWindowOpen" => "the settler may still answer until the dispute's answer_by".into(),
        "ParentLedgerMissing" | "WrongParentLedger" => {
            "a derivative is collected with its parent track's ledger; `encore escrow collect              --track <TRACK>` passes it"
                .into()
        }
        _ => return None,
    })
}

fn pool(name: &str, known: &Known) -> Option<String> {
    let show = match known.pool {
        Some(pool) => format!("`encore pool show --pool {pool}`"),
        None => "`encore pool show`".to_string(),
    };
    Some(match name {
        "InsufficientOutput" => format!(
            "price moved; raise --slippage-bps or retry ({show} shows the current reserves)"
        ),
        "ExcessiveInput" => format!(
            "price moved; raise --slippage-bps (or the --max-* bound you gave) or retry ({show} shows the current reserves)"
        ),
        "Paused" => "governance has paused the pools (new pools, swaps, deposits); withdrawals \
                     and fee collection still work; `encore gov show` shows the pause flags"
            .into(),
        "PoolAlreadyExists" => format!("the pair already has a pool: {show}; add to it with `encore pool deposit`"),
        "NotRoyaltyShareMint" => "the share mint must be the track's royalty share mint".into(),
        "NotTrackAuthority" => "the track's authority approves its market: sign with it \
                                (-k, or --track-authority on `encore pool create`)"
            .into(),
        "WrongTrack" => "the track account must be the one the shares belong to".into(),
        "SameMint" => "the quote mint must differ from the share mint".into(),
        "QuoteNotPaymentMint" => {
            "a pool quotes shares in the track's payment mint: pass it as --quote-mint".into()
        }
        "FeeTooHigh" => "--fee-bps is at most 1000 (10%)".into(),
        "ZeroAmount" => "pass an amount greater than zero".into(),
        "InsufficientInitialLiquidity" => {
            "the opening deposit is too small: sqrt(shares x quote), in base units, must exceed 1000"
                .into()
        }
        "InsufficientLiquidity" => format!(
            "the pool cannot pay that much (and its locked minimum cannot be withdrawn); {show} shows the reserves"
        ),
        "ZeroOutput" => "the amount is too small to buy one base unit; trade more".into(),
        "InsufficientFunds" => {
            "the keypair's token account holds too little of what it pays; check its balances in the pool's mints"
                .into()
        }
        "NothingToCollect" => format!("no protocol fees have accrued since the last collection; {show} shows them"),
        "WrongTreasuryAccount" => {
            "the treasury's token accounts must be its associated accounts; `encore gov show` names the treasury"
                .into()
        }
        "WrongMint" | "WrongVault" | "WrongLpMint" => {
            "an account given does not belong to this pool; check the addresses".into()
        }
        _ => return None,
    })
}

/// Anchor's own errors, the same whichever program raised them.
fn framework(name: &str) -> Option<String> {
    Some(match name {
        "AccountNotInitialized" => {
            "an account the instruction needs does not exist yet; check the addresses (an artist profile comes from `encore artist create`)"
        }
        "AccountDiscriminatorMismatch" | "AccountDidNotDeserialize" => {
            "an address given is not the kind of account expected; check it"
        }
        _ => return None,
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use encore_sdk::programs::PROGRAMS;

    fn error(program: &Pubkey, name: &str) -> SdkError {
        let info = programs::by_id(program).unwrap();
        let index = info
            .errors()
            .iter()
            .position(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{} has no error {name}", info.name));
        let code = 6000 + u32::try_from(index).unwrap();
        encore_sdk::error::name_program_error(program, code).unwrap()
    }

    fn hint_for(program: &Pubkey, name: &str, known: &Known) -> String {
        let err = error(program, name);
        hint(ProgramError::of(&err).unwrap(), known)
    }

    #[test]
    fn a_shared_error_name_gets_each_programs_hint() {
        let none = Known::default();
        let pool = hint_for(&encore_sdk::royalty_pool::ID, "Paused", &none);
        let shares = hint_for(&encore_sdk::royalty_shares::ID, "Paused", &none);
        assert_ne!(pool, shares);
        assert!(pool.contains("paused the pools"), "{pool}");
        assert!(shares.contains("registry area"), "{shares}");

        let council = Pubkey::new_unique();
        let known = Known::authority(Some(council));
        let gov = hint_for(&encore_sdk::governance::ID, "Unauthorized", &known);
        let registry = hint_for(&encore_sdk::track_registry::ID, "Unauthorized", &known);
        assert_ne!(gov, registry);
        assert!(gov.contains(&council.to_string()), "{gov}");
        assert_eq!(registry, "sign with the account's authority keypair (-k)");

        // A registry name raised by another program is not the registry's.
        let gov_pending = hint_for(&encore_sdk::governance::ID, "WrongPendingAuthority", &none);
        let registry_pending = hint_for(
            &encore_sdk::track_registry::ID,
            "WrongPendingAuthority",
            &Known::track(&Pubkey::new_unique()),
        );
        assert!(!gov_pending.contains("encore track"), "{gov_pending}");
        assert!(
            registry_pending.contains("encore track show"),
            "{registry_pending}"
        );
    }

    #[test]
    fn name_in_matches_the_raising_program_only() {
        let err = error(&encore_sdk::stream_escrow::ID, "ZeroAmount");
        let named = ProgramError::of(&err).unwrap();
        assert_eq!(
            named.name_in(&encore_sdk::stream_escrow::ID),
            Some("ZeroAmount")
        );
        assert_eq!(named.name_in(&encore_sdk::royalty_pool::ID), None);
    }

    #[test]
    fn every_program_has_a_table_and_framework_errors_are_shared() {
        for program in PROGRAMS {
            assert!(table(program).is_some(), "{} has no hints", program.name);
            // Anchor's errors keep their hint whichever program raised them.
            let err = SdkError::Program {
                program: program.name,
                code: 3012,
                name: "AccountNotInitialized".into(),
                message: String::new(),
            };
            let text = hint(ProgramError::of(&err).unwrap(), &Known::default());
            assert!(
                text.contains("does not exist yet"),
                "{}: {text}",
                program.name
            );
        }
    }

    #[test]
    fn placeholders_stand_for_what_the_command_does_not_know() {
        let mint = Pubkey::new_unique();
        let program = &encore_sdk::stream_escrow::ID;
        let known = hint_for(program, "InsufficientBalance", &Known::mint(&mint));
        assert!(known.contains(&format!("--mint {mint}")), "{known}");
        let unknown = hint_for(program, "InsufficientBalance", &Known::default());
        assert!(unknown.contains("--mint <MINT>"), "{unknown}");
    }
}
