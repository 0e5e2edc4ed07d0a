/* watchdog.h - a time limit on reading a result file.
 *
 * A damaged file can send HDF5 1.10 into an endless loop (tests/hostile/data/hdf5-loop.h5, found
 * by fuzz_resume: its global heap, reading job_text). Reading a file's attributes, axes and
 * done-map never takes long, so every command that opens result files arms this around that
 * reading: past the limit the process prints the message and exits 2 (MS_EXIT_RUNTIME; in an MPI
 * job mpirun then stops the other ranks) instead of hanging. The limit is
 * MLSWEEP_READ_TIMEOUT_S seconds (MLSWEEP_RESUME_TIMEOUT_S is read too), default 60.
 * Bulk data (pareto, table, merge) is read a bounded block at a time (at most ~1 M points of one
 * dataset, a few MB), each block under the same limit: a whole tensor may take hours, but one
 * block that takes a minute means a damaged chunk index or a stalled file system. */
#ifndef MS_WATCHDOG_H
#define MS_WATCHDOG_H

/* The limit in seconds (>= 1). */
long ms_watchdog_seconds(void);
/* Start the clock; `msg` (copied, "%ld" replaced by nothing: format it beforehand) is what is
   printed when it runs out. Arming again restarts it with the new message. */
void ms_watchdog_arm(const char *msg);
/* The same with the message every reader gives: "WHO: reading 'PATH'WHAT took over N s: the file
   is damaged (HDF5 loops on it)ADVICE" (WHAT and ADVICE may be ""). */
void ms_watchdog_arm_file(const char *who, const char *path, const char *what, const char *advice);
/* ms_watchdog_arm_file for one bounded block of bulk data (a chunk, ~1 M points): "WHO: reading
   'PATH' (a block of its data) took over N s: ... or its file system stalls (...)". */
void ms_watchdog_arm_block(const char *who, const char *path);
/* Stop the clock and restore the previous SIGALRM handler. */
void ms_watchdog_disarm(void);
#endif
