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

    isn = {}
    for p in segs:
        if p["flags"] & 0x02 and p["from"] not in isn:
            isn[p["from"]] = p["seq"]
    if set(isn) != {"client", "server"}:
        raise SystemExit("%s: handshake not captured" % name)

    apps = load_jsonl(os.path.join(d, "app-client.jsonl")) + load_jsonl(os.path.join(d, "app-server.jsonl"))
    apps.sort(key=lambda a: a["t_ns"])
    closes = [a for a in apps if a["call"] in ("close", "shutdown")]
    t0 = closes[0]["t_ns"]
    t0_desc = ("the first application close()/shutdown() call: %s's %s() (time.time_ns() just "
               "before the call, CLOCK_REALTIME, the clock of the pcap timestamps)"
               % (closes[0]["host"], closes[0]["call"]))

    def seg_json(p):
        fl = p["flags"]
        return {"t_ms": ms(p["t_ns"], t0), "from": p["from"], "flags": flag_str(fl),
                "seq": (p["seq"] - isn[p["from"]]) % 2**32,
                "ack": (p["ack"] - isn[other[p["from"]]]) % 2**32 if fl & 0x10 else None,
                "len": p["len"], "t_rx_ms": ms(p["t_rx_ns"], t0)}

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
    states_all = []
    cur = {}
    for p in polls:
        if "ns" not in p or cur.get(p["ns"]) == p["state"]:
            continue
        cur[p["ns"]] = p["state"]
        r = {"t_ms": ms(p["t_ns"], t0), "host": p["ns"], "state": p["state"],
             "prev_poll_ms": ms(p["prev_poll_ns"], t0)}
        if p["state"] != "CLOSED":
            r.update({"timer": p["timer"], "timer_expires_ms": p["expires_ms"], "retrans": p["retrans"]})
        states_all.append(r)
    # Changes of the timer or the retransmission counter within one state (after t0).
    timer_changes = []
    cur = {}
    for p in polls:
        if "ns" not in p:
            continue
        if cur.get(p["ns"]) == p["state"] and p["t_ns"] >= t0 and p["state"] != "CLOSED":
            timer_changes.append({"t_ms": ms(p["t_ns"], t0), "host": p["ns"], "state": p["state"],
                                  "prev_poll_ms": ms(p["prev_poll_ns"], t0), "timer": p["timer"],
                                  "timer_expires_ms": p["expires_ms"], "retrans": p["retrans"]})
        cur[p["ns"]] = p["state"]

    def polled(host, t_ns):
        """The last poll record for host at or before t_ns."""
        r = None
        for p in polls:
            if p.get("ns") == host and p["t_ns"] <= t_ns:
                r = p
        return r

    before_states = [s for s in states_all if s["t_ms"] < 0]
    states = [s for s in states_all if s["t_ms"] >= 0]

    durations = []
    for host in ("client", "server"):
        hs = [s for s in states_all if s["host"] == host]
        for a, b in zip(hs, hs[1:]):
            if b["t_ms"] >= 0 and a["state"] != "CLOSED":
                durations.append({"host": host, "state": a["state"], "from_ms": a["t_ms"],
                                  "to_ms": b["t_ms"], "duration_ms": round(b["t_ms"] - a["t_ms"], 3)})
        if hs and hs[-1]["state"] != "CLOSED":
            durations.append({"host": host, "state": hs[-1]["state"], "from_ms": hs[-1]["t_ms"],
                              "to_ms": None, "duration_ms": None,
                              "note": "still in this state when polling stopped"})

    # FINs: first transmission, retransmissions, arrival, and the peer's ACK of it.
    segs_after = [p for p in segs if p["t_ns"] >= t0]
    fins = []
    for host in ("client", "server"):
        fs = [p for p in segs_after if p["from"] == host and p["flags"] & 0x01]
        if not fs:
            continue
        fin_seq_end = (fs[0]["seq"] + fs[0]["len"] + 1) % 2**32
        sends = [ms(p["t_ns"], t0) for p in fs]
        arrived = next((p for p in fs if p["t_rx_ns"] is not None), None)
        f = {"from": host, "seq": (fs[0]["seq"] - isn[host]) % 2**32,
             "sent_ms": sends, "intervals_ms": [round(b - a, 3) for a, b in zip(sends, sends[1:])],
             "lost": [p["t_rx_ns"] is None for p in fs],
             # ss's retransmission counter (idiag_retrans) 5 ms after each send: a tail-loss
             # probe leaves it unchanged, an RTO retransmission increments it.
             "ss_retrans_5ms_after_send": [(polled(host, p["t_ns"] + 5_000_000) or {}).get("retrans")
                                           for p in fs],
             "arrived_ms": ms(arrived["t_rx_ns"], t0) if arrived else None}
        if arrived:
            peer = other[host]
            ack = next((p for p in segs_after if p["from"] == peer and p["flags"] & 0x10
                        and p["t_ns"] >= arrived["t_rx_ns"]
                        and (p["ack"] - fin_seq_end) % 2**32 < 2**31), None)
            rst = next((p for p in segs_after if p["from"] == peer and p["flags"] & 0x04
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
                             "seq": (t["seq"] - isn[t["from"]]) % 2**32,
                             "arrived_ms": ms(t["t_rx_ns"], t0),
                             "rst_delay_after_arrival_ms": round((p["t_ns"] - t["t_rx_ns"]) / 1e6, 3)}})

    delays = sorted((p["t_rx_ns"] - p["t_ns"]) / 1e6 for p in segs if p["t_rx_ns"] is not None)

    sysctls = read_sysctls(os.path.join(d, "sysctls-client.txt"))
    sys_srv = read_sysctls(os.path.join(d, "sysctls-server.txt"))

    relay = load_jsonl(os.path.join(d, "relay.jsonl"))
    drops = [ms(r["t_ns"], t0) for r in relay if r.get("event") == "drop"]

    # Findings, generated from the measurements above.
    notes = []
    for f in fins:
        s = "%s FIN sent at %s ms" % (f["from"], ", ".join("%.3f" % t for t in f["sent_ms"]))
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
                     if s["host"] == dd["host"] and s["t_ms"] == dd["to_ms"])
            notes.append("%s in %s for %.3f ms (first seen %.3f, last seen %.3f, gone/changed by %.3f)." % (
                dd["host"], dd["state"], dd["duration_ms"], dd["from_ms"],
                states_all[i]["prev_poll_ms"], dd["to_ms"]))
    for host in ("client", "server"):
        # every poll record of this host's FIN-WAIT-2 period(s)
        recs, inside = [], False
        for p in polls:
            if p.get("ns") != host:
                continue
            inside = p["state"] == "FIN-WAIT-2"
            if inside:
                recs.append(p)
        if not recs:
            continue
        tw = [p for p in recs if p["timer"] == "timewait"]
        if tw:
            s = ("%s's FIN-WAIT-2 is an orphan (the application had closed): ss shows it as a "
                 "TIME-WAIT mini-socket in substate FIN-WAIT-2 with timer:(timewait,%d ms), the "
                 "tcp_fin_timeout timer" % (host, tw[0]["expires_ms"]))
            if recs[0]["timer"] != "timewait":
                s += ("; a poll at %.3f ms still saw a full socket in FIN-WAIT-2 (timer %s), the "
                      "mini-socket was first seen at %.3f ms"
                      % (ms(recs[0]["t_ns"], t0), recs[0]["timer"], ms(tw[0]["t_ns"], t0)))
            notes.append(s + ".")
        elif all(p["timer"] is None for p in recs):
            notes.append("%s's FIN-WAIT-2 is attached (shutdown, the application still holds the "
                         "socket): no timer runs." % host)
    # A state shorter than the poll interval can fall between two polls.
    for f in fins:
        host = other[f["from"]]
        closes_h = [a for a in apps if a["host"] == host and a["call"] in ("close", "shutdown")]
        seen = {st["state"] for st in states if st["host"] == host}
        if (f["arrived_ms"] is not None and closes_h and ms(closes_h[0]["t_ns"], t0) > f["arrived_ms"]
                and "CLOSE-WAIT" not in seen and "LAST-ACK" in seen):
            notes.append("%s's CLOSE-WAIT lasted only from the FIN's arrival at %.3f ms to its %s() at "
                         "%.3f ms and fell between two polls: it is not in states." % (
                             host, f["arrived_ms"], closes_h[0]["call"], ms(closes_h[0]["t_ns"], t0)))
    if sys_srv and sys_srv != sysctls:
        diff = sorted(k for k in set(sysctls) | set(sys_srv) if sysctls.get(k) != sys_srv.get(k))
        notes.append("server namespace sysctls differ in: %s." % ", ".join(diff))
    if truncated:
        notes.append("polling stopped at its maximum duration before both sockets were gone.")
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
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
