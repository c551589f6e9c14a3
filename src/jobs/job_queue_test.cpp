// The job queue on both backends: claims are exclusive, leases expire and are reclaimed,
// failures back off and give up, and the worker pool runs handlers to completion.
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include <unistd.h>

#include "core/crypto.h"
#include "jobs/job_queue.h"
#include "jobs/worker_pool.h"
#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"
#include "support/pg_server.h"
#include "tenancy/tenant_gate.h"

namespace sb::jobs {
namespace {

class ManualClock : public Clock {
 public:
  TimeMs now_ms() const override { return now; }
  std::atomic<TimeMs> now{1'000'000};
};

class JobQueueTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto_init_once();
    if (GetParam() == "sqlite") {
      path = std::filesystem::temp_directory_path() / ("jobs-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".db");
      db = storage::make_sqlite_database(path.string());
    } else {
      db = storage::make_postgres_database(PgServer::shared().create_database("jobs"));
    }
    storage::migrate(*db);
    db->write([](storage::Conn& c) {
      c.execute("INSERT INTO businesses (id, slug, name, settings, created_at, updated_at) VALUES ('B1', 'b-one', 'B', '{}', 0, 0)", {});
    });
    queue = std::make_unique<JobQueue>(*db, clock);
  }
  void TearDown() override {
    db->close();
    if (!path.empty()) std::filesystem::remove(path);
  }
  static void crypto_init_once();
  std::string enqueue(const std::string& kind, int max_attempts = 5) {
    auto scope = tenancy::TenantGate::elevated(BusinessId("B1"), UserId("U1"), tenancy::Role::owner);
    return db->write([&](storage::Conn& c) { return queue->enqueue(scope, c, kind, {{"n", 1}}, {std::nullopt, max_attempts}); });
  }
  std::optional<Job> get(const std::string& id) {
    return queue->get(tenancy::TenantGate::elevated(BusinessId("B1"), UserId(), tenancy::Role::agent), id);
  }
  static inline int n = 0;
  std::filesystem::path path;
  std::unique_ptr<storage::Database> db;
  ManualClock clock;
  std::unique_ptr<JobQueue> queue;
};

void JobQueueTest::crypto_init_once() { crypto::init(); }

TEST_P(JobQueueTest, ClaimsAreExclusiveUntilTheLeaseExpires) {
  std::set<std::string> ids;
  for (int i = 0; i < 10; ++i) ids.insert(enqueue("k"));
  auto a = queue->claim("worker-a", 6, 30 * kSecond);
  auto b = queue->claim("worker-b", 6, 30 * kSecond);
  EXPECT_EQ(a.size(), 6u);
  EXPECT_EQ(b.size(), 4u);
  std::set<std::string> seen;
  for (auto& j : a) seen.insert(j.id);
  for (auto& j : b) EXPECT_TRUE(seen.insert(j.id).second) << "a job was handed to two workers";
  EXPECT_EQ(seen, ids);
  EXPECT_TRUE(queue->claim("worker-c", 10, 30 * kSecond).empty());
  // Worker a dies; after its lease runs out another worker gets its jobs.
  clock.now += 31 * kSecond;
  auto again = queue->claim("worker-c", 10, 30 * kSecond);
  EXPECT_EQ(again.size(), 10u) << "every lease had expired";
  EXPECT_FALSE(queue->complete(a[0], "worker-a", {})) << "a lost lease can't complete the job";
  EXPECT_TRUE(queue->complete(again[0], "worker-c", {{"ok", true}}));
  auto done = get(again[0].id);
  EXPECT_EQ(done->status, JobStatus::done);
  EXPECT_EQ(done->result["ok"], true);
  EXPECT_EQ(done->attempts, 2);
}

TEST_P(JobQueueTest, ConcurrentClaimersNeverShareAJob) {
  for (int i = 0; i < 120; ++i) enqueue("k");
  std::mutex mu;
  std::vector<std::string> claimed;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (;;) {
        auto jobs = queue->claim("w" + std::to_string(t), 7, kMinute);
        if (jobs.empty()) return;
        std::lock_guard lock(mu);
        for (auto& j : jobs) claimed.push_back(j.id);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(claimed.size(), 120u);
  EXPECT_EQ(std::set<std::string>(claimed.begin(), claimed.end()).size(), 120u);
}

TEST_P(JobQueueTest, RetryableFailuresBackOffThenGiveUp) {
  std::string id = enqueue("flaky", 3);
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto jobs = queue->claim("w", 1, kMinute);
    ASSERT_EQ(jobs.size(), 1u) << "attempt " << attempt;
    ASSERT_TRUE(queue->fail(jobs[0], "w", "upstream 503", true));
    auto j = get(id);
    if (attempt < 3) {
      EXPECT_EQ(j->status, JobStatus::queued);
      EXPECT_GT(j->run_after, clock.now.load()) << "backs off";
      EXPECT_TRUE(queue->claim("w", 1, kMinute).empty()) << "not due before its backoff";
      clock.now = j->run_after;
    } else {
      EXPECT_EQ(j->status, JobStatus::failed);
      EXPECT_EQ(j->error, "upstream 503");
    }
  }
  std::string permanent = enqueue("bad");
  auto jobs = queue->claim("w", 1, kMinute);
  ASSERT_TRUE(queue->fail(jobs[0], "w", "invalid file", false));
  EXPECT_EQ(get(permanent)->status, JobStatus::failed);
}

TEST_P(JobQueueTest, AJobWhoseWorkerKeepsDyingFailsAfterMaxAttempts) {
  std::string id = enqueue("crashy", 2);
  ASSERT_EQ(queue->claim("w1", 1, kSecond).size(), 1u);
  clock.now += 2 * kSecond;
  ASSERT_EQ(queue->claim("w2", 1, kSecond).size(), 1u);
  clock.now += 2 * kSecond;
  EXPECT_TRUE(queue->claim("w3", 1, kSecond).empty());
  EXPECT_EQ(get(id)->status, JobStatus::failed);
}

TEST_P(JobQueueTest, WorkerPoolRunsHandlersAndRecordsProgress) {
  std::string ok = enqueue("count");
  std::string bad = enqueue("refuse");
  std::string unknown = enqueue("nobody-handles-this");
  WorkerPool pool(*queue, {2, kMinute, 20});
  pool.handle("count", [](JobContext& ctx) -> Result<nlohmann::json> {
    for (int i = 1; i <= 3; ++i)
      if (!ctx.progress(i, 3)) return fail(Error{ErrorKind::unavailable, "stopping", "stopping", {}, {}, {}});
    return nlohmann::json{{"counted", 3}, {"business", ctx.scope().business_id().str()}};
  });
  pool.handle("refuse", [](JobContext&) -> Result<nlohmann::json> {
    return fail(Error::validation("invalid_csv", "The file has no phone column."));
  });
  pool.start();
  for (int i = 0; i < 200; ++i) {
    auto a = get(ok), b = get(bad), c = get(unknown);
    if (a->status == JobStatus::done && b->status == JobStatus::failed && c->status == JobStatus::failed) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pool.stop();
  auto a = get(ok);
  EXPECT_EQ(a->status, JobStatus::done);
  EXPECT_EQ(a->progress_done, 3);
  EXPECT_EQ(a->progress_total, 3);
  EXPECT_EQ(a->result["business"], "B1");
  EXPECT_EQ(get(bad)->error, "The file has no phone column.");
  EXPECT_EQ(get(unknown)->status, JobStatus::failed);
}

TEST_P(JobQueueTest, AReleasedJobComesBackWithoutUsingAnAttempt) {
  std::string id = enqueue("k", 1);
  auto jobs = queue->claim("w", 1, kMinute);
  ASSERT_EQ(jobs.size(), 1u);
  ASSERT_TRUE(queue->release(jobs[0], "w"));
  auto j = get(id);
  EXPECT_EQ(j->status, JobStatus::queued);
  EXPECT_EQ(j->attempts, 0);
  EXPECT_EQ(queue->claim("w2", 1, kMinute).size(), 1u) << "due again at once, and its one attempt still there";
}

TEST(Backoff, GrowsAndIsCappedWithJitter) {
  EXPECT_EQ(backoff_delay(1, 0.5), 1000);
  EXPECT_EQ(backoff_delay(2, 0.5), 2000);
  EXPECT_EQ(backoff_delay(30, 0.5), kHour);
  EXPECT_EQ(backoff_delay(1, 0.0), 500);
  EXPECT_EQ(backoff_delay(1, 1.0), 1500);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobQueueTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace sb::jobs
