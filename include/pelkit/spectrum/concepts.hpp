// pelkit/spectrum/concepts.hpp — the `spectrum_metric` concept: a distance between the
// activation-energy spectra of two samples, to map how differently samples relax (the seed's
// δ_ij contour maps) against their structural descriptors.
//
//   pelkit::delta_metric delta;                       // or wasserstein1_metric, kolmogorov_smirnov_metric
//   double d = delta.distance(p_i, p_j);              // in delta.unit()
//   Eigen::MatrixXd D = pelkit::distance_matrix(delta, spectra);
//
// A metric is symmetric, zero for identical spectra and never negative.
//
// Satisfied by: pelkit::delta_metric, pelkit::wasserstein1_metric,
// pelkit::kolmogorov_smirnov_metric (pelkit/spectrum/metrics.hpp).
#pragma once
#include <pelkit/spectrum/spectrum.hpp>

#include <concepts>
#include <string>

namespace pelkit {

template <class M>
concept spectrum_metric = requires(const M& m, const activation_spectrum& a, const activation_spectrum& b) {
  { m.name() } -> std::convertible_to<std::string>;  ///< e.g. "delta"
  { m.unit() } -> std::convertible_to<std::string>;  ///< e.g. "1/eV", "eV", ""
  { m.distance(a, b) } -> std::convertible_to<double>;
};

}  // namespace pelkit
