#ifndef CALLVAULT_CFFMPEG_SHIM_H
#define CALLVAULT_CFFMPEG_SHIM_H

// Typed shims for the parts of the FFmpeg 5.1 API that Swift cannot import directly:
// function-like macros (AVERROR, av_err2str), macros that expand to expressions
// (AVERROR_EOF, AV_NOPTS_VALUE, AV_TIME_BASE_Q) and the variadic logging callback.
// Every shim is a `static inline` function prefixed `cffmpeg_`.

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>
#include <libswresample/swresample.h>

/// `AVERROR(e)`: the negative FFmpeg error code for a POSIX errno value.
static inline int cffmpeg_averror(int errnum) { return AVERROR(errnum); }

/// `AVERROR(EAGAIN)`.
static inline int cffmpeg_averror_eagain(void) { return AVERROR(EAGAIN); }

/// `AVERROR_EOF`.
static inline int cffmpeg_averror_eof(void) { return AVERROR_EOF; }

/// `AVERROR_EXIT`: returned by blocking calls after the interrupt callback fired.
static inline int cffmpeg_averror_exit(void) { return AVERROR_EXIT; }

/// `AVERROR_INVALIDDATA`.
static inline int cffmpeg_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }

/// `AVERROR_DECODER_NOT_FOUND`.
static inline int cffmpeg_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }

/// `AVERROR_ENCODER_NOT_FOUND`.
static inline int cffmpeg_averror_encoder_not_found(void) { return AVERROR_ENCODER_NOT_FOUND; }

/// `AVERROR_STREAM_NOT_FOUND`.
static inline int cffmpeg_averror_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }

/// `AV_NOPTS_VALUE`: the "no timestamp" sentinel.
static inline int64_t cffmpeg_nopts_value(void) { return AV_NOPTS_VALUE; }

/// `AV_TIME_BASE`: microseconds per second, the unit of `AVFormatContext.duration`.
static inline int cffmpeg_time_base(void) { return AV_TIME_BASE; }

/// `AV_TIME_BASE_Q`.
static inline AVRational cffmpeg_time_base_q(void) { return (AVRational){1, AV_TIME_BASE}; }

/// `av_err2str` without the compound literal: writes the message for `errnum` into `buffer`.
static inline const char *cffmpeg_err2str(int errnum, char *buffer, size_t size) {
    return av_make_error_string(buffer, size, errnum);
}

/// `AV_ERROR_MAX_STRING_SIZE`.
static inline int cffmpeg_error_max_string_size(void) { return AV_ERROR_MAX_STRING_SIZE; }

/// A log sink that receives FFmpeg's already formatted log lines.
typedef void (*cffmpeg_log_sink)(int level, const char *line);

/// Holds the sink installed by `cffmpeg_set_log_sink`; one per process.
static inline cffmpeg_log_sink *cffmpeg_log_sink_slot(void) {
    static cffmpeg_log_sink sink = 0;
    return &sink;
}

static inline void cffmpeg_log_trampoline(void *avcl, int level, const char *fmt, va_list vl) {
    if (level > av_log_get_level()) return;
    cffmpeg_log_sink sink = *cffmpeg_log_sink_slot();
    if (!sink) return;
    char line[1024];
    int print_prefix = 1;
    av_log_format_line2(avcl, level, fmt, vl, line, (int)sizeof line, &print_prefix);
    sink(level, line);
}

/// Routes FFmpeg's log output (lines at or above `level`) to `sink` instead of stderr.
static inline void cffmpeg_set_log_sink(cffmpeg_log_sink sink, int level) {
    *cffmpeg_log_sink_slot() = sink;
    av_log_set_level(level);
    av_log_set_callback(cffmpeg_log_trampoline);
}

/// `AV_LOG_*` levels.
static inline int cffmpeg_log_quiet(void) { return AV_LOG_QUIET; }
static inline int cffmpeg_log_error(void) { return AV_LOG_ERROR; }
static inline int cffmpeg_log_warning(void) { return AV_LOG_WARNING; }
static inline int cffmpeg_log_info(void) { return AV_LOG_INFO; }
static inline int cffmpeg_log_debug(void) { return AV_LOG_DEBUG; }

/// Sets `opaque`'s interrupt callback, which FFmpeg polls during blocking I/O.
static inline void cffmpeg_set_interrupt_callback(AVFormatContext *context, int (*callback)(void *), void *opaque) {
    context->interrupt_callback.callback = callback;
    context->interrupt_callback.opaque = opaque;
}

#endif
