//! Text the page fetches when it is first needed instead of carrying it in the WASM.
//!
//! The Chinese side of the UI table and the lesson texts in both languages are about half
//! of the page's text; most visitors read English and many never open the lessons, so the
//! page's build (feature `lazy-text`, see `i18n::messages!`) leaves them out (docs/performance.md
//! has the saving) and fetches them as one of two files:
//!
//! - [`Pack::En`], `text-en.txt`: the English lesson texts;
//! - [`Pack::Zh`], `text-zh.txt`: every Chinese text, the UI's and the lessons'.
//!
//! The files are written at build time from the same table ([`dump`], run by the prerender
//! binary in `scripts/post-build.mjs`) under content-hashed names, which index.html names in
//! `<meta name="teardown-text-en|zh">`; a Chinese browser's copy is preloaded by index.html's
//! inline script. One line per text: `key<TAB>text`, with `\n`, `\t` and `\\` escaped; the
//! key of a UI text is its `Msg`'s place in `Msg::ALL` (the WASM has no names for them), a
//! lesson text's is its lesson key. A pack is read by the build that wrote it (the names are
//! content-hashed), so the places match.
//! Natively (tests, the prerender) and in builds without the feature nothing is fetched:
//! every text is in the binary and [`ready`] is always true.

use std::cell::RefCell;

use crate::i18n::{LAZY, Lang, Msg, supply, supply_lesson, tr};

/// One file of text fetched on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pack {
    /// The English lesson texts.
    En,
    /// All Chinese text: the UI and the lessons.
    Zh,
}

impl Pack {
    /// The pack holding the lesson texts of `lang`.
    pub const fn lessons(lang: Lang) -> Pack {
        match lang {
            Lang::En => Pack::En,
            Lang::Zh => Pack::Zh,
        }
    }

    /// The file name without the build's content hash, and the `<meta>` naming the hashed one.
    pub const fn name(self) -> &'static str {
        match self {
            Pack::En => "text-en",
            Pack::Zh => "text-zh",
        }
    }

    /// Its place in per-pack arrays (`AppState::text`).
    pub const fn index(self) -> usize {
        match self {
            Pack::En => 0,
            Pack::Zh => 1,
        }
    }
}

/// The first line of a pack file: says what the file is, so that a wrong file (an HTML
/// error page, a stale name) is refused instead of read as text.
const MAGIC: &str = "teardown-text 1";

thread_local! {
    static READY: RefCell<[bool; 2]> = const { RefCell::new([false; 2]) };
}

/// Whether the texts of `pack` can be shown.
pub fn ready(pack: Pack) -> bool {
    !LAZY || READY.with(|r| r.borrow()[pack.index()])
}

/// Why a fetched file was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The network or the server said no (the message or status, for the notice).
    Fetch(String),
    /// The file is not a text pack of this page.
    NotAPack,
}

impl LoadError {
    /// Why the pack could not be loaded, for a notice.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LoadError::Fetch(why) => why.clone(),
            LoadError::NotAPack => tr(lang, Msg::TextNotAPack).to_owned(),
        }
    }
}

/// Reads a pack file and makes its texts available; returns how many it took.
pub fn install(pack: Pack, body: &str) -> Result<usize, LoadError> {
    // Refuse a wrong file before keeping anything of it.
    parse(pack, body)?;
    // Kept for the page's lifetime (`tr` hands out `&'static str`; a page loads each pack at
    // most once): parse the leaked copy, so that the texts are 'static.
    let body: &'static str = Box::leak(body.to_owned().into_boxed_str());
    let rows = parse(pack, body)?;
    let lang = match pack {
        Pack::En => Lang::En,
        Pack::Zh => Lang::Zh,
    };
    let n = rows.len();
    for (key, text) in rows {
        let text: &'static str = match text {
            std::borrow::Cow::Borrowed(t) => t,
            std::borrow::Cow::Owned(t) => Box::leak(t.into_boxed_str()),
        };
        match key.parse().ok().and_then(Msg::from_index) {
            Some(msg) if lang == Lang::Zh => supply(msg, text),
            _ => supply_lesson(lang, key, text),
        };
    }
    READY.with(|r| r.borrow_mut()[pack.index()] = true);
    Ok(n)
}

/// The rows of a pack file, unescaped.
pub fn parse(pack: Pack, body: &str) -> Result<Vec<(&str, std::borrow::Cow<'_, str>)>, LoadError> {
    let mut lines = body.lines();
    let header = lines.next().unwrap_or_default();
    if header != format!("{MAGIC} {}", pack.name()) {
        return Err(LoadError::NotAPack);
    }
    let mut rows = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (key, text) = line.split_once('\t').ok_or(LoadError::NotAPack)?;
        rows.push((key, unescape(text)));
    }
    Ok(rows)
}

fn unescape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('\\') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

/// The file of `pack`, from the whole table (a build without `lazy-text`): what the build
/// writes into `dist/` (`prerender --text en|zh`).
pub fn dump(pack: Pack) -> String {
    let mut out = format!("{MAGIC} {}\n", pack.name());
    let mut row = |key: &str, text: &str| {
        out.push_str(key);
        out.push('\t');
        out.push_str(&escape(text));
        out.push('\n');
    };
    if pack == Pack::Zh {
        for (i, &msg) in Msg::ALL.iter().enumerate() {
            row(&i.to_string(), msg.zh_built_in());
        }
    }
    for &(key, en, zh) in crate::i18n::LESSONS {
        let text = match pack {
            Pack::En => en,
            Pack::Zh => zh,
        };
        row(key, text);
    }
    out
}

/// Fetches `pack` (the hashed name index.html gives, else the plain one) and installs it.
#[cfg(target_arch = "wasm32")]
pub async fn fetch(pack: Pack) -> Result<usize, LoadError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let fail = |e: wasm_bindgen::JsValue| {
        LoadError::Fetch(
            e.dyn_ref::<js_sys::Error>()
                .map_or_else(|| "network error".to_owned(), |e| String::from(e.message())),
        )
    };
    let window = web_sys::window().ok_or_else(|| LoadError::Fetch("no window".to_owned()))?;
    let url = window
        .document()
        .and_then(|d| {
            d.query_selector(&format!("meta[name=teardown-{}]", pack.name()))
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| format!("{}.txt", pack.name()));
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(fail)?
        .unchecked_into();
    if !response.ok() {
        return Err(LoadError::Fetch(format!("HTTP {}", response.status())));
    }
    let body = JsFuture::from(response.text().map_err(fail)?)
        .await
        .map_err(fail)?
        .as_string()
        .unwrap_or_default();
    install(pack, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::tr_lesson;

    #[cfg(not(feature = "lazy-text"))]
    #[test]
    fn a_dumped_pack_reads_back_to_the_table() {
        for pack in [Pack::En, Pack::Zh] {
            let file = dump(pack);
            let rows = parse(pack, &file).unwrap();
            let lessons = crate::i18n::LESSONS.len();
            let ui = Msg::ALL.len();
            assert_eq!(
                rows.len(),
                if pack == Pack::Zh {
                    ui + lessons
                } else {
                    lessons
                }
            );
            let lang = if pack == Pack::Zh { Lang::Zh } else { Lang::En };
            for (i, (key, text)) in rows.into_iter().enumerate() {
                // The UI's rows come first, keyed by their place in `Msg::ALL`.
                match key.parse().ok().and_then(Msg::from_index) {
                    Some(msg) if pack == Pack::Zh && i < ui => {
                        assert_eq!(msg as usize, i);
                        assert_eq!(text, tr(lang, msg), "{msg:?}");
                    }
                    _ => assert_eq!(text, tr_lesson(lang, key), "{key}"),
                }
            }
        }
    }

    #[test]
    fn texts_with_newlines_tabs_and_backslashes_survive() {
        let file = format!(
            "{MAGIC} text-en\na\t{}\n",
            escape("one\ntwo\tthree \\ four")
        );
        let rows = parse(Pack::En, &file).unwrap();
        assert_eq!(rows[0].1, "one\ntwo\tthree \\ four");
    }

    #[test]
    fn a_file_that_is_not_a_pack_is_refused() {
        for body in [
            "",
            "<!doctype html><title>404</title>",
            "teardown-text 1 text-zh\nk\tv",
        ] {
            assert_eq!(parse(Pack::En, body), Err(LoadError::NotAPack), "{body}");
        }
        assert_eq!(
            parse(Pack::En, &format!("{MAGIC} text-en\nno tab here")),
            Err(LoadError::NotAPack)
        );
    }

    /// The page's build (`cargo test --features lazy-text`, run by scripts/test): the texts
    /// left out read as the fallbacks until their pack is installed.
    #[cfg(feature = "lazy-text")]
    #[test]
    fn left_out_texts_fall_back_until_their_pack_arrives() {
        use crate::i18n::PENDING;
        assert!(!ready(Pack::Zh));
        let english = tr(Lang::En, Msg::AppTagline);
        assert!(english.starts_with("How a TCP connection closes"));
        assert_eq!(
            tr(Lang::Zh, Msg::AppTagline),
            english,
            "Chinese falls back to English"
        );
        assert_eq!(
            tr_lesson(Lang::En, "l1.title"),
            PENDING,
            "a lesson text is pending"
        );
        let tagline = Msg::AppTagline as usize;
        let zh = format!("{MAGIC} text-zh\n{tagline}\tTCP 连接如何关闭\nl1.title\t四次挥手\n");
        assert_eq!(install(Pack::Zh, &zh), Ok(2));
        assert!(ready(Pack::Zh));
        assert_eq!(tr(Lang::Zh, Msg::AppTagline), "TCP 连接如何关闭");
        assert_eq!(tr(Lang::En, Msg::AppTagline), english);
        assert_eq!(tr_lesson(Lang::Zh, "l1.title"), "四次挥手");
        let en = format!("{MAGIC} text-en\nl1.title\tThe four-way close\n");
        assert_eq!(install(Pack::En, &en), Ok(1));
        assert_eq!(tr_lesson(Lang::En, "l1.title"), "The four-way close");
        assert_eq!(
            parse(Pack::Zh, &en),
            Err(LoadError::NotAPack),
            "a pack read as the other"
        );
    }

    #[cfg(not(feature = "lazy-text"))]
    #[test]
    fn installing_never_replaces_a_built_in_text() {
        use crate::i18n::MISSING;
        let built_in = tr_lesson(Lang::En, "l1.title");
        let file = format!("{MAGIC} text-en\nl1.title\tSomething else\nl.unknown\tHello\n");
        assert_eq!(install(Pack::En, &file), Ok(2));
        // A stale or hostile file neither replaces a text nor adds a key.
        assert_eq!(tr_lesson(Lang::En, "l1.title"), built_in);
        assert_eq!(tr_lesson(Lang::En, "l.unknown"), MISSING);
        assert!(ready(Pack::En));
        let tagline = tr(Lang::Zh, Msg::AppTagline);
        let zh = format!(
            "{MAGIC} text-zh\n{}\tSomething else\n",
            Msg::AppTagline as usize
        );
        assert_eq!(install(Pack::Zh, &zh), Ok(1));
        assert_eq!(tr(Lang::Zh, Msg::AppTagline), tagline);
    }
}
