// Precompiled for the http layer only: Beast and Asio are the slowest headers we have.
// <utility> first: Boost 1.74's coroutine support needs std::exchange before <boost/asio.hpp>.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
