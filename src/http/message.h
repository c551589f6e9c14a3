#pragma once
// The HTTP request and response as the rest of Switchboard sees them: plain structs, no
// Beast types, so that nothing above the http layer depends on the server's library.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;  // names lower-case

struct Request {
  std::string method;  // upper-case: GET, POST, ...
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded, without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  HeaderList headers;
  std::string body;
  std::string remote_ip;
  std::string request_id;

  std::optional<std::string_view> header(std::string_view lower_name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  // The Host header without its port, lower-cased.
  std::string host() const;
};

// A body produced piece by piece (CSV export): the server calls it on the handler pool
// until it returns nullopt, writing each piece as an HTTP/1.1 chunk as it comes, so a
// large answer never sits in memory whole and a slow client slows the producer.
using ChunkSource = std::function<std::optional<std::string>()>;

// A long-lived answer (Server-Sent Events) that waits without holding a thread. The server
// asks for the next piece with next(); the source calls `deliver` exactly once per call, on
// any thread, when it has something (an event, a heartbeat) or with nullopt to end the
// stream. cancel() (client gone, server stopping) makes a pending and every later next()
// deliver nullopt promptly.
class StreamSource {
 public:
  virtual ~StreamSource() = default;
  virtual void next(std::function<void(std::optional<std::string>)> deliver) = 0;
  virtual void cancel() = 0;
};

struct Response;
// Delivers a deferred answer; call it exactly once, from any thread.
using Completion = std::function<void(Response)>;

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  HeaderList headers;
  ChunkSource chunks;  // when set, sent chunked instead of `body`
  std::shared_ptr<StreamSource> stream;  // when set, sent chunked as the source produces it
  // When set, the real answer comes later (a webhook's ack after its group commit): the
  // server calls it once and writes what the completion delivers, holding no thread meanwhile.
  std::function<void(Completion)> later;

  void set_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response no_content();
};

// Percent-decoding for paths and query strings ('+' means space only in queries).
std::optional<std::string> url_decode(std::string_view in, bool plus_is_space);
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);
std::string url_encode(std::string_view in);

}  // namespace sb::http
