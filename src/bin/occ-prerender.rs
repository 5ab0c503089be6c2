//! Prints the first screen's HTML (`app::first_screen`): the first-visit
//! page's view of the plain address, rendered natively by Yew's server-side
//! renderer from the live view's own components. `.ci/prerender.sh` (a Trunk
//! post_build hook) writes it into the built index.html's body.

fn main() {
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("occ-prerender: cannot start a runtime: {e}");
            std::process::exit(1);
        }
    };
    // Yew's local renderer runs on the current thread inside a LocalSet.
    let html = tokio::task::LocalSet::new()
        .block_on(&runtime, occ_playground::app::first_screen::render());
    println!("{html}");
}
