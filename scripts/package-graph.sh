#!/usr/bin/env bash
# Prints oomstream's package graph from a plain scan of the import lines of src/main/java:
# one arrow "from -> to (n)" per pair of packages, n = import lines; then the cycles of length two.
# Usage: scripts/package-graph.sh [repository root]   (docs/architecture.md records its output)
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
root=src/main/java/io/oomstream
arrows=$(find "$root" -name '*.java' | sort | while read -r f; do
  from=$(dirname "${f#"$root"/}" | tr / .)
  grep -hoE '^import (static )?io\.oomstream\.[a-z.]+\.[A-Z]' "$f" \
    | sed -E 's/^import (static )?io\.oomstream\.//; s/\.[A-Z]$//' \
    | while read -r to; do [ "$to" != "$from" ] && echo "$from -> $to"; done || true
done | sort | uniq -c | awk '{print $2, $3, $4, "(" $1 ")"}')
echo "$arrows"
echo "cycles:"
echo "$arrows" | awk '{print $1, $3}' | while read -r a b; do
  if echo "$arrows" | grep -q "^$b -> $a " && [[ "$a" < "$b" ]]; then echo "  $a <-> $b"; fi
done
