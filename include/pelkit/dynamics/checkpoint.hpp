// pelkit/dynamics/checkpoint.hpp — save an MD run to a file and resume it bit for bit.
//
//   save_checkpoint("run.ckpt", st, calc);          // any time between steps
//   ...                                             // (killed, restarted)
//   auto st = md.init(start, calc);                 // a state of the same type
//   load_checkpoint("run.ckpt", st, calc);          // continues exactly where it stopped
//
// The file holds the whole state value (system, last evaluation, time, step, thermostat and
// barostat variables including random-number streams) and the calculator's neighbour-list
// reference (positions and cell of its last build). Rebuilding the list from that reference
// reproduces the pair order, so forces are summed in the same order as in the uninterrupted run
// and, with the same thread count, the resumed trajectory is identical to the last bit.
//
// Format: binary, native byte order (a checkpoint is for resuming on the same kind of machine,
// not for archiving): "PELKITCK", format version, a tag naming the state type, then the fields.
// Writes go to "<path>.tmp" and are renamed over `path`, so a run killed while writing leaves
// the previous checkpoint intact. A truncated or foreign file, or one written for another kind of
// run (e.g. NVT into NPT), is a pelkit::error naming the file.
//
// A state type is checkpointable when it has `template <class A> void serialize(A& a)` that
// calls a(field, ...) on its fields; archives provide `static constexpr bool loading`.
#pragma once
#include <pelkit/core/error.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/potential/evaluation.hpp>

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

namespace pelkit {

namespace detail {

inline constexpr char checkpoint_magic[8] = {'P', 'E', 'L', 'K', 'I', 'T', 'C', 'K'};
inline constexpr std::uint32_t checkpoint_version = 1;

/// Shared field visitor: scalars as raw bytes, containers with their sizes first.
template <class Derived, bool Loading>
class archive {
public:
  static constexpr bool loading = Loading;

  template <class... T>
  void operator()(T&... fields) { (field(fields), ...); }

private:
  Derived& self() { return static_cast<Derived&>(*this); }

  template <class T>
  void field(T& x) {
    if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
      self().bytes(&x, sizeof(T));
    } else if constexpr (std::is_same_v<T, std::string>) {
      std::uint64_t n = x.size();
      field(n);
      if constexpr (Loading) x.resize(self().checked_size(n, 1));
      self().bytes(x.data(), x.size());
    } else if constexpr (requires { typename T::Scalar; x.rows(); x.cols(); x.data(); }) {  // Eigen
      std::int64_t r = x.rows(), c = x.cols();
      field(r), field(c);
      if constexpr (Loading) {
        if (r < 0 || c < 0) self().fail("negative matrix size");
        self().checked_size(std::uint64_t(r) * std::uint64_t(c), sizeof(typename T::Scalar));
        x.resize(r, c);
      }
      self().bytes(x.data(), std::size_t(x.size()) * sizeof(typename T::Scalar));
    } else if constexpr (requires { typename T::value_type; x.resize(0); x.data(); }) {  // std::vector
      std::uint64_t n = x.size();
      field(n);
      if constexpr (Loading) x.resize(self().checked_size(n, sizeof(typename T::value_type)));
      if constexpr (std::is_arithmetic_v<typename T::value_type>)
        self().bytes(x.data(), x.size() * sizeof(typename T::value_type));
      else
        for (auto& e : x) field(e);
    } else if constexpr (requires { std::tuple_size<T>::value; x[0]; }) {  // std::array
      for (auto& e : x) field(e);
    } else if constexpr (requires { x.has_value(); x.emplace(); }) {  // std::optional
      bool present = x.has_value();
      field(present);
      if constexpr (Loading) {
        if (present) x.emplace(); else x.reset();
      }
      if (present) field(*x);
    } else if constexpr (std::is_same_v<T, periodic_box>) {
      Eigen::Vector3d lo = x.lo(), hi = x.hi();
      double xy = x.xy(), xz = x.xz(), yz = x.yz();
      (*this)(lo, hi, xy, xz, yz);
      if constexpr (Loading) x = periodic_box(lo, hi, xy, xz, yz);
    } else if constexpr (std::is_same_v<T, system>) {
      (*this)(x.box, x.positions, x.types, x.type_names, x.type_masses, x.velocities, x.images, x.ids);
    } else if constexpr (std::is_same_v<T, evaluation>) {
      (*this)(x.energy, x.forces, x.virial, x.energy_per_atom);
    } else {
      x.serialize(self());
    }
  }
};

class checkpoint_writer : public archive<checkpoint_writer, false> {
public:
  explicit checkpoint_writer(std::ofstream& out) : out_(out) {}
  void bytes(const void* p, std::size_t n) { out_.write(static_cast<const char*>(p), std::streamsize(n)); }
  std::size_t checked_size(std::uint64_t n, std::size_t) const { return std::size_t(n); }

private:
  std::ofstream& out_;
};

class checkpoint_reader : public archive<checkpoint_reader, true> {
public:
  checkpoint_reader(std::ifstream& in, std::string path, std::uintmax_t file_size)
      : in_(in), path_(std::move(path)), size_(file_size) {}
  void bytes(void* p, std::size_t n) {
    if (std::uintmax_t(in_.tellg()) + n > size_) fail("truncated (file ends before the state is complete)");
    in_.read(static_cast<char*>(p), std::streamsize(n));
    if (!in_) fail("read error");
  }
  /// n elements of `each` bytes fit in the rest of the file (guards against corrupt sizes).
  std::size_t checked_size(std::uint64_t n, std::size_t each) {
    const std::uintmax_t left = size_ - std::uintmax_t(in_.tellg());
    if (n > left / std::max<std::size_t>(each, 1)) fail("truncated or corrupt (a stored size exceeds the file)");
    return std::size_t(n);
  }
  [[noreturn]] void fail(const std::string& why) const {
    throw error(path_ + ": not a usable pelkit checkpoint: " + why);
  }

private:
  std::ifstream& in_;
  std::string path_;
  std::uintmax_t size_;
};

/// Type tag stored in the file: which kind of state it holds.
template <class State>
std::string checkpoint_tag() { return typeid(State).name(); }

}  // namespace detail

/// Writes the state `st` and the calculator's neighbour-list reference to `path` (atomically:
/// via path + ".tmp" and a rename). Throws pelkit::error if the file cannot be written.
template <class State, class Calc>
void save_checkpoint(const std::string& path, const State& st, const Calc& calc) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw error(path + ": cannot write checkpoint (" + tmp + " cannot be created)");
    detail::checkpoint_writer w(out);
    w.bytes(detail::checkpoint_magic, sizeof detail::checkpoint_magic);
    std::uint32_t version = detail::checkpoint_version;
    std::string tag = detail::checkpoint_tag<State>();
    periodic_box ref_box = calc.neighbors().reference_box();
    Eigen::Matrix3Xd ref_x = calc.neighbors().reference_positions();
    w(version, tag, const_cast<State&>(st), ref_box, ref_x);
    out.flush();
    if (!out) throw error(path + ": cannot write checkpoint (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw error(path + ": cannot write checkpoint (" + ec.message() + ")");
}

/// Reads `path` into `st` (which must be of the type that was saved) and rebuilds the
/// calculator's neighbour list as it was. Throws pelkit::error naming the file if it is missing,
/// truncated, not a checkpoint, of another format version or of another state type.
template <class State, class Calc>
void load_checkpoint(const std::string& path, State& st, Calc& calc) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (ec || !in) throw error(path + ": cannot open checkpoint");
  detail::checkpoint_reader r(in, path, size);
  char magic[8];
  r.bytes(magic, sizeof magic);
  if (!std::equal(magic, magic + 8, detail::checkpoint_magic)) r.fail("wrong magic (not a checkpoint file)");
  std::uint32_t version = 0;
  r(version);
  if (version != detail::checkpoint_version)
    r.fail("format version " + std::to_string(version) + ", this pelkit reads version " +
           std::to_string(detail::checkpoint_version));
  std::string tag;
  r(tag);
  if (tag != detail::checkpoint_tag<State>())
    r.fail("it holds another kind of run (state type " + tag + ", expected " + detail::checkpoint_tag<State>() + ")");
  State loaded;
  periodic_box ref_box;
  Eigen::Matrix3Xd ref_x;
  r(loaded, ref_box, ref_x);
  if (std::uintmax_t(in.tellg()) != size) r.fail("trailing bytes after the state");
  if constexpr (requires { loaded.system; }) validate(loaded.system, path);
  if (ref_x.cols() > 0) calc.rebuild_neighbors(ref_box, ref_x);
  st = std::move(loaded);
}

}  // namespace pelkit
