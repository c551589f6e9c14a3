#pragma once
// Prometheus counters and histograms: requests per route and status, request latency per
// route, database time per operation. Rendered in the text exposition format at /metrics.
#include <array>
#include <map>
#include <mutex>
#include <string>

namespace sb::api {

class Metrics {
 public:
  void observe_request(const std::string& method, const std::string& route, int status, double seconds);
  void observe_db(const char* op, double seconds);
  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};
    uint64_t total = 0;
    double sum = 0;
    void observe(double v);
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, Histogram> latency_;
  std::map<std::string, Histogram> db_;
};

}  // namespace sb::api
