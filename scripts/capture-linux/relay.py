#!/usr/bin/env python3
"""A userspace "wire" with a fixed one-way delay (a stand-in for tc-netem).

Runs inside the wire namespace, which holds the far ends of two veth pairs:
one towards the client namespace (--if-a) and one towards the server
namespace (--if-b).  Every Ethernet frame that arrives on one of them is sent
out of the other one --delay-ms later (measured from the kernel's receive
timestamp), unchanged except that an IPv4/TCP checksum is recomputed (harmless
when it was already right; needed if a sender left it to offload).

--drop-fin-from a --drop-count N drops the first N TCP segments with the FIN
flag that arrive from side a: they left the sender's interface (and are in
the sender's capture) and are lost "in the network", so the sender's stack
sees an ordinary loss.

Standard library only.  Logs drops and a final count as JSON lines.
"""
import argparse
import collections
import json
import os
import select
import signal
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_IGNORE_OUTGOING = 23
PACKET_OUTGOING = 4
SO_TIMESTAMPNS = 35  # == SCM_TIMESTAMPNS


def csum16(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def fix_tcp_checksum(frame):
    """Recompute the TCP checksum of an Ethernet/IPv4/TCP frame."""
    if len(frame) < 14 + 20 or frame[12:14] != b"\x08\x00":
        return frame
    ip = 14
    ihl = (frame[ip] & 0x0F) * 4
    if frame[ip + 9] != 6:
        return frame
    total = struct.unpack_from("!H", frame, ip + 2)[0]
    tcp = ip + ihl
    seg = bytearray(frame[tcp:ip + total])
    if len(seg) < 20:
        return frame
    seg[16:18] = b"\0\0"
    pseudo = frame[ip + 12:ip + 20] + struct.pack("!BBH", 0, 6, len(seg))
    c = csum16(bytes(pseudo) + bytes(seg))
    return frame[:tcp + 16] + struct.pack("!H", c) + frame[tcp + 18:]


def tcp_flags(frame):
    if len(frame) < 14 + 20 or frame[12:14] != b"\x08\x00" or frame[14 + 9] != 6:
        return None
    ihl = (frame[14] & 0x0F) * 4
    off = 14 + ihl + 13
    return frame[off] if off < len(frame) else None


def open_if(name):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    try:
        s.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
    except OSError:
        pass  # filtered by pkttype below
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    s.bind((name, 0))
    s.setblocking(False)
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--if-a", required=True)
    ap.add_argument("--if-b", required=True)
    ap.add_argument("--delay-ms", type=float, default=50.0)
    ap.add_argument("--drop-fin-from", choices=["a", "b"], default=None)
    ap.add_argument("--drop-count", type=int, default=0)
    ap.add_argument("--log", required=True)
    ap.add_argument("--ready", help="file to create once both sockets are open")
    args = ap.parse_args()

    try:  # a real-time priority keeps the delay exact on a busy machine
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(20))
        rt = True
    except (OSError, AttributeError):
        rt = False

    log = open(args.log, "a", buffering=1)
    socks = {"a": open_if(args.if_a), "b": open_if(args.if_b)}
    other = {"a": "b", "b": "a"}
    queues = {"a": collections.deque(), "b": collections.deque()}  # frames to send OUT of key
    delay_ns = int(args.delay_ms * 1e6)
    dropped = 0
    counts = {"a": 0, "b": 0}
    log.write(json.dumps({"t_ns": time.time_ns(), "event": "start", "delay_ms": args.delay_ms,
                          "sched_fifo": rt, "if_a": args.if_a, "if_b": args.if_b}) + "\n")
    if args.ready:
        open(args.ready, "w").close()

    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    signal.signal(signal.SIGINT, lambda *a: stop.append(1))
    fd_side = {socks[k].fileno(): k for k in socks}

    while not stop:
        now = time.time_ns()
        due = [q[0][0] for q in queues.values() if q]
        timeout = max(0.0, (min(due) - now) / 1e9) if due else 0.5
        try:
            r, _, _ = select.select(list(fd_side), [], [], timeout)
        except InterruptedError:
            continue
        for fd in r:
            side = fd_side[fd]
            s = socks[side]
            while True:
                try:
                    data, anc, _flags, addr = s.recvmsg(65535, socket.CMSG_SPACE(16))
                except BlockingIOError:
                    break
                if addr[2] == PACKET_OUTGOING:
                    continue
                ts = None
                for lvl, typ, cd in anc:
                    if lvl == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS and len(cd) >= 16:
                        sec, nsec = struct.unpack("=qq", cd[:16])
                        ts = sec * 1_000_000_000 + nsec
                if ts is None:
                    ts = time.time_ns()
                fl = tcp_flags(data)
                if (args.drop_fin_from == side and fl is not None and fl & 0x01
                        and dropped < args.drop_count):
                    dropped += 1
                    log.write(json.dumps({"t_ns": ts, "event": "drop", "from_side": side,
                                          "tcp_flags": fl, "n": dropped}) + "\n")
                    continue
                counts[side] += 1
                queues[other[side]].append((ts + delay_ns, data))
        now = time.time_ns()
        for side, q in queues.items():
            while q and q[0][0] <= now:
                _, frame = q.popleft()
                try:
                    socks[side].send(fix_tcp_checksum(frame))
                except OSError as e:
                    log.write(json.dumps({"t_ns": now, "event": "send_error", "err": str(e)}) + "\n")
    log.write(json.dumps({"t_ns": time.time_ns(), "event": "stop", "forwarded_from": counts,
                          "dropped": dropped}) + "\n")


if __name__ == "__main__":
    main()
