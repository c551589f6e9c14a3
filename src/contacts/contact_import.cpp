#include "contacts/contact_import.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "contacts/attributes.h"
#include "contacts/contact_service.h"
#include "contacts/csv_reader.h"
#include "contacts/phone.h"
#include "core/text.h"

namespace sb::contacts {

using storage::Conn;
using tenancy::TenantScope;

namespace {

Error invalid_csv(std::string message) { return Error::validation("invalid_csv", std::move(message)); }

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  return s;
}

struct Columns {
  int phone = -1, name = -1, tags = -1, lead_status = -1, owner = -1, opted_out = -1;
  std::vector<std::pair<int, std::string>> attributes;
  size_t count = 0;
};

Result<Columns> read_header(const std::vector<std::string>& header) {
  Columns cols;
  cols.count = header.size();
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = trim(header[i]);
    std::string lower = h;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    int idx = static_cast<int>(i);
    if (lower == "phone") cols.phone = idx;
    else if (lower == "name") cols.name = idx;
    else if (lower == "tags") cols.tags = idx;
    else if (lower == "lead_status") cols.lead_status = idx;
    else if (lower == "owner_user_id") cols.owner = idx;
    else if (lower == "opted_out") cols.opted_out = idx;
    else if (lower == "created_at" || lower == "updated_at" || lower == "id" || lower == "wa_id") continue;  // ours
    else if (!h.empty() && h.size() <= 64) cols.attributes.emplace_back(idx, h);
  }
  if (cols.phone < 0) return fail(invalid_csv("The header row has no `phone` column."));
  return cols;
}

}  // namespace

Result<std::string> ContactImporter::start(const TenantScope& scope, const std::string& csv, const std::string& ip) {
  if (csv.empty()) return fail(invalid_csv("The file is empty."));
  if (!is_clean_utf8(csv)) return fail(invalid_csv("The file is not UTF-8 text; save it as \"CSV UTF-8\" and try again."));
  std::istringstream in(csv);
  CsvReader reader(in);
  std::vector<std::string> header;
  size_t line = 0;
  if (!reader.next(header, line)) return fail(invalid_csv("The file is empty."));
  if (auto cols = read_header(header); !cols) return fail(cols.error());
  // One pass over the records: a quote left open swallows the rest of the file.
  std::vector<std::string> record;
  size_t record_line = 0;
  while (reader.next(record, record_line)) {
  }
  if (reader.unterminated_quote())
    return fail(invalid_csv("A quoted field starting on line " + std::to_string(record_line) +
                            " is never closed; check the quotes in the file."));

  std::filesystem::path dir = std::filesystem::path(upload_dir_) / scope.business_id().str();
  std::filesystem::create_directories(dir);
  std::filesystem::path file = dir / (new_id() + ".csv");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(csv.data(), static_cast<std::streamsize>(csv.size()));
    out.close();  // a full disk shows at the flush, so check after closing
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(file, ec);
      return fail(Error{ErrorKind::unavailable, "storage_full", "The upload could not be stored.", {}, {}, {}});
    }
  }
  try {
    return db_.write([&](Conn& c) {
      std::string id = queue_.enqueue(scope, c, kKind, {{"path", file.string()}, {"bytes", csv.size()}}, {std::nullopt, 3});
      audit_.record(scope, c, "contacts.import_started", "job", id, {{"bytes", csv.size()}}, ip);
      return id;
    });
  } catch (...) {
    std::filesystem::remove(file);
    throw;
  }
}

Result<nlohmann::json> ContactImporter::run(jobs::JobContext& ctx) {
  const auto& job = ctx.job();
  std::string path = job.payload.value("path", "");
  std::ifstream counting(path, std::ios::binary);
  if (!counting) return fail(invalid_csv("The uploaded file is gone; upload it again."));
  TenantScope scope = ctx.scope();
  auto business = businesses_.get(scope);
  if (!business) return fail(business.error());
  std::string region = business->settings.value("default_region", "US");

  // First pass: how many records, for progress.
  std::int64_t total = 0;
  {
    CsvReader reader(counting);
    std::vector<std::string> fields;
    size_t line = 0;
    while (reader.next(fields, line))
      if (!(fields.size() == 1 && fields[0].empty())) ++total;  // blank lines are not records
    total = std::max<std::int64_t>(0, total - 1);
  }
  std::ifstream in(path, std::ios::binary);
  CsvReader reader(in);
  std::vector<std::string> fields;
  size_t line = 0;
  reader.next(fields, line);
  auto cols = read_header(fields);
  if (!cols) return fail(cols.error());

  std::set<std::string> members;
  for (const auto& m : team_.members(scope)) members.insert(m.user_id.str());
  auto plan = businesses_.plan_of(scope);
  std::optional<std::int64_t> contact_limit = plan ? plan->limit("contacts") : std::nullopt;
  std::int64_t created = 0, updated = 0, rejected_count = 0, done = 0;
  nlohmann::json rejected = nlohmann::json::array();
  auto reject = [&](size_t at, std::string reason) {
    ++rejected_count;
    if (rejected.size() < kMaxRejectsListed) rejected.push_back({{"line", at}, {"reason", std::move(reason)}});
  };

  constexpr size_t kBatch = 500;
  struct Row {
    size_t line;
    std::vector<std::string> fields;
  };
  std::vector<Row> batch;
  batch.reserve(kBatch);
  bool more = true;
  int batches = 0, next_analyze = 1;
  while (more) {
    batch.clear();
    while (batch.size() < kBatch && (more = reader.next(fields, line))) {
      if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
      if (reader.unterminated_quote()) break;                 // refused at upload; never half a record
      batch.push_back({line, fields});
    }
    TimeMs now = clock_.now_ms();
    db_.write([&](Conn& c) {
      std::int64_t existing = contact_limit ? store_.count(scope, c) : 0;
      for (auto& row : batch) {
        auto& f = row.fields;
        if (f.size() > cols->count) {
          reject(row.line, "has " + std::to_string(f.size()) + " fields; the header has " + std::to_string(cols->count));
          continue;
        }
        f.resize(cols->count);
        std::string raw_phone = trim(f[static_cast<size_t>(cols->phone)]);
        if (raw_phone.empty()) {
          reject(row.line, "no phone number");
          continue;
        }
        auto phone = normalize_phone(raw_phone, region);
        if (!phone) {
          reject(row.line, "invalid phone number: " + truncate_utf8(raw_phone, 40));
          continue;
        }
        std::optional<std::string> name;
        if (cols->name >= 0) {
          name = trim(f[static_cast<size_t>(cols->name)]);
          if (name->size() > 200) {
            reject(row.line, "name longer than 200 characters");
            continue;
          }
        }
        std::optional<std::vector<std::string>> tags;
        if (cols->tags >= 0) {
          tags.emplace();
          std::string list = f[static_cast<size_t>(cols->tags)];
          size_t start = 0;
          while (start <= list.size()) {
            size_t semi = list.find(';', start);
            std::string t = trim(list.substr(start, semi == std::string::npos ? std::string::npos : semi - start));
            if (!t.empty() && t.size() <= 64 && std::find(tags->begin(), tags->end(), t) == tags->end()) tags->push_back(t);
            if (semi == std::string::npos) break;
            start = semi + 1;
          }
        }
        std::optional<std::string> status, owner;
        if (cols->lead_status >= 0) {
          std::string v = trim(f[static_cast<size_t>(cols->lead_status)]);
          if (!v.empty() && !is_lead_status(business->settings, v)) {
            reject(row.line, "unknown lead_status: " + truncate_utf8(v, 40));
            continue;
          }
          if (!v.empty()) status = v;
        }
        if (cols->owner >= 0) {
          std::string v = trim(f[static_cast<size_t>(cols->owner)]);
          if (!v.empty() && !members.count(v)) {
            reject(row.line, "owner_user_id is not a member of this business");
            continue;
          }
          if (!v.empty()) owner = v;
        }
        bool opt_out = cols->opted_out >= 0 && trim(f[static_cast<size_t>(cols->opted_out)]) == "true";
        auto current = store_.by_whatsapp(scope, c, whatsapp_variants(phone->digits()));
        Contact k = current ? *current : Contact{};
        if (!current) {
          if (contact_limit && existing + 1 > *contact_limit) {
            reject(row.line, "the plan's contact limit is reached");
            continue;
          }
          k.id = ContactId(new_id());
          k.phone = phone->str();
          k.wa_id = phone->digits();
          k.created_at = now;
          k.lead_status = lead_statuses(business->settings).front();
        }
        if (name && (!name->empty() || !current)) k.name = *name;
        if (tags) k.tags = *tags;
        if (status) k.lead_status = *status;
        if (owner) k.owner_user_id = owner;
        bool newly_opted_out = opt_out && !k.opted_out;
        if (newly_opted_out) {
          k.opted_out = true;
          k.opted_out_at = now;
          k.opted_out_source = "import";
        }
        if (!k.attributes.is_object()) k.attributes = nlohmann::json::object();
        bool bad_attribute = false;
        for (const auto& [idx, key] : cols->attributes) {
          std::string v = trim(f[static_cast<size_t>(idx)]);
          if (v.empty()) continue;
          auto value = coerce_attribute(business->settings, key, v);
          if (!value) {
            reject(row.line, value.error().message);
            bad_attribute = true;
            break;
          }
          k.attributes[key] = *value;
        }
        if (bad_attribute) continue;
        k.updated_at = now;
        if (current) {
          store_.update(scope, c, k);
          ++updated;
        } else {
          store_.insert(scope, c, k);
          ++created;
          ++existing;
        }
        if (newly_opted_out)
          store_.add_consent(scope, c, k.id,
                             {new_id(), "opted_out", "import", job.created_by, "line " + std::to_string(row.line), now});
      }
    });
    done += static_cast<std::int64_t>(batch.size());
    // After batches 1, 4, 16, 64, ...: statistics that still describe the table before the load
    // make PostgreSQL scan for every look-up by phone.
    if (++batches == next_analyze) {
      next_analyze *= 4;
      db_.write([&](Conn& c) { store_.refresh_statistics(c); });
    }
    // A lost lease or a shutdown: stop here; the job is retried and the upsert repeats safely.
    if (!ctx.progress(done, total))
      return fail(Error{ErrorKind::unavailable, "interrupted", "The import was interrupted; it will resume.", {}, {}, {}});
  }
  nlohmann::json result = {{"created", created}, {"updated", updated}, {"rejected", rejected}, {"rejected_count", rejected_count}};
  db_.write([&](Conn& c) {
    audit_.record(scope, c, "contacts.imported", "job", job.id,
                  {{"created", created}, {"updated", updated}, {"rejected", rejected_count}}, "");
  });
  // The file goes only while this worker still holds the job: a worker that lost its lease
  // leaves it for the one that took over.
  if (ctx.progress(done, total)) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  return result;
}

}  // namespace sb::contacts
