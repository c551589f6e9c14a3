#pragma once
// Worker threads that claim jobs and run the handler registered for each kind. A handler
// returns a result (done) or an Error: unavailable/internal errors are retried with
// backoff, every other kind fails the job at once with its message.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "jobs/job_queue.h"
#include "tenancy/tenant_scope.h"

namespace sb::jobs {

class JobContext {
 public:
  JobContext(JobQueue& queue, const Job& job, const std::string& worker, TimeMs lease, const std::atomic<bool>& stopping)
      : queue_(queue), job_(job), worker_(worker), lease_(lease), stopping_(stopping) {}
  const Job& job() const { return job_; }
  // The business the job works for (a job acts for its business, as queued by a member).
  tenancy::TenantScope scope() const;
  // Reports progress and renews the lease; false means stop: the lease was lost or the
  // process is shutting down (the job will be picked up again).
  bool progress(std::int64_t done, std::optional<std::int64_t> total);
  bool stopping() const { return stopping_; }

 private:
  JobQueue& queue_;
  const Job& job_;
  const std::string& worker_;
  TimeMs lease_;
  const std::atomic<bool>& stopping_;
};

using JobHandler = std::function<Result<nlohmann::json>(JobContext&)>;

struct WorkerOptions {
  int threads = 2;
  TimeMs lease = 60 * kSecond;
  TimeMs idle_poll = 500;  // how often an idle worker looks for due jobs
};

class WorkerPool {
 public:
  WorkerPool(JobQueue& queue, WorkerOptions options);
  ~WorkerPool();
  void handle(const std::string& kind, JobHandler handler);
  void start();
  // Finishes the jobs in hand, claims no more, joins the threads.
  void stop();
  // Wakes idle workers now (after an enqueue in this process).
  void nudge();

 private:
  void run(int index);
  void execute(const Job& job, const std::string& worker);
  JobQueue& queue_;
  WorkerOptions options_;
  std::map<std::string, JobHandler> handlers_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  std::string instance_;
};

}  // namespace sb::jobs
