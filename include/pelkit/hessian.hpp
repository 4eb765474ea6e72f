// pelkit/hessian.hpp — every header of pelkit/hessian/: the Hessian and its products.
// An umbrella header; tests/headers checks that it lists the whole folder.
#pragma once
#include <pelkit/hessian/concepts.hpp>
#include <pelkit/hessian/hessian.hpp>
#include <pelkit/hessian/pseudo_inverse.hpp>
#include <pelkit/hessian/terms.hpp>
