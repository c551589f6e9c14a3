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

bool is_known_region(std::string_view region) {
  if (region.size() != 2) return false;
  return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(std::string(region)) != 0;
}

}  // namespace sb::contacts
