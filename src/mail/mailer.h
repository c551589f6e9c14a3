#pragma once
// Outgoing email (invitations). SMTP through libcurl when SWITCHBOARD_SMTP_URL is set;
// otherwise messages are written to the log, and callers return the link to the user.
#include <memory>
#include <string>

#include "core/result.h"

namespace sb::mail {

struct Email {
  std::string to;
  std::string subject;
  std::string text;
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  virtual Status send(const Email& email) = 0;
  virtual bool delivers() const = 0;  // false: nothing leaves the machine
};

// smtp://host:port or smtps://host:port; user and password may sit in the URL.
std::unique_ptr<Mailer> make_smtp_mailer(const std::string& url, const std::string& from);
std::unique_ptr<Mailer> make_log_mailer();

}  // namespace sb::mail
