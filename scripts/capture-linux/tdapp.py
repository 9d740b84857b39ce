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
ALL = sorted(set(SERVER_AFTER_EOF) | {"simultaneous"})


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

    def read_until_eof(self, s):
        while True:
            try:
                d = s.recv(4096)
            except OSError as e:
                self.log("read", error=errno.errorcode.get(e.errno, str(e.errno)))
                return False
            if not d:
                self.log("read_eof")
                return True
            self.log("read", bytes=len(d))

    def close(self, s):
        t = time.time_ns()
        try:
            s.close()
            self.log("close", t)
        except OSError as e:
            self.log("close", t, error=errno.errorcode.get(e.errno, str(e.errno)))

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


def server(args):
    app = App("server", args.log)
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((args.addr, args.port))
    ls.listen(1)
    if args.ready:
        open(args.ready, "w").close()
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
