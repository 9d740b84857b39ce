//! Share, embed and export as plain Rust: the links a learner copies, the
//! `<iframe>` snippet a teacher pastes, the names of the files an author downloads (their
//! bytes come from the export module, `crate::exports`), and the
//! height message an embedded page sends its host. The dialogs in
//! `ui/share.rs`, `ui/embed.rs` and `ui/export.rs` only show these.

use crate::i18n::Msg;

/// `type` of the message an embedded page posts to its parent with its
/// content height: `{ type: "teardown:height", height: <CSS px> }`.
pub const HEIGHT_MESSAGE: &str = "teardown:height";

/// The iframe's height in the snippet (CSS px), before a host script resizes
/// it: the embedded page's stage, player and the top of the sequence diagram
/// at a course page's usual width.
pub const EMBED_HEIGHT: u32 = 720;

/// The page's address without its query and fragment:
/// `https://x.org/courses/net/teardown/?drop=4#a` → `https://x.org/courses/net/teardown/`.
pub fn page_base(href: &str) -> &str {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    &href[..end]
}

/// `base` with `query` (no leading `?`), or `base` alone for an empty query.
pub fn with_query(base: &str, query: &str) -> String {
    if query.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{query}")
    }
}

/// Escapes text for a double-quoted HTML attribute or element content.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The `<iframe>` a course page pastes to embed the scenario at `src` (a
/// link with `embed=1`). Full width, no border, loaded when scrolled to.
pub fn iframe_snippet(src: &str, title: &str, height: u32) -> String {
    format!(
        r#"<iframe src="{}" title="{}" height="{height}" loading="lazy" style="width:100%;border:0"></iframe>"#,
        html_escape(src),
        html_escape(title),
    )
}

/// The height an embedded page reports for a measured height (CSS px,
/// rounded up so the host never cuts off a fraction of a pixel). `None` for
/// nothing worth reporting (not laid out yet, or not a number).
pub fn height_px(measured: f64) -> Option<u32> {
    (measured.is_finite() && measured >= 1.0).then(|| measured.ceil().min(1_000_000.0) as u32)
}

/// A short, readable file-name part for a scenario's link query:
/// `close=both&drop=2,5` → `close-both-drop-2-5`; the classic close (empty
/// query) → `classic`.
pub fn slug(query: &str) -> String {
    let mut out = String::new();
    for c in query.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    // Long scenarios keep a readable name; the link holds the rest.
    if out.len() > 60 {
        out.truncate(60);
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "classic".to_string()
    } else {
        out.to_string()
    }
}

/// A file the page can download for the current scenario, rendered by the export module
/// (`crate::exports`). The CLI's plain-text diagram is the CLI's only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Export {
    SvgLight,
    SvgDark,
    Mermaid,
    Pcap,
}

impl Export {
    /// In the order the page offers them.
    pub const ALL: [Export; 4] = [
        Export::SvgLight,
        Export::SvgDark,
        Export::Mermaid,
        Export::Pcap,
    ];

    /// A stable name: the button's `data-testid` is `export-{key}`.
    /// (`teardown_core::export::FORMATS`, which lists them in the order of [`Export::ALL`].)
    pub const fn key(self) -> &'static str {
        teardown_core::export::FORMATS[self as usize]
    }

    /// The button's label.
    pub const fn label(self) -> Msg {
        match self {
            Export::SvgLight => Msg::ExportSvgLight,
            Export::SvgDark => Msg::ExportSvgDark,
            Export::Mermaid => Msg::ExportMermaid,
            Export::Pcap => Msg::ExportPcap,
        }
    }

    /// The button's description.
    pub const fn hint(self) -> Msg {
        match self {
            Export::SvgLight => Msg::ExportSvgLightHint,
            Export::SvgDark => Msg::ExportSvgDarkHint,
            Export::Mermaid => Msg::ExportMermaidHint,
            Export::Pcap => Msg::ExportPcapHint,
        }
    }

    pub const fn extension(self) -> &'static str {
        match self {
            Export::SvgLight | Export::SvgDark => "svg",
            Export::Mermaid => "mmd",
            Export::Pcap => "pcap",
        }
    }

    pub const fn mime(self) -> &'static str {
        match self {
            Export::SvgLight | Export::SvgDark => "image/svg+xml",
            Export::Mermaid => "text/plain;charset=utf-8",
            Export::Pcap => "application/vnd.tcpdump.pcap",
        }
    }

    /// `teardown-close-both.svg`, `teardown-close-both-dark.svg`, … for the
    /// scenario's query (without view keys such as `t` or `lang`).
    pub fn file_name(self, query: &str) -> String {
        let dark = if self == Export::SvgDark { "-dark" } else { "" };
        format!("teardown-{}{dark}.{}", slug(query), self.extension())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::state::{Action, AppState};

    const BASE: &str = "https://uni.example/courses/net/teardown/";

    fn state(q: &str) -> AppState {
        AppState::from_query(q, Lang::En, false)
    }

    #[test]
    fn page_base_drops_query_and_fragment() {
        assert_eq!(page_base(&format!("{BASE}?drop=4&t=9#x")), BASE);
        assert_eq!(page_base(&format!("{BASE}#x?y")), BASE);
        assert_eq!(page_base(BASE), BASE);
        assert_eq!(with_query(BASE, ""), BASE);
        assert_eq!(with_query(BASE, "drop=4"), format!("{BASE}?drop=4"));
    }

    #[test]
    fn share_link_with_and_without_the_position() {
        let mut s = state("msl=30&t=1150");
        s.apply(Action::ToggleDrop(4));
        assert_eq!(
            with_query(BASE, &s.query(true)),
            format!("{BASE}?msl=30&drop=4&t=1150")
        );
        assert_eq!(
            with_query(BASE, &s.query(false)),
            format!("{BASE}?msl=30&drop=4")
        );
        // At the start there is no position to share.
        let s = state("close=both");
        assert_eq!(s.query(true), "close=both");
        // The link a learner shares opens the same scenario at the same moment.
        let mut s = state("close=server&data=2");
        s.apply(Action::Seek(1234.0));
        s.apply(Action::ToggleDrop(1));
        let opened = state(&s.query(true));
        assert_eq!(opened.scenario(), s.scenario());
        assert_eq!(opened.pos, 1234.0);
    }

    #[test]
    fn the_iframe_snippet() {
        let s = state("close=both&drop=3&lang=zh&t=500");
        let src = with_query(BASE, &s.query_as(false, true));
        assert_eq!(src, format!("{BASE}?close=both&drop=3&lang=zh&embed=1"));
        assert_eq!(
            iframe_snippet(&src, "Teardown: \"close\" <&>", EMBED_HEIGHT),
            format!(
                r#"<iframe src="{BASE}?close=both&amp;drop=3&amp;lang=zh&amp;embed=1" title="Teardown: &quot;close&quot; &lt;&amp;&gt;" height="720" loading="lazy" style="width:100%;border:0"></iframe>"#
            )
        );
        // The classic close embeds with `embed=1` alone.
        assert_eq!(state("").query_as(false, true), "embed=1");
    }

    #[test]
    fn height_messages() {
        assert_eq!(HEIGHT_MESSAGE, "teardown:height");
        assert_eq!(height_px(812.2), Some(813));
        assert_eq!(height_px(640.0), Some(640));
        assert_eq!(height_px(0.0), None);
        assert_eq!(height_px(f64::NAN), None);
        assert_eq!(height_px(f64::INFINITY), None);
        assert_eq!(height_px(1e12), Some(1_000_000));
    }

    #[test]
    fn file_names() {
        assert_eq!(slug(""), "classic");
        assert_eq!(slug("close=both"), "close-both");
        assert_eq!(slug("drop=2,5&msl=0.5"), "drop-2-5-msl-0-5");
        assert!(slug(&"drop=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16".repeat(3)).len() <= 60);
        assert!(!slug(&"a=1&".repeat(40)).ends_with('-'));
        let names: Vec<String> = Export::ALL
            .iter()
            .map(|e| e.file_name("close=both"))
            .collect();
        assert_eq!(
            names,
            [
                "teardown-close-both.svg",
                "teardown-close-both-dark.svg",
                "teardown-close-both.mmd",
                "teardown-close-both.pcap",
            ]
        );
    }

    #[test]
    fn every_export_has_a_label_and_a_hint() {
        for e in Export::ALL {
            assert_ne!(e.label(), e.hint(), "{e:?}");
            assert!(!e.label().en().is_empty() && !e.hint().en().is_empty());
        }
        // Every key is a different file the export module can render (crates/teardown-export).
        let files: Vec<Vec<u8>> = Export::ALL
            .map(|e| teardown_export::render(e.key(), "drop=4"))
            .into();
        for (e, file) in Export::ALL.iter().zip(&files) {
            assert!(!file.is_empty(), "{e:?}");
            assert_eq!(files.iter().filter(|f| *f == file).count(), 1, "{e:?}");
        }
    }
}
