#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/ids.h"

namespace sb::jobs {

// queued → running → done | failed; a running job whose lease expires is queued again.
enum class JobStatus { queued, running, done, failed };
const char* to_string(JobStatus s);
JobStatus parse_status(const std::string& s);

struct Job {
  BusinessId business_id;
  std::string id;
  std::string kind;
  JobStatus status = JobStatus::queued;
  nlohmann::json payload = nlohmann::json::object();
  std::int64_t progress_done = 0;
  std::optional<std::int64_t> progress_total;
  nlohmann::json result;  // null until done
  std::optional<std::string> error;
  int attempts = 0;
  int max_attempts = 5;
  TimeMs run_after = 0;
  std::optional<std::string> created_by;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

// Exponential backoff with jitter: about 1 s after the first failure, doubling, capped at
// an hour; the jitter (0.5x–1.5x) keeps retries of many jobs from arriving together.
TimeMs backoff_delay(int attempts, double jitter_unit);

}  // namespace sb::jobs
