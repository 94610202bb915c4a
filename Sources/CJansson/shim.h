#include <jansson.h>

// json_typeof is a macro, which Swift cannot call.
static inline json_type cjansson_typeof(const json_t *json) { return json_typeof(json); }

// JSON_REAL_PRECISION is a function-like macro.
static inline size_t cjansson_dump_flags(int precision) { return JSON_COMPACT | JSON_REAL_PRECISION(precision); }
