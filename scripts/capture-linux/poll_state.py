#!/usr/bin/env python3
"""Poll the TCP socket state of one connection in two network namespaces.

Uses the kernel's sock_diag (inet_diag) netlink interface -- the same dump
that `ss -tanoi` prints -- directly from Python, one netlink socket per
namespace (created after setns(2) into it, via ctypes), so one process polls
both namespaces with a shared clock every --interval-ms.

Writes JSON lines: one line per change of (state, timer, retrans) per
namespace, with t_ns = the end of the dump that first showed it and
prev_poll_ns = the start of the previous dump of that namespace (which still
showed the old value), so the change happened in (prev_poll_ns, t_ns]; and a
final statistics line.  A socket that disappears from the dump is reported as
state CLOSED.  LISTEN sockets are ignored.  Time is CLOCK_REALTIME
(time.time_ns()), the clock of pcap timestamps.

The interval is --interval-ms (1 ms) for --fast-window-s (5 s) after any change
and --slow-interval-ms (5 ms) otherwise, which keeps ten pollers cheap.

--all-sockets (for scenarios with more than one connection per namespace):
each record lists every socket on the port ("sockets": cookie, ports, state,
timer, retrans, expires_ms; the cookie is sock_diag's idiag_cookie, which
differs between a request socket, the full socket and its TIME-WAIT
mini-socket), and a record is written whenever any of them changes or one
appears or disappears.  The top-level state/timer/retrans are those of the
first socket (CLOSED when there is none).

Stops when sockets were seen and both namespaces have had none for
--empty-ms, or after --max-s seconds, or on SIGTERM (then a "stopped" event
line with its time is written).
"""
import argparse
import ctypes
import json
import os
import signal
import socket
import struct
import time

NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
NLM_F_REQUEST = 1
NLM_F_DUMP = 0x300
NLMSG_ERROR = 2
NLMSG_DONE = 3
CLONE_NEWNET = 0x40000000

STATES = {1: "ESTABLISHED", 2: "SYN-SENT", 3: "SYN-RECEIVED", 4: "FIN-WAIT-1",
          5: "FIN-WAIT-2", 6: "TIME-WAIT", 7: "CLOSED", 8: "CLOSE-WAIT",
          9: "LAST-ACK", 10: "LISTEN", 11: "CLOSING", 12: "NEW-SYN-RECV"}
# idiag_timer, named as ss -o prints them
TIMERS = {0: None, 1: "on", 2: "keepalive", 3: "timewait", 4: "persist", 5: "unknown"}

libc = ctypes.CDLL(None, use_errno=True)


def setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            e = ctypes.get_errno()
            raise OSError(e, "setns(%s): %s" % (path, os.strerror(e)))
    finally:
        os.close(fd)


def diag_socket_in(ns_path):
    here = "/proc/self/ns/net"
    home = os.open(here, os.O_RDONLY)
    try:
        setns(ns_path)
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_SOCK_DIAG)
        s.bind((0, 0))
    finally:
        if libc.setns(home, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns back")
        os.close(home)
    return s


REQ = None


def dump(s, port):
    """Return {(sport, dport): (state, timer, retrans, expires_ms)} for sockets on port."""
    global REQ
    if REQ is None:
        # States 1..12 except LISTEN (1 << 10).  Not bit 13 (TCP_BOUND_INACTIVE): asking
        # for it makes the kernel walk the host-wide bind hash (~0.2 ms per dump).
        states = 0x1FFF & ~(1 << 10)
        body = struct.pack("=BBBBI", socket.AF_INET, socket.IPPROTO_TCP, 0, 0, states) + b"\0" * 48
        REQ = struct.pack("=IHHII", 16 + len(body), SOCK_DIAG_BY_FAMILY,
                          NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + body
    s.send(REQ)
    out = {}
    while True:
        data = s.recv(65536)
        if not data:
            return out
        off = 0
        while off + 16 <= len(data):
            ln, typ = struct.unpack_from("=IH", data, off)
            if typ == NLMSG_DONE:
                return out
            if typ == NLMSG_ERROR:
                raise OSError("inet_diag dump error")
            fam, st, tm, rt = struct.unpack_from("=BBBB", data, off + 16)
            sport, dport = struct.unpack_from(">HH", data, off + 20)
            cookie = struct.unpack_from("=Q", data, off + 16 + 4 + 40)[0]
            expires = struct.unpack_from("=I", data, off + 16 + 4 + 48)[0]
            if st != 10 and (sport == port or dport == port):
                out[(sport, dport, cookie)] = (STATES.get(st, str(st)), TIMERS.get(tm, str(tm)), rt, expires)
            off += max(16, (ln + 3) & ~3)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ns", action="append", required=True,
                    help="label=/run/netns/NAME, repeatable")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--interval-ms", type=float, default=1.0,
                    help="poll interval within --fast-window-s of the last change")
    ap.add_argument("--slow-interval-ms", type=float, default=5.0,
                    help="poll interval when nothing changed for --fast-window-s")
    ap.add_argument("--fast-window-s", type=float, default=5.0)
    ap.add_argument("--empty-ms", type=float, default=500.0)
    ap.add_argument("--max-s", type=float, default=200.0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--ready")
    ap.add_argument("--all-sockets", action="store_true",
                    help="record every socket on the port (several connections per namespace)")
    args = ap.parse_args()

    socks = {}
    for spec in args.ns:
        label, path = spec.split("=", 1)
        socks[label] = diag_socket_in(path)
    out = open(args.out, "w", buffering=1)
    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    if args.ready:
        open(args.ready, "w").close()

    last = {k: None for k in socks}       # last value seen per namespace
    prev_before = {k: None for k in socks}  # start of the previous dump per namespace
    seen_any = False
    empty_since = None
    prev_t = None
    start = time.time_ns()
    n = 0
    gaps = []
    fast, slow = args.interval_ms / 1000.0, args.slow_interval_ms / 1000.0
    last_change = start
    while not stop:
        t = time.time_ns()
        n += 1
        if prev_t is not None:
            gaps.append(t - prev_t)
        all_empty = True
        for label, s in socks.items():
            before = time.time_ns()
            conns = dump(s, args.port)
            after = time.time_ns()
            if conns and args.all_sockets:
                all_empty = False
                seen_any = True
                items = sorted(conns.items())
                val = tuple((k[2], v[0], v[1], v[2]) for k, v in items)
                extra = {"sockets": [{"cookie": k[2], "sport": k[0], "dport": k[1], "state": v[0],
                                      "timer": v[1], "retrans": v[2], "expires_ms": v[3]}
                                     for k, v in items]}
                (_, _, _), (state, timer, retrans, expires) = items[0]
                extra.update({"expires_ms": expires, "n_sockets": len(conns)})
                rec_state = (state, timer, retrans)
            elif conns:
                all_empty = False
                seen_any = True
                # one connection per namespace in these scenarios
                (sport, dport, _cookie), (state, timer, retrans, expires) = sorted(conns.items())[0]
                val = (state, timer, retrans)
                extra = {"sport": sport, "dport": dport, "expires_ms": expires, "n_sockets": len(conns)}
            else:
                val = ("CLOSED", None, None) if last[label] is not None else None
                extra = {}
            if val != last[label] and val is not None:
                # The dump ran within [before, after]; the previous one (which still showed
                # the old value) started at prev_before: the change is in (prev_poll_ns, t_ns].
                st = rec_state if (conns and args.all_sockets) else val
                if args.all_sockets and not conns:
                    extra = {"sockets": []}
                rec = {"t_ns": after, "prev_poll_ns": prev_before[label], "ns": label,
                       "state": st[0], "timer": st[1], "retrans": st[2]}
                rec.update(extra)
                out.write(json.dumps(rec) + "\n")
                last[label] = val
                last_change = t
            prev_before[label] = before
        if seen_any and all_empty:
            if empty_since is None:
                empty_since = t
            elif t - empty_since >= args.empty_ms * 1e6:
                break
        else:
            empty_since = None
        if t - start > args.max_s * 1e9:
            out.write(json.dumps({"t_ns": t, "event": "max_duration_reached"}) + "\n")
            break
        prev_t = t
        time.sleep(fast if t - last_change < args.fast_window_s * 1e9 else slow)
    if stop:
        out.write(json.dumps({"t_ns": time.time_ns(), "event": "stopped", "reason": "SIGTERM"}) + "\n")
    gaps.sort()
    out.write(json.dumps({
        "event": "stats", "polls": n,
        "median_interval_ms": gaps[len(gaps) // 2] / 1e6 if gaps else None,
        "p99_interval_ms": gaps[int(len(gaps) * 0.99)] / 1e6 if gaps else None,
        "max_interval_ms": gaps[-1] / 1e6 if gaps else None}) + "\n")


if __name__ == "__main__":
    main()
