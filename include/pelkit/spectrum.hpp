// pelkit/spectrum.hpp — every header of pelkit/spectrum/: event filters, activation-energy spectra and their metrics.
// An umbrella header; tests/headers checks that it lists the whole folder.
#pragma once
#include <pelkit/spectrum/concepts.hpp>
#include <pelkit/spectrum/filter.hpp>
#include <pelkit/spectrum/metrics.hpp>
#include <pelkit/spectrum/spectrum.hpp>
