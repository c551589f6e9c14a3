#include "contacts/csv_reader.h"

namespace sb::contacts {

CsvReader::CsvReader(std::istream& in) : in_(in) {}

int CsvReader::get() { return in_.get(); }

bool CsvReader::next(std::vector<std::string>& fields, size_t& line) {
  fields.clear();
  if (at_start_) {
    at_start_ = false;
    if (in_.peek() == 0xEF) {  // UTF-8 byte-order mark, as spreadsheet exports write it
      char bom[3];
      in_.read(bom, 3);
      if (!(static_cast<unsigned char>(bom[1]) == 0xBB && static_cast<unsigned char>(bom[2]) == 0xBF)) {
        in_.clear();
        in_.seekg(0);
      }
    }
  }
  int c = get();
  if (c == EOF) return false;
  line = line_;
  std::string field;
  bool quoted = false, was_quoted = false;
  for (;; c = get()) {
    if (quoted) {
      if (c == EOF) {
        unterminated_ = true;
        fields.push_back(std::move(field));
        return true;
      }
      if (c == '"') {
        if (in_.peek() == '"') {
          get();
          field.push_back('"');
        } else {
          quoted = false;
        }
        continue;
      }
      if (c == '\n') ++line_;
      field.push_back(static_cast<char>(c));
      continue;
    }
    if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
      continue;
    }
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      continue;
    }
    if (c == '\r' && in_.peek() == '\n') continue;
    if (c == '\n' || c == '\r' || c == EOF) {  // a lone CR ends a line too (old Mac files)
      if (c != EOF) ++line_;
      fields.push_back(std::move(field));
      return true;
    }
    field.push_back(static_cast<char>(c));
  }
}

}  // namespace sb::contacts
