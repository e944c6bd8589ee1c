#!/bin/sh
# A number's digits read again from its word box: the measurement of bench/RESULTS.md
# ("Digits read again from a number's word box"). Three draws of the accuracy bench, every
# noise level, three copies each; about an hour on 2 cores, niced. Writes under
# $DIGIT_REREADS (default /tmp/digit_rereads). Needs tesserocr (make setup builds it).
set -e
P=.venv/bin/python
OUT="${DIGIT_REREADS:-/tmp/digit_rereads}"
for draw in "9191 Laksaman spaces" "9200 Purisa spaces" "9206 Purisa words"; do
  # shellcheck disable=SC2086
  nice -n 19 $P bench/digit_rereads/pages.py $draw light,medium,heavy 3
done
nice -n 19 $P bench/digit_rereads/analyze.py
$P bench/digit_rereads/summary.py "$OUT/tokens.csv" > "$OUT/summary.txt"
$P bench/digit_rereads/rules.py "$OUT/tokens.csv" 4 > "$OUT/rules4.txt"
$P bench/digit_rereads/rules.py "$OUT/tokens.csv" 1 > "$OUT/rules1.txt"
cat "$OUT/rules4.txt"
$P bench/digit_rereads/agreement.py "$OUT/tokens.csv" > "$OUT/agreement.txt"
cat "$OUT/agreement.txt"
$P bench/digit_rereads/stacked.py
