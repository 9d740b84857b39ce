#!/usr/bin/env python3
"""Turn one scenario's raw capture (run.sh's out/<scenario>/) into the JSON summary.

    summarize.py out/<scenario> > <scenario>.json

Reads client.pcap and server.pcap (classic pcap, micro- or nanosecond,
Ethernet/IPv4/TCP; parsed with the standard library), states.jsonl
(poll_state.py), app-client.jsonl / app-server.jsonl (tdapp.py), relay.jsonl
(relay.py), meta.json and sysctls-*.txt (run.sh).

Every segment is listed once, at its SENDER's veth (t_ms = egress time), with
t_rx_ms = the time the same segment (same seq/ack/flags/len/IP id/TSval) was
seen arriving at the receiver's veth, or null if it never arrived.  seq and
ack are relative like Wireshark's: seq to the sender's ISN, ack to the
receiver's ISN; ack is null when the ACK flag is not set.
"""
import json
import os
import statistics
import struct
import sys

DESCRIPTIONS = {
    "four_way_client_first":
        "Connection established, no data. At t0 the client calls close(). The server's "
        "application reads EOF and calls close() 1000 ms later.",
    "three_segment":
        "Connection established, no data. At t0 the client calls close(). The server's "
        "application closes as soon as its blocking read returns EOF.",
    "delack_after_data":
        "The client writes 100 bytes, the server reads them and writes 100 bytes back, the "
        "client reads them; 500 ms later (t0) the client calls close(). The server closes "
        "1000 ms after reading EOF.",
    "delack_after_data_fast":
        "As delack_after_data, but the server closes as soon as it reads EOF.",
    "lost_fin":
        "As four_way_client_first, but the client's first FIN is lost in the network (the "
        "relay between the namespaces drops the first client segment with FIN set).",
    "lost_fin_twice":
        "As lost_fin, but the first two client FIN segments are lost.",
    "close_then_data":
        "At t0 the client calls close(). The server's application, after reading EOF, writes "
        "100 bytes, 25 ms later writes 100 bytes again (TCP_NODELAY set, so each write is "
        "sent at once), and calls close() 1000 ms after that.",
    "close_then_data_nagle":
        "As close_then_data, but without TCP_NODELAY (default socket options: Nagle on).",
    "shutdown_then_data":
        "At t0 the client calls shutdown(SHUT_WR) and keeps reading. The server's application, "
        "after reading EOF, writes 100 bytes twice 25 ms apart (TCP_NODELAY set) and calls "
        "close() 1000 ms later. The client reads until EOF, then calls close().",
    "shutdown_then_data_nagle":
        "As shutdown_then_data, but without TCP_NODELAY (default socket options: Nagle on).",
    "orphan_fin_wait2":
        "At t0 the client calls close(). The server's application reads EOF and sleeps 70 s "
        "before it calls close().",
    "simultaneous":
        "Connection established, no data. Both applications call close() at the same "
        "agreed absolute time.",
    "shutdown_then_fin_wait2":
        "At t0 the client calls shutdown(SHUT_WR) and keeps reading (the socket stays "
        "attached). The server's application reads EOF and sleeps 70 s before close(); the "
        "client reads EOF, then calls close().",
    "reopen_after_server_close":
        "Connection 0 established, no data. At t0 the SERVER calls close() (500 ms after its "
        "accept() returned); the client's application reads EOF and calls close() 1000 ms later, "
        "so the server ends in TIME-WAIT. As soon as the client's socket is gone (its LAST-ACK "
        "ended; the client polls /proc/net/tcp every 1 ms) the client opens connection 1 to the "
        "same server address and port from the same client port (new socket, SO_REUSEADDR, bind "
        "to that port, connect): its SYN reaches the server's TIME-WAIT socket of connection 0. "
        "The server's listening socket (SO_REUSEADDR) stays open throughout and accepts "
        "connection 1. Connection 1 idles 1000 ms after connect() returned, then the client "
        "calls close() and the server closes as soon as it reads EOF. Polling stops 2 s after "
        "that last client close() (the client's final TIME-WAIT is not waited out).",
}

FLAG_LETTERS = [(0x02, "S"), (0x01, "F"), (0x04, "R"), (0x08, "P"), (0x10, "A")]


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    else:
        raise ValueError("%s: not a classic pcap file" % path)
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack_from(end + "I", data, 20)[0]
    if linktype != 1:
        raise ValueError("%s: link type %d, expected Ethernet (1)" % (path, linktype))
    off = 24
    pkts = []
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack_from(end + "IIII", data, off)
        off += 16
        frame = data[off:off + incl]
        off += incl
        t_ns = sec * 1_000_000_000 + (frac if nano else frac * 1000)
        p = parse_frame(frame)
        if p:
            p["t_ns"] = t_ns
            pkts.append(p)
    return pkts


def parse_frame(fr):
    if len(fr) < 14 + 20 or fr[12:14] != b"\x08\x00":
        return None
    ip = 14
    ihl = (fr[ip] & 0x0F) * 4
    total, ipid = struct.unpack_from("!HH", fr, ip + 2)
    if fr[ip + 9] != 6:
        return None
    src = ".".join(str(b) for b in fr[ip + 12:ip + 16])
    dst = ".".join(str(b) for b in fr[ip + 16:ip + 20])
    t = ip + ihl
    sport, dport, seq, ack, offflags, win = struct.unpack_from("!HHIIHH", fr, t)
    doff = (offflags >> 12) * 4
    flags = offflags & 0x3F
    tsval = None
    o = t + 20
    while o < min(t + doff, len(fr)):
        kind = fr[o]
        if kind == 0:
            break
        if kind == 1:
            o += 1
            continue
        if o + 1 >= len(fr):
            break
        ln = fr[o + 1]
        if kind == 8 and ln == 10 and o + 10 <= len(fr):
            tsval = struct.unpack_from("!I", fr, o + 2)[0]
        o += max(ln, 2)
    return {"src": src, "dst": dst, "sport": sport, "dport": dport, "seq": seq, "ack": ack,
            "flags": flags, "win": win, "len": total - ihl - doff, "ipid": ipid, "tsval": tsval}


def flag_str(fl):
    return "".join(c for bit, c in FLAG_LETTERS if fl & bit)


def key(p):
    return (p["seq"], p["ack"], p["flags"], p["len"], p["ipid"], p["tsval"], p["win"])


def load_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def read_sysctls(path):
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            name, _, val = line.rstrip("\n").partition(":")
            val = " ".join(val.split())
            try:
                out[name] = int(val)
            except ValueError:
                out[name] = val
    return out


def ms(t_ns, t0):
    return None if t_ns is None else round((t_ns - t0) / 1e6, 3)


def s32(x):
    """x modulo 2^32 as a signed 32-bit number (sequence-space difference)."""
    x %= 2**32
    return x - 2**32 if x >= 2**31 else x


def conn_starts(segs, apps, n_conns):
    """Per host, the time from which a newly seen socket belongs to connection k."""
    starts = {"client": [float("-inf")], "server": [float("-inf")]}
    for k in range(1, n_conns):
        syns = [p for p in segs if p["from"] == "client" and p["conn"] == k
                and p["flags"] & 0x02 and not p["flags"] & 0x10]
        c = [a["t_ns"] for a in apps if a["host"] == "client" and a.get("conn") == k]
        starts["client"].append(min(c + [syns[0]["t_ns"]]))
        arr = [p["t_rx_ns"] for p in syns if p["t_rx_ns"] is not None]
        starts["server"].append(arr[0] if arr else float("inf"))
    return starts


def split_polls_by_conn(polls, segs, apps, n_conns):
    """poll_state.py --all-sockets records -> one record per (host, connection) change.

    Each socket (sock_diag cookie) is given to the last connection whose start (see
    conn_starts) is before the end of the first dump that showed it.  A connection's state
    is that of its socket, CLOSED once it has none left after having had one."""
    starts = conn_starts(segs, apps, n_conns)
    cookie_conn = {}
    seen, last, out = set(), {}, []
    for p in polls:
        if "ns" not in p or "sockets" not in p:
            if "ns" not in p:
                out.append(p)
            continue
        host = p["ns"]
        for sk in p["sockets"]:
            key = (host, sk["cookie"])
            if key not in cookie_conn:
                cookie_conn[key] = max(k for k in range(n_conns) if starts[host][k] <= p["t_ns"])
        for conn in range(n_conns):
            mine = [sk for sk in p["sockets"] if cookie_conn[(host, sk["cookie"])] == conn]
            if mine:
                sk = mine[0]
                val = (sk["state"], sk["timer"], sk["retrans"])
                rec = {"t_ns": p["t_ns"], "prev_poll_ns": p["prev_poll_ns"], "ns": host, "conn": conn,
                       "state": sk["state"], "timer": sk["timer"], "retrans": sk["retrans"],
                       "expires_ms": sk["expires_ms"], "cookie": sk["cookie"], "n_sockets": len(mine)}
                seen.add((host, conn))
            elif (host, conn) in seen:
                val = ("CLOSED", None, None)
                rec = {"t_ns": p["t_ns"], "prev_poll_ns": p["prev_poll_ns"], "ns": host, "conn": conn,
                       "state": "CLOSED", "timer": None, "retrans": None}
            else:
                continue
            if last.get((host, conn)) != val:
                last[(host, conn)] = val
                out.append(rec)
    return out


def reopen_findings(segs, polls, isns, t0):
    """What happened to connection 1's SYN at the server's connection-0 socket."""
    syns = [p for p in segs if p["from"] == "client" and p["conn"] == 1
            and p["flags"] & 0x02 and not p["flags"] & 0x10]
    if not syns or syns[0]["t_rx_ns"] is None:
        return None
    syn = syns[0]
    arr = syn["t_rx_ns"]
    c0 = [p for p in segs if p["from"] == "client" and p["conn"] == 0 and p["t_rx_ns"] is not None]
    s0 = [p for p in segs if p["from"] == "server" and p["conn"] == 0]
    rcv_nxt = max((p["seq"] + p["len"] + (1 if p["flags"] & 0x03 else 0) for p in c0),
                  key=lambda v: s32(v - isns["client"][0]))
    snd_nxt = max((p["seq"] + p["len"] + (1 if p["flags"] & 0x03 else 0) for p in s0),
                  key=lambda v: s32(v - isns["server"][0]))
    ts_recent = [p["tsval"] for p in c0 if p["tsval"] is not None][-1]

    def last_poll(conn, before_ns):
        r = None
        for p in polls:
            if p.get("ns") == "server" and p.get("conn") == conn and p["t_ns"] <= before_ns:
                r = p
        return r

    before = last_poll(0, arr)
    gone = next((p for p in polls if p.get("ns") == "server" and p.get("conn") == 0
                 and p["state"] == "CLOSED"), None)
    new = next((p for p in polls if p.get("ns") == "server" and p.get("conn") == 1), None)
    est = next((p for p in polls if p.get("ns") == "server" and p.get("conn") == 1
                and p["state"] == "ESTABLISHED"), None)
    ans = next((p for p in segs if p["from"] == "server" and p["t_ns"] >= arr), None)
    isn1 = isns["server"][1]
    accepted = (ans is not None and ans["flags"] & 0x12 == 0x12
                and ans["ack"] == (syn["seq"] + 1) % 2**32 and est is not None)
    r = {
        "syn_sent_ms": ms(syn["t_ns"], t0),
        "syn_arrived_ms": ms(arr, t0),
        "server_conn0_state_before_syn": before and before["state"],
        "server_conn0_state_before_syn_polled_ms": before and ms(before["t_ns"], t0),
        "server_conn0_gone_ms": gone and ms(gone["t_ns"], t0),
        "server_conn0_gone_prev_poll_ms": gone and ms(gone["prev_poll_ns"], t0),
        "server_conn1_first_state": new and new["state"],
        "server_conn1_first_seen_ms": new and ms(new["t_ns"], t0),
        "answer": None if ans is None else {
            "flags": flag_str(ans["flags"]), "t_ms": ms(ans["t_ns"], t0),
            "delay_after_syn_arrival_ms": round((ans["t_ns"] - arr) / 1e6, 3),
            "seq_abs": ans["seq"], "ack_abs": ans["ack"] if ans["flags"] & 0x10 else None},
        "syn_seq_abs": syn["seq"],
        "tw_rcv_nxt_abs": rcv_nxt % 2**32,
        "syn_seq_minus_tw_rcv_nxt": s32(syn["seq"] - rcv_nxt),
        "syn_tsval": syn["tsval"],
        "last_tsval_server_received_in_conn0": ts_recent,
        "syn_tsval_minus_that": None if syn["tsval"] is None else s32(syn["tsval"] - ts_recent),
        "tw_snd_nxt_abs": snd_nxt % 2**32,
        "server_isn1_minus_isn0": None if isn1 is None else s32(isn1 - isns["server"][0]),
        "server_isn1_minus_tw_snd_nxt": None if isn1 is None else s32(isn1 - snd_nxt),
        "client_isn1_minus_isn0": s32(isns["client"][1] - isns["client"][0]),
        "syn_accepted_from_time_wait": bool(accepted),
    }
    note = ("connection 1's SYN (sent %.3f ms, arrived %.3f ms) reached the server while its "
            "connection-0 socket was in %s (last poll before: %.3f ms); SYN seq - TIME-WAIT rcv_nxt "
            "= %d, TSval - last TSval received = %s. " % (
                r["syn_sent_ms"], r["syn_arrived_ms"], r["server_conn0_state_before_syn"],
                r["server_conn0_state_before_syn_polled_ms"], r["syn_seq_minus_tw_rcv_nxt"],
                r["syn_tsval_minus_that"]))
    if accepted:
        note += ("It was accepted: the server answered %s %.3f ms after its arrival, the TIME-WAIT "
                 "socket was gone by %.3f ms (still there at %.3f ms) and the new connection was "
                 "first seen in %s at %.3f ms. Server ISN of connection 1 = ISN of connection 0 + %d "
                 "= TIME-WAIT snd_nxt + %d (Linux: tw_snd_nxt + 65535 + 2)." % (
                     r["answer"]["flags"], r["answer"]["delay_after_syn_arrival_ms"],
                     r["server_conn0_gone_ms"], r["server_conn0_gone_prev_poll_ms"],
                     r["server_conn1_first_state"], r["server_conn1_first_seen_ms"],
                     r["server_isn1_minus_isn0"], r["server_isn1_minus_tw_snd_nxt"]))
    else:
        note += "It was NOT accepted: the server's first answer was %s." % (
            r["answer"] and r["answer"]["flags"])
    r["_note"] = note
    return r


def main():
    d = sys.argv[1]
    meta = json.load(open(os.path.join(d, "meta.json")))
    name = meta["scenario"]
    host_of = {meta["client_ip"]: "client", meta["server_ip"]: "server"}
    other = {"client": "server", "server": "client"}

    caps = {"client": read_pcap(os.path.join(d, "client.pcap")),
            "server": read_pcap(os.path.join(d, "server.pcap"))}

    # Every segment at its sender's veth, matched with its copy at the receiver's veth.
    segs = []
    for sender in ("client", "server"):
        sent = [p for p in caps[sender] if host_of.get(p["src"]) == sender]
        rcvd = [p for p in caps[other[sender]] if host_of.get(p["src"]) == sender]
        for p in sent:
            p["from"] = sender
            p["t_rx_ns"] = None
        i = 0
        for r in rcvd:
            j = i
            while j < len(sent) and key(sent[j]) != key(r):
                j += 1
            if j == len(sent):
                raise SystemExit("%s: a segment received by %s was not in %s's capture"
                                 % (name, other[sender], sender))
            sent[j]["t_rx_ns"] = r["t_ns"]
            i = j + 1
        segs += sent
    segs.sort(key=lambda p: p["t_ns"])

    # Connections: every client SYN (without ACK) with a new sequence number opens one (a
    # retransmitted SYN keeps its number).  Client segments belong to the last connection the
    # client opened; server segments to the connection whose SYN its last SYN,ACK acknowledged
    # (before its first SYN,ACK: connection 0).  seq/ack are relative to the ISNs of the
    # segment's own connection.
    isns = {"client": [], "server": []}
    cur_conn = {"client": -1, "server": 0}
    for p in segs:
        fl = p["flags"]
        if p["from"] == "client" and fl & 0x02 and not fl & 0x10:
            if p["seq"] not in isns["client"]:
                isns["client"].append(p["seq"])
                isns["server"].append(None)
            cur_conn["client"] = isns["client"].index(p["seq"])
        elif p["from"] == "server" and fl & 0x02 and fl & 0x10:
            k = next((i for i, c in enumerate(isns["client"]) if (c + 1) % 2**32 == p["ack"]), None)
            if k is not None:
                cur_conn["server"] = k
                if isns["server"][k] is None:
                    isns["server"][k] = p["seq"]
        p["conn"] = max(cur_conn[p["from"]], 0)
    if not isns["client"] or isns["server"][0] is None:
        raise SystemExit("%s: handshake not captured" % name)
    n_conns = len(isns["client"])
    multi = n_conns > 1

    def isn(host, conn):
        return isns[host][conn] if isns[host][conn] is not None else 0

    apps = load_jsonl(os.path.join(d, "app-client.jsonl")) + load_jsonl(os.path.join(d, "app-server.jsonl"))
    apps.sort(key=lambda a: a["t_ns"])
    closes = [a for a in apps if a["call"] in ("close", "shutdown")]
    t0 = closes[0]["t_ns"]
    t0_desc = ("the first application close()/shutdown() call: %s's %s() (time.time_ns() just "
               "before the call, CLOCK_REALTIME, the clock of the pcap timestamps)"
               % (closes[0]["host"], closes[0]["call"]))

    def seg_json(p):
        fl = p["flags"]
        r = {"t_ms": ms(p["t_ns"], t0), "from": p["from"]}
        if multi:
            r["conn"] = p["conn"]
        r.update({"flags": flag_str(fl),
                  "seq": (p["seq"] - isn(p["from"], p["conn"])) % 2**32,
                  "ack": (p["ack"] - isn(other[p["from"]], p["conn"])) % 2**32 if fl & 0x10 else None,
                  "len": p["len"], "t_rx_ms": ms(p["t_rx_ns"], t0)})
        return r

    before = [seg_json(p) for p in segs if p["t_ns"] < t0]
    segments = [seg_json(p) for p in segs if p["t_ns"] >= t0]

    def app_json(a):
        r = {"t_ms": ms(a["t_ns"], t0), "host": a["host"], "call": a["call"]}
        r.update({k: v for k, v in a.items() if k not in ("t_ns", "host", "call")})
        return r

    # Socket states: only changes of the state itself.
    polls = load_jsonl(os.path.join(d, "states.jsonl"))
    stats = next((p for p in polls if p.get("event") == "stats"), {})
    truncated = any(p.get("event") == "max_duration_reached" for p in polls)
    stopped = next((p for p in polls if p.get("event") == "stopped"), None)
    if multi:
        polls = split_polls_by_conn(polls, segs, apps, n_conns)

    def hc(p):  # (host, connection) a poll record or state belongs to
        return (p.get("ns", p.get("host")), p.get("conn", 0))

    states_all = []
    cur = {}
    for p in polls:
        if "ns" not in p or cur.get(hc(p)) == p["state"]:
            continue
        cur[hc(p)] = p["state"]
        r = {"t_ms": ms(p["t_ns"], t0), "host": p["ns"]}
        if multi:
            r["conn"] = p["conn"]
        r.update({"state": p["state"], "prev_poll_ms": ms(p["prev_poll_ns"], t0)})
        if p["state"] != "CLOSED":
            r.update({"timer": p["timer"], "timer_expires_ms": p["expires_ms"], "retrans": p["retrans"]})
        states_all.append(r)
    # Changes of the timer or the retransmission counter within one state (after t0).
    timer_changes = []
    cur = {}
    for p in polls:
        if "ns" not in p:
            continue
        if cur.get(hc(p)) == p["state"] and p["t_ns"] >= t0 and p["state"] != "CLOSED":
            r = {"t_ms": ms(p["t_ns"], t0), "host": p["ns"]}
            if multi:
                r["conn"] = p["conn"]
            r.update({"state": p["state"], "prev_poll_ms": ms(p["prev_poll_ns"], t0), "timer": p["timer"],
                      "timer_expires_ms": p["expires_ms"], "retrans": p["retrans"]})
            timer_changes.append(r)
        cur[hc(p)] = p["state"]

    def polled(host, t_ns, conn=0):
        """The last poll record for host (and connection) at or before t_ns."""
        r = None
        for p in polls:
            if p.get("ns") == host and p.get("conn", 0) == conn and p["t_ns"] <= t_ns:
                r = p
        return r

    before_states = [s for s in states_all if s["t_ms"] < 0]
    states = [s for s in states_all if s["t_ms"] >= 0]

    durations = []
    for host in ("client", "server"):
        for conn in range(n_conns):
            hs = [s for s in states_all if hc(s) == (host, conn)]
            cj = {"conn": conn} if multi else {}
            for a, b in zip(hs, hs[1:]):
                if b["t_ms"] >= 0 and a["state"] != "CLOSED":
                    durations.append(dict({"host": host}, **cj, **{
                        "state": a["state"], "from_ms": a["t_ms"], "to_ms": b["t_ms"],
                        "duration_ms": round(b["t_ms"] - a["t_ms"], 3)}))
            if hs and hs[-1]["state"] != "CLOSED":
                durations.append(dict({"host": host}, **cj, **{
                    "state": hs[-1]["state"], "from_ms": hs[-1]["t_ms"], "to_ms": None,
                    "duration_ms": None, "note": "still in this state when polling stopped"}))

    # FINs: first transmission, retransmissions, arrival, and the peer's ACK of it.
    segs_after = [p for p in segs if p["t_ns"] >= t0]
    fins = []
    for host, conn in [(h, c) for c in range(n_conns) for h in ("client", "server")]:
        fs = [p for p in segs_after if p["from"] == host and p["conn"] == conn and p["flags"] & 0x01]
        if not fs:
            continue
        fin_seq_end = (fs[0]["seq"] + fs[0]["len"] + 1) % 2**32
        sends = [ms(p["t_ns"], t0) for p in fs]
        arrived = next((p for p in fs if p["t_rx_ns"] is not None), None)
        f = {"from": host}
        if multi:
            f["conn"] = conn
        f.update({"seq": (fs[0]["seq"] - isn(host, conn)) % 2**32,
             "sent_ms": sends, "intervals_ms": [round(b - a, 3) for a, b in zip(sends, sends[1:])],
             "lost": [p["t_rx_ns"] is None for p in fs],
             # ss's retransmission counter (idiag_retrans) 5 ms after each send: a tail-loss
             # probe leaves it unchanged, an RTO retransmission increments it.
             "ss_retrans_5ms_after_send": [(polled(host, p["t_ns"] + 5_000_000, conn) or {}).get("retrans")
                                           for p in fs],
             "arrived_ms": ms(arrived["t_rx_ns"], t0) if arrived else None})
        if arrived:
            peer = other[host]
            ack = next((p for p in segs_after if p["from"] == peer and p["conn"] == conn and p["flags"] & 0x10
                        and p["t_ns"] >= arrived["t_rx_ns"]
                        and (p["ack"] - fin_seq_end) % 2**32 < 2**31), None)
            rst = next((p for p in segs_after if p["from"] == peer and p["conn"] == conn and p["flags"] & 0x04
                        and p["t_ns"] >= arrived["t_rx_ns"]), None)
            if ack is not None:
                carried = ("FIN" if ack["flags"] & 0x01 else "data" if ack["len"] else "pure ACK")
                f.update({"acked_by": peer, "ack_sent_ms": ms(ack["t_ns"], t0),
                          "ack_delay_after_arrival_ms": round((ack["t_ns"] - arrived["t_rx_ns"]) / 1e6, 3),
                          "ack_carried_by": carried, "ack_flags": flag_str(ack["flags"])})
            if rst is not None and (ack is None or rst["t_ns"] < ack["t_ns"]):
                f.update({"answered_with_rst_ms": ms(rst["t_ns"], t0)})
        fins.append(f)

    rsts = []
    for p in segs_after:
        if p["flags"] & 0x04:
            trig = [q for q in segs_after if q["from"] != p["from"] and q["t_rx_ns"] is not None
                    and q["t_rx_ns"] <= p["t_ns"]]
            t = trig[-1] if trig else None
            rsts.append({"from": p["from"], "t_ms": ms(p["t_ns"], t0),
                         "after_receiving": None if t is None else {
                             "flags": flag_str(t["flags"]), "len": t["len"],
                             "seq": (t["seq"] - isn(t["from"], t["conn"])) % 2**32,
                             "arrived_ms": ms(t["t_rx_ns"], t0),
                             "rst_delay_after_arrival_ms": round((p["t_ns"] - t["t_rx_ns"]) / 1e6, 3)}})

    delays = sorted((p["t_rx_ns"] - p["t_ns"]) / 1e6 for p in segs if p["t_rx_ns"] is not None)

    sysctls = read_sysctls(os.path.join(d, "sysctls-client.txt"))
    sys_srv = read_sysctls(os.path.join(d, "sysctls-server.txt"))

    relay = load_jsonl(os.path.join(d, "relay.jsonl"))
    drops = [ms(r["t_ns"], t0) for r in relay if r.get("event") == "drop"]

    # Findings, generated from the measurements above.
    notes = []
    def cn(x):  # " (connection N)" in notes of multi-connection scenarios
        return " (connection %d)" % x.get("conn", 0) if multi else ""

    for f in fins:
        s = "%s%s FIN sent at %s ms" % (f["from"], cn(f), ", ".join("%.3f" % t for t in f["sent_ms"]))
        if any(f["lost"]):
            s += " (lost in the network: %s; intervals %s ms)" % (
                ", ".join("%.3f" % t for t, l in zip(f["sent_ms"], f["lost"]) if l),
                ", ".join("%.3f" % t for t in f["intervals_ms"]))
        if "ack_sent_ms" in f:
            s += "; %s's ACK of it left %.3f ms after the FIN arrived (%s, flags %s)" % (
                f["acked_by"], f["ack_delay_after_arrival_ms"], f["ack_carried_by"], f["ack_flags"])
        if "answered_with_rst_ms" in f:
            s += "; answered with RST at %.3f ms" % f["answered_with_rst_ms"]
        notes.append(s + ".")
    for r in rsts:
        a = r["after_receiving"]
        notes.append("%s sent RST at %.3f ms%s." % (
            r["from"], r["t_ms"], "" if a is None else
            ", %.3f ms after a %s segment (len %d) arrived" % (a["rst_delay_after_arrival_ms"], a["flags"], a["len"])))
    for dd in durations:
        if dd["state"] in ("TIME-WAIT", "FIN-WAIT-2", "CLOSING", "LAST-ACK", "CLOSE-WAIT", "FIN-WAIT-1") \
                and dd["duration_ms"] is not None:
            i = next(k for k, s in enumerate(states_all)
                     if hc(s) == hc(dd) and s["t_ms"] == dd["to_ms"])
            notes.append("%s%s in %s for %.3f ms (first seen %.3f, last seen %.3f, gone/changed by %.3f)." % (
                dd["host"], cn(dd), dd["state"], dd["duration_ms"], dd["from_ms"],
                states_all[i]["prev_poll_ms"], dd["to_ms"]))
    for host, conn in [(h, c) for h in ("client", "server") for c in range(n_conns)]:
        # every poll record of this host's FIN-WAIT-2 period(s)
        recs, inside = [], False
        for p in polls:
            if p.get("ns") != host or p.get("conn", 0) != conn:
                continue
            inside = p["state"] == "FIN-WAIT-2"
            if inside:
                recs.append(p)
        if not recs:
            continue
        tw = [p for p in recs if p["timer"] == "timewait"]
        if tw:
            s = ("%s's%s FIN-WAIT-2 is an orphan (the application had closed): ss shows it as a "
                 "TIME-WAIT mini-socket in substate FIN-WAIT-2 with timer:(timewait,%d ms), the "
                 "tcp_fin_timeout timer" % (host, cn({"conn": conn}), tw[0]["expires_ms"]))
            if recs[0]["timer"] != "timewait":
                s += ("; a poll at %.3f ms still saw a full socket in FIN-WAIT-2 (timer %s), the "
                      "mini-socket was first seen at %.3f ms"
                      % (ms(recs[0]["t_ns"], t0), recs[0]["timer"], ms(tw[0]["t_ns"], t0)))
            notes.append(s + ".")
        elif all(p["timer"] is None for p in recs):
            notes.append("%s's%s FIN-WAIT-2 is attached (shutdown, the application still holds the "
                         "socket): no timer runs." % (host, cn({"conn": conn})))
    # A state shorter than the poll interval can fall between two polls.
    for f in fins:
        host = other[f["from"]]
        closes_h = [a for a in apps if a["host"] == host and a["call"] in ("close", "shutdown")
                    and a.get("conn", 0) == f.get("conn", 0)]
        seen = {st["state"] for st in states if hc(st) == (host, f.get("conn", 0))}
        if (f["arrived_ms"] is not None and closes_h and ms(closes_h[0]["t_ns"], t0) > f["arrived_ms"]
                and "CLOSE-WAIT" not in seen and "LAST-ACK" in seen):
            notes.append("%s's%s CLOSE-WAIT lasted only from the FIN's arrival at %.3f ms to its %s() at "
                         "%.3f ms and fell between two polls: it is not in states." % (
                             host, cn(f), f["arrived_ms"], closes_h[0]["call"], ms(closes_h[0]["t_ns"], t0)))
    if sys_srv and sys_srv != sysctls:
        diff = sorted(k for k in set(sysctls) | set(sys_srv) if sysctls.get(k) != sys_srv.get(k))
        notes.append("server namespace sysctls differ in: %s." % ", ".join(diff))
    if truncated:
        notes.append("polling stopped at its maximum duration before both sockets were gone.")
    if stopped is not None:
        last_close = max(a["t_ns"] for a in apps if a["call"] == "close" and a["host"] == "client")
        notes.append("polling was stopped on purpose at %.3f ms, %.3f ms after the client's last close(); "
                     "states still open then are listed in state_durations with to_ms null." % (
                         ms(stopped["t_ns"], t0), (stopped["t_ns"] - last_close) / 1e6))
    reopen = reopen_findings(segs, polls, isns, t0) if multi else None
    if reopen:
        notes.append(reopen.pop("_note"))
    if "simultaneous" == name:
        c = [a for a in apps if a["call"] == "close"]
        if len(c) == 2:
            notes.append("the two close() calls were %.3f ms apart." % abs((c[1]["t_ns"] - c[0]["t_ns"]) / 1e6))

    out = {
        "scenario": name,
        "kernel": meta["kernel"],
        "delay_ms_one_way": meta["delay_ms_one_way"],
        "sysctls": sysctls,
        "description": DESCRIPTIONS.get(name, ""),
        "t0": t0_desc,
        "capture": ("tcpdump -s 96 --time-stamp-precision=nano on each endpoint's own veth inside its "
                    "namespace (client: %s dev c0, server: %s dev s0). segments[].t_ms is the time the "
                    "segment left its SENDER's veth; t_rx_ms the time it reached the receiver's veth "
                    "(null: never arrived). Times in ms relative to t0." % (meta["client_ns"], meta["server_ns"])),
        "link": {
            "method": ("userspace relay (scripts/capture-linux/relay.py) in a third namespace %s joined "
                       "to each endpoint by a veth pair; it forwards every frame %s ms after the kernel "
                       "received it. tc-netem is not available: CONFIG_NET_SCH_NETEM is %s in this kernel."
                       % (meta["wire_ns"], meta["delay_ms_one_way"],
                          "set" if meta.get("netem_in_kernel") == "yes" else "not set")),
            "measured_one_way_ms": {"min": round(delays[0], 3), "median": round(statistics.median(delays), 3),
                                    "max": round(delays[-1], 3)} if delays else None,
            "relay_drops_ms": drops,
        },
        "harness": ("namespaces %s / %s / %s, %s -> %s:%d; fixed MACs with permanent neighbour entries "
                    "(no ARP); %s; fresh namespaces per scenario (no tcp_metrics carried over)."
                    % (meta["client_ns"], meta["server_ns"], meta["wire_ns"], meta["client_ip"],
                       meta["server_ip"], meta["port"], meta.get("sched", ""))),
        "kernel_config": {"CONFIG_HZ": int(meta["hz"]) if str(meta.get("hz", "")).isdigit() else None},
        "state_poll": {
            "method": ("sock_diag/inet_diag netlink dump (what `ss -tanoi` reads) of both namespaces "
                       "from one process, every 1 ms within 5 s of a change, else every 5 ms. A state's "
                       "t_ms is the end of the first dump that showed it, prev_poll_ms the start of the "
                       "dump before it (which still showed the old state): the change happened in "
                       "(prev_poll_ms, t_ms]. CLOSED = socket gone from the dump. timer, "
                       "timer_expires_ms and retrans are the fields ss -o prints as "
                       "timer:(name,expires,retrans), read at that dump."),
            "interval_ms": {"median": stats.get("median_interval_ms"), "p99": stats.get("p99_interval_ms"),
                            "max": stats.get("max_interval_ms")},
        },
        "app_calls": [app_json(a) for a in apps if a["t_ns"] >= t0],
        "segments": segments,
        "states": states,
        "state_durations": durations,
        "timer_changes": timer_changes,
        "fins": fins,
        "rsts": rsts,
        "notes": " ".join(notes),
        "before": before,
        "before_app_calls": [app_json(a) for a in apps if a["t_ns"] < t0],
        "before_states": before_states,
        "t0_epoch_ns": t0,
    }
    if stopped is not None:
        out["state_poll"]["stopped_ms"] = ms(stopped["t_ns"], t0)
        out["state_poll"]["stopped"] = ("by the harness (SIGTERM) %s s after the client application "
                                        "exited (right after its last close()); not when the sockets "
                                        "were gone" % meta.get("poll_stop_after_client_exit_s"))
    if multi:
        out["connections"] = (
            "%d connections over the same 4-tuple. segments[].conn, states[].conn etc. say which one "
            "(0 = the first). A client SYN (no ACK) with a new sequence number opens the next "
            "connection; client segments belong to the last connection the client opened, server "
            "segments to the connection whose SYN the server's last SYN,ACK acknowledged. seq/ack are "
            "relative to that connection's own ISNs (isn.client[conn], isn.server[conn]; the SYN has "
            "seq 0, the first byte after it is 1), computed modulo 2^32. A socket (sock_diag cookie) "
            "belongs to the connection whose start it was first seen after: for the client, its "
            "first app call of that connection (bind) or the connection's SYN; for the server, the "
            "arrival of the connection's SYN. conn 0's server TIME-WAIT socket 'CLOSED' = it vanished "
            "from the dump." % n_conns)
        out["isn"] = {"client": isns["client"], "server": isns["server"]}
        if reopen:
            out["reopen"] = reopen
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
