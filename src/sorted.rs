//! Small operations on sorted slices, written once: the history read's rename detection and
//! the near-duplicate check both count what two sorted lists share.

use std::cmp::Ordering;

/// How many elements two sorted slices have in common (each element of `a` matched at most
/// once), in one pass over both.
pub fn count_common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_shared_elements_of_sorted_lists() {
        assert_eq!(count_common(&[1, 2, 3, 5], &[2, 3, 4, 5, 6]), 3);
        assert_eq!(count_common::<u32>(&[], &[1]), 0);
        assert_eq!(count_common(&[1, 1, 2], &[1, 2, 2]), 2);
        assert_eq!(count_common(&["a", "b"], &["b", "c"]), 1);
    }
}
