//! A libpcap capture of the simulated segments, for Wireshark and tcpdump.
//!
//! # What the capture shows, and why
//! - **Where it is taken.** Every segment is captured once, at the moment its
//!   sender puts it on the wire, as if a tap sat next to each host's network
//!   card. That is the only vantage point from which the capture agrees with
//!   the timeline about retransmissions: a lost segment *was* sent, so it is in
//!   the capture, and the segment that repeats it is then — correctly —
//!   flagged by Wireshark as a retransmission. (A tap next to the receiver
//!   would never see lost segments, and the retransmissions would look like
//!   first transmissions.) Nothing in a pcap record can say "lost in the
//!   network"; the Teardown views and `drop=` in the link say which were.
//! - **The held-back copy of `reopen=1`** is not a send of its own: the
//!   network delivers an old copy of a segment one MSL late. Seen from the
//!   senders it does not exist, so it is not in the capture (a tap at the
//!   client would see it arrive late, and Wireshark would call that copy a
//!   retransmission, which the timeline rightly does not).
//! - **Links and addresses.** Ethernet (LINKTYPE_ETHERNET) carrying IPv4/TCP,
//!   client 10.0.0.1:50000, server 10.0.0.2:80, locally administered MAC
//!   addresses, TTL 64, DF set, window 65 535, no TCP options (the simulated
//!   stacks negotiate none). IPv4 and TCP checksums are computed, so Wireshark
//!   validates them when asked to.
//! - **Sequence numbers.** Absolute = a fixed initial sequence number per host
//!   ([`CLIENT_ISN`], [`SERVER_ISN`]) + the timeline's relative number. The
//!   capture starts mid-connection (the simulation starts in ESTABLISHED), and
//!   Wireshark then counts relative numbers from one below the first number it
//!   sees, which is exactly the timeline's `seq = ack = 1`; so its relative
//!   numbers equal the timeline's. After `reopen=1`'s new SYN, Wireshark starts
//!   a new stream counted from the new ISN, while the timeline keeps counting
//!   from the old one.
//! - **Time.** The timestamp of a segment is its send time in the scenario,
//!   counted from 2025-01-01 00:00:00 UTC (a fixed date, so that the same
//!   scenario always gives the same bytes).
//! - **Payload.** Data segments carry readable ASCII text, chosen by stream
//!   offset, so a retransmission carries the same bytes as the original.

use crate::segment::{Host, Segment};
use crate::timeline::Timeline;

/// IPv4 address and TCP port of the client.
pub const CLIENT: ([u8; 4], u16) = ([10, 0, 0, 1], 50_000);
/// IPv4 address and TCP port of the server.
pub const SERVER: ([u8; 4], u16) = ([10, 0, 0, 2], 80);
/// The client's initial sequence number: relative 0 in the timeline.
pub const CLIENT_ISN: u32 = 0x2B9F_4C10;
/// The server's initial sequence number: relative 0 in the timeline.
pub const SERVER_ISN: u32 = 0x7A31_0E55;
/// The capture's time zero: 2025-01-01 00:00:00 UTC, in seconds since 1970.
pub const EPOCH_SECS: u32 = 1_735_689_600;
/// LINKTYPE_ETHERNET in the pcap global header.
const LINKTYPE_ETHERNET: u32 = 1;
/// Advertised receive window, the simulation's fixed window.
const WINDOW: u16 = 65_535;
/// Data segments' payload is this text, repeated, indexed by stream offset.
/// It is one line shorter than a data segment: Wireshark's HTTP dissector
/// (port 80) then always sees a complete first line, recognises it is not
/// HTTP, and shows "Continuation" instead of holding segments back for
/// reassembly (which would report a retransmission's overlap as an error).
const PAYLOAD_TEXT: &[u8] = b"Teardown: data the passive side still sends in CLOSE-WAIT.\r\n";

/// Renders every segment the timeline's hosts sent as a libpcap file
/// (microsecond timestamps, little-endian, Ethernet/IPv4/TCP).
pub fn pcap(timeline: &Timeline) -> Vec<u8> {
    let mut out = Vec::with_capacity(24 + timeline.flights.len() * 80);
    // Global header: magic, version 2.4, GMT offset 0, accuracy 0, snaplen, link type.
    out.extend_from_slice(&0xA1B2_C3D4u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&0i32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&65_535u32.to_le_bytes());
    out.extend_from_slice(&LINKTYPE_ETHERNET.to_le_bytes());

    // IPv4 identification counters, one per sender, as real stacks keep.
    let mut ip_id = [0x1000u16, 0x2000u16];
    // Flights are in send order; the held-back copy of reopen=1 is not a send.
    for flight in timeline.flights.iter().filter(|f| !f.duplicate) {
        let id = &mut ip_id[flight.segment.from.index()];
        let frame = frame(&flight.segment, *id);
        *id = id.wrapping_add(1);
        let secs = EPOCH_SECS.wrapping_add((flight.sent / 1000) as u32);
        let micros = ((flight.sent % 1000) * 1000) as u32;
        out.extend_from_slice(&secs.to_le_bytes());
        out.extend_from_slice(&micros.to_le_bytes());
        out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        out.extend_from_slice(&frame);
    }
    out
}

fn endpoint(host: Host) -> ([u8; 4], u16) {
    match host {
        Host::Client => CLIENT,
        Host::Server => SERVER,
    }
}

fn isn(host: Host) -> u32 {
    match host {
        Host::Client => CLIENT_ISN,
        Host::Server => SERVER_ISN,
    }
}

/// A locally administered MAC address that embeds the host's IPv4 address.
fn mac(host: Host) -> [u8; 6] {
    let ip = endpoint(host).0;
    [0x02, 0x00, ip[0], ip[1], ip[2], ip[3]]
}

/// One Ethernet frame carrying the segment.
fn frame(seg: &Segment, ip_id: u16) -> Vec<u8> {
    let (src_ip, src_port) = endpoint(seg.from);
    let (dst_ip, dst_port) = endpoint(seg.from.peer());
    let payload = payload(seg);
    let tcp_len = 20 + payload.len();
    let ip_len = 20 + tcp_len;

    let mut f = Vec::with_capacity(14 + ip_len);
    f.extend_from_slice(&mac(seg.from.peer()));
    f.extend_from_slice(&mac(seg.from));
    f.extend_from_slice(&0x0800u16.to_be_bytes());

    // IPv4 header, 20 bytes: version 4, IHL 5, DF, TTL 64, protocol TCP.
    let ip_start = f.len();
    f.extend_from_slice(&[0x45, 0x00]);
    f.extend_from_slice(&(ip_len as u16).to_be_bytes());
    f.extend_from_slice(&ip_id.to_be_bytes());
    f.extend_from_slice(&0x4000u16.to_be_bytes());
    f.extend_from_slice(&[64, 6, 0, 0]);
    f.extend_from_slice(&src_ip);
    f.extend_from_slice(&dst_ip);
    let ip_sum = checksum(&[&f[ip_start..]]);
    f[ip_start + 10..ip_start + 12].copy_from_slice(&ip_sum.to_be_bytes());

    // TCP header, 20 bytes (data offset 5, no options), then the payload.
    let tcp_start = f.len();
    let seq = isn(seg.from).wrapping_add(seg.seq);
    // Without the ACK bit the field is zero, as the RFC asks of senders.
    let ack = seg.ack.map_or(0, |a| isn(seg.from.peer()).wrapping_add(a));
    f.extend_from_slice(&src_port.to_be_bytes());
    f.extend_from_slice(&dst_port.to_be_bytes());
    f.extend_from_slice(&seq.to_be_bytes());
    f.extend_from_slice(&ack.to_be_bytes());
    f.extend_from_slice(&[5 << 4, seg.flag_bits()]);
    f.extend_from_slice(&WINDOW.to_be_bytes());
    f.extend_from_slice(&[0, 0, 0, 0]); // checksum (filled below), urgent pointer
    f.extend_from_slice(&payload);

    // The TCP checksum covers a pseudo-header of addresses, protocol and length.
    let mut pseudo = [0u8; 12];
    pseudo[0..4].copy_from_slice(&src_ip);
    pseudo[4..8].copy_from_slice(&dst_ip);
    pseudo[9] = 6;
    pseudo[10..12].copy_from_slice(&(tcp_len as u16).to_be_bytes());
    let tcp_sum = checksum(&[&pseudo, &f[tcp_start..]]);
    f[tcp_start + 16..tcp_start + 18].copy_from_slice(&tcp_sum.to_be_bytes());
    f
}

/// The segment's payload bytes: the text at its stream offset, so that a
/// retransmission repeats the original's bytes exactly.
fn payload(seg: &Segment) -> Vec<u8> {
    let start = seg.seq.wrapping_sub(1) as usize;
    (0..seg.len as usize)
        .map(|i| PAYLOAD_TEXT[(start.wrapping_add(i)) % PAYLOAD_TEXT.len()])
        .collect()
}

/// The Internet checksum (RFC 1071) over the concatenation of `parts`, each of
/// even length except possibly the last.
fn checksum(parts: &[&[u8]]) -> u16 {
    let mut sum: u32 = 0;
    for part in parts {
        let mut chunks = part.chunks_exact(2);
        for c in &mut chunks {
            sum += u32::from(u16::from_be_bytes([c[0], c[1]]));
        }
        if let [last] = chunks.remainder() {
            sum += u32::from(*last) << 8;
        }
    }
    while sum > 0xFFFF {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    !(sum as u16)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Scenario, simulate};

    fn capture(query: &str) -> Vec<u8> {
        pcap(&simulate(&Scenario::from_query(query).0))
    }

    /// Splits a capture into its records' frames.
    fn frames(bytes: &[u8]) -> Vec<&[u8]> {
        let mut out = Vec::new();
        let mut at = 24;
        while at < bytes.len() {
            let len = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().unwrap()) as usize;
            out.push(&bytes[at + 16..at + 16 + len]);
            at += 16 + len;
        }
        out
    }

    #[test]
    fn checksum_matches_rfc_1071_example() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (complement 220d).
        assert_eq!(
            checksum(&[&[0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]]),
            0x220d
        );
    }

    #[test]
    fn every_header_checksum_verifies_to_zero() {
        for frame in frames(&capture("data=3&drop=3")) {
            let ip = &frame[14..34];
            assert_eq!(checksum(&[ip]), 0, "IPv4 header checksum");
            let tcp = &frame[34..];
            let mut pseudo = [0u8; 12];
            pseudo[0..8].copy_from_slice(&ip[12..20]);
            pseudo[9] = 6;
            pseudo[10..12].copy_from_slice(&(tcp.len() as u16).to_be_bytes());
            assert_eq!(checksum(&[&pseudo, tcp]), 0, "TCP checksum");
        }
    }

    #[test]
    fn default_close_has_four_records_with_absolute_numbers() {
        let bytes = capture("");
        assert_eq!(&bytes[..4], &[0xd4, 0xc3, 0xb2, 0xa1]);
        let frames = frames(&bytes);
        assert_eq!(frames.len(), 4);
        let seq = |f: &[u8]| u32::from_be_bytes(f[38..42].try_into().unwrap());
        let flags = |f: &[u8]| f[47];
        // FIN,ACK from the client at relative seq 1.
        assert_eq!(seq(frames[0]), CLIENT_ISN + 1);
        assert_eq!(flags(frames[0]), 0x11);
        // The final ACK: the client's FIN consumed one sequence number.
        assert_eq!(seq(frames[3]), CLIENT_ISN + 1 + 1);
        assert_eq!(flags(frames[3]), 0x10);
    }

    #[test]
    fn held_back_copy_is_not_captured() {
        let t = simulate(&Scenario::from_query("reopen=1").0);
        let sends = t.flights.iter().filter(|f| !f.duplicate).count();
        assert!(t.flights.iter().any(|f| f.duplicate));
        assert_eq!(frames(&pcap(&t)).len(), sends);
    }
}
