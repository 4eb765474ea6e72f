// pelkit/elastic.hpp — every header of pelkit/elastic/: elastic constants and the shear modulus.
// An umbrella header; tests/headers checks that it lists the whole folder.
#pragma once
#include <pelkit/elastic/elastic.hpp>
