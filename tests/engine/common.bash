# common.bash - helpers for the engine's shell tests (sourced; not a test itself).
set -euo pipefail
: "${MLSWEEP:?run through ctest (MLSWEEP is the binary)}"
: "${MPIEXEC:=mpiexec}"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JOBS=$HERE/jobs
PY=/usr/bin/python3
# Under AddressSanitizer: full stacks, so that Open MPI's allocations kept until exit match
# tests/lsan.supp by library name, and MPI components stay loaded so their names resolve.
if [ -n "${ASAN_OPTIONS:-}" ]; then export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"; fi
export OMPI_MCA_mca_base_component_disable_dlclose=1
T=$(mktemp -d "${TMPDIR:-/tmp}/mlsweep-engine.XXXXXX")
trap 'rm -rf "$T"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
# same metric, status and bottleneck tensors (and axes, done-map) in two files
same_tensors() {
  for d in /metrics /status /bottleneck /axes /progress/done; do
    h5diff "$1" "$2" "$d" "$d" >/dev/null || fail "$1 and $2 differ in $d"
  done
}
attr() { $PY -c "import h5py,sys; print(h5py.File(sys.argv[1],'r').attrs[sys.argv[2]])" "$1" "$2"; }
mpirun_n() { local n=$1; shift; "$MPIEXEC" -n "$n" --bind-to none "$@"; }
