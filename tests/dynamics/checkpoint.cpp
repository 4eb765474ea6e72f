// Checkpoint/resume: a resumed run continues bit for bit (NPT with chains, Bussi and Langevin
// with their random streams), and damaged or mismatched checkpoint files give clear errors.
#include <pelkit/dynamics/bussi.hpp>
#include <pelkit/dynamics/checkpoint.hpp>
#include <pelkit/dynamics/langevin.hpp>
#include <pelkit/dynamics/mtk_barostat.hpp>
#include <pelkit/io/lammps_data.hpp>
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/eam.hpp>

#include <filesystem>
#include <fstream>

#include "../support.hpp"

using namespace pelkit;
namespace fs = std::filesystem;

namespace {

using pelkit::testing::cuzr;

pelkit::system hot_glass() {
  pelkit::system s = read_lammps_data(std::string(PELKIT_TEST_DATA) + "/cu50zr50_glass_500.data");
  initialize_velocities(s, 1500, 11);
  return s;
}

/// Runs 2n steps straight, and n steps + checkpoint + (fresh calculator and state) + n steps;
/// the two end states must be identical to the last bit.
template <class MD>
void check_resume(const MD& md, const std::string& what) {
  CAPTURE(what);
  const long n = 60;
  const double skin = 0.3;  // Å: small, so the list is rebuilt several times on both sides
  const pelkit::system start = hot_glass();
  auto calc_a = calculator(eam::from_file(cuzr), skin);
  auto a = md.init(start, calc_a);
  md.run(a, calc_a, 2 * n);

  testing::temp_dir dir;
  const std::string file = dir.file("run.ckpt");
  long builds_before = 0;
  {
    auto calc_b = calculator(eam::from_file(cuzr), skin);
    auto b = md.init(start, calc_b);
    md.run(b, calc_b, n);
    builds_before = calc_b.neighbors().builds();
    save_checkpoint(file, b, calc_b);
  }
  auto calc_c = calculator(eam::from_file(cuzr), skin);
  auto c = md.init(hot_glass(), calc_c);  // any state of the right type
  load_checkpoint(file, c, calc_c);
  CHECK(c.step == n);
  md.run(c, calc_c, n);
  CHECK(builds_before > 1);
  CHECK(c.step == a.step);
  CHECK(c.time == a.time);
  CHECK((c.system.positions.array() == a.system.positions.array()).all());
  CHECK((c.system.velocities->array() == a.system.velocities->array()).all());
  CHECK(c.system.box.h() == a.system.box.h());
  CHECK(conserved_energy(c) == conserved_energy(a));
  CHECK(c.evaluation.energy == a.evaluation.energy);
}

}  // namespace

TEST_CASE("a resumed MD run continues bit for bit") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  check_resume(npt(0.002, 1500.0, 1.0, 0.1, 0.5), "NPT iso");
  check_resume(npt(0.002, cooling_schedule(1500, 1000, 1e14), 0.0, 0.1, 0.5, coupling::triclinic), "NPT tri, ramp");
  check_resume(velocity_verlet(0.002, bussi(1500.0, 0.1, 5)), "NVT Bussi");
  check_resume(velocity_verlet(0.002, langevin(1500.0, 0.1, 5)), "NVT Langevin");
}

TEST_CASE("damaged, foreign and mismatched checkpoints are rejected clearly") {
  if (!fs::exists(cuzr)) {
    MESSAGE("skipped: " << cuzr << " not found");
    return;
  }
  testing::temp_dir dir;
  auto calc = calculator(eam::from_file(cuzr));
  const auto md = npt(0.002, 1500.0, 0.0, 0.1, 0.5);
  auto st = md.init(hot_glass(), calc);
  md.run(st, calc, 3);
  const std::string file = dir.file("run.ckpt");
  save_checkpoint(file, st, calc);
  CHECK(!fs::exists(file + ".tmp"));

  auto other = md.init(hot_glass(), calc);
  CHECK_ERROR(load_checkpoint(dir.file("missing.ckpt"), other, calc), "missing.ckpt", "cannot open");

  const auto size = fs::file_size(file);
  fs::copy_file(file, dir.file("cut.ckpt"));
  fs::resize_file(dir.file("cut.ckpt"), size / 2);
  CHECK_ERROR(load_checkpoint(dir.file("cut.ckpt"), other, calc), "cut.ckpt", "truncated");

  {
    std::ofstream(dir.file("text.ckpt")) << "not a checkpoint at all\n";
  }
  CHECK_ERROR(load_checkpoint(dir.file("text.ckpt"), other, calc), "text.ckpt", "magic");

  const auto nvt = velocity_verlet(0.002, bussi(1500.0, 0.1));
  auto nvt_state = nvt.init(hot_glass(), calc);
  CHECK_ERROR(load_checkpoint(file, nvt_state, calc), "run.ckpt", "another kind of run");

  CHECK_ERROR(save_checkpoint(dir.file("no/such/dir/run.ckpt"), st, calc), "no/such/dir/run.ckpt", "cannot write");

  load_checkpoint(file, other, calc);  // the intact file still loads
  CHECK(other.step == 3);
  CHECK((other.system.positions.array() == st.system.positions.array()).all());
}
