//! Guided lessons: a short course through every point of the close.
//!
//! A lesson is a list of steps; each step loads a scenario (a link query),
//! stops playback at a moment of its timeline (a [`Stop`], resolved against
//! the core's `Timeline`, never a hard-coded time), explains it, and often asks
//! a prediction question before playback reveals the answer. Research on
//! learning from animations finds that prediction and active control are what
//! make them teach, so most steps ask before they show.
//!
//! All text is keyed into the one translation table ([`crate::i18n`]), which
//! holds the lesson texts too ([`crate::i18n::LESSONS`]). Plain Rust, no Yew:
//! tested natively.

use teardown_core::{EventKind, Host, Millis, Scenario, State, Timeline};

/// Where a step pauses, found on the step's timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// Time 0, before anything happens.
    Start,
    /// Half-way through the flight of segment `n` (send order from 1): the
    /// segment is visible, its effect is not yet.
    InFlight(u32),
    /// The moment segment `n` arrives (or would have, if lost).
    Arrived(u32),
    /// The first time `host` enters `state`.
    Entered(Host, State),
    /// The end of the timeline.
    End,
}

impl Stop {
    /// The playback time of this stop on `timeline`, or `None` if the timeline
    /// never reaches it (a test checks every lesson resolves).
    pub fn resolve(self, timeline: &Timeline) -> Option<Millis> {
        let flight = |n: u32| {
            timeline
                .flights
                .iter()
                .find(|f| f.segment.n == n && !f.duplicate)
        };
        match self {
            Stop::Start => Some(0),
            Stop::InFlight(n) => flight(n).map(|f| f.sent + (f.arrives - f.sent) / 2),
            Stop::Arrived(n) => flight(n).map(|f| f.arrives),
            Stop::Entered(host, state) => timeline.events.iter().find_map(|e| match e.kind {
                EventKind::State { host: h, to, .. } if h == host && to == state => Some(e.t),
                _ => None,
            }),
            Stop::End => Some(timeline.duration),
        }
    }
}

/// One answer of a multiple-choice question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Translation key of the answer text.
    pub text: &'static str,
    pub correct: bool,
    /// Translation key of the explanation shown after picking it.
    pub why: &'static str,
}

/// A prediction question asked before playback reveals the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// Pick one of 3–4 answers.
    Choice {
        prompt: &'static str,
        choices: &'static [Choice],
    },
    /// Click a segment on the diagram; any of `correct` (send order) is right.
    ClickSegment {
        prompt: &'static str,
        correct: &'static [u32],
        /// Explanation for a right click.
        right: &'static str,
        /// Explanation for a wrong click.
        wrong: &'static str,
    },
}

/// One stop of a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The scenario of this step, as a link query.
    pub query: &'static str,
    /// Where playback pauses.
    pub stop: Stop,
    /// Translation key of the narration shown at the stop.
    pub text: &'static str,
    pub question: Option<Question>,
}

/// A lesson: a title, its steps, and where to read more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    pub title: &'static str,
    pub steps: &'static [Step],
    /// Translation key of the "Learn more" line (RFC sections).
    pub learn_more: &'static str,
}

impl Step {
    /// The step's scenario (lesson queries are written clean; a test checks it).
    pub fn scenario(&self) -> Scenario {
        Scenario::from_query(self.query).0
    }
}

const fn c(text: &'static str, correct: bool, why: &'static str) -> Choice {
    Choice { text, correct, why }
}

const fn step(
    query: &'static str,
    stop: Stop,
    text: &'static str,
    question: Option<Question>,
) -> Step {
    Step {
        query,
        stop,
        text,
        question,
    }
}

use Host::{Client as C, Server as S};

/// The course, in order. Lesson numbers in links (`lesson=N`) count from 1.
pub const LESSONS: &[Lesson] = &[
    // 1. The four-way close.
    Lesson {
        title: "l1.title",
        learn_more: "l1.more",
        steps: &[
            step(
                "",
                Stop::Start,
                "l1.s1",
                Some(Question::Choice {
                    prompt: "l1.s1.q",
                    choices: &[
                        c("seg.fin", true, "l1.s1.fin"),
                        c("seg.rst", false, "l1.s1.rst"),
                        c("seg.ack", false, "l1.s1.ack"),
                    ],
                }),
            ),
            step(
                "",
                Stop::InFlight(1),
                "l1.s2",
                Some(Question::Choice {
                    prompt: "l1.s2.q",
                    choices: &[
                        c("st.close_wait", true, "l1.s2.cw"),
                        c("st.closed", false, "l1.s2.closed"),
                        c("st.fin_wait_1", false, "l1.s2.fw1"),
                        c("st.time_wait", false, "l1.s2.tw"),
                    ],
                }),
            ),
            step(
                "",
                Stop::InFlight(2),
                "l1.s3",
                Some(Question::Choice {
                    prompt: "l1.s3.q",
                    choices: &[
                        c("st.fin_wait_2", true, "l1.s3.fw2"),
                        c("st.time_wait", false, "l1.s3.tw"),
                        c("st.closed", false, "l1.s3.closed"),
                    ],
                }),
            ),
            step(
                "",
                Stop::InFlight(3),
                "l1.s4",
                Some(Question::Choice {
                    prompt: "l1.s4.q",
                    choices: &[
                        c("st.time_wait", true, "l1.s4.tw"),
                        c("st.closed", false, "l1.s4.closed"),
                        c("st.closing", false, "l1.s4.closing"),
                    ],
                }),
            ),
            step("", Stop::Arrived(4), "l1.s5", None),
            step("", Stop::End, "l1.s6", None),
        ],
    },
    // 2. Half-close: CLOSE-WAIT is not the end. The client calls shutdown(SHUT_WR), so it
    // still reads (after close() the data would be answered with RST).
    Lesson {
        title: "l2.title",
        learn_more: "l2.more",
        steps: &[
            step(
                "call=shutdown&data=3",
                Stop::Arrived(1),
                "l2.s1",
                Some(Question::Choice {
                    prompt: "l2.s1.q",
                    choices: &[c("yes", true, "l2.s1.yes"), c("no", false, "l2.s1.no")],
                }),
            ),
            step(
                "call=shutdown&data=3",
                Stop::InFlight(2),
                "l2.s2",
                Some(Question::Choice {
                    prompt: "l2.s2.q",
                    choices: &[
                        c("l2.s2.a", true, "l2.s2.a.why"),
                        c("l2.s2.b", false, "l2.s2.b.why"),
                        c("l2.s2.c", false, "l2.s2.c.why"),
                    ],
                }),
            ),
            step(
                "call=shutdown&data=3",
                Stop::Entered(S, State::LastAck),
                "l2.s3",
                None,
            ),
            step("call=shutdown&data=3", Stop::End, "l2.s4", None),
        ],
    },
    // 3. Four segments or three; holding the ACK too long.
    Lesson {
        title: "l3.title",
        learn_more: "l3.more",
        steps: &[
            step("", Stop::Arrived(2), "l3.s1", None),
            step(
                "gap=150",
                Stop::Start,
                "l3.s2",
                Some(Question::Choice {
                    prompt: "l3.s2.q",
                    choices: &[
                        c("n.three", true, "l3.s2.three"),
                        c("n.four", false, "l3.s2.four"),
                        c("n.two", false, "l3.s2.two"),
                    ],
                }),
            ),
            step("gap=150", Stop::End, "l3.s3", None),
            step(
                "gap=3000&dack=1500",
                Stop::Arrived(1),
                "l3.s4",
                Some(Question::Choice {
                    prompt: "l3.s4.q",
                    choices: &[
                        c("l3.s4.a", true, "l3.s4.a.why"),
                        c("l3.s4.b", false, "l3.s4.b.why"),
                        c("l3.s4.c", false, "l3.s4.c.why"),
                    ],
                }),
            ),
            step("gap=3000&dack=1500", Stop::Arrived(3), "l3.s5", None),
        ],
    },
    // 4. TIME-WAIT, reason one: the last ACK may be lost.
    Lesson {
        title: "l4.title",
        learn_more: "l4.more",
        steps: &[
            step(
                "",
                Stop::End,
                "l4.s1",
                Some(Question::ClickSegment {
                    prompt: "l4.s1.q",
                    correct: &[3, 4],
                    right: "l4.s1.right",
                    wrong: "l4.s1.wrong",
                }),
            ),
            step(
                "drop=4",
                Stop::InFlight(5),
                "l4.s2",
                Some(Question::Choice {
                    prompt: "l4.s2.q",
                    choices: &[
                        c("l4.s2.a", true, "l4.s2.a.why"),
                        c("l4.s2.b", false, "l4.s2.b.why"),
                        c("l4.s2.c", false, "l4.s2.c.why"),
                    ],
                }),
            ),
            step("drop=4", Stop::End, "l4.s3", None),
            step(
                "tw=0&drop=4",
                Stop::InFlight(5),
                "l4.s4",
                Some(Question::Choice {
                    prompt: "l4.s4.q",
                    choices: &[
                        c("seg.rst", true, "l4.s4.rst"),
                        c("seg.ack", false, "l4.s4.ack"),
                        c("l4.s4.nothing", false, "l4.s4.nothing.why"),
                    ],
                }),
            ),
            step("tw=0&drop=4", Stop::End, "l4.s5", None),
        ],
    },
    // 5. TIME-WAIT, reason two: old segments and a new connection.
    Lesson {
        title: "l5.title",
        learn_more: "l5.more",
        steps: &[
            step(
                "call=shutdown&reopen=1&tw=0&data=1",
                Stop::Entered(C, State::SynSent),
                "l5.s1",
                None,
            ),
            step(
                "call=shutdown&reopen=1&tw=0&data=1",
                Stop::Entered(S, State::Established),
                "l5.s2",
                Some(Question::Choice {
                    prompt: "l5.s2.q",
                    choices: &[
                        c("l5.s2.a", true, "l5.s2.a.why"),
                        c("l5.s2.b", false, "l5.s2.b.why"),
                        c("l5.s2.c", false, "l5.s2.c.why"),
                    ],
                }),
            ),
            step(
                "call=shutdown&reopen=1&tw=0&data=1",
                Stop::End,
                "l5.s3",
                None,
            ),
            step("call=shutdown&reopen=1&data=1", Stop::End, "l5.s4", None),
        ],
    },
    // 6. Why 2×MSL and not 1×MSL.
    Lesson {
        title: "l6.title",
        learn_more: "l6.more",
        steps: &[
            step(
                "drop=4",
                Stop::Entered(C, State::TimeWait),
                "l6.s1",
                Some(Question::Choice {
                    prompt: "l6.s1.q",
                    choices: &[
                        c("l6.s1.a", true, "l6.s1.a.why"),
                        c("l6.s1.b", false, "l6.s1.b.why"),
                        c("l6.s1.c", false, "l6.s1.c.why"),
                    ],
                }),
            ),
            step("drop=4", Stop::Arrived(5), "l6.s2", None),
            step("drop=4", Stop::End, "l6.s3", None),
        ],
    },
    // 7. Simultaneous close.
    Lesson {
        title: "l7.title",
        learn_more: "l7.more",
        steps: &[
            step(
                "close=both",
                Stop::InFlight(1),
                "l7.s1",
                Some(Question::Choice {
                    prompt: "l7.s1.q",
                    choices: &[
                        c("st.closing", true, "l7.s1.closing"),
                        c("st.close_wait", false, "l7.s1.cw"),
                        c("st.time_wait", false, "l7.s1.tw"),
                    ],
                }),
            ),
            step(
                "close=both",
                Stop::Entered(C, State::TimeWait),
                "l7.s2",
                None,
            ),
            step("gap=50", Stop::End, "l7.s3", None),
        ],
    },
    // 8. Beyond the basics.
    Lesson {
        title: "l8.title",
        learn_more: "l8.more",
        steps: &[
            step(
                "abort=client",
                Stop::InFlight(1),
                "l8.s1",
                Some(Question::Choice {
                    prompt: "l8.s1.q",
                    choices: &[
                        c("l8.s1.a", true, "l8.s1.a.why"),
                        c("l8.s1.b", false, "l8.s1.b.why"),
                        c("l8.s1.c", false, "l8.s1.c.why"),
                    ],
                }),
            ),
            step(
                "finwait2=1&gap=5000",
                Stop::Entered(C, State::Closed),
                "l8.s2",
                None,
            ),
            step("finwait2=1&gap=5000", Stop::End, "l8.s3", None),
            step(
                "loss=100",
                Stop::Entered(C, State::Closed),
                "l8.s4",
                Some(Question::Choice {
                    prompt: "l8.s4.q",
                    choices: &[
                        c("l8.s4.a", true, "l8.s4.a.why"),
                        c("l8.s4.b", false, "l8.s4.b.why"),
                        c("l8.s4.c", false, "l8.s4.c.why"),
                    ],
                }),
            ),
            step("msl=30", Stop::End, "l8.s5", None),
        ],
    },
];

/// The lesson numbered `n` in links (from 1).
pub fn lesson(n: u32) -> Option<&'static Lesson> {
    LESSONS.get((n as usize).checked_sub(1)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use teardown_core::simulate;

    fn keys(lesson: &Lesson) -> Vec<&'static str> {
        let mut keys = vec![lesson.title, lesson.learn_more];
        for step in lesson.steps {
            keys.push(step.text);
            match step.question {
                Some(Question::Choice { prompt, choices }) => {
                    keys.push(prompt);
                    for c in choices {
                        keys.extend([c.text, c.why]);
                    }
                }
                Some(Question::ClickSegment {
                    prompt,
                    right,
                    wrong,
                    ..
                }) => keys.extend([prompt, right, wrong]),
                None => {}
            }
        }
        keys
    }

    #[test]
    fn every_lesson_step_resolves_on_its_own_timeline() {
        for (i, lesson) in LESSONS.iter().enumerate() {
            for (k, step) in lesson.steps.iter().enumerate() {
                let (_, warnings) = Scenario::from_query(step.query);
                assert!(
                    warnings.is_empty(),
                    "lesson {} step {}: {warnings:?}",
                    i + 1,
                    k + 1
                );
                let tl = simulate(&step.scenario());
                assert!(
                    step.stop.resolve(&tl).is_some(),
                    "lesson {} step {}: {:?} never happens",
                    i + 1,
                    k + 1,
                    step.stop
                );
            }
        }
    }

    #[test]
    fn every_question_has_exactly_one_right_choice_or_a_real_segment() {
        for lesson in LESSONS {
            for step in lesson.steps {
                match step.question {
                    Some(Question::Choice { choices, .. }) => {
                        assert!((2..=4).contains(&choices.len()));
                        assert_eq!(choices.iter().filter(|c| c.correct).count(), 1);
                    }
                    Some(Question::ClickSegment { correct, .. }) => {
                        let tl = simulate(&step.scenario());
                        for n in correct {
                            assert!(tl.flights.iter().any(|f| f.segment.n == *n));
                        }
                    }
                    None => {}
                }
            }
        }
    }

    #[test]
    fn every_key_has_text_in_both_languages_and_no_key_twice() {
        let table: HashSet<&str> = crate::i18n::LESSONS.iter().map(|&(k, ..)| k).collect();
        assert_eq!(
            table.len(),
            crate::i18n::LESSONS.len(),
            "a key is defined twice"
        );
        for lesson in LESSONS {
            for key in keys(lesson) {
                assert!(table.contains(key), "missing text for {key}");
            }
        }
        for &(key, en, zh) in crate::i18n::LESSONS {
            assert!(!en.is_empty() && !zh.is_empty(), "{key}");
        }
    }

    #[test]
    fn the_answers_the_lessons_claim_are_what_the_core_does() {
        // Lesson 1: FIN → CLOSE-WAIT, ACK → FIN-WAIT-2, FIN → TIME-WAIT.
        let tl = simulate(&Scenario::default());
        assert_eq!(tl.state_at(S, 100), State::CloseWait);
        assert_eq!(tl.state_at(C, 400), State::FinWait2);
        assert_eq!(tl.state_at(C, 1100), State::TimeWait);
        // Lesson 1: close() and no data: no RST anywhere.
        assert!(!tl.sent_segments().any(|s| s.is_rst()));
        // Lesson 2: after shutdown(SHUT_WR) the client reads and ACKs the data in FIN-WAIT-2,
        // and there is no RST; the server's FIN is seq 301.
        for step in LESSONS[1].steps {
            let sc = step.scenario();
            assert_eq!(sc.call, teardown_core::Call::Shutdown);
            let tl = simulate(&sc);
            assert!(!tl.sent_segments().any(|s| s.is_rst()));
            let data = tl.flights.iter().find(|f| f.segment.len > 0).unwrap();
            assert_eq!(tl.state_at(C, data.arrives), State::FinWait2);
            assert!(
                tl.sent_segments()
                    .any(|s| s.from == S && s.is_fin() && s.seq == 301)
            );
        }
        // Lesson 3: gap=150 is a three-segment close.
        assert_eq!(simulate(&LESSONS[2].steps[1].scenario()).flights.len(), 3);
        // Lesson 3, step 4: dack > RTO − RTT (1.5 s > 1 s − 200 ms), so the client
        // retransmits its FIN at 1 s.
        let sc = LESSONS[2].steps[3].scenario();
        let set = sc.settings();
        assert!(set.fin_ack_delay_ms > set.rto_ms - set.rtt_ms);
        let tl = simulate(&sc);
        assert!(tl.flights.iter().any(|f| f.segment.from == C
            && f.segment.is_fin()
            && f.segment.retransmission
            && f.sent == 1000));
        // Lesson 4: the lost last ACK (#4) or the server's FIN (#3) makes the server retransmit.
        for n in [3, 4] {
            let tl = simulate(&Scenario {
                drop: vec![n],
                ..Scenario::default()
            });
            assert!(
                tl.sent_segments()
                    .any(|s| s.from == S && s.is_fin() && s.retransmission)
            );
        }
        for n in [1, 2] {
            let tl = simulate(&Scenario {
                drop: vec![n],
                ..Scenario::default()
            });
            assert!(
                !tl.sent_segments()
                    .any(|s| s.from == S && s.is_fin() && s.retransmission)
            );
        }
        // Lesson 5: without TIME-WAIT the old data segment is accepted; with it, it is not.
        let accepted = |step: &Step| {
            simulate(&step.scenario()).events.iter().any(|e| {
                matches!(
                    e.kind,
                    EventKind::Note {
                        note: teardown_core::Note::OldSegmentAccepted,
                        ..
                    }
                )
            })
        };
        assert!(accepted(&LESSONS[4].steps[2]));
        assert!(!accepted(&LESSONS[4].steps[3]));
        // Lesson 7: CLOSING on both sides.
        let tl = simulate(&LESSONS[6].steps[0].scenario());
        assert_eq!(tl.state_at(C, 100), State::Closing);
        assert_eq!(tl.state_at(S, 100), State::Closing);
        // Lesson 8: giving up after 63 s.
        let tl = simulate(&LESSONS[7].steps[3].scenario());
        assert_eq!(Stop::Entered(C, State::Closed).resolve(&tl), Some(63_000));
    }

    #[test]
    fn lesson_numbers_count_from_one() {
        assert_eq!(lesson(1).map(|l| l.title), Some("l1.title"));
        assert!(lesson(0).is_none());
        assert!(lesson(LESSONS.len() as u32 + 1).is_none());
    }
}
