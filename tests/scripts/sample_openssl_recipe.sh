#!/usr/bin/env bash
# The sampler recipe of docs/audit/README.md, with stock openssl, bc and rev only, against the
# consistent_sampler package's own docstring vector (and against docs/audit/sample.py for a
# few ballots).
# usage: tests/scripts/sample_openssl_recipe.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: sample_openssl_recipe.sh SOURCE_DIR}

# --- the recipe, as documented ---
ticket() {  # ticket SEED 票号
    local h t d
    h=$(printf %s "$1" | openssl dgst -sha256 -r | cut -d' ' -f1)
    t=$(printf %s "$h$2" | openssl dgst -sha256 -r | cut -d' ' -f1)
    d=$(echo "ibase=16; ${t^^}" | BC_LINE_LENGTH=0 bc)
    printf '0.%s\n' "$(printf '%064s' "$d" | tr ' ' 0 | rev)"
}
# ---

want=0.26299714122838008416507544297546663599715395525154425586041245287750224561854
got=$(ticket 01382438112797316654 AB-130)
[ "$got" = "$want" ] || { echo "recipe gives $got, consistent_sampler gives $want" >&2; exit 1; }

ids=$(mktemp)
trap 'rm -f "$ids"' EXIT
printf '%s\n' 0001 0002 0003 0017 A-9 第12号 > "$ids"
expected=$(python3 "$src/docs/audit/sample.py" 31415926535 6 "$ids" | cut -f2,3)
actual=$(while read -r id; do printf '%s\t%s\n' "$id" "$(ticket 31415926535 "$id")"; done < "$ids" |
    LC_ALL=C sort -t "$(printf '\t')" -k2,2 -k1,1 | awk -F'\t' '{print $1 "\t" $2}')
[ "$expected" = "$actual" ] || { printf 'sample.py:\n%s\nrecipe:\n%s\n' "$expected" "$actual" >&2; exit 1; }
echo "recipe agrees"
