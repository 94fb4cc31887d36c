// The hash behind `ErrorCode::from_name`.
//
// Compiled into the library and, through `#[path]` in codegen/mod.rs, into the
// build script, which lays out the open-addressing table with it: both sides
// must agree on every bit, so there is one definition.

/// Hashes a name ignoring ASCII case: its length, its first eight bytes and
/// its last eight (overlapping in a short name), each with bit 5 set, which
/// lower-cases ASCII letters. Two loads and two multiplications, independent
/// of each other, whatever the length.
///
/// Names that differ only in their middle, or in bytes bit 5 merges, share a
/// slot's neighbourhood; the comparison after the lookup tells them apart.
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
#[allow(dead_code)]
pub(crate) const fn slot_count(keys: usize) -> usize {
    let wanted = if keys < 4 { 8 } else { keys * 2 };
    wanted.next_power_of_two()
}

/// The value of an empty slot.
pub(crate) const EMPTY_SLOT: u16 = u16::MAX;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{CONSTANT_NAMES, NAMES};

    #[test]
    fn a_name_hashes_alike_in_any_ascii_case() {
        for name in NAMES.iter().chain(&CONSTANT_NAMES) {
            let lower = name.to_ascii_lowercase();
            let upper = name.to_ascii_uppercase();
            assert_eq!(
                name_hash(lower.as_bytes()),
                name_hash(upper.as_bytes()),
                "{name}"
            );
        }
    }

    #[test]
    fn the_tables_names_spread_over_their_slots() {
        // Every spelling of every name, once (a constant that differs from
        // its variant only in case is the same key).
        let mut keys: Vec<String> = NAMES
            .iter()
            .chain(&CONSTANT_NAMES)
            .map(|n| n.to_ascii_lowercase())
            .collect();
        keys.sort();
        keys.dedup();
        let mut hashes: Vec<u32> = keys.iter().map(|k| name_hash(k.as_bytes())).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), keys.len(), "no two names share a hash");
        // Laid out as the generator lays them, no probe is long.
        let slots = slot_count(keys.len());
        assert!(slots >= 2 * keys.len() && slots.is_power_of_two());
        let mut used = vec![false; slots];
        let mut longest = 0;
        for key in &keys {
            let mut slot = name_hash(key.as_bytes()) as usize & (slots - 1);
            let mut probes = 1;
            while used[slot] {
                slot = (slot + 1) & (slots - 1);
                probes += 1;
            }
            used[slot] = true;
            longest = longest.max(probes);
        }
        // Linear probing at most half full keeps the longest probe near the
        // logarithm of the table's size (7 for today's table); a hash that
        // piles names up makes it as long as the table. The bound holds for
        // any table an editor can write.
        assert!(longest <= 32, "a probe of {longest} slots");
    }

    #[test]
    fn there_are_at_least_twice_as_many_slots_as_names() {
        for keys in [0, 1, 3, 4, 5, 55, 110, 1000, 20_000] {
            let slots = slot_count(keys);
            assert!(
                slots >= 2 * keys && slots >= 8 && slots.is_power_of_two(),
                "{keys}: {slots}"
            );
        }
    }
}
