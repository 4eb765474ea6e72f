// pelkit/minimize.hpp — every header of pelkit/minimize/: minimisers (L-BFGS, CG, FIRE 2.0) and the cell filter.
// An umbrella header; tests/headers checks that it lists the whole folder.
#pragma once
#include <pelkit/minimize/cell_filter.hpp>
#include <pelkit/minimize/concepts.hpp>
#include <pelkit/minimize/conjugate_gradient.hpp>
#include <pelkit/minimize/fire.hpp>
#include <pelkit/minimize/lbfgs.hpp>
#include <pelkit/minimize/lbfgs_memory.hpp>
#include <pelkit/minimize/line_search.hpp>
#include <pelkit/minimize/result.hpp>
