//! The hybrid logical clock's stamps as text. The clock itself lives in the database
//! (`sync_state.hlc`), advanced by plain SQL in the triggers, so every connection
//! stamps from the same clock and no connection needs a function of the store's own.
//!
//! A stamp is 16 lowercase hex digits of `(milliseconds since 1970 << 16) + counter`,
//! `-`, and the device id: fixed width, so text order is clock order, and two devices
//! never give the same stamp.

/// The longest device id accepted from another device.
const MAX_DEVICE_LEN: usize = 64;

/// The clock value of a stamp from another device, or why it is not one.
pub(crate) fn parse(stamp: &str) -> Result<i64, String> {
    let (clock, device) = stamp
        .split_once('-')
        .ok_or_else(|| format!("stamp {stamp:?} has no device"))?;
    if clock.len() != 16
        || !clock
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(format!("stamp {stamp:?} does not start with 16 hex digits"));
    }
    if device.is_empty()
        || device.len() > MAX_DEVICE_LEN
        || !device
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(format!("stamp {stamp:?} has no valid device id"));
    }
    let value = u64::from_str_radix(clock, 16).map_err(|e| format!("stamp {stamp:?}: {e}"))?;
    // SQLite integers are signed: a stamp past 2^63 cannot be kept (nor is it a time).
    i64::try_from(value).map_err(|_| format!("stamp {stamp:?} is out of range"))
}

/// The device id at the end of a stamp.
pub(crate) fn device(stamp: &str) -> &str {
    stamp.split_once('-').map(|(_, d)| d).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_parse_and_refuse_what_is_not_one() {
        assert_eq!(parse("0000000000010002-abc"), Ok(0x1_0002));
        assert_eq!(device("0000000000010002-abc"), "abc");
        for bad in [
            "",
            "0000000000010002",
            "000000000001000-abc",
            "000000000001000G-abc",
            "0000000000010002-",
            "ffffffffffffffff-abc",
            "0000000000010002-a b",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn text_order_is_clock_order() {
        let a = format!("{:016x}-{}", 0x18c_0000_0001_u64, "zz");
        let b = format!("{:016x}-{}", 0x18c_0000_0002_u64, "aa");
        assert!(a < b);
    }
}
