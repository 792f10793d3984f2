//! Fetch and decode Encore accounts.

use anchor_lang::prelude::Pubkey;
use anchor_lang::{AccountDeserialize, Discriminator};
use governance::state::{ProposedChange, ProtocolConfig, Settler};
use track_registry::state::{Artist, Track};

use crate::client::{EncoreClient, MemcmpFilter};
use crate::error::{Result, SdkError};
use crate::pda;

/// Decodes an Anchor account (discriminator checked).
pub fn decode<T: AccountDeserialize>(
    address: &Pubkey,
    data: &[u8],
    what: &'static str,
) -> Result<T> {
    let mut slice = data;
    T::try_deserialize(&mut slice).map_err(|_| SdkError::Decode(*address, what))
}

/// Fetches and decodes an account owned by `owner`; `None` if it does not exist.
pub fn fetch_optional<T: AccountDeserialize>(
    client: &dyn EncoreClient,
    address: &Pubkey,
    owner: &Pubkey,
    what: &'static str,
) -> Result<Option<T>> {
    match client.get_account(address)? {
        None => Ok(None),
        Some(account) if account.owner != *owner => Err(SdkError::Decode(*address, what)),
        Some(account) => decode(address, &account.data, what).map(Some),
    }
}

pub fn fetch<T: AccountDeserialize>(
    client: &dyn EncoreClient,
    address: &Pubkey,
    owner: &Pubkey,
    what: &'static str,
) -> Result<T> {
    fetch_optional(client, address, owner, what)?.ok_or(SdkError::AccountNotFound(*address))
}

pub fn artist(client: &dyn EncoreClient, address: &Pubkey) -> Result<Artist> {
    fetch(client, address, &track_registry::ID, "artist")
}

/// The artist profile of `authority`, if it has one.
pub fn artist_of(
    client: &dyn EncoreClient,
    authority: &Pubkey,
) -> Result<Option<(Pubkey, Artist)>> {
    let address = pda::artist(authority).0;
    Ok(fetch_optional(client, &address, &track_registry::ID, "artist")?.map(|a| (address, a)))
}

/// Every artist profile, by address.
pub fn artists(client: &dyn EncoreClient) -> Result<Vec<(Pubkey, Artist)>> {
    let filters = [MemcmpFilter::new(0, Artist::DISCRIMINATOR.to_vec())];
    let mut out = client
        .get_program_accounts(&track_registry::ID, &filters)?
        .into_iter()
        .map(|(key, account)| Ok((key, decode::<Artist>(&key, &account.data, "artist")?)))
        .collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|(key, _)| *key);
    Ok(out)
}

pub fn track(client: &dyn EncoreClient, address: &Pubkey) -> Result<Track> {
    fetch(client, address, &track_registry::ID, "track")
}

/// The track at `address`, if one is registered there.
pub fn track_optional(client: &dyn EncoreClient, address: &Pubkey) -> Result<Option<Track>> {
    fetch_optional(client, address, &track_registry::ID, "track")
}

/// Every track, or those of one artist profile, ordered by registration time.
pub fn tracks(client: &dyn EncoreClient, artist: Option<&Pubkey>) -> Result<Vec<(Pubkey, Track)>> {
    let mut filters = vec![MemcmpFilter::new(0, Track::DISCRIMINATOR.to_vec())];
    if let Some(artist) = artist {
        // `artist` is the first field after the 8-byte discriminator.
        filters.push(MemcmpFilter::new(8, artist.to_bytes().to_vec()));
    }
    let mut out = client
        .get_program_accounts(&track_registry::ID, &filters)?
        .into_iter()
        .map(|(key, account)| Ok((key, decode::<Track>(&key, &account.data, "track")?)))
        .collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|(key, t)| (t.registered_at, *key));
    Ok(out)
}

/// The deployment's governance config.
pub fn config(client: &dyn EncoreClient) -> Result<ProtocolConfig> {
    fetch(client, &pda::config().0, &governance::ID, "protocol config")
}

/// The record of the settler whose wallet is `wallet`, if it registered.
pub fn settler(client: &dyn EncoreClient, wallet: &Pubkey) -> Result<Option<Settler>> {
    fetch_optional(client, &pda::settler(wallet).0, &governance::ID, "settler")
}

/// The proposal numbered `id`.
pub fn change(client: &dyn EncoreClient, id: u64) -> Result<ProposedChange> {
    fetch(
        client,
        &pda::change(id).0,
        &governance::ID,
        "proposed change",
    )
}

/// Every settler record, or only the approved ones, ordered by wallet.
pub fn settlers(client: &dyn EncoreClient, approved_only: bool) -> Result<Vec<(Pubkey, Settler)>> {
    let mut filters = vec![MemcmpFilter::new(0, Settler::DISCRIMINATOR.to_vec())];
    if approved_only {
        // `approved` follows the 8-byte discriminator and the 32-byte wallet.
        filters.push(MemcmpFilter::new(40, vec![1u8]));
    }
    let mut out = client
        .get_program_accounts(&governance::ID, &filters)?
        .into_iter()
        .map(|(key, account)| Ok((key, decode::<Settler>(&key, &account.data, "settler")?)))
        .collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|(_, s)| s.wallet);
    Ok(out)
}

/// Every proposal, ordered by id.
pub fn changes(client: &dyn EncoreClient) -> Result<Vec<(Pubkey, ProposedChange)>> {
    let filters = [MemcmpFilter::new(0, ProposedChange::DISCRIMINATOR.to_vec())];
    let mut out = client
        .get_program_accounts(&governance::ID, &filters)?
        .into_iter()
        .map(|(key, account)| {
            Ok((
                key,
                decode::<ProposedChange>(&key, &account.data, "proposed change")?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|(_, c)| c.id);
    Ok(out)
}
