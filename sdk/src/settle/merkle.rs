//! The audit root: a sha256 Merkle tree over a batch's raw play events.
//!
//! - Leaf: `sha256(listener (32 bytes) ‖ track (32) ‖ timestamp (i64 LE) ‖
//!   seconds_played (u32 LE))`, 76 bytes hashed; `track` is the registry
//!   `Track` address, `listener` the wallet.
//! - Leaves are in the batch's canonical event order: by listener address,
//!   then track address, timestamp and seconds.
//! - Node: `sha256(left ‖ right)`. A level with an odd count promotes its
//!   last node unchanged to the next level.
//! - An empty tree's root is 32 zero bytes.
//!
//! A leaf preimage is 76 bytes and a node preimage 64, so an inner node can
//! never be passed off as an event. Anyone holding the play log can rebuild
//! the plan (it is deterministic), [`prove`] an event and [`verify`] it
//! against the root the batch recorded on chain.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Pubkey;

pub type Hash = [u8; 32];

/// The leaf of one play event.
pub fn leaf(listener: &Pubkey, track: &Pubkey, timestamp: i64, seconds: u32) -> Hash {
    let mut data = [0u8; 76];
    data[..32].copy_from_slice(listener.as_ref());
    data[32..64].copy_from_slice(track.as_ref());
    data[64..72].copy_from_slice(&timestamp.to_le_bytes());
    data[72..].copy_from_slice(&seconds.to_le_bytes());
    Sha256::digest(data).into()
}

fn node(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// The root over `leaves`, in order.
pub fn root(leaves: &[Hash]) -> Hash {
    if leaves.is_empty() {
        return [0u8; 32];
    }
    let mut level = leaves.to_vec();
    while level.len() > 1 {
        let pairs = level.len() / 2;
        for i in 0..pairs {
            level[i] = node(&level[2 * i], &level[2 * i + 1]);
        }
        if level.len() % 2 == 1 {
            level[pairs] = level[level.len() - 1];
            level.truncate(pairs + 1);
        } else {
            level.truncate(pairs);
        }
    }
    level[0]
}

/// One step from a leaf towards the root: the sibling and its side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub sibling: Hash,
    pub sibling_is_left: bool,
}

/// The path from a leaf to the root; promoted levels have no step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proof {
    pub steps: Vec<Step>,
}

/// The proof for `leaves[index]`; `None` if out of range.
pub fn prove(leaves: &[Hash], index: usize) -> Option<Proof> {
    if index >= leaves.len() {
        return None;
    }
    let mut steps = Vec::new();
    let mut level = leaves.to_vec();
    let mut at = index;
    while level.len() > 1 {
        let sibling = at ^ 1;
        if sibling < level.len() {
            steps.push(Step {
                sibling: level[sibling],
                sibling_is_left: sibling < at,
            });
        }
        let next: Vec<Hash> = level
            .chunks(2)
            .map(|c| {
                if c.len() == 2 {
                    node(&c[0], &c[1])
                } else {
                    c[0]
                }
            })
            .collect();
        level = next;
        at /= 2;
    }
    Some(Proof { steps })
}

/// Whether `leaf` is in the tree whose root is `root`.
pub fn verify(root: &Hash, leaf: &Hash, proof: &Proof) -> bool {
    let mut hash = *leaf;
    for step in &proof.steps {
        hash = if step.sibling_is_left {
            node(&step.sibling, &hash)
        } else {
            node(&hash, &step.sibling)
        };
    }
    hash == *root
}
