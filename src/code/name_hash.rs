// The hash behind `ErrorCode::from_name`.
//
// Compiled into the library and, through `#[path]` in codegen/mod.rs, into the
// build script, which lays out the open-addressing table with it: both sides
// must agree on every bit, so there is one definition.

/// Hashes a name ignoring ASCII case: its length, its first eight bytes and
/// its last eight (overlapping in a name of eight to fifteen bytes), each
/// with bit 5 set, which lower-cases ASCII letters. A name of eight bytes or
/// more is read with two eight-byte loads; a shorter one is copied into one
/// zero-padded word, and its last word is 0. Whatever the length, three
/// multiplications: one of the first word and one of the last, independent
/// of each other, then one of their mix, which waits for both.
///
/// Names that differ only in their middle, or in bytes bit 5 merges, share a
/// slot's neighbourhood; the lookup's comparisons of names tell them apart.
/// The table holds both spellings of each name (variant and constant), so
/// underscores need no special case.
pub(crate) fn name_hash(name: &[u8]) -> u32 {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let length = name.len();
    let (head, tail) = if length >= 8 {
        (word(&name[..8]), word(&name[length - 8..]))
    } else {
        (word(name), 0)
    };
    let mixed = ((head | LOWER) ^ 0x243f_6a88_85a3_08d3).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ ((tail | LOWER) ^ 0x1319_8a2e_0370_7344).wrapping_mul(0xbf58_476d_1ce4_e5b9)
        ^ length as u64;
    let mixed = (mixed ^ (mixed >> 29)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (mixed >> 32) as u32
}

/// Up to eight bytes as a little-endian word, zero-padded.
fn word(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(word)
}

/// The number of slots for `keys` names: a power of two at least twice as
/// large, so a probe sequence stays short.
#[allow(
    dead_code,
    reason = "the generator includes this file and uses it; the library uses it only in its tests"
)]
pub(crate) const fn slot_count(keys: usize) -> usize {
    let wanted = if keys < 4 { 8 } else { keys * 2 };
    wanted.next_power_of_two()
}

/// The value of an empty slot.
pub(crate) const EMPTY_SLOT: u16 = u16::MAX;
