/* journal.h - a small sidecar (FILE.journal) that names the job a result file belongs to.
 *
 * HDF5 1.10 has no crash-consistent metadata: a kill -9 that lands inside a metadata flush can
 * leave a file HDF5 cannot open. The journal is written (atomically: temporary file, fsync,
 * rename) before the result file is created and removed once the file is complete, so that
 * `--resume` can tell "our own run, damaged by the interruption" (start it over, with a message)
 * from "a truncated or foreign file" (refuse, as before). */
#ifndef MS_JOURNAL_H
#define MS_JOURNAL_H
#include "plan.h"

#include <stddef.h>

/* Fingerprint of what makes two runs the same job: job text, axes, registry checksums, shard. */
unsigned long long ms_journal_fingerprint(const ms_plan *pl);
/* 0 on success, -1 (message in err) if the journal cannot be written. */
int ms_journal_write(const ms_plan *pl, const char *out, char *err, size_t errlen);
/* 1 if out's journal exists and names this job, else 0. */
int ms_journal_matches(const ms_plan *pl, const char *out);
void ms_journal_remove(const char *out);
#endif
