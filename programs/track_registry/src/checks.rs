//! Pure validation, shared by the handlers and mirrored by the SDK.

use crate::constants::*;
use crate::errors::RegistryError;
use crate::state::TermsArgs;

pub fn check_handle(handle: &str) -> Result<(), RegistryError> {
    let len_ok = (MIN_HANDLE_LEN..=MAX_HANDLE_LEN).contains(&handle.len());
    let chars_ok = handle
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if len_ok && chars_ok {
        Ok(())
    } else {
        Err(RegistryError::InvalidHandle)
    }
}

pub fn check_display_name(name: &str) -> Result<(), RegistryError> {
    if name.len() <= MAX_DISPLAY_NAME_LEN {
        Ok(())
    } else {
        Err(RegistryError::DisplayNameTooLong)
    }
}

pub fn check_uri(uri: &str) -> Result<(), RegistryError> {
    if uri.len() <= MAX_URI_LEN {
        Ok(())
    } else {
        Err(RegistryError::UriTooLong)
    }
}

/// ISO 3901: two letters (country), three letters or digits (registrant),
/// two digits (year), five digits (designation); stored upper case without hyphens.
pub fn check_isrc(isrc: &[u8; ISRC_LEN]) -> Result<(), RegistryError> {
    let country = isrc[0..2].iter().all(u8::is_ascii_uppercase);
    let registrant = isrc[2..5]
        .iter()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let digits = isrc[5..12].iter().all(u8::is_ascii_digit);
    if country && registrant && digits {
        Ok(())
    } else {
        Err(RegistryError::InvalidIsrc)
    }
}

pub fn check_content_hash(hash: &[u8; 32]) -> Result<(), RegistryError> {
    if hash.iter().any(|b| *b != 0) {
        Ok(())
    } else {
        Err(RegistryError::InvalidContentHash)
    }
}

pub fn check_terms(terms: &TermsArgs) -> Result<(), RegistryError> {
    if terms.price_per_play == 0 {
        return Err(RegistryError::InvalidPrice);
    }
    if terms.derivative_share_bps > MAX_BPS {
        return Err(RegistryError::InvalidBps);
    }
    if terms.derivative_share_bps > 0 && !terms.allow_derivative {
        return Err(RegistryError::DerivativeShareWithoutDerivatives);
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn isrc_format() {
        assert!(check_isrc(b"USRC17607839").is_ok());
        assert!(check_isrc(b"GBAYE6800011").is_ok());
        assert!(check_isrc(b"usRC17607839").is_err());
        assert!(check_isrc(b"US-C17607839").is_err());
        assert!(check_isrc(b"USRC1760783A").is_err());
        assert!(check_isrc(b"1SRC17607839").is_err());
    }

    #[test]
    fn handle_rules() {
        assert!(check_handle("dj_sol").is_ok());
        assert!(check_handle("ab").is_err());
        assert!(check_handle("Upper").is_err());
        assert!(check_handle(&"a".repeat(33)).is_err());
    }
}
