#include "storage/database.h"

#include <charconv>
#include <cstdio>
#include <ctime>

#include "storage/migration.h"
#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace sb::storage {

std::optional<std::string> Value::to_text() const {
  struct Visitor {
    std::optional<std::string> operator()(std::monostate) const { return std::nullopt; }
    std::optional<std::string> operator()(std::int64_t v) const { return std::to_string(v); }
    std::optional<std::string> operator()(double v) const {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", v);
      return std::string(buf);
    }
    std::optional<std::string> operator()(const std::string& v) const { return v; }
  };
  return std::visit(Visitor{}, v_);
}

std::string param_list(size_t after, size_t n) {
  std::string out;
  out.reserve(n * 5);
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ", ";
    out += '$';
    out += std::to_string(after + i + 1);
  }
  return out;
}

std::string values_list(size_t after, size_t cols, size_t rows) {
  std::string out;
  out.reserve(rows * (cols * 6 + 4));
  for (size_t r = 0; r < rows; ++r) {
    out += r ? ", (" : "(";
    out += param_list(after + r * cols, cols);
    out += ')';
  }
  return out;
}

std::string in_text_list(Dialect d, const std::string& column, Params& params, const std::vector<std::string>& values,
                         size_t start, size_t n) {
  if (d == Dialect::sqlite) {
    // Padded to a power of two with the last value again (harmless in an IN list): a few
    // statement shapes in the connection's cache instead of one per length.
    size_t padded = 1;
    while (padded < n) padded *= 2;
    std::string sql = column + " IN (" + param_list(params.size(), padded) + ")";
    params.insert(params.end(), values.begin() + static_cast<std::ptrdiff_t>(start),
                  values.begin() + static_cast<std::ptrdiff_t>(start + n));
    for (size_t i = n; i < padded; ++i) params.push_back(n ? values[start + n - 1] : std::string());
    return sql;
  }
  // An array literal: every element quoted, with " and \ escaped.
  std::string array = "{";
  for (size_t i = start; i < start + n; ++i) {
    if (i > start) array += ',';
    array += '"';
    for (char ch : values[i]) {
      if (ch == '"' || ch == '\\') array += '\\';
      array += ch;
    }
    array += '"';
  }
  array += '}';
  params.emplace_back(std::move(array));
  return column + " IN (SELECT unnest($" + std::to_string(params.size()) + "::text[]))";
}

std::string Value::take_text() {
  if (auto* s = std::get_if<std::string>(&v_)) return std::move(*s);
  auto t = to_text();
  return t ? *t : std::string();
}

std::string Row::text(size_t i) const {
  auto t = cols_.at(i).to_text();
  return t ? *t : std::string();
}

std::int64_t Row::int64(size_t i) const {
  const auto& raw = cols_.at(i).raw();
  if (auto* v = std::get_if<std::int64_t>(&raw)) return *v;
  if (auto* d = std::get_if<double>(&raw)) return static_cast<std::int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&raw)) {
    if (*s == "t" || *s == "true") return 1;  // PostgreSQL booleans in text format
    if (*s == "f" || *s == "false") return 0;
    std::int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

double Row::real(size_t i) const {
  const auto& raw = cols_.at(i).raw();
  if (auto* v = std::get_if<double>(&raw)) return *v;
  if (auto* v = std::get_if<std::int64_t>(&raw)) return static_cast<double>(*v);
  if (auto* s = std::get_if<std::string>(&raw)) return std::strtod(s->c_str(), nullptr);
  return 0;
}

std::optional<std::string> Row::opt_text(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::optional<std::int64_t> Row::opt_int64(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return int64(i);
}

std::unique_ptr<Database> open_database(const std::string& url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return make_postgres_database(url);
  if (url.starts_with("sqlite:")) return make_sqlite_database(url.substr(7));
  throw std::invalid_argument("unsupported database URL (want sqlite:PATH or postgresql://...): " + url);
}

std::string translate_migration(const std::string& sql, Dialect dialect) {
  static constexpr std::string_view kSqliteOnly = "-- sqlite-only";
  static constexpr std::string_view kPostgresOnly = "-- postgres-only";
  std::string out;
  size_t start = 0;
  while (start < sql.size()) {
    size_t end = sql.find('\n', start);
    if (end == std::string::npos) end = sql.size();
    std::string_view line(sql.data() + start, end - start);
    bool keep = true;
    if (line.ends_with(kSqliteOnly)) keep = dialect == Dialect::sqlite;
    if (line.ends_with(kPostgresOnly)) keep = dialect == Dialect::postgres;
    if (keep) {
      out.append(line);
      out.push_back('\n');
    }
    start = end + 1;
  }
  return out;
}

int migrate(Database& db) {
  db.write([](Conn& c) {
    c.execute_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at BIGINT NOT NULL)");
  });
  int applied = 0;
  for (const auto& m : embedded_migrations()) {
    bool ran = db.write([&](Conn& c) {
      // Two processes migrating at once: PostgreSQL serialises them on an advisory lock;
      // SQLite already has a single writer. The loser sees the version present and skips.
      if (c.dialect() == Dialect::postgres) c.query("SELECT pg_advisory_xact_lock(727274)", {});
      if (c.query_one("SELECT version FROM schema_migrations WHERE version = $1", {m.version})) return false;
      c.execute_script(translate_migration(m.sql, c.dialect()));
      auto now = static_cast<std::int64_t>(std::time(nullptr)) * 1000;
      c.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                {m.version, m.name, now});
      return true;
    });
    if (ran) ++applied;
  }
  return applied;
}

}  // namespace sb::storage
