#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "ccapstanzlib.h"

struct capstan_zstream {
    z_stream s;
    int inflating;
    uint8_t *dict;
    size_t dict_len;
};

static capstan_zstream *alloc_stream(const uint8_t *dict, size_t dict_len) {
    capstan_zstream *z = calloc(1, sizeof *z);
    if (!z) return NULL;
    z->dict = malloc(dict_len ? dict_len : 1);
    if (!z->dict) {
        free(z);
        return NULL;
    }
    memcpy(z->dict, dict, dict_len);
    z->dict_len = dict_len;
    return z;
}

capstan_zstream *capstan_deflater_new(int level, const uint8_t *dict, size_t dict_len) {
    capstan_zstream *z = alloc_stream(dict, dict_len);
    if (!z) return NULL;
    if (deflateInit(&z->s, level) != Z_OK) {
        free(z->dict);
        free(z);
        return NULL;
    }
    if (dict_len && deflateSetDictionary(&z->s, z->dict, (uInt)dict_len) != Z_OK) {
        deflateEnd(&z->s);
        free(z->dict);
        free(z);
        return NULL;
    }
    return z;
}

capstan_zstream *capstan_inflater_new(const uint8_t *dict, size_t dict_len) {
    capstan_zstream *z = alloc_stream(dict, dict_len);
    if (!z) return NULL;
    z->inflating = 1;
    if (inflateInit(&z->s) != Z_OK) {
        free(z->dict);
        free(z);
        return NULL;
    }
    return z;
}

void capstan_zstream_free(capstan_zstream *z) {
    if (!z) return;
    if (z->inflating) inflateEnd(&z->s); else deflateEnd(&z->s);
    free(z->dict);
    free(z);
}

int capstan_zstream_step(capstan_zstream *z, const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
                         size_t *in_used, size_t *out_used) {
    z->s.next_in = (Bytef *)in;
    z->s.avail_in = (uInt)in_len;
    z->s.next_out = out;
    z->s.avail_out = (uInt)out_cap;
    int rc;
    if (z->inflating) {
        rc = inflate(&z->s, Z_SYNC_FLUSH);
        // The sender primed its stream with the dictionary: the header names its checksum.
        if (rc == Z_NEED_DICT) {
            rc = inflateSetDictionary(&z->s, z->dict, (uInt)z->dict_len);
            if (rc == Z_OK) rc = inflate(&z->s, Z_SYNC_FLUSH);
        }
    } else {
        rc = deflate(&z->s, Z_SYNC_FLUSH);
    }
    *in_used = in_len - z->s.avail_in;
    *out_used = out_cap - z->s.avail_out;
    return rc;
}
