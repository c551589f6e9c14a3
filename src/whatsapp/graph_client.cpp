#include "whatsapp/graph_client.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

namespace sb::whatsapp {

namespace {

// One easy handle per thread: curl keeps its connections (and TLS sessions) alive across
// calls made through the same handle, so a sender thread reuses its HTTPS connection.
CURL* thread_handle() {
  struct Handle {
    CURL* h = curl_easy_init();
    ~Handle() { curl_easy_cleanup(h); }
  };
  thread_local Handle handle;
  curl_easy_reset(handle.h);
  return handle.h;
}

size_t append_body(char* data, size_t size, size_t n, void* out) {
  auto* s = static_cast<std::string*>(out);
  s->append(data, size * n);
  return size * n;
}

struct Headers {
  curl_slist* list = nullptr;
  ~Headers() { curl_slist_free_all(list); }
  void add(const std::string& h) { list = curl_slist_append(list, h.c_str()); }
};

GraphError error_from(int status, const nlohmann::json& body) {
  GraphError e;
  e.http_status = status;
  const auto* err = body.is_object() && body.contains("error") && body["error"].is_object() ? &body["error"] : nullptr;
  if (!err) {
    e.message = "HTTP " + std::to_string(status) + " without a Graph error object";
    return e;
  }
  if (auto c = err->find("code"); c != err->end() && c->is_number_integer()) e.code = c->get<long>();
  if (auto c = err->find("error_subcode"); c != err->end() && c->is_number_integer()) e.subcode = c->get<long>();
  if (auto m = err->find("message"); m != err->end() && m->is_string()) e.message = m->get<std::string>();
  if (auto d = err->find("error_data"); d != err->end() && d->is_object()) {
    if (auto x = d->find("details"); x != d->end() && x->is_string()) e.details = x->get<std::string>();
  }
  if (auto t = err->find("fbtrace_id"); t != err->end() && t->is_string()) e.fbtrace_id = t->get<std::string>();
  return e;
}

}  // namespace

FailureAction classify(const GraphError& e) {
  if (e.code == -1) {
    // No Graph error object: a transport failure, throttling or a server error is worth
    // another try; any other HTTP failure is not going to change.
    if (e.http_status == 0 || e.http_status == 429 || e.http_status >= 500) return FailureAction::retry;
    if (e.http_status == 401) return FailureAction::disconnect;
    return FailureAction::fail;
  }
  switch (e.code) {
    case 1: case 2: case 4: case 80007: case 130429: case 131000: case 131016: case 131056: case 131057:
      return FailureAction::retry;
    case 0: case 3: case 10: case 190:
      return FailureAction::disconnect;
    default:
      break;
  }
  if (e.code >= 200 && e.code <= 299) return FailureAction::disconnect;
  if (e.http_status >= 500 && e.code != 100) return FailureAction::retry;
  return FailureAction::fail;
}

std::string describe(const GraphError& e) {
  std::string out;
  if (e.code >= 0) out = "(#" + std::to_string(e.code) + ") ";
  out += e.message.empty() ? "Graph API error" : e.message;
  if (!e.details.empty() && e.details != e.message) out += ": " + e.details;
  return out;
}

GraphClient::GraphClient(std::string base_url, long timeout_ms) : base_(std::move(base_url)), timeout_ms_(timeout_ms) {
  while (!base_.empty() && base_.back() == '/') base_.pop_back();
}

std::string GraphClient::url_for(const std::string& path) const {
  if (path.starts_with("https://") || path.starts_with("http://")) return path;
  return base_ + "/" + path;
}

GraphReply GraphClient::get(const std::string& path, const std::string& token) const {
  return call("GET", path, token, nullptr);
}

GraphReply GraphClient::post(const std::string& path, const std::string& token, const nlohmann::json& body) const {
  std::string text = body.dump();
  return call("POST", path, token, &text);
}

GraphReply GraphClient::call(const char* method, const std::string& path, const std::string& token,
                             const std::string* body) const {
  CURL* h = thread_handle();
  std::string url = url_for(path);
  std::string response;
  Headers headers;
  headers.add("Authorization: Bearer " + token);
  headers.add("Accept: application/json");
  if (body) headers.add("Content-Type: application/json");
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms_);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "Switchboard");
  if (body) {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
  } else if (std::string_view(method) != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
  }
  GraphReply reply;
  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    GraphError e;
    e.message = std::string("could not reach the Graph API: ") + curl_easy_strerror(rc);
    reply.error = e;
    return reply;
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  reply.http_status = static_cast<int>(status);
  reply.body = nlohmann::json::parse(response, nullptr, false);
  if (reply.body.is_discarded()) reply.body = nullptr;
  if (status < 200 || status >= 300 || !reply.body.is_object()) reply.error = error_from(reply.http_status, reply.body);
  if (reply.error)
    spdlog::warn(nlohmann::json({{"msg", "graph api error"}, {"url", path}, {"status", status},
                                 {"code", reply.error->code}, {"fbtrace_id", reply.error->fbtrace_id}})
                     .dump());
  return reply;
}

int GraphClient::download(const std::string& url, const std::string& token, const std::string& file, size_t max_bytes,
                          std::string& content_type) const {
  CURL* h = thread_handle();
  std::unique_ptr<FILE, int (*)(FILE*)> out(std::fopen(file.c_str(), "wb"), &std::fclose);
  if (!out) return 0;
  struct Sink {
    FILE* f;
    size_t written = 0;
    size_t max;
  } sink{out.get(), 0, max_bytes};
  Headers headers;
  headers.add("Authorization: Bearer " + token);
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 55000L);  // inside the job's 60 s lease
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_USERAGENT, "Switchboard");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t n, void* p) -> size_t {
    auto* s = static_cast<Sink*>(p);
    if (s->written + size * n > s->max) return 0;  // too large: abort the transfer
    s->written += size * n;
    return std::fwrite(data, size, n, s->f) * size;
  });
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) return 0;
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  char* ct = nullptr;
  curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
  if (ct) content_type = ct;
  if (std::fflush(out.get()) != 0) return 0;
  return static_cast<int>(status);
}

}  // namespace sb::whatsapp
