//! A named conservation check of the demo's summary.

use serde::Serialize;

#[derive(Serialize, Debug)]
pub struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

/// Appends the check `name` to `checks`.
pub fn check(checks: &mut Vec<Check>, name: String, ok: bool, detail: String) {
    checks.push(Check { name, ok, detail });
}
