// Contact search at scale: seeds one business with N contacts (default 1,000,000) through
// the real store, then times the list query the API runs for typical searches and filters.
// Usage: search_bench [contacts] [database-url]   (default: SQLite in a temp dir)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>
#include <functional>

#include "contacts/contact_store.h"
#include "core/crypto.h"
#include "storage/database.h"
#include "tenancy/tenant_gate.h"

using namespace sb;

namespace {
const char* kFirst[] = {"ana", "bruno", "carla", "diego", "elena", "fatima", "gabriel", "hana", "ivan", "julia",
                        "kenji", "lucia", "marco", "nina", "omar", "paula", "quentin", "rosa", "samir", "tania",
                        "umar", "vera", "wei", "ximena", "yusuf", "zara", "maria", "joao", "priya", "chen"};
const char* kLast[] = {"silva", "santos", "oliveira", "souza", "lima", "pereira", "costa", "rodrigues", "almeida",
                       "nascimento", "lopez", "garcia", "martinez", "hernandez", "gonzalez", "smith", "johnson",
                       "patel", "khan", "nguyen", "kim", "tanaka", "muller", "rossi", "dubois", "novak", "ivanova",
                       "cohen", "haddad", "okafor"};

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}
}  // namespace

int main(int argc, char** argv) {
  crypto::init();
  long n = argc > 1 ? std::atol(argv[1]) : 1000000;
  std::string dir;
  std::string url = argc > 2 ? argv[2] : "";
  if (url.empty()) {
    dir = (std::filesystem::temp_directory_path() / ("search-bench-" + std::to_string(::getpid()))).string();
    std::filesystem::create_directories(dir);
    url = "sqlite:" + dir + "/bench.db";
  }
  auto db = storage::open_database(url);
  storage::migrate(*db);
  db->write([](storage::Conn& c) {
    c.execute("INSERT INTO businesses (id, slug, name, settings, created_at, updated_at) VALUES ('BENCH', 'bench', "
              "'Bench', '{}', 0, 0) ON CONFLICT DO NOTHING", {});
    c.execute("INSERT INTO businesses (id, slug, name, settings, created_at, updated_at) VALUES ('OTHER', 'other', "
              "'Other', '{}', 0, 0) ON CONFLICT DO NOTHING", {});
  });
  auto scope = tenancy::TenantGate::elevated(BusinessId("BENCH"), UserId("bench"), tenancy::Role::owner);
  contacts::ContactStore store;
  std::mt19937_64 rng(7);
  auto started = std::chrono::steady_clock::now();
  const long batch = 5000;
  for (long done = 0; done < n; done += batch) {
    db->write([&](storage::Conn& c) {
      for (long i = done; i < std::min(n, done + batch); ++i) {
        contacts::Contact k;
        k.id = ContactId(new_id());
        char phone[24];
        std::snprintf(phone, sizeof phone, "+1%03ld%07ld", 201 + (i / 10000000) % 700, i % 10000000);
        k.phone = phone;
        k.wa_id = k.phone.substr(1);
        k.name = std::string(kFirst[rng() % 30]) + " " + kLast[rng() % 30] + " " + std::to_string(i % 997);
        k.name[0] = static_cast<char>(std::toupper(k.name[0]));
        k.tags = {rng() % 10 == 0 ? "vip" : "regular"};
        k.owner_user_id = "rep" + std::to_string(rng() % 20);
        k.lead_status = "new";
        k.created_at = k.updated_at = 1;
        store.insert(scope, c, k);
      }
    });
    if (done == batch * 4 || done + batch >= n) db->write([&](storage::Conn& c) { store.refresh_statistics(c); });
  }
  double seed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("seeded %ld contacts in %.1f s (%s)\n", n, seed_s, url.substr(0, url.find(':')).c_str());

  struct Case {
    const char* name;
    std::function<contacts::ContactFilter()> make;
  };
  std::vector<Case> cases = {
      {"name prefix (3 letters)",
       [&] { contacts::ContactFilter f; f.query = std::string(kLast[rng() % 30]).substr(0, 3); return f; }},
      {"full name words", [&] {
         contacts::ContactFilter f;
         f.query = std::string(kFirst[rng() % 30]) + " " + kLast[rng() % 30];
         return f;
       }},
      {"phone prefix (8 digits)", [&] {
         contacts::ContactFilter f;
         char q[16];
         std::snprintf(q, sizeof q, "1201%04ld", static_cast<long>(rng() % 1000));
         f.query = q;
         return f;
       }},
      {"exact phone", [&] {
         contacts::ContactFilter f;
         char q[16];
         std::snprintf(q, sizeof q, "1201%07ld", static_cast<long>(rng() % std::min<long>(n, 10000000)));
         f.query = q;
         return f;
       }},
      {"tag vip", [&] { contacts::ContactFilter f; f.tag = "vip"; return f; }},
      {"owner (my leads)", [&] { contacts::ContactFilter f; f.owner_user_id = "rep" + std::to_string(rng() % 20); return f; }},
      {"no filter", [] { return contacts::ContactFilter{}; }},
  };
  std::printf("%-26s %10s %10s %10s\n", "query (limit 51)", "p50 ms", "p99 ms", "rows");
  for (auto& cs : cases) {
    std::vector<double> ms;
    size_t rows = 0;
    for (int i = 0; i < 300; ++i) {
      auto f = cs.make();
      f.limit = 51;
      auto t0 = std::chrono::steady_clock::now();
      auto page = db->read([&](storage::Conn& c) { return store.list(scope, c, f); });
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      rows += page.size();
    }
    std::printf("%-26s %10.2f %10.2f %10zu\n", cs.name, percentile(ms, 0.5), percentile(ms, 0.99), rows / 300);
  }
  db->close();
  if (!dir.empty()) std::filesystem::remove_all(dir);
  return 0;
}
