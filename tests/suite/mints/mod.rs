//! Classic SPL Token mints only. Every Encore program holds and moves money
//! through the classic Token program, so no Token-2022 extension can skew
//! the books: no transfer fee delivering less than a ledger records, no
//! transfer hook running foreign code inside a payment. Here every
//! instruction that takes a mint or token account its caller chooses is
//! handed a Token-2022 one of three kinds (plain, with the TransferFeeConfig
//! extension, with the TransferHook extension) and must refuse it by name,
//! leaving every account as it was. The refusal is Anchor's
//! `AccountOwnedByWrongProgram`, raised by the Encore program whose
//! `Account<Mint>` or `Account<TokenAccount>` the account fails (by the
//! escrow when `harvest` hands it on), or `AccountNotInitialized` where a
//! Token-2022 mint cannot have the record the instruction needs. Each test
//! ends with the classic counterpart going through, so the refusal is the
//! mint's kind and nothing else. One module per program.

mod escrow;
mod gov;
mod pool;
mod registry;
mod shares;

use anchor_lang::prelude::{Pubkey, Rent};
use anchor_lang::solana_program::instruction::Instruction;
use anchor_spl::associated_token::get_associated_token_address_with_program_id;
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anchor_spl::token_2022::spl_token_2022;
use solana_account::Account;
use solana_keypair::Keypair;
use solana_signer::Signer;
use spl_token_2022::extension::transfer_fee::TransferFeeConfig;
use spl_token_2022::extension::transfer_hook::TransferHook;
use spl_token_2022::extension::{BaseStateWithExtensions, ExtensionType, StateWithExtensions};

use crate::support::fixture::Fixture;

pub use anchor_spl::token_2022::ID as TOKEN_2022;

/// The fee of the [`Kind::TransferFee`] mints: 1 % of every transfer.
pub const FEE_BPS: u16 = 100;

/// Where the [`Kind::TransferHook`] mints send every transfer. No program
/// lives there: Encore must refuse the mint before any transfer is tried.
pub const HOOK_PROGRAM: Pubkey = Pubkey::new_from_array([0x4b; 32]);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A Token-2022 mint with no extension.
    Plain,
    /// TransferFeeConfig: [`FEE_BPS`] of each transfer is withheld.
    TransferFee,
    /// TransferHook: each transfer calls [`HOOK_PROGRAM`].
    TransferHook,
}

pub const KINDS: [Kind; 3] = [Kind::Plain, Kind::TransferFee, Kind::TransferHook];

impl Kind {
    fn extensions(self) -> Vec<ExtensionType> {
        match self {
            Kind::Plain => vec![],
            Kind::TransferFee => vec![ExtensionType::TransferFeeConfig],
            Kind::TransferHook => vec![ExtensionType::TransferHook],
        }
    }
}

/// A Token-2022 mint of `kind`, 6 decimals, minted by `authority`.
pub fn t22_mint(f: &mut Fixture, authority: &Keypair, kind: Kind) -> Pubkey {
    let mint = Keypair::new();
    let (address, payer) = (mint.pubkey(), f.payer().pubkey());
    let space =
        ExtensionType::try_calculate_account_len::<spl_token_2022::state::Mint>(&kind.extensions())
            .expect("mint size");
    let mut ixs = vec![solana_system_interface::instruction::create_account(
        &payer,
        &address,
        Rent::default().minimum_balance(space),
        space as u64,
        &TOKEN_2022,
    )];
    // Extensions are initialised before the mint itself.
    match kind {
        Kind::Plain => {}
        Kind::TransferFee => ixs.push(
            spl_token_2022::extension::transfer_fee::instruction::initialize_transfer_fee_config(
                &TOKEN_2022,
                &address,
                Some(&authority.pubkey()),
                Some(&authority.pubkey()),
                FEE_BPS,
                u64::MAX,
            )
            .expect("transfer fee instruction"),
        ),
        Kind::TransferHook => ixs.push(
            spl_token_2022::extension::transfer_hook::instruction::initialize(
                &TOKEN_2022,
                &address,
                Some(authority.pubkey()),
                Some(HOOK_PROGRAM),
            )
            .expect("transfer hook instruction"),
        ),
    }
    ixs.push(
        spl_token_2022::instruction::initialize_mint2(
            &TOKEN_2022,
            &address,
            &authority.pubkey(),
            None,
            6,
        )
        .expect("initialize mint"),
    );
    f.send(&ixs, &[&mint]).expect("create Token-2022 mint");
    address
}

/// `owner`'s associated Token-2022 account for `mint`, created if needed.
pub fn t22_account(f: &mut Fixture, owner: &Pubkey, mint: &Pubkey) -> Pubkey {
    let payer = f.payer().pubkey();
    let ix = create_associated_token_account_idempotent(&payer, owner, mint, &TOKEN_2022);
    f.send(&[ix], &[]).expect("create Token-2022 account");
    get_associated_token_address_with_program_id(owner, mint, &TOKEN_2022)
}

pub fn t22_mint_to(
    f: &mut Fixture,
    mint: &Pubkey,
    authority: &Keypair,
    account: &Pubkey,
    amount: u64,
) {
    let ix = spl_token_2022::instruction::mint_to(
        &TOKEN_2022,
        mint,
        account,
        &authority.pubkey(),
        &[],
        amount,
    )
    .expect("mint_to instruction");
    f.send(&[ix], &[authority]).expect("Token-2022 mint_to");
}

pub fn t22_balance(f: &mut Fixture, account: &Pubkey) -> u64 {
    let data = f.account(account).expect("Token-2022 account").data;
    StateWithExtensions::<spl_token_2022::state::Account>::unpack(&data)
        .expect("Token-2022 account")
        .base
        .amount
}

/// A Token-2022 mint of `kind` and `owner`'s associated account in it,
/// holding `amount`.
pub struct Foreign {
    pub kind: Kind,
    pub mint: Pubkey,
    pub account: Pubkey,
}

pub fn foreign(f: &mut Fixture, owner: &Pubkey, amount: u64, kind: Kind) -> Foreign {
    let authority = f.keypair();
    let mint = t22_mint(f, &authority, kind);
    let account = t22_account(f, owner, &mint);
    if amount > 0 {
        t22_mint_to(f, &mint, &authority, &account, amount);
    }
    Foreign {
        kind,
        mint,
        account,
    }
}

/// What the chain holds at `addresses`: compared before and after a
/// refusal, it shows that nothing changed (or came to exist).
pub fn snapshot(f: &mut Fixture, addresses: &[Pubkey]) -> Vec<Option<Account>> {
    addresses.iter().map(|a| f.account(a)).collect()
}

fn transfer_checked(
    from: &Pubkey,
    mint: &Pubkey,
    to: &Pubkey,
    owner: &Keypair,
    amount: u64,
) -> Instruction {
    spl_token_2022::instruction::transfer_checked(
        &TOKEN_2022,
        from,
        mint,
        to,
        &owner.pubkey(),
        &[],
        amount,
        6,
    )
    .expect("transfer_checked instruction")
}

/// The mints the other tests hand to Encore are what they claim: owned by
/// Token-2022 with the extension of their kind, and the fee mint really
/// delivers less than was sent (what a classic-only program is spared).
#[test]
fn the_token_2022_mints_are_what_they_claim() {
    let mut f = Fixture::new();
    let sender = f.keypair();
    let receiver = f.keypair();
    for kind in KINDS {
        let sent = foreign(&mut f, &sender.pubkey(), 10_000, kind);
        let mint = f.account(&sent.mint).expect("mint");
        assert_eq!(mint.owner, TOKEN_2022, "{kind:?}");
        assert_ne!(mint.owner, anchor_spl::token::ID);
        let state = StateWithExtensions::<spl_token_2022::state::Mint>::unpack(&mint.data)
            .expect("a Token-2022 mint");
        assert_eq!(
            state.get_extension_types().expect("extensions"),
            kind.extensions(),
            "{kind:?}"
        );
        match kind {
            Kind::Plain => {}
            Kind::TransferFee => {
                let config = state.get_extension::<TransferFeeConfig>().expect("fee");
                let fee = config.newer_transfer_fee.transfer_fee_basis_points;
                assert_eq!(u16::from(fee), FEE_BPS);
                // 1 % of 10,000 is withheld from the receiver.
                let to = t22_account(&mut f, &receiver.pubkey(), &sent.mint);
                let ix = transfer_checked(&sent.account, &sent.mint, &to, &sender, 10_000);
                f.send(&[ix], &[&sender]).expect("fee transfer");
                assert_eq!(t22_balance(&mut f, &sent.account), 0);
                assert_eq!(t22_balance(&mut f, &to), 9_900);
            }
            Kind::TransferHook => {
                let hook = state.get_extension::<TransferHook>().expect("hook");
                assert_eq!(Option::<Pubkey>::from(hook.program_id), Some(HOOK_PROGRAM));
            }
        }
    }
}
