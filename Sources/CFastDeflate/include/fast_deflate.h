#ifndef FAST_DEFLATE_H
#define FAST_DEFLATE_H

/// While set on the calling thread, zlib streams opened with the default compression level use level 1
/// instead: see fast_deflate.c. Returns the previous setting.
int fast_deflate_set(int enabled);

/// Whether the interposed deflateInit2_ is the one the process uses (0 when the linker did not export it).
int fast_deflate_active(void);

#endif
