/*
 * fuzz_conf.c - the config parser on arbitrary text: parse, and when the
 * text is accepted, print it back and parse the print again, which must
 * succeed and print identically.  Built with libFuzzer by `make fuzz`,
 * and with test/fuzz/replay.c as a plain program that replays
 * test/fuzz/corpus/conf in `make check`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zs_strbuf a = ZS_STRBUF_INIT, b = ZS_STRBUF_INIT;
	struct zs_conf *c = NULL, *c2 = NULL;
	char err[512], *text;

	/* Includes resolve against a directory that holds nothing. */
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (zs_conf_parse_string(text, "/nonexistent/fuzz.conf", &c, err,
	    sizeof(err)) == 0) {
		/* Secrets printed, so the print must parse back the same. */
		if (zs_conf_print(c, &a, ZS_CONF_PRINT_SECRETS) == 0 &&
		    zs_sb_cstr(&a) != NULL) {
			if (zs_conf_parse_string(a.buf, "/nonexistent/again.conf",
			    &c2, err, sizeof(err)) != 0)
				abort();
			if (zs_conf_print(c2, &b, ZS_CONF_PRINT_SECRETS) != 0 ||
			    zs_sb_cstr(&b) == NULL || strcmp(a.buf, b.buf) != 0)
				abort();
		}
	}
	zs_conf_free(c);
	zs_conf_free(c2);
	zs_sb_free(&a);
	zs_sb_free(&b);
	free(text);
	return 0;
}
