#pragma once
// The one way Switchboard reaches Meta's Graph API: HTTPS through libcurl, with the
// business's token. Tests point `base_url` at a local fake that speaks the same wire format,
// so the code below is the code production runs.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace sb::whatsapp {

// What a Graph call came back with. `ok()` is a 2xx with a JSON body; otherwise `error`
// holds Meta's error object (`{"error": {...}}`) or, for a transport failure, code -1.
struct GraphError {
  int http_status = 0;  // 0: no HTTP answer (connection refused, timeout)
  long code = -1;       // Meta's error.code; -1 when there was none
  std::optional<long> subcode;
  std::string message;
  std::string details;  // error.error_data.details, Meta's human-readable reason
  std::string fbtrace_id;
};

struct GraphReply {
  int http_status = 0;
  nlohmann::json body;
  std::optional<GraphError> error;
  bool ok() const { return !error; }
};

// How a sender reacts to an error (whatsapp-cloud-api.md §6).
enum class FailureAction {
  retry,       // throttling and transient trouble: back off with jitter and try again
  fail,        // the request can't succeed as it is: fail the message visibly now
  disconnect,  // the token is expired or lacks permission: the channel needs its admin
};
FailureAction classify(const GraphError& e);
// A one-line reason for people: "(#131047) Re-engagement message: <details>".
std::string describe(const GraphError& e);

class GraphClient {
 public:
  // `base_url` includes the version: https://graph.facebook.com/v21.0
  explicit GraphClient(std::string base_url, long timeout_ms = 15000);
  const std::string& base_url() const { return base_; }
  // `path` is relative to the base ("123/messages") or a full URL.
  GraphReply get(const std::string& path, const std::string& token) const;
  GraphReply post(const std::string& path, const std::string& token, const nlohmann::json& body) const;
  // Streams a media URL (bearer token required) into `file`, refusing more than max_bytes.
  // Returns the HTTP status (0 on transport failure); the file is complete only on 200.
  int download(const std::string& url, const std::string& token, const std::string& file, size_t max_bytes,
               std::string& content_type) const;

 private:
  GraphReply call(const char* method, const std::string& path, const std::string& token, const std::string* body) const;
  std::string url_for(const std::string& path) const;
  std::string base_;
  long timeout_ms_;
};

}  // namespace sb::whatsapp
