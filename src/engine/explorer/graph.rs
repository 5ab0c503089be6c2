//! The deduplicated state graph: breadth-first construction (which also
//! yields a shortest counterexample), then schedule counting by memoized
//! dynamic programming over the DAG. Both run in bounded slices
//! (`Builder::run`, `Counter::run`) so a page can yield between them.

use super::state::{by_copy, decode, encode, terminal_outcome, Codec};
use super::ExploreError;
use crate::engine::checker::{ByOutcome, Outcome};
use crate::engine::ids::MessageId;
use crate::engine::world::{Choice, World};
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

/// The visited set, being freed.
pub(crate) type Visited = std::collections::hash_map::IntoIter<Box<[u8]>, u32>;

/// A breadth-first build in progress.
pub(crate) struct Builder {
    world: World,
    limit: u64,
    codec: Codec,
    key: Vec<u8>,
    enabled: Vec<Choice>,
    index: FxHashMap<Box<[u8]>, u32>,
    frontier: VecDeque<Box<[u8]>>,
    /// Under JetStream and Kafka, each frontier key's world (`by_copy`);
    /// empty under NATS Streaming, whose keys decode.
    copies: VecDeque<World>,
    graph: Graph,
    /// The next state to expand (states are numbered in BFS order).
    next: u32,
}

impl Builder {
    /// Starts from `world` (messages published, nothing delivered), with room
    /// for `expected` states: growing a large visited set rehashes it all at
    /// once, a pause of tens of milliseconds.
    pub fn new(world: World, limit: u64, expected: usize) -> Result<Builder, ExploreError> {
        let mut codec = Codec::default();
        let mut key = Vec::new();
        encode(&world, &mut codec, &mut key).ok_or(ExploreError::TooManyRows)?;
        let start: Box<[u8]> = key.clone().into_boxed_slice();
        let mut index = FxHashMap::default();
        index.reserve(expected);
        index.insert(start.clone(), 0);
        let copies = if by_copy(&world) {
            VecDeque::from([world.clone()])
        } else {
            VecDeque::new()
        };
        Ok(Builder {
            world,
            limit,
            codec,
            key,
            enabled: Vec::new(),
            index,
            frontier: VecDeque::from([start]),
            copies,
            graph: Graph {
                edge_start: Vec::new(),
                edges: Vec::new(),
                parent: Vec::with_capacity(expected),
                terminal: Vec::with_capacity(expected),
            },
            next: 0,
        })
        .map(|mut b| {
            let root = (
                u32::MAX,
                Choice::Redeliver {
                    message: MessageId(0),
                    member: None,
                },
            );
            b.graph.parent.push(root);
            b.graph.terminal.push(None);
            b
        })
    }

    pub fn is_done(&self) -> bool {
        self.frontier.is_empty()
    }

    /// States found so far (expanded or waiting).
    pub fn states(&self) -> u64 {
        self.graph.parent.len() as u64
    }

    /// States expanded so far.
    pub fn expanded(&self) -> u64 {
        u64::from(self.next)
    }

    /// Expands up to `n` more states; true once the whole graph is built.
    pub fn run(&mut self, n: u32) -> Result<bool, ExploreError> {
        for _ in 0..n {
            let Some(state) = self.frontier.pop_front() else {
                break;
            };
            self.expand(&state)?;
        }
        if self.is_done() && self.graph.edge_start.len() == self.graph.parent.len() {
            self.graph.edge_start.push(self.graph.edges.len() as u32);
        }
        Ok(self.is_done())
    }

    fn expand(&mut self, state: &[u8]) -> Result<(), ExploreError> {
        let (g, world, i) = (&mut self.graph, &mut self.world, self.next);
        g.edge_start.push(g.edges.len() as u32);
        let copy = self.copies.pop_front();
        let restore = |world: &mut World, codec: &Codec| match &copy {
            Some(base) => world.clone_from(base),
            None => decode(state, codec, world),
        };
        restore(world, &self.codec);
        world.choices(&mut self.enabled);
        if self.enabled.is_empty() {
            g.terminal[i as usize] = Some(terminal_outcome(world));
        }
        for (k, &choice) in self.enabled.iter().enumerate() {
            if k > 0 {
                restore(world, &self.codec);
            }
            world.choose_enabled(choice);
            encode(world, &mut self.codec, &mut self.key).ok_or(ExploreError::TooManyRows)?;
            let next = match self.index.get(self.key.as_slice()) {
                Some(&j) => j,
                None => {
                    let j = g.parent.len() as u32;
                    if u64::from(j) >= self.limit {
                        return Err(ExploreError::TooManyStates { limit: self.limit });
                    }
                    let boxed = self.key.clone().into_boxed_slice();
                    self.index.insert(boxed.clone(), j);
                    self.frontier.push_back(boxed);
                    if copy.is_some() {
                        self.copies.push_back(world.clone());
                    }
                    g.parent.push((i, choice));
                    g.terminal.push(None);
                    j
                }
            };
            g.edges.push(next);
        }
        self.next += 1;
        Ok(())
    }

    /// The finished graph (call once `run` returned true) and the visited
    /// set, to be freed a slice at a time: dropping hundreds of thousands of
    /// keys at once takes tens of milliseconds.
    pub fn into_parts(self) -> (Graph, Visited) {
        (self.graph, self.index.into_iter())
    }
}

/// Schedule counting in progress: an explicit depth-first stack, so it can
/// stop after any number of states and resume.
pub(crate) struct Counter {
    counts: Vec<ByOutcome<u128>>,
    approx: Vec<f64>,
    /// 0: unvisited, 1: on the stack, 2: done.
    mark: Vec<u8>,
    saturated: bool,
    stack: Vec<(u32, u32)>,
}

impl Counter {
    /// Room for the tables, not yet zeroed: `prepare` fills them in slices
    /// (tens of megabytes for the largest graphs).
    pub fn new(g: &Graph) -> Counter {
        let n = g.parent.len();
        Counter {
            counts: Vec::with_capacity(n),
            approx: Vec::with_capacity(n),
            mark: Vec::with_capacity(n),
            saturated: false,
            stack: Vec::new(),
        }
    }

    /// Zeroes up to `rows` more rows of the tables; true once all are ready
    /// (and the count can start).
    pub fn prepare(&mut self, g: &Graph, rows: usize) -> bool {
        let n = g.parent.len();
        let to = (self.counts.len() + rows).min(n);
        self.counts.resize(to, ByOutcome::default());
        self.approx.resize(to, 0.0);
        self.mark.resize(to, 0);
        let ready = to == n;
        if ready && self.stack.is_empty() && self.mark[0] == 0 {
            self.mark[0] = 1;
            self.stack.push((0, g.edge_start[0]));
        }
        ready
    }

    pub fn is_done(&self) -> bool {
        self.stack.is_empty() && self.mark.first() == Some(&2)
    }

    /// Runs up to `n` stack operations; true once counting is complete.
    pub fn run(&mut self, g: &Graph, n: u32) -> Result<bool, ExploreError> {
        for _ in 0..n {
            let Some(&mut (s, ref mut next)) = self.stack.last_mut() else {
                break;
            };
            let end = g.edge_start[s as usize + 1];
            if *next < end {
                let t = g.edges[*next as usize];
                *next += 1;
                match self.mark[t as usize] {
                    0 => {
                        self.mark[t as usize] = 1;
                        self.stack.push((t, g.edge_start[t as usize]));
                    }
                    1 => return Err(ExploreError::Cycle),
                    _ => {}
                }
                continue;
            }
            self.stack.pop();
            self.finish_state(g, s as usize, end);
        }
        Ok(self.is_done())
    }

    fn finish_state(&mut self, g: &Graph, s: usize, end: u32) {
        let mut c = ByOutcome::<u128>::default();
        let mut a = 0f64;
        if let Some(o) = g.terminal[s] {
            c[o] = 1;
            a = 1.0;
        }
        for &t in &g.edges[g.edge_start[s] as usize..end as usize] {
            a += self.approx[t as usize];
            for o in Outcome::ALL {
                let (sum, over) = c[o].overflowing_add(self.counts[t as usize][o]);
                self.saturated |= over;
                c[o] = if over { u128::MAX } else { sum };
            }
        }
        self.counts[s] = c;
        self.approx[s] = a;
        self.mark[s] = 2;
    }

    /// Maximal schedules from the initial state by outcome (saturating), whether
    /// u128 saturated, and the total as an f64 (which does not overflow where
    /// u128 does, past about 6 updates with 2 listeners).
    pub fn result(&self) -> (ByOutcome<u128>, bool, f64) {
        (self.counts[0], self.saturated, self.approx[0])
    }
}

impl Graph {
    pub fn states(&self) -> u64 {
        self.parent.len() as u64
    }

    pub fn terminal_counts(&self) -> ByOutcome<u64> {
        let mut c = ByOutcome::<u64>::default();
        for o in self.terminal.iter().flatten() {
            c[*o] += 1;
        }
        c
    }

    /// The path to the first (hence shallowest) terminal state that is not
    /// consistent.
    pub fn shortest_counterexample(&self) -> Option<(Vec<Choice>, Outcome)> {
        let (s, outcome) = self
            .terminal
            .iter()
            .enumerate()
            .find_map(|(i, o)| o.filter(|o| *o != Outcome::Consistent).map(|o| (i, o)))?;
        Some((self.path_to(s), outcome))
    }

    /// Every final state (no choice left) with its outcome, in BFS order.
    pub fn terminals(&self) -> impl Iterator<Item = (usize, Outcome)> + '_ {
        (self.terminal.iter().enumerate()).filter_map(|(i, o)| o.map(|o| (i, o)))
    }

    /// The choices along the BFS tree from the start to state `s`: a
    /// shortest schedule reaching it.
    pub fn path_to(&self, mut s: usize) -> Vec<Choice> {
        let mut path = Vec::new();
        while s != 0 {
            let (p, c) = self.parent[s];
            path.push(c);
            s = p as usize;
        }
        path.reverse();
        path
    }
}
