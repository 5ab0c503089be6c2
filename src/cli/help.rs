//! Help texts: every flag with its default and allowed values.

pub const MAIN: &str = "\
occ-sim: the versioned event engine from the command line (one JSON object on stdout)

USAGE:
  occ-sim experiment [FLAGS]   repeat a create + N updates burst over many seeded trials
  occ-sim explore [FLAGS]      every schedule of a create + N updates, deduplicated
  occ-sim run SCENARIO.json    replay a scenario file; prints outcome, verdict and trace
  occ-sim <command> --help     the flags of one command

Errors: one line on stderr naming the problem and the allowed values; exit status 2.
";

pub const EXPERIMENT: &str = "\
occ-sim experiment: T trials of one create (price 5) then N updates (10, 15, 20, ...)

FLAGS (default in brackets):
  --strategy S        naive | occ | plugin-increment | newest-wins | prev-version [occ]
  --scheme V          increment | step100 | timestamp [increment]
  --updates N         updates per trial, 1..=10000 [2]
  --listeners L       members of the queue group orders-service, 1..=8 [2]
  --trials T          1..=1000000 [200]
  --seed X            base seed; trial i runs with trial_seed(X, i) (SplitMix64) [1]
  --gap MS            time between the owner's saves, 0..=60000 [5]
  --ack-wait MS       ack wait, 10..=600000 [5000]
  --max-deliver N     dead-letter after N deliveries, 1..=1000 [unbounded]
  --in-flight N       max unacked per member per channel, 1..=16384 [16384: node-nats-streaming's
                      DEFAULT_MAX_IN_FLIGHT, what the course code gets; the lecture's setting is 1]
  --assign A          round-robin | random [round-robin]
  --delivery-min MS   wire time range, 0..=60000 [1]
  --delivery-max MS   [20]
  --processing-min MS time between read and write, 0..=60000 [1]
  --processing-max MS [10]
  --restart MS        how long a crashed listener stays down, 0..=600000 [1000]
  --heartbeat-fail MS how long the server keeps sending to a crashed listener, 0..=3600000
                      [440000: (30 s + 10 s) x (10 + 1), nats-streaming-server's heartbeat defaults]
  --max-transitions N a trial not settled after N transitions is cut off, 1000..=100000000 [2000000]
  --lost-ack N        chance per applied write that its ack is lost, in 1/1000, 0..=1000 [0]
  --crash N           chance per delivery that its listener crashes, in 1/1000, 0..=1000 [0]
";

pub const EXPLORE: &str = "\
occ-sim explore: every schedule of one create and N updates, all published up front

FLAGS (default in brackets):
  --strategy S        naive | occ | plugin-increment | newest-wins | prev-version [occ]
  --scheme V          increment | step100 | timestamp [increment]
  --updates N         1..=10 [2]
  --listeners L       1..=4 [2]
  --in-flight N       max in flight per member, 1..=2 [1]
  --state-limit N     give up beyond N distinct states, 1..=50000000 [5000000]
  --trace             also print the counterexample replayed as a trace
";

pub const RUN: &str = "\
occ-sim run SCENARIO.json: replay a scenario to quiescence

The file is a JSON scenario: {\"format\": 1, \"config\": {...}, \"seed\": N, \"actions\": [...]}.
Prints {\"outcome\", \"verdict\", \"steps\", \"time_ms\", \"trace\"}.
";
