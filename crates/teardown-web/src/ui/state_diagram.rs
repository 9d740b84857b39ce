//! The RFC 9293 state diagram (Figure 5): the eleven states and the edges
//! between them, with each host's current state highlighted in its colour and
//! the edge it took last lit up.
//!
//! An edge is chosen by the transition's cause as well as its two states
//! ([`edge_for`]): a RST from LAST-ACK is not "rcv ACK of FIN". Transitions the
//! figure has no edge for (RST, abort, giving up, data after close(), the
//! FIN-WAIT-2 timeout, `tw=0`, a new SYN in TIME-WAIT) get a [`shortcut`] of
//! their own, drawn when taken, dashed by kind and labelled with the cause.
//!
//! Its props are the two states and the two last transitions, so it is
//! re-rendered only when one of them changes, not every frame.

use yew::prelude::*;

use super::{host_name, num};
use crate::i18n::{Lang, Msg, tr};
use teardown_core::{Call, Cause, Host, State};

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

/// One edge of the figure: its path and its label and position.
pub struct Edge {
    pub from: State,
    pub to: State,
    /// The causes that take this edge (the RFC's event on its label).
    pub causes: &'static [Cause],
    pub path: &'static str,
    pub label: Msg,
    pub at: (f64, f64),
    pub anchor: &'static str,
}

use Cause::*;
use State::*;

/// The edges of RFC 9293 Figure 5, plus its Note 2 shortcut.
pub const EDGES: &[Edge] = &[
    Edge {
        from: Closed,
        to: Listen,
        causes: &[AppListen],
        path: "M270,45 V80",
        label: Msg::SdEdgePassiveOpen,
        at: (276.0, 66.0),
        anchor: "start",
    },
    Edge {
        from: Listen,
        to: Closed,
        causes: &[AppClose],
        path: "M250,80 V45",
        label: Msg::SdEdgeClose,
        at: (244.0, 66.0),
        anchor: "end",
    },
    Edge {
        from: Closed,
        to: SynSent,
        causes: &[AppConnect],
        path: "M318,30 C400,30 450,60 450,144",
        label: Msg::SdEdgeActiveOpen,
        at: (382.0, 40.0),
        anchor: "start",
    },
    Edge {
        from: SynSent,
        to: Closed,
        causes: &[AppClose],
        path: "M470,144 C480,40 420,18 318,22",
        label: Msg::SdEdgeClose,
        at: (478.0, 74.0),
        anchor: "start",
    },
    Edge {
        from: Listen,
        to: SynReceived,
        causes: &[RecvSyn],
        path: "M202,100 C150,104 110,116 100,144",
        label: Msg::SdEdgeRcvSyn,
        at: (148.0, 102.0),
        anchor: "end",
    },
    Edge {
        from: Listen,
        to: SynSent,
        causes: &[],
        path: "M318,100 C370,104 405,116 412,144",
        label: Msg::SdEdgeSend,
        at: (370.0, 110.0),
        anchor: "start",
    },
    Edge {
        from: SynSent,
        to: SynReceived,
        causes: &[RecvSyn],
        path: "M370,160 H152",
        label: Msg::SdEdgeRcvSyn,
        at: (260.0, 154.0),
        anchor: "middle",
    },
    Edge {
        from: SynReceived,
        to: Established,
        causes: &[RecvAckOfSyn],
        path: "M110,176 C130,205 160,222 202,224",
        label: Msg::SdEdgeRcvAckSyn,
        at: (126.0, 212.0),
        anchor: "end",
    },
    Edge {
        from: SynSent,
        to: Established,
        causes: &[RecvSynAck],
        path: "M410,176 C390,205 360,222 318,224",
        label: Msg::SdEdgeRcvSynack,
        at: (394.0, 212.0),
        anchor: "start",
    },
    Edge {
        from: SynReceived,
        to: FinWait1,
        causes: &[AppClose],
        path: "M60,176 V290",
        label: Msg::SdEdgeCloseFin,
        at: (66.0, 252.0),
        anchor: "start",
    },
    Edge {
        from: Established,
        to: FinWait1,
        causes: &[AppClose],
        path: "M222,242 C190,270 150,282 124,290",
        label: Msg::SdEdgeCloseFin,
        at: (198.0, 276.0),
        anchor: "end",
    },
    Edge {
        from: Established,
        to: CloseWait,
        causes: &[RecvFin],
        path: "M298,242 C330,270 370,282 396,290",
        label: Msg::SdEdgeRcvFinAck,
        at: (322.0, 276.0),
        anchor: "start",
    },
    Edge {
        from: FinWait1,
        to: FinWait2,
        causes: &[RecvAckOfFin],
        path: "M92,322 V380",
        label: Msg::SdEdgeRcvAckFin,
        at: (86.0, 354.0),
        anchor: "end",
    },
    Edge {
        from: FinWait1,
        to: Closing,
        causes: &[RecvFin],
        path: "M150,312 C200,326 236,350 246,380",
        label: Msg::SdEdgeRcvFinAck,
        at: (172.0, 334.0),
        anchor: "start",
    },
    Edge {
        from: FinWait1,
        to: TimeWait,
        causes: &[RecvFinAckOfFin],
        path: "M126,322 C150,350 176,370 176,410 C176,440 198,455 218,462",
        label: Msg::SdEdgeFinAckOfFin,
        at: (182.0, 440.0),
        anchor: "start",
    },
    Edge {
        from: FinWait2,
        to: TimeWait,
        causes: &[RecvFin],
        path: "M92,412 C96,450 140,474 202,478",
        label: Msg::SdEdgeRcvFinAck,
        at: (84.0, 448.0),
        anchor: "end",
    },
    Edge {
        from: Closing,
        to: TimeWait,
        causes: &[RecvAckOfFin],
        path: "M260,412 V462",
        label: Msg::SdEdgeRcvAckFin,
        at: (266.0, 440.0),
        anchor: "start",
    },
    Edge {
        from: CloseWait,
        to: LastAck,
        causes: &[AppClose],
        path: "M428,322 V380",
        label: Msg::SdEdgeCloseFin,
        at: (434.0, 354.0),
        anchor: "start",
    },
    Edge {
        from: LastAck,
        to: Closed,
        causes: &[RecvAckOfFin],
        path: "M486,396 H506 V30 H318",
        label: Msg::SdEdgeRcvAckFin,
        at: (500.0, 250.0),
        anchor: "end",
    },
    Edge {
        from: TimeWait,
        to: Closed,
        causes: &[TimeWaitTimeout],
        path: "M260,494 V506 H14 V30 H202",
        label: Msg::SdEdgeTimeout,
        at: (24.0, 500.0),
        anchor: "start",
    },
];

/// The figure's edge for a transition, if it has one: the same two states *and* a cause the
/// edge stands for. RST, aborts, giving up, data after close() and the model's timeouts have
/// none and are drawn as a [`shortcut`].
pub fn edge_for(from: State, to: State, cause: Cause) -> Option<&'static Edge> {
    EDGES
        .iter()
        .find(|e| e.from == from && e.to == to && e.causes.contains(&cause))
}

/// A transition the figure has no edge for, drawn when a host takes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Shortcut {
    pub path: String,
    /// The label, its position and anchor.
    pub label: Msg,
    pub at: (f64, f64),
    pub anchor: &'static str,
    /// The class that dashes it by kind (`via-recv_rst`, `via-retransmit_give_up`…).
    pub class: String,
}

/// The path of a transition outside the figure. Those to CLOSED run up a channel beside the
/// boxes: the left column's along the left edge, the right column's along the right edge, the
/// middle's between CLOSING and LAST-ACK; a new SYN in TIME-WAIT runs back up the left edge.
pub fn shortcut(from: State, to: State, cause: Cause) -> Shortcut {
    let (x, y) = node_pos(from);
    let (path, at, anchor) = match (from, to) {
        // The label goes under the box it leaves, clear of the figure's labels.
        (SynReceived | FinWait1 | FinWait2, Closed) => (
            format!("M34,{} H24 V40 H202", num(y + 6.0)),
            (34.0, y + 30.0),
            "start",
        ),
        (Established, Closed) => (
            format!("M202,{} H24 V40 H202", num(y + 6.0)),
            (196.0, y),
            "end",
        ),
        (SynSent | CloseWait | LastAck, Closed) => (
            format!("M486,{} H496 V40 H318", num(y + 6.0)),
            (486.0, y + 30.0),
            "end",
        ),
        (Closing | TimeWait, Closed) => (
            format!("M318,{} H344 V40 H318", num(y - 6.0)),
            (350.0, if from == Closing { 430.0 } else { 466.0 }),
            "start",
        ),
        (Listen, Closed) => ("M230,81 V45".to_string(), (224.0, 58.0), "end"),
        (TimeWait, SynReceived) => ("M202,486 H24 V170 H34".to_string(), (30.0, 480.0), "start"),
        (SynReceived, Listen) => (
            "M80,145 C80,112 150,92 202,92".to_string(),
            (150.0, 84.0),
            "end",
        ),
        _ => {
            let (x2, y2) = node_pos(to);
            let (mx, my) = ((x + x2) / 2.0 + 40.0, (y + y2) / 2.0);
            (
                format!(
                    "M{},{} Q{},{} {},{}",
                    num(x),
                    num(y),
                    num(mx),
                    num(my),
                    num(x2),
                    num(y2)
                ),
                (mx - 10.0, my),
                "middle",
            )
        }
    };
    let label = match (from, cause) {
        (TimeWait, RecvSyn) => Msg::SdEdgeReopen,
        _ => cause_label(cause),
    };
    Shortcut {
        path,
        label,
        at,
        anchor,
        class: format!("via-{}", cause.key()),
    }
}

/// The short label of a cause (`cause.recv_rst` → "rcv RST").
fn cause_label(cause: Cause) -> Msg {
    match cause {
        AppClose => Msg::CauseAppClose,
        AppAbort => Msg::CauseAppAbort,
        AppConnect => Msg::CauseAppConnect,
        AppListen => Msg::CauseAppListen,
        RecvSyn => Msg::CauseRecvSyn,
        RecvSynAck => Msg::CauseRecvSynAck,
        RecvAckOfSyn => Msg::CauseRecvAckOfSyn,
        RecvFin => Msg::CauseRecvFin,
        RecvAckOfFin => Msg::CauseRecvAckOfFin,
        RecvFinAckOfFin => Msg::CauseRecvFinAckOfFin,
        RecvRst => Msg::CauseRecvRst,
        TimeWaitTimeout => Msg::CauseTimeWaitTimeout,
        FinWait2Timeout => Msg::CauseFinWait2Timeout,
        RetransmitGiveUp => Msg::CauseRetransmitGiveUp,
        TimeWaitSkipped => Msg::CauseTimeWaitSkipped,
        DataAfterClose => Msg::CauseDataAfterClose,
    }
}

/// The label of a figure edge: the call the application made on the first closer's edges.
fn edge_label(e: &Edge, call: Call) -> Msg {
    match (e.from, e.to, call) {
        (Established, FinWait1, Call::Shutdown) => Msg::SdEdgeShutdownFin,
        _ => e.label,
    }
}

#[derive(Properties, PartialEq)]
pub struct StateDiagramProps {
    pub lang: Lang,
    pub client: State,
    pub server: State,
    /// What the first closer's application calls (the label of its edge).
    pub call: Call,
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
            .filter(|(_, (f, t, c))| *f == e.from && *t == e.to && e.causes.contains(c))
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
                <text x={num(e.at.0)} y={num(e.at.1)} text-anchor={e.anchor}>{ tr(lang, edge_label(e, props.call)) }</text>
            </g>
        }
    });
    // Transitions the figure has no edge for: a shortcut, dashed by kind, labelled with the
    // cause. Both hosts on the same one share it (coloured as both); two different ones whose
    // labels would coincide get the server's a line lower.
    let extras: Vec<(Host, (State, State, Cause))> = lit
        .iter()
        .copied()
        .filter(|(_, (f, t, c))| edge_for(*f, *t, *c).is_none())
        .collect();
    let shared = extras.len() == 2 && extras[0].1 == extras[1].1;
    let shortcuts: Vec<_> = extras
        .iter()
        .map(|&(h, (f, t, c))| (h, c, shortcut(f, t, c)))
        .collect();
    let first_at = shortcuts.first().map(|s| s.2.at);
    let extra = shortcuts.into_iter().skip(usize::from(shared)).map(|(h, c, sc)| {
        let hosts = if shared { "client server" } else { h.key() };
        let dy = if h == Host::Server && extras.len() == 2 && first_at == Some(sc.at) {
            12.0
        } else {
            0.0
        };
        html! {
            <g key={format!("extra-{}", h.key())} data-testid="sd-shortcut" data-host={hosts} data-cause={c.key()}
               class={classes!("edge", "extra", sc.class, (shared || h == Host::Client).then_some("lit-client"),
                               (shared || h == Host::Server).then_some("lit-server"))}>
                <path d={sc.path} marker-end={format!("url(#sd-ah-{})", h.key())} />
                <text x={num(sc.at.0)} y={num(sc.at.1 + dy)} text-anchor={sc.anchor}>{ tr(lang, sc.label) }</text>
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
             role="img" aria-label={tr(lang, Msg::SectionStates)}>
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
            assert!(!e.causes.is_empty(), "{} -> {}", e.from, e.to);
            for &c in e.causes {
                assert!(
                    is_legal_transition(e.from, e.to, c),
                    "{} -> {} ({c:?})",
                    e.from,
                    e.to
                );
            }
        }
        assert_eq!(causes.len(), Cause::ALL.len());
    }

    #[test]
    fn an_edge_is_chosen_by_its_cause_too() {
        // A RST in LAST-ACK is not "rcv ACK of FIN"; a RST or giving up in SYN-SENT is not close().
        assert!(edge_for(LastAck, Closed, RecvAckOfFin).is_some());
        assert!(edge_for(LastAck, Closed, RecvRst).is_none());
        assert!(edge_for(SynSent, Closed, AppClose).is_some());
        assert!(edge_for(SynSent, Closed, RecvRst).is_none());
        assert!(edge_for(SynSent, Closed, RetransmitGiveUp).is_none());
        assert!(edge_for(TimeWait, Closed, TimeWaitTimeout).is_some());
        assert!(edge_for(TimeWait, Closed, RecvRst).is_none());
        // Their shortcuts are drawn apart from the figure's edge and dashed by kind.
        let rst = shortcut(LastAck, Closed, RecvRst);
        assert_ne!(
            rst.path,
            edge_for(LastAck, Closed, RecvAckOfFin).unwrap().path
        );
        assert_eq!(
            (rst.label, rst.class.as_str()),
            (Msg::CauseRecvRst, "via-recv_rst")
        );
        assert_eq!(
            shortcut(TimeWait, SynReceived, RecvSyn).label,
            Msg::SdEdgeReopen
        );
        assert_eq!(
            shortcut(FinWait2, Closed, DataAfterClose).class,
            "via-data_after_close"
        );
        assert_eq!(
            shortcut(SynSent, Closed, RetransmitGiveUp).label,
            Msg::CauseRetransmitGiveUp
        );
    }

    #[test]
    fn the_rst_ends_of_lessons_light_a_rst_shortcut() {
        // tw=0&drop=4: the server's retransmitted FIN meets a closed port and a RST ends
        // LAST-ACK; finwait2=1&gap=5000: the same after the client's FIN-WAIT-2 timeout.
        for q in ["tw=0&drop=4", "finwait2=1&gap=5000"] {
            let tl = simulate(&Link::from_query(q).0.scenario);
            let (.., cause) = tl
                .transitions()
                .find(|&(_, h, from, ..)| h == Host::Server && from == LastAck)
                .expect("the server leaves LAST-ACK");
            assert_eq!(cause, RecvRst, "{q}");
            assert!(edge_for(LastAck, Closed, cause).is_none(), "{q}");
        }
    }

    #[test]
    fn every_transition_has_an_edge_or_a_shortcut_of_its_own() {
        for q in [
            "abort=client",
            "loss=100",
            "loss=100&stack=linux",
            "data=2&v=2",
            "reopen=1&tw=0&drop=7,8",
            "reopen=1&close=server&stack=linux",
            "reopen=1&stack=linux",
            "finwait2=1&gap=5000",
            "tw=0",
        ] {
            let tl = simulate(&Link::from_query(q).0.scenario);
            for (_, _, from, to, cause) in tl.transitions() {
                if edge_for(from, to, cause).is_none() {
                    let sc = shortcut(from, to, cause);
                    // Not the generic curve through the middle of the figure.
                    assert!(!sc.path.contains('Q'), "{q}: {from} -> {to} ({cause:?})");
                }
            }
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
            for (_, _, from, to, cause) in tl.transitions() {
                assert!(edge_for(from, to, cause).is_some(), "{q}: {from} -> {to}");
            }
        }
    }
}
