// pelkit/descriptor.hpp — every header of pelkit/descriptor/: structural descriptors (density, RDF, s2, Ψ, Voronoi).
// An umbrella header; tests/headers checks that it lists the whole folder.
#pragma once
#include <pelkit/descriptor/concepts.hpp>
#include <pelkit/descriptor/density.hpp>
#include <pelkit/descriptor/radial_distribution.hpp>
#include <pelkit/descriptor/soft_mode.hpp>
#include <pelkit/descriptor/two_body_entropy.hpp>
#if defined(PELKIT_HAVE_VORONOI)  // the pelkit::voronoi component (voro++)
#include <pelkit/descriptor/voronoi.hpp>
#endif
