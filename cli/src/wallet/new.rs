//! `encore wallet new`

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _};
use clap::Args;
use serde::Serialize;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::error::HintExt;
use crate::output::{key_values, Rows};
use crate::Context;

#[derive(Args, Debug)]
pub struct NewArgs {
    /// Where to write the keypair file
    #[arg(long, short = 'o', value_name = "FILE")]
    pub outfile: PathBuf,
    /// Replace a file that already exists (its key is lost)
    #[arg(long)]
    pub force: bool,
}

#[derive(Serialize, Debug)]
pub struct NewView {
    pub address: String,
    pub outfile: String,
}

impl Rows for NewView {
    fn rows(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Address", self.address.clone()),
            ("Keypair file", self.outfile.clone()),
        ]
    }
}

pub fn run(ctx: &mut Context, args: NewArgs) -> anyhow::Result<()> {
    let keypair = Keypair::new();
    write_keypair(&keypair, &args.outfile, args.force)?;
    let view = NewView {
        address: keypair.pubkey().to_string(),
        outfile: args.outfile.display().to_string(),
    };
    ctx.printer.emit(&view, |out| {
        writeln!(out, "Wrote a new keypair; keep the file secret")?;
        key_values(out, &view.rows())
    })
}

/// Writes `keypair` as the Solana CLI does (a JSON array of its 64 bytes),
/// readable by its owner only; refuses to replace a file unless `force`.
pub fn write_keypair(keypair: &Keypair, path: &Path, force: bool) -> anyhow::Result<()> {
    if path.exists() && !force {
        return Err(anyhow!("{} already exists", path.display()))
            .hint("pick another --outfile, or pass --force to replace it (its key is lost)");
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create {}", dir.display()))
            .hint("pick an --outfile in a directory you can write")?;
    }
    let json = serde_json::to_string(&keypair.to_bytes().to_vec())?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))
        .hint("pick an --outfile in a directory you can write")?;
    file.write_all(json.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
