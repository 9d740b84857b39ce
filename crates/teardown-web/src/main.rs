use yew::prelude::*;

#[component]
fn App() -> Html {
    let timeline = teardown_core::simulate(&teardown_core::Scenario::default());
    html! {
        <main>
            <h1>{ "Teardown" }</h1>
            <p>{ format!("{} events", timeline.events.len()) }</p>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
