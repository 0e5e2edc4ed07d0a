# common.bash - helpers of the hostile-input tests (sourced; not a test itself).
set -euo pipefail
: "${MLSWEEP:?run through ctest (MLSWEEP is the binary)}"
: "${MPIEXEC:=mpiexec}"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
# under AddressSanitizer (CI's second pass), as tests/engine/common.bash: full stacks so that
# Open MPI's allocations kept until exit match tests/lsan.supp, and MPI components stay loaded
if [ -n "${ASAN_OPTIONS:-}" ]; then export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"; fi
export OMPI_MCA_mca_base_component_disable_dlclose=1
T=$(mktemp -d "${TMPDIR:-/tmp}/mlsweep-hostile.XXXXXX")
MOUNTS=()
cleanup() {
  for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null || true; done
  rm -rf "$T"
}
trap cleanup EXIT
cd "$T"
export OMP_NUM_THREADS=1

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect CODE PATTERN CMD...: exit code CODE (never a signal), PATTERN in a short stderr, all
# within 60 s (a hang is a failure too)
expect() {
  local want=$1 pat=$2 rc=0
  shift 2
  timeout 60 "$@" >out.txt 2>err.txt || rc=$?
  [ "$rc" != 124 ] || fail "'$*' hung (killed after 60 s)"
  [ "$rc" = "$want" ] || fail "'$*' exited $rc, expected $want: $(head -c 600 err.txt)"
  [ -z "$pat" ] || grep -q -- "$pat" err.txt || fail "'$*': message lacks '$pat': $(head -c 600 err.txt)"
  [ "$(grep -vc '^mca_\|^\[' err.txt)" -le 2 ] || fail "'$*': not a short message: $(head -c 900 err.txt)"
}
# a file that is absent, unreadable or has complete != 1 does not claim to be finished
not_complete() {
  [ -e "$1" ] || return 0
  $PY - "$1" <<'PY' || fail "$1 claims to be complete"
import sys, h5py
try:
    f = h5py.File(sys.argv[1], "r")
except Exception:
    sys.exit(0)
sys.exit(1 if f.attrs.get("complete", 0) == 1 else 0)
PY
}
attr() { $PY -c "import h5py,sys; print(h5py.File(sys.argv[1],'r').attrs[sys.argv[2]])" "$1" "$2"; }
# same metric, status, bottleneck tensors, axis values and done-map in two files (h5diff of
# /axes would also compare the dimension-scale references, which are file addresses)
same_tensors() {
  for d in /metrics /status /bottleneck /progress/done; do
    h5diff "$1" "$2" "$d" "$d" >/dev/null || fail "$1 and $2 differ in $d"
  done
  $PY - "$1" "$2" <<'PY' || fail "$1 and $2 differ in /axes"
import sys, h5py, numpy as np
a, b = (h5py.File(p, "r")["axes"] for p in sys.argv[1:])
assert sorted(a) == sorted(b)
for k in a:
    assert np.array_equal(a[k][...], b[k][...]), k
PY
}
mpirun_n() { local n=$1; shift; "$MPIEXEC" -n "$n" --bind-to none "$@"; }
# a small serve job: N chunks of chunk_points points (default 2000), given compression
small_job() {  # file [compression] [chunk_points]
  cat > "$1" <<Y
name: hostile
mode: serve
axes:
  model: [llama31-8b, llama31-70b, mixtral-8x7b]
  hardware: [h100-sxm, mi300x, l4, b200]
  precision: [bf16, fp8]
  tp: [1, 2, 4, 8]
  batch: {from: 1, to: 256, times: 2}
  prompt_tokens: [512, 2048, 8192]
  output_tokens: [128, 1024]
  region: all
fleet: {duration_days: 365, utilization: 0.6}
output:
  file: hostile.h5
  compression: ${2:-none}
  chunk_points: ${3:-2000}
  metrics: [cost_usd, carbon_kgco2e, ttft_s, tpot_s]
Y
}
