#!/usr/bin/env bash
# Makes the tutorial's pictures, docs/tutorial/pictures/NN-name.png: for each scenario, its explain page
# (bindercheck explain), shot by headless Chromium at the step the text talks about.
#
#   bash docs/tutorial/pictures.sh             # every picture
#   bash docs/tutorial/pictures.sh 03 07       # only those steps
#
# The table below names, per scenario, the line of the .scn whose step the picture shows: the page is opened at
# the last step of that line (#step=K), found in the page's own data (<script id="explain-data">, each step with
# its source line), so the table does not depend on how many driver steps a line makes. TutorialScenariosTest
# checks that the table has one row per scenario and that each line holds a step.
# Needs: the bindercheck explain command, Chromium (CHROMIUM=/path overrides /usr/bin/chromium), python3.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
out=$here/pictures

die() {
    echo "pictures.sh: $*" >&2
    exit 1
}

table() {
    cat <<'TABLE'
# scenario  line
01-context-manager   37
02-register-lookup   66
03-call-reply        29
04-nested-call       35
05-oneway            26
06-death             38
07-allocator         60
08-refcounts         33
09-thread-exit       29
10-thread-pool       46
TABLE
}

[[ -x $chromium ]] || die "no Chromium at $chromium (apt-get install chromium, or set CHROMIUM=/path/to/chromium)"
command -v python3 >/dev/null || die "python3 is needed to read step numbers out of the explain pages"
# (bindercheck --help lists the commands; "bindercheck explain --help" would print the top-level help and succeed.)
"$root/bindercheck" --help 2>/dev/null | grep -Eq '^  explain ' \
    || die "'$root/bindercheck --help' lists no explain command: this checkout cannot make the pages yet"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# step_of PAGE LINE: the index of the last step of the page whose source line is at most LINE (and not 0).
step_of() {
    python3 - "$1" "$2" <<'PY'
import json, re, sys
page, line = sys.argv[1], int(sys.argv[2])
html = open(page, encoding="utf-8").read()
m = re.search(r'<script type="application/json" id="explain-data">(.*?)</script>', html, re.S)
if not m:
    sys.exit(f"{page}: no <script id=\"explain-data\"> in the page")
steps = json.loads(m.group(1))["steps"]
hits = [s["index"] for s in steps if 0 < (s.get("line") or 0) <= line]
if not hits:
    sys.exit(f"{page}: no step at or before line {line}")
print(max(hits))
PY
}

made=0
while read -r name line; do
    [[ -z $name || $name == \#* ]] && continue
    if (($# > 0)); then
        wanted=no
        for n in "$@"; do [[ $name == "$n"* ]] && wanted=yes; done
        [[ $wanted == yes ]] || continue
    fi
    scn=$here/$name.scn
    [[ -f $scn ]] || die "the table names $name.scn, which is not in $here"
    page=$work/$name.html
    "$root/bindercheck" explain "$scn" -o "$page" >"$work/$name.log" 2>&1 \
        || { cat "$work/$name.log" >&2; die "$name.scn: bindercheck explain failed (its output is above)"; }
    step=$(step_of "$page" "$line") || die "$name.scn: cannot find the step of line $line"
    png=$out/$name.png
    rm -f "$png"
    "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d -p "$work")" --hide-scrollbars --virtual-time-budget=5000 \
        --window-size=1400,1000 --screenshot="$png" "file://$page#step=$step" >"$work/$name.chromium.log" 2>&1 \
        || { cat "$work/$name.chromium.log" >&2; die "$name: Chromium failed (its output is above)"; }
    [[ -s $png ]] || { cat "$work/$name.chromium.log" >&2; die "$name: Chromium wrote no picture"; }
    echo "pictures.sh: $name.png: line $line, step $step"
    made=$((made + 1))
done < <(table)

((made > 0)) || die "no scenario of the table matched: $*"
echo "pictures.sh: $made picture(s) in $out"
