// The server as an operator sees it: health, metrics, the OpenAPI document, keep-alive,
// graceful stop, and the command line.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <sstream>
#include <set>
#include <thread>

#include "support/server_process.h"
#include "support/world.h"

namespace sb::testing {
namespace {

// A raw loopback connection, for what the HTTP client can't send (half a request, two at once).
int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Everything the server sends until it closes the connection (or 5 s of silence); closes fd.
std::string read_until_closed(int fd) {
  std::string answer;
  char buf[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    answer.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return answer;
}

using nlohmann::json;

TEST(Server, HealthReadinessAndMetrics) {
  ServerProcess server;
  server.start();
  HttpClient http(server.base_url());
  auto health = http.get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json()["status"], "ok");
  EXPECT_FALSE(health.header("x-request-id").empty());
  EXPECT_EQ(http.get("/readyz").status, 200);
  http.get("/api/v1/me");
  http.post("/api/v1/auth/login", {{"email", "nobody@example.test"}, {"password", "whatever it is"}});
  auto metrics = http.get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(metrics.body.find("switchboard_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"401\"} 1"),
            std::string::npos)
      << metrics.body.substr(0, 2000);
  EXPECT_NE(metrics.body.find("switchboard_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("switchboard_db_duration_seconds_count{op=\"read\"}"), std::string::npos);
  // Access log lines are JSON with the request id.
  bool found = false;
  std::istringstream lines(server.output());
  for (std::string line; std::getline(lines, line);) {
    auto j = json::parse(line, nullptr, false);
    if (j.is_object() && j.value("msg", "") == "request" && j.value("route", "") == "/api/v1/me")
      found = j.value("status", 0) == 401 && !j.value("request_id", "").empty();
  }
  EXPECT_TRUE(found) << server.output();
  EXPECT_EQ(server.stop(), 0);
}

TEST(Server, OpenApiDocumentsEveryRouteWithItsAnswers) {
  ServerProcess server;
  server.start();
  HttpClient http(server.base_url());
  auto doc = http.get("/api/v1/openapi.json").json();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  // The API.md routes built so far, each with its method.
  std::set<std::string> expected = {
      "GET /healthz", "GET /readyz", "GET /metrics", "GET /api/v1/openapi.json",
      "POST /api/v1/auth/register", "POST /api/v1/auth/login", "POST /api/v1/auth/logout", "GET /api/v1/me",
      "POST /api/v1/auth/password", "POST /api/v1/businesses", "GET /api/v1/businesses/{b}",
      "PATCH /api/v1/businesses/{b}", "GET /api/v1/businesses/{b}/members",
      "PATCH /api/v1/businesses/{b}/members/{user_id}", "DELETE /api/v1/businesses/{b}/members/{user_id}",
      "POST /api/v1/businesses/{b}/invitations", "GET /api/v1/businesses/{b}/invitations",
      "DELETE /api/v1/businesses/{b}/invitations/{id}", "POST /api/v1/invitations/accept",
      "POST /api/v1/platform/businesses", "GET /api/v1/platform/businesses", "PATCH /api/v1/platform/businesses/{b}",
      "GET /api/v1/businesses/{b}/contacts", "POST /api/v1/businesses/{b}/contacts",
      "GET /api/v1/businesses/{b}/contacts/{id}", "PATCH /api/v1/businesses/{b}/contacts/{id}",
      "DELETE /api/v1/businesses/{b}/contacts/{id}", "GET /api/v1/businesses/{b}/audit-log",
      "GET /api/v1/platform/plans", "POST /api/v1/platform/plans", "PATCH /api/v1/platform/plans/{name}"};
  std::set<std::string> documented;
  for (auto& [path, ops] : doc["paths"].items()) {
    for (auto& [method, op] : ops.items()) {
      std::string m = method;
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(m + " " + path);
      std::string key = m + " " + path;
      ASSERT_TRUE(op.contains("responses")) << key;
      EXPECT_TRUE(op["responses"].contains("500")) << key;
      bool has_success = false;
      for (auto& [status, resp] : op["responses"].items()) {
        has_success = has_success || status[0] == '2';
        if (status[0] >= '4') {
          EXPECT_TRUE(resp["content"].contains("application/problem+json")) << key << " " << status;
        }
      }
      EXPECT_TRUE(has_success) << key;
      // Every path parameter is declared.
      size_t braces = std::count(path.begin(), path.end(), '{');
      size_t declared = 0;
      for (auto& p : op.value("parameters", json::array())) declared += p["in"] == "path";
      EXPECT_EQ(declared, braces) << key;
      if (m == "POST" || m == "PATCH") {
        EXPECT_TRUE(op.contains("requestBody") || path == "/api/v1/auth/logout") << key << " has no request schema";
      }
      if (op.contains("requestBody")) {
        EXPECT_TRUE(op["responses"].contains("400")) << key;
      }
      if (path.starts_with("/api/v1/businesses/{b}")) {
        EXPECT_TRUE(op["responses"].contains("404")) << key;
      }
      // Every $ref resolves.
      std::function<void(const json&)> check = [&](const json& j) {
        if (j.is_object()) {
          if (j.contains("$ref")) {
            std::string ref = j["$ref"];
            EXPECT_TRUE(doc["components"]["schemas"].contains(ref.substr(ref.rfind('/') + 1))) << key << " " << ref;
          }
          for (auto& [k, v] : j.items()) check(v);
        } else if (j.is_array()) {
          for (auto& v : j) check(v);
        }
      };
      check(op);
    }
  }
  for (const auto& e : expected) EXPECT_TRUE(documented.count(e)) << e << " is not in the OpenAPI document";
  EXPECT_EQ(server.stop(), 0);
}

TEST(Server, KeepAliveServesManyRequestsOnOneConnection) {
  ServerProcess server;
  server.start();
  std::string two = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string answer = raw_exchange(server.port(), two, 1000);
  size_t first = answer.find("HTTP/1.1 200");
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(answer.find("HTTP/1.1 200", first + 1), std::string::npos) << answer;
  EXPECT_EQ(server.stop(), 0);
}

TEST(Server, SigtermWithIdleConnectionsOpenExitsCleanlyAndQuickly) {
  ServerProcess server;
  server.start();
  // An idle keep-alive connection, as a browser leaves one.
  std::thread idle([&] { raw_exchange(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 5000); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(server.stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  idle.join();
  EXPECT_NE(server.output().find("stopped cleanly"), std::string::npos);
}

TEST(Server, SigtermLetsARequestInFlightFinish) {
  ServerProcess server;
  server.start();
  int fd = connect_loopback(server.port());
  ASSERT_GE(fd, 0);
  std::string body = R"({"email":"late@example.test","password":"whatever password"})";
  std::string head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n";
  ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);  // the header now, the body after SIGTERM
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int exit_status = -1;
  std::thread stopper([&] { exit_status = server.stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::send(fd, body.data(), body.size(), MSG_NOSIGNAL);
  std::string answer = read_until_closed(fd);
  stopper.join();
  EXPECT_NE(answer.find("HTTP/1.1 401"), std::string::npos) << "the request begun before SIGTERM is answered: " << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
  EXPECT_EQ(exit_status, 0);
}

TEST(Server, ForwardedForIsBelievedOnlyFromTrustedProxies) {
  for (bool trusted : {false, true}) {
    std::vector<std::string> args;
    if (trusted) args = {"--trusted-proxy", "127.0.0.1"};
    ServerProcess server({Backend::sqlite, args});
    server.start();
    World w(server);
    Session s = w.signup("proxied");
    std::string b = w.create_business(s, "Behind A Proxy");
    RequestOptions o = s.bearer();
    o.headers["X-Forwarded-For"] = "198.51.100.1, 203.0.113.7";
    ASSERT_EQ(w.http.patch("/api/v1/businesses/" + b, {{"name", "Renamed"}}, o).status, 200);
    auto log = w.http.get("/api/v1/businesses/" + b + "/audit-log?action=business.updated", s.bearer()).json();
    ASSERT_EQ(log["items"].size(), 1u);
    EXPECT_EQ(log["items"][0]["ip"], trusted ? "203.0.113.7" : "127.0.0.1");
    EXPECT_EQ(server.stop(), 0);
  }
}

TEST(Server, WritesAcknowledgedBeforeSigtermSurviveARestart) {
  std::string dir = make_temp_dir("sb-restart");
  {
    ServerProcess server({Backend::sqlite, {}, {}, dir});
    server.start();
    World w(server);
    Session s = w.signup("persist");
    std::string b = w.create_business(s, "Durable");
    for (int i = 0; i < 20; ++i)
      ASSERT_EQ(w.http.post("/api/v1/businesses/" + b + "/contacts", {{"phone", "+1415555" + std::to_string(1000 + i)}},
                            s.bearer()).status, 201);
    ASSERT_EQ(server.stop(), 0);
    ServerProcess again({Backend::sqlite, {}, {}, dir});
    again.start();
    World w2(again);
    Session s2 = w2.login(s.email, s.password);
    auto list = w2.http.get("/api/v1/businesses/" + b + "/contacts?limit=200", s2.bearer()).json();
    EXPECT_EQ(list["items"].size(), 20u);
    EXPECT_EQ(again.stop(), 0);
  }
  std::filesystem::remove_all(dir);
}

TEST(Server, MigrateAndAdminCommandsWorkBesideARunningServer) {
  ServerProcess server;
  server.start();
  std::string out;
  EXPECT_EQ(server.run_cli({"migrate"}, &out), 0) << out;
  EXPECT_NE(out.find("applied 0 migration"), std::string::npos) << out;
  EXPECT_EQ(server.run_cli({"admin", "create-user", "--email", "ops@example.test", "--password", "ops password 123",
                            "--platform-admin"}, &out), 0) << out;
  HttpClient http(server.base_url());
  auto login = http.post("/api/v1/auth/login", {{"email", "ops@example.test"}, {"password", "ops password 123"}});
  ASSERT_EQ(login.status, 200);
  EXPECT_EQ(login.json()["user"]["is_platform_admin"], true);
  EXPECT_EQ(server.run_cli({"admin", "create-user", "--email", "x@example.test", "--password", "short"}, &out), 2);
  EXPECT_NE(out.find("10 characters"), std::string::npos) << out;
  EXPECT_EQ(server.run_cli({"serve", "--port", "notaport"}, &out), 2);
  EXPECT_EQ(server.stop(), 0);
}

TEST(Server, PerAddressRateLimitAnswers429WithRetryAfter) {
  ServerProcess server({Backend::sqlite, {"--ip-rate-limit", "30"}});
  server.start();
  HttpClient http(server.base_url());
  int limited = 0;
  std::string retry;
  for (int i = 0; i < 60; ++i) {
    auto r = http.get("/api/v1/me");
    if (r.status == 429) ++limited, retry = r.header("retry-after");
  }
  EXPECT_GE(limited, 25);
  EXPECT_FALSE(retry.empty());
  EXPECT_EQ(server.stop(), 0);
}

// Two requests on one connection, the first a HEAD: its answer must carry no body, or the
// second answer is misread (a proxy reusing the connection would hand it to someone else).
TEST(Server, HeadAnswersHeadersOnlyEvenForStreamedBodies) {
  ServerProcess server;
  server.start();
  World w(server);
  Session s = w.signup("header");
  std::string b = w.create_business(s, "Heads Only");
  ASSERT_EQ(w.http.post("/api/v1/businesses/" + b + "/contacts", {{"phone", "+14155550142"}, {"name", "Ana"}}, s.bearer())
                .status,
            201);
  int fd = connect_loopback(server.port());
  ASSERT_GE(fd, 0);
  std::string two = "HEAD /api/v1/businesses/" + b + "/contacts/export.csv HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                    s.token + "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ::send(fd, two.data(), two.size(), MSG_NOSIGNAL);
  std::string answer = read_until_closed(fd);
  size_t first_end = answer.find("\r\n\r\n");
  ASSERT_NE(first_end, std::string::npos) << answer;
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_EQ(answer.find("+14155550142"), std::string::npos) << "no CSV after a HEAD: " << answer;
  EXPECT_EQ(answer.compare(first_end + 4, 12, "HTTP/1.1 200"), 0) << "the next answer follows the headers at once: " << answer;
  EXPECT_NE(answer.find(R"({"status":"ok"})"), std::string::npos) << answer;
}

}  // namespace
}  // namespace sb::testing
