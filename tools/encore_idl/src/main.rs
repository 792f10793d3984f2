//! `cargo run -p encore-idl` writes the Anchor IDL of every program under
//! `programs/` to `idl/<program>.json`; `cargo run -p encore-idl -- --check`
//! fails when a committed IDL differs from what the code generates.
//!
//! The IDLs are built the way `anchor idl build` builds them: each program's
//! `idl-build` feature compiles natively and prints its IDL from tests, so
//! no SBF toolchain is needed.

use std::path::{Path, PathBuf};

use anchor_lang_idl::build::IdlBuilder;
use anyhow::{anyhow, bail, Context};

fn main() -> anyhow::Result<()> {
    let check = std::env::args().any(|a| a == "--check");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().context("the workspace root")?;
    // The builder would run `cargo +<toolchain>` when this is set; the
    // toolchain is the one rust-toolchain.toml pins, found without it.
    std::env::remove_var("RUSTUP_TOOLCHAIN");
    let mut programs: Vec<PathBuf> = std::fs::read_dir(root.join("programs"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("Cargo.toml").exists())
        .collect();
    programs.sort();
    let out_dir = root.join("idl");
    std::fs::create_dir_all(&out_dir)?;
    let mut stale = Vec::new();
    for program in &programs {
        let idl = IdlBuilder::new()
            .program_path(program.clone())
            .skip_lint(true)
            .cargo_args(vec!["--locked".into()])
            .build()
            .map_err(|e| anyhow!("building the IDL of {}: {e}", program.display()))?;
        let name = idl.metadata.name.clone();
        let mut text = serde_json::to_string_pretty(&idl)?;
        text.push('\n');
        let path = out_dir.join(format!("{name}.json"));
        if check {
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            if committed != text {
                stale.push(path.display().to_string());
            }
        } else {
            std::fs::write(&path, text)?;
            println!("wrote {}", path.display());
        }
    }
    if !stale.is_empty() {
        bail!(
            "the committed IDL differs from the code: {}; regenerate with `cargo run -p encore-idl` and commit idl/",
            stale.join(", ")
        );
    }
    if check {
        println!("idl/: {} programs match the code", programs.len());
    }
    Ok(())
}
