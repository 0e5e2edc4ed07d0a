# kill -9 at random moments, then --resume: the file equals an uninterrupted run's, for an
# uncompressed and a compressed file, on 1 rank (1 and 2 threads) and 2 ranks. A killed file is never complete.
source "$(dirname "$0")/common.bash"
cd "$T"
sed 's/chunk_points: 4000/chunk_points: 4000\n  compression: deflate/' "$JOBS/resume.yaml" > resume-z.yaml
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet "$JOBS/resume.yaml" -o ref.h5 >/dev/null
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet resume-z.yaml -o ref-z.h5 >/dev/null
# the probe and the killed runs are slowed (2 ms per round, the test hook of engine/sweep.c) so
# that a fast machine still gives the kills a window of a second or more
export MLSWEEP_TEST_CHUNK_DELAY_US=2000
start=$(date +%s.%N)
OMP_NUM_THREADS=1 "$MLSWEEP" run --quiet --commit-interval 0 "$JOBS/resume.yaml" -o probe.h5 >/dev/null
dur=$(echo "$(date +%s.%N) - $start" | bc)
echo "an uninterrupted run with a commit per chunk takes $dur s"
kills=0
for job in "$JOBS/resume.yaml" resume-z.yaml; do
  for ranks in 1 2; do
    out=k$ranks-$(basename "$job" .yaml).h5
    for round in $(seq $((3 - ranks))); do
      # a random moment within the run (at least 0.3 s in: MPI start-up and file creation)
      t=$(awk -v d="$dur" -v s=$RANDOM 'BEGIN{srand(s); printf "%.3f", 0.3 + rand() * (d > 0.4 ? d - 0.3 : 0.1)}')
      if [ $ranks = 1 ]; then
        # one thread, then two (a chunk's write beside the next one's compute)
        OMP_NUM_THREADS=$round "$MLSWEEP" run --quiet --resume --commit-interval 0 "$job" -o "$out" >/dev/null 2>&1 &
      else
        OMP_NUM_THREADS=1 setsid "$MPIEXEC" -n 2 --bind-to none "$MLSWEEP" run --quiet --resume \
          --commit-interval 0 "$job" -o "$out" >/dev/null 2>&1 &
      fi
      pid=$!
      sleep "$t"
      if [ $ranks = 1 ]; then kill -9 $pid 2>/dev/null || true
      else pkill -9 -s $pid 2>/dev/null || true; fi   # the session of that one mpiexec
      wait $pid 2>/dev/null || true
      kills=$((kills + 1))
      if [ -f "$out" ] && $PY -c "import h5py,sys; sys.exit(h5py.File(sys.argv[1],'r').attrs['complete'] != 1)" "$out" 2>/dev/null; then
        echo "note: the run had finished before the kill at $t s"
      fi
    done
    if [ $ranks = 1 ]; then
      MLSWEEP_TEST_CHUNK_DELAY_US=0 OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet --resume "$job" -o "$out" >/dev/null
    else
      MLSWEEP_TEST_CHUNK_DELAY_US=0 OMP_NUM_THREADS=1 mpirun_n 2 "$MLSWEEP" run --quiet --resume "$job" -o "$out" >/dev/null
    fi
    [ "$(attr "$out" complete)" = 1 ] || fail "$out not complete after --resume"
    case $job in *-z.yaml) same_tensors ref-z.h5 "$out" ;; *) same_tensors ref.h5 "$out" ;; esac
  done
done
echo "PASS ($kills kills)"
