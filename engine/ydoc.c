/* ydoc.c - build an ms_ynode tree from libyaml events. */
#include "ydoc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static ms_ynode *node_new(ms_ytype t, const yaml_mark_t *m) {
    ms_ynode *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->type = t;
    n->line = (int)m->line + 1;
    n->col = (int)m->column + 1;
    return n;
}

static void node_free(ms_ynode *n) {
    if (!n) return;
    free(n->value);
    for (size_t i = 0; i < n->n; i++) {
        node_free(n->items[i]);
        if (n->keys) free(n->keys[i]);
    }
    free(n->items);
    free(n->keys);
    free(n->key_lines);
    free(n->key_cols);
    free(n);
}

static int node_push(ms_ynode *parent, ms_ynode *child, char *key, int kl, int kc) {
    if (parent->n == parent->cap) {
        size_t cap = parent->cap ? parent->cap * 2 : 8;
        ms_ynode **it = realloc(parent->items, cap * sizeof *it);
        if (!it) return -1;
        parent->items = it;
        if (parent->type == MS_Y_MAP) {
            char **k = realloc(parent->keys, cap * sizeof *k);
            if (!k) return -1;
            parent->keys = k;
            int *l = realloc(parent->key_lines, cap * sizeof *l);
            if (!l) return -1;
            parent->key_lines = l;
            int *c = realloc(parent->key_cols, cap * sizeof *c);
            if (!c) return -1;
            parent->key_cols = c;
        }
        parent->cap = cap;
    }
    parent->items[parent->n] = child;
    if (parent->type == MS_Y_MAP) {
        parent->keys[parent->n] = key;
        parent->key_lines[parent->n] = kl;
        parent->key_cols[parent->n] = kc;
    }
    parent->n++;
    return 0;
}

typedef struct frame {
    ms_ynode *node;
    char *pending_key; /* map: key read, value not yet */
    int key_line, key_col;
} frame;

static int set_err(char *err, size_t len, const char *name, int line, int col, const char *msg) {
    snprintf(err, len, "%s:%d:%d: %s", name, line, col, msg);
    return -1;
}

int ms_ydoc_load_string(const char *text, size_t len, const char *name, ms_ydoc *doc, char *err,
                        size_t errlen) {
    memset(doc, 0, sizeof *doc);
    doc->name = strdup(name ? name : "<string>");
    doc->text = malloc(len + 1);
    if (!doc->name || !doc->text) {
        ms_ydoc_free(doc);
        return set_err(err, errlen, name, 0, 0, "out of memory");
    }
    memcpy(doc->text, text, len);
    doc->text[len] = 0;
    doc->text_len = len;

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return set_err(err, errlen, name, 0, 0, "yaml init failed");
    yaml_parser_set_input_string(&parser, (const unsigned char *)doc->text, len);
    frame stack[MS_YDOC_MAX_DEPTH + 1];
    int depth = 0, rc = 0, done = 0, docs = 0;
    ms_ynode *root = NULL;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            char msg[256];
            snprintf(msg, sizeof msg, "malformed YAML: %s%s%s",
                     parser.problem ? parser.problem : "error", parser.context ? " " : "",
                     parser.context ? parser.context : "");
            rc = set_err(err, errlen, doc->name, (int)parser.problem_mark.line + 1,
                         (int)parser.problem_mark.column + 1, msg);
            break;
        }
        const yaml_mark_t *mk = &ev.start_mark;
        ms_ynode *made = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1)
                rc = set_err(err, errlen, doc->name, (int)mk->line + 1, (int)mk->column + 1,
                             "more than one YAML document in the file");
            break;
        case YAML_ALIAS_EVENT:
            rc = set_err(err, errlen, doc->name, (int)mk->line + 1, (int)mk->column + 1,
                         "YAML aliases (*name) are not supported");
            break;
        case YAML_SCALAR_EVENT:
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            const unsigned char *anchor = ev.type == YAML_SCALAR_EVENT ? ev.data.scalar.anchor
                                          : ev.type == YAML_SEQUENCE_START_EVENT
                                              ? ev.data.sequence_start.anchor
                                              : ev.data.mapping_start.anchor;
            if (anchor) {
                rc = set_err(err, errlen, doc->name, (int)mk->line + 1, (int)mk->column + 1,
                             "YAML anchors (&name) are not supported");
                break;
            }
            if (ev.type == YAML_SCALAR_EVENT) {
                /* a scalar as a map key */
                if (depth > 0 && stack[depth - 1].node->type == MS_Y_MAP &&
                    !stack[depth - 1].pending_key) {
                    frame *f = &stack[depth - 1];
                    const char *k = (const char *)ev.data.scalar.value;
                    for (size_t i = 0; i < f->node->n; i++)
                        if (strcmp(f->node->keys[i], k) == 0) {
                            char msg[256];
                            snprintf(msg, sizeof msg, "duplicate key '%.100s' (first at line %d)",
                                     k, f->node->key_lines[i]);
                            rc = set_err(err, errlen, doc->name, (int)mk->line + 1,
                                         (int)mk->column + 1, msg);
                            break;
                        }
                    if (rc) break;
                    f->pending_key = strdup(k);
                    if (!f->pending_key)
                        rc = set_err(err, errlen, doc->name, 0, 0, "out of memory");
                    f->key_line = (int)mk->line + 1;
                    f->key_col = (int)mk->column + 1;
                    break;
                }
                made = node_new(MS_Y_SCALAR, mk);
                if (made) {
                    made->value = strdup((const char *)ev.data.scalar.value);
                    made->quoted = ev.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                                   ev.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ||
                                   ev.data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
                                   ev.data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
                    if (!made->value) {
                        node_free(made);
                        made = NULL;
                    }
                }
            } else {
                if (depth > 0 && stack[depth - 1].node->type == MS_Y_MAP &&
                    !stack[depth - 1].pending_key) {
                    rc = set_err(err, errlen, doc->name, (int)mk->line + 1, (int)mk->column + 1,
                                 "a map key must be a plain scalar");
                    break;
                }
                made = node_new(ev.type == YAML_SEQUENCE_START_EVENT ? MS_Y_SEQ : MS_Y_MAP, mk);
            }
            if (!made) {
                rc = set_err(err, errlen, doc->name, 0, 0, "out of memory");
                break;
            }
            /* attach to parent */
            if (depth == 0) {
                root = made;
            } else {
                frame *f = &stack[depth - 1];
                if (node_push(f->node, made, f->pending_key, f->key_line, f->key_col)) {
                    node_free(made);
                    rc = set_err(err, errlen, doc->name, 0, 0, "out of memory");
                    break;
                }
                f->pending_key = NULL;
            }
            if (made->type != MS_Y_SCALAR) {
                if (depth >= MS_YDOC_MAX_DEPTH) {
                    rc = set_err(err, errlen, doc->name, made->line, made->col,
                                 "YAML nested too deeply (more than 64 levels)");
                    break;
                }
                stack[depth].node = made;
                stack[depth].pending_key = NULL;
                depth++;
            }
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth > 0) depth--;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
        if (rc) break;
    }
    for (int i = 0; i < depth; i++) free(stack[i].pending_key);
    yaml_parser_delete(&parser);
    doc->root = root;
    if (rc) /* a failed load owns nothing: callers need not free it (freeing it is harmless) */
        ms_ydoc_free(doc);
    return rc;
}

int ms_ydoc_load_file(const char *path, ms_ydoc *doc, char *err, size_t errlen) {
    memset(doc, 0, sizeof *doc);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            if (cap >= (size_t)256 << 20) { /* 256 MiB: no job or registry is this large */
                free(buf);
                fclose(f);
                snprintf(err, errlen, "%s: file too large (over 256 MiB)", path);
                return -1;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    int rd_err = ferror(f);
    fclose(f);
    if (!buf || rd_err) {
        free(buf);
        snprintf(err, errlen, "%s: cannot read file", path);
        return -1;
    }
    int rc = ms_ydoc_load_string(buf, len, path, doc, err, errlen);
    free(buf);
    return rc;
}

void ms_ydoc_free(ms_ydoc *doc) {
    if (!doc) return;
    node_free(doc->root);
    free(doc->name);
    free(doc->text);
    memset(doc, 0, sizeof *doc);
}

const ms_ynode *ms_ynode_get(const ms_ynode *map, const char *key) {
    if (!map || map->type != MS_Y_MAP) return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i], key) == 0) return map->items[i];
    return NULL;
}

int ms_ynode_key_line(const ms_ynode *map, const char *key) {
    if (!map) return 0;
    if (map->type == MS_Y_MAP)
        for (size_t i = 0; i < map->n; i++)
            if (strcmp(map->keys[i], key) == 0) return map->key_lines[i];
    return map->line;
}
