/* ydoc.h - a YAML document as a small tree with line/column marks (libyaml event parser).
 * Rejects what a data file never needs and an attacker might use: anchors/aliases, tags,
 * duplicate keys, non-scalar keys, and nesting deeper than MS_YDOC_MAX_DEPTH. */
#ifndef MS_YDOC_H
#define MS_YDOC_H
#include <stddef.h>

#define MS_YDOC_MAX_DEPTH 64

typedef enum { MS_Y_SCALAR, MS_Y_SEQ, MS_Y_MAP } ms_ytype;

typedef struct ms_ynode {
    ms_ytype type;
    int line, col; /* 1-based */
    char *value;   /* scalar text */
    int quoted;    /* scalar was quoted: never a number/bool */
    size_t n, cap;
    struct ms_ynode **items; /* sequence items, or map values */
    char **keys;             /* map keys */
    int *key_lines, *key_cols;
} ms_ynode;

typedef struct ms_ydoc {
    ms_ynode *root; /* NULL for an empty document */
    char *name;     /* file name used in messages */
    char *text;     /* the whole source text (for provenance) */
    size_t text_len;
} ms_ydoc;

/* 0 on success; on failure writes "FILE:LINE:COL: message" into err. */
int ms_ydoc_load_file(const char *path, ms_ydoc *doc, char *err, size_t errlen);
int ms_ydoc_load_string(const char *text, size_t len, const char *name, ms_ydoc *doc, char *err,
                        size_t errlen);
void ms_ydoc_free(ms_ydoc *doc);
/* Map lookup; NULL if absent or node is not a map. */
const ms_ynode *ms_ynode_get(const ms_ynode *map, const char *key);
/* Line of key in map (or the map's own line if absent). */
int ms_ynode_key_line(const ms_ynode *map, const char *key);
#endif
