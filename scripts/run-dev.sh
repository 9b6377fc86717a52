#!/usr/bin/env bash
# The development server with its Celery worker and a single beat (-B), started
# and stopped together: when either ends, or on Ctrl-C / SIGTERM, both stop.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
ADDRESS="${WINDOWDESK_ADDRESS:-127.0.0.1:8000}"
children=()

stop_all() {
	trap - EXIT INT TERM
	for pid in "${children[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$BIN/celery" -A windowdesk worker -B -Q celery,exports --concurrency 1 -l info &
children+=($!)
"$BIN/python" manage.py runserver "$ADDRESS" &
children+=($!)

echo "Serving on http://$ADDRESS/ with a Celery worker and beat (Ctrl-C stops both)"
# Returns when the first of the two ends; the EXIT trap stops the other.
wait -n
