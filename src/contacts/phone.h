#pragma once
// Phone numbers as E.164 (`+` and digits), built only by the normaliser (libphonenumber).
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace sb::contacts {

class E164 {
 public:
  const std::string& str() const { return value_; }
  // The digits without '+': WhatsApp's wa_id form.
  std::string digits() const { return value_.substr(1); }

 private:
  friend Result<E164> normalize_phone(std::string_view raw, std::string_view default_region);
  explicit E164(std::string v) : value_(std::move(v)) {}
  std::string value_;
};

// Parses what a person typed ("+55 11 91234-5678", "(415) 555-2671" with region US, "00 44 ...").
// A number without '+' uses `default_region`. Invalid numbers are 422 invalid_phone.
Result<E164> normalize_phone(std::string_view raw, std::string_view default_region);

bool is_known_region(std::string_view region);

// The digit strings (wa_id form, no '+') under which WhatsApp may know the same mobile
// number: the number itself, and the form with or without the mobile marker some
// countries added or dropped — Brazil's ninth digit (55 AA 9XXXXXXXX / 55 AA XXXXXXXX),
// Mexico's 1 after 52, Argentina's 9 after 54. Contacts match on any of them.
std::vector<std::string> whatsapp_variants(const std::string& digits);

}  // namespace sb::contacts
