#pragma once
// The one table from Error to an HTTP answer (RFC 9457 problem+json), ClickHouse-style:
// handlers never pick error status codes by hand.
#include "core/result.h"
#include "http/message.h"

namespace sb::http {

int status_for(ErrorKind kind);
Response problem(const Error& e);

}  // namespace sb::http
