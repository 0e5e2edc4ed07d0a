/* submit_job.h - what `mlsweep submit` needs from a job file, checked before any script is
 * written: its name, its output file, and the outermost axis the shards split. */
#ifndef MS_SUBMIT_JOB_H
#define MS_SUBMIT_JOB_H
#include <stddef.h>
#include <stdint.h>

typedef struct ms_submit_job {
    char *name;       /* the job's name */
    char *out_file;   /* output.file, or NULL */
    char *outer_axis; /* name of the outermost axis, or NULL */
    uint64_t n_outer; /* its number of values; 0 if not known */
} ms_submit_job;

/* Checks the job file as completely as this build can. Returns 0, or -1 with "FILE:LINE: ..."
 * in err. */
int ms_submit_job_check(const char *path, const char *config_dir, const char *const *extra,
                        size_t n_extra, ms_submit_job *job, char *err, size_t errlen);
void ms_submit_job_free(ms_submit_job *job);
#endif
