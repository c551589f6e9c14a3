#include "contacts/contact_store.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "core/text.h"

namespace sb::contacts {

using storage::Conn;
using storage::Row;
using tenancy::TenantScope;

namespace {
constexpr const char* kColumns =
    "c.id, c.phone, c.wa_id, c.name, c.tags, c.attributes, c.owner_user_id, c.lead_status, c.opted_out, "
    "c.opted_out_at, c.created_at, c.updated_at, c.opted_out_source";

// Tags are stored as a JSON array of strings we wrote ourselves; the common shapes
// (empty, no escapes) are read without building a JSON tree.
std::vector<std::string> tags_from(const std::string& text) {
  std::vector<std::string> out;
  if (text.size() <= 2) return out;
  if (text.find('\\') == std::string::npos) {
    size_t i = 1;
    while (i < text.size()) {
      size_t open = text.find('"', i);
      if (open == std::string::npos) break;
      size_t close = text.find('"', open + 1);
      if (close == std::string::npos) break;
      out.emplace_back(text, open + 1, close - open - 1);
      i = close + 1;
    }
    return out;
  }
  auto tags = nlohmann::json::parse(text, nullptr, false);
  if (tags.is_array())
    for (auto& t : tags)
      if (t.is_string()) out.push_back(t.get<std::string>());
  return out;
}

Contact contact_from(Row& r) {
  Contact c;
  c.id = ContactId(r.take_text(0));
  c.phone = r.take_text(1);
  c.wa_id = r.take_text(2);
  c.name = r.take_text(3);
  c.tags = tags_from(r.text(4));
  std::string attributes = r.take_text(5);
  if (attributes.size() > 2) {
    c.attributes = nlohmann::json::parse(attributes, nullptr, false);
    if (!c.attributes.is_object()) c.attributes = nlohmann::json::object();
  }
  c.owner_user_id = r.opt_text(6);
  c.lead_status = r.take_text(7);
  c.opted_out = r.boolean(8);
  c.opted_out_at = r.opt_int64(9);
  c.created_at = r.int64(10);
  c.updated_at = r.int64(11);
  c.opted_out_source = r.opt_text(12);
  return c;
}

std::string attributes_text(const Contact& k) {
  return k.attributes.is_object() ? k.attributes.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) : "{}";
}

std::string like_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '%' || ch == '_' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  return out;
}
}  // namespace

std::string search_words(const std::string& name) {
  std::string out;
  bool in_word = false;
  for (unsigned char ch : name) {
    bool word_char = std::isalnum(ch) || ch >= 0x80;
    if (word_char && !in_word) out.push_back(' ');
    if (word_char) out.push_back(static_cast<char>(std::tolower(ch)));
    in_word = word_char;
  }
  return out;
}

std::vector<std::string> search_terms(const std::string& name, const std::string& phone) {
  std::vector<std::string> words;  // in order, repeats kept: pairs follow the name as written
  std::string all = search_words(name);
  size_t i = 0;
  while (i < all.size()) {
    size_t start = all.find_first_not_of(' ', i);
    if (start == std::string::npos) break;
    size_t end = all.find(' ', start);
    words.push_back(all.substr(start, end == std::string::npos ? std::string::npos : end - start));
    i = end == std::string::npos ? all.size() : end;
  }
  std::vector<std::string> out;
  auto add = [&](std::string t) {
    if (!t.empty() && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
  };
  for (const auto& w : words) add(truncate_utf8(w, kTermBytes));
  // Neighbouring word pairs ("ana silva"): two common words are rare together, and the pair
  // is what makes a full-name search an index look-up.
  for (size_t w = 0; w + 1 < words.size(); ++w) add(truncate_utf8(words[w] + " " + words[w + 1], kPairBytes));
  std::string digits;
  for (char ch : phone)
    if (std::isdigit(static_cast<unsigned char>(ch))) digits.push_back(ch);
  add(digits);
  return out;
}

void ContactStore::insert(const TenantScope& scope, Conn& c, const Contact& k) {
  c.execute(
      "INSERT INTO contacts (business_id, id, phone, wa_id, name, name_search, tags, attributes, owner_user_id, "
      "lead_status, opted_out, opted_out_at, created_at, updated_at, opted_out_source) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14)",
      {scope.business_id().str(), k.id.str(), k.phone, k.wa_id, k.name, search_words(k.name),
       nlohmann::json(k.tags).dump(), attributes_text(k), k.owner_user_id, k.lead_status, k.opted_out,
       k.opted_out_at ? storage::Value(*k.opted_out_at) : storage::Value(), k.created_at, k.opted_out_source});
  replace_tags(scope, c, k);
  replace_terms(scope, c, k);
}

std::optional<Contact> ContactStore::get(const TenantScope& scope, Conn& c, const ContactId& id) {
  auto r = c.query_one(std::string("SELECT ") + kColumns + " FROM contacts c WHERE c.business_id = $1 AND c.id = $2",
                       {scope.business_id().str(), id.str()});
  if (!r) return std::nullopt;
  return contact_from(*r);
}

std::optional<Contact> ContactStore::by_phone(const TenantScope& scope, Conn& c, const std::string& e164) {
  auto r = c.query_one(std::string("SELECT ") + kColumns + " FROM contacts c WHERE c.business_id = $1 AND c.phone = $2",
                       {scope.business_id().str(), e164});
  if (!r) return std::nullopt;
  return contact_from(*r);
}

std::optional<Contact> ContactStore::by_whatsapp(const TenantScope& scope, Conn& c,
                                                 const std::vector<std::string>& variants) {
  for (const auto& d : variants) {
    // Two indexed probes per variant (at most three variants): wa_id, then the typed phone.
    // wa_id is not unique (imports can repeat a number in other spellings): the oldest wins.
    auto r = c.query_one(std::string("SELECT ") + kColumns +
                             " FROM contacts c WHERE c.business_id = $1 AND c.wa_id = $2 ORDER BY c.created_at, c.id LIMIT 1",
                         {scope.business_id().str(), d});
    if (!r)
      r = c.query_one(std::string("SELECT ") + kColumns + " FROM contacts c WHERE c.business_id = $1 AND c.phone = $2",
                      {scope.business_id().str(), "+" + d});
    if (r) return contact_from(*r);
  }
  return std::nullopt;
}

std::vector<Contact> ContactStore::by_wa_ids(const TenantScope& scope, Conn& c, const std::vector<std::string>& wa_ids) {
  std::vector<Contact> out;
  storage::for_in_chunks(c.dialect(), "c.wa_id", wa_ids, {scope.business_id().str()},
                         [&](const std::string& in, const storage::Params& p) {
                           for (auto& r : c.query(std::string("SELECT ") + kColumns +
                                                      " FROM contacts c WHERE c.business_id = $1 AND " + in +
                                                      " ORDER BY c.created_at, c.id",  // the oldest first, as by_whatsapp
                                                  p))
                             out.push_back(contact_from(r));
                         });
  return out;
}

void ContactStore::update(const TenantScope& scope, Conn& c, const Contact& k) {
  c.execute(
      "UPDATE contacts SET phone = $3, wa_id = $4, name = $5, name_search = $6, tags = $7, attributes = $8, "
      "owner_user_id = $9, lead_status = $10, opted_out = $11, opted_out_at = $12, updated_at = $13, "
      "opted_out_source = $14 WHERE business_id = $1 AND id = $2",
      {scope.business_id().str(), k.id.str(), k.phone, k.wa_id, k.name, search_words(k.name),
       nlohmann::json(k.tags).dump(), attributes_text(k), k.owner_user_id, k.lead_status, k.opted_out,
       k.opted_out_at ? storage::Value(*k.opted_out_at) : storage::Value(), k.updated_at, k.opted_out_source});
  replace_tags(scope, c, k);
  replace_terms(scope, c, k);
}

bool ContactStore::remove(const TenantScope& scope, Conn& c, const ContactId& id) {
  // Everything the business holds on the contact goes with it.
  for (const char* sql : {"DELETE FROM contact_tags WHERE business_id = $1 AND contact_id = $2",
                          "DELETE FROM contact_consent WHERE business_id = $1 AND contact_id = $2",
                          "DELETE FROM contact_notes WHERE business_id = $1 AND contact_id = $2",
                          "DELETE FROM contact_terms WHERE business_id = $1 AND contact_id = $2"})
    c.execute(sql, {scope.business_id().str(), id.str()});
  return c.execute("DELETE FROM contacts WHERE business_id = $1 AND id = $2", {scope.business_id().str(), id.str()}) == 1;
}

void ContactStore::set_wa_id(const TenantScope& scope, Conn& c, const ContactId& id, const std::string& wa_id,
                             TimeMs now) {
  c.execute("UPDATE contacts SET wa_id = $3, updated_at = $4 WHERE business_id = $1 AND id = $2",
            {scope.business_id().str(), id.str(), wa_id, now});
}

void ContactStore::set_opted_out(const TenantScope& scope, Conn& c, const ContactId& id, bool opted_out,
                                 const std::optional<std::string>& source, TimeMs now) {
  c.execute("UPDATE contacts SET opted_out = $3, opted_out_at = $4, opted_out_source = $5, updated_at = $6 "
            "WHERE business_id = $1 AND id = $2",
            {scope.business_id().str(), id.str(), opted_out, opted_out ? storage::Value(now) : storage::Value(),
             opted_out ? storage::Value(source) : storage::Value(), now});
}

bool ContactStore::set_owner(const TenantScope& scope, Conn& c, const ContactId& id, const std::string& owner,
                             TimeMs now) {
  return c.execute("UPDATE contacts SET owner_user_id = $3, updated_at = $4 WHERE business_id = $1 AND id = $2",
                   {scope.business_id().str(), id.str(), owner, now}) == 1;
}

void ContactStore::add_consent(const TenantScope& scope, Conn& c, const ContactId& id, const ConsentEvent& e) {
  c.execute(
      "INSERT INTO contact_consent (business_id, contact_id, id, event, source, actor_user_id, detail, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {scope.business_id().str(), id.str(), e.id, e.event, e.source, e.actor_user_id, e.detail, e.created_at});
}

std::vector<ConsentEvent> ContactStore::consent(const TenantScope& scope, Conn& c, const ContactId& id) {
  std::vector<ConsentEvent> out;
  for (auto& r : c.query("SELECT id, event, source, actor_user_id, detail, created_at FROM contact_consent "
                         "WHERE business_id = $1 AND contact_id = $2 ORDER BY id",
                         {scope.business_id().str(), id.str()}))
    out.push_back({r.take_text(0), r.take_text(1), r.take_text(2), r.opt_text(3), r.take_text(4), r.int64(5)});
  return out;
}

void ContactStore::add_note(const TenantScope& scope, Conn& c, const ContactId& id, const Note& n) {
  c.execute(
      "INSERT INTO contact_notes (business_id, contact_id, id, author_user_id, text, created_at) VALUES ($1, $2, $3, $4, "
      "$5, $6)",
      {scope.business_id().str(), id.str(), n.id, n.author_user_id, n.text, n.created_at});
}

std::vector<Note> ContactStore::notes(const TenantScope& scope, Conn& c, const ContactId& id) {
  std::vector<Note> out;
  for (auto& r : c.query("SELECT id, author_user_id, text, created_at FROM contact_notes WHERE business_id = $1 AND "
                         "contact_id = $2 ORDER BY id",
                         {scope.business_id().str(), id.str()}))
    out.push_back({r.take_text(0), r.take_text(1), r.take_text(2), r.int64(3)});
  return out;
}

void ContactStore::refresh_statistics(Conn& c) {
  c.execute_script("ANALYZE contacts; ANALYZE contact_tags;");
}

void ContactStore::replace_terms(const TenantScope& scope, Conn& c, const Contact& k) {
  c.execute("DELETE FROM contact_terms WHERE business_id = $1 AND contact_id = $2", {scope.business_id().str(), k.id.str()});
  for (const auto& term : search_terms(k.name, k.phone))
    c.execute("INSERT INTO contact_terms (business_id, term, contact_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
              {scope.business_id().str(), term, k.id.str()});
}

std::int64_t ContactStore::count(const TenantScope& scope, Conn& c) {
  return c.query_one("SELECT COUNT(*) FROM contacts WHERE business_id = $1", {scope.business_id().str()})->int64(0);
}

void ContactStore::replace_tags(const TenantScope& scope, Conn& c, const Contact& k) {
  c.execute("DELETE FROM contact_tags WHERE business_id = $1 AND contact_id = $2", {scope.business_id().str(), k.id.str()});
  for (const auto& tag : k.tags)
    c.execute("INSERT INTO contact_tags (business_id, tag, contact_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
              {scope.business_id().str(), tag, k.id.str()});
}

std::vector<Contact> ContactStore::list(const TenantScope& scope, Conn& c, const ContactFilter& f) {
  // The SQL names only the filters given, so every combination is its own prepared statement
  // with a plan that can use the matching (business_id, ...) index.
  storage::Params params = {scope.business_id().str()};
  auto next = [&](storage::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  std::string from = " FROM contacts c WHERE c.business_id = $1";
  std::string where;
  if (f.query && !f.query->empty()) {
    std::string q = search_words(*f.query);
    if (!q.empty()) q = q.substr(1);  // the typed words, as a prefix of the name's words
    std::string digits;
    for (char ch : *f.query)
      if (std::isdigit(static_cast<unsigned char>(ch))) digits.push_back(ch);
    // A query of punctuation only can match no word and no digit.
    if (q.empty() && digits.empty()) where += " AND 1 = 0";
    // Candidates from the term index: the rarest prefix among the query's words (and its
    // digits) as a range scan. When even the rarest names more than kMaxCandidates contacts,
    // walking the newest contacts and testing each finds a page sooner, so the index is left out.
    // The index holds name words and phone digits in one term space, so one range answers
    // a query that is only words or a single run of digits; a query mixing both (`ana 55`)
    // could match either way and is answered by the walk below.
    std::vector<std::string> prefixes;
    if (digits.empty() || q == digits) {
      std::vector<std::string> words;
      size_t start = 0;
      while (start < q.size() && words.size() < 5) {  // a few words are plenty to pick the rarest
        size_t end = q.find(' ', start);
        std::string word = q.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!word.empty()) words.push_back(word);
        start = end == std::string::npos ? q.size() : end + 1;
      }
      if (words.size() >= 2) prefixes.push_back(truncate_utf8(words[0] + " " + words[1], kPairBytes));
      for (const auto& w : words) {
        std::string t = truncate_utf8(w, kTermBytes);
        if (std::find(prefixes.begin(), prefixes.end(), t) == prefixes.end()) prefixes.push_back(t);
      }
    }
    const std::string top = "\xF4\x8F\xBF\xBF";  // U+10FFFF sorts after any continuation of a prefix
    // One common word is found fastest by walking the newest contacts (a match every few
    // rows); several words match rarely together, so their rarest word's range pays off
    // even when it is larger.
    const std::int64_t limit = prefixes.size() > 1 ? kMaxCandidates : kMaxCandidates / 5;
    std::optional<std::string> best;
    std::int64_t best_count = limit + 1;
    for (const auto& p : prefixes) {
      auto probe = c.query_one(
          "SELECT COUNT(*) FROM (SELECT 1 FROM contact_terms t WHERE t.business_id = $1 AND t.term >= $2 AND t.term < $3 "
          "LIMIT " + std::to_string(limit + 1) + ") x",
          {scope.business_id().str(), p, p + top});
      std::int64_t n = probe ? probe->int64(0) : limit + 1;
      if (n < best_count) best = p, best_count = n;
    }
    if (best) {
      // Driven from the term range (CROSS JOIN fixes the join order on SQLite; PostgreSQL
      // plans it as an inner join); a contact with two matching terms appears once.
      std::string lo = next(*best), hi = next(*best + top);
      from = " FROM contact_terms t CROSS JOIN contacts c WHERE t.business_id = $1 AND t.term >= " + lo +
             " AND t.term < " + hi + " AND c.business_id = t.business_id AND c.id = t.contact_id";
    }
    where += " AND (c.name_search LIKE " + next("% " + like_escape(q) + "%") + " ESCAPE '\\'";
    if (!digits.empty()) where += " OR c.phone LIKE " + next("+" + like_escape(digits) + "%") + " ESCAPE '\\'";
    where += ")";
  }
  if (f.tag)
    where += " AND EXISTS (SELECT 1 FROM contact_tags g WHERE g.business_id = c.business_id AND g.tag = " + next(*f.tag) +
             " AND g.contact_id = c.id)";
  if (f.owner_user_id)
    where += *f.owner_user_id == kNoOwner ? std::string(" AND c.owner_user_id IS NULL")
                                          : " AND c.owner_user_id = " + next(*f.owner_user_id);
  if (f.lead_status) where += " AND c.lead_status = " + next(*f.lead_status);
  if (f.opted_out) where += " AND c.opted_out = " + next(static_cast<int>(*f.opted_out));
  if (f.attribute) {
    std::string key = next(f.attribute->first);
    where += " AND " + storage::json_member_text(c.dialect(), "c.attributes", key) + " = " + next(f.attribute->second);
  }
  if (f.before_id) where += " AND c.id < " + next(*f.before_id);
  bool via_terms = from.find("contact_terms") != std::string::npos;
  std::string sql = std::string("SELECT ") + (via_terms ? "DISTINCT " : "") + kColumns + from + where +
                    " ORDER BY c.id DESC LIMIT " + next(f.limit);
  std::vector<Contact> out;
  for (auto& r : c.query(sql, params)) out.push_back(contact_from(r));
  return out;
}

}  // namespace sb::contacts
