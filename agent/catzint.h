/*
 * catzint.h - what the catalog consumer's files share (agent/catz.c, the
 * diff and its state; catz_zone.c, a member's zone settings; catz_side.c,
 * the side file).  Internal to agent/.
 */
#ifndef ZS_AGENT_CATZINT_H
#define ZS_AGENT_CATZINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "conf.h"
#include "msg.h"
#include "strbuf.h"

/* strdup / "a sep b" / a wire name as conf text; fatal when out of memory. */
char *catz_xstrdup(const char *s);
char *catz_join(const char *a, const char *sep, const char *b);
char *catz_wire_text(const uint8_t *w, size_t len);

/*
 * The zone settings of member w (lower-case wire) of catalog cc in conf,
 * listed with props and group (NULL: none): a new config the caller
 * frees with catz_cz_free (NULL does nothing), or NULL with why in err
 * (a key the config does not define).  Its primaries' keys are copies
 * kept until catz_keys_free, so the config may be freed first.
 */
struct zs_conf_zone *catz_cz_build(const struct zs_conf *conf,
    const struct zs_conf_catalog *cc, const uint8_t *w, size_t wl,
    const char *group, const struct zs_catalog_props *props, char *err,
    size_t errlen);
void catz_cz_free(struct zs_conf_zone *cz);

/* Whether two built configs are the same (nothing to tell the registry). */
bool catz_cz_same(const struct zs_conf_zone *a, const struct zs_conf_zone *b);

/* At exit: the key copies. */
void catz_keys_free(void);

/* Append rr (borrowed), RDATA names expanded, in the side file's form. */
void catz_rec_append(struct zs_strbuf *rec, const struct zs_rr *rr);

/*
 * Write the side file at path (atomically, fsynced): serial and the
 * records rec holds.  Returns 0 or a ZS_E* error.
 */
int catz_side_write(const char *path, uint32_t serial,
    const struct zs_strbuf *rec);

/*
 * Feed the side file's records to r (catz_rec_append'ing them to rec
 * too).  Returns the serial, or -1: no file, or *damaged when the file
 * is not a side file or is cut short.
 */
int64_t catz_side_read(const char *path, struct zs_catalog *r,
    struct zs_strbuf *rec, bool *damaged);

#endif /* ZS_AGENT_CATZINT_H */
