# Run at build time (cmake -P): writes OUT, a C source defining ms_git_commit, from the git HEAD
# of SRC, with "-dirty.H" when tracked files differ from it, H the first 8 hex digits of the
# SHA-256 of those differences: two builds of one commit with other edits get other stamps, so
# --resume and merge tell them apart (edits to untracked files are not seen). Run on every
# build, not once at configure time, so that a rebuild after a commit or an edit never stamps
# result files with a stale commit; OUT is rewritten only when its text changes, so an
# unchanged tree relinks nothing.
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY "${SRC}"
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT commit)
  set(commit "unknown") # not a git checkout (a release tarball), or git refuses the tree
else()
  execute_process(COMMAND git status --porcelain --untracked-files=no WORKING_DIRECTORY "${SRC}"
                  OUTPUT_VARIABLE changes ERROR_QUIET RESULT_VARIABLE rc)
  if(rc EQUAL 0 AND changes)
    execute_process(COMMAND git diff --no-ext-diff --binary HEAD WORKING_DIRECTORY "${SRC}"
                    OUTPUT_VARIABLE diff ERROR_QUIET)
    string(SHA256 h "${diff}")
    string(SUBSTRING "${h}" 0 8 h)
    string(APPEND commit "-dirty.${h}")
  endif()
endif()
set(text "/* written by cmake/ms_git_commit.cmake at build time: do not edit */\n#include \"git_commit.h\"\n\nconst char ms_git_commit[] = \"${commit}\";\n")
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
