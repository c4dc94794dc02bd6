//! How the XML and JSON decoders grow a list while they read it, and what they do to it after.
//!
//! Neither format says how many items follow, so a list grows as it is read. `Vec`'s own
//! doubling leaves a list of 10,000 images with room for 16,384 (4.3 MB unused at 680 bytes an
//! image): the decoders grow large lists by half instead, and give back what is left over once
//! the list is complete.

/// Room, in bytes, under which a list grows as `Vec` grows it (doubling) and keeps its spare
/// room: below a page, giving room back would cost a `realloc` per small list (most lists hold
/// a few items) to save less than the allocator's own rounding.
const SMALL_BYTES: usize = 4096;

/// Appends `item`, growing a large list by half its length rather than doubling it.
#[inline]
pub(crate) fn push<T>(items: &mut Vec<T>, item: T) {
    if items.len() == items.capacity() {
        grow(items);
    }
    items.push(item);
}

#[cold]
fn grow<T>(items: &mut Vec<T>) {
    let size = std::mem::size_of::<T>().max(1);
    if items.len().saturating_mul(size) < SMALL_BYTES {
        items.reserve(1);
    } else {
        items.reserve_exact(items.len() / 2);
    }
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
    fn a_small_list_grows_as_vec_does_and_keeps_its_room() {
        let mut small: Vec<[u8; 176]> = Vec::new();
        push(&mut small, [1; 176]);
        let room = small.capacity();
        assert!(room > 1);
        fit(&mut small);
        assert_eq!(
            small.capacity(),
            room,
            "{} spare bytes are kept",
            (room - 1) * 176
        );
        assert_eq!(small, vec![[1; 176]]);
        let mut units = Vec::new();
        for _ in 0..100_000 {
            push(&mut units, ());
        }
        assert_eq!(units.len(), 100_000);
    }
}
