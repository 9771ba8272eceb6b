/*
 * confkey.c - copies of configured keys for holders that outlive the
 * config (the reload client: a SIGHUP frees the config it came from).
 * Apart from conf.c so that small programs can link it alone.
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "err.h"

int
zs_conf_key_dup(struct zs_conf_key *dst, const struct zs_conf_key *src)
{
	*dst = *src;
	dst->name = strdup(src->name);
	dst->secret = malloc(src->tsig.secretlen + 1);
	if (dst->name == NULL || dst->secret == NULL) {
		free(dst->name);
		free(dst->secret);
		memset(dst, 0, sizeof(*dst));
		return ZS_ENOMEM;
	}
	memcpy(dst->secret, src->secret, src->tsig.secretlen);
	dst->tsig.name = dst->wire;
	dst->tsig.secret = dst->secret;
	return 0;
}

void
zs_conf_key_clear(struct zs_conf_key *k)
{
	if (k->secret != NULL)
		explicit_bzero(k->secret, k->tsig.secretlen);
	free(k->secret);
	free(k->name);
	memset(k, 0, sizeof(*k));
}

void
zs_conf_key_move(struct zs_conf_key *dst, struct zs_conf_key *src)
{
	*dst = *src;
	dst->tsig.name = dst->wire;
	memset(src, 0, sizeof(*src));
}
