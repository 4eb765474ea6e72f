// pelkit/protocol.hpp — every header of pelkit/protocol/: preparation protocols (quench).
// An umbrella header; tests/headers checks that it lists the whole folder.
#pragma once
#include <pelkit/protocol/quench.hpp>
