//! The two indexes the generator can choose from to find a code's row. Both
//! offer the same `const fn`s, so the code in error_code.rs does not depend on
//! which one a table got. The generator uses one of the two, so the other is
//! allowed to be dead code.

use crate::ErrorCode;
use crate::table::ALL;

/// The row number of an empty slot.
const NO_ROW: u16 = u16::MAX;

/// An array indexed by `code - MIN`, built at compile time from [`ALL`].
/// `MIN` is a constant so that the subtraction takes an immediate operand
/// rather than a load.
#[allow(dead_code)]
pub(crate) struct Dense<const MIN: i32, const SPAN: usize> {
    variants: [Option<ErrorCode>; SPAN],
    rows: [u16; SPAN],
}

#[allow(dead_code)]
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
#[allow(dead_code)]
pub(crate) struct Sorted<const N: usize> {
    pub(crate) codes: [i32; N],
    pub(crate) rows: [u16; N],
}

#[allow(dead_code)]
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
