use yew::prelude::*;

/// The page frame: the three services of the lecture's diagram, left to right.
#[component]
pub fn App() -> Html {
    html! {
        <div class="app">
            <header class="app-header">
                <h1>{ "OCC Playground" }</h1>
                <p class="tagline">{ "Versioned events and optimistic concurrency, simulated in WebAssembly" }</p>
            </header>
            <main class="services">
                <section class="panel" aria-labelledby="tickets-title">
                    <h2 id="tickets-title">{ "Tickets service" }</h2>
                </section>
                <section class="panel" aria-labelledby="broker-title">
                    <h2 id="broker-title">{ "NATS Streaming" }</h2>
                </section>
                <section class="panel" aria-labelledby="orders-title">
                    <h2 id="orders-title">{ "Orders service" }</h2>
                </section>
            </main>
        </div>
    }
}
