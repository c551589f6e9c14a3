#include "jobs/job_queue.h"

#include <algorithm>

#include "tenancy/tenant_gate.h"

#include <sodium.h>

#include <algorithm>

namespace sb::jobs {

using storage::Conn;
using storage::Row;

const char* to_string(JobStatus s) {
  switch (s) {
    case JobStatus::queued: return "queued";
    case JobStatus::running: return "running";
    case JobStatus::done: return "done";
    case JobStatus::failed: return "failed";
  }
  return "queued";
}

JobStatus parse_status(const std::string& s) {
  if (s == "running") return JobStatus::running;
  if (s == "done") return JobStatus::done;
  if (s == "failed") return JobStatus::failed;
  return JobStatus::queued;
}

TimeMs backoff_delay(int attempts, double jitter_unit) {
  double base = 1000.0 * static_cast<double>(1LL << std::clamp(attempts - 1, 0, 12));
  double capped = std::min(base, static_cast<double>(kHour));
  return static_cast<TimeMs>(capped * (0.5 + std::clamp(jitter_unit, 0.0, 1.0)));
}

namespace {
constexpr const char* kColumns =
    "business_id, id, kind, status, payload, progress_done, progress_total, result, error, attempts, max_attempts, "
    "run_after, created_by, created_at, updated_at";

Job job_from(Row& r) {
  Job j;
  j.business_id = BusinessId(r.take_text(0));
  j.id = r.take_text(1);
  j.kind = r.take_text(2);
  j.status = parse_status(r.text(3));
  j.payload = nlohmann::json::parse(r.text(4), nullptr, false);
  j.progress_done = r.int64(5);
  j.progress_total = r.opt_int64(6);
  if (auto res = r.opt_text(7)) j.result = nlohmann::json::parse(*res, nullptr, false);
  j.error = r.opt_text(8);
  j.attempts = static_cast<int>(r.int64(9));
  j.max_attempts = static_cast<int>(r.int64(10));
  j.run_after = r.int64(11);
  j.created_by = r.opt_text(12);
  j.created_at = r.int64(13);
  j.updated_at = r.int64(14);
  return j;
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }
}  // namespace

std::string JobQueue::enqueue(const tenancy::TenantScope& scope, Conn& c, const std::string& kind,
                              const nlohmann::json& payload, EnqueueOptions options) {
  std::string id = new_id();
  TimeMs now = clock_.now_ms();
  c.execute(
      "INSERT INTO jobs (business_id, id, kind, status, payload, max_attempts, run_after, created_by, created_at, "
      "updated_at) VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $8)",
      {scope.business_id().str(), id, kind, dump(payload), options.max_attempts, options.run_after.value_or(now),
       scope.user_id().empty() ? storage::Value() : storage::Value(scope.user_id().str()), now});
  return id;
}

std::optional<Job> JobQueue::get(const tenancy::TenantScope& scope, const std::string& id) {
  return db_.read([&](Conn& c) -> std::optional<Job> {
    auto r = c.query_one(std::string("SELECT ") + kColumns + " FROM jobs WHERE business_id = $1 AND id = $2",
                         {scope.business_id().str(), id});
    if (!r) return std::nullopt;
    return job_from(*r);
  });
}

std::vector<Job> JobQueue::claim(const std::string& worker, int limit, TimeMs lease) {
  TimeMs now = clock_.now_ms();
  return db_.write([&](Conn& c) {
    std::vector<Job> out;
    // Two scans on the claim-order index, due queued jobs first, then abandoned leases.
    std::string due = std::string("SELECT ") + kColumns +
                      " FROM jobs WHERE status = 'queued' AND run_after <= $1 ORDER BY run_after LIMIT $2" +
                      storage::skip_locked(c.dialect());
    std::string abandoned = std::string("SELECT ") + kColumns +
                            " FROM jobs WHERE status = 'running' AND lease_expires_at < $1 ORDER BY run_after LIMIT $2" +
                            storage::skip_locked(c.dialect());
    std::vector<Job> found;
    for (const auto* sql : {&due, &abandoned}) {
      int room = limit - static_cast<int>(found.size());
      if (room <= 0) break;
      for (auto& r : c.query(*sql, {now, room})) found.push_back(job_from(r));
    }
    for (auto& j : found) {
      // A job whose worker keeps dying (lease after lease expiring) must stop coming back.
      if (j.status == JobStatus::running && j.attempts >= j.max_attempts) {
        c.execute(
            "UPDATE jobs SET status = 'failed', error = $3, lease_owner = NULL, lease_expires_at = NULL, updated_at = $4 "
            "WHERE business_id = $1 AND id = $2",
            {j.business_id.str(), j.id, "abandoned: its worker stopped " + std::to_string(j.attempts) + " times", now});
        continue;
      }
      out.push_back(std::move(j));
    }
    for (auto& j : out) {
      ++j.attempts;
      j.status = JobStatus::running;
      c.execute(
          "UPDATE jobs SET status = 'running', attempts = $3, lease_owner = $4, lease_expires_at = $5, updated_at = $6 "
          "WHERE business_id = $1 AND id = $2",
          {j.business_id.str(), j.id, j.attempts, worker, now + lease, now});
    }
    return out;
  });
}

void JobQueue::report_progress(events::EventLog& log, events::EventSink& sink, std::vector<std::string> kinds) {
  log_ = &log;
  sink_ = &sink;
  reported_kinds_ = std::move(kinds);
}

void JobQueue::report(Conn& c, const Job& job, const char* status, std::int64_t done, std::optional<std::int64_t> total,
                      const nlohmann::json& result, const std::string& error) {
  if (!log_ || std::find(reported_kinds_.begin(), reported_kinds_.end(), job.kind) == reported_kinds_.end()) return;
  auto scope = tenancy::TenantGate::elevated(job.business_id, UserId(job.created_by.value_or("system")),
                                             tenancy::Role::owner);
  nlohmann::json data = {{"job_id", job.id},
                         {"kind", job.kind},
                         {"status", status},
                         {"progress", {{"done", done}, {"total", total ? nlohmann::json(*total) : nlohmann::json(nullptr)}}},
                         {"result", result},
                         {"error", error.empty() ? nlohmann::json(nullptr) : nlohmann::json(error)}};
  log_->append(scope, c, "job.progress", data, job.created_by);
}

void JobQueue::notify(const Job& job) {
  if (sink_ && std::find(reported_kinds_.begin(), reported_kinds_.end(), job.kind) != reported_kinds_.end())
    sink_->notify(job.business_id.str());
}

bool JobQueue::progress(const Job& job, const std::string& worker, std::int64_t done, std::optional<std::int64_t> total,
                        TimeMs lease) {
  TimeMs now = clock_.now_ms();
  bool ok = db_.write([&](Conn& c) {
    bool held = c.execute(
                    "UPDATE jobs SET progress_done = $4, progress_total = $5, lease_expires_at = $6, updated_at = $7 "
                    "WHERE business_id = $1 AND id = $2 AND status = 'running' AND lease_owner = $3",
                    {job.business_id.str(), job.id, worker, done, total ? storage::Value(*total) : storage::Value(),
                     now + lease, now}) == 1;
    if (held) report(c, job, "running", done, total, nullptr, "");
    return held;
  });
  if (ok) notify(job);
  return ok;
}

bool JobQueue::complete(const Job& job, const std::string& worker, const nlohmann::json& result) {
  TimeMs now = clock_.now_ms();
  bool ok = db_.write([&](Conn& c) {
    bool held = c.execute(
                    "UPDATE jobs SET status = 'done', result = $4, error = NULL, lease_owner = NULL, lease_expires_at = NULL, "
                    "updated_at = $5 WHERE business_id = $1 AND id = $2 AND status = 'running' AND lease_owner = $3",
                    {job.business_id.str(), job.id, worker, dump(result), now}) == 1;
    if (held) {
      auto row = c.query_one("SELECT progress_done, progress_total FROM jobs WHERE business_id = $1 AND id = $2",
                             {job.business_id.str(), job.id});
      report(c, job, "done", row ? row->int64(0) : 0, row ? row->opt_int64(1) : std::nullopt, result, "");
    }
    return held;
  });
  if (ok) notify(job);
  return ok;
}

bool JobQueue::fail(const Job& job, const std::string& worker, const std::string& error, bool retryable) {
  TimeMs now = clock_.now_ms();
  bool again = retryable && job.attempts < job.max_attempts;
  double jitter = static_cast<double>(randombytes_uniform(1000)) / 1000.0;
  bool ok = db_.write([&](Conn& c) {
    bool held = c.execute(
                    "UPDATE jobs SET status = $4, error = $5, run_after = $6, lease_owner = NULL, lease_expires_at = NULL, "
                    "updated_at = $7 WHERE business_id = $1 AND id = $2 AND status = 'running' AND lease_owner = $3",
                    {job.business_id.str(), job.id, worker, again ? "queued" : "failed", error,
                     again ? now + backoff_delay(job.attempts, jitter) : job.run_after, now}) == 1;
    if (held && !again) report(c, job, "failed", job.progress_done, job.progress_total, nullptr, error);
    return held;
  });
  if (ok && !again) notify(job);
  return ok;
}

bool JobQueue::release(const Job& job, const std::string& worker) {
  TimeMs now = clock_.now_ms();
  return db_.write([&](Conn& c) {
    return c.execute(
               "UPDATE jobs SET status = 'queued', attempts = $4, run_after = $5, lease_owner = NULL, "
               "lease_expires_at = NULL, updated_at = $5 WHERE business_id = $1 AND id = $2 AND status = 'running' AND "
               "lease_owner = $3",
               {job.business_id.str(), job.id, worker, std::max(0, job.attempts - 1), now}) == 1;
  });
}

}  // namespace sb::jobs
