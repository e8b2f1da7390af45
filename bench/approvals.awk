# The tally a user would write with awk, for bench/run.sh: approvals (A: ○ or Y) per candidate
# column (columns 2 .. C+1 of a piaojue ballots.csv), nothing else. Run with -F, -v C=<candidates>
# -v A=<the approve mark>.
NR > 1 { for (i = 2; i <= C + 1; i++) if ($i == A) n[i]++ }
END { for (i = 2; i <= C + 1; i++) printf "%d%s", n[i], (i <= C ? " " : "\n") }
