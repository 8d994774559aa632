#ifndef CALLVAULT_CCURL_SHIM_H
#define CALLVAULT_CCURL_SHIM_H

#include <curl/curl.h>

/*
 * Typed wrappers around libcurl's variadic entry points.
 *
 * Swift cannot call C variadic functions, so every `curl_easy_setopt` and
 * `curl_easy_getinfo` use goes through one of these `static inline` shims, one per
 * argument type libcurl expects. Each maps 1-to-1 onto the libcurl call and returns
 * its CURLcode unchanged.
 */

/* MARK: - curl_easy_setopt */

/** Sets an option whose argument is a `long` (flags, counts, enums, seconds). */
static inline CURLcode cv_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/** Sets an option whose argument is a `curl_off_t` (the `_LARGE` size options). */
static inline CURLcode cv_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/** Sets an option whose argument is a NUL-terminated string (libcurl copies it). */
static inline CURLcode cv_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/** Sets an option whose argument is an opaque pointer (user data, error buffer). */
static inline CURLcode cv_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/** Sets an option whose argument is a header list (libcurl does NOT copy it). */
static inline CURLcode cv_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/** Sets `CURLOPT_WRITEFUNCTION` or `CURLOPT_HEADERFUNCTION`. */
static inline CURLcode cv_easy_setopt_write_function(CURL *handle, CURLoption option, curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/** Sets `CURLOPT_XFERINFOFUNCTION`. */
static inline CURLcode cv_easy_setopt_xferinfo_function(CURL *handle, curl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

/** Sets `CURLOPT_READFUNCTION` (request bodies streamed from a file). */
static inline CURLcode cv_easy_setopt_read_function(CURL *handle, curl_read_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

/** Sets `CURLOPT_SEEKFUNCTION` (rewinding a streamed request body for a resend). */
static inline CURLcode cv_easy_setopt_seek_function(CURL *handle, curl_seek_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_SEEKFUNCTION, callback);
}

/* MARK: - curl_easy_getinfo */

/** Reads a `long` transfer detail (response code, connection counts, ports). */
static inline CURLcode cv_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/** Reads a `curl_off_t` transfer detail (sizes, speeds, `_T` times). */
static inline CURLcode cv_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

/** Reads a string transfer detail (effective URL, content type); owned by the handle. */
static inline CURLcode cv_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

/* MARK: - Constants Swift cannot import */

/** `CURL_ERROR_SIZE`: the size CURLOPT_ERRORBUFFER must have. */
static const int cv_curl_error_size = CURL_ERROR_SIZE;

/** `CURL_READFUNC_ABORT`: a read callback's "abort the transfer". */
static const size_t cv_curl_readfunc_abort = CURL_READFUNC_ABORT;

/** `CURL_GLOBAL_DEFAULT` as a `long`. */
static const long cv_curl_global_default = CURL_GLOBAL_DEFAULT;

#endif
