#pragma once
// A local SMTP server speaking just enough RFC 5321 (EHLO, MAIL, RCPT, DATA, QUIT) for
// libcurl's client, recording each message. It stands in for the mail relay this machine
// can't reach; the server under test uses its real SMTP code path against it.
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sb::testing {

struct ReceivedMail {
  std::string from;
  std::vector<std::string> to;
  std::string data;  // headers and body, dot-unstuffed
};

class FakeSmtp {
 public:
  FakeSmtp();
  ~FakeSmtp();
  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::vector<ReceivedMail> messages();

 private:
  void serve();
  void session(int fd);
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<ReceivedMail> messages_;
};

}  // namespace sb::testing
