#include "fakes/fake_smtp.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace sb::testing {

FakeSmtp::FakeSmtp() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 8) != 0)
    throw std::runtime_error("fake SMTP could not listen");
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

FakeSmtp::~FakeSmtp() {
  stop_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  thread_.join();
}

std::vector<ReceivedMail> FakeSmtp::messages() {
  std::lock_guard lock(mu_);
  return messages_;
}

void FakeSmtp::serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    session(fd);
    ::close(fd);
  }
}

void FakeSmtp::session(int fd) {
  auto say = [&](const std::string& line) { ::send(fd, line.data(), line.size(), MSG_NOSIGNAL); };
  std::string buffer;
  auto read_line = [&](std::string& line) {
    for (;;) {
      auto eol = buffer.find("\r\n");
      if (eol != std::string::npos) {
        line = buffer.substr(0, eol);
        buffer.erase(0, eol + 2);
        return true;
      }
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 5000) <= 0) return false;
      char chunk[4096];
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<size_t>(n));
    }
  };
  say("220 fake.smtp ESMTP ready\r\n");
  ReceivedMail mail;
  std::string line;
  while (read_line(line)) {
    std::string verb = line.substr(0, 4);
    for (auto& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (verb == "EHLO" || verb == "HELO") {
      say("250-fake.smtp\r\n250 8BITMIME\r\n");
    } else if (verb == "MAIL") {
      mail = {};
      mail.from = line.substr(line.find(':') + 1);
      say("250 OK\r\n");
    } else if (verb == "RCPT") {
      mail.to.push_back(line.substr(line.find(':') + 1));
      say("250 OK\r\n");
    } else if (verb == "DATA") {
      say("354 End data with <CR><LF>.<CR><LF>\r\n");
      std::string data;
      while (read_line(line) && line != ".") data += (line.starts_with("..") ? line.substr(1) : line) + "\r\n";
      mail.data = data;
      {
        std::lock_guard lock(mu_);
        messages_.push_back(mail);
      }
      say("250 OK queued\r\n");
    } else if (verb == "QUIT") {
      say("221 Bye\r\n");
      return;
    } else {
      say("250 OK\r\n");
    }
  }
}

}  // namespace sb::testing
