#!/usr/bin/env bash
# cmake/ms_git_commit.cmake, which the build runs every time to stamp the binary (and so every
# result file and batch script) with the source tree's commit: on a scratch repository, a new
# commit changes the stamp, an edit to a tracked file adds -dirty.H (H from the edit: another
# edit, another H; the same edit, the same H), an untracked file does not, an unchanged tree
# leaves the stamp file untouched (nothing relinks), and outside git it says "unknown"; and
# this build's --version carries the stamp (and the instruction set it targets).
. "$(dirname "$0")/lib/common.sh"
SCRIPT=$MLSWEEP_SOURCE_DIR/cmake/ms_git_commit.cmake
REPO=$TMP/repo
OUTC=$TMP/git_commit.c
stamp() {
  cmake -DSRC="$1" -DOUT="$OUTC" -P "$SCRIPT" && sed -n 's/.*ms_git_commit\[\] = "\(.*\)";/\1/p' "$OUTC"
}
mkdir -p "$REPO"
git -C "$REPO" init -q
git -C "$REPO" -c user.name=t -c user.email=t@t commit -q --allow-empty -m one
echo a > "$REPO/tracked.txt"
git -C "$REPO" add tracked.txt
git -C "$REPO" -c user.name=t -c user.email=t@t commit -q -m two
head=$(git -C "$REPO" rev-parse --short=12 HEAD)
[ "$(stamp "$REPO")" = "$head" ] && ok || bad "stamp of a clean tree: $(stamp "$REPO") != $head"
touch -d '2000-01-01' "$OUTC"
before=$(stat -c %Y "$OUTC")
stamp "$REPO" >/dev/null
[ "$(stat -c %Y "$OUTC")" = "$before" ] && ok || bad "an unchanged tree rewrote the stamp"
echo new > "$REPO/untracked.txt"
[ "$(stamp "$REPO")" = "$head" ] && ok || bad "an untracked file made the tree dirty"
echo b >> "$REPO/tracked.txt"
s1=$(stamp "$REPO")
[[ $s1 =~ ^$head-dirty\.[0-9a-f]{8}$ ]] && ok || bad "an edited tracked file: $s1"
echo c >> "$REPO/tracked.txt"
s2=$(stamp "$REPO")
[[ $s2 =~ ^$head-dirty\.[0-9a-f]{8}$ ]] && [ "$s2" != "$s1" ] && ok ||
  bad "another edit of the same commit: $s2 (the first edit: $s1)"
sed -i '$d' "$REPO/tracked.txt"
[ "$(stamp "$REPO")" = "$s1" ] && ok || bad "the first edit again: $(stamp "$REPO") != $s1"
git -C "$REPO" -c user.name=t -c user.email=t@t commit -q -am three
head3=$(git -C "$REPO" rev-parse --short=12 HEAD)
[ "$head3" != "$head" ] && [ "$(stamp "$REPO")" = "$head3" ] && ok || bad "a new commit: $(stamp "$REPO")"
mkdir -p "$TMP/plain"
[ "$(stamp "$TMP/plain")" = unknown ] && ok || bad "outside git: $(stamp "$TMP/plain")"
# this build: --version names the source tree's commit where git can read the tree
run "$MLSWEEP" --version
src=$(git -C "$MLSWEEP_SOURCE_DIR" rev-parse --short=12 HEAD 2>/dev/null)
if [ -n "$src" ]; then
  grep -Eq "\(git $src(-dirty\.[0-9a-f]{8})?, result format" <<<"$OUT" && ok ||
    bad "--version: $OUT, but the source tree is at $src (rebuild after a commit)"
else
  grep -q "(git unknown, " <<<"$OUT" && ok || bad "--version outside git: $OUT"
fi
# ... and the instruction set it was built for (MLSWEEP_ARCH, cmake/ms_arch.cmake)
grep -qF "built for ${MLSWEEP_ARCH_NAME:?set by tests/CMakeLists.txt})" <<<"$OUT" && ok ||
  bad "--version: $OUT, but the build targets $MLSWEEP_ARCH_NAME"
finish
