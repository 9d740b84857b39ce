//! A Yew hello-world: the framework's floor for the load benchmark (`scripts/bench`).
//! One heading and one button with the app's `data-testid="play"`, so "interactive" is
//! detected the same way as on the page.

use yew::prelude::*;

#[function_component]
fn Hello() -> Html {
    let count = use_state(|| 0u32);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_| count.set(*count + 1))
    };
    html! {
        <main>
            <h1 data-testid="hello">{ "Hello, Yew" }</h1>
            <button data-testid="play" {onclick}>{ format!("clicked {} times", *count) }</button>
        </main>
    }
}

fn main() {
    yew::Renderer::<Hello>::new().render();
}
