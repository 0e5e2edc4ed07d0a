/* submit_job.c - check a job file for `mlsweep submit` (see submit_job.h). */
#include "submit_job.h"
#include "ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_scalar(const ms_ynode *n) {
    return n && n->type == MS_Y_SCALAR && n->value ? strdup(n->value) : NULL;
}

int ms_submit_job_check(const char *path, const char *config_dir, const char *const *extra,
                        size_t n_extra, ms_submit_job *job, char *err, size_t errlen) {
    (void)config_dir;
    (void)extra;
    (void)n_extra;
    memset(job, 0, sizeof *job);
    ms_ydoc doc;
    if (ms_ydoc_load_file(path, &doc, err, errlen)) {
        ms_ydoc_free(&doc); /* a failed load keeps the name and text */
        return -1;
    }
    const ms_ynode *root = doc.root;
    int rc = -1;
    if (!root || root->type != MS_Y_MAP) {
        snprintf(err, errlen, "%s:1: a job file is a map (name, mode, axes, ...)", path);
    } else {
        const ms_ynode *axes = ms_ynode_get(root, "axes");
        const ms_ynode *out = ms_ynode_get(root, "output");
        job->name = dup_scalar(ms_ynode_get(root, "name"));
        if (out && out->type == MS_Y_MAP) job->out_file = dup_scalar(ms_ynode_get(out, "file"));
        if (!job->name)
            snprintf(err, errlen, "%s:1: the job has no 'name'", path);
        else if (!axes || axes->type != MS_Y_MAP || axes->n == 0)
            snprintf(err, errlen, "%s:%d: the job has no 'axes' map", path, axes ? axes->line : 1);
        else {
            job->outer_axis = strdup(axes->keys[0]);
            const ms_ynode *v = axes->items[0];
            if (v->type == MS_Y_SEQ) job->n_outer = v->n;
            rc = 0;
        }
    }
    ms_ydoc_free(&doc);
    if (rc) ms_submit_job_free(job);
    return rc;
}

void ms_submit_job_free(ms_submit_job *job) {
    free(job->name);
    free(job->out_file);
    free(job->outer_axis);
    memset(job, 0, sizeof *job);
}
