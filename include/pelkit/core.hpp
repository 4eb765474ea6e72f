// pelkit/core.hpp — every header of pelkit/core/: box, system, elements, units, errors, progress, threads.
// An umbrella header; tests/headers checks that it lists the whole folder.
#pragma once
#include <pelkit/core/box.hpp>
#include <pelkit/core/elements.hpp>
#include <pelkit/core/error.hpp>
#include <pelkit/core/parallel.hpp>
#include <pelkit/core/progress.hpp>
#include <pelkit/core/system.hpp>
#include <pelkit/core/units.hpp>
