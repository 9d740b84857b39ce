//! The RFC 9293 state diagram (Figure 5): the eleven states and the edges
//! between them, with each host's current state highlighted in its colour and
//! the edge it took last lit up.
//!
//! Its props are the two states and the two last transitions, so it is
//! re-rendered only when one of them changes, not every frame.

use yew::prelude::*;

use super::{host_name, num};
use crate::i18n::{Lang, tr};
use teardown_core::{Cause, Host, State};

/// Box centres, laid out like the RFC's figure: the open at the top, the
/// active close down the left, the passive close down the right.
pub fn node_pos(s: State) -> (f64, f64) {
    match s {
        State::Closed => (260.0, 30.0),
        State::Listen => (260.0, 96.0),
        State::SynReceived => (92.0, 160.0),
        State::SynSent => (428.0, 160.0),
        State::Established => (260.0, 226.0),
        State::FinWait1 => (92.0, 306.0),
        State::CloseWait => (428.0, 306.0),
        State::FinWait2 => (92.0, 396.0),
        State::Closing => (260.0, 396.0),
        State::LastAck => (428.0, 396.0),
        State::TimeWait => (260.0, 478.0),
    }
}

const W: f64 = 116.0;
const H: f64 = 30.0;

/// One edge of the figure: its path and its label's key and position.
pub struct Edge {
    pub from: State,
    pub to: State,
    pub path: &'static str,
    pub label: &'static str,
    pub at: (f64, f64),
    pub anchor: &'static str,
}

use State::*;

/// The edges of RFC 9293 Figure 5, plus its Note 2 shortcut.
pub const EDGES: &[Edge] = &[
    Edge {
        from: Closed,
        to: Listen,
        path: "M270,45 V80",
        label: "sd.edge.passive_open",
        at: (276.0, 66.0),
        anchor: "start",
    },
    Edge {
        from: Listen,
        to: Closed,
        path: "M250,80 V45",
        label: "sd.edge.close",
        at: (244.0, 66.0),
        anchor: "end",
    },
    Edge {
        from: Closed,
        to: SynSent,
        path: "M318,30 C400,30 450,60 450,144",
        label: "sd.edge.active_open",
        at: (382.0, 40.0),
        anchor: "start",
    },
    Edge {
        from: SynSent,
        to: Closed,
        path: "M470,144 C480,40 420,18 318,22",
        label: "sd.edge.close",
        at: (478.0, 74.0),
        anchor: "start",
    },
    Edge {
        from: Listen,
        to: SynReceived,
        path: "M202,100 C150,104 110,116 100,144",
        label: "sd.edge.rcv_syn",
        at: (148.0, 102.0),
        anchor: "end",
    },
    Edge {
        from: Listen,
        to: SynSent,
        path: "M318,100 C370,104 405,116 412,144",
        label: "sd.edge.send",
        at: (370.0, 110.0),
        anchor: "start",
    },
    Edge {
        from: SynSent,
        to: SynReceived,
        path: "M370,160 H152",
        label: "sd.edge.rcv_syn",
        at: (260.0, 154.0),
        anchor: "middle",
    },
    Edge {
        from: SynReceived,
        to: Established,
        path: "M110,176 C130,205 160,222 202,224",
        label: "sd.edge.rcv_ack_syn",
        at: (126.0, 212.0),
        anchor: "end",
    },
    Edge {
        from: SynSent,
        to: Established,
        path: "M410,176 C390,205 360,222 318,224",
        label: "sd.edge.rcv_synack",
        at: (394.0, 212.0),
        anchor: "start",
    },
    Edge {
        from: SynReceived,
        to: FinWait1,
        path: "M60,176 V290",
        label: "sd.edge.close_fin",
        at: (66.0, 252.0),
        anchor: "start",
    },
    Edge {
        from: Established,
        to: FinWait1,
        path: "M222,242 C190,270 150,282 124,290",
        label: "sd.edge.close_fin",
        at: (198.0, 276.0),
        anchor: "end",
    },
    Edge {
        from: Established,
        to: CloseWait,
        path: "M298,242 C330,270 370,282 396,290",
        label: "sd.edge.rcv_fin_ack",
        at: (322.0, 276.0),
        anchor: "start",
    },
    Edge {
        from: FinWait1,
        to: FinWait2,
        path: "M92,322 V380",
        label: "sd.edge.rcv_ack_fin",
        at: (86.0, 354.0),
        anchor: "end",
    },
    Edge {
        from: FinWait1,
        to: Closing,
        path: "M150,312 C200,326 236,350 246,380",
        label: "sd.edge.rcv_fin_ack",
        at: (172.0, 334.0),
        anchor: "start",
    },
    Edge {
        from: FinWait1,
        to: TimeWait,
        path: "M126,322 C150,350 176,370 176,410 C176,440 198,455 218,462",
        label: "sd.edge.fin_ack_of_fin",
        at: (182.0, 440.0),
        anchor: "start",
    },
    Edge {
        from: FinWait2,
        to: TimeWait,
        path: "M92,412 C96,450 140,474 202,478",
        label: "sd.edge.rcv_fin_ack",
        at: (84.0, 448.0),
        anchor: "end",
    },
    Edge {
        from: Closing,
        to: TimeWait,
        path: "M260,412 V462",
        label: "sd.edge.rcv_ack_fin",
        at: (266.0, 440.0),
        anchor: "start",
    },
    Edge {
        from: CloseWait,
        to: LastAck,
        path: "M428,322 V380",
        label: "sd.edge.close_fin",
        at: (434.0, 354.0),
        anchor: "start",
    },
    Edge {
        from: LastAck,
        to: Closed,
        path: "M486,396 H506 V30 H318",
        label: "sd.edge.rcv_ack_fin",
        at: (500.0, 250.0),
        anchor: "end",
    },
    Edge {
        from: TimeWait,
        to: Closed,
        path: "M260,494 V506 H14 V30 H202",
        label: "sd.edge.timeout",
        at: (24.0, 500.0),
        anchor: "start",
    },
];

/// The figure's edge for a transition, if it has one (RST, aborts and the
/// model's timeouts have none and are drawn as a dashed shortcut).
pub fn edge_for(from: State, to: State) -> Option<&'static Edge> {
    EDGES.iter().find(|e| e.from == from && e.to == to)
}

#[derive(Properties, PartialEq)]
pub struct StateDiagramProps {
    pub lang: Lang,
    pub client: State,
    pub server: State,
    /// Each host's last transition: `(from, to, cause)`.
    pub client_last: Option<(State, State, Cause)>,
    pub server_last: Option<(State, State, Cause)>,
}

#[component]
pub fn StateDiagram(props: &StateDiagramProps) -> Html {
    let lang = props.lang;
    let lit: Vec<(Host, (State, State, Cause))> = [
        (Host::Client, props.client_last),
        (Host::Server, props.server_last),
    ]
    .into_iter()
    .filter_map(|(h, l)| l.map(|l| (h, l)))
    .collect();
    // Keyed: a shortcut edge appearing after the figure's edges (at the end of a run, say)
    // is one insertion; unkeyed, it made Yew rewrite all twenty edges (a 5 ms frame).
    let edges = EDGES.iter().enumerate().map(|(i, e)| {
        let lit_by = lit
            .iter()
            .filter(|(_, (f, t, _))| *f == e.from && *t == e.to)
            .map(|(h, _)| *h)
            .collect::<Vec<_>>();
        let class = classes!(
            "edge",
            lit_by.contains(&Host::Client).then_some("lit-client"),
            lit_by.contains(&Host::Server).then_some("lit-server"),
        );
        let marker = match lit_by.last() {
            Some(Host::Client) => "url(#sd-ah-client)",
            Some(Host::Server) => "url(#sd-ah-server)",
            None => "url(#sd-ah)",
        };
        html! {
            <g key={i} class={class}>
                <path d={e.path} marker-end={marker} />
                <text x={num(e.at.0)} y={num(e.at.1)} text-anchor={e.anchor}>{ tr(lang, e.label) }</text>
            </g>
        }
    });
    // Transitions the figure has no edge for: a dashed shortcut, labelled with the cause.
    let extra = lit.iter().filter(|(_, (f, t, _))| edge_for(*f, *t).is_none()).map(|(h, (f, t, c))| {
        let (x1, y1) = node_pos(*f);
        let (x2, y2) = node_pos(*t);
        let (mx, my) = ((x1 + x2) / 2.0 + 40.0, (y1 + y2) / 2.0);
        html! {
            <g key={format!("extra-{}", h.key())} class={classes!("edge", "extra", format!("lit-{}", h.key()))}>
                <path d={format!("M{},{} Q{},{} {},{}", num(x1), num(y1), num(mx), num(my), num(x2), num(y2))} />
                <text x={num(mx - 10.0)} y={num(my)} text-anchor="middle">{ tr(lang, &format!("cause.{}", c.key())) }</text>
            </g>
        }
    });
    let nodes = State::ALL.iter().map(|&s| {
        let (x, y) = node_pos(s);
        let c = props.client == s;
        let sv = props.server == s;
        let class = classes!(
            "node",
            c.then_some("at-client"),
            sv.then_some("at-server"),
        );
        html! {
            <g class={class} data-state={s.rfc_name()}>
                <rect class="box" x={num(x - W / 2.0)} y={num(y - H / 2.0)} width={num(W)} height={num(H)} rx="8" />
                if c && sv {
                    <rect class="inner" x={num(x - W / 2.0 + 4.0)} y={num(y - H / 2.0 + 4.0)}
                          width={num(W - 8.0)} height={num(H - 8.0)} rx="5" />
                }
                <text x={num(x)} y={num(y + 4.0)} text-anchor="middle">{ s.rfc_name() }</text>
            </g>
        }
    });
    // Each host's tag is one group that moves with a transform when the host changes state:
    // drawn inside the nodes, a change removed and created both tags' elements (in a frame
    // that has other work to do).
    let tags = Host::BOTH.map(|h| {
        let (x, y) = node_pos(if h == Host::Client { props.client } else { props.server });
        let (rect_x, text_x) = match h {
            Host::Client => (-W / 2.0 - 6.0, -W / 2.0 + 17.0),
            Host::Server => (W / 2.0 - 40.0, W / 2.0 - 17.0),
        };
        html! {
            <g class={classes!("tag", h.key())} transform={format!("translate({} {})", num(x), num(y))}>
                <rect x={num(rect_x)} y={num(-H / 2.0 - 9.0)} width="46" height="15" rx="7.5" />
                <text x={num(text_x)} y={num(-H / 2.0 + 2.0)} text-anchor="middle">{ host_name(lang, h) }</text>
            </g>
        }
    });
    let marker = |id: &'static str, class: &'static str| {
        html! {
            <marker id={id} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" class={class} />
            </marker>
        }
    };
    html! {
        <svg class="state-diagram" data-testid="state-diagram" viewBox="0 0 520 512"
             role="img" aria-label={tr(lang, "section.states")}>
            <defs>
                { marker("sd-ah", "sd-ah") }
                { marker("sd-ah-client", "sd-ah client") }
                { marker("sd-ah-server", "sd-ah server") }
            </defs>
            <g class="edges">{ for edges.chain(extra) }</g>
            <g class="nodes">{ for nodes }</g>
            <g class="tags">{ for tags }</g>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use teardown_core::{Link, is_legal_transition, simulate};

    #[test]
    fn every_figure_edge_is_a_legal_transition() {
        let causes = crate::i18n::tests::ALL_CAUSES;
        for e in EDGES {
            // LISTEN → SYN-SENT (SEND) is in the RFC's figure but not modelled.
            if (e.from, e.to) == (Listen, SynSent) {
                continue;
            }
            assert!(
                causes.iter().any(|&c| is_legal_transition(e.from, e.to, c)),
                "{} -> {}",
                e.from,
                e.to
            );
        }
    }

    #[test]
    fn the_close_scenarios_only_take_drawn_edges() {
        for q in [
            "",
            "close=both",
            "gap=150",
            "drop=3,4",
            "close=server",
            "reopen=1",
        ] {
            let tl = simulate(&Link::from_query(q).0.scenario);
            for (_, _, from, to, _) in tl.transitions() {
                assert!(edge_for(from, to).is_some(), "{q}: {from} -> {to}");
            }
        }
    }
}
