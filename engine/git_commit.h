/* git_commit.h - the source tree's git commit this binary was built from (written at build time
 * by cmake/ms_git_commit.cmake): 12 hex digits, "-dirty.H" when tracked files had uncommitted
 * changes (H: 8 hex digits of the changes' SHA-256), "unknown" outside a git checkout. Result
 * files, batch scripts and --version carry it. */
#ifndef MS_GIT_COMMIT_H
#define MS_GIT_COMMIT_H
extern const char ms_git_commit[];
#endif
