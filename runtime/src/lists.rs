//! How the XML and JSON decoders grow a list while they read it, and what they do to it after.
//!
//! Neither format says how many items follow, so a list grows as it is read. `Vec`'s own
//! growth makes room for 4 items at the first push and doubles from there: a decoded image's
//! one-disk `blockStorageMappingList` would hold room for 4 (528 bytes unused, about half a
//! megabyte per thousand images), and a list of 10,000 images room for 16,384 (4.3 MB unused).
//! The decoders start a list at room for one item, double it while it is small and grow it by
//! half past a page, then give back what is left over once the list is complete.

/// Size, in bytes, past which a list grows by half rather than doubling, and from which spare
/// room is given back: below a page, giving room back would cost a `realloc` to save less than
/// the allocator's own rounding.
const SMALL_BYTES: usize = 4096;

/// Appends `item`: room for one item first, then doubling, then growing by half past a page.
#[inline]
pub(crate) fn push<T>(items: &mut Vec<T>, item: T) {
    if items.len() == items.capacity() {
        grow(items);
    }
    items.push(item);
}

#[cold]
fn grow<T>(items: &mut Vec<T>) {
    let len = items.len();
    let more = if len.saturating_mul(std::mem::size_of::<T>()) < SMALL_BYTES {
        len.max(1)
    } else {
        len / 2
    };
    items.reserve_exact(more);
}

/// Gives back a complete list's spare room when it is a page or more.
pub(crate) fn fit<T>(items: &mut Vec<T>) {
    let spare = (items.capacity() - items.len()).saturating_mul(std::mem::size_of::<T>());
    if spare >= SMALL_BYTES {
        items.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_list_grows_by_half_and_ends_without_spare_room() {
        let mut big: Vec<[u8; 680]> = Vec::new();
        let mut most_spare = 0;
        for i in 0..10_000u16 {
            push(&mut big, [i.to_le_bytes()[0]; 680]);
            let spare = big.capacity() - big.len();
            if big.len() * 680 >= SMALL_BYTES {
                assert!(spare <= big.len() / 2 + 1, "{spare} spare at {}", big.len());
            }
            most_spare = most_spare.max(spare);
        }
        assert!(big.capacity() < 15_000, "grown by half: {}", big.capacity());
        assert!(most_spare > 0);
        fit(&mut big);
        assert_eq!(big.capacity(), 10_000);
        assert!(
            big.iter()
                .enumerate()
                .all(|(i, v)| v[679] == (i as u16).to_le_bytes()[0])
        );
    }

    #[test]
    fn a_small_list_has_room_for_what_it_holds() {
        for n in 1..=4 {
            let mut small: Vec<[u8; 176]> = Vec::new();
            for i in 0..n {
                push(&mut small, [i; 176]);
            }
            fit(&mut small);
            // 1, 2 and 4 items fill their room; 3 keep a fourth's (less than a page).
            assert_eq!(small.capacity(), if n == 3 { 4 } else { usize::from(n) });
            assert!(
                small
                    .iter()
                    .enumerate()
                    .all(|(i, v)| usize::from(v[0]) == i)
            );
        }
        let mut units = Vec::new();
        for _ in 0..100_000 {
            push(&mut units, ());
        }
        assert_eq!(units.len(), 100_000);
    }
}
