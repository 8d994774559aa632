#ifndef CALLVAULT_CFFMPEG_SHIM_H
#define CALLVAULT_CFFMPEG_SHIM_H
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libswresample/swresample.h>
#endif
