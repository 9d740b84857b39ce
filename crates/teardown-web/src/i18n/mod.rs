//! Every word the page shows, in English and Chinese, in tables this module owns.
//!
//! The UI's texts are one table, written once in [`messages!`]: each row names a [`Msg`]
//! and gives its English and Chinese. A view asks for `tr(lang, Msg::PlayPause)`, so a
//! misspelt name or a row without its Chinese does not compile. Texts that depend on what the
//! core reports (a note, a cause, a state, a timer) come from functions in [`keys`] that
//! `match` on the core's types and return a `Msg`.
//!
//! The lesson texts ([`LESSONS`]) are still looked up by string key ([`tr_lesson`]); the
//! panic overlay's ([`PANIC`]) are read by `crate::panic` directly.
//!
//! Placeholders are written `{name}` and filled by [`fill`].

use std::cell::RefCell;

/// The UI language: the link format's (`lang=en|zh`), one type for both.
pub use teardown_core::Lang;

/// The value of `<html lang>` for `lang`: screen readers and fonts pick it up.
pub const fn html_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh-CN",
    }
}

/// Picks the language from a language tag (`navigator.language`, `<html lang>`).
pub fn lang_from_tag(tag: &str) -> Lang {
    if tag.trim().to_ascii_lowercase().starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// Whether the build leaves texts out (the page's build, feature `lazy-text`): see
/// [`messages!`] and `crate::text`.
pub const LAZY: bool = cfg!(feature = "lazy-text");

/// What an unknown lesson key renders as.
pub const MISSING: &str = "[?]";

/// What a lesson text renders as while it is still being fetched ([`crate::text`]).
pub const PENDING: &str = "…";

/// Declares [`Msg`] from rows `Name => "English", "Chinese";`. In the page's build (feature
/// `lazy-text`, [`LAZY`]) the Chinese literals are left out of the WASM (a constant's dead
/// branch is not emitted); the page fetches them from `text-zh.txt` when a learner reads
/// Chinese ([`crate::text`]). Everywhere else (tests, the prerender, the pack generator) the
/// rows are whole.
macro_rules! messages {
    ($($name:ident => $en:expr, $zh:expr;)*) => {
        /// A text of the UI table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg {
            $($name,)*
        }

        impl Msg {
            /// Every message, in table order: `ALL[m as usize] == m`.
            pub const ALL: &[Msg] = &[$(Msg::$name,)*];

            /// The English text.
            pub const fn en(self) -> &'static str {
                match self {
                    $(Msg::$name => $en,)*
                }
            }

            /// The Chinese text built in: empty in the page's build, whose Chinese is fetched.
            pub const fn zh_built_in(self) -> &'static str {
                match self {
                    $(Msg::$name => if LAZY { "" } else { $zh },)*
                }
            }
        }
    };
}

/// A row of the lesson texts: both languages are left out of the page's build and fetched
/// when the lessons are opened (`text-en.txt`, `text-zh.txt`); see [`messages!`].
macro_rules! lesson_row {
    ($key:expr, $en:expr, $zh:expr $(,)?) => {
        (
            $key,
            if crate::i18n::LAZY { "" } else { $en },
            if crate::i18n::LAZY { "" } else { $zh },
        )
    };
}

pub mod keys;
mod lessons;
pub use lessons::LESSONS;

impl Msg {
    /// The message at `index` in [`Msg::ALL`] (a text pack's row).
    pub fn from_index(index: usize) -> Option<Msg> {
        Msg::ALL.get(index).copied()
    }
}

thread_local! {
    /// The Chinese UI texts fetched in the page's build ([`supply`]), by `Msg as usize`;
    /// empty until the pack arrives.
    static FETCHED_ZH: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };

    /// Every lesson row's (English, Chinese), in [`LESSONS`]' order, built on first use.
    /// Texts fetched later ([`crate::text`]) are written into their empty slots
    /// ([`supply_lesson`]). A few lookups per lesson step: a linear search by key is enough.
    static LESSON_TEXT: RefCell<Vec<(&'static str, &'static str)>> =
        RefCell::new(LESSONS.iter().map(|&(_, en, zh)| (en, zh)).collect());
}

/// The row of lesson `key` in [`LESSONS`].
fn lesson_row_of(key: &str) -> Option<usize> {
    LESSONS.iter().position(|&(k, ..)| k == key)
}

/// Gives `msg` the fetched Chinese `text` unless it has one (built in or fetched before);
/// returns whether it was taken.
pub fn supply(msg: Msg, text: &'static str) -> bool {
    if !msg.zh_built_in().is_empty() {
        return false;
    }
    FETCHED_ZH.with(|f| {
        let mut f = f.borrow_mut();
        if f.is_empty() {
            f.resize(Msg::ALL.len(), "");
        }
        let slot = &mut f[msg as usize];
        let empty = slot.is_empty();
        if empty {
            *slot = text;
        }
        empty
    })
}

/// The text of `msg` in `lang`. In the page's build a Chinese text falls back to the English
/// one until [`crate::text`] has loaded the Chinese.
pub fn tr(lang: Lang, msg: Msg) -> &'static str {
    let zh = match lang {
        Lang::En => return msg.en(),
        Lang::Zh => msg.zh_built_in(),
    };
    if !zh.is_empty() {
        return zh;
    }
    let fetched = FETCHED_ZH.with(|f| f.borrow().get(msg as usize).copied().unwrap_or(""));
    if fetched.is_empty() {
        msg.en()
    } else {
        fetched
    }
}

/// Fills lesson `key`'s empty `lang` slot with fetched text. Texts built in are never
/// replaced, and keys the table does not have (a stale file) are ignored; returns whether it
/// was taken.
pub fn supply_lesson(lang: Lang, key: &str, text: &'static str) -> bool {
    let Some(row) = lesson_row_of(key) else {
        return false;
    };
    LESSON_TEXT.with(|t| match t.borrow_mut().get_mut(row) {
        Some((en, zh)) => {
            let slot = match lang {
                Lang::En => en,
                Lang::Zh => zh,
            };
            let empty = slot.is_empty();
            if empty {
                *slot = text;
            }
            empty
        }
        None => false,
    })
}

/// Looks lesson text `key` up for `lang`. Unknown keys come back as [`MISSING`]; a text not
/// loaded yet (see [`lesson_row!`]) falls back to the English one, else reads [`PENDING`]
/// (the lesson panel shows "loading" instead of such a step).
pub fn tr_lesson(lang: Lang, key: &str) -> &'static str {
    let Some(row) = lesson_row_of(key) else {
        return MISSING;
    };
    LESSON_TEXT.with(|t| match t.borrow().get(row) {
        Some(&(en, zh)) => {
            let text = match lang {
                Lang::En => en,
                Lang::Zh => zh,
            };
            if !text.is_empty() {
                text
            } else if !en.is_empty() {
                en
            } else {
                PENDING
            }
        }
        None => MISSING,
    })
}

/// Replaces each `{name}` in `template` by its value.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Translates `msg` and fills its placeholders.
pub fn trf(lang: Lang, msg: Msg, args: &[(&str, &str)]) -> String {
    fill(tr(lang, msg), args)
}

/// The panic overlay's texts (`crate::panic`): `(key, English, Chinese)`. Always built in:
/// the overlay cannot wait for a download.
pub const PANIC: &[(&str, &str, &str)] = &[
    ("panic.title", "Something went wrong", "出错了"),
    (
        "panic.body",
        "The page hit a bug and stopped. Your link is safe: reload to try again, or start over from the default scenario.",
        "页面遇到一个错误，已停止运行。你的链接不受影响：可以重新加载再试一次，或从默认场景重新开始。",
    ),
    ("panic.details", "Details:", "详细信息："),
    (
        "panic.reset",
        "Reset to the default scenario",
        "重置为默认场景",
    ),
    ("panic.reload", "Reload", "重新加载"),
];

// The UI table, grouped by where the text appears.
messages! {
    // Page frame.
    AppTitle => "Teardown", "Teardown";
    AppTagline =>
        "How a TCP connection closes — watch it, step it, break it.",
        "TCP 连接如何关闭——观看、单步、动手破坏它。";
    AppDocTitle => "Teardown — how a TCP connection closes", "Teardown——TCP 连接如何关闭（四次挥手）";
    AppLang => "Language", "语言";
    AppFooter =>
        "States and names follow RFC 9293. Everything runs in your browser.",
        "状态与名称遵循 RFC 9293。全部在浏览器中运行。";
    HostClient => "Client", "客户端";
    HostServer => "Server", "服务器";
    HostClientLower => "client", "客户端";
    HostServerLower => "server", "服务器";
    // Sections.
    SectionStage => "The connection", "连接";
    SectionLadder => "Sequence diagram", "时序图";
    SectionStates => "State diagram (RFC 9293)", "状态图（RFC 9293）";
    SectionControls => "Scenario", "场景";
    SectionEmbedOpen => "Open the full page", "打开完整页面";
    // Link notice.
    NoticeTitle =>
        "Some parts of this link were not understood; the defaults are used for them:",
        "链接中有部分内容无法识别，已对这些参数使用默认值：";
    NoticeDismiss => "Dismiss", "关闭";
    WarnUnknown => "unknown key “{key}” ignored", "未知参数“{key}”已忽略";
    WarnInvalid =>
        "“{key}={value}” ignored: expected {expected}",
        "“{key}={value}”已忽略：应为 {expected}";
    WarnClamped => "“{key}={value}” out of range: {to} is used", "“{key}={value}”超出范围：改用 {to}";
    WarnConflict =>
        "“{key}={value}” ignored: it contradicts “{with}”",
        "“{key}={value}”已忽略：与“{with}”矛盾";
    WarnTooMany =>
        "“{key}” lists too many values: the first {max} are used",
        "“{key}”列出的值过多：只使用前 {max} 个";
    // What a link value should have been (the core's `Problem::Invalid` texts).
    ExpectedClientServerOrBoth => "client, server or both", "client、server 或 both";
    ExpectedAWholeNumberOfMsGe0 => "a whole number of ms ≥ 0", "不小于 0 的整数毫秒数";
    ExpectedAWholeNumberOfMsGt0 => "a whole number of ms > 0", "大于 0 的整数毫秒数";
    ExpectedANumberOfSecondsGt0 => "a number of seconds > 0", "大于 0 的秒数";
    ExpectedAWholeNumberOfSegmentsGe0 => "a whole number of segments ≥ 0", "不小于 0 的报文段个数";
    ExpectedSegmentNumbersFrom1SeparatedByCommas =>
        "segment numbers from 1, separated by commas",
        "从 1 开始的报文段编号，用逗号分隔";
    ExpectedAPercentageFrom0To100 => "a percentage from 0 to 100", "0 到 100 之间的百分比";
    ExpectedAWholeNumberFrom0To18446744073709551615 =>
        "a whole number from 0 to 18446744073709551615",
        "0 到 18446744073709551615 之间的整数";
    Expected0Or1 => "0 or 1", "0 或 1";
    ExpectedClientOrServer => "client or server", "client 或 server";
    ExpectedEnOrZh => "en or zh", "en 或 zh";
    ExpectedALessonNumberFrom1 => "a lesson number from 1", "从 1 开始的课程编号";
    ExpectedAStepNumberFrom1 => "a step number from 1", "从 1 开始的步骤编号";
    Expected1Or2 => "1 or 2", "1 或 2";
    ExpectedCloseOrShutdown => "close or shutdown", "close 或 shutdown";
    ExpectedTextbookLinuxFreebsdWindowsOrMacos =>
        "textbook, linux, freebsd, windows or macos",
        "textbook、linux、freebsd、windows 或 macos";
    // Playback.
    PlayPlay => "Play", "播放";
    PlayPause => "Pause", "暂停";
    PlayReplay => "Replay", "重播";
    PlayPrev => "Previous step", "上一步";
    PlayNext => "Next step", "下一步";
    PlayStart => "Go to start", "回到开头";
    PlayEnd => "Go to end", "跳到结尾";
    PlayScrub => "Playback position", "播放位置";
    PlaySpeed => "Speed", "速度";
    PlayCompress => "Compress idle time", "压缩空闲时间";
    PlayCompressHint => "Long quiet waits are fast-forwarded", "较长的空闲等待会快进";
    PlayKeys => "Keys: Space play/pause · ←/→ step", "快捷键：空格 播放/暂停 · ←/→ 单步";
    PlaySkipped => "{d} skipped", "跳过 {d}";
    // Stage.
    StageVars => "Sequence variables", "序列号变量";
    StageTimers => "Timers", "定时器";
    StageNoTimers => "no timer running", "无运行中的定时器";
    StageInFlight => "Segments in flight", "传输中的报文段";
    StageDropHint =>
        "Click a segment (here or in the diagram) to make the network lose it; click again to restore it.",
        "点击报文段（此处或时序图中）让网络丢弃它；再次点击可恢复。";
    StageLost => "lost", "丢失";
    SegDrop => "Drop segment {n}: {label}", "丢弃第 {n} 个报文段：{label}";
    SegRestore => "Restore segment {n}: {label}", "恢复第 {n} 个报文段：{label}";
    SegRandom => "Segment {n} lost by random loss: {label}", "第 {n} 个报文段因随机丢包丢失：{label}";
    SegRetransmission => "retransmission", "重传";
    // Timers.
    TimerRetransmit => "RTO", "重传";
    TimerDelayedAck => "Delayed ACK", "延迟 ACK";
    TimerTimeWait => "TIME-WAIT", "TIME-WAIT";
    TimerFinWait2 => "FIN-WAIT-2", "FIN-WAIT-2";
    TimerRetransmitLong => "retransmission timer", "重传定时器";
    TimerDelayedAckLong => "delayed-ACK timer", "延迟 ACK 定时器";
    TimerTimeWaitLong => "TIME-WAIT timer", "TIME-WAIT 定时器";
    TimerFinWait2Long => "FIN-WAIT-2 timeout", "FIN-WAIT-2 超时";
    TimerLeft => "{d} left", "剩 {d}";
    // State explanations, as the host would say them; {peer} is the other host.
    ExplainClosed => "No connection. Nothing is remembered.", "没有连接，什么都不再保留。";
    ExplainListen => "Waiting for a connection request (SYN).", "等待连接请求（SYN）。";
    ExplainSynSent =>
        "I sent a SYN; waiting for the {peer}'s SYN,ACK.",
        "我已发送 SYN，正在等待{peer}的 SYN,ACK。";
    ExplainSynReceived =>
        "I got a SYN and answered; waiting for the ACK of mine.",
        "我收到了 SYN 并已回应，正在等待对我的 SYN 的确认。";
    ExplainEstablished => "Open: data can flow both ways.", "连接已建立：数据可以双向传输。";
    ExplainFinWait1 =>
        "I sent my FIN; waiting for the {peer} to acknowledge it.",
        "我已发送 FIN，正在等待{peer}确认。";
    ExplainFinWait2 =>
        "My FIN was acknowledged; waiting for the {peer}'s FIN.",
        "我的 FIN 已被确认，正在等待{peer}的 FIN。";
    ExplainCloseWait =>
        "The {peer} is done sending; I may still send, then close.",
        "{peer}已不再发送；我仍可发送数据，之后再关闭。";
    ExplainClosing =>
        "Both FINs crossed; waiting for the ACK of mine.",
        "双方的 FIN 交错而过；正在等待对我的 FIN 的确认。";
    ExplainLastAck => "I sent my FIN too; waiting for the last ACK.", "我也已发送 FIN，正在等待最后一个 ACK。";
    ExplainTimeWait =>
        "Both FINs are acknowledged; waiting (2×MSL in the RFC) in case my last ACK was lost.",
        "双方的 FIN 均已确认；继续等待（RFC 中为 2×MSL），以防我的最后一个 ACK 丢失。";
    // Ladder.
    LadderCaption =>
        "Time runs downward. Each arrow is one segment, from send to arrival.",
        "时间自上而下。每个箭头是一个报文段，从发送到到达。";
    LadderGhost => "Faint arrows are still to come.", "浅色箭头尚未发生。";
    LadderSeek => "Click the diagram to jump to that moment.", "点击图中任意位置跳到该时刻。";
    // State diagram.
    SdEdgePassiveOpen => "passive OPEN", "被动打开";
    SdEdgeActiveOpen => "active OPEN / SYN", "主动打开 / SYN";
    SdEdgeRcvSyn => "rcv SYN / SYN,ACK", "收 SYN / SYN,ACK";
    SdEdgeSend => "SEND / SYN", "发送 / SYN";
    SdEdgeRcvAckSyn => "rcv ACK of SYN", "收 SYN 的 ACK";
    SdEdgeRcvSynack => "rcv SYN,ACK / ACK", "收 SYN,ACK / ACK";
    SdEdgeCloseFin => "close() / FIN", "close() / FIN";
    SdEdgeShutdownFin => "shutdown(SHUT_WR) / FIN", "shutdown(SHUT_WR) / FIN";
    SdEdgeReopen => "rcv new SYN / SYN,ACK", "收新 SYN / SYN,ACK";
    SdEdgeRcvFinAck => "rcv FIN / ACK", "收 FIN / ACK";
    SdEdgeRcvAckFin => "rcv ACK of FIN", "收 FIN 的 ACK";
    SdEdgeTimeout => "TIME-WAIT timeout", "TIME-WAIT 超时";
    SdEdgeClose => "close()", "close()";
    SdEdgeFinAckOfFin => "FIN+ACK / ACK", "FIN+ACK / ACK";
    // Causes, short (edge labels for transitions outside the RFC figure).
    CauseAppClose => "close()", "close()";
    CauseAppAbort => "abort / RST", "中止 / RST";
    CauseAppConnect => "connect()", "connect()";
    CauseAppListen => "listen()", "listen()";
    CauseRecvSyn => "rcv SYN", "收 SYN";
    CauseRecvSynAck => "rcv SYN,ACK", "收 SYN,ACK";
    CauseRecvAckOfSyn => "rcv ACK of SYN", "收 SYN 的 ACK";
    CauseRecvFin => "rcv FIN", "收 FIN";
    CauseRecvAckOfFin => "rcv ACK of FIN", "收 FIN 的 ACK";
    CauseRecvFinAckOfFin => "rcv FIN+ACK", "收 FIN+ACK";
    CauseRecvRst => "rcv RST", "收 RST";
    CauseTimeWaitTimeout => "TIME-WAIT timeout", "TIME-WAIT 超时";
    CauseFinWait2Timeout => "FIN-WAIT-2 timeout", "FIN-WAIT-2 超时";
    CauseRetransmitGiveUp => "too many retries", "重传次数过多";
    CauseTimeWaitSkipped => "TIME-WAIT off", "关闭 TIME-WAIT";
    CauseDataAfterClose => "data after close()", "close() 后收到数据";
    // Narration: state changes, by cause, optionally refined by the new state.
    NarrStart =>
        "Both ends are ESTABLISHED: data can flow both ways. Press Play to watch the {first} close the connection.",
        "两端都处于 ESTABLISHED：数据可以双向传输。按“播放”观看{first}关闭连接。";
    NarrStartBoth =>
        "Both ends are ESTABLISHED. Press Play: both applications will close at the same moment.",
        "两端都处于 ESTABLISHED。按“播放”：双方应用将在同一时刻关闭。";
    NarrAppClose =>
        "The {host}'s application calls close(): the {host} sends a FIN and enters FIN-WAIT-1. The application will neither send nor read any more (data that still arrives is answered with RST); TCP finishes the close on its own.",
        "{host}的应用调用 close()：{host}发送 FIN，进入 FIN-WAIT-1。应用既不再发送也不再读取（之后到达的数据会以 RST 回应）；TCP 自行完成余下的关闭过程。";
    NarrAppShutdown =>
        "The {host}'s application calls shutdown(SHUT_WR): the {host} sends a FIN and enters FIN-WAIT-1. It may not send data any more, but it still reads what the {peer} sends (a half-close).",
        "{host}的应用调用 shutdown(SHUT_WR)：{host}发送 FIN，进入 FIN-WAIT-1。它不能再发送数据，但仍会读取{peer}发来的数据（半关闭）。";
    NarrAppCloseReadEof =>
        "The {host}'s application has read the {peer}'s FIN (end of file) and now calls close(): the socket is released.",
        "{host}的应用读到了{peer}的 FIN（文件结束），随即调用 close() 释放连接。";
    NarrAppCloseLastAck =>
        "The {host}'s application calls close() too: the {host} sends its own FIN and enters LAST-ACK, waiting for the last ACK.",
        "{host}的应用也调用了 close()：{host}发送自己的 FIN，进入 LAST-ACK，等待最后一个 ACK。";
    NarrAppCloseClosed =>
        "The {host}'s application closes before the connection was set up: it simply returns to CLOSED.",
        "{host}的应用在连接建立前关闭：直接回到 CLOSED。";
    NarrAppAbort =>
        "The {host}'s application aborts (as with unread data or SO_LINGER 0): it sends a RST and forgets the connection at once — no FIN, no TIME-WAIT.",
        "{host}的应用中止连接（例如还有未读数据，或 SO_LINGER 为 0）：它发送 RST 并立即丢弃连接——没有 FIN，也没有 TIME-WAIT。";
    NarrAppConnect =>
        "The {host}'s application opens a new connection: it sends a SYN and enters SYN-SENT.",
        "{host}的应用打开新连接：发送 SYN，进入 SYN-SENT。";
    NarrAppListen =>
        "The {host}'s application listens for a new connection (LISTEN).",
        "{host}的应用开始监听新连接（LISTEN）。";
    NarrRecvSyn =>
        "A SYN reaches the {host}: it answers with SYN,ACK and enters SYN-RECEIVED.",
        "SYN 到达{host}：它回复 SYN,ACK，进入 SYN-RECEIVED。";
    NarrRecvSynTimeWaitSynReceived =>
        "A new connection's SYN with a higher sequence number (or a newer timestamp) reaches the {host} in TIME-WAIT: the {host} ends TIME-WAIT early, answers with SYN,ACK and enters SYN-RECEIVED (RFC 1122 §4.2.2.13; RFC 6191).",
        "新连接的 SYN 以更大的序列号（或更新的时间戳）到达处于 TIME-WAIT 的{host}：{host}提前结束 TIME-WAIT，回复 SYN,ACK，进入 SYN-RECEIVED（RFC 1122 §4.2.2.13；RFC 6191）。";
    NarrRecvRstListen =>
        "A RST reaches the {host} in SYN-RECEIVED: the half-open connection is dropped and the {host} returns to LISTEN.",
        "RST 到达处于 SYN-RECEIVED 的{host}：半开连接被丢弃，{host}回到 LISTEN。";
    NarrRecvRstTimeWaitClosed =>
        "A RST reaches the {host} in TIME-WAIT and ends it at once: TIME-WAIT assassination (Linux, with tcp_rfc1337=0; RFC 1337 advises ignoring such a RST).",
        "RST 到达处于 TIME-WAIT 的{host}并立即结束了它：这就是 TIME-WAIT 暗杀（Linux 默认 tcp_rfc1337=0；RFC 1337 建议忽略这种 RST）。";
    NarrRecvSynAck =>
        "The SYN,ACK reaches the {host}: it ACKs it and the new connection is ESTABLISHED.",
        "SYN,ACK 到达{host}：它回复 ACK，新连接进入 ESTABLISHED。";
    NarrRecvAckOfSyn =>
        "The ACK of its SYN reaches the {host}: the new connection is ESTABLISHED.",
        "对 SYN 的确认到达{host}：新连接进入 ESTABLISHED。";
    NarrRecvFin => "The {peer}'s FIN reaches the {host}.", "{peer}的 FIN 到达{host}。";
    NarrRecvFinCloseWait =>
        "The FIN reaches the {host}: it enters CLOSE-WAIT and will ACK the FIN. Its application may still send data before it closes too.",
        "FIN 到达{host}：它进入 CLOSE-WAIT 并将确认该 FIN。它的应用在关闭前仍可发送数据。";
    NarrRecvFinClosing =>
        "The {peer}'s FIN arrives while the {host}'s own FIN is still unacknowledged: the FINs crossed. The {host} ACKs it and enters CLOSING — a simultaneous close.",
        "{host}自己的 FIN 尚未被确认时，{peer}的 FIN 到达：两个 FIN 交错而过。{host}确认它并进入 CLOSING——同时关闭。";
    NarrRecvFinTimeWait =>
        "The {peer}'s FIN reaches the {host}: it sends the final ACK and enters TIME-WAIT, where it waits {tw}.",
        "{peer}的 FIN 到达{host}：它发送最后一个 ACK，进入 TIME-WAIT，并等待 {tw}。";
    NarrRecvAckOfFin => "The ACK of its FIN reaches the {host}.", "对 FIN 的确认到达{host}。";
    NarrRecvAckOfFinFinWait2 =>
        "The ACK of its FIN reaches the {host}: it enters FIN-WAIT-2. Its direction is closed; it waits for the {peer}'s FIN.",
        "对 FIN 的确认到达{host}：它进入 FIN-WAIT-2。它这一方向已关闭，正在等待{peer}的 FIN。";
    NarrRecvAckOfFinClosed =>
        "The last ACK reaches the {host}: it enters CLOSED. The {host} is done with this connection.",
        "最后一个 ACK 到达{host}：它进入 CLOSED。{host}已完成这个连接。";
    NarrRecvAckOfFinTimeWait =>
        "The ACK of its FIN reaches the {host}: from CLOSING it enters TIME-WAIT and waits {tw}.",
        "对 FIN 的确认到达{host}：它从 CLOSING 进入 TIME-WAIT，等待 {tw}。";
    NarrRecvFinAckOfFin =>
        "One segment brings both the {peer}'s FIN and the ACK of the {host}'s FIN: the {host} goes straight from FIN-WAIT-1 to TIME-WAIT.",
        "一个报文段同时带来了{peer}的 FIN 和对{host}的 FIN 的确认：{host}从 FIN-WAIT-1 直接进入 TIME-WAIT。";
    NarrRecvRst =>
        "A RST reaches the {host}: the connection is reset and the {host} enters CLOSED at once. Data not yet delivered is lost.",
        "RST 到达{host}：连接被重置，{host}立即进入 CLOSED。尚未交付的数据会丢失。";
    NarrTimeWaitTimeout =>
        "TIME-WAIT ({tw}) passed with no retransmitted FIN: the {host} enters CLOSED. Any old segment of this connection has died out by now.",
        "TIME-WAIT（{tw}）期间没有收到重传的 FIN：{host}进入 CLOSED。这个连接的旧报文段此时都已在网络中消失。";
    NarrFinWait2Timeout =>
        "The {peer}'s FIN never came: after the FIN-WAIT-2 timeout ({fw2}) the {host} gives up and enters CLOSED (as Linux does for orphaned sockets).",
        "{peer}的 FIN 一直没有到来：FIN-WAIT-2 超时（{fw2}）后，{host}放弃并进入 CLOSED（Linux 对孤儿套接字就是这样做的）。";
    NarrRetransmitGiveUp =>
        "The {host} retransmitted too many times without an answer: it gives up, sends a RST and enters CLOSED.",
        "{host}重传多次仍无应答：它放弃，发送 RST 并进入 CLOSED。";
    NarrRetransmitGiveUpSilent =>
        "The {host} retransmitted too many times without an answer: it gives up silently (no RST is sent) and enters CLOSED; an application still holding the socket gets ETIMEDOUT, after close() nobody is told.",
        "{host}重传多次仍无应答：它静默放弃（不发送 RST），进入 CLOSED；仍持有套接字的应用收到 ETIMEDOUT，若已调用 close() 则无人得知。";
    NarrDataAfterClose =>
        "The {host} resets the connection: it sends a RST and enters CLOSED. The {peer}'s data is lost.",
        "{host}重置连接：发送 RST 并进入 CLOSED。{peer}的数据丢失了。";
    NarrTimeWaitSkipped =>
        "TIME-WAIT is switched off: the {host} enters CLOSED at once. If its last ACK is lost, or an old segment is still on its way, nobody is left to handle it.",
        "TIME-WAIT 已被关闭：{host}立即进入 CLOSED。如果它的最后一个 ACK 丢失，或仍有旧报文段在路上，就没有人来处理了。";
    // Narration: segments and timers.
    NarrLostFin =>
        "The {host}'s FIN was lost. The {host} retransmits it when its RTO of {rto} expires.",
        "{host}的 FIN 丢失了。{host}会在 RTO（{rto}）到期时重传它。";
    NarrLostData =>
        "The {host}'s data segment was lost. The {host} retransmits it when its RTO of {rto} expires.",
        "{host}的数据报文段丢失了。{host}会在 RTO（{rto}）到期时重传它。";
    NarrLostSyn =>
        "The {host}'s SYN was lost. The {host} retransmits it when its RTO of {rto} expires.",
        "{host}的 SYN 丢失了。{host}会在 RTO（{rto}）到期时重传它。";
    NarrLostAck =>
        "The {host}'s ACK was lost. ACKs are never retransmitted on their own: the {peer}, still waiting, will retransmit its {what} instead.",
        "{host}的 ACK 丢失了。ACK 本身不会被重传：仍在等待的{peer}会转而重传它的 {what}。";
    WhatFin => "FIN", "FIN";
    WhatData => "data", "数据";
    NarrLostAckCovered =>
        "The {host}'s ACK was lost, but nothing is retransmitted: a later ACK from the {host} covers the same bytes (ACKs are cumulative).",
        "{host}的 ACK 丢失了，但不会引起重传：{host}随后的 ACK 确认号不小于它，覆盖了同样的字节（确认是累积的）。";
    NarrLostAckAlone =>
        "The {host}'s ACK was lost. ACKs are never retransmitted on their own.",
        "{host}的 ACK 丢失了。ACK 本身不会被重传。";
    NarrLostTlp =>
        "The {host}'s {flags} was lost. The {host} re-sends it as a tail-loss probe after {rto} (2×RTT + 200 ms, never later than its RTO), without backing off.",
        "{host}的 {flags} 丢失了。{host}会在 {rto} 后以尾部丢失探测重发它（2×RTT + 200 ms，最迟与 RTO 同时），且不进行指数退避。";
    NarrLostRst =>
        "The {host}'s RST was lost. RSTs are never retransmitted: the {peer} does not learn that the connection is gone.",
        "{host}的 RST 丢失了。RST 不会重传：{peer}并不知道连接已经不存在。";
    NarrLostRandom => "(Random loss of {loss}% took it.)", "（由 {loss}% 的随机丢包造成。）";
    NarrRetransmit =>
        "The {host}'s retransmission timer fired: it sends {flags} again and backs off its RTO to {rto} (doubled, up to the stack's maximum).",
        "{host}的重传定时器超时：它再次发送 {flags}，并按指数退避把 RTO 增至 {rto}（加倍，但不超过协议栈的上限）。";
    NarrDackFire =>
        "The {host}'s delayed-ACK timer ({dack}) fired with nothing to ride on: the {host} sends the ACK on its own.",
        "{host}的延迟 ACK 定时器（{dack}）到期，没有可捎带的报文段：{host}单独发送 ACK。";
    NarrDackFireBeyond =>
        "The {host}'s delayed-ACK timer ({dack}, beyond RFC 9293's 0.5 s limit) fired with nothing to ride on: the {host} sends the ACK on its own.",
        "{host}的延迟 ACK 定时器（{dack}，超出 RFC 9293 的 0.5 s 上限）到期，没有可捎带的报文段：{host}单独发送 ACK。";
    Tw2msl => "2×MSL ({d})", "2×MSL（{d}）";
    TwFixed => "{d}, fixed by the stack", "{d}（协议栈固定值）";
    NarrData =>
        "The {host} still sends data: a half-closed connection carries data in the direction that is still open.",
        "{host}仍在发送数据：半关闭的连接在尚未关闭的方向上仍可传输数据。";
    NarrFinInFlight =>
        "The {host}'s {flags} is on its way to the {peer}.",
        "{host}的 {flags} 正在发往{peer}。";
    NarrDone => "Both hosts are CLOSED: the connection is fully gone.", "两端都已 CLOSED：连接完全结束。";
    // Notes from the core, as narration.
    NoteOutOfWindow =>
        "The {host} gets a segment outside its receive window: it drops it and answers with an ACK.",
        "{host}收到一个不在接收窗口内的报文段：丢弃它，并回复一个 ACK。";
    NoteOutOfWindowOld =>
        "An old duplicate, held back by the network, reaches the {host} outside its receive window: dropped, and answered with an ACK.",
        "网络滞留的一个旧的重复报文段到达{host}，不在接收窗口内：被丢弃，并回复一个 ACK。";
    NoteOutOfWindowRetx =>
        "A retransmission reaches the {host}, which already has those bytes (left of its receive window): it drops it and ACKs again.",
        "一个重传的报文段到达{host}，而这些字节它已经收到（在接收窗口左侧）：丢弃它并再次确认。";
    NoteTimeWaitRestarted =>
        "A retransmitted FIN reaches the {host} in TIME-WAIT: it ACKs it again and restarts its TIME-WAIT timer. This is why TIME-WAIT exists.",
        "重传的 FIN 到达处于 TIME-WAIT 的{host}：它再次确认，并重新开始 TIME-WAIT 计时。这正是 TIME-WAIT 存在的原因。";
    NoteTimeWaitRestartedOld =>
        "An old copy of the FIN, held back by the network, reaches the {host} in TIME-WAIT: it ACKs it again and restarts its TIME-WAIT timer.",
        "网络滞留的一个旧 FIN 副本到达处于 TIME-WAIT 的{host}：它再次确认，并重新开始 TIME-WAIT 计时。";
    NoteNoConnection =>
        "The {host} has no connection for this segment: it answers with RST (RFC 9293 §3.10.7.1).",
        "{host}没有与该报文段对应的连接：回复 RST（RFC 9293 §3.10.7.1）。";
    NoteRstIgnoredClosed =>
        "A RST reaches the {host}, which has no connection: it is ignored.",
        "RST 到达没有连接的{host}：被忽略。";
    NoteRstOutOfWindow =>
        "The {host} ignores a RST with an unacceptable sequence number (RFC 5961).",
        "{host}忽略一个序列号不可接受的 RST（RFC 5961）。";
    NoteRstIgnoredTimeWait =>
        "A RST reaches the {host} in TIME-WAIT and is ignored (RFC 1337), so it cannot cut TIME-WAIT short.",
        "RST 到达处于 TIME-WAIT 的{host}并被忽略（RFC 1337），因此无法提前结束 TIME-WAIT。";
    NoteSynChallengeAck =>
        "A SYN reaches the {host} on a synchronized connection: it answers with a challenge ACK (RFC 5961).",
        "SYN 到达已同步连接上的{host}：它回复挑战 ACK（RFC 5961）。";
    NoteAckOfUnsent =>
        "The {host} gets an ACK for data it never sent: it answers with an ACK and drops it.",
        "{host}收到一个确认其从未发送数据的 ACK：回复 ACK 并丢弃它。";
    NoteDataAfterFin =>
        "Data arrives at the {host} after the {peer}'s FIN: it cannot be valid and is dropped.",
        "{peer}的 FIN 之后又有数据到达{host}：这不可能合法，被丢弃。";
    NoteOutOfOrder =>
        "A segment reaches the {host} out of order: it is held until the gap is filled, and a duplicate ACK goes back.",
        "报文段乱序到达{host}：它被暂存直到空缺被填补，并回送重复 ACK。";
    NoteAckPiggybacked =>
        "The {host} closes before its delayed ACK fires: the ACK rides on its FIN — a three-segment close.",
        "{host}在延迟 ACK 触发前就关闭了：ACK 捎带在它的 FIN 上——三次挥手。";
    NoteAckOnData =>
        "The {host}'s delayed ACK rides on its data segment. Not a three-segment close: the {host}'s FIN comes later.",
        "{host}的延迟 ACK 捎带在它的数据报文段上。这不是三次挥手：{host}的 FIN 稍后才发出。";
    NoteRstChallengeAck =>
        "A RST reaches the {host} inside its window but not at the next expected sequence number: it may be forged, so the {host} answers with a challenge ACK instead of resetting (RFC 5961 §3.2).",
        "RST 到达{host}，序列号在窗口内但不是期望的下一个序列号：它可能是伪造的，所以{host}不重置连接，而是回复挑战 ACK（RFC 5961 §3.2）。";
    NoteDataAfterClose =>
        "Data reaches the {host} after its application called close(): nobody is left to read it, so the {host} answers with RST (RFC 9293 §3.6.1).",
        "{host}的应用调用 close() 之后又有数据到达：已没有人读取它，所以{host}以 RST 回应（RFC 9293 §3.6.1）。";
    NoteTailLossProbe =>
        "No ACK within the probe timeout (2×RTT + 200 ms, at most the RTO): the {host} sends a tail-loss probe, re-sending its last segment without doubling the RTO (RFC 8985).",
        "在探测超时（2×RTT + 200 ms，不超过 RTO）内没有收到确认：{host}发送尾部丢失探测，重发最后一个报文段，且不把 RTO 加倍（RFC 8985）。";
    NoteOldSegmentAccepted =>
        "A delayed segment of the OLD connection reaches the {host} and is accepted as data by the NEW one: silent corruption. TIME-WAIT exists to prevent exactly this.",
        "旧连接的一个延迟报文段到达{host}，被新连接当作数据接收：悄无声息的数据损坏。TIME-WAIT 正是为防止这种情况而存在。";
    NoteOldSegmentRejected =>
        "A delayed segment of the old connection reaches the {host} and is rejected.",
        "旧连接的一个延迟报文段到达{host}，被拒绝。";
    NoteDuplicateHeld =>
        "The network keeps a delayed copy of this segment for one MSL.",
        "网络将该报文段的一个延迟副本保留一个 MSL。";
    NoteNoAck =>
        "A segment without the ACK bit reaches the {host} on a synchronized connection: dropped.",
        "不带 ACK 位的报文段到达已同步连接上的{host}：被丢弃。";
    NoteNoAckListen =>
        "A segment without SYN reaches the {host} in LISTEN: only a SYN can start a connection, so it is dropped.",
        "不带 SYN 的报文段到达处于 LISTEN 的{host}：只有 SYN 才能发起连接，因此被丢弃。";
    NoteNoAckSynSent =>
        "A segment with neither SYN nor ACK reaches the {host} in SYN-SENT: dropped.",
        "既不带 SYN 也不带 ACK 的报文段到达处于 SYN-SENT 的{host}：被丢弃。";
    NoteConnectionExists =>
        "The {host}'s application opens a connection, but one already exists: nothing happens.",
        "{host}的应用要建立连接，但连接已经存在：什么也不会发生。";
    NoteAlreadyClosing =>
        "The {host}'s application makes a call, but the connection is already closing or gone: nothing happens.",
        "{host}的应用发起调用，但连接已在关闭或已不存在：什么也不会发生。";
    NoteBadAckInSynSent =>
        "The {host} in SYN-SENT gets an unacceptable ACK and answers with RST.",
        "处于 SYN-SENT 的{host}收到不可接受的 ACK，回复 RST。";
    NoteHorizonReached => "The simulation stopped at its time limit.", "模拟在时间上限处停止。";
    // Controls.
    CtlPresets => "Try", "试试";
    PresetClassic => "Four-way close", "四次挥手";
    PresetThree => "Three-segment close", "三次挥手";
    PresetSimultaneous => "Simultaneous close", "同时关闭";
    PresetLostAck => "Lost final ACK", "最后的 ACK 丢失";
    PresetLostFin => "Lost FIN", "FIN 丢失";
    PresetHalfClose => "Half-close: shutdown(SHUT_WR)", "半关闭：shutdown(SHUT_WR)";
    PresetNoTw => "Why TIME-WAIT", "为什么要 TIME-WAIT";
    PresetAbort => "Abort (RST)", "中止（RST）";
    CtlGroupStack => "TCP stack", "TCP 协议栈";
    CtlGroupClose => "Who closes", "谁先关闭";
    CtlCall => "The first closer calls", "先关闭方调用";
    CtlCallClose =>
        "The first closer calls close(): its application is gone; data that still arrives is answered with RST.",
        "先关闭方调用 close()：应用已离开；之后到达的数据会以 RST 回应。";
    CtlCallShutdown =>
        "The first closer calls shutdown(SHUT_WR): a half-close; its application still reads until the peer's FIN.",
        "先关闭方调用 shutdown(SHUT_WR)：半关闭；应用仍会读取，直到收到对方的 FIN。";
    CtlOverride => "{v} · override", "{v} · 覆盖值";
    CtlStackValue => "Back to {stack}'s value", "恢复为 {stack} 的值";
    CtlMslWhatIf =>
        "What-if: TIME-WAIT = 2×MSL = {d}, not {stack}'s fixed {fixed}.",
        "假设：TIME-WAIT = 2×MSL = {d}，而非 {stack} 固定的 {fixed}。";
    CtlRtoFromRtt => "from the RTT: {d}", "由 RTT 算出：{d}";
    CtlDackAfterData => "{d}, {d2} after data", "{d}，收到数据后 {d2}";
    CtlDackBeyond => "beyond RFC 9293's 0.5 s limit", "超出 RFC 9293 的 0.5 s 上限";
    CtlGroupTiming => "Timing", "时间";
    CtlGroupNetwork => "Network", "网络";
    CtlGroupBehaviour => "Behaviour", "行为";
    CtlClose => "Closes first", "先关闭的一方";
    CtlCloseClient => "Client", "客户端";
    CtlCloseServer => "Server", "服务器";
    CtlCloseBoth => "Both at once", "双方同时";
    CtlGap => "Gap between the two close() calls", "两次 close() 调用的间隔";
    ShapeFour => "Four-segment close", "四次挥手";
    ShapeThree => "Three-segment close: the ACK rides on the FIN", "三次挥手：ACK 捎带在 FIN 上";
    ShapeSimultaneous => "Simultaneous close: the FINs cross", "同时关闭：两个 FIN 交错";
    ShapeAbort => "Abortive close with RST", "以 RST 中止关闭";
    ShapeOther => "Unusual close", "非典型关闭";
    CtlMsl => "MSL (TIME-WAIT = 2×MSL unless the stack fixes it)", "MSL（除非协议栈固定，TIME-WAIT = 2×MSL）";
    CtlMslTeach => "Teaching 2 s", "教学 2 秒";
    CtlMslBsd => "FreeBSD 30 s", "FreeBSD 30 秒";
    CtlMslRfc => "RFC 793 120 s", "RFC 793 120 秒";
    CtlDelay => "One-way link delay", "单向链路时延";
    CtlRto => "Initial retransmission timeout (RTO)", "初始重传超时（RTO）";
    CtlDack => "Delayed-ACK time (0 = ACK at once)", "延迟 ACK 时间（0 = 立即确认）";
    CtlLoss => "Random loss", "随机丢包";
    CtlSeed => "Seed", "随机种子";
    CtlDrops => "Segments you dropped", "你丢弃的报文段";
    CtlDropsNone => "None yet — click a segment to drop it.", "暂无——点击报文段即可丢弃。";
    CtlDropsClear => "Restore all", "全部恢复";
    CtlDropChip => "Restore segment {n}", "恢复第 {n} 个报文段";
    CtlData => "Data the passive side still sends", "被动关闭方仍要发送的数据段";
    CtlTw => "Keep TIME-WAIT", "保留 TIME-WAIT";
    CtlFinwait2 => "FIN-WAIT-2 timeout", "FIN-WAIT-2 超时";
    CtlAbort => "Abort with RST instead of close", "以 RST 中止而不是正常关闭";
    CtlAbortNone => "Nobody", "无";
    CtlReopen => "Reopen on the same ports afterwards", "之后在相同端口上重新连接";
    CtlReset => "Reset scenario", "重置场景";
    CtlCopy => "Copy link", "复制链接";
    CtlCopied => "Link copied", "链接已复制";
    // Stacks and what their profiles do (crate::profile).
    StackTextbook => "Textbook (RFC 9293)", "教科书（RFC 9293）";
    StackLinux => "Linux", "Linux";
    StackFreebsd => "FreeBSD", "FreeBSD";
    StackWindows => "Windows", "Windows";
    StackMacos => "macOS", "macOS";
    ProfLine => "{stack}: {parts}", "{stack}：{parts}";
    ProfSep => "; ", "；";
    ProfListSep => ", ", "、";
    ProfTwFixed =>
        "TIME-WAIT is {d}, fixed in the kernel, whatever the MSL",
        "TIME-WAIT 固定为 {d}（内核常量），与 MSL 无关";
    ProfTw2msl => "MSL {msl}, so TIME-WAIT is {d}", "MSL 为 {msl}，TIME-WAIT 为 {d}";
    ProfAckNow => "a FIN is ACKed at once", "收到 FIN 立即确认";
    ProfAckAfter => "ACK of a FIN after ~{d}", "约 {d} 后确认 FIN";
    ProfRtoFixed => "RTO {d}, doubled on each expiry", "RTO 为 {d}，每次超时指数退避（加倍）";
    ProfRtoRtt => "RTO = RTT + max(2·RTT, {min})", "RTO = RTT + max(2·RTT, {min})";
    ProfRtoRttSlop =>
        "RTO = RTT + max(2·RTT, {min}) + {slop}",
        "RTO = RTT + max(2·RTT, {min}) + {slop}";
    ProfTlp => " with a tail-loss probe", "，另有尾部丢失探测";
    ProfGiveUpRst => "gives up after {n} retransmissions with a RST", "重传 {n} 次后放弃并发送 RST";
    ProfGiveUpSilent =>
        "gives up silently (no RST; an application still holding the socket gets ETIMEDOUT)",
        "静默放弃（不发 RST；仍持有套接字的应用收到 ETIMEDOUT）";
    ProfFw2 => "an orphan leaves FIN-WAIT-2 after {d}", "孤儿连接在 {d} 后离开 FIN-WAIT-2";
    ProfRstEndsTw => "a RST ends TIME-WAIT", "RST 会结束 TIME-WAIT";
    ProfRstIgnoredTw =>
        "a RST in TIME-WAIT is ignored, as RFC 1337 recommends (RFC 9293 itself would close)",
        "TIME-WAIT 中的 RST 被忽略（按 RFC 1337 的建议；RFC 9293 本身会关闭连接）";
    ProfSynReopens => "a new SYN may reopen from TIME-WAIT", "新的 SYN 可以直接结束 TIME-WAIT 并重新建立连接";
    ProfUndocumented => "not documented or not verified: {list}", "无公开文档或未经核实：{list}";
    UndocFinWait2Timeout => "FIN-WAIT-2 timeout", "FIN-WAIT-2 超时";
    UndocMinimumRto => "minimum RTO", "最小 RTO";
    UndocFinAckDelay => "ACK delay of a FIN", "FIN 的确认延迟";
    UndocGiveUpRst => "RST on giving up", "放弃时是否发 RST";
    UndocRstInTimeWait => "RST in TIME-WAIT", "TIME-WAIT 中的 RST";
    UndocSynInTimeWait => "SYN in TIME-WAIT", "TIME-WAIT 中的 SYN";
    UndocTailLossProbe => "tail-loss probe", "尾部丢失探测";
    // ---- Lessons (the course panel, ui/lessons.rs) ----
    LessonsOpen => "Lessons", "课程";
    LessonsTitle => "Guided lessons", "引导课程";
    LessonsIntro =>
        "Eight short lessons. Each pauses at the moments that matter and asks you to predict what happens next.",
        "八节短课。每节课在关键时刻暂停，请你先预测接下来会发生什么。";
    LessonsProgress => "{done} of {total} lessons done", "已完成 {done}/{total} 课";
    LessonsClose => "Close lessons", "关闭课程";
    LessonsDone => "Completed", "已完成";
    LessonsSteps => "{n} steps", "{n} 步";
    LessonsNumber => "Lesson {n}", "第 {n} 课";
    LessonBadge =>
        "Lesson {n} of {total} · Step {k} of {steps}",
        "第 {n} 课（共 {total} 课）· 第 {k} 步（共 {steps} 步）";
    LessonAll => "All lessons", "全部课程";
    LessonPrev => "Back", "上一步";
    LessonContinue => "Continue", "继续";
    LessonSkip => "Skip question", "跳过此题";
    LessonFinish => "Finish lesson", "完成本课";
    LessonTry => "Try it yourself", "自己动手试试";
    LessonPredict => "Predict", "预测";
    LessonWrong => "Not quite.", "不太对。";
    LessonRetry => "Try again: pick another answer.", "再试一次：选另一个答案。";
    LessonRetryClick => "Try again: click another segment.", "再试一次：点击另一个报文段。";
    LessonClickHint =>
        "Click an arrow in the sequence diagram (or a segment on the wire) to answer.",
        "点击时序图中的箭头（或线路上的报文段）作答。";
    LessonClicked => "You clicked segment {n}.", "你点击了第 {n} 个报文段。";
    LessonWatching => "Watch: playing to the next stop…", "请观看：正在播放到下一个停顿点……";
    LessonJump => "Jump there", "直接跳过去";
    ExpectedALessonNumberFrom1To8 => "a lesson number from 1 to 8", "1 到 8 之间的课程编号";
    // ---- end of Lessons ----
    // ---- Share, embed, export (ui/share.rs, ui/embed.rs, ui/export.rs) ----
    ShareGroup => "Share, embed, export", "分享、嵌入、导出";
    ShareButton => "Share", "分享";
    ShareTitle => "Share this scenario", "分享这个场景";
    ShareIntro => "Anyone who opens this link sees the same scenario.", "打开这个链接的人会看到同一个场景。";
    ShareLink => "Link", "链接";
    ShareWithT => "Include the playback position ({t})", "包含播放位置（{t}）";
    ShareCopy => "Copy", "复制";
    ShareCopied => "Copied to the clipboard.", "已复制到剪贴板。";
    SharePress => "Selected: press Ctrl+C (⌘C on a Mac) to copy.", "已选中：按 Ctrl+C（Mac 上按 ⌘C）复制。";
    DialogClose => "Close", "关闭";
    EmbedButton => "Embed", "嵌入";
    EmbedTitle => "Embed in a course page", "嵌入课程页面";
    EmbedIntro =>
        "Paste this into a course page, slides or an LMS (Moodle, Canvas). It shows the stage and the sequence diagram with play and step controls, without the settings.",
        "把它粘贴到课程页面、幻灯片或学习平台（Moodle、Canvas）中。它显示舞台和时序图以及播放、单步按钮，不含设置面板。";
    EmbedSnippet => "HTML to paste", "要粘贴的 HTML";
    EmbedPreview => "Preview", "预览";
    EmbedHeightHint =>
        "The embedded page tells its host page its height (a teardown:height message); the README has a five-line script that resizes the iframe to fit.",
        "嵌入的页面会把自己的高度告诉宿主页面（teardown:height 消息）；README 中有一段五行脚本可让 iframe 自动适应高度。";
    EmbedIframeTitle => "Teardown: how a TCP connection closes", "Teardown：TCP 连接如何关闭";
    ExportButton => "Export", "导出";
    ExportTitle => "Export this scenario", "导出这个场景";
    ExportIntro =>
        "Download the sequence diagram or the segments of this scenario (the same files as the teardown command writes).",
        "下载这个场景的时序图或报文段（与 teardown 命令生成的文件相同）。";
    ExportSvgLight => "SVG (light)", "SVG（浅色）";
    ExportSvgLightHint => "Picture for documents and light slides", "用于文档和浅色幻灯片的图片";
    ExportSvgDark => "SVG (dark)", "SVG（深色）";
    ExportSvgDarkHint => "Picture for dark slides", "用于深色幻灯片的图片";
    ExportMermaid => "Mermaid", "Mermaid";
    ExportMermaidHint => "sequenceDiagram for Markdown notes", "用于 Markdown 笔记的 sequenceDiagram";
    ExportPcap => "pcap", "pcap";
    ExportPcapHint => "The segments, for Wireshark", "报文段抓包，可用 Wireshark 打开";
    ExportSaved => "Saved {file}", "已保存 {file}";
    ExportMermaidText => "Mermaid text", "Mermaid 文本";
    ExportMermaidCopy => "Copy Mermaid", "复制 Mermaid";
    ExportLoading => "Preparing the exports…", "正在准备导出……";
    ExportFailed =>
        "The exports could not be loaded ({error}). Check the connection, then close this dialog and open it again.",
        "无法加载导出功能（{error}）。请检查网络连接，然后关闭此对话框再重新打开。";
    // ---- end of Share, embed, export ----
    // Texts fetched on first use (crate::text): while they load, or if they cannot be.
    TextLoading => "Loading the lessons…", "正在加载课程……";
    TextFailedZh =>
        "The Chinese text could not be loaded ({why}), so the page stays in English.",
        "中文文本未能加载（{why}），页面暂以英文显示。";
    TextFailedLessons =>
        "The lesson texts could not be loaded ({why}). Check the connection, then open the lessons again.",
        "课程文本未能加载（{why}）。请检查网络连接，然后重新打开课程。";
    TextNotAPack => "the server sent a file that is not this page's text", "服务器返回的文件不是本页面的文本";
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashSet;
    use teardown_core::stack::Undocumented;
    use teardown_core::{Cause, Note, Stack, State, TimerKind};

    /// Every cause of the core, for tests that must cover them.
    pub(crate) const ALL_CAUSES: [Cause; 16] = Cause::ALL;

    #[test]
    fn all_lists_every_message_in_order() {
        for (i, &m) in Msg::ALL.iter().enumerate() {
            assert_eq!(m as usize, i);
            assert_eq!(Msg::from_index(i), Some(m));
        }
        assert_eq!(Msg::from_index(Msg::ALL.len()), None);
    }

    /// In a native build (no `lazy-text`) every message has both languages built in.
    #[cfg(not(feature = "lazy-text"))]
    #[test]
    fn every_message_has_english_and_chinese() {
        for &m in Msg::ALL {
            assert!(!m.en().is_empty(), "{m:?} has no English");
            assert!(!m.zh_built_in().is_empty(), "{m:?} has no Chinese");
            assert_eq!(tr(Lang::En, m), m.en());
            assert_eq!(tr(Lang::Zh, m), m.zh_built_in());
        }
    }

    #[cfg(not(feature = "lazy-text"))]
    #[test]
    fn lesson_keys_are_unique_and_both_languages_filled() {
        let mut seen = HashSet::new();
        for (k, en, zh) in LESSONS.iter().chain(PANIC) {
            assert!(seen.insert(k), "duplicate key {k}");
            assert!(!en.is_empty() && !zh.is_empty(), "empty text for {k}");
        }
    }

    fn names(s: &str) -> Vec<&str> {
        let mut v: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    #[cfg(not(feature = "lazy-text"))]
    #[test]
    fn placeholders_match_between_languages() {
        for &m in Msg::ALL {
            assert_eq!(
                names(m.en()),
                names(m.zh_built_in()),
                "placeholders differ for {m:?}"
            );
        }
        for (k, en, zh) in LESSONS {
            assert_eq!(names(en), names(zh), "placeholders differ for {k}");
        }
    }

    /// The functions from the core's values cover every value, and the refined sentences keep
    /// the placeholders of the plain one they stand for.
    #[test]
    fn every_core_value_has_its_message() {
        let mut seen = HashSet::new();
        for s in State::ALL {
            assert!(seen.insert(Msg::explain(s)), "{s}");
        }
        for t in TimerKind::ALL {
            assert!(seen.insert(Msg::timer(t)), "{t:?}");
            assert!(seen.insert(Msg::timer_long(t)), "{t:?}");
        }
        for s in Stack::ALL {
            assert!(seen.insert(Msg::stack(s)), "{s:?}");
        }
        for u in [
            Undocumented::FinWait2Timeout,
            Undocumented::MinimumRto,
            Undocumented::FinAckDelay,
            Undocumented::GiveUpRst,
            Undocumented::RstInTimeWait,
            Undocumented::SynInTimeWait,
            Undocumented::TailLossProbe,
        ] {
            assert!(seen.insert(Msg::undocumented(u)), "{u:?}");
        }
        for c in ALL_CAUSES {
            assert!(seen.insert(Msg::cause_narration(c)), "{c:?}");
            for was in State::ALL {
                for to in State::ALL {
                    let m = Msg::narration(c, was, to);
                    assert!(
                        m == Msg::cause_narration(c) || !seen.contains(&m),
                        "{c:?} {was} -> {to}: {m:?}"
                    );
                }
            }
        }
        for n in Note::ALL {
            let plain = Msg::note_plain(n);
            assert!(seen.insert(plain), "{n:?}");
            for s in State::ALL {
                for (old, retx) in [(false, false), (true, false), (false, true)] {
                    let m = Msg::note(n, old, retx, s);
                    assert_eq!(names(m.en()), names(plain.en()), "{n:?} {s}: {m:?}");
                }
            }
        }
        // The refinements the narration relies on.
        assert_eq!(
            Msg::note(Note::NoAck, false, false, State::Listen),
            Msg::NoteNoAckListen
        );
        assert_eq!(
            Msg::note(Note::OutOfWindow, true, true, State::Established),
            Msg::NoteOutOfWindowOld
        );
        assert_eq!(
            Msg::narration(Cause::RecvSyn, State::TimeWait, State::SynReceived),
            Msg::NarrRecvSynTimeWaitSynReceived
        );
        assert_eq!(
            Msg::narration(Cause::RecvFin, State::FinWait2, State::TimeWait),
            Msg::NarrRecvFinTimeWait
        );
        assert_eq!(
            Msg::narration(Cause::RecvSyn, State::Listen, State::SynReceived),
            Msg::NarrRecvSyn
        );
    }

    #[test]
    fn the_cores_expected_sentences_are_translated() {
        assert_eq!(Msg::expected("0 or 1"), Some(Msg::Expected0Or1));
        assert_eq!(Msg::expected("something new"), None);
        // Every `Expected…` row is reachable from its English sentence.
        for &m in Msg::ALL {
            if format!("{m:?}").starts_with("Expected") {
                assert_eq!(Msg::expected(m.en()), Some(m), "{m:?}");
            }
        }
    }

    #[test]
    fn fill_replaces_known_and_keeps_unknown() {
        assert_eq!(fill("a {x} b {y} {", &[("x", "1")]), "a 1 b {y} {");
        assert_eq!(
            trf(Lang::En, Msg::PlaySkipped, &[("d", "1 s")]),
            "1 s skipped"
        );
        assert_eq!(tr_lesson(Lang::En, "no.such.key"), MISSING);
        assert_eq!(lang_from_tag("zh-TW"), Lang::Zh);
        assert_eq!(lang_from_tag(" ZH"), Lang::Zh);
        assert_eq!(lang_from_tag("en-GB"), Lang::En);
    }
}
