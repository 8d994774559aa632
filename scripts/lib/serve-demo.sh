# Sourced by scripts that need `callvault serve` on an archive made by `callvault demo`.
#
#   serve_demo_start [calls]   makes a demo archive in a fresh home and starts `serve` on a free
#                              loopback port; exports SERVE_URL, SERVE_HOME, CALLVAULT_API_TOKEN
#   serve_demo_stop            stops the server and removes the home
#
# CALLVAULT_BIN names the binary (default: .build/debug/callvault).
# SERVE_DEMO_PAGE=1 prepares the archive for the page's browser tests, through the CLI only: one
# recording gets a transcript full of markup (`demo --markup-transcript`), one job is dead (a
# `noop` that dies once, so a retry completes), and `serve` runs its workers. The server's log
# (its access log with the Range of every request) is $SERVE_HOME/serve.log.

serve_demo_start() {
    local calls="${1:-8}"
    CALLVAULT_BIN="${CALLVAULT_BIN:-.build/debug/callvault}"
    SERVE_HOME="$(mktemp -d "${TMPDIR:-/tmp}/callvault-serve.XXXXXX")"
    export SERVE_HOME
    export CALLVAULT_API_TOKEN="test-token-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    local demo_flags=() serve_flags=(--no-workers)
    if [ "${SERVE_DEMO_PAGE:-}" = "1" ]; then
        demo_flags=(--markup-transcript)
        serve_flags=(--workers 2)
    fi
    CALLVAULT_HOME="$SERVE_HOME" "$CALLVAULT_BIN" demo --calls "$calls" "${demo_flags[@]}" >"$SERVE_HOME/demo.log" 2>&1 || {
        echo "serve-demo: demo failed:" >&2
        tail -20 "$SERVE_HOME/demo.log" >&2
        return 1
    }
    if [ "${SERVE_DEMO_PAGE:-}" = "1" ]; then
        CALLVAULT_HOME="$SERVE_HOME" "$CALLVAULT_BIN" jobs enqueue noop --payload '{"dead_times": 1}' >>"$SERVE_HOME/demo.log" 2>&1 &&
            CALLVAULT_HOME="$SERVE_HOME" "$CALLVAULT_BIN" work --drain --drain-horizon 0 >>"$SERVE_HOME/demo.log" 2>&1 || {
            echo "serve-demo: could not make a dead job:" >&2
            tail -20 "$SERVE_HOME/demo.log" >&2
            return 1
        }
    fi
    local port
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    CALLVAULT_HOME="$SERVE_HOME" RINGCENTRAL_WEBHOOK_TOKEN="webhook-token-for-tests" \
        "$CALLVAULT_BIN" serve --host 127.0.0.1 --port "$port" "${serve_flags[@]}" >"$SERVE_HOME/serve.log" 2>&1 &
    SERVE_PID=$!
    export SERVE_PID
    export SERVE_URL="http://127.0.0.1:$port"
    for _ in $(seq 1 100); do
        if curl -fsS "$SERVE_URL/healthz" >/dev/null 2>&1; then return 0; fi
        if ! kill -0 "$SERVE_PID" 2>/dev/null; then break; fi
        sleep 0.1
    done
    echo "serve-demo: serve did not start:" >&2
    tail -20 "$SERVE_HOME/serve.log" >&2
    return 1
}

serve_demo_stop() {
    if [ -n "${SERVE_PID:-}" ]; then
        kill "$SERVE_PID" 2>/dev/null || true
        wait "$SERVE_PID" 2>/dev/null || true
        SERVE_PID=""
    fi
    if [ -n "${SERVE_HOME:-}" ] && [ -d "$SERVE_HOME" ]; then rm -rf "$SERVE_HOME"; fi
}
