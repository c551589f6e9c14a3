// Load generator for webhook ingest: signed 1-message deliveries (the shape of Meta's text
// notification) over keep-alive loopback connections, as fast as the server acks them or at
// a fixed rate. Latency is measured from each request's scheduled send time, so a stalled
// server is not hidden by a stalled client (coordinated omission). Afterwards it reads the
// server's own intake timestamps to report how long processing lagged behind the ack.
//
//   webhook_bench --port P --business B --secret S --number N [--connections 32] [--seconds 10]
//                 [--rate 0] [--database URL]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cerrno>
#include <cstring>
#include <deque>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "storage/database.h"
#include "whatsapp/webhook_intake.h"

using Clock = std::chrono::steady_clock;

namespace {

std::map<std::string, std::string> args(int argc, char** argv) {
  std::map<std::string, std::string> out;
  for (int i = 1; i + 1 < argc; i += 2) out[argv[i]] = argv[i + 1];
  return out;
}

std::string delivery(const std::string& number, int seq, long now) {
  std::string customer = "1415555" + std::to_string(1000 + seq % 1000);
  char body[1024];
  std::snprintf(body, sizeof body,
                R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":)"
                R"({"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},)"
                R"("contacts":[{"profile":{"name":"Customer %d"},"wa_id":"%s"}],"messages":[{"from":"%s","id":)"
                R"("wamid.bench.%d.%ld","timestamp":"%ld","text":{"body":"Hello, is my order %d on its way?"},)"
                R"("type":"text"}]},"field":"messages"}]}]})",
                number.c_str(), seq % 1000, customer.c_str(), customer.c_str(), seq, now, now, seq);
  return body;
}

struct Result {
  std::vector<double> latencies_ms;
  long acked = 0;
  long failed = 0;
};

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
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

// One thread, non-blocking sockets and epoll, like wrk: the generator's CPU is what the
// server does not get on a shared machine, so it should cost little per request. At a fixed
// rate, request i is due at start + i / rate (open loop) and goes out on the next idle
// connection; its latency counts from when it was due, so a server that stalls can't hide
// behind a client that waits (coordinated omission). Without a rate, every connection sends
// again as soon as it is answered.
struct Connection {
  int fd = -1;
  bool busy = false;
  Clock::time_point due;
  std::string in;
};

// A complete response at the front of `buf`: its status, and the bytes it takes; 0 if incomplete.
std::pair<int, size_t> complete_response(const std::string& buf) {
  size_t head = buf.find("\r\n\r\n");
  if (head == std::string::npos) return {0, 0};
  size_t cl = 0;
  auto p = buf.find("Content-Length: ");
  if (p == std::string::npos || p > head) p = buf.find("content-length: ");
  if (p != std::string::npos && p < head) cl = std::strtoul(buf.c_str() + p + 16, nullptr, 10);
  if (buf.size() < head + 4 + cl) return {0, 0};
  return {std::atoi(buf.c_str() + 9), head + 4 + cl};
}

void run_connections(int port, int connections, double rate, Clock::time_point start, Clock::time_point end,
                     const std::vector<std::string>& requests, Result& r) {
  int ep = ::epoll_create1(0);
  std::vector<Connection> conns(static_cast<size_t>(connections));
  std::vector<size_t> idle;
  for (size_t i = 0; i < conns.size(); ++i) {
    conns[i].fd = connect_to(port);
    if (conns[i].fd < 0) continue;
    ::fcntl(conns[i].fd, F_SETFL, ::fcntl(conns[i].fd, F_GETFL) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
    idle.push_back(i);
  }
  std::deque<Clock::time_point> waiting;  // due, not sent yet: every connection was busy
  size_t next = 0;
  long scheduled = 0;
  auto send_on = [&](size_t i, Clock::time_point due) {
    const std::string& req = requests[next++ % requests.size()];
    // Requests are ~1.3 KB: the socket's buffer takes each whole on a loopback connection.
    if (::send(conns[i].fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) {
      ++r.failed;
      ::close(conns[i].fd);
      conns[i].fd = -1;
      return;
    }
    conns[i].busy = true;
    conns[i].due = due;
  };
  std::vector<epoll_event> events(static_cast<size_t>(connections));
  int in_flight = 0;
  for (;;) {
    auto now = Clock::now();
    bool sending = now < end;
    if (sending && rate > 0) {
      for (;;) {
        auto due = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(scheduled / rate));
        if (due > now) break;
        waiting.push_back(due);
        ++scheduled;
      }
    }
    while (sending && !idle.empty() && (rate <= 0 || !waiting.empty())) {
      size_t i = idle.back();
      idle.pop_back();
      Clock::time_point due = now;
      if (rate > 0) {
        due = waiting.front();
        waiting.pop_front();
      }
      send_on(i, due);
      if (conns[i].busy) ++in_flight;
    }
    if (!sending && in_flight == 0) break;
    if (!sending && now > end + std::chrono::seconds(10)) break;  // answers that never came
    // Sleeps until the next request is due (to the microsecond: a millisecond timeout would
    // either spin or send in bursts), or until an answer arrives.
    long wait_ns = 1000000;
    if (rate > 0 && sending) {
      auto due = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(scheduled / rate));
      wait_ns = std::max<long>(0, std::chrono::duration_cast<std::chrono::nanoseconds>(due - now).count());
    }
    timespec timeout{wait_ns / 1000000000, wait_ns % 1000000000};
    int n = ::epoll_pwait2(ep, events.data(), static_cast<int>(events.size()), &timeout, nullptr);
    for (int e = 0; e < n; ++e) {
      size_t i = events[static_cast<size_t>(e)].data.u64;
      Connection& c = conns[i];
      char tmp[8192];
      for (;;) {
        ssize_t got = ::recv(c.fd, tmp, sizeof tmp, 0);
        if (got > 0) {
          c.in.append(tmp, static_cast<size_t>(got));
          continue;
        }
        if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
          if (c.busy) {
            ++r.failed;
            --in_flight;
          }
          ::epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
          ::close(c.fd);
          c.fd = -1;
          c.busy = false;
        }
        break;
      }
      if (c.fd < 0) continue;
      auto [status, used] = complete_response(c.in);
      if (used == 0 || !c.busy) continue;
      c.in.erase(0, used);
      c.busy = false;
      --in_flight;
      if (status == 200) {
        ++r.acked;
        r.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - c.due).count());
      } else {
        ++r.failed;
      }
      idle.push_back(i);
    }
  }
  for (auto& c : conns)
    if (c.fd >= 0) ::close(c.fd);
  ::close(ep);
}

double pct(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  sb::crypto::init();
  auto a = args(argc, argv);
  int port = std::stoi(a["--port"]);
  std::string business = a["--business"], secret = a["--secret"], number = a["--number"];
  int connections = a.count("--connections") ? std::stoi(a["--connections"]) : 32;
  double seconds = a.count("--seconds") ? std::stod(a["--seconds"]) : 10;
  double rate = a.count("--rate") ? std::stod(a["--rate"]) : 0;
  std::string tag = a.count("--tag") ? a["--tag"] : "run";

  // Requests prepared up front: the generator should spend its share of the 2 cores on I/O.
  // At a fixed rate, one per request of the run, so that every delivery is a new message
  // (repeats are deduped cheaply and would flatter processing).
  const int kPrepared = rate > 0 ? static_cast<int>(rate * seconds * 1.05) + 1000 : 50000;
  long now = static_cast<long>(std::time(nullptr));
  std::vector<std::string> requests;
  requests.reserve(kPrepared);
  for (int i = 0; i < kPrepared; ++i) {
    std::string body = delivery(number, i + (tag == "half" ? kPrepared : 0), now);
    std::string sig = sb::crypto::to_hex(sb::crypto::hmac_sha256(secret, body));
    requests.push_back("POST /webhooks/whatsapp/" + business + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                       "X-Hub-Signature-256: sha256=" + sig + "\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\n\r\n" + body);
  }
  std::vector<Result> results(1);
  auto start = Clock::now();
  auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  long start_ms = sb::SystemClock().now_ms();
  run_connections(port, connections, rate, start, end, requests, results[0]);
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  long end_ms = sb::SystemClock().now_ms();
  std::vector<double> all;
  long acked = 0, failed = 0;
  for (auto& r : results) {
    acked += r.acked;
    failed += r.failed;
    all.insert(all.end(), r.latencies_ms.begin(), r.latencies_ms.end());
  }
  double p50 = pct(all, 0.50), p99 = pct(all, 0.99);
  std::printf("%s acked=%ld failed=%ld events_per_s=%.0f p50_ms=%.2f p99_ms=%.2f\n", tag.c_str(), acked, failed,
              static_cast<double>(acked) / elapsed, p50, p99);

  if (a.count("--database")) {
    // Processing lag: from the durable append (ack) to applied, for this run's deliveries.
    auto db = sb::storage::open_database(sb::whatsapp::intake_database_url(a["--database"]));
    std::vector<double> lag;
    for (int i = 0; i < 600; ++i) {
      long pending = db->read([&](sb::storage::Conn& c) {
        return c.query_one("SELECT COUNT(*) FROM webhook_inbox WHERE processed_at IS NULL", {})->int64(0);
      });
      if (pending == 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    db->read([&](sb::storage::Conn& c) {
      for (auto& row : c.query("SELECT processed_at - received_at FROM webhook_inbox WHERE received_at >= $1 AND "
                               "received_at <= $2 AND processed_at IS NOT NULL",
                               {start_ms, end_ms}))
        lag.push_back(static_cast<double>(row.int64(0)));
    });
    if (lag.empty())
      db->read([&](sb::storage::Conn& c) {
        auto r = c.query_one("SELECT COUNT(*), MIN(received_at), MAX(received_at), COUNT(processed_at) FROM webhook_inbox", {});
        std::printf("(intake: %lld rows, received %lld..%lld, %lld processed; window %ld..%ld)\n",
                    static_cast<long long>(r->int64(0)), static_cast<long long>(r->opt_int64(1).value_or(0)),
                    static_cast<long long>(r->opt_int64(2).value_or(0)), static_cast<long long>(r->int64(3)), start_ms,
                    end_ms);
      });
    db->close();
    std::printf("%s processing_lag_ms p50=%.0f p99=%.0f (%zu deliveries)\n", tag.c_str(), pct(lag, 0.5), pct(lag, 0.99),
                lag.size());
  }
  return 0;
}
