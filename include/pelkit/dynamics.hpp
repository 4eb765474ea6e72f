// pelkit/dynamics.hpp — every header of pelkit/dynamics/: integrators, thermostats, barostat, checkpoints.
// An umbrella header; tests/headers checks that it lists the whole folder.
#pragma once
#include <pelkit/dynamics/bussi.hpp>
#include <pelkit/dynamics/checkpoint.hpp>
#include <pelkit/dynamics/concepts.hpp>
#include <pelkit/dynamics/langevin.hpp>
#include <pelkit/dynamics/mtk_barostat.hpp>
#include <pelkit/dynamics/nose_hoover_chain.hpp>
#include <pelkit/dynamics/observers.hpp>
#include <pelkit/dynamics/schedule.hpp>
#include <pelkit/dynamics/velocities.hpp>
#include <pelkit/dynamics/velocity_verlet.hpp>
