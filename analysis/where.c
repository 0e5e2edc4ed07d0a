/* where.c - tokenizer, recursive-descent parser and evaluator of --where expressions.
 * Grammar:  or := and ('||' and)* ;  and := unary ('&&' unary)* ;
 *           unary := '!' unary | '(' or ')' | operand CMP operand
 * Operands are barewords (names or values), numbers, or quoted strings. Comparisons of a
 * numeric or string axis with a constant become a per-axis-value truth table at compile time. */
#include "where.h"

#include "mlsweep.h"
#include "suggest.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tokens ------------------------------------------------------------------------------ */
typedef enum { T_END, T_LP, T_RP, T_AND, T_OR, T_NOT, T_CMP, T_WORD, T_NUM, T_STR } tkind;
typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE } cmpop;
static const char *const op_text[] = {"==", "!=", "<", "<=", ">", ">="};

typedef struct token {
    tkind kind;
    int col;         /* 1-based */
    cmpop op;        /* T_CMP */
    double num;      /* T_NUM */
    const char *txt; /* T_WORD/T_NUM/T_STR: start in the source (for T_STR after the quote) */
    size_t len;
} token;

/* ---- compiled form ----------------------------------------------------------------------- */
typedef enum { V_CONST, V_METRIC, V_AXIS, V_STATUS, V_BOTTLENECK } vkind;
typedef struct operand {
    vkind kind;
    size_t idx; /* metric or axis index */
    double num; /* V_CONST */
} operand;

typedef enum { N_AND, N_OR, N_NOT, N_CMP, N_MASK } nkind;
typedef struct node {
    nkind kind;
    size_t first, count; /* N_AND/N_OR: children kids[first .. first+count); N_NOT: kids[first] */
    cmpop op;            /* N_CMP */
    operand l, r;
    size_t axis; /* N_MASK */
    unsigned char *mask;
} node;

struct ms_where {
    const ms_where_schema *s;
    node *nodes;
    size_t n_nodes, cap_nodes;
    size_t *kids;
    size_t n_kids, cap_kids;
    size_t root;
    unsigned char *uses_metric;
    int uses_status, uses_bottleneck;
};

typedef struct parser {
    const char *src;
    size_t pos;
    token tok; /* current token */
    int depth;
    ms_where *w;
    char *err;
    size_t errlen;
    int failed;
} parser;

static void fail(parser *p, int col, const char *fmt, ...) {
    if (p->failed) return;
    p->failed = 1;
    int n = snprintf(p->err, p->errlen, "column %d: ", col);
    if (n < 0 || (size_t)n >= p->errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
    va_end(ap);
}

/* Printable copy of a token's text for messages (truncated, control bytes replaced). */
static const char *show(const char *s, size_t len, char *buf, size_t cap) {
    size_t n = len < cap - 4 ? len : cap - 4, o = 0;
    for (size_t i = 0; i < n; i++) buf[o++] = isprint((unsigned char)s[i]) ? s[i] : '?';
    if (n < len) buf[o++] = '.', buf[o++] = '.', buf[o++] = '.';
    buf[o] = 0;
    return buf;
}

/* " (did you mean 'x'?)": a candidate the word begins ("h100" -> "h100-sxm") wins over the
 * closest by edit distance, which would be "b200". */
static char *hint(const char *word, const char *const *cands, size_t n, char *buf, size_t len) {
    size_t wl = strlen(word);
    for (size_t i = 0; wl >= 2 && i < n; i++)
        if (cands[i] && strncmp(cands[i], word, wl) == 0 && cands[i][wl]) {
            snprintf(buf, len, " (did you mean '%s'?)", cands[i]);
            return buf;
        }
    return ms_suggest_hint(word, cands, n, buf, len);
}

static int word_char(int c) {
    return isalnum(c) || c == '_' || c == '-' || c == '.' || c == '+' || c == ':' || c == '/';
}

static void next_token(parser *p) {
    const char *s = p->src;
    while (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\n' || s[p->pos] == '\r')
        p->pos++;
    token *t = &p->tok;
    memset(t, 0, sizeof *t);
    t->col = (int)p->pos + 1;
    char c = s[p->pos], d = c ? s[p->pos + 1] : 0;
    if (!c) {
        t->kind = T_END;
        return;
    }
    if (c == '(' || c == ')') {
        t->kind = c == '(' ? T_LP : T_RP;
        p->pos++;
        return;
    }
    if ((c == '&' && d == '&') || (c == '|' && d == '|')) {
        t->kind = c == '&' ? T_AND : T_OR;
        p->pos += 2;
        return;
    }
    if (c == '&' || c == '|') {
        fail(p, t->col, "'%c' is not an operator (use '%c%c')", c, c, c);
        return;
    }
    if (c == '=' || c == '!' || c == '<' || c == '>') {
        t->kind = T_CMP;
        p->pos += d == '=' ? 2 : 1;
        if (c == '=' && d == '=')
            t->op = OP_EQ;
        else if (c == '!' && d == '=')
            t->op = OP_NE;
        else if (c == '<')
            t->op = d == '=' ? OP_LE : OP_LT;
        else if (c == '>')
            t->op = d == '=' ? OP_GE : OP_GT;
        else if (c == '!')
            t->kind = T_NOT;
        else
            fail(p, t->col, "'=' is not an operator (use '==')");
        return;
    }
    if (c == '"' || c == '\'') {
        size_t e = p->pos + 1;
        while (s[e] && s[e] != c) e++;
        if (!s[e]) {
            fail(p, t->col, "unterminated string (missing closing %c)", c);
            return;
        }
        t->kind = T_STR;
        t->txt = s + p->pos + 1;
        t->len = e - p->pos - 1;
        p->pos = e + 1;
        return;
    }
    if (word_char((unsigned char)c)) {
        size_t e = p->pos;
        while (word_char((unsigned char)s[e])) e++;
        t->txt = s + p->pos;
        t->len = e - p->pos;
        p->pos = e;
        /* a whole word that reads as a number is a number; "8x7b" or "1t-model" stay words */
        if (isdigit((unsigned char)c) || c == '.' || c == '-' || c == '+') {
            char buf[64];
            if (t->len < sizeof buf) {
                memcpy(buf, t->txt, t->len);
                buf[t->len] = 0;
                char *end;
                double v = strtod(buf, &end);
                if (*end == 0 && end != buf && isfinite(v)) {
                    t->kind = T_NUM;
                    t->num = v;
                    return;
                }
            }
        }
        t->kind = T_WORD;
        return;
    }
    if (isprint((unsigned char)c))
        fail(p, t->col, "unexpected character '%c'", c);
    else
        fail(p, t->col, "unexpected byte 0x%02x", (unsigned)(unsigned char)c);
}

static const char *tok_desc(const token *t, char *buf, size_t cap) {
    switch (t->kind) {
    case T_END:
        return "end of expression";
    case T_LP:
        return "'('";
    case T_RP:
        return "')'";
    case T_AND:
        return "'&&'";
    case T_OR:
        return "'||'";
    case T_NOT:
        return "'!'";
    case T_CMP:
        snprintf(buf, cap, "'%s'", op_text[t->op]);
        return buf;
    default: {
        char tmp[48];
        snprintf(buf, cap, "'%s'", show(t->txt, t->len, tmp, sizeof tmp));
        return buf;
    }
    }
}

/* ---- node storage ------------------------------------------------------------------------ */
static size_t new_node(parser *p, nkind kind) {
    ms_where *w = p->w;
    if (w->n_nodes == w->cap_nodes) {
        size_t cap = w->cap_nodes ? w->cap_nodes * 2 : 16;
        node *nn = realloc(w->nodes, cap * sizeof *nn);
        if (!nn) {
            fail(p, p->tok.col, "out of memory");
            return 0;
        }
        w->nodes = nn;
        w->cap_nodes = cap;
    }
    node *n = &w->nodes[w->n_nodes];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    return w->n_nodes++;
}

static size_t add_kids(parser *p, const size_t *k, size_t n) {
    ms_where *w = p->w;
    if (w->n_kids + n > w->cap_kids) {
        size_t cap = w->cap_kids ? w->cap_kids : 16;
        while (cap < w->n_kids + n) cap *= 2;
        size_t *nk = realloc(w->kids, cap * sizeof *nk);
        if (!nk) {
            fail(p, p->tok.col, "out of memory");
            return 0;
        }
        w->kids = nk;
        w->cap_kids = cap;
    }
    memcpy(w->kids + w->n_kids, k, n * sizeof *k);
    size_t first = w->n_kids;
    w->n_kids += n;
    return first;
}

/* ---- names ------------------------------------------------------------------------------- */
typedef enum { R_NONE, R_AXIS, R_METRIC, R_STATUS, R_BOTTLENECK } rkind;

static int tok_is(const token *t, const char *s) {
    return strlen(s) == t->len && memcmp(t->txt, s, t->len) == 0;
}

static rkind resolve(const ms_where_schema *s, const token *t, size_t *idx) {
    if (t->kind != T_WORD) return R_NONE;
    for (size_t i = 0; i < s->n_axes; i++)
        if (tok_is(t, s->axes[i].name)) return *idx = i, R_AXIS;
    for (size_t i = 0; i < s->n_metrics; i++)
        if (tok_is(t, s->metrics[i])) return *idx = i, R_METRIC;
    if (tok_is(t, "status")) return R_STATUS;
    if (tok_is(t, "bottleneck")) return R_BOTTLENECK;
    return R_NONE;
}

static void unknown_name(parser *p, const token *t) {
    const ms_where_schema *s = p->w->s;
    size_t n = s->n_axes + s->n_metrics + 2;
    const char **c = malloc(n * sizeof *c);
    char word[80], hintbuf[128] = "";
    show(t->txt, t->len, word, sizeof word);
    if (c) {
        size_t m = 0;
        for (size_t i = 0; i < s->n_axes; i++) c[m++] = s->axes[i].name;
        for (size_t i = 0; i < s->n_metrics; i++) c[m++] = s->metrics[i];
        c[m++] = "status";
        c[m++] = "bottleneck";
        hint(word, c, m, hintbuf, sizeof hintbuf);
        free(c);
    }
    fail(p, t->col, "unknown name '%s'%s (names: the file's axes and metrics, status, bottleneck)",
         word, hintbuf);
}

/* Code of a status / bottleneck name, or -1. */
static int code_of(rkind k, const token *t) {
    if (k == R_STATUS) {
        for (int i = 0; i < MS_NSTATUS; i++)
            if (tok_is(t, ms_status_name(i))) return i;
        if (tok_is(t, ms_status_name(MS_NOT_COMPUTED))) return MS_NOT_COMPUTED;
    } else {
        for (int i = 0; i < MS_NBOTTLENECK; i++)
            if (tok_is(t, ms_bottleneck_name(i))) return i;
    }
    return -1;
}

static int cmp_apply(cmpop op, double a, double b) {
    switch (op) {
    case OP_EQ:
        return a == b;
    case OP_NE:
        return a != b;
    case OP_LT:
        return a < b;
    case OP_LE:
        return a <= b;
    case OP_GT:
        return a > b;
    default:
        return a >= b;
    }
}

static cmpop mirror(cmpop op) {
    switch (op) {
    case OP_LT:
        return OP_GT;
    case OP_LE:
        return OP_GE;
    case OP_GT:
        return OP_LT;
    case OP_GE:
        return OP_LE;
    default:
        return op;
    }
}

static size_t mask_node(parser *p, size_t axis, unsigned char *mask) {
    size_t i = new_node(p, N_MASK);
    if (p->failed) {
        free(mask);
        return 0;
    }
    p->w->nodes[i].axis = axis;
    p->w->nodes[i].mask = mask;
    return i;
}

/* Compiles "L op R" where L resolved to a name of kind lk (index li). */
static size_t comparison(parser *p, const token *L, rkind lk, size_t li, cmpop op, const token *R) {
    ms_where *w = p->w;
    const ms_where_schema *s = w->s;
    char a[80], b[80];
    if (lk == R_AXIS && s->axes[li].str) {
        const ms_where_axis *ax = &s->axes[li];
        if (op != OP_EQ && op != OP_NE) {
            fail(p, L->col, "'%s' is a string axis: only == and != apply",
                 show(L->txt, L->len, a, sizeof a));
            return 0;
        }
        if (R->kind != T_WORD && R->kind != T_STR && R->kind != T_NUM) {
            fail(p, R->col, "expected a value of '%s'", ax->name);
            return 0;
        }
        size_t v = ax->n;
        for (size_t i = 0; i < ax->n; i++)
            if (ax->str[i] && tok_is(R, ax->str[i])) v = i;
        if (v == ax->n) {
            char h[128];
            show(R->txt, R->len, b, sizeof b);
            hint(b, ax->str, ax->n, h, sizeof h);
            fail(p, R->col, "'%s' is not a value of axis '%s'%s", b, ax->name, h);
            return 0;
        }
        unsigned char *mask = calloc(ax->n ? ax->n : 1, 1);
        if (!mask) return fail(p, L->col, "out of memory"), 0;
        for (size_t i = 0; i < ax->n; i++) mask[i] = (i == v) == (op == OP_EQ);
        return mask_node(p, li, mask);
    }
    operand lo = {0}, ro = {0};
    if (lk == R_AXIS)
        lo.kind = V_AXIS, lo.idx = li;
    else if (lk == R_METRIC)
        lo.kind = V_METRIC, lo.idx = li;
    else
        lo.kind = lk == R_STATUS ? V_STATUS : V_BOTTLENECK;
    size_t ri = 0;
    rkind rk = resolve(s, R, &ri);
    if (R->kind == T_NUM) {
        ro.kind = V_CONST, ro.num = R->num;
    } else if ((lk == R_STATUS || lk == R_BOTTLENECK) && (R->kind == T_WORD || R->kind == T_STR)) {
        int code = code_of(lk, R);
        if (code < 0) {
            const char *c[MS_NBOTTLENECK + 1];
            size_t n = 0;
            if (lk == R_STATUS) {
                for (int i = 0; i < MS_NSTATUS; i++) c[n++] = ms_status_name(i);
                c[n++] = ms_status_name(MS_NOT_COMPUTED);
            } else {
                for (int i = 0; i < MS_NBOTTLENECK; i++) c[n++] = ms_bottleneck_name(i);
            }
            char h[128];
            show(R->txt, R->len, b, sizeof b);
            hint(b, c, n, h, sizeof h);
            fail(p, R->col, "unknown %s '%s'%s", lk == R_STATUS ? "status" : "bottleneck", b, h);
            return 0;
        }
        ro.kind = V_CONST, ro.num = code;
    } else if (R->kind == T_WORD && rk == R_AXIS && !s->axes[ri].str) {
        ro.kind = V_AXIS, ro.idx = ri;
    } else if (R->kind == T_WORD && rk == R_METRIC) {
        ro.kind = V_METRIC, ro.idx = ri;
    } else if (R->kind == T_WORD && rk == R_NONE) {
        unknown_name(p, R);
        return 0;
    } else if (R->kind == T_WORD || R->kind == T_STR) {
        fail(p, R->col, "'%s' is numeric; it cannot be compared with '%s'",
             show(L->txt, L->len, a, sizeof a), show(R->txt, R->len, b, sizeof b));
        return 0;
    } else {
        char d[64];
        fail(p, R->col, "expected a number or a name after '%s', found %s", op_text[op],
             tok_desc(R, d, sizeof d));
        return 0;
    }
    if (lo.kind == V_METRIC) w->uses_metric[lo.idx] = 1;
    if (ro.kind == V_METRIC) w->uses_metric[ro.idx] = 1;
    if (lo.kind == V_STATUS || ro.kind == V_STATUS) w->uses_status = 1;
    if (lo.kind == V_BOTTLENECK || ro.kind == V_BOTTLENECK) w->uses_bottleneck = 1;
    if (lo.kind == V_AXIS && ro.kind == V_CONST) { /* numeric axis vs constant: a table */
        const ms_where_axis *ax = &s->axes[lo.idx];
        unsigned char *mask = calloc(ax->n ? ax->n : 1, 1);
        if (!mask) return fail(p, L->col, "out of memory"), 0;
        for (size_t i = 0; i < ax->n; i++)
            mask[i] = (unsigned char)cmp_apply(op, ax->num[i], ro.num);
        return mask_node(p, lo.idx, mask);
    }
    size_t i = new_node(p, N_CMP);
    if (p->failed) return 0;
    w->nodes[i].op = op;
    w->nodes[i].l = lo;
    w->nodes[i].r = ro;
    return i;
}

static size_t parse_or(parser *p);

static int is_operand(const token *t) {
    return t->kind == T_WORD || t->kind == T_NUM || t->kind == T_STR;
}

static size_t parse_unary(parser *p) {
    char d[64];
    if (p->failed) return 0;
    if (++p->depth > MS_WHERE_MAX_DEPTH) {
        fail(p, p->tok.col, "expression nested deeper than %d levels", MS_WHERE_MAX_DEPTH);
        return 0;
    }
    size_t r = 0;
    if (p->tok.kind == T_NOT) {
        next_token(p);
        size_t c = parse_unary(p);
        if (p->failed) return 0;
        size_t first = add_kids(p, &c, 1);
        r = new_node(p, N_NOT);
        if (!p->failed) p->w->nodes[r].first = first, p->w->nodes[r].count = 1;
    } else if (p->tok.kind == T_LP) {
        int col = p->tok.col;
        next_token(p);
        r = parse_or(p);
        if (p->failed) return 0;
        if (p->tok.kind != T_RP) {
            fail(p, p->tok.col, "expected ')' to close the '(' at column %d, found %s", col,
                 tok_desc(&p->tok, d, sizeof d));
            return 0;
        }
        next_token(p);
    } else if (is_operand(&p->tok)) {
        token L = p->tok;
        next_token(p);
        if (p->failed) return 0;
        if (p->tok.kind != T_CMP) {
            char a[80];
            fail(p, p->tok.col, "expected a comparison (== != < <= > >=) after '%s', found %s",
                 show(L.txt, L.len, a, sizeof a), tok_desc(&p->tok, d, sizeof d));
            return 0;
        }
        cmpop op = p->tok.op;
        next_token(p);
        if (p->failed) return 0;
        token R = p->tok;
        if (!is_operand(&R)) {
            fail(p, R.col, "expected a number, value or name after '%s', found %s", op_text[op],
                 tok_desc(&R, d, sizeof d));
            return 0;
        }
        next_token(p);
        if (p->failed) return 0;
        size_t li = 0, ri = 0;
        rkind lk = resolve(p->w->s, &L, &li), rk = resolve(p->w->s, &R, &ri);
        if (lk != R_NONE)
            r = comparison(p, &L, lk, li, op, &R);
        else if (rk != R_NONE)
            r = comparison(p, &R, rk, ri, mirror(op), &L);
        else if (L.kind == T_WORD)
            unknown_name(p, &L);
        else if (R.kind == T_WORD)
            unknown_name(p, &R);
        else
            fail(p, L.col, "a comparison needs a metric, axis, status or bottleneck name");
    } else {
        fail(p, p->tok.col, "expected a comparison, '!' or '(', found %s",
             tok_desc(&p->tok, d, sizeof d));
    }
    p->depth--;
    return r;
}

/* n-ary && / ||: a long chain does not deepen the evaluator's recursion */
static size_t parse_chain(parser *p, tkind sep, nkind kind, size_t (*sub)(parser *)) {
    size_t first = sub(p);
    if (p->failed || p->tok.kind != sep) return first;
    size_t cap = 8, n = 0, *k = malloc(cap * sizeof *k);
    if (!k) return fail(p, p->tok.col, "out of memory"), 0;
    k[n++] = first;
    while (!p->failed && p->tok.kind == sep) {
        next_token(p);
        if (p->failed) break;
        size_t c = sub(p);
        if (p->failed) break;
        if (n == cap) {
            size_t *nk = realloc(k, 2 * cap * sizeof *nk);
            if (!nk) {
                fail(p, p->tok.col, "out of memory");
                break;
            }
            k = nk, cap *= 2;
        }
        k[n++] = c;
    }
    size_t r = 0;
    if (!p->failed) {
        size_t f = add_kids(p, k, n);
        r = new_node(p, kind);
        if (!p->failed) p->w->nodes[r].first = f, p->w->nodes[r].count = n;
    }
    free(k);
    return r;
}

static size_t parse_and(parser *p) {
    return parse_chain(p, T_AND, N_AND, parse_unary);
}
static size_t parse_or(parser *p) {
    return parse_chain(p, T_OR, N_OR, parse_and);
}

void ms_where_free(ms_where *w) {
    if (!w) return;
    for (size_t i = 0; i < w->n_nodes; i++) free(w->nodes[i].mask);
    free(w->nodes);
    free(w->kids);
    free(w->uses_metric);
    free(w);
}

int ms_where_compile(const char *expr, const ms_where_schema *schema, ms_where **out, char *err,
                     size_t errlen) {
    *out = NULL;
    if (errlen) err[0] = 0;
    parser p = {0};
    p.err = err, p.errlen = errlen, p.src = expr ? expr : "";
    size_t len = strlen(p.src);
    if (len > MS_WHERE_MAX_LEN) {
        snprintf(err, errlen, "column 1: expression longer than %d bytes", MS_WHERE_MAX_LEN);
        return -1;
    }
    ms_where *w = calloc(1, sizeof *w);
    if (!w || !(w->uses_metric = calloc(schema->n_metrics + 1, 1))) {
        free(w);
        snprintf(err, errlen, "column 1: out of memory");
        return -1;
    }
    w->s = schema;
    p.w = w;
    next_token(&p);
    if (!p.failed && p.tok.kind == T_END) fail(&p, 1, "empty expression");
    w->root = parse_or(&p);
    if (!p.failed && p.tok.kind != T_END) {
        char d[64];
        fail(&p, p.tok.col, "unexpected %s (combine comparisons with && or ||)",
             tok_desc(&p.tok, d, sizeof d));
    }
    if (p.failed) {
        ms_where_free(w);
        return -1;
    }
    *out = w;
    return 0;
}

static double value(const ms_where *w, const operand *o, const ms_where_point *pt) {
    switch (o->kind) {
    case V_CONST:
        return o->num;
    case V_METRIC:
        return pt->metric[o->idx];
    case V_AXIS:
        return w->s->axes[o->idx].num[pt->coord[o->idx]];
    case V_STATUS:
        return pt->status;
    default:
        return pt->bottleneck;
    }
}

static int eval_node(const ms_where *w, size_t i, const ms_where_point *pt) {
    const node *n = &w->nodes[i];
    switch (n->kind) {
    case N_AND:
        for (size_t c = 0; c < n->count; c++)
            if (!eval_node(w, w->kids[n->first + c], pt)) return 0;
        return 1;
    case N_OR:
        for (size_t c = 0; c < n->count; c++)
            if (eval_node(w, w->kids[n->first + c], pt)) return 1;
        return 0;
    case N_NOT:
        return !eval_node(w, w->kids[n->first], pt);
    case N_MASK:
        return n->mask[pt->coord[n->axis]];
    default:
        return cmp_apply(n->op, value(w, &n->l, pt), value(w, &n->r, pt));
    }
}

int ms_where_eval(const ms_where *w, const ms_where_point *pt) {
    return eval_node(w, w->root, pt);
}
int ms_where_uses_metric(const ms_where *w, size_t m) {
    return m < w->s->n_metrics && w->uses_metric[m];
}
int ms_where_uses_status(const ms_where *w) {
    return w->uses_status;
}
int ms_where_uses_bottleneck(const ms_where *w) {
    return w->uses_bottleneck;
}
