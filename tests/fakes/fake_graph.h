#pragma once
// A local stand-in for Meta's Graph API (graph.facebook.com), which this machine can't
// reach. It answers with the recorded responses in tests/fixtures/whatsapp (api_ruby_*,
// real traffic), records every request, and can be scripted to fail the next calls with
// Meta's error objects. The server under test reaches it through its real HTTP client
// (libcurl) by --graph-url; nothing in the production path knows it is a fake.
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sb::http {
class Server;
}

namespace sb::testing {

struct GraphRequest {
  std::string method;
  std::string path;  // without the version prefix: "123/messages"
  std::string query;
  std::string authorization;
  nlohmann::json body;
};

struct ScriptedReply {
  int status = 200;
  nlohmann::json body;
};

class FakeGraph {
 public:
  FakeGraph();
  ~FakeGraph();
  // The base URL to pass as --graph-url (includes the version, like the real one).
  std::string base_url() const;
  // Only this token is accepted; others get Meta's expired-token error (190).
  void set_valid_token(const std::string& token);
  // The next send (POST .../messages) answers with this instead of success.
  void fail_next_send(int status, const nlohmann::json& body);
  // WhatsApp's own id for a number it knows under another form (Brazil's ninth digit).
  void set_wa_id(const std::string& input, const std::string& wa_id);
  // A number Meta lists under a WABA (GET /{waba}/phone_numbers), besides the recorded one.
  void add_number(const std::string& waba_id, const std::string& phone_number_id);
  // The bytes behind a media id.
  void set_media(const std::string& media_id, const std::string& mime, const std::string& bytes);
  std::vector<GraphRequest> requests();
  std::vector<GraphRequest> sends();  // POST .../messages only

  // Error bodies from the fixtures, and Meta's shape for codes without a recording.
  static nlohmann::json expired_token_error();
  static nlohmann::json error_body(long code, const std::string& message, const std::string& details);

 private:
  struct State;
  std::shared_ptr<State> state_;
  std::unique_ptr<http::Server> server_;
  int port_ = 0;
};

// A fixture file from tests/fixtures/whatsapp.
nlohmann::json load_fixture(const std::string& name);
std::vector<std::string> fixture_names(const std::string& prefix);

}  // namespace sb::testing
