// CSV import through the real server and its job queue, on both backends.
#include <gtest/gtest.h>

#include <chrono>
#include <algorithm>
#include <cstring>
#include <random>
#include <thread>

#include "support/server_fixture.h"

namespace sb::testing {
namespace {

using nlohmann::json;

class Import : public ServerPerTest {
 protected:
  void SetUp() override {
    ServerPerTest::SetUp();
    owner = w->signup("owner");
    business = w->create_business(owner, "Importers");
  }
  std::string path(const std::string& rest) { return "/api/v1/businesses/" + business + rest; }
  HttpResponse upload(const std::string& csv, const std::string& type = "text/csv") {
    RequestOptions o = owner.bearer();
    o.content_type = type;
    return w->http.request("POST", path("/contacts/import"), csv, o);
  }
  // Polls the job until it ends; returns its final document.
  json wait_for(const std::string& job_id, int seconds = 120) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    json job;
    while (std::chrono::steady_clock::now() < deadline) {
      job = w->http.get(path("/jobs/" + job_id), owner.bearer()).json();
      if (job["status"] == "done" || job["status"] == "failed") return job;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "job did not finish: " << job.dump();
    return job;
  }
  json contact_by_phone(const std::string& digits) {
    auto items = w->http.get(path("/contacts?query=" + digits), owner.bearer()).json()["items"];
    return items.empty() ? json() : items[0];
  }
  Session owner;
  std::string business;
};

TEST_P(Import, ReadsQuotedFieldsBomDuplicatesAndRejectsBadRowsWithTheirLines) {
  ASSERT_EQ(w->http.post(path("/contacts"), {{"phone", "+14155550100"}, {"name", "Old Name"}, {"tags", {"old"}}},
                         owner.bearer()).status, 201);
  std::string csv =
      "\xEF\xBB\xBFphone,name,tags,city\r\n"                       // line 1: BOM, CRLF
      "+14155550100,\"Lopez, Maria\",vip;returning,Lisbon\r\n"      // 2: updates the existing contact
      "+1 415 555 0101,\"Multi\nLine \"\"Quoted\"\"\",,Porto\r\n"   // 3-4: newline and quotes inside quotes
      "not-a-phone,Bad,,\r\n"                                       // 5: rejected
      "+14155550102,First,a,\r\n"                                   // 6: same phone as line 7...
      "+14155550102,Second,b,Faro\r\n"                              // 7: ...the later row wins
      ",No Phone,,\r\n"                                             // 8: rejected
      "+14155550103,Too,Many,Fields,Here\r\n"                       // 9: rejected
      "\r\n"                                                        // 10: blank, skipped
      "+14155550104,Last,,\r\n";                                    // 11
  auto r = upload(csv);
  ASSERT_EQ(r.status, 202) << r.body;
  auto job = wait_for(r.json()["job_id"]);
  ASSERT_EQ(job["status"], "done") << job.dump();
  EXPECT_EQ(job["kind"], "contacts.import");
  EXPECT_EQ(job["result"]["created"], 3) << job.dump();  // 0101, 0102 (then updated by line 7), 0104
  EXPECT_EQ(job["result"]["updated"], 2);  // 0100 (existing), 0102 (line 7)
  EXPECT_EQ(job["result"]["rejected_count"], 3);
  std::vector<int> lines;
  for (auto& rej : job["result"]["rejected"]) lines.push_back(rej["line"]);
  EXPECT_EQ(lines, (std::vector<int>{5, 8, 9}));
  EXPECT_EQ(job["progress"]["done"], job["progress"]["total"]);

  auto maria = contact_by_phone("14155550100");
  EXPECT_EQ(maria["name"], "Lopez, Maria");
  EXPECT_EQ(maria["tags"], json({"vip", "returning"}));
  EXPECT_EQ(maria["attributes"]["city"], "Lisbon");
  EXPECT_EQ(contact_by_phone("14155550101")["name"], "Multi\nLine \"Quoted\"");
  auto dup = contact_by_phone("14155550102");
  EXPECT_EQ(dup["name"], "Second");
  EXPECT_EQ(dup["attributes"]["city"], "Faro");
  EXPECT_EQ(w->http.get(path("/contacts?limit=200"), owner.bearer()).json()["items"].size(), 4u);
  auto audit = w->http.get(path("/audit-log?action=contacts.imported"), owner.bearer()).json();
  ASSERT_EQ(audit["items"].size(), 1u);
  EXPECT_EQ(audit["items"][0]["details"]["created"], 3);
}

TEST_P(Import, MalformedFilesAreRefusedAndChangeNothing) {
  auto no_phone = upload("name,email\nAna,ana@example.test\n");
  EXPECT_EQ(no_phone.status, 422);
  EXPECT_EQ(no_phone.code(), "invalid_csv");
  EXPECT_EQ(upload("").code(), "invalid_csv");
  EXPECT_EQ(upload("phone\n+14155550100\n", "application/json").status, 415);
  auto open_quote = upload("phone,name\n+14155552671,\"Alice\n+14155552672,Bob\n");
  EXPECT_EQ(open_quote.code(), "invalid_csv") << "a quote left open would swallow the rest of the file";
  std::string latin1 = "phone,name\n+14155550100,Jos\xe9\n";  // ISO-8859-1, not UTF-8
  EXPECT_EQ(upload(latin1).code(), "invalid_csv");
  // 50 MiB of random bytes.
  std::string garbage(50 * 1024 * 1024, '\0');
  std::mt19937_64 rng(42);
  for (size_t i = 0; i + 8 <= garbage.size(); i += 8) {
    uint64_t v = rng();
    std::memcpy(&garbage[i], &v, 8);
  }
  auto junk = upload(garbage);
  EXPECT_EQ(junk.status, 422);
  EXPECT_EQ(junk.code(), "invalid_csv");
  EXPECT_EQ(w->http.get(path("/contacts"), owner.bearer()).json()["items"].size(), 0u);
  EXPECT_EQ(w->http.get(path("/audit-log?action=contacts.import_started"), owner.bearer()).json()["items"].size(), 0u);
}

TEST_P(Import, ManyRowsImportWithProgress) {
  // 100,000 rows on SQLite; PostgreSQL runs 20,000 (one round trip per statement today).
  int rows = GetParam() == Backend::sqlite ? 100000 : 20000;
  std::string csv = "phone,name,tags,plan\n";
  csv.reserve(static_cast<size_t>(rows) * 48);
  for (int i = 0; i < rows; ++i) {
    char line[96];
    std::snprintf(line, sizeof line, "+1415%d%06d,Person %d,bulk;t%d,gold\n", 2 + i / 1000000, i % 1000000, i, i % 7);
    csv += line;
  }
  auto started = std::chrono::steady_clock::now();
  auto r = upload(csv);
  ASSERT_EQ(r.status, 202) << r.body;
  auto job = wait_for(r.json()["job_id"], 600);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(job["status"], "done") << job.dump().substr(0, 500);
  EXPECT_EQ(job["result"]["created"], rows);
  EXPECT_EQ(job["result"]["rejected_count"], 0) << job["result"]["rejected"].dump().substr(0, 500);
  EXPECT_EQ(job["progress"]["total"], rows);
  std::printf("imported %d rows in %.2f s (%s)\n", rows, seconds, backend_name(GetParam()));
  // A prefix shared by every row walks the newest contacts; a precise one uses the term index.
  auto common = w->http.get(path("/contacts?query=person&limit=10"), owner.bearer()).json();
  EXPECT_EQ(common["items"].size(), 10u);
  EXPECT_FALSE(common["next_cursor"].is_null());
  auto several = w->http.get(path("/contacts?query=person%2042&limit=200"), owner.bearer()).json();
  size_t matching = rows == 100000 ? 1111 : 111;  // Person 42, 420-429, 4200-4299 (and 42000-42999)
  ASSERT_EQ(several["items"].size(), std::min<size_t>(200, matching));
  for (auto& c : several["items"]) EXPECT_TRUE(c["name"].get<std::string>().starts_with("Person 42")) << c["name"];
  auto by_phone = w->http.get(path("/contacts?query=14152000042"), owner.bearer()).json();
  ASSERT_EQ(by_phone["items"].size(), 1u);
  EXPECT_EQ(by_phone["items"][0]["name"], "Person 42");
  auto page = w->http.get(path("/contacts?tag=t3&limit=5"), owner.bearer()).json();
  EXPECT_EQ(page["items"].size(), 5u);
  EXPECT_EQ(page["items"][0]["attributes"]["plan"], "gold");
}

INSTANTIATE_TEST_SUITE_P(Backends, Import, ::testing::Values(Backend::sqlite, Backend::postgres), backend_test_name);

}  // namespace
}  // namespace sb::testing

namespace sb::testing {
namespace {

TEST_P(Import, ExportStreamsTheFilteredSetAsCsvThatImportsBack) {
  ASSERT_EQ(w->http.post(path("/contacts"), {{"phone", "+14155550100"}, {"name", "Lopez, \"Mari\""}, {"tags", {"vip", "eu"}},
                                             {"attributes", {{"city", "Lisbon"}}}},
                         owner.bearer()).status, 201);
  ASSERT_EQ(w->http.post(path("/contacts"), {{"phone", "+14155550101"}, {"name", "=HYPERLINK(\"x\")"}, {"tags", {"eu"}},
                                             {"attributes", {{"score", 9}}}},
                         owner.bearer()).status, 201);
  ASSERT_EQ(w->http.post(path("/contacts"), {{"phone", "+14155550102"}, {"name", "Not exported"}}, owner.bearer()).status, 201);
  auto csv = w->http.get(path("/contacts/export.csv?tag=eu"), owner.bearer());
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.header("content-type").find("text/csv"), std::string::npos);
  EXPECT_EQ(csv.header("transfer-encoding"), "chunked");
  std::string expected_header = "phone,name,tags,lead_status,owner_user_id,opted_out,created_at,city,score\r\n";
  EXPECT_EQ(csv.body.substr(0, expected_header.size()), expected_header);
  EXPECT_NE(csv.body.find("+14155550100,\"Lopez, \"\"Mari\"\"\",vip;eu,new,,false,"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find(",Lisbon,\r\n"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("\"'=HYPERLINK(\"\"x\"\")\""), std::string::npos) << "formulas are written as text: " << csv.body;
  EXPECT_EQ(csv.body.find("Not exported"), std::string::npos);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 3);

  Session agent = w->signup("agent");
  w->add_member(owner, business, agent, "agent");
  EXPECT_EQ(w->http.get(path("/contacts/export.csv"), agent.bearer()).status, 403);
  auto audit = w->http.get(path("/audit-log?action=contacts.exported"), owner.bearer()).json();
  ASSERT_EQ(audit["items"].size(), 1u);
  EXPECT_EQ(audit["items"][0]["details"]["filter"]["tag"], "eu");

  // The export reads back in: a second business imports it unchanged.
  std::string other = w->create_business(owner, "Mirror");
  RequestOptions o = owner.bearer();
  o.content_type = "text/csv";
  auto up = w->http.request("POST", "/api/v1/businesses/" + other + "/contacts/import", csv.body, o);
  ASSERT_EQ(up.status, 202) << up.body;
  std::string saved = business;
  business = other;
  auto job = wait_for(up.json()["job_id"]);
  EXPECT_EQ(job["result"]["created"], 2) << job.dump();
  auto copy = contact_by_phone("14155550100");
  EXPECT_EQ(copy["name"], "Lopez, \"Mari\"");
  EXPECT_EQ(copy["tags"], json({"vip", "eu"}));
  EXPECT_EQ(copy["attributes"]["city"], "Lisbon");
  EXPECT_EQ(copy["attributes"].size(), 1u) << "the export's own columns are read as fields, not attributes: " << copy.dump();
  EXPECT_EQ(copy["lead_status"], "new");
  business = saved;
}

TEST_P(Import, OptOutsFromAFileAreLoggedAsImported) {
  auto r = upload("phone,opted_out\n+14155550100,true\n+14155550101,false\n");
  ASSERT_EQ(r.status, 202);
  ASSERT_EQ(wait_for(r.json()["job_id"])["status"], "done");
  auto out = contact_by_phone("14155550100");
  EXPECT_EQ(out["opted_out"], true);
  EXPECT_EQ(out["opted_out_source"], "import");
  auto log = w->http.get(path("/contacts/" + out["id"].get<std::string>() + "/consent"), owner.bearer()).json()["items"];
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["source"], "import");
  EXPECT_EQ(log[0]["detail"], "line 2");
  EXPECT_EQ(contact_by_phone("14155550101")["opted_out"], false);
}

TEST_P(Import, OldMacLineEndingsAreLines) {
  auto r = upload("phone,name\r+14155550100,Ann\r+14155550101,Bo\r");
  ASSERT_EQ(r.status, 202) << r.body;
  auto job = wait_for(r.json()["job_id"]);
  EXPECT_EQ(job["result"]["created"], 2) << job.dump();
  EXPECT_EQ(contact_by_phone("14155550101")["name"], "Bo");
}

TEST_P(Import, TypedAttributesAreCheckedPerRow) {
  ASSERT_EQ(w->http.patch(path(""), {{"settings", {{"attribute_types", {{"score", "number"}}}}}}, owner.bearer()).status, 200);
  auto r = upload("phone,score,city\n+14155550100,7,Faro\n+14155550101,lots,Faro\n");
  ASSERT_EQ(r.status, 202);
  auto job = wait_for(r.json()["job_id"]);
  EXPECT_EQ(job["result"]["created"], 1);
  ASSERT_EQ(job["result"]["rejected"].size(), 1u);
  EXPECT_EQ(job["result"]["rejected"][0]["line"], 3);
  EXPECT_EQ(contact_by_phone("14155550100")["attributes"]["score"], 7);
}

TEST_P(Import, LargeExportsArriveWhole) {
  std::string csv = "phone,name\n";
  for (int i = 0; i < 3500; ++i) csv += "+1415555" + std::to_string(1000 + i) + ",N" + std::to_string(i) + "\n";
  auto r = upload(csv);
  ASSERT_EQ(r.status, 202);
  ASSERT_EQ(wait_for(r.json()["job_id"])["status"], "done");
  auto out = w->http.get(path("/contacts/export.csv"), owner.bearer());
  ASSERT_EQ(out.status, 200);
  EXPECT_EQ(std::count(out.body.begin(), out.body.end(), '\n'), 3501) << "header and every contact, across pages";
}

}  // namespace
}  // namespace sb::testing
