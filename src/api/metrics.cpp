#include "api/metrics.h"

#include <fmt/format.h>

namespace sb::api {

void Metrics::Histogram::observe(double v) {
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (v <= kBuckets[i]) ++counts[i];
  ++total;
  sum += v;
}

void Metrics::observe_request(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{method, route, status}];
  latency_[{method, route}].observe(seconds);
}

void Metrics::observe_db(const char* op, double seconds) {
  std::lock_guard lock(mu_);
  db_[op].observe(seconds);
}

namespace {
void render_histogram(std::string& out, const char* name, const std::string& labels, const auto& h,
                      const auto& buckets) {
  std::string sep = labels.empty() ? "" : ",";
  for (size_t i = 0; i < buckets.size(); ++i)
    out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep, buckets[i], h.counts[i]);
  out += fmt::format("{}_bucket{{{}{}le=\"+Inf\"}} {}\n", name, labels, sep, h.total);
  out += fmt::format("{}_sum{{{}}} {}\n", name, labels, h.sum);
  out += fmt::format("{}_count{{{}}} {}\n", name, labels, h.total);
}
}  // namespace

std::string Metrics::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP switchboard_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE switchboard_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out += fmt::format("switchboard_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n", method,
                       route, status, n);
  }
  out += "# HELP switchboard_http_request_duration_seconds Time to answer a request, by route.\n";
  out += "# TYPE switchboard_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_)
    render_histogram(out, "switchboard_http_request_duration_seconds",
                     fmt::format("method=\"{}\",route=\"{}\"", key.first, key.second), h, kBuckets);
  out += "# HELP switchboard_db_duration_seconds Time spent in database reads and writes.\n";
  out += "# TYPE switchboard_db_duration_seconds histogram\n";
  for (const auto& [op, h] : db_)
    render_histogram(out, "switchboard_db_duration_seconds", fmt::format("op=\"{}\"", op), h, kBuckets);
  return out;
}

}  // namespace sb::api
