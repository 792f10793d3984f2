//! `encore track list`

use clap::Args;
use encore_sdk::{accounts, pda, Pubkey};

use super::view::Viewer;
use crate::artist::find_artist;
use crate::output::{short, table};
use crate::Context;

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only this artist's tracks: the artist's wallet or profile address
    #[arg(long, value_name = "AUTHORITY_OR_PROFILE")]
    pub artist: Option<Pubkey>,
}

pub fn run(ctx: &mut Context, args: ListArgs) -> anyhow::Result<()> {
    let profile = match args.artist {
        // A wallet without a profile owns no tracks; its would-be profile
        // address filters to an empty list.
        Some(key) => Some(
            find_artist(ctx.client, &key)?
                .map_or_else(|| pda::artist(&key).0, |(address, _)| address),
        ),
        None => None,
    };
    let tracks = accounts::tracks(ctx.client, profile.as_ref())?;
    let mut viewer = Viewer::new(ctx.client);
    let views: Vec<_> = tracks
        .iter()
        .map(|(address, track)| viewer.view(address, track))
        .collect();
    ctx.printer.emit(&views, |out| {
        if views.is_empty() {
            return writeln!(out, "No tracks found");
        }
        let rows: Vec<Vec<String>> = views
            .iter()
            .map(|v| {
                vec![
                    v.track.clone(),
                    v.artist_label(),
                    v.status.to_string(),
                    format!("{} {}", v.terms.price_text(), short(&v.terms.payment_mint)),
                    v.isrc.clone().unwrap_or_else(|| "-".into()),
                    v.terms.licence_summary(),
                ]
            })
            .collect();
        table(
            out,
            &["TRACK", "ARTIST", "STATUS", "PRICE", "ISRC", "LICENCE"],
            &rows,
        )
    })
}
