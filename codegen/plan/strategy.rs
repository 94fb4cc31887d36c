//! Decides how `ErrorCode::from_code` finds a code, from the shape of the codes.

/// How codes are looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Strategy {
    /// An array indexed by `code - min`: one bounds check and one load. Chosen
    /// when the codes are compact enough that the array stays small.
    Dense { min: i32, span: usize },
    /// A binary search over the codes in ascending order, for codes spread
    /// too widely for an array.
    Sorted,
}

/// A dense array may have this many empty slots for each code, plus
/// [`DENSE_BASE`]: ZNS's codes (-100 … -152, 0 and -1123) fill about one slot
/// in twenty, and 1,124 slots of six bytes cost less than a cache-missing
/// binary search.
pub const DENSE_SLOTS_PER_CODE: usize = 32;
/// Slots a dense array may always use, however few the codes.
pub const DENSE_BASE: usize = 4096;
/// The largest dense array, whatever the number of codes.
pub const DENSE_MAX_SPAN: usize = 1 << 20;

/// Picks the strategy for these codes.
pub fn choose(codes: &[i32]) -> Strategy {
    let (Some(&min), Some(&max)) = (codes.iter().min(), codes.iter().max()) else {
        return Strategy::Sorted;
    };
    let span = (i64::from(max) - i64::from(min) + 1) as u64;
    let limit = (codes.len() * DENSE_SLOTS_PER_CODE + DENSE_BASE).min(DENSE_MAX_SPAN) as u64;
    if span <= limit {
        Strategy::Dense {
            min,
            span: span as usize,
        }
    } else {
        Strategy::Sorted
    }
}

/// The open-addressing table behind `ErrorCode::from_name`: slot `i` holds
/// the row of a name that hashes there, or `EMPTY_SLOT`. Each row's variant
/// and constant spellings are both in the table (once, where they differ only
/// in case), so a lookup needs no normalising.
///
/// # Errors
///
/// The table [`slot_count`](super::super::name_hash::slot_count) sized has no free
/// slot for a name (a bug in the sizing, never a property of the data).
pub fn name_slots(rows: &[(&str, &str)]) -> Result<Vec<u16>, String> {
    use super::super::name_hash::{EMPTY_SLOT, name_hash, slot_count};
    let keys: Vec<(usize, &str)> = rows
        .iter()
        .enumerate()
        .flat_map(|(row, &(variant, constant))| {
            let second = (!variant.eq_ignore_ascii_case(constant)).then_some((row, constant));
            std::iter::once((row, variant)).chain(second)
        })
        .collect();
    let mask = slot_count(keys.len()) - 1;
    let mut slots = vec![EMPTY_SLOT; mask + 1];
    for (row, key) in keys {
        let start = name_hash(key.as_bytes()) as usize & mask;
        // A probe sees each slot at most once: a table too small for its
        // names is an error, not an endless loop.
        let free = (0..slots.len())
            .map(|step| (start + step) & mask)
            .find(|&slot| slots[slot] == EMPTY_SLOT)
            .ok_or_else(|| format!("{} slots cannot hold the table's names", slots.len()))?;
        slots[free] = row as u16;
    }
    Ok(slots)
}

#[cfg(test)]
mod tests {
    use super::super::super::name_hash::{EMPTY_SLOT, name_hash};
    use super::*;

    #[test]
    fn zns_codes_get_a_dense_array() {
        let mut codes: Vec<i32> = (-152..=-100).collect();
        codes.extend([0, -1123]);
        assert_eq!(
            choose(&codes),
            Strategy::Dense {
                min: -1123,
                span: 1124
            }
        );
    }

    #[test]
    fn widely_spread_codes_are_searched() {
        let codes: Vec<i32> = (0..10_000).map(|i| i * 100).collect();
        assert_eq!(choose(&codes), Strategy::Sorted);
        assert_eq!(choose(&[i32::MIN, i32::MAX]), Strategy::Sorted);
        assert_eq!(choose(&[]), Strategy::Sorted);
    }

    #[test]
    fn the_limit_grows_with_the_number_of_codes() {
        let just_dense: Vec<i32> = vec![0, (2 * DENSE_SLOTS_PER_CODE + DENSE_BASE - 1) as i32];
        assert!(
            matches!(choose(&just_dense), Strategy::Dense { span, .. } if span == 2 * DENSE_SLOTS_PER_CODE + DENSE_BASE)
        );
        let too_wide: Vec<i32> = vec![0, (2 * DENSE_SLOTS_PER_CODE + DENSE_BASE) as i32];
        assert_eq!(choose(&too_wide), Strategy::Sorted);
    }

    /// The longest run of occupied slots: the most a failed lookup probes.
    fn longest_probe(slots: &[u16]) -> usize {
        let mut longest = 0;
        let mut run = 0;
        // Twice around, so a run that wraps past the end is counted whole.
        for &slot in slots.iter().chain(slots) {
            run = if slot == EMPTY_SLOT { 0 } else { run + 1 };
            longest = longest.max(run);
        }
        longest.min(slots.len())
    }

    fn spellings(names: &[(String, String)]) -> Vec<(&str, &str)> {
        names
            .iter()
            .map(|(v, c)| (v.as_str(), c.as_str()))
            .collect()
    }

    fn names(count: usize) -> Vec<(String, String)> {
        // Names alike but for their digits, as a generated table has them.
        (0..count)
            .map(|i| (format!("SyntheticCode{i}"), format!("SYNTHETIC_CODE{i}")))
            .collect()
    }

    #[test]
    fn every_spelling_is_found_by_probing_from_its_hash() {
        let names = names(1000);
        let pairs = spellings(&names);
        let slots = name_slots(&pairs).unwrap();
        assert!(slots.len() >= 4 * pairs.len() && slots.len().is_power_of_two());
        for (row, &(variant, constant)) in pairs.iter().enumerate() {
            for key in [variant, constant, &variant.to_ascii_lowercase()] {
                let mut slot = name_hash(key.as_bytes()) as usize & (slots.len() - 1);
                while slots[slot] != row as u16 {
                    assert_ne!(slots[slot], EMPTY_SLOT, "{key} is not reachable");
                    slot = (slot + 1) & (slots.len() - 1);
                }
            }
        }
        assert_eq!(
            slots.iter().filter(|&&s| s != EMPTY_SLOT).count(),
            2 * pairs.len()
        );
    }

    #[test]
    fn a_spelling_that_differs_only_in_case_is_stored_once() {
        let slots = name_slots(&[("Success", "SUCCESS")]).unwrap();
        assert_eq!(slots.iter().filter(|&&s| s != EMPTY_SLOT).count(), 1);
    }

    #[test]
    fn similar_names_do_not_pile_up() {
        let names = names(10_000);
        let pairs = spellings(&names);
        let longest = longest_probe(&name_slots(&pairs).unwrap());
        assert!(longest <= 40, "a run of {longest} occupied slots");
    }
}
