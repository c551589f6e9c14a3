#include "contacts/phone.h"

#include <phonenumbers/phonenumberutil.h>

namespace sb::contacts {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

Result<E164> normalize_phone(std::string_view raw, std::string_view default_region) {
  auto invalid = [] { return fail(Error::validation("invalid_phone", "That is not a valid phone number.", "phone")); };
  if (raw.empty() || raw.size() > 40) return invalid();
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  std::string input(raw);
  // Digits-only input that starts with a country code, as WhatsApp writes wa_ids, is read as international.
  if (auto r = util.Parse(input, std::string(default_region), &number); r != PhoneNumberUtil::NO_PARSING_ERROR)
    return invalid();
  if (!util.IsValidNumber(number)) return invalid();
  std::string out;
  util.Format(number, PhoneNumberUtil::E164, &out);
  return E164(out);
}

std::vector<std::string> whatsapp_variants(const std::string& d) {
  std::vector<std::string> out = {d};
  auto digit_at = [&](size_t i, char c) { return d.size() > i && d[i] == c; };
  if (d.starts_with("55")) {
    // Brazil: 55 + 2-digit area + 9 + 8 digits (13), or the older 55 + area + 8 digits (12)
    // for mobiles, whose first local digit is 6-9.
    if (d.size() == 13 && digit_at(4, '9')) out.push_back(d.substr(0, 4) + d.substr(5));
    if (d.size() == 12 && d[4] >= '6' && d[4] <= '9') out.push_back(d.substr(0, 4) + "9" + d.substr(4));
  } else if (d.starts_with("52")) {
    if (d.size() == 13 && digit_at(2, '1')) out.push_back("52" + d.substr(3));
    if (d.size() == 12) out.push_back("521" + d.substr(2));
  } else if (d.starts_with("54")) {
    if (d.size() == 13 && digit_at(2, '9')) out.push_back("54" + d.substr(3));
    if (d.size() == 12) out.push_back("549" + d.substr(2));
  }
  return out;
}

bool is_known_region(std::string_view region) {
  if (region.size() != 2) return false;
  return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(std::string(region)) != 0;
}

}  // namespace sb::contacts
