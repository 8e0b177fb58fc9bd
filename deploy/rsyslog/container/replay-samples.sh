#!/bin/sh
# Entry point of the shipper container: starts rsyslogd (rsyslog.conf + the unchanged omkafka drop-in), then
# replays sample kernel logs into it over TCP as if the hosts named in them were logging now, again every
# $REPLAY_EVERY_SECONDS (0: once), so the Grafana dashboards fill with recent data.
#
# Samples: every *.log and *.txt under $SAMPLES_DIR (docker-compose.yml mounts the repository's test
# fixtures read-only: src/test/resources/kernel-logs and the seed write-ups). Only lines in syslog file format
# ("Mon dd hh:mm:ss host program: message") are sent: prose, dmesg and JSON lines are skipped. Each line gets
# the current time, its <PRI> as kern.warning, and its kernel [uptime] stamp shifted by the round number, so
# every round makes new reports (oomstream gives a report's repeat the same event id and drops it).
set -eu

: "${SYSLOG_PORT:=5514}" "${SAMPLES_DIR:=/samples}" "${REPLAY_EVERY_SECONDS:=600}" "${LINES_PER_SECOND:=200}"
export SYSLOG_PORT

rsyslogd -n -f /etc/oomstream-rsyslog/rsyslog.conf -i /var/spool/oomstream/rsyslogd.pid &
RSYSLOGD=$!
trap 'kill $RSYSLOGD 2>/dev/null; exit 0' TERM INT

# Wait until rsyslogd listens.
i=0
until bash -c "exec 3<>/dev/tcp/127.0.0.1/$SYSLOG_PORT" 2>/dev/null; do
  i=$((i + 1)); [ "$i" -lt 100 ] || { echo "rsyslogd did not start" >&2; exit 1; }
  sleep 0.2
done
echo "rsyslogd listening on $SYSLOG_PORT; shipping to $OOMSTREAM_KAFKA_BROKERS topic $OOMSTREAM_KAFKA_TOPIC"

round=0
while :; do
  sent=0
  for f in $(find "$SAMPLES_DIR" -type f \( -name '*.log' -o -name '*.txt' \) | sort); do
    # Rewrite: current time, <4> (kern.warning), uptime stamp + round * 100000 s. Pace: LINES_PER_SECOND.
    awk -v now="$(LC_ALL=C date -u '+%b %e %H:%M:%S')" -v shift_s="$((round * 100000))" '
      /^[A-Z][a-z][a-z] [ 0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] [^ ]+ [^ ]+: / {
        line = substr($0, 17)
        if (match(line, /\[ *[0-9]+\.[0-9]+\]/)) {
          stamp = substr(line, RSTART + 1, RLENGTH - 2) + shift_s
          line = substr(line, 1, RSTART - 1) sprintf("[%12.6f]", stamp) substr(line, RSTART + RLENGTH)
        }
        print "<4>" now " " line
      }' "$f" > /tmp/replay.batch
    n=$(wc -l < /tmp/replay.batch)
    [ "$n" -gt 0 ] || continue
    bash -c "exec 3<>/dev/tcp/127.0.0.1/$SYSLOG_PORT; cat /tmp/replay.batch >&3"
    sent=$((sent + n))
    sleep $(( n / LINES_PER_SECOND + 1 ))
  done
  echo "round $round: sent $sent lines"
  round=$((round + 1))
  [ "$REPLAY_EVERY_SECONDS" -gt 0 ] || break
  sleep "$REPLAY_EVERY_SECONDS"
done
wait "$RSYSLOGD"
