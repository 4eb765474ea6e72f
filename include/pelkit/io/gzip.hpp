// pelkit/io/gzip.hpp — gzip-compressed text (zlib): detection, whole-buffer (de)compression.
//
// text_reader decompresses any input that starts with the gzip magic bytes 0x1f 0x8b, so every
// reader takes "glass.data.gz" as it takes "glass.data"; output_file (text_reader.hpp)
// compresses when the file name ends in ".gz". Concatenated gzip members are read as one text
// (as gzip -d does). Corrupt or truncated data, or bytes after the last member, are a
// pelkit::error "name: ..." — never a partial read.
#pragma once
#include <pelkit/core/error.hpp>

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

namespace pelkit {

/// True if `bytes` starts with the gzip magic bytes 0x1f 0x8b.
inline bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

/// True if `name` ends in ".gz" (any case).
inline bool has_gz_suffix(std::string_view name) {
  if (name.size() < 3) return false;
  const auto e = name.substr(name.size() - 3);
  return e[0] == '.' && std::tolower(static_cast<unsigned char>(e[1])) == 'g' &&
         std::tolower(static_cast<unsigned char>(e[2])) == 'z';
}

namespace detail::gzip {

// zlib takes at most 4 GiB - 1 per call; feed large buffers in pieces.
inline constexpr std::size_t max_chunk = std::size_t(1) << 30;

struct inflate_guard {
  z_stream* zs;
  ~inflate_guard() { inflateEnd(zs); }
};

struct deflate_guard {
  z_stream* zs;
  ~deflate_guard() { deflateEnd(zs); }
};

inline std::string zlib_message(const z_stream& zs, const char* fallback) {
  return zs.msg ? std::string(zs.msg) : std::string(fallback);
}

}  // namespace detail::gzip

/// The decompressed text of gzip `data` (one or more members). `name` (the file) prefixes
/// messages: "name: corrupt gzip data (...)", "name: truncated gzip data (...)".
inline std::string gunzip(std::string_view data, const std::string& name) {
  namespace d = detail::gzip;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw input_error(name, 0, "cannot start gzip decompression");
  d::inflate_guard guard{&zs};
  std::string out;
  char buf[1 << 16];
  std::size_t fed = 0;  // bytes of `data` handed to zlib so far
  auto feed = [&] {
    const std::size_t n = std::min(d::max_chunk, data.size() - fed);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + fed));
    zs.avail_in = static_cast<uInt>(n);
    fed += n;
  };
  feed();
  while (true) {
    if (zs.avail_in == 0 && fed < data.size()) feed();
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (rc == Z_STREAM_END) {
      const std::size_t used = fed - zs.avail_in;
      if (used == data.size()) return out;
      if (!is_gzip(data.substr(used)))
        throw input_error(name, 0, "corrupt gzip data (" + std::to_string(data.size() - used) +
                                       " bytes after the end of the compressed stream)");
      inflateReset(&zs);  // another member follows
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0 && fed == data.size())
      throw input_error(name, 0, "truncated gzip data (the compressed stream ends early, after " +
                                     std::to_string(out.size()) + " decompressed bytes)");
    if (rc == Z_BUF_ERROR) continue;  // more output space was needed; the loop gives it
    if (rc == Z_MEM_ERROR) throw input_error(name, 0, "out of memory while decompressing gzip data");
    throw input_error(name, 0, "corrupt gzip data (" + d::zlib_message(zs, "invalid compressed data") + ")");
  }
}

/// `text` compressed as one gzip member (zlib level 6). `name` prefixes messages.
inline std::string gzip_compress(std::string_view text, const std::string& name) {
  namespace d = detail::gzip;
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw input_error(name, 0, "cannot start gzip compression");
  d::deflate_guard guard{&zs};
  std::string out;
  char buf[1 << 16];
  std::size_t fed = 0;
  while (true) {
    if (zs.avail_in == 0 && fed < text.size()) {
      const std::size_t n = std::min(d::max_chunk, text.size() - fed);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data() + fed));
      zs.avail_in = static_cast<uInt>(n);
      fed += n;
    }
    const int flush = fed == text.size() ? Z_FINISH : Z_NO_FLUSH;
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    const int rc = deflate(&zs, flush);
    out.append(buf, sizeof buf - zs.avail_out);
    if (rc == Z_STREAM_END) return out;
    if (rc != Z_OK && rc != Z_BUF_ERROR)
      throw input_error(name, 0, "gzip compression failed (" + d::zlib_message(zs, "zlib error") + ")");
  }
}

}  // namespace pelkit
