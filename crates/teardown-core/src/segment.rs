//! Hosts and the segments they exchange.

use core::fmt;
use serde::{Deserialize, Serialize};

/// One of the two hosts. The client is drawn on the left, the server on the right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Host {
    Client,
    Server,
}

impl Host {
    /// Both hosts, client first.
    pub const BOTH: [Host; 2] = [Host::Client, Host::Server];

    /// The other host.
    pub const fn peer(self) -> Host {
        match self {
            Host::Client => Host::Server,
            Host::Server => Host::Client,
        }
    }

    /// `0` for the client, `1` for the server: an index for per-host arrays.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// `"client"` or `"server"`, as in links and JSON.
    pub const fn key(self) -> &'static str {
        match self {
            Host::Client => "client",
            Host::Server => "server",
        }
    }
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The control bit a segment carries besides ACK. At most one: a segment is
/// never SYN and FIN at once in this model, so the type makes it unwritable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Control {
    None,
    Syn,
    Fin,
    Rst,
}

/// A TCP segment as the learner sees it: flags, relative sequence and
/// acknowledgment numbers, and payload length.
///
/// `ack` is `None` when the ACK bit is off. Sequence numbers are relative to
/// the original connection's initial sequence numbers, as Wireshark shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Segment {
    /// Send order across both hosts, from 1: the number `drop=` refers to.
    pub n: u32,
    /// The sending host.
    pub from: Host,
    /// Which incarnation of the connection sent it: 0 the original, 1 the one
    /// `reopen=1` opens on the same ports afterwards.
    pub conn: u8,
    pub control: Control,
    pub seq: u32,
    pub ack: Option<u32>,
    /// Payload bytes.
    pub len: u32,
    /// The sender had sent this sequence range before (a retransmission).
    pub retransmission: bool,
}

impl Segment {
    /// Sequence space the segment occupies: payload plus one for SYN or FIN.
    pub const fn seg_len(&self) -> u32 {
        self.len
            + match self.control {
                Control::Syn | Control::Fin => 1,
                Control::None | Control::Rst => 0,
            }
    }

    pub const fn is_fin(&self) -> bool {
        matches!(self.control, Control::Fin)
    }

    pub const fn is_syn(&self) -> bool {
        matches!(self.control, Control::Syn)
    }

    pub const fn is_rst(&self) -> bool {
        matches!(self.control, Control::Rst)
    }

    /// Flag names in the order Wireshark lists them, e.g. `["FIN", "ACK"]`.
    pub fn flags(&self) -> Vec<&'static str> {
        let mut flags = Vec::with_capacity(2);
        match self.control {
            Control::Syn => flags.push("SYN"),
            Control::Fin => flags.push("FIN"),
            Control::Rst => flags.push("RST"),
            Control::None => {}
        }
        if self.len > 0 {
            flags.push("PSH");
        }
        if self.ack.is_some() {
            flags.push("ACK");
        }
        flags
    }

    /// The flags joined with commas: `"FIN,ACK"`, `"SYN"`, `"ACK"`.
    pub fn flags_label(&self) -> String {
        self.flags().join(",")
    }

    /// A compact label: `FIN,ACK seq=1 ack=1` (plus `len=100` for data).
    pub fn label(&self) -> String {
        let mut s = format!("{} seq={}", self.flags_label(), self.seq);
        if let Some(ack) = self.ack {
            s.push_str(&format!(" ack={ack}"));
        }
        if self.len > 0 {
            s.push_str(&format!(" len={}", self.len));
        }
        s
    }

    /// TCP header flag bits (FIN=0x01, SYN=0x02, RST=0x04, PSH=0x08, ACK=0x10), for pcap.
    pub fn flag_bits(&self) -> u8 {
        let mut bits = match self.control {
            Control::None => 0,
            Control::Fin => 0x01,
            Control::Syn => 0x02,
            Control::Rst => 0x04,
        };
        if self.len > 0 {
            bits |= 0x08;
        }
        if self.ack.is_some() {
            bits |= 0x10;
        }
        bits
    }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}
