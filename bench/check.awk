# Independent re-count for bench/run.sh's correctness check (not timed): approvals (A: ○ or Y) per
# candidate over the valid ballots only, i.e. rows whose status column is empty and that approve
# at most S projects (R4), and the number of data rows. Run with -F, -v C=<candidates> -v S=<seats>
# -v A=<the approve mark>.
# The status column is the one after the C mark columns (gen.cpp writes 票号,P..,状态,备注).
NR > 1 {
    rows++
    if ($(C + 2) != "") next
    a = 0
    for (i = 2; i <= C + 1; i++) if ($i == A) a++
    if (a > S) next
    for (i = 2; i <= C + 1; i++) if ($i == A) n[i]++
}
END { printf "rows %d approve", rows; for (i = 2; i <= C + 1; i++) printf " %d", n[i]; printf "\n" }
