/* test_ydoc.c - the YAML tree: marks, duplicate keys, aliases, depth limit, bad bytes. */
#include "check.h"
#include "ydoc.h"

#include <stdlib.h>
#include <string.h>

static int load(const char *text, ms_ydoc *d, char *err) {
    return ms_ydoc_load_string(text, strlen(text), "t.yaml", d, err, 512);
}

int main(void) {
    char err[512];
    ms_ydoc d;
    CHECK(load("a: 1\nb:\n  - x\n  - 'y'\nc: {k: v}\n", &d, err) == 0);
    CHECK(d.root && d.root->type == MS_Y_MAP && d.root->n == 3);
    const ms_ynode *b = ms_ynode_get(d.root, "b");
    CHECK(b && b->type == MS_Y_SEQ && b->n == 2);
    CHECK(b && b->items[1]->quoted == 1 && b->items[0]->quoted == 0);
    CHECK(b && b->items[1]->line == 4);
    CHECK(ms_ynode_key_line(d.root, "c") == 5);
    CHECK(strcmp(ms_ynode_get(ms_ynode_get(d.root, "c"), "k")->value, "v") == 0);
    ms_ydoc_free(&d);

    CHECK(load("a: 1\nb: 2\na: 3\n", &d, err) != 0);
    CHECK(strstr(err, "t.yaml:3:1: duplicate key 'a' (first at line 1)") != NULL);
    ms_ydoc_free(&d);
    CHECK(load("a: &x 1\nb: *x\n", &d, err) != 0);
    CHECK(strstr(err, "anchors") != NULL);
    ms_ydoc_free(&d);
    CHECK(load("a: [1, 2\n", &d, err) != 0);
    CHECK(strstr(err, "t.yaml:2:1: malformed YAML") != NULL ||
          strstr(err, "malformed YAML") != NULL);
    ms_ydoc_free(&d);
    CHECK(load("? [a, b]\n: 1\n", &d, err) != 0);
    ms_ydoc_free(&d);
    CHECK(load("a: 1\n---\nb: 2\n", &d, err) != 0);
    ms_ydoc_free(&d);
    /* 200 levels of nesting are refused, not recursed into */
    char deep[1024] = "";
    for (int i = 0; i < 200; i++) strcat(deep, "[");
    CHECK(load(deep, &d, err) != 0);
    CHECK(strstr(err, "nested too deeply") != NULL || strstr(err, "malformed") != NULL);
    ms_ydoc_free(&d);
    /* invalid UTF-8 is an error, not a crash */
    CHECK(load("a: \xff\xfe\n", &d, err) != 0);
    ms_ydoc_free(&d);
    /* empty document */
    CHECK(load("", &d, err) == 0 && d.root == NULL);
    ms_ydoc_free(&d);
    return check_done();
}
