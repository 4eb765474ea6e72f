// pelkit/saddle.hpp — every header of pelkit/saddle/: saddle searches (ART nouveau, dimer, NEB) and campaigns.
// An umbrella header; tests/headers checks that it lists the whole folder.
#pragma once
#include <pelkit/saddle/art_nouveau.hpp>
#include <pelkit/saddle/campaign.hpp>
#include <pelkit/saddle/concepts.hpp>
#include <pelkit/saddle/dimer.hpp>
#include <pelkit/saddle/event.hpp>
#include <pelkit/saddle/lanczos.hpp>
#include <pelkit/saddle/neb.hpp>
#include <pelkit/saddle/perturbation.hpp>
#include <pelkit/saddle/region.hpp>
