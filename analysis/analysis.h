/* analysis.h - entry points of the analysis commands (engine/cmd_pareto.c, engine/cmd_table.c
 * forward to them, so the command logic lives with the analysis library). */
#ifndef MS_ANALYSIS_H
#define MS_ANALYSIS_H
int ms_pareto_main(int argc, char **argv);
int ms_table_main(int argc, char **argv);
#endif
