/* test_slurm_script.c - the option checks behind `mlsweep submit` (engine/slurm_script.c). */
#include "check.h"
#include "slurm_script.h"

int main(void) {
    CHECK(ms_sbatch_time_s("00:10:00") == 600);
    CHECK(ms_sbatch_time_s("1:00:00") == 3600);
    CHECK(ms_sbatch_time_s("48:00:01") == 48 * 3600 + 1);
    CHECK(ms_sbatch_time_s("9999:59:59") == 9999L * 3600 + 59 * 60 + 59);
    CHECK(ms_sbatch_time_s("10000:00:00") == -1); /* 5 digits of hours */
    CHECK(ms_sbatch_time_s("00:60:00") == -1);
    CHECK(ms_sbatch_time_s("00:00:60") == -1);
    CHECK(ms_sbatch_time_s("00:00:00") == -1); /* a zero limit */
    CHECK(ms_sbatch_time_s("0:0:1") == -1);    /* minutes and seconds have 2 digits */
    CHECK(ms_sbatch_time_s("12:00") == -1);
    CHECK(ms_sbatch_time_s("1-00:00:00") == -1);
    CHECK(ms_sbatch_time_s("01:00:00:00") == -1);
    CHECK(ms_sbatch_time_s("01:00:00 ") == -1);
    CHECK(ms_sbatch_time_s("") == -1);
    CHECK(ms_sbatch_time_s(NULL) == -1);

    CHECK(ms_sbatch_word_ok("gpu-a100_x.2,b"));
    CHECK(!ms_sbatch_word_ok("a b"));
    CHECK(!ms_sbatch_word_ok("x;rm"));
    CHECK(!ms_sbatch_word_ok("a\nb"));
    CHECK(!ms_sbatch_word_ok(""));

    CHECK(ms_sbatch_path_ok("/scratch/u1/run-3/results.h5"));
    CHECK(!ms_sbatch_path_ok("/scratch/my results.h5"));
    CHECK(!ms_sbatch_path_ok("/scratch/it's.h5"));
    CHECK(!ms_sbatch_path_ok("/scratch/$HOME.h5"));
    CHECK(!ms_sbatch_path_ok("/scratch/100%.h5")); /* sbatch expands %j, %A ... in --output */
    CHECK(!ms_sbatch_path_ok("/scratch/a\tb.h5"));
    return check_done();
}
