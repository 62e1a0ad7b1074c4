// zlib streams for SPDY/3 header compression. deflateInit/inflateInit are
// macros Swift cannot call, and z_stream must not move while in use, so
// the stream lives on the heap behind an opaque pointer.
#ifndef CCAPSTANZLIB_H
#define CCAPSTANZLIB_H
#include <stddef.h>
#include <stdint.h>

typedef struct capstan_zstream capstan_zstream;

// A deflate stream primed with `dict` (copied); NULL if zlib refuses.
capstan_zstream *capstan_deflater_new(int level, const uint8_t *dict, size_t dict_len);
// An inflate stream that supplies `dict` (copied) when the data asks for it; NULL if zlib refuses.
capstan_zstream *capstan_inflater_new(const uint8_t *dict, size_t dict_len);
void capstan_zstream_free(capstan_zstream *z);

// One deflate or inflate call with Z_SYNC_FLUSH: consumes from `in`, writes
// to `out`, reports how much of each was used. Returns zlib's code (Z_OK,
// Z_STREAM_END, Z_BUF_ERROR when no progress was possible, or an error).
int capstan_zstream_step(capstan_zstream *z, const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                         size_t *in_used, size_t *out_used);
#endif
