/* exitcodes.h - documented exit codes of every mlsweep command (docs/cli.md). */
#ifndef MS_EXITCODES_H
#define MS_EXITCODES_H
enum {
    MS_EXIT_OK = 0,         /* success */
    MS_EXIT_INPUT = 1,      /* bad input: unknown name, malformed file, bad flag */
    MS_EXIT_RUNTIME = 2,    /* runtime or I/O failure */
    MS_EXIT_CONSTRAINT = 3, /* eval: the point is infeasible or misses its constraints */
    MS_EXIT_RESUMABLE = 4   /* run: stopped early (signal), resumable with --resume */
};
#endif
