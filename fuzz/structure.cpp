// libFuzzer harness: pelkit::read_structure on a file — format by name, by content, the
// "looks like" hint, and gzip. The first input byte picks the file name's extension (bits 0-2:
// none, .data, .xyz, .dump, .vasp) and whether the rest is gzip-compressed first (bit 3); the
// rest is the file (raw bytes may themselves be gzip data, intact or not).
#include "common.hpp"

#include <pelkit/io/gzip.hpp>
#include <pelkit/io/structure.hpp>

#include <array>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pelkit_fuzz;
  if (size == 0) return 0;
  static constexpr std::array<const char*, 8> extensions{".bin", ".data", ".xyz", ".dump", ".vasp", ".bin", ".data.gz", ".XYZ"};
  const unsigned selector = data[0];
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  if (selector & 8) body = pelkit::gzip_compress(body, "fuzz");
  scratch_file file(extensions[selector & 7]);
  file.write(reinterpret_cast<const std::uint8_t*>(body.data()), body.size());
  pelkit::system s;
  try {
    s = pelkit::read_structure(file.path());
  } catch (const pelkit::error& e) {
    check_message(e, file.path());
    return 0;
  }
  check_system(s);
  return 0;
}
