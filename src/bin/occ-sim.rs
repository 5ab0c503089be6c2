//! `occ-sim`: the engine from the command line, for course authors' scripts
//! and the tests. One JSON object on stdout; errors are one line on stderr
//! with exit status 2.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../cli/mod.rs"]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::main(std::env::args_os().skip(1).collect()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}
