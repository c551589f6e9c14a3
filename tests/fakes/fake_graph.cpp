#include "fakes/fake_graph.h"

#include <filesystem>
#include <fstream>

#include "http/server.h"

namespace sb::testing {

using nlohmann::json;

namespace {
const std::string kVersion = "v21.0";
}

json load_fixture(const std::string& name) {
  std::ifstream in(std::string(SWITCHBOARD_SOURCE_DIR) + "/tests/fixtures/whatsapp/" + name);
  if (!in) throw std::runtime_error("missing fixture " + name);
  return json::parse(in);
}

std::vector<std::string> fixture_names(const std::string& prefix) {
  std::vector<std::string> out;
  for (auto& e : std::filesystem::directory_iterator(std::string(SWITCHBOARD_SOURCE_DIR) + "/tests/fixtures/whatsapp")) {
    std::string n = e.path().filename().string();
    if (n.starts_with(prefix) && n.ends_with(".json")) out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The recorded response body of a cassette fixture.
static json recorded_body(const std::string& name) { return load_fixture(name)["http_interactions"][0]["response"]["body"]; }

struct FakeGraph::State {
  std::mutex mu;
  std::string valid_token = "test-token-1234";
  std::deque<ScriptedReply> send_script;
  std::map<std::string, std::string> wa_ids;
  std::map<std::string, std::pair<std::string, std::string>> media;  // id -> (mime, bytes)
  std::map<std::string, std::vector<std::string>> numbers;           // waba -> added phone number ids
  std::vector<GraphRequest> requests;
  int next_wamid = 0;
  int port = 0;
};

json FakeGraph::expired_token_error() { return load_fixture("error_object_pywa_ExpiredAccessToken.json"); }

json FakeGraph::error_body(long code, const std::string& message, const std::string& details) {
  return {{"error",
           {{"message", "(#" + std::to_string(code) + ") " + message},
            {"type", "OAuthException"},
            {"code", code},
            {"error_data", {{"messaging_product", "whatsapp"}, {"details", details}}},
            {"fbtrace_id", "AfakeTraceId"}}}};
}

FakeGraph::FakeGraph() : state_(std::make_shared<State>()) {
  http::ServerOptions opts;
  opts.bind = "127.0.0.1";
  opts.port = 0;
  opts.io_threads = 1;
  opts.handler_threads = 2;
  http::Application app;
  app.body_limit = [](std::string_view, std::string_view) -> size_t { return 8 * 1024 * 1024; };
  app.runs_inline = [](std::string_view, std::string_view) { return false; };
  app.refuse = [](int status, std::string_view, std::string_view detail) {
    return http::Response::text(status, std::string(detail));
  };
  auto st = state_;
  app.handle = [st](http::Request& req) -> http::Response {
    auto reply = [](int status, const json& body) { return http::Response::text(status, body.dump(), "application/json"); };
    std::string path = req.path;
    std::lock_guard lock(st->mu);
    // Media downloads are not under the version (Meta serves them from lookaside.fbsbx.com).
    if (path.starts_with("/media-download/")) {
      std::string id = path.substr(16);
      auto auth = req.header("authorization");
      if (!auth || *auth != "Bearer " + st->valid_token) return http::Response::text(401, "unauthorized");
      auto it = st->media.find(id);
      if (it == st->media.end()) return http::Response::text(404, "not found");
      return http::Response::text(200, it->second.second, it->second.first);
    }
    std::string prefix = "/" + kVersion + "/";
    if (!path.starts_with(prefix)) return reply(404, error_body(100, "Unknown path", path));
    GraphRequest r;
    r.method = req.method;
    r.path = path.substr(prefix.size());
    size_t q = req.target.find('?');
    if (q != std::string::npos) r.query = req.target.substr(q + 1);
    if (auto a = req.header("authorization")) r.authorization = std::string(*a);
    r.body = req.body.empty() ? json(nullptr) : json::parse(req.body, nullptr, false);
    st->requests.push_back(r);
    if (r.authorization != "Bearer " + st->valid_token) return reply(401, expired_token_error());

    std::vector<std::string> parts;
    for (size_t i = 0; i <= r.path.size();) {
      size_t slash = r.path.find('/', i);
      parts.push_back(r.path.substr(i, slash == std::string::npos ? std::string::npos : slash - i));
      if (slash == std::string::npos) break;
      i = slash + 1;
    }
    if (req.method == "POST" && parts.size() == 2 && parts[1] == "messages") {
      if (!st->send_script.empty()) {
        auto s = st->send_script.front();
        st->send_script.pop_front();
        return reply(s.status, s.body);
      }
      // The recorded success, with a fresh wamid and the recipient as Meta reports it.
      json body = recorded_body("api_ruby_messages__send_text_message_with_success_response.json");
      std::string to = r.body.is_object() ? r.body.value("to", std::string()) : std::string();
      auto wa = st->wa_ids.find(to);
      body["contacts"][0]["input"] = to;
      body["contacts"][0]["wa_id"] = wa == st->wa_ids.end() ? to : wa->second;
      body["messages"][0]["id"] = "wamid.FAKE" + std::to_string(++st->next_wamid);
      return reply(200, body);
    }
    if (req.method == "POST" && parts.size() == 2 && parts[1] == "subscribed_apps") return reply(200, {{"success", true}});
    if (req.method == "GET" && parts.size() == 2 && parts[1] == "phone_numbers") {
      json body = recorded_body("api_ruby_phone_numbers__registered_numbers_with_success_response.json");
      for (const auto& id : st->numbers[parts[0]]) {
        json n = body["data"][0];
        n["id"] = id;
        n["display_phone_number"] = "+1 555 " + id.substr(0, std::min<size_t>(4, id.size()));
        body["data"].push_back(n);
      }
      return reply(200, body);
    }
    if (req.method == "GET" && parts.size() == 1) {
      if (auto it = st->media.find(parts[0]); it != st->media.end()) {
        json body = recorded_body("api_ruby_medias__media_with_success_response.json");
        body["id"] = parts[0];
        body["mime_type"] = it->second.first;
        body["file_size"] = it->second.second.size();
        body["url"] = "http://127.0.0.1:" + std::to_string(st->port) + "/media-download/" + parts[0];
        return reply(200, body);
      }
      // A WABA: the recorded account details, under the id asked for.
      json body = recorded_body("api_ruby_business_account__when_fields_not_provided_queries_default_fields.json");
      body["id"] = parts[0];
      return reply(200, body);
    }
    return reply(400, error_body(100, "Unsupported request", r.method + " " + r.path));
  };
  server_ = std::make_unique<http::Server>(opts, std::move(app));
  port_ = server_->start();
  state_->port = port_;
}

FakeGraph::~FakeGraph() { server_->stop(); }

std::string FakeGraph::base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/" + kVersion; }

void FakeGraph::set_valid_token(const std::string& token) {
  std::lock_guard lock(state_->mu);
  state_->valid_token = token;
}

void FakeGraph::fail_next_send(int status, const json& body) {
  std::lock_guard lock(state_->mu);
  state_->send_script.push_back({status, body});
}

void FakeGraph::set_wa_id(const std::string& input, const std::string& wa_id) {
  std::lock_guard lock(state_->mu);
  state_->wa_ids[input] = wa_id;
}

void FakeGraph::add_number(const std::string& waba_id, const std::string& phone_number_id) {
  std::lock_guard lock(state_->mu);
  state_->numbers[waba_id].push_back(phone_number_id);
}

void FakeGraph::set_media(const std::string& media_id, const std::string& mime, const std::string& bytes) {
  std::lock_guard lock(state_->mu);
  state_->media[media_id] = {mime, bytes};
}

std::vector<GraphRequest> FakeGraph::requests() {
  std::lock_guard lock(state_->mu);
  return state_->requests;
}

std::vector<GraphRequest> FakeGraph::sends() {
  std::vector<GraphRequest> out;
  for (auto& r : requests())
    if (r.method == "POST" && r.path.ends_with("/messages")) out.push_back(r);
  return out;
}

}  // namespace sb::testing
