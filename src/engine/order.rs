//! One stable ordering by a `u64` key for every sort the first-visit module
//! runs (the broker's shuffle and close, the stage's tokens). Each `sort_by_*`
//! call on another element or key type links its own copy of the standard
//! library's sort, several KB of wasm apiece; these all share one
//! instantiation: `sort_unstable` on `(key, index)` pairs, the index making it
//! stable.

/// The order of `keys` from lowest to highest, ties in their given order: a
/// permutation of `0..keys.len()`.
pub fn stable_order(keys: impl IntoIterator<Item = u64>) -> Vec<usize> {
    let mut pairs: Vec<(u64, usize)> = keys.into_iter().zip(0..).collect();
    pairs.sort_unstable();
    pairs.into_iter().map(|(_, i)| i).collect()
}

/// `items` sorted by `key`, stably (as `sort_by_key` would).
pub fn sorted_by<T>(items: Vec<T>, key: impl Fn(&T) -> u64) -> Vec<T> {
    let order = stable_order(items.iter().map(key));
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_keep_their_order() {
        assert_eq!(stable_order([3, 1, 3, 0, 1]), vec![3, 1, 4, 0, 2]);
        let v = sorted_by(vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd')], |p| p.0);
        assert_eq!(v, vec![(1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
        assert!(stable_order(std::iter::empty()).is_empty());
    }

    #[test]
    fn it_agrees_with_the_standard_stable_sort() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for len in 0..60 {
            let keys: Vec<u64> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x % 7
                })
                .collect();
            let mut expect: Vec<usize> = (0..len).collect();
            expect.sort_by_key(|&i| keys[i]);
            assert_eq!(stable_order(keys.iter().copied()), expect, "{keys:?}");
        }
    }
}
