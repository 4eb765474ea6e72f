// pelkit/descriptor/concepts.hpp — the `descriptor` concept.
//
// A structural descriptor computes, from a configuration, named per-atom columns and named
// sample-level quantities, each with its unit, so that any descriptor can be written to JSON or
// CSV and correlated with any other without knowing what it is.
//
// Satisfied by: pelkit::voronoi_analysis, pelkit::radial_distribution, pelkit::two_body_entropy,
// pelkit::density_descriptor.
#pragma once
#include <pelkit/core/system.hpp>

#include <Eigen/Core>
#include <concepts>
#include <string>
#include <vector>

namespace pelkit {

/// One per-atom column, in the system's atom order.
struct descriptor_column {
  std::string name;  ///< e.g. "voronoi_volume"
  std::string unit;  ///< e.g. "A^3", "" for dimensionless
  Eigen::VectorXd values;
};

/// One sample-level number.
struct descriptor_quantity {
  std::string name;  ///< e.g. "f_ico"
  std::string unit;
  double value;
};

template <class R>
concept descriptor_result = requires(const R& r) {
  { r.columns() } -> std::convertible_to<std::vector<descriptor_column>>;
  { r.summary() } -> std::convertible_to<std::vector<descriptor_quantity>>;
};

template <class D>
concept descriptor = requires(const D& d, const system& s) {
  { d.name() } -> std::convertible_to<std::string>;
  { d.compute(s) } -> descriptor_result;
};

}  // namespace pelkit
