#pragma once
// An RFC 4180 CSV reader over a stream: quoted fields with commas, doubled quotes and line
// breaks, CRLF or LF, a UTF-8 byte-order mark at the start. It holds one record at a time,
// so a file of any length is read in constant memory.
#include <istream>
#include <string>
#include <vector>

namespace sb::contacts {

class CsvReader {
 public:
  explicit CsvReader(std::istream& in);
  // Reads the next record; false at the end. `line` is the file line the record starts on.
  bool next(std::vector<std::string>& fields, size_t& line);
  // Set when the file ended inside a quoted field (the record is returned as read so far).
  bool unterminated_quote() const { return unterminated_; }

 private:
  int get();
  std::istream& in_;
  size_t line_ = 1;
  bool unterminated_ = false;
  bool at_start_ = true;
};

}  // namespace sb::contacts
