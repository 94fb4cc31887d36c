// The hash behind `ErrorCode::from_name`.
//
// Compiled into the library and, through `#[path]` in codegen/mod.rs, into the
// build script, which lays out the open-addressing table with it: both sides
// must agree on every bit, so there is one definition.

/// Hashes a name the way `from_name` compares it, so that `PhoneNumberInvalid`,
/// `PHONE_NUMBER_INVALID` and `phone_number_invalid` hash alike.
///
/// It mixes what inserting underscores and changing ASCII case leave alone:
/// the length and the byte sum without underscores, and the first and last
/// bytes, all folded to lower case. The two loops are plain reductions the
/// compiler vectorises, which is several times faster than a byte-at-a-time
/// hash that skips underscores; names that collide are told apart by the
/// comparison that follows.
pub(crate) fn name_hash(name: &[u8]) -> u32 {
    // Setting bit 5 lower-cases ASCII letters and keeps digits; it turns `_`
    // into 0x7f, which is taken out again below.
    let mut sum: u32 = 0;
    let mut underscores: u32 = 0;
    for &byte in name {
        sum = sum.wrapping_add(u32::from(byte | 0x20));
        underscores += u32::from(byte == b'_');
    }
    let sum = sum.wrapping_sub(underscores.wrapping_mul(0x7f));
    let length = (name.len() as u32).wrapping_sub(underscores);
    let first = name.first().map_or(0, |b| b | 0x20);
    let last = name.last().map_or(0, |b| b | 0x20);
    let key = u64::from(sum)
        | u64::from(length & 0xff) << 32
        | u64::from(first) << 40
        | u64::from(last) << 48;
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as u32
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
