// Inbox reads at scale: 1,000 businesses, one of them with 100,000 conversations and
// 1,000,000 messages, seeded through the real stores; then times what the inbox API runs:
// the conversation list (first page, a later page, by status, by assignee) and a message page.
// Usage: inbox_bench [conversations] [messages] [database-url]   (default: SQLite in a temp dir)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "contacts/contact_store.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "inbox/inbox_store.h"
#include "storage/database.h"
#include "tenancy/tenant_gate.h"

using namespace sb;

namespace {

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

template <typename F>
void timed(const char* name, int runs, F&& fn) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto t = std::chrono::steady_clock::now();
    size_t rows = fn(i);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
    if (rows == 0) std::fprintf(stderr, "warning: %s returned no rows\n", name);
  }
  std::printf("%-44s p50 %6.2f ms   p99 %6.2f ms\n", name, percentile(ms, 0.5), percentile(ms, 0.99));
}

}  // namespace

int main(int argc, char** argv) {
  crypto::init();
  long conversations = argc > 1 ? std::atol(argv[1]) : 100000;
  long messages = argc > 2 ? std::atol(argv[2]) : 1000000;
  std::string url = argc > 3 ? argv[3] : "";
  std::string dir;
  if (url.empty()) {
    dir = (std::filesystem::temp_directory_path() / ("inbox-bench-" + std::to_string(::getpid()))).string();
    std::filesystem::create_directories(dir);
    url = "sqlite:" + dir + "/bench.db";
  }
  auto db = storage::open_database(url);
  storage::migrate(*db);
  auto started = std::chrono::steady_clock::now();
  // 999 small businesses with a few conversations each, and the big one.
  std::vector<std::string> businesses;
  for (int i = 0; i < 1000; ++i) businesses.push_back(i == 0 ? "BIG" : "B" + std::to_string(i));
  db->write([&](storage::Conn& c) {
    for (auto& b : businesses)
      c.execute("INSERT INTO businesses (id, slug, name, settings, created_at, updated_at) VALUES ($1, $2, $1, '{}', 0, 0)",
                {b, "slug-" + b});
  });
  contacts::ContactStore contacts;
  inbox::InboxStore store;
  std::mt19937_64 rng(11);
  std::vector<std::string> big_conversations;
  auto seed = [&](const std::string& business, long n_conv, long n_msg) {
    auto scope = tenancy::TenantGate::elevated(BusinessId(business), UserId("bench"), tenancy::Role::owner);
    std::vector<std::string> ids;
    const long batch = 5000;
    TimeMs t0 = 1700000000000;
    for (long done = 0; done < n_conv; done += batch) {
      db->write([&](storage::Conn& c) {
        for (long i = done; i < std::min(n_conv, done + batch); ++i) {
          contacts::Contact k;
          k.id = ContactId(new_id());
          char phone[24];
          std::snprintf(phone, sizeof phone, "+1%03ld%07ld", 201 + (i / 10000000) % 700, i % 10000000);
          k.phone = phone;
          k.wa_id = k.phone.substr(1);
          k.name = "Customer " + std::to_string(i);
          k.lead_status = "new";
          k.created_at = k.updated_at = t0;
          contacts.insert(scope, c, k);
          inbox::Conversation cv;
          cv.id = new_id();
          cv.contact_id = k.id.str();
          cv.phone_number_id = "106540352242922";
          cv.status = i % 5 == 0 ? "resolved" : (i % 7 == 0 ? "pending" : "open");
          if (i % 3 == 0) cv.assignee_user_id = "agent" + std::to_string(i % 10);
          cv.last_message_at = t0 + i * 1000;
          cv.last_message_preview = "hello";
          cv.created_at = cv.updated_at = t0;
          store.insert_conversation(scope, c, cv);
          ids.push_back(cv.id);
        }
      });
    }
    for (long done = 0; done < n_msg; done += batch) {
      db->write([&](storage::Conn& c) {
        for (long i = done; i < std::min(n_msg, done + batch); ++i) {
          inbox::Message m;
          m.id = new_id();
          m.conversation_id = ids[static_cast<size_t>(rng() % ids.size())];
          m.direction = i % 2 ? "inbound" : "outbound";
          m.type = "text";
          m.text = "Message number " + std::to_string(i) + " about an order";
          m.status = i % 2 ? "received" : "read";
          m.wamid = "wamid.bench." + business + "." + std::to_string(i);
          m.created_at = t0 + i * 100;
          store.insert_message(scope, c, m);
        }
      });
    }
    return ids;
  };
  for (size_t i = 1; i < businesses.size(); ++i) seed(businesses[i], 3, 10);
  big_conversations = seed("BIG", conversations, messages);
  db->write([&](storage::Conn& c) { c.execute_script("ANALYZE"); });
  double seed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("seeded 1000 businesses; the big one: %ld conversations, %ld messages, in %.1f s (%s)\n", conversations,
              messages, seed_s, url.starts_with("sqlite") ? "SQLite" : "PostgreSQL");

  auto scope = tenancy::TenantGate::elevated(BusinessId("BIG"), UserId("bench"), tenancy::Role::owner);
  const int runs = 300;
  std::optional<std::pair<TimeMs, std::string>> deep;
  db->read([&](storage::Conn& c) {
    inbox::ConversationFilter f;
    f.limit = 51;
    for (int page = 0; page < 20; ++page) {
      f.before = deep;
      auto list = store.conversations(scope, c, f);
      deep = std::make_pair(list[49].last_message_at, list[49].id);
    }
  });
  timed("conversations, first page (50)", runs, [&](int) {
    inbox::ConversationFilter f;
    f.limit = 51;
    return db->read([&](storage::Conn& c) { return store.conversations(scope, c, f).size(); });
  });
  timed("conversations, page 21 (keyset)", runs, [&](int) {
    inbox::ConversationFilter f;
    f.limit = 51;
    f.before = deep;
    return db->read([&](storage::Conn& c) { return store.conversations(scope, c, f).size(); });
  });
  timed("conversations, status=pending", runs, [&](int) {
    inbox::ConversationFilter f;
    f.limit = 51;
    f.status = "pending";
    return db->read([&](storage::Conn& c) { return store.conversations(scope, c, f).size(); });
  });
  timed("conversations, assignee=agent3", runs, [&](int) {
    inbox::ConversationFilter f;
    f.limit = 51;
    f.assignee = "agent3";
    return db->read([&](storage::Conn& c) { return store.conversations(scope, c, f).size(); });
  });
  timed("conversations, an agent's view (own+unassigned)", runs, [&](int) {
    inbox::ConversationFilter f;
    f.limit = 51;
    f.visible_to_agent = "agent3";
    return db->read([&](storage::Conn& c) { return store.conversations(scope, c, f).size(); });
  });
  timed("messages of a conversation, first page (50)", runs, [&](int i) {
    const auto& id = big_conversations[static_cast<size_t>(i * 7919) % big_conversations.size()];
    return db->read([&](storage::Conn& c) { return store.messages(scope, c, id, std::nullopt, 51).size(); }) + 1;
  });
  timed("one message by wamid (dedupe, statuses)", runs, [&](int i) {
    std::string wamid = "wamid.bench.BIG." + std::to_string((i * 7919) % messages);
    return db->read([&](storage::Conn& c) { return store.message_by_wamid(scope, c, wamid) ? 1 : 0; });
  });
  db->close();
  if (!dir.empty()) std::filesystem::remove_all(dir);
  return 0;
}
