// The hash behind `ErrorCode::from_name`.
//
// Compiled into the library and, through `#[path]` in codegen/mod.rs, into the
// build script, which lays out the open-addressing table with it: both sides
// must agree on every bit, so there is one definition.

/// Hashes a name the way `from_name` compares it: ASCII letters folded to
/// lower case and underscores skipped, so `PhoneNumberInvalid`,
/// `PHONE_NUMBER_INVALID` and `phone_number_invalid` hash alike (FNV-1a).
pub(crate) const fn name_hash(name: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < name.len() {
        let byte = name[i];
        if byte != b'_' {
            hash ^= byte.to_ascii_lowercase() as u32;
            hash = hash.wrapping_mul(0x0100_0193);
        }
        i += 1;
    }
    // FNV's low bits mix poorly; fold the high half in, since the table is
    // indexed by the low bits.
    hash ^ (hash >> 16)
}

/// The number of slots for `rows` names: a power of two at least twice as
/// large, so a probe sequence stays short.
#[allow(dead_code)]
pub(crate) const fn slot_count(rows: usize) -> usize {
    let wanted = if rows < 4 { 8 } else { rows * 2 };
    wanted.next_power_of_two()
}

/// The value of an empty slot.
pub(crate) const EMPTY_SLOT: u16 = u16::MAX;
