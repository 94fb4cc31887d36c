//! The name hash over the real table: case-blind, and spread so that no
//! probe of `from_name` is long. Here rather than in src/code/name_hash.rs, which
//! the build script and the generator's tests also compile, without the
//! table.

use crate::code::name_hash::{name_hash, slot_count};
use crate::code::table::{CONSTANT_NAMES, NAMES};

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
    // logarithm of the table's size (7 of 256 slots for today's table); a
    // hash that piles names up makes it as long as the table. Twice the
    // logarithm leaves room for names an editor adds, and fails a hash that
    // clusters.
    let bound = 2 * slots.ilog2() as usize;
    assert!(
        longest <= bound,
        "a probe of {longest} slots, more than {bound}"
    );
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
