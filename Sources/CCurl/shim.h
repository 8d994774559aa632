#ifndef CALLVAULT_CCURL_SHIM_H
#define CALLVAULT_CCURL_SHIM_H
#include <curl/curl.h>
#endif
