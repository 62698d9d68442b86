#!/usr/bin/env bash
# The CPU matrix (`make test-cpus`): nbval over every notebook once per floating-point setup a
# reader's machine may select, so that no stored output or claim check depends on one CPU.
#
#   OpenBLAS kernel (OPENBLAS_CORETYPE)   numpy's AVX-512 loops
#   SkylakeX (only on a CPU with AVX-512)  on
#   Haswell, Sandybridge, Prescott        on, then off (NPY_DISABLE_CPU_FEATURES)
#
# These variables exist to test: they are never set in a notebook, in `make test` or in
# `make execute`. Every configuration runs even after one fails; the summary at the end lists
# each configuration's nbval result, and the exit status is 1 if any failed.
#
# Usage: scripts/cpu_matrix.sh PYTHON NOTEBOOK...   (the Makefile passes the venv's python)
set -uo pipefail
python=$1
shift
if [ "$#" -eq 0 ]; then
    echo "cpu matrix: no notebooks in book/ yet, nothing to run"
    exit 0
fi
# numpy 2.x dispatch targets that use AVX-512 (X86_V4 is AVX512_SKX's group, AVX512_ICL above it)
no_avx512_loops="X86_V4 AVX512_ICL"

configs=()
if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
    configs+=("SkylakeX|")
else
    echo "cpu matrix: this CPU has no AVX-512, so the SkylakeX configuration is left out"
fi
for kernel in Haswell Sandybridge Prescott; do
    configs+=("$kernel|" "$kernel|$no_avx512_loops")
done

summary=()
status=0
for config in "${configs[@]}"; do
    kernel=${config%%|*}
    disabled=${config#*|}
    label="OPENBLAS_CORETYPE=$kernel"
    [ -n "$disabled" ] && label="$label, numpy AVX-512 loops off"
    echo
    echo "=== cpu matrix: $label"
    log=$(mktemp)
    OPENBLAS_CORETYPE=$kernel NPY_DISABLE_CPU_FEATURES=$disabled \
        MPLBACKEND=module://matplotlib_inline.backend_inline PYTHONHASHSEED=0 \
        OPENBLAS_NUM_THREADS=1 \
        "$python" -m pytest -q -p no:cacheprovider --nbval \
        --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    result=$(grep -E '^[0-9]+ (passed|failed)|^=+ .*(passed|failed)' "$log" | tail -n 1 | tr -d '=')
    rm -f "$log"
    [ "$rc" -ne 0 ] && status=1
    summary+=("$(printf '%-55s %s' "$label" "${result:-no result (exit $rc)}")")
done

echo
echo "=== cpu matrix summary"
printf '%s\n' "${summary[@]}"
exit $status
