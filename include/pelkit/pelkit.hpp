// pelkit/pelkit.hpp — the whole library: every component's umbrella header (pelkit/<component>.hpp).
// The Voronoi descriptors come with the pelkit::voronoi target (PELKIT_HAVE_VORONOI).
#pragma once
#include <pelkit/core.hpp>
#include <pelkit/descriptor.hpp>
#include <pelkit/dynamics.hpp>
#include <pelkit/elastic.hpp>
#include <pelkit/hessian.hpp>
#include <pelkit/io.hpp>
#include <pelkit/minimize.hpp>
#include <pelkit/neighbor.hpp>
#include <pelkit/potential.hpp>
#include <pelkit/protocol.hpp>
#include <pelkit/saddle.hpp>
#include <pelkit/spectrum.hpp>
#include <pelkit/study.hpp>
