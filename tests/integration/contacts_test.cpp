// Contacts CRUD, search, filters and keyset pagination through the real server.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "storage/database.h"

#include "support/server_fixture.h"
#include "support/server_process.h"
#include "support/world.h"

namespace sb::testing {
namespace {

using nlohmann::json;

class Contacts : public ServerPerTest {
 protected:
  void SetUp() override {
    ServerPerTest::SetUp();
    owner = w->signup("owner");
    business = w->create_business(owner, "Leads Inc");
  }
  std::string path(const std::string& rest = "") { return "/api/v1/businesses/" + business + "/contacts" + rest; }
  json create(const json& body) {
    auto r = w->http.post(path(), body, owner.bearer());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  std::vector<std::string> names(const std::string& query) {
    std::vector<std::string> out;
    json page = w->http.get(path(query), owner.bearer()).json();  // named: a temporary's items would dangle
    for (auto& c : page["items"]) out.push_back(c["name"]);
    return out;
  }
  Session owner;
  std::string business;
};

TEST_P(Contacts, CreateReadUpdateDeleteKeepsEveryField) {
  auto c = create({{"phone", "+1 415 555 2671"}, {"name", "Ana \"Q\" Silva"}, {"tags", {"vip", "say \"hi\""}},
                   {"attributes", {{"city", "Lisbon"}, {"score", 7}, {"active", true}}}, {"lead_status", "qualified"}});
  EXPECT_EQ(c["phone"], "+14155552671");
  EXPECT_EQ(c["wa_id"], "14155552671");
  std::string id = c["id"];
  auto got = w->http.get(path("/" + id), owner.bearer()).json();
  EXPECT_EQ(got["name"], "Ana \"Q\" Silva");
  EXPECT_EQ(got["tags"], json({"vip", "say \"hi\""}));
  EXPECT_EQ(got["attributes"]["score"], 7);
  EXPECT_EQ(got["lead_status"], "qualified");
  EXPECT_EQ(got["opted_out"], false);
  EXPECT_TRUE(got["owner_user_id"].is_null());

  auto patched = w->http.patch(path("/" + id), {{"attributes", {{"city", nullptr}, {"plan", "gold"}}}, {"owner_user_id", owner.user_id}},
                               owner.bearer());
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_FALSE(patched.json()["attributes"].contains("city")) << "null removes an attribute";
  EXPECT_EQ(patched.json()["attributes"]["plan"], "gold");
  EXPECT_EQ(patched.json()["attributes"]["score"], 7) << "attributes not sent are kept";
  EXPECT_EQ(patched.json()["owner_user_id"], owner.user_id);
  EXPECT_EQ(patched.json()["name"], "Ana \"Q\" Silva") << "fields not sent are kept";

  auto stranger = w->signup("stranger");
  EXPECT_EQ(w->http.patch(path("/" + id), {{"owner_user_id", stranger.user_id}}, owner.bearer()).code(), "invalid_owner");
  EXPECT_EQ(w->http.patch(path("/" + id), {{"lead_status", "hot"}}, owner.bearer()).code(), "invalid_lead_status");
  EXPECT_EQ(w->http.patch(path("/" + id), {{"tags", {"a;b"}}}, owner.bearer()).code(), "invalid_tag");

  EXPECT_EQ(w->http.del(path("/" + id), owner.bearer()).status, 204);
  EXPECT_EQ(w->http.get(path("/" + id), owner.bearer()).status, 404);
  EXPECT_EQ(w->http.del(path("/" + id), owner.bearer()).status, 404);
  auto audit = w->http.get("/api/v1/businesses/" + business + "/audit-log?action=contact.deleted", owner.bearer()).json();
  ASSERT_EQ(audit["items"].size(), 1u);
  EXPECT_EQ(audit["items"][0]["target_id"], id);
  EXPECT_EQ(audit["items"][0]["actor_user_id"], owner.user_id);
}

TEST_P(Contacts, SearchMatchesWordStartsAndPhoneDigits) {
  create({{"phone", "+14155552671"}, {"name", "Maria Lopez"}});
  create({{"phone", "+5511912345678"}, {"name", "João Marques"}});
  create({{"phone", "+447911123456"}, {"name", "Priya Patel"}});
  EXPECT_EQ(names("?query=mar").size(), 2u) << "Maria and Marques";
  EXPECT_EQ(names("?query=LOP"), std::vector<std::string>{"Maria Lopez"}) << "case-insensitive, any word";
  EXPECT_EQ(names("?query=opez").size(), 0u) << "only the start of a word";
  EXPECT_EQ(names("?query=5511"), std::vector<std::string>{"João Marques"}) << "start of the phone's digits";
  EXPECT_EQ(names("?query=%2B44").size(), 1u);
  EXPECT_EQ(names("?query=2671").size(), 0u);
}

TEST_P(Contacts, SearchFindsWhatTheLikeWouldWhateverTheIndexPicks) {
  create({{"phone", "+14155552671"}, {"name", "Alice"}});
  create({{"phone", "+14155550177"}, {"name", "Maria da Silva da Costa"}});
  create({{"phone", "+14155550178"}, {"name", "Konstantinopolitanischerdudelsack Ypsilon"}});
  EXPECT_EQ(names("?query=%2B1%20415").size(), 3u) << "words and digits: phone prefix";
  EXPECT_EQ(names("?query=da%20costa"), std::vector<std::string>{"Maria da Silva da Costa"});
  EXPECT_EQ(names("?query=silva%20da"), std::vector<std::string>{"Maria da Silva da Costa"});
  EXPECT_EQ(names("?query=konstantinopolitanischerdudelsack").size(), 1u) << "words past the stored 32 bytes";
  EXPECT_EQ(names("?query=alice%202671").size(), 0u) << "both must match one way or the other";
  std::string many;
  for (int i = 0; i < 3000; ++i) many += "a%20";
  EXPECT_EQ(w->http.get(path("?query=" + many), owner.bearer()).status, 200);
}

TEST_P(Contacts, FiltersCombine) {
  Session rep = w->signup("rep");
  w->add_member(owner, business, rep, "agent");
  create({{"phone", "+14155550101"}, {"name", "A"}, {"tags", {"vip"}}, {"owner_user_id", rep.user_id}, {"lead_status", "won"}});
  create({{"phone", "+14155550102"}, {"name", "B"}, {"tags", {"vip", "eu"}}, {"lead_status", "won"}});
  create({{"phone", "+14155550103"}, {"name", "C"}, {"tags", {"eu"}}, {"owner_user_id", rep.user_id}});
  EXPECT_EQ(names("?tag=vip").size(), 2u);
  EXPECT_EQ(names("?tag=eu&lead_status=won"), std::vector<std::string>{"B"});
  EXPECT_EQ(names("?owner_user_id=" + rep.user_id).size(), 2u);
  EXPECT_EQ(names("?owner_user_id=" + rep.user_id + "&tag=vip"), std::vector<std::string>{"A"});
  EXPECT_EQ(names("?opted_out=true").size(), 0u);
  EXPECT_EQ(names("?opted_out=false").size(), 3u);
  // Agents read contacts but don't write them.
  EXPECT_EQ(w->http.get(path(), rep.bearer()).json()["items"].size(), 3u);
  EXPECT_EQ(w->http.post(path(), {{"phone", "+14155550104"}}, rep.bearer()).status, 403);
}

TEST_P(Contacts, KeysetPagesCoverEveryContactOnceNewestFirst) {
  for (int i = 0; i < 23; ++i) create({{"phone", "+1415555" + std::to_string(1000 + i)}, {"name", "N" + std::to_string(i)}});
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page = w->http.get(path("?limit=10" + (cursor.empty() ? "" : "&cursor=" + cursor)), owner.bearer()).json();
    for (auto& c : page["items"]) seen.push_back(c["name"]);
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 23u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 23u);
  EXPECT_EQ(seen.front(), "N22");
  EXPECT_EQ(seen.back(), "N0");
}

TEST_P(Contacts, LeadsAreAssignedToOneOrRoundRobinInTheOrderGiven) {
  std::vector<Session> reps;
  for (const char* name : {"rep1", "rep2", "rep3"}) {
    reps.push_back(w->signup(name));
    w->add_member(owner, business, reps.back(), "agent");
  }
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(create({{"phone", "+1415555" + std::to_string(2000 + i)}})["id"]);
  auto rr = w->http.post(path("/assign"),
                         {{"contact_ids", ids},
                          {"strategy", "round_robin"},
                          {"user_ids", {reps[0].user_id, reps[1].user_id, reps[2].user_id}}},
                         owner.bearer());
  ASSERT_EQ(rr.status, 200) << rr.body;
  EXPECT_EQ(rr.json()["assigned"], 7);
  for (size_t i = 0; i < ids.size(); ++i)
    EXPECT_EQ(w->http.get(path("/" + ids[i]), owner.bearer()).json()["owner_user_id"], reps[i % 3].user_id) << i;
  // "My leads" for each rep: 3, 2, 2.
  std::vector<size_t> mine;
  for (auto& r : reps) mine.push_back(w->http.get(path("?owner_user_id=me"), r.bearer()).json()["items"].size());
  EXPECT_EQ(mine, (std::vector<size_t>{3, 2, 2}));
  std::string lonely = create({{"phone", "+14155552999"}})["id"];
  auto unowned = w->http.get(path("?owner_user_id=none"), owner.bearer()).json()["items"];
  ASSERT_EQ(unowned.size(), 1u) << "only the lead nobody owns";
  EXPECT_EQ(unowned[0]["id"], lonely);

  auto one = w->http.post(path("/assign"), {{"contact_ids", {ids[0], ids[1], "00000000000000000000000000"}}, {"user_id", reps[2].user_id}},
                          owner.bearer());
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json()["assigned"], 2) << "an unknown id is skipped";
  EXPECT_EQ(w->http.get(path("?owner_user_id=" + reps[2].user_id), owner.bearer()).json()["items"].size(), 4u);

  Session outsider = w->signup("outsider");
  EXPECT_EQ(w->http.post(path("/assign"), {{"contact_ids", ids}, {"user_id", outsider.user_id}}, owner.bearer()).code(),
            "invalid_owner");
  EXPECT_EQ(w->http.post(path("/assign"), {{"contact_ids", ids}, {"user_id", reps[0].user_id}}, reps[0].bearer()).status, 403)
      << "agents can't assign leads";
  EXPECT_EQ(w->http.post(path("/assign"), {{"contact_ids", ids}, {"strategy", "random"}, {"user_ids", {reps[0].user_id}}},
                         owner.bearer()).code(), "invalid_strategy");
  auto audit = w->http.get("/api/v1/businesses/" + business + "/audit-log?action=contacts.assigned", owner.bearer()).json();
  ASSERT_EQ(audit["items"].size(), 2u);
  EXPECT_EQ(audit["items"][1]["details"]["strategy"], "round_robin");
  EXPECT_EQ(audit["items"][1]["details"]["per_user"][reps[0].user_id], 3);
}

TEST_P(Contacts, OptOutsNotesAndTheDataExportAreKeptPerContact) {
  std::string id = create({{"phone", "+14155550199"}, {"name", "Consenting Adult"}})["id"];
  auto out = w->http.patch(path("/" + id), {{"opted_out", true}}, owner.bearer());
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.json()["opted_out"], true);
  EXPECT_EQ(out.json()["opted_out_source"], "api");
  EXPECT_FALSE(out.json()["opted_out_at"].is_null());
  EXPECT_EQ(w->http.get(path("?opted_out=true"), owner.bearer()).json()["items"].size(), 1u);
  ASSERT_EQ(w->http.patch(path("/" + id), {{"opted_out", false}}, owner.bearer()).status, 200);
  ASSERT_EQ(w->http.patch(path("/" + id), {{"opted_out", false}}, owner.bearer()).status, 200);  // no change, no event
  auto log = w->http.get(path("/" + id + "/consent"), owner.bearer()).json()["items"];
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0]["event"], "opted_out");
  EXPECT_EQ(log[1]["event"], "opted_in");
  EXPECT_EQ(log[0]["actor_user_id"], owner.user_id);

  Session agent = w->signup("agent");
  w->add_member(owner, business, agent, "agent");
  auto note = w->http.post(path("/" + id + "/notes"), {{"text", "Prefers mornings."}}, agent.bearer());
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(w->http.post(path("/" + id + "/notes"), {{"text", "   "}}, agent.bearer()).code(), "invalid_note");
  auto notes = w->http.get(path("/" + id + "/notes"), owner.bearer()).json()["items"];
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0]["author_user_id"], agent.user_id);

  EXPECT_EQ(w->http.get(path("/" + id + "/export"), agent.bearer()).status, 403);
  auto data = w->http.get(path("/" + id + "/export"), owner.bearer());
  ASSERT_EQ(data.status, 200) << data.body;
  auto d = data.json();
  EXPECT_EQ(d["contact"]["phone"], "+14155550199");
  EXPECT_EQ(d["consent"].size(), 2u);
  EXPECT_EQ(d["notes"][0]["text"], "Prefers mornings.");
  EXPECT_EQ(w->http.get("/api/v1/businesses/" + business + "/audit-log?action=contact.data_exported", owner.bearer())
                .json()["items"].size(), 1u);

  ASSERT_EQ(w->http.del(path("/" + id), owner.bearer()).status, 204);
  EXPECT_EQ(w->http.get(path("/" + id + "/notes"), owner.bearer()).status, 404);
  EXPECT_EQ(w->http.get(path("/" + id + "/export"), owner.bearer()).status, 404);
  // Re-creating the same phone starts a clean history.
  std::string again = create({{"phone", "+14155550199"}})["id"];
  EXPECT_EQ(w->http.get(path("/" + again + "/consent"), owner.bearer()).json()["items"].size(), 0u);
  EXPECT_EQ(w->http.get(path("/" + again + "/notes"), owner.bearer()).json()["items"].size(), 0u);
}

TEST_P(Contacts, EachBusinessDefinesItsPipelineAndAttributeTypes) {
  auto set = w->http.patch("/api/v1/businesses/" + business,
                           {{"settings", {{"lead_statuses", {"lead", "demo", "signed"}},
                                          {"attribute_types", {{"score", "number"}, {"vip", "bool"}, {"since", "date"}}}}}},
                           owner.bearer());
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(w->http.patch("/api/v1/businesses/" + business, {{"settings", {{"lead_statuses", json::array()}}}}, owner.bearer()).code(),
            "invalid_lead_statuses");
  EXPECT_EQ(w->http.patch("/api/v1/businesses/" + business, {{"settings", {{"attribute_types", {{"x", "colour"}}}}}},
                          owner.bearer()).code(), "invalid_attribute_types");

  auto fresh = create({{"phone", "+14155550301"}, {"attributes", {{"score", "12"}, {"vip", true}, {"since", "2024-02-01"}, {"city", "Lisbon"}}}});
  EXPECT_EQ(fresh["lead_status"], "lead") << "new contacts start at the first status of the pipeline";
  EXPECT_EQ(fresh["attributes"]["score"], 12) << "a number attribute stores a number";
  EXPECT_EQ(fresh["attributes"]["vip"], true);
  EXPECT_EQ(w->http.post(path(), {{"phone", "+14155550302"}, {"lead_status", "won"}}, owner.bearer()).code(), "invalid_lead_status");
  EXPECT_EQ(w->http.post(path(), {{"phone", "+14155550302"}, {"lead_status", "demo"}}, owner.bearer()).status, 201);
  EXPECT_EQ(w->http.post(path(), {{"phone", "+14155550303"}, {"attributes", {{"vip", "yes"}}}}, owner.bearer()).code(),
            "invalid_attributes");
  EXPECT_EQ(w->http.post(path(), {{"phone", "+14155550303"}, {"attributes", {{"since", "2024-13-01"}}}}, owner.bearer()).code(),
            "invalid_attributes");
  for (const char* bad : {"nan", "inf", "1e999", "12abc"})
    EXPECT_EQ(w->http.post(path(), {{"phone", "+14155550303"}, {"attributes", {{"score", bad}}}}, owner.bearer()).code(),
              "invalid_attributes") << bad;
  EXPECT_EQ(w->http.post(path(), {{"phone", "+14155550303"}, {"attributes", {{"score", 3}, {"city", "Porto"}}}}, owner.bearer()).status, 201);

  EXPECT_EQ(names("?attribute=city:Lisbon").size(), 1u);
  EXPECT_EQ(names("?attribute=score:12").size(), 1u);
  EXPECT_EQ(names("?attribute=score:3").size(), 1u);
  EXPECT_EQ(names("?attribute=city:Faro").size(), 0u);
  EXPECT_EQ(names("?attribute=vip:true").size(), 1u) << "booleans read the same on both engines";
  EXPECT_EQ(w->http.get(path("?attribute=nocolon"), owner.bearer()).status, 400);
}

TEST_P(Contacts, BrazilsNinthDigitVariantsAreOneContact) {
  std::string id = create({{"phone", "+55 11 98123-4567"}, {"name", "Ana"}})["id"];
  {
    // As WhatsApp reports some older Brazilian accounts: without the ninth digit.
    auto db = storage::open_database(server->effective_database_url());
    db->write([&](storage::Conn& c) {
      c.execute("UPDATE contacts SET wa_id = '551181234567', phone = '+551181234567' WHERE business_id = $1 AND id = $2",
                {business, id});
    });
    db->close();
  }
  auto again = w->http.post(path(), {{"phone", "+55 11 98123-4567"}}, owner.bearer());
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.code(), "contact_exists");
  RequestOptions o = owner.bearer();
  o.content_type = "text/csv";
  auto up = w->http.request("POST", "/api/v1/businesses/" + business + "/contacts/import", "phone,name\n+5511981234567,Ana Maria\n", o);
  ASSERT_EQ(up.status, 202);
  for (int i = 0; i < 200; ++i) {
    auto job = w->http.get("/api/v1/businesses/" + business + "/jobs/" + up.json()["job_id"].get<std::string>(), owner.bearer()).json();
    if (job["status"] == "done") {
      EXPECT_EQ(job["result"]["updated"], 1) << job.dump();
      EXPECT_EQ(job["result"]["created"], 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(w->http.get(path("/" + id), owner.bearer()).json()["name"], "Ana Maria");
  EXPECT_EQ(w->http.get(path(), owner.bearer()).json()["items"].size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, Contacts, ::testing::Values(Backend::sqlite, Backend::postgres),
                         backend_test_name);

}  // namespace
}  // namespace sb::testing
