/* registry.h - the data registries (configs/ YAML files plus --registry overrides), resolved into
 * solver structs, with the provenance of every number kept for `mlsweep zoo`. */
#ifndef MS_REGISTRY_H
#define MS_REGISTRY_H
#include "mlsweep.h"

#include <stddef.h>
#include <stdint.h>

typedef enum ms_kind {
    MS_K_HARDWARE = 0,
    MS_K_MODELS,
    MS_K_REGIONS,
    MS_K_FABRICS,
    MS_K_CALIB,
    MS_NKIND
} ms_kind;

/* One number's provenance. */
typedef struct ms_prov {
    char *field;      /* e.g. "memory_bw" or "peak.bf16" */
    char *text;       /* value as written, e.g. "3.35 TB/s" */
    char *source;     /* NULL = the entry's */
    char *date;       /* NULL = the entry's */
    char *assumption; /* non-NULL for an assumed value, naming its basis */
} ms_prov;

typedef struct ms_meta {
    char key[MS_KEY_MAX];
    char *name, *source, *url, *date, *notes, *fitted_on;
    char **aliases;
    size_t n_aliases;
    ms_prov *prov;
    size_t n_prov;
    char *file; /* the file the entry came from */
    int line;
    char *family;                     /* hardware: calibration family name */
    char *scaleup_key, *scaleout_key; /* hardware: fabric keys, resolved at the end */
    int kind_text_index;              /* region kind / fabric kind text, see registry.c */
    char *vendor, *kind_text, *provider, *country;
} ms_meta;

typedef struct ms_registry {
    ms_hardware *hw;
    ms_meta *hw_meta;
    size_t n_hw;
    ms_model *models;
    ms_meta *model_meta;
    size_t n_models;
    ms_region *regions;
    ms_meta *region_meta;
    size_t n_regions;
    ms_fabric *fabrics;
    ms_meta *fabric_meta;
    size_t n_fabrics;
    ms_calib *calibs; /* calibs[0] is "default" */
    ms_meta *calib_meta;
    size_t n_calibs;
    /* files read, with FNV-1a 64 checksums of their text (for result-file provenance) */
    char **files;
    uint64_t *checksums;
    size_t n_files;
} ms_registry;

/* Load the shipped registries from dir (NULL = the default search: $MLSWEEP_CONFIG_DIR, the
 * source tree's configs/, the installed share/mlsweep/configs), then each extra file in order.
 * Returns 0, or -1 with a one-line "FILE:LINE: ..." message in err. */
int ms_registry_load(ms_registry *reg, const char *dir, const char *const *extra, size_t n_extra,
                     char *err, size_t errlen);
void ms_registry_free(ms_registry *reg);
/* An empty registry (only the built-in default calibration), and adding one registry text of
 * any kind to it (what --registry does; also the fuzzing entry point). */
int ms_registry_init(ms_registry *reg);
int ms_registry_add_text(ms_registry *reg, const char *text, size_t len, const char *name,
                         char *err, size_t errlen);
/* The directory the shipped configs were found in (after a successful load). */
const char *ms_registry_config_dir(void);

/* Lookups by key or alias; NULL if absent. */
const ms_hardware *ms_registry_hw(const ms_registry *reg, const char *name);
const ms_model *ms_registry_model(const ms_registry *reg, const char *name);
const ms_region *ms_registry_region(const ms_registry *reg, const char *name);
const ms_fabric *ms_registry_fabric(const ms_registry *reg, const char *name);
const ms_calib *ms_registry_calib_for(const ms_registry *reg, const ms_hardware *hw);
/* "unknown hardware 'h10' (did you mean 'h100'?)" into buf. */
char *ms_registry_unknown(const ms_registry *reg, ms_kind kind, const char *name, char *buf,
                          size_t len);
const char *ms_kind_name(ms_kind k); /* "hardware", "model", ... */
/* Index of an entry (by pointer) within its array. */
size_t ms_registry_index_hw(const ms_registry *reg, const ms_hardware *hw);

uint64_t ms_fnv1a64(const void *data, size_t len);
#endif
