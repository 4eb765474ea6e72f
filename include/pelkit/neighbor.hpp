// pelkit/neighbor.hpp — every header of pelkit/neighbor/: neighbour lists.
// An umbrella header; tests/headers checks that it lists the whole folder.
#pragma once
#include <pelkit/neighbor/verlet_list.hpp>
