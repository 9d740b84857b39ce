#!/usr/bin/env python3
"""Client and server applications for the teardown capture scenarios.

Standard library only.  Every socket call of interest is logged as one JSON
line {"t_ns", "host", "call", ...} with time.time_ns() (CLOCK_REALTIME, the
clock of the pcap timestamps).  For calls that do not block (close, shutdown,
write) t_ns is taken just before the call; for calls that block (connect,
accept, read, read_eof) just after they return.

  tdapp.py server --scenario NAME --addr 10.77.1.2 --port 5000 --log F [--at T]
  tdapp.py client --scenario NAME --addr 10.77.1.2 --port 5000 --log F [--at T]

--at T (seconds since the epoch, float) is the shared close time used by the
`simultaneous` scenario.
"""
import argparse
import errno
import json
import socket
import sys
import time

# What the server does after it has read EOF (the client's FIN).
SERVER_AFTER_EOF = {
    "four_way_client_first": [("sleep", 1.0), ("close",)],
    "three_segment": [("close",)],
    "delack_after_data": [("sleep", 1.0), ("close",)],
    "delack_after_data_fast": [("close",)],
    "lost_fin": [("sleep", 1.0), ("close",)],
    "lost_fin_twice": [("sleep", 1.0), ("close",)],
    "close_then_data": [("write", 100), ("sleep", 0.025), ("write", 100), ("sleep", 1.0), ("close",)],
    "close_then_data_nagle": [("write", 100), ("sleep", 0.025), ("write", 100), ("sleep", 1.0), ("close",)],
    "shutdown_then_data": [("write", 100), ("sleep", 0.025), ("write", 100), ("sleep", 1.0), ("close",)],
    "shutdown_then_data_nagle": [("write", 100), ("sleep", 0.025), ("write", 100), ("sleep", 1.0), ("close",)],
    "orphan_fin_wait2": [("sleep", 70.0), ("close",)],
    "shutdown_then_fin_wait2": [("sleep", 70.0), ("close",)],
}
# How the client ends its side at t0.
CLIENT_ENDS_WITH = {
    "shutdown_then_data": "shutdown",
    "shutdown_then_data_nagle": "shutdown",
    "shutdown_then_fin_wait2": "shutdown",
}
DATA_FIRST = {"delack_after_data", "delack_after_data_fast"}
# The server sets TCP_NODELAY so that each write() is one segment at write time.
SERVER_NODELAY = {"close_then_data", "shutdown_then_data"}
# Two connections over the same 4-tuple: the server closes the first one (and ends in
# TIME-WAIT), the client then reconnects from the same port (see reopen_* below).
REOPEN = "reopen_after_server_close"
ALL = sorted(set(SERVER_AFTER_EOF) | {"simultaneous", REOPEN})


class App:
    def __init__(self, host, path):
        self.host = host
        self.f = open(path, "a", buffering=1)

    def log(self, call, t=None, **kw):
        rec = {"t_ns": t if t is not None else time.time_ns(), "host": self.host, "call": call}
        rec.update(kw)
        self.f.write(json.dumps(rec) + "\n")

    def write(self, s, n):
        t = time.time_ns()
        try:
            r = s.send(b"x" * n)
            self.log("write", t, bytes=n, result=r)
        except OSError as e:
            self.log("write", t, bytes=n, error=errno.errorcode.get(e.errno, str(e.errno)))

    def read_exactly(self, s, n):
        got = 0
        while got < n:
            d = s.recv(n - got)
            if not d:
                self.log("read_eof")
                return False
            got += len(d)
            self.log("read", bytes=len(d))
        return True

    def read_until_eof(self, s, **kw):
        while True:
            try:
                d = s.recv(4096)
            except OSError as e:
                self.log("read", error=errno.errorcode.get(e.errno, str(e.errno)), **kw)
                return False
            if not d:
                self.log("read_eof", **kw)
                return True
            self.log("read", bytes=len(d), **kw)

    def close(self, s, **kw):
        t = time.time_ns()
        try:
            s.close()
            self.log("close", t, **kw)
        except OSError as e:
            self.log("close", t, error=errno.errorcode.get(e.errno, str(e.errno)), **kw)

    def shutdown_wr(self, s):
        t = time.time_ns()
        try:
            s.shutdown(socket.SHUT_WR)
            self.log("shutdown", t, how="SHUT_WR")
        except OSError as e:
            self.log("shutdown", t, how="SHUT_WR", error=errno.errorcode.get(e.errno, str(e.errno)))


def sleep_until(t_s):
    """Sleep until t_s (epoch seconds), spinning for the last 3 ms."""
    while True:
        left = t_s - time.time()
        if left <= 0:
            return
        if left > 0.003:
            time.sleep(left - 0.003)


def socket_present(lport, rport):
    """True while /proc/net/tcp (this process's namespace) lists a socket lport -> rport."""
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            fld = line.split()
            if int(fld[1].split(":")[1], 16) == lport and int(fld[2].split(":")[1], 16) == rport:
                return True
    return False


def reopen_server(app, ls):
    """reopen_after_server_close, server side.  The listening socket stays open throughout."""
    s, _peer = ls.accept()
    app.log("accept", conn=0)
    time.sleep(0.5)
    app.close(s, conn=0)               # t0: the server closes first; ends in TIME-WAIT
    s2, _peer = ls.accept()            # the client's new connection from the same port
    app.log("accept", conn=1)
    app.read_until_eof(s2, conn=1)
    app.close(s2, conn=1)              # at once on EOF
    t = time.time_ns()
    ls.close()
    app.log("close_listener", t)


def reopen_client(app, args):
    """reopen_after_server_close, client side."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((args.addr, args.port))
    laddr = s.getsockname()
    app.log("connect", conn=0, local_port=laddr[1])
    app.read_until_eof(s, conn=0)      # the server's FIN
    time.sleep(1.0)
    app.close(s, conn=0)               # LAST-ACK until the server's ACK arrives
    while socket_present(laddr[1], args.port):   # poll /proc/net/tcp every ~1 ms
        time.sleep(0.001)
    app.log("socket_gone", conn=0, how="no longer in /proc/net/tcp (polled every 1 ms)")
    s2 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s2.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    t = time.time_ns()
    s2.bind(laddr)                     # the same local port as the first connection
    app.log("bind", t, conn=1, local_port=laddr[1], so_reuseaddr=1)
    try:
        s2.connect((args.addr, args.port))
    except OSError as e:
        app.log("connect", conn=1, error=errno.errorcode.get(e.errno, str(e.errno)))
        return
    app.log("connect", conn=1, local_port=s2.getsockname()[1])
    time.sleep(1.0)
    app.close(s2, conn=1)              # ends in TIME-WAIT


def server(args):
    app = App("server", args.log)
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((args.addr, args.port))
    ls.listen(1)
    if args.ready:
        open(args.ready, "w").close()
    if args.scenario == REOPEN:
        reopen_server(app, ls)
        return
    s, _peer = ls.accept()
    app.log("accept")
    ls.close()  # only the accepted connection stays
    if args.scenario in SERVER_NODELAY:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        app.log("setsockopt", option="TCP_NODELAY")
    if args.scenario in DATA_FIRST:
        app.read_exactly(s, 100)
        app.write(s, 100)
    if args.scenario == "simultaneous":
        sleep_until(args.at)
        app.close(s)
        return
    app.read_until_eof(s)
    for step in SERVER_AFTER_EOF[args.scenario]:
        if step[0] == "sleep":
            time.sleep(step[1])
        elif step[0] == "write":
            app.write(s, step[1])
        elif step[0] == "close":
            app.close(s)


def client(args):
    app = App("client", args.log)
    if args.scenario == REOPEN:
        reopen_client(app, args)
        return
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((args.addr, args.port))
    app.log("connect")
    if args.scenario in DATA_FIRST:
        app.write(s, 100)
        app.read_exactly(s, 100)
    if args.scenario == "simultaneous":
        sleep_until(args.at)
    else:
        time.sleep(0.5)
    if CLIENT_ENDS_WITH.get(args.scenario) == "shutdown":
        app.shutdown_wr(s)
        app.read_until_eof(s)
        app.close(s)
    else:
        app.close(s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("role", choices=["client", "server"])
    ap.add_argument("--scenario", required=True, choices=ALL)
    ap.add_argument("--addr", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--at", type=float, help="shared close time (simultaneous)")
    ap.add_argument("--ready", help="server: file to create once listening")
    args = ap.parse_args()
    if args.scenario == "simultaneous" and args.at is None:
        ap.error("simultaneous needs --at")
    (server if args.role == "server" else client)(args)


if __name__ == "__main__":
    main()
