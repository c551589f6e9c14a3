#pragma once
// The storage seam. Stores (the only files with SQL) talk to a Database; two backends
// implement it: SQLite (embedded, default) and PostgreSQL (libpq). SQL is written once in
// the subset both understand, with PostgreSQL-style placeholders ($1, $2, ...).
#include <algorithm>
#include <cstdint>
#include <exception>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace sb::storage {

enum class Dialect { sqlite, postgres };

// A bound parameter or a column value.
class Value {
 public:
  using Storage = std::variant<std::monostate, std::int64_t, double, std::string>;
  Value() = default;
  Value(std::nullptr_t) {}
  Value(std::int64_t v) : v_(v) {}
  Value(int v) : v_(static_cast<std::int64_t>(v)) {}
  Value(bool v) : v_(static_cast<std::int64_t>(v ? 1 : 0)) {}
  Value(double v) : v_(v) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  template <typename T>
  Value(const std::optional<T>& v) {
    if (v) *this = Value(*v);
  }
  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  const Storage& raw() const { return v_; }
  // Renders for text-format protocols (libpq); nullopt for NULL.
  std::optional<std::string> to_text() const;
  // Moves a text value out (leaving it empty); other kinds are rendered.
  std::string take_text();

 private:
  Storage v_;
};

using Params = std::vector<Value>;

// One result row, materialised. Accessors convert between the backends' representations
// (SQLite hands back integers, libpq text), so stores read columns one way for both.
class Row {
 public:
  explicit Row(std::vector<Value> cols) : cols_(std::move(cols)) {}
  size_t size() const { return cols_.size(); }
  bool is_null(size_t i) const { return cols_.at(i).is_null(); }
  std::string text(size_t i) const;
  // As text(), but moves the value out of the row: for stores that read each column once.
  std::string take_text(size_t i) { return cols_.at(i).take_text(); }
  std::int64_t int64(size_t i) const;
  double real(size_t i) const;
  bool boolean(size_t i) const { return int64(i) != 0; }
  std::optional<std::string> opt_text(size_t i) const;
  std::optional<std::int64_t> opt_int64(size_t i) const;

 private:
  std::vector<Value> cols_;
};

// A failure the database reported. Constraint violations are told apart so that stores
// can turn a unique violation into a 409 without a racy look-up first.
class DbError : public std::runtime_error {
 public:
  enum class Kind { unique_violation, foreign_key_violation, busy, connection, other };
  DbError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// A connection inside a read snapshot or a write transaction. Statements are prepared on
// first use and cached per connection, keyed by their SQL text.
class Conn {
 public:
  virtual ~Conn() = default;
  virtual Dialect dialect() const = 0;
  virtual std::vector<Row> query(std::string_view sql, const Params& params) = 0;
  // Returns the number of rows changed.
  virtual std::int64_t execute(std::string_view sql, const Params& params) = 0;
  // Runs several statements without parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;

  std::optional<Row> query_one(std::string_view sql, const Params& params) {
    auto rows = query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  // Runs fn against a consistent snapshot. fn must not write.
  virtual void run_read(const std::function<void(Conn&)>& fn) = 0;
  // Runs fn in a write transaction: all of fn's changes commit, or none do (an exception
  // thrown by fn rolls back fn's part and is rethrown to the caller).
  virtual void run_write(const std::function<void(Conn&)>& fn) = 0;
  using WriteDone = std::function<void(std::exception_ptr error)>;
  // The same without blocking: fn runs in a write transaction on the database's own thread,
  // which then calls done with nullptr once it committed, or with what fn or the commit
  // threw (nothing of fn's is kept then). For work answered after its commit, such as the
  // webhook intake's acks, so that no thread waits for the disk per request. After close(),
  // done is called at once with an error.
  virtual void run_write_async(std::function<void(Conn&)> fn, WriteDone done) = 0;
  // True when the database answers a trivial query.
  virtual bool ping() = 0;
  // Stops background threads after finishing queued writes (graceful shutdown).
  virtual void close() = 0;

  template <typename F>
  auto read(F&& fn) -> std::invoke_result_t<F, Conn&> {
    using R = std::invoke_result_t<F, Conn&>;
    if constexpr (std::is_void_v<R>) {
      run_read(std::forward<F>(fn));
    } else {
      std::optional<R> out;
      run_read([&](Conn& c) { out.emplace(fn(c)); });
      return std::move(*out);
    }
  }
  template <typename F>
  auto write(F&& fn) -> std::invoke_result_t<F, Conn&> {
    using R = std::invoke_result_t<F, Conn&>;
    if constexpr (std::is_void_v<R>) {
      run_write(std::forward<F>(fn));
    } else {
      std::optional<R> out;
      run_write([&](Conn& c) { out.emplace(fn(c)); });
      return std::move(*out);
    }
  }
};

// The row-claiming clause for work queues: PostgreSQL's FOR UPDATE SKIP LOCKED lets
// concurrent claimers pass each other; SQLite's single writer needs nothing.
inline const char* skip_locked(Dialect d) { return d == Dialect::postgres ? " FOR UPDATE SKIP LOCKED" : ""; }

// The text of member `key_param` (a placeholder holding the key) of the JSON object in
// `column`, as an SQL expression: numbers and strings compare as their text on both engines.
inline std::string json_member_text(Dialect d, const std::string& column, const std::string& key_param) {
  if (d == Dialect::postgres) return "(" + column + "::jsonb ->> " + key_param + ")";
  // SQLite's json_extract turns JSON true/false into 1/0; spell them as PostgreSQL does.
  std::string path = "'$.\"' || " + key_param + " || '\"'";
  return "(CASE json_type(" + column + ", " + path + ") WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(json_extract(" +
         column + ", " + path + ") AS TEXT) END)";
}

// Multi-row statements. Rows per statement and values per IN list: few statements per batch,
// far below either engine's limit on parameters, and a bounded number of statement shapes
// for the per-connection prepared-statement cache.
inline constexpr size_t kRowsChunk = 64;
inline constexpr size_t kInListChunk = 256;
// How many of `remaining` rows the next multi-row statement takes: a power of two up to
// kRowsChunk, so that a table sees at most seven statement shapes whatever the batch size.
inline size_t rows_in_next_statement(size_t remaining, size_t chunk = kRowsChunk) {
  size_t n = remaining < chunk ? remaining : chunk;
  size_t p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}
// "$a, $a+1, ..." for n parameters after the first `after` ones: an IN list.
std::string param_list(size_t after, size_t n);
// "($a, ..., $a+cols-1), (...)" for `rows` rows after the first `after` parameters: the
// VALUES of a multi-row INSERT.
std::string values_list(size_t after, size_t cols, size_t rows);
// "column IN ($k, ...)" for values[start, start + n), appended to params. On PostgreSQL it is
// "column IN (SELECT unnest($k::text[]))" with the values as one array parameter instead: the
// generic plan of a prepared statement with a long IN list (or = ANY of an array) can misjudge
// it and scan every row of the business (measured: 100 ms instead of 0.5 ms for 256 wamids);
// a semi-join driven by the array probes the index once per value (or hashes the array to
// scan a small table, where `= ANY` would search it linearly per row: 10 ms against 1 ms for
// 256 keys in 1,000 contacts). It still needs statistics that know the table's size (see
// storage::TableGrowth).
std::string in_text_list(Dialect d, const std::string& column, Params& params, const std::vector<std::string>& values,
                         size_t start, size_t n);
// Appends each value to params, in order.
template <typename... T>
void push_values(Params& params, T&&... values) {
  (params.emplace_back(std::forward<T>(values)), ...);
}
// `count` rows of `cols` values in few multi-row statements: push(params, i) appends row i's
// values, then run(values, params) executes the statement with `values` its VALUES list.
template <typename Push, typename Run>
void for_row_chunks(size_t count, size_t cols, Push&& push, Run&& run, size_t chunk = kRowsChunk) {
  Params params;
  for (size_t start = 0, n = 0; start < count; start += n) {
    n = rows_in_next_statement(count - start, chunk);
    params.clear();
    params.reserve(n * cols);
    for (size_t i = start; i < start + n; ++i) push(params, i);
    run(values_list(0, cols, n), params);
  }
}
// A set of text keys in chunks of kInListChunk: each chunk's parameters start with `first`,
// then run(condition, params) executes with `condition` the in_text_list of the chunk.
template <typename Run>
void for_in_chunks(Dialect d, const std::string& column, const std::vector<std::string>& values, const Params& first,
                   Run&& run) {
  for (size_t start = 0; start < values.size(); start += kInListChunk) {
    Params params = first;
    std::string condition = in_text_list(d, column, params, values, start, std::min(kInListChunk, values.size() - start));
    run(condition, params);
  }
}
// Statement caches keyed by SQL text and looked up by a string_view of it, without a copy.
struct SqlTextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Opens `sqlite:PATH` or `postgresql://...` (also `postgres://`).
std::unique_ptr<Database> open_database(const std::string& url);

// Applies every embedded migration not yet applied; returns how many ran.
int migrate(Database& db);

}  // namespace sb::storage
