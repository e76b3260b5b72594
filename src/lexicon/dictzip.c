/* The dictzip reader under dictd: parses the gzip header and its "RA"
 * field (chunk length, count and compressed sizes), then inflates only
 * the chunks a read touches, keeping the last few in a small cache. A
 * plain .dict file is read as it is. Every field is checked against the
 * file's size: a bad file gives an error naming it, never a crash. */
#include <config.h>

#include "lexicon/dictzip.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Inflated text kept per dictionary: FreeDict's entries are not in
 * headword order, so the look-ups of a text touch chunks all over the file;
 * 4 MB holds the whole of the larger ones (ara-eng: 3 MB in 53 chunks),
 * inflated once each. At least a few chunks whatever their length. */
#define DICTZIP_CACHE_BYTES (4u << 20)
#define DICTZIP_CACHE_MIN 4

struct dictzip_chunk {
	uint32_t index; /* the chunk held, or UINT32_MAX */
	uint64_t use;   /* the tick of its last use, for eviction */
	size_t len;
	unsigned char *data; /* owned, chunk_len bytes */
};

struct dictzip {
	char *path; /* owned */
	int fd;
	bool gz;             /* false: a plain .dict */
	uint64_t file_size;
	uint64_t size;       /* uncompressed */
	uint32_t chunk_len;
	uint32_t nchunks;
	uint64_t *offsets;   /* owned, nchunks + 1 file offsets of the chunks */
	struct dictzip_chunk *cache; /* owned, ncache slots */
	size_t ncache;
	uint64_t tick;
	unsigned char *zbuf; /* owned, the compressed bytes of one chunk */
	size_t zcap;
	z_stream zs;
	bool zs_ready;
};

/* Reads exactly n bytes at off; false on a short read or an error. */
static bool
read_at(int fd, void *buf, size_t n, uint64_t off)
{
	unsigned char *p = buf;

	while (n > 0) {
		ssize_t r = pread(fd, p, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return true;
}

static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

/* Parses the gzip header and the RA field into dz; false with err set. */
static bool
parse_header(struct dictzip *dz, struct qerr *err)
{
	unsigned char h[12];

	if (dz->file_size < 18 || !read_at(dz->fd, h, 10, 0)) {
		qerr_set(err, "%s: truncated: too short for a gzip header", dz->path);
		return false;
	}
	if (h[0] != 0x1f || h[1] != 0x8b || h[2] != 8) {
		qerr_set(err, "%s: not a gzip file (bad magic or method)", dz->path);
		return false;
	}
	unsigned flags = h[3];
	if (!(flags & 4)) {
		qerr_set(err, "%s: not a dictzip file: no extra field (a plain gzip file has no random access)",
			 dz->path);
		return false;
	}
	if (!read_at(dz->fd, h, 2, 10)) {
		qerr_set(err, "%s: truncated in the gzip header", dz->path);
		return false;
	}
	uint32_t xlen = le16(h);
	uint64_t pos = 12;
	if (pos + xlen > dz->file_size) {
		qerr_set(err, "%s: truncated: the extra field (%u bytes) runs past the end", dz->path,
			 (unsigned)xlen);
		return false;
	}
	unsigned char *extra = xmalloc(xlen ? xlen : 1);
	bool found = false, okay = read_at(dz->fd, extra, xlen, pos);
	for (uint32_t i = 0; okay && i + 4 <= xlen;) {
		uint32_t sublen = le16(extra + i + 2);
		if (i + 4 + sublen > xlen) {
			qerr_set(err, "%s: corrupt extra field: a subfield runs past it", dz->path);
			okay = false;
			break;
		}
		if (extra[i] == 'R' && extra[i + 1] == 'A') {
			const unsigned char *ra = extra + i + 4;
			if (sublen < 6 || le16(ra) != 1) {
				qerr_set(err, "%s: corrupt RA field (version or length)", dz->path);
				okay = false;
				break;
			}
			dz->chunk_len = le16(ra + 2);
			dz->nchunks = le16(ra + 4);
			if (dz->chunk_len == 0 || 6 + 2 * (uint64_t)dz->nchunks > sublen) {
				qerr_set(err, "%s: corrupt RA field: %u chunks of %u bytes do not fit in it",
					 dz->path, (unsigned)dz->nchunks, (unsigned)dz->chunk_len);
				okay = false;
				break;
			}
			dz->offsets = xcalloc((size_t)dz->nchunks + 1, sizeof *dz->offsets);
			for (uint32_t c = 0; c < dz->nchunks; c++)
				dz->offsets[c + 1] = le16(ra + 6 + 2 * c); /* sizes for now */
			found = true;
		}
		i += 4 + sublen;
	}
	free(extra);
	if (!okay)
		return false;
	if (!found) {
		qerr_set(err, "%s: not a dictzip file: no RA field in the gzip header", dz->path);
		return false;
	}
	pos += xlen;
	/* Optional file name and comment, NUL-terminated, and a header CRC. */
	for (unsigned bit = 8; bit <= 16; bit <<= 1) {
		if (!(flags & bit))
			continue;
		unsigned char c = 1;
		while (c != 0) {
			if (pos >= dz->file_size || !read_at(dz->fd, &c, 1, pos)) {
				qerr_set(err, "%s: truncated in the gzip header's name or comment", dz->path);
				return false;
			}
			pos++;
		}
	}
	if (flags & 2)
		pos += 2;
	/* The chunks follow one another; the trailer (CRC, size) ends the file. */
	dz->offsets[0] = pos;
	for (uint32_t c = 0; c < dz->nchunks; c++)
		dz->offsets[c + 1] += dz->offsets[c];
	if (dz->offsets[dz->nchunks] + 8 > dz->file_size) {
		qerr_set(err, "%s: truncated: its chunks need %llu bytes, the file has %llu", dz->path,
			 (unsigned long long)(dz->offsets[dz->nchunks] + 8),
			 (unsigned long long)dz->file_size);
		return false;
	}
	if (!read_at(dz->fd, h, 4, dz->file_size - 4)) {
		qerr_set(err, "%s: cannot read the gzip trailer", dz->path);
		return false;
	}
	uint32_t isize = le16(h) | le16(h + 2) << 16;
	/* The size modulo 2^32 is in the trailer; the chunks bound it. */
	uint64_t most = (uint64_t)dz->nchunks * dz->chunk_len;
	uint64_t size = isize;
	while (size + ((uint64_t)1 << 32) <= most)
		size += (uint64_t)1 << 32;
	if (size > most || (dz->nchunks > 0 && size <= most - dz->chunk_len)) {
		qerr_set(err, "%s: corrupt: %llu bytes of text do not fill %u chunks of %u bytes",
			 dz->path, (unsigned long long)size, (unsigned)dz->nchunks,
			 (unsigned)dz->chunk_len);
		return false;
	}
	dz->size = size;
	return true;
}

struct dictzip *
dictzip_open(const char *path, struct qerr *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		qerr_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		qerr_set(err, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	struct dictzip *dz = xcalloc(1, sizeof *dz);
	dz->path = xstrdup(path);
	dz->fd = fd;
	dz->file_size = (uint64_t)st.st_size;
	dz->gz = ends_with(path, ".dz");
	if (!dz->gz) {
		dz->size = dz->file_size;
		return dz;
	}
	if (!parse_header(dz, err)) {
		dictzip_free(dz);
		return NULL;
	}
	dz->ncache = DICTZIP_CACHE_BYTES / dz->chunk_len;
	if (dz->ncache > dz->nchunks)
		dz->ncache = dz->nchunks;
	if (dz->ncache < DICTZIP_CACHE_MIN)
		dz->ncache = DICTZIP_CACHE_MIN;
	dz->cache = xcalloc(dz->ncache, sizeof *dz->cache);
	for (size_t i = 0; i < dz->ncache; i++)
		dz->cache[i].index = UINT32_MAX;
	return dz;
}

uint64_t
dictzip_size(const struct dictzip *dz)
{
	return dz->size;
}

/* Inflates chunk c into a cache slot; NULL with err set. */
static struct dictzip_chunk *
chunk_get(struct dictzip *dz, uint32_t c, struct qerr *err)
{
	struct dictzip_chunk *slot = &dz->cache[0];

	dz->tick++;
	for (size_t i = 0; i < dz->ncache; i++) {
		if (dz->cache[i].index == c) {
			dz->cache[i].use = dz->tick;
			return &dz->cache[i];
		}
		if (dz->cache[i].use < slot->use)
			slot = &dz->cache[i];
	}
	uint64_t zlen = dz->offsets[c + 1] - dz->offsets[c];
	if (zlen > dz->zcap) {
		dz->zcap = (size_t)zlen;
		free(dz->zbuf);
		dz->zbuf = xmalloc(dz->zcap);
	}
	if (!read_at(dz->fd, dz->zbuf, (size_t)zlen, dz->offsets[c])) {
		qerr_set(err, "%s: cannot read chunk %u", dz->path, (unsigned)c);
		return NULL;
	}
	if (!dz->zs_ready) {
		if (inflateInit2(&dz->zs, -15) != Z_OK) {
			qerr_set(err, "%s: zlib cannot start inflating", dz->path);
			return NULL;
		}
		dz->zs_ready = true;
	} else {
		inflateReset(&dz->zs);
	}
	if (!slot->data)
		slot->data = xmalloc(dz->chunk_len);
	slot->index = UINT32_MAX;
	size_t want = c + 1 < dz->nchunks ? dz->chunk_len
					  : (size_t)(dz->size - (uint64_t)c * dz->chunk_len);
	dz->zs.next_in = dz->zbuf;
	dz->zs.avail_in = (uInt)zlen;
	dz->zs.next_out = slot->data;
	dz->zs.avail_out = dz->chunk_len;
	int rc = inflate(&dz->zs, Z_SYNC_FLUSH);
	size_t got = dz->chunk_len - dz->zs.avail_out;
	if ((rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) || got != want) {
		qerr_set(err, "%s: corrupt chunk %u (%s; %zu bytes inflated where %zu were due)", dz->path,
			 (unsigned)c, dz->zs.msg ? dz->zs.msg : "bad deflate data", got, want);
		return NULL;
	}
	slot->index = c;
	slot->len = got;
	slot->use = dz->tick;
	return slot;
}

bool
dictzip_read(struct dictzip *dz, uint64_t off, uint64_t len, struct strbuf *out,
		  struct qerr *err)
{
	if (off > dz->size || len > dz->size - off) {
		qerr_set(err, "%s: an entry at %llu (%llu bytes) lies past the end of the text (%llu bytes)",
			 dz->path, (unsigned long long)off, (unsigned long long)len,
			 (unsigned long long)dz->size);
		return false;
	}
	if (!dz->gz) {
		strbuf_grow(out, (size_t)len + 1);
		if (!read_at(dz->fd, out->data + out->len, (size_t)len, off)) {
			qerr_set(err, "%s: cannot read %llu bytes at %llu", dz->path,
				 (unsigned long long)len, (unsigned long long)off);
			return false;
		}
		out->len += (size_t)len;
		out->data[out->len] = '\0';
		return true;
	}
	while (len > 0) {
		uint32_t c = (uint32_t)(off / dz->chunk_len);
		size_t at = (size_t)(off % dz->chunk_len);
		struct dictzip_chunk *ch = chunk_get(dz, c, err);
		if (!ch)
			return false;
		size_t n = ch->len - at;
		if (n > len)
			n = (size_t)len;
		strbuf_append(out, (const char *)ch->data + at, n);
		off += n;
		len -= n;
	}
	return true;
}

void
dictzip_free(struct dictzip *dz)
{
	if (!dz)
		return;
	if (dz->fd >= 0)
		close(dz->fd);
	if (dz->zs_ready)
		inflateEnd(&dz->zs);
	for (size_t i = 0; i < dz->ncache; i++)
		free(dz->cache[i].data);
	free(dz->cache);
	free(dz->zbuf);
	free(dz->offsets);
	free(dz->path);
	free(dz);
}
