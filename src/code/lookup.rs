//! The two indexes the generator can choose from to find a code's row. Both
//! offer the same `const fn`s, so the code in error_code.rs does not depend on
//! which one a table got. The generator uses one of the two, so the other is
//! allowed to be dead code.

use crate::code::table::ALL;
use crate::code::table::ErrorCode;

/// The row number of an empty slot.
const NO_ROW: u16 = u16::MAX;

/// An array indexed by `code - MIN`, built at compile time from [`ALL`].
/// `MIN` is a constant so that the subtraction takes an immediate operand
/// rather than a load.
#[allow(
    dead_code,
    reason = "the generated code uses Dense or Sorted, whichever the generator chose for the table"
)]
pub(crate) struct Dense<const MIN: i32, const SPAN: usize> {
    variants: [Option<ErrorCode>; SPAN],
    rows: [u16; SPAN],
}

#[allow(
    dead_code,
    reason = "the generated code uses Dense or Sorted, whichever the generator chose for the table"
)]
impl<const MIN: i32, const SPAN: usize> Dense<MIN, SPAN> {
    /// Builds the index; the generator chose `MIN` and `SPAN` to cover every code.
    pub(crate) const fn new<const N: usize>(all: &[ErrorCode; N]) -> Self {
        let mut variants = [None; SPAN];
        let mut rows = [NO_ROW; SPAN];
        let mut row = 0;
        while row < N {
            let offset = (all[row] as i32).wrapping_sub(MIN) as u32 as usize;
            variants[offset] = Some(all[row]);
            rows[offset] = row as u16;
            row += 1;
        }
        Dense { variants, rows }
    }

    /// The code's variant, if the table has it.
    #[inline]
    pub(crate) const fn find(&self, code: i32) -> Option<ErrorCode> {
        // Codes below MIN wrap around to offsets far above SPAN.
        let offset = code.wrapping_sub(MIN) as u32 as usize;
        if offset < SPAN {
            self.variants[offset]
        } else {
            None
        }
    }

    /// The row of a variant.
    #[inline]
    pub(crate) const fn row(&self, code: ErrorCode) -> usize {
        self.rows[(code as i32).wrapping_sub(MIN) as u32 as usize] as usize
    }
}

/// The codes in ascending order, with the row of each, searched by halving.
#[allow(
    dead_code,
    reason = "the generated code uses Dense or Sorted, whichever the generator chose for the table"
)]
pub(crate) struct Sorted<const N: usize> {
    pub(crate) codes: [i32; N],
    pub(crate) rows: [u16; N],
}

#[allow(
    dead_code,
    reason = "the generated code uses Dense or Sorted, whichever the generator chose for the table"
)]
impl<const N: usize> Sorted<N> {
    /// The position of the last code not above `code` (0 when there is none).
    /// The loop's trip count depends only on N, and the step is a select the
    /// compiler turns into a conditional move: no branch to mispredict.
    #[inline]
    const fn position(&self, code: i32) -> usize {
        let mut base = 0;
        let mut size = N;
        while size > 1 {
            let half = size / 2;
            let middle = base + half;
            base = if self.codes[middle] <= code {
                middle
            } else {
                base
            };
            size -= half;
        }
        base
    }

    /// The code's variant, if the table has it.
    #[inline]
    pub(crate) const fn find(&self, code: i32) -> Option<ErrorCode> {
        let position = self.position(code);
        if self.codes[position] == code {
            Some(ALL[self.rows[position] as usize])
        } else {
            None
        }
    }

    /// The row of a variant (every variant is in the index).
    #[inline]
    pub(crate) const fn row(&self, code: ErrorCode) -> usize {
        self.rows[self.position(code as i32)] as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sorted index over `codes`, each pointing at the row of the same
    /// position in the real table, checked at every code and both
    /// neighbours of each.
    fn check<const N: usize>(codes: [i32; N]) {
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
        let mut rows = [0u16; N];
        for (row, slot) in rows.iter_mut().enumerate() {
            *slot = row as u16;
        }
        let index = Sorted { codes, rows };
        for (i, &code) in codes.iter().enumerate() {
            assert_eq!(index.position(code), i, "{codes:?}: {code}");
            assert_eq!(index.find(code), Some(ALL[i]), "{codes:?}: {code}");
            for near in [code.wrapping_sub(1), code.wrapping_add(1)] {
                if !codes.contains(&near) {
                    assert_eq!(index.find(near), None, "{codes:?}: {near}");
                }
            }
        }
        for far in [i32::MIN, i32::MAX] {
            if !codes.contains(&far) {
                assert_eq!(index.find(far), None, "{codes:?}: {far}");
            }
        }
    }

    #[test]
    fn a_sorted_index_finds_every_code_and_nothing_between() {
        check([-5]);
        check([-5, 0]);
        check([-1123, -152, -100]);
        check([-9, -7, -5, -3]);
        check([-1_000_000, -999_999, -17, 0, 3]);
        check([i32::MIN, -1, 0, i32::MAX]);
        check([-80, -70, -60, -50, -40, -30, -20, -10]);
    }

    #[test]
    fn a_variant_is_found_at_its_row() {
        // Every variant of the real table, under its own code.
        let mut sorted: Vec<(i32, u16)> = ALL
            .iter()
            .enumerate()
            .map(|(row, &code)| (code as i32, row as u16))
            .collect();
        sorted.sort_unstable();
        let mut index = Sorted {
            codes: [0; crate::code::table::ROWS],
            rows: [0; crate::code::table::ROWS],
        };
        for (i, (code, row)) in sorted.into_iter().enumerate() {
            index.codes[i] = code;
            index.rows[i] = row;
        }
        for (row, &code) in ALL.iter().enumerate() {
            assert_eq!(index.row(code), row, "{code:?}");
            assert_eq!(index.find(code as i32), Some(code));
        }
    }
}
