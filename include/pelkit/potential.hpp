// pelkit/potential.hpp — every header of pelkit/potential/: potentials (EAM, pair) and calculators.
// An umbrella header; tests/headers checks that it lists the whole folder.
#pragma once
#include <pelkit/potential/calculator.hpp>
#include <pelkit/potential/concepts.hpp>
#include <pelkit/potential/eam.hpp>
#include <pelkit/potential/eam_file.hpp>
#include <pelkit/potential/eam_tables.hpp>
#include <pelkit/potential/evaluation.hpp>
#include <pelkit/potential/force_provider.hpp>
#include <pelkit/potential/lennard_jones.hpp>
#include <pelkit/potential/local_calculator.hpp>
#include <pelkit/potential/pair.hpp>
