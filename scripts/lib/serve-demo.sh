# Sourced by scripts that need `callvault serve` on an archive made by `callvault demo`.
#
#   serve_demo_start [calls]   makes a demo archive in a fresh home and starts `serve` on a free
#                              loopback port; exports SERVE_URL, SERVE_HOME, CALLVAULT_API_TOKEN
#   serve_demo_stop            stops the server and removes the home
#
# CALLVAULT_BIN names the binary (default: .build/debug/callvault).

serve_demo_start() {
    local calls="${1:-8}"
    CALLVAULT_BIN="${CALLVAULT_BIN:-.build/debug/callvault}"
    SERVE_HOME="$(mktemp -d "${TMPDIR:-/tmp}/callvault-serve.XXXXXX")"
    export SERVE_HOME
    export CALLVAULT_API_TOKEN="test-token-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    CALLVAULT_HOME="$SERVE_HOME" "$CALLVAULT_BIN" demo --calls "$calls" >"$SERVE_HOME/demo.log" 2>&1 || {
        echo "serve-demo: demo failed:" >&2
        tail -20 "$SERVE_HOME/demo.log" >&2
        return 1
    }
    local port
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    CALLVAULT_HOME="$SERVE_HOME" RINGCENTRAL_WEBHOOK_TOKEN="webhook-token-for-tests" \
        "$CALLVAULT_BIN" serve --host 127.0.0.1 --port "$port" --no-workers >"$SERVE_HOME/serve.log" 2>&1 &
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
