/*
 * The facts cache file: what is written is read back the same, and a
 * file that fails any check (a flipped byte, cut short, empty, another
 * version or format, a count past the bytes, a path twice, a control
 * character, a symbolic link) is ignored as a whole.
 */
#define _GNU_SOURCE	/* memmem */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "facts_cache.h"
#include "testing.h"
#include "xalloc.h"

static char	dir[] = "/tmp/test_fcache.XXXXXX";

static struct fcache_opp *
entry(const char *id, const char *title, unsigned char blob)
{
	struct fcache_opp	*e = xcalloc(1, sizeof(*e));

	memset(e->blob.id, blob, 20);
	e->len = 70000u + blob;	/* three bytes of a u32 */
	e->path = xasprintf("opportunities/%s.yml", id);
	e->id = xstrdup(id);
	e->ok = 1;
	e->stated = 0;
	e->closing.epoch = 1767225600;
	e->closing.year = 2026;
	e->closing.month = e->closing.day = 1;
	e->skills = xcalloc(1, sizeof(*e->skills));
	e->skills[e->nskills++] = xstrdup("c");
	e->ntexts = 2;
	e->text[0].slug = xstrdup(id);
	e->text[0].title = xstrdup(title);
	e->text[0].permalink = xasprintf("/en/opportunities/%s.html", id);
	e->text[0].out_path = xasprintf("en/opportunities/%s.html", id);
	e->text[0].slug_line = 7;
	e->text[0].slug_col = 9;
	return e;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*data = xmalloc(1 << 20);

	*len = f != NULL ? fread(data, 1, 1 << 20, f) : 0;
	if (f != NULL)
		fclose(f);
	return data;
}

static void
spit(const char *path, const void *data, size_t len)
{
	FILE	*f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len)
		abort();
	fclose(f);
}

/* Does the file at path, holding data, read as a cache? */
static int
reads(const char *path, const void *data, size_t len)
{
	struct fcache	fc;
	int		rc;

	spit(path, data, len);
	rc = fcache_read(&fc, path, "f");
	if (rc != 0 && fc.count != 0)
		return 2;	/* a refused file leaves nothing */
	fcache_free(&fc);
	return rc == 0;
}

/* A file of payload with a sound header and checksum. */
static void
framed(struct buf *b, const void *payload, size_t len)
{
	git_oid	sum;

	buf_reset(b);
	buf_put(b, "MARCHE-FACTS\n\0\0", 16);
	buf_put_le(b, 3, 4);			/* the version */
	buf_put_le(b, 1, 4);
	buf_puts(b, "f");
	buf_put_le(b, len, 8);
	git_odb_hash(&sum, payload, len, GIT_OBJECT_BLOB);
	buf_put(b, sum.id, 20);
	buf_put(b, payload, len);
}

int
main(void)
{
	struct fcache		 fc, back;
	struct buf		 b = BUF_INIT, p = BUF_INIT;
	const struct fcache_opp	*e;
	git_oid			 blob, zero;
	char			*path, *other, *data;
	size_t			 len, head;

	git_libgit2_init();
	if (mkdtemp(dir) == NULL)
		return 1;
	path = xasprintf("%s/marche/facts.cache", dir);
	other = xasprintf("%s/other", dir);
	memset(&fc, 0, sizeof(fc));
	CHECK(fcache_add(&fc, entry("a-b", "Un titre é", 0x11)) == 0);
	CHECK(fcache_add(&fc, entry("c", "Other", 0x22)) == 0);
	CHECK(fcache_add(&fc, entry("c", "Again", 0x33)) == -1);
	/* Not fit for the file: left out, the rest kept. */
	CHECK(fcache_add(&fc, entry("d", "bell\a", 0x44)) == 0);
	CHECK(fcache_write(path, "f", &fc) == 0);
	fcache_free(&fc);

	CHECK(fcache_read(&back, path, "f") == 0);
	CHECK(back.count == 2);
	memset(blob.id, 0x11, 20);
	memset(&zero, 0, sizeof(zero));
	e = fcache_find(&back, "opportunities/a-b.yml", &blob, &zero);
	if (CHECK(e != NULL)) {
		CHECK_STR(e->id, "a-b");
		CHECK_STR(e->text[0].title, "Un titre é");
		CHECK_STR(e->text[0].out_path, "en/opportunities/a-b.html");
		CHECK(e->text[0].slug_line == 7 && e->text[0].slug_col == 9);
		CHECK(e->text[1].slug == NULL);
		CHECK(e->nskills == 1 && strcmp(e->skills[0], "c") == 0);
		CHECK(e->closing.epoch == 1767225600);
		CHECK(e->len == 70000u + 0x11);
	}
	memset(blob.id, 0x12, 20);
	CHECK(fcache_find(&back, "opportunities/a-b.yml", &blob, &zero) ==
	    NULL);	/* another blob */
	memset(blob.id, 0x11, 20);
	CHECK(fcache_find(&back, "opportunities/a-b.yml", &blob, &blob) ==
	    NULL);	/* another attachment folder */
	fcache_free(&back);
	CHECK(fcache_read(&back, path, "g") == -1);	/* other settings */

	data = slurp(path, &len);
	CHECK(reads(other, data, len) == 1);
	data[len - 3] ^= 0x40;		/* a flipped byte */
	CHECK(reads(other, data, len) == 0);
	data[len - 3] ^= 0x40;
	CHECK(reads(other, data, len - 1) == 0);	/* cut short */
	CHECK(reads(other, data, 0) == 0);		/* empty */
	data[16] = 2;					/* version 2 */
	CHECK(reads(other, data, len) == 0);
	data[16] = 3;
	CHECK(reads(other, data, len) == 1);

	/* Sound checksums over hostile payloads. */
	head = 16 + 4 + 4 + 1 + 8 + 20;
	framed(&b, data + head, len - head);
	CHECK(reads(other, b.data, b.len) == 1);
	buf_put(&p, data + head, len - head);
	p.data[0] = (char)0xff;				/* a huge count */
	p.data[1] = p.data[2] = p.data[3] = (char)0xff;
	framed(&b, p.data, p.len);
	CHECK(reads(other, b.data, b.len) == 0);
	p.data[0] = 3;					/* past the bytes */
	p.data[1] = p.data[2] = p.data[3] = 0;
	framed(&b, p.data, p.len);
	CHECK(reads(other, b.data, b.len) == 0);
	buf_reset(&p);					/* a path twice */
	buf_put_le(&p, 4, 4);
	buf_put(&p, data + head + 4, len - head - 4);
	buf_put(&p, data + head + 4, len - head - 4);
	framed(&b, p.data, p.len);
	CHECK(reads(other, b.data, b.len) == 0);
	buf_reset(&p);					/* a control character */
	buf_put(&p, data + head, len - head);
	{
		char *t = memmem(p.data, p.len, "Other", 5);

		if (CHECK(t != NULL))
			t[1] = '\t';
	}
	framed(&b, p.data, p.len);
	CHECK(reads(other, b.data, b.len) == 0);

	/* A symbolic link to a sound file is not followed. */
	unlink(other);
	CHECK(symlink(path, other) == 0);
	CHECK(fcache_read(&back, other, "f") == -1 && back.count == 0);
	fcache_free(&back);

	/* No file at all, and a folder that cannot take one. */
	CHECK(fcache_read(&back, "/nonexistent/facts.cache", "f") == -1);
	memset(&fc, 0, sizeof(fc));
	CHECK(fcache_write("/nonexistent/marche/facts.cache", "f", &fc) ==
	    -1);

	unlink(other);
	unlink(path);
	free(path);
	free(other);
	path = xasprintf("%s/marche", dir);
	rmdir(path);
	rmdir(dir);
	free(path);
	free(data);
	buf_free(&b);
	buf_free(&p);
	git_libgit2_shutdown();
	return test_finish();
}
