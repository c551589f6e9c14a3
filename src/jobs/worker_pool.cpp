#include "jobs/worker_pool.h"

#include "core/thread_name.h"

#include <spdlog/spdlog.h>

#include "core/crypto.h"
#include "tenancy/tenant_gate.h"

namespace sb::jobs {

tenancy::TenantScope JobContext::scope() const {
  return tenancy::TenantGate::elevated(job_.business_id, UserId(job_.created_by.value_or("")), tenancy::Role::owner);
}

bool JobContext::progress(std::int64_t done, std::optional<std::int64_t> total) {
  if (stopping_) return false;
  return queue_.progress(job_, worker_, done, total, lease_);
}

WorkerPool::WorkerPool(JobQueue& queue, WorkerOptions options)
    : queue_(queue), options_(options), instance_(crypto::to_hex(crypto::random_bytes(4))) {}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::handle(const std::string& kind, JobHandler handler) { handlers_[kind] = std::move(handler); }

void WorkerPool::start() {
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this, i] {
    name_this_thread("sb-jobs");
    run(i);
  });
}

void WorkerPool::stop() {
  stopping_ = true;
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void WorkerPool::nudge() { wake_.notify_all(); }

void WorkerPool::run(int index) {
  std::string worker = instance_ + "-" + std::to_string(index);
  while (!stopping_) {
    std::vector<Job> jobs;
    try {
      jobs = queue_.claim(worker, 1, options_.lease);
    } catch (const std::exception& e) {
      spdlog::error(nlohmann::json({{"msg", "job claim failed"}, {"error", e.what()}}).dump());
    }
    if (jobs.empty()) {
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, std::chrono::milliseconds(options_.idle_poll), [&] { return stopping_.load(); });
      continue;
    }
    for (const auto& job : jobs) execute(job, worker);
  }
}

void WorkerPool::execute(const Job& job, const std::string& worker) {
  auto it = handlers_.find(job.kind);
  if (it == handlers_.end()) {
    try {
      queue_.fail(job, worker, "no handler for job kind `" + job.kind + "`", false);
    } catch (const std::exception&) {
      // The lease runs out and another attempt will try again.
    }
    return;
  }
  JobContext ctx(queue_, job, worker, options_.lease, stopping_);
  try {
    auto result = it->second(ctx);
    if (result) {
      queue_.complete(job, worker, *result);
    } else if (stopping_) {
      queue_.release(job, worker);  // a deploy is not a failure of the job
    } else {
      bool retry = result.error().kind == ErrorKind::unavailable || result.error().kind == ErrorKind::internal;
      queue_.fail(job, worker, result.error().message, retry);
    }
  } catch (const std::exception& e) {
    // Broken infrastructure or a bug: retried with backoff, logged with the job.
    spdlog::error(nlohmann::json({{"msg", "job failed"}, {"job_id", job.id}, {"kind", job.kind}, {"error", e.what()}})
                      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    try {
      queue_.fail(job, worker, std::string("internal error: ") + e.what(), true);
    } catch (...) {
    }
  }
}

}  // namespace sb::jobs
