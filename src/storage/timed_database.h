#pragma once
// A Database decorator that reports how long each read and write took (for /metrics).
#include <chrono>
#include <functional>
#include <memory>

#include "storage/database.h"

namespace sb::storage {

class TimedDatabase final : public Database {
 public:
  using Observer = std::function<void(const char* op, double seconds)>;
  TimedDatabase(std::unique_ptr<Database> inner, Observer observe) : inner_(std::move(inner)), observe_(std::move(observe)) {}

  Dialect dialect() const override { return inner_->dialect(); }
  void run_read(const std::function<void(Conn&)>& fn) override { timed("read", [&] { inner_->run_read(fn); }); }
  void run_write(const std::function<void(Conn&)>& fn) override { timed("write", [&] { inner_->run_write(fn); }); }
  void run_write_async(std::function<void(Conn&)> fn, WriteDone done) override {
    inner_->run_write_async(std::move(fn), std::move(done));
  }
  bool ping() override { return inner_->ping(); }
  void close() override { inner_->close(); }

 private:
  template <typename F>
  void timed(const char* op, F&& f) {
    auto start = std::chrono::steady_clock::now();
    struct Report {
      TimedDatabase* self;
      const char* op;
      std::chrono::steady_clock::time_point start;
      ~Report() { self->observe_(op, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()); }
    } report{this, op, start};
    f();
  }
  std::unique_ptr<Database> inner_;
  Observer observe_;
};

}  // namespace sb::storage
