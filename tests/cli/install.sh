#!/usr/bin/env bash
# `cmake --install` ships the binary, library, header, a CMake package and a pkg-config file,
# and another program can embed the solver through either.
. "$(dirname "$0")/lib/common.sh"
SRC=$MLSWEEP_SOURCE_DIR
BLD=$(dirname "$MLSWEEP_BIN")
PREFIX=$TMP/prefix
expect_ok cmake --install "$BLD" --prefix "$PREFIX"
for f in bin/mlsweep include/mlsweep.h lib/libmlsweep.a lib/cmake/mlsweep/mlsweepConfig.cmake \
         lib/pkgconfig/mlsweep.pc share/mlsweep/configs/hardware.yaml; do
  [ -e "$PREFIX/$f" ] && ok || bad "not installed: $f"
done
# the installed binary finds the installed registries
expect_ok env -u MLSWEEP_CONFIG_DIR "$PREFIX/bin/mlsweep" zoo fabrics
# it reads the installed copy, not the source tree: a marker entry added there shows up
printf "  - {key: marker-link, name: Marker, kind: scale-up, bw: 1 GB/s, source: test, date: 2026}\n" >>"$PREFIX/share/mlsweep/configs/fabrics.yaml"
run "$PREFIX/bin/mlsweep" zoo fabrics
grep -q "^marker-link" <<<"$OUT" && ok || bad "installed binary does not read the installed registries"
mkdir -p "$TMP/app"
cat >"$TMP/app/app.c" <<'C'
#include <mlsweep.h>
#include <stdio.h>
#include <string.h>
int main(void) {
    /* a hand-made device and model: decode at batch 1 reads all weights once per token */
    ms_hardware hw; memset(&hw, 0, sizeof hw);
    hw.peak_flops[MS_BF16] = 1e15; hw.memory_bytes = 80e9; hw.memory_bw_Bps = 2e12; hw.tdp_w = 700;
    hw.gpus_per_node = 8; hw.idle_w = 70; hw.unit_price_usd = 1e30 / 1e30; hw.cloud_usd_per_hour = 1;
    hw.embodied_kgco2e = 100;
    ms_model m; memset(&m, 0, sizeof m);
    m.family = MS_FAM_DENSE; m.layers = 2; m.hidden = 1024; m.heads = 8; m.kv_heads = 8;
    m.ffn_hidden = 4096; m.vocab = 1000; m.params = 2 * (4.0 * 1024 * 1024 + 2.0 * 1024 * 4096) + 2 * 1000 * 1024;
    m.active_params = m.params;
    ms_calib c; ms_calib_default(&c);
    ms_point p; ms_point_init(&p);
    p.model = &m; p.hw = &hw; p.calib = &c; p.batch = 1; p.prompt_tokens = 16; p.output_tokens = 8;
    ms_result r; ms_solve(&p, &r);
    printf("%s %s %d\n", MLSWEEP_VERSION, ms_status_name(r.status), r.tpot_s > 0);
    return r.status == MS_OK ? 0 : 1;
}
C
cat >"$TMP/app/CMakeLists.txt" <<'C'
cmake_minimum_required(VERSION 3.25)
project(app C)
find_package(mlsweep REQUIRED)
add_executable(app app.c)
target_link_libraries(app PRIVATE mlsweep::mlsweep_solver)
C
expect_ok cmake -S "$TMP/app" -B "$TMP/app/build" -DCMAKE_PREFIX_PATH="$PREFIX"
expect_ok cmake --build "$TMP/app/build"
run "$TMP/app/build/app"
[ "$RC" -eq 0 ] && grep -q " ok 1" <<<"$OUT" && ok || bad "embedded solver via find_package: $OUT $ERR"
# pkg-config
expect_ok env PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig" pkg-config --exists mlsweep
run sh -c "cc -std=c17 '$TMP/app/app.c' -o '$TMP/app/pc' \$(PKG_CONFIG_PATH='$PREFIX/lib/pkgconfig' pkg-config --cflags --libs mlsweep) && '$TMP/app/pc'"
[ "$RC" -eq 0 ] && ok || bad "embedded solver via pkg-config: $OUT $ERR"
finish
