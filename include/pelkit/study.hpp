// pelkit/study.hpp — every header of pelkit/study/: statistics for the study.
// An umbrella header; tests/headers checks that it lists the whole folder.
#pragma once
#include <pelkit/study/statistics.hpp>
#include <pelkit/study/thin_plate_spline.hpp>
