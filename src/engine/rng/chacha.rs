//! ChaCha8 (djb's variant: 64-bit block counter, 64-bit stream 0), one block
//! at a time in plain `u32` arithmetic, for wasm32. The output is
//! rand_chacha's `ChaCha8Rng` word for word (the test compares them; native
//! builds keep rand_chacha); only the code differs. Without SIMD (the worker
//! is built without `simd128`) rand_chacha computes four blocks side by side,
//! 64 live words that the browser's register allocator spills: its block
//! function was 11 % of the worker engine's time (node --cpu-prof on the
//! 200-update experiment), this one 5 %. Sixteen words fit in registers.

use rand::rand_core::block::BlockRngCore;
use rand::SeedableRng;

/// "expand 32-byte k".
const SIGMA: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];
/// Blocks per refill, as rand_chacha (its buffer is 4 blocks of 16 words).
const BLOCKS: usize = 4;
const DOUBLE_ROUNDS: usize = 4;

#[derive(Clone, Debug)]
pub struct ChaCha8Core {
    key: [u32; 8],
    /// The next block's counter.
    counter: u64,
}

/// A refill: `BLOCKS` consecutive blocks, in order.
#[derive(Clone, Debug)]
pub struct Words(pub [u32; 16 * BLOCKS]);

impl Default for Words {
    fn default() -> Self {
        Words([0; 16 * BLOCKS])
    }
}

impl AsRef<[u32]> for Words {
    fn as_ref(&self) -> &[u32] {
        &self.0
    }
}

impl AsMut<[u32]> for Words {
    fn as_mut(&mut self) -> &mut [u32] {
        &mut self.0
    }
}

#[inline(always)]
fn quarter(x: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize) {
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(16);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(12);
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(8);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(7);
}

impl ChaCha8Core {
    fn block(&self, counter: u64, out: &mut [u32]) {
        let mut input = [0u32; 16];
        input[..4].copy_from_slice(&SIGMA);
        input[4..12].copy_from_slice(&self.key);
        input[12] = counter as u32;
        input[13] = (counter >> 32) as u32;
        // Words 14 and 15: stream 0.
        let mut x = input;
        for _ in 0..DOUBLE_ROUNDS {
            quarter(&mut x, 0, 4, 8, 12);
            quarter(&mut x, 1, 5, 9, 13);
            quarter(&mut x, 2, 6, 10, 14);
            quarter(&mut x, 3, 7, 11, 15);
            quarter(&mut x, 0, 5, 10, 15);
            quarter(&mut x, 1, 6, 11, 12);
            quarter(&mut x, 2, 7, 8, 13);
            quarter(&mut x, 3, 4, 9, 14);
        }
        for (o, (x, i)) in out.iter_mut().zip(x.iter().zip(&input)) {
            *o = x.wrapping_add(*i);
        }
    }
}

impl BlockRngCore for ChaCha8Core {
    type Item = u32;
    type Results = Words;

    fn generate(&mut self, results: &mut Words) {
        for (i, out) in results.0.chunks_exact_mut(16).enumerate() {
            self.block(self.counter.wrapping_add(i as u64), out);
        }
        self.counter = self.counter.wrapping_add(BLOCKS as u64);
    }
}

/// `seed_from_u64` is rand_core's default (PCG32 fills the key), as for
/// `ChaCha8Rng`.
impl SeedableRng for ChaCha8Core {
    type Seed = [u8; 32];

    fn from_seed(seed: [u8; 32]) -> Self {
        let mut key = [0u32; 8];
        for (k, bytes) in key.iter_mut().zip(seed.chunks_exact(4)) {
            *k = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        ChaCha8Core { key, counter: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rand_core::block::BlockRng;
    use rand::{Rng, RngCore};
    use rand_chacha::ChaCha8Rng;

    /// Word for word against rand_chacha, across many refills, for seeds
    /// from `seed_from_u64` and raw keys, through every way `SimRng` or
    /// rand's samplers read it (u64 pairs, single words, ranges).
    #[test]
    fn matches_rand_chacha() {
        for seed in [0u64, 1, 7, 42, u64::MAX, 0x9E37_79B9_7F4A_7C15] {
            let mut ours = BlockRng::new(ChaCha8Core::seed_from_u64(seed));
            let mut theirs = ChaCha8Rng::seed_from_u64(seed);
            for i in 0..2_000 {
                match i % 5 {
                    0 => assert_eq!(ours.next_u32(), theirs.next_u32()),
                    1 => assert_eq!(ours.random_range(1..=20u64), theirs.random_range(1..=20u64)),
                    2 => assert_eq!(
                        ours.random_range(0..1000u64),
                        theirs.random_range(0..1000u64)
                    ),
                    _ => assert_eq!(ours.next_u64(), theirs.next_u64(), "seed {seed}, draw {i}"),
                }
            }
        }
        let key: [u8; 32] = std::array::from_fn(|i| (i * 37 + 11) as u8);
        let mut ours = BlockRng::new(ChaCha8Core::from_seed(key));
        let mut theirs = ChaCha8Rng::from_seed(key);
        let (mut a, mut b) = ([0u8; 1000], [0u8; 1000]);
        ours.fill_bytes(&mut a);
        theirs.fill_bytes(&mut b);
        assert_eq!(a, b);
    }
}
