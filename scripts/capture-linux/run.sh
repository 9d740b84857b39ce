#!/usr/bin/env bash
# Capture how the running Linux kernel closes TCP connections, one scenario per
# set of network namespaces, and write the fixtures the `stack=linux` tests read.
#
#   sudo scripts/capture-linux/run.sh                 # every scenario, staggered in parallel
#   sudo scripts/capture-linux/run.sh lost_fin        # only some scenarios
#   sudo scripts/capture-linux/run.sh --serial        # one after the other (~14 min)
#   sudo scripts/capture-linux/run.sh --no-fixtures   # leave the results in out/ only
#   scripts/capture-linux/run.sh --summarize-only     # redo the JSON from out/ (no capture)
#
# See README.md in this folder for the topology, the scenarios and the output.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-$HERE/out}
FIX=${FIX:-$REPO/crates/teardown-core/tests/fixtures/linux}
DELAY_MS=${DELAY_MS:-50}
PORT=5000
STAGGER=${STAGGER:-8}        # seconds between scenario starts in parallel mode
POLL_MS=${POLL_MS:-1}        # sock_diag poll interval
CHILD_EHASH=${CHILD_EHASH:-1024}

# Longest first, so that the parallel run ends soonest.
ALL=(shutdown_then_fin_wait2 orphan_fin_wait2 four_way_client_first three_segment
     delack_after_data delack_after_data_fast lost_fin lost_fin_twice simultaneous
     shutdown_then_data shutdown_then_data_nagle close_then_data close_then_data_nagle
     reopen_after_server_close)
# Scenarios whose poller is stopped POLL_STOP_S after the client application has exited
# (its last close), instead of waiting out the final TIME-WAIT.
POLL_STOP_S=${POLL_STOP_S:-2}
SHORT_POLL=(reopen_after_server_close)
# Scenarios with two connections per namespace (poll_state.py --all-sockets).
MULTI_CONN=(reopen_after_server_close)

serial=0
fixtures=1
summarize_only=0
want=()
for a in "$@"; do
    case "$a" in
        --serial) serial=1 ;;
        --no-fixtures) fixtures=0 ;;
        --summarize-only) summarize_only=1 ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        -*) echo "unknown option $a" >&2; exit 2 ;;
        *) want+=("$a") ;;
    esac
done
[ ${#want[@]} -eq 0 ] && want=("${ALL[@]}")
for w in "${want[@]}"; do
    printf '%s\n' "${ALL[@]}" | grep -qx "$w" || { echo "unknown scenario $w" >&2; exit 2; }
done

summarize() {
    local name=$1 D=$OUT/$1
    python3 "$HERE/summarize.py" "$D" > "$D/summary.json" || { echo "[$name] summarize failed" >&2; return 1; }
    if [ $fixtures = 1 ]; then
        mkdir -p "$FIX"
        cp "$D/summary.json" "$FIX/$name.json"
        cp "$D/client.pcap" "$FIX/$name.pcap"
        cp "$D/server.pcap" "$FIX/$name.server.pcap"
    fi
}

if [ $summarize_only = 1 ]; then
    for name in "${want[@]}"; do summarize "$name"; done
    exit 0
fi

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
for t in ip tcpdump python3 timeout; do
    command -v "$t" >/dev/null || { echo "missing $t (apt-get install -y tcpdump iproute2)" >&2; exit 1; }
done
HAVE_ETHTOOL=0; command -v ethtool >/dev/null && HAVE_ETHTOOL=1
# The applications run SCHED_FIFO 10, the poller 15 (the relay sets FIFO 20 itself),
# so that on a busy machine they wake within ~0.1 ms; they sleep almost all the time.
RT=(); RT_POLL=()
command -v chrt >/dev/null && { RT=(chrt -f 10); RT_POLL=(chrt -f 15); }

mkdir -p "$OUT"
: > "$OUT/.namespaces"
: > "$OUT/.pids"

# Each new namespace gets its own small TCP hash table (instead of sharing the
# host's 262144-bucket one), so that one sock_diag dump costs ~15 us instead of
# ~0.8 ms and the state can be polled every millisecond.  This does not change
# TCP behaviour; the old value is put back on exit.
OLD_CHILD_EHASH=$(sysctl -n net.ipv4.tcp_child_ehash_entries 2>/dev/null || echo "")

cleanup() {
    local p ns
    if [ -s "$OUT/.pids" ]; then
        while read -r p; do kill "$p" 2>/dev/null; done < "$OUT/.pids"
        sleep 0.3
        while read -r p; do kill -9 "$p" 2>/dev/null; done < "$OUT/.pids"
    fi
    if [ -s "$OUT/.namespaces" ]; then
        while read -r ns; do ip netns del "$ns" 2>/dev/null; done < "$OUT/.namespaces"
    fi
    [ -n "$OLD_CHILD_EHASH" ] && sysctl -qw net.ipv4.tcp_child_ehash_entries="$OLD_CHILD_EHASH"
    rm -f "$OUT/.pids" "$OUT/.namespaces"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -n "$OLD_CHILD_EHASH" ] && sysctl -qw net.ipv4.tcp_child_ehash_entries="$CHILD_EHASH"

now() { python3 -c 'import time; print("%.6f" % time.time())'; }

bg() {  # start a background command, remember its pid for the cleanup
    "$@" &
    local p=$!
    echo "$p" >> "$OUT/.pids"
    LAST_PID=$p
}

wait_file() {  # wait_file PATH SECONDS [GREP]
    local i=0 n=$(( $2 * 50 ))
    while [ $i -lt $n ]; do
        if [ -n "${3:-}" ]; then grep -q "$3" "$1" 2>/dev/null && return 0
        else [ -e "$1" ] && return 0; fi
        sleep 0.02; i=$((i + 1))
    done
    echo "timeout waiting for $1" >&2; return 1
}

run_one() {  # run_one NAME INDEX
    local name=$1 idx=$2
    local C=td-client-$idx S=td-server-$idx W=td-wire-$idx
    local CIP=10.77.$idx.1 SIP=10.77.$idx.2
    local D=$OUT/$name
    rm -rf "$D"; mkdir -p "$D"
    echo "[$name] namespaces $C $S $W, $CIP -> $SIP:$PORT"

    local ns
    for ns in $C $S $W; do
        ip netns del "$ns" 2>/dev/null   # left over from an interrupted run
        ip netns add "$ns" || return 1
        echo "$ns" >> "$OUT/.namespaces"
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
        ip -n "$ns" link set lo up
    done
    # client c0 <-> wc [wire: relay] ws <-> s0 server
    ip -n "$W" link add wc type veth peer name c0 netns "$C" || return 1
    ip -n "$W" link add ws type veth peer name s0 netns "$S" || return 1
    ip -n "$C" addr add "$CIP/24" dev c0
    ip -n "$S" addr add "$SIP/24" dev s0
    # Fixed MACs and permanent neighbour entries: no ARP, so the first SYN leaves at
    # connect() and the handshake's RTT sample (hence the RTO) is the 100 ms path RTT.
    local CMAC SMAC
    CMAC=$(printf '02:77:00:%02x:00:01' "$idx"); SMAC=$(printf '02:77:00:%02x:00:02' "$idx")
    ip -n "$C" link set c0 address "$CMAC"
    ip -n "$S" link set s0 address "$SMAC"
    ip -n "$C" neigh replace "$SIP" lladdr "$SMAC" dev c0 nud permanent
    ip -n "$S" neigh replace "$CIP" lladdr "$CMAC" dev s0 nud permanent
    if [ $HAVE_ETHTOOL = 1 ]; then  # the stacks compute checksums themselves: clean pcaps
        ip netns exec "$C" ethtool -K c0 tx off tso off gso off gro off >/dev/null 2>&1
        ip netns exec "$S" ethtool -K s0 tx off tso off gso off gro off >/dev/null 2>&1
    fi
    ip -n "$W" link set wc up promisc on
    ip -n "$W" link set ws up promisc on
    ip -n "$C" link set c0 up
    ip -n "$S" link set s0 up

    ip netns exec "$C" sh -c 'cd /proc/sys/net/ipv4 && grep -H . tcp_*' > "$D/sysctls-client.txt" 2>/dev/null
    ip netns exec "$S" sh -c 'cd /proc/sys/net/ipv4 && grep -H . tcp_*' > "$D/sysctls-server.txt" 2>/dev/null

    local drop=()
    case "$name" in
        lost_fin) drop=(--drop-fin-from a --drop-count 1) ;;
        lost_fin_twice) drop=(--drop-fin-from a --drop-count 2) ;;
    esac
    bg ip netns exec "$W" python3 "$HERE/relay.py" --if-a wc --if-b ws --delay-ms "$DELAY_MS" \
        "${drop[@]}" --log "$D/relay.jsonl" --ready "$D/relay.ready"
    local relay=$LAST_PID
    bg ip netns exec "$C" tcpdump -i c0 -s 96 -n -U --immediate-mode --time-stamp-precision=nano \
        -Z root -w "$D/client.pcap" tcp 2> "$D/tcpdump-client.err"
    local tdc=$LAST_PID
    bg ip netns exec "$S" tcpdump -i s0 -s 96 -n -U --immediate-mode --time-stamp-precision=nano \
        -Z root -w "$D/server.pcap" tcp 2> "$D/tcpdump-server.err"
    local tds=$LAST_PID
    wait_file "$D/relay.ready" 10 || return 1
    wait_file "$D/tcpdump-client.err" 10 "listening on" || return 1
    wait_file "$D/tcpdump-server.err" 10 "listening on" || return 1

    local multi=() short=0
    printf '%s\n' "${MULTI_CONN[@]}" | grep -qx "$name" && multi=(--all-sockets)
    printf '%s\n' "${SHORT_POLL[@]}" | grep -qx "$name" && short=1
    bg "${RT_POLL[@]}" python3 "$HERE/poll_state.py" --ns "client=/run/netns/$C" --ns "server=/run/netns/$S" \
        --port $PORT --interval-ms "$POLL_MS" --slow-interval-ms 5 --empty-ms 500 --max-s 200 \
        "${multi[@]}" --out "$D/states.jsonl" --ready "$D/poll.ready"
    local poller=$LAST_PID
    wait_file "$D/poll.ready" 10 || return 1

    local at=()
    [ "$name" = simultaneous ] && at=(--at "$(python3 -c 'import time; print("%.6f" % (time.time() + 2.5))')")
    cat > "$D/meta.json" <<EOF
{"scenario": "$name", "client_ns": "$C", "server_ns": "$S", "wire_ns": "$W",
 "client_ip": "$CIP", "server_ip": "$SIP", "port": $PORT, "delay_ms_one_way": $DELAY_MS,
 "poll_interval_ms": $POLL_MS, "kernel": "$(uname -r)",
 "hz": "$( (zcat /proc/config.gz 2>/dev/null | sed -n 's/^CONFIG_HZ=//p') || true)",
 "netem_in_kernel": "$( (zcat /proc/config.gz 2>/dev/null | grep -q '^CONFIG_NET_SCH_NETEM=[ym]' && echo yes) || echo no)",
 "tcp_child_ehash_entries": "$CHILD_EHASH", "poll_stop_after_client_exit_s": $([ $short = 1 ] && echo "$POLL_STOP_S" || echo null), "ethtool_offloads_off": $HAVE_ETHTOOL,
 "sched": "$([ ${#RT[@]} -gt 0 ] && echo 'apps SCHED_FIFO 10, poller SCHED_FIFO 15 (chrt), relay SCHED_FIFO 20' || echo 'apps and poller SCHED_OTHER, relay SCHED_FIFO 20')",
 "tcpdump": "$(tcpdump --version 2>&1 | head -1)", "started": "$(date -u +%FT%TZ)"}
EOF

    bg ip netns exec "$S" timeout 200 "${RT[@]}" python3 "$HERE/tdapp.py" server --scenario "$name" \
        --addr "$SIP" --port $PORT --log "$D/app-server.jsonl" --ready "$D/server.ready" "${at[@]}"
    local srv=$LAST_PID
    wait_file "$D/server.ready" 10 || return 1
    bg ip netns exec "$C" timeout 200 "${RT[@]}" python3 "$HERE/tdapp.py" client --scenario "$name" \
        --addr "$SIP" --port $PORT --log "$D/app-client.jsonl" "${at[@]}"
    local cli=$LAST_PID

    if [ $short = 1 ]; then  # stop polling POLL_STOP_S after the client's last close()
        wait "$cli"
        sleep "$POLL_STOP_S"
        kill -TERM "$poller"; wait "$poller"
        wait "$srv"
    else
        wait "$poller"          # ends 500 ms after both sockets are gone
        wait "$cli" "$srv"
    fi
    sleep 0.3
    kill -INT "$tdc" "$tds"; wait "$tdc" "$tds" 2>/dev/null
    kill -TERM "$relay"; wait "$relay" 2>/dev/null
    for ns in $C $S $W; do ip netns del "$ns"; done
    echo "[$name] done"
}

start=$(date +%s)
i=0
for name in "${ALL[@]}"; do
    i=$((i + 1))
    printf '%s\n' "${want[@]}" | grep -qx "$name" || continue
    if [ $serial = 1 ]; then
        run_one "$name" "$i" 2>&1 | tee "$OUT/$name.log"
    else
        run_one "$name" "$i" > "$OUT/$name.log" 2>&1 &
        echo "started $name (log: $OUT/$name.log)"
        sleep "$STAGGER"
    fi
done
wait
echo "all captures done in $(( $(date +%s) - start )) s"
for name in "${want[@]}"; do summarize "$name"; done
echo "summaries in $OUT/*/summary.json$([ $fixtures = 1 ] && echo ", fixtures in $FIX")"
