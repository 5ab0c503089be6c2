//! The deduplicated state graph: breadth-first construction (which also
//! yields a shortest counterexample), then schedule counting by memoized
//! dynamic programming over the DAG.

use super::state::{apply_enabled, choices, decode, encode, terminal_outcome, Choice, Codec};
use super::ExploreError;
use crate::engine::checker::Outcome;
use crate::engine::world::World;
use rustc_hash::FxHashMap;
use std::collections::VecDeque;

pub(crate) struct Graph {
    /// Successors of state i: `edges[edge_start[i]..edge_start[i + 1]]`.
    edge_start: Vec<u32>,
    edges: Vec<u32>,
    /// How each state was first reached (BFS: along a shortest path).
    parent: Vec<(u32, Choice)>,
    terminal: Vec<Option<Outcome>>,
}

fn slot(o: Outcome) -> usize {
    match o {
        Outcome::Consistent => 0,
        Outcome::Diverged => 1,
        Outcome::Stalled => 2,
    }
}

impl Graph {
    /// Explores every state reachable from `world` (messages published).
    pub fn build(world: &mut World, limit: u64) -> Result<Graph, ExploreError> {
        let mut codec = Codec::default();
        let mut key = Vec::new();
        encode(world, &mut codec, &mut key).ok_or(ExploreError::TooManyRows)?;
        let mut index: FxHashMap<Box<[u8]>, u32> = FxHashMap::default();
        index.insert(key.clone().into_boxed_slice(), 0);
        let mut frontier: VecDeque<Box<[u8]>> = VecDeque::from([key.clone().into_boxed_slice()]);
        let mut g = Graph {
            edge_start: Vec::new(),
            edges: Vec::new(),
            parent: vec![(
                u32::MAX,
                Choice::Redeliver {
                    message: crate::engine::ids::MessageId(0),
                },
            )],
            terminal: vec![None],
        };
        let mut enabled = Vec::new();
        let mut i = 0u32;
        while let Some(state) = frontier.pop_front() {
            g.edge_start.push(g.edges.len() as u32);
            decode(&state, &codec, world);
            choices(world, &mut enabled);
            if enabled.is_empty() {
                g.terminal[i as usize] = Some(terminal_outcome(world));
            }
            for (k, &choice) in enabled.iter().enumerate() {
                if k > 0 {
                    decode(&state, &codec, world);
                }
                apply_enabled(world, choice);
                encode(world, &mut codec, &mut key).ok_or(ExploreError::TooManyRows)?;
                let next = match index.get(key.as_slice()) {
                    Some(&j) => j,
                    None => {
                        let j = g.parent.len() as u32;
                        if u64::from(j) >= limit {
                            return Err(ExploreError::TooManyStates { limit });
                        }
                        let boxed = key.clone().into_boxed_slice();
                        index.insert(boxed.clone(), j);
                        frontier.push_back(boxed);
                        g.parent.push((i, choice));
                        g.terminal.push(None);
                        j
                    }
                };
                g.edges.push(next);
            }
            i += 1;
        }
        g.edge_start.push(g.edges.len() as u32);
        Ok(g)
    }

    pub fn states(&self) -> u64 {
        self.parent.len() as u64
    }

    pub fn terminal_counts(&self) -> [u64; 3] {
        let mut c = [0u64; 3];
        for o in self.terminal.iter().flatten() {
            c[slot(*o)] += 1;
        }
        c
    }

    /// The path to the first (hence shallowest) terminal state that is not
    /// consistent.
    pub fn shortest_counterexample(&self) -> Option<(Vec<Choice>, Outcome)> {
        let (mut s, outcome) = self
            .terminal
            .iter()
            .enumerate()
            .find_map(|(i, o)| o.filter(|o| *o != Outcome::Consistent).map(|o| (i, o)))?;
        let mut path = Vec::new();
        while s != 0 {
            let (p, c) = self.parent[s];
            path.push(c);
            s = p as usize;
        }
        path.reverse();
        Some((path, outcome))
    }

    /// Maximal schedules from the initial state, by the outcome they end in
    /// (saturating; a second value reports saturation).
    /// Also returns the total as an f64, which does not overflow where u128
    /// does (past about 6 updates with 2 listeners).
    pub fn count_schedules(&self) -> Result<([u128; 3], bool, f64), ExploreError> {
        let n = self.parent.len();
        let mut counts = vec![[0u128; 3]; n];
        let mut approx = vec![0f64; n];
        // 0: unvisited, 1: on the stack, 2: done.
        let mut mark = vec![0u8; n];
        let mut saturated = false;
        let mut stack: Vec<(u32, u32)> = vec![(0, self.edge_start[0])];
        mark[0] = 1;
        while let Some(&mut (s, ref mut next)) = stack.last_mut() {
            let end = self.edge_start[s as usize + 1];
            if *next < end {
                let t = self.edges[*next as usize];
                *next += 1;
                match mark[t as usize] {
                    0 => {
                        mark[t as usize] = 1;
                        stack.push((t, self.edge_start[t as usize]));
                    }
                    1 => return Err(ExploreError::Cycle),
                    _ => {}
                }
                continue;
            }
            stack.pop();
            let s = s as usize;
            let mut c = [0u128; 3];
            let mut a = 0f64;
            if let Some(o) = self.terminal[s] {
                c[slot(o)] = 1;
                a = 1.0;
            }
            for &t in &self.edges[self.edge_start[s] as usize..end as usize] {
                a += approx[t as usize];
                for (k, v) in counts[t as usize].iter().enumerate() {
                    let (sum, over) = c[k].overflowing_add(*v);
                    saturated |= over;
                    c[k] = if over { u128::MAX } else { sum };
                }
            }
            counts[s] = c;
            approx[s] = a;
            mark[s] = 2;
        }
        Ok((counts[0], saturated, approx[0]))
    }
}
